//! The three lines a consumer writes, and what they give.

use std::collections::BTreeMap;
use std::process::Command;

/// One test per documented example, each passing the parsed event to the
/// handler. These are the tests a user gets.
mod handler {
    generated::github_example_tests!(consumer_tests::handle);
}

/// The same tests over a handler that fails on `issues`. Ignored so the
/// suite stays green; `only_the_failing_event_fails` runs them on purpose.
mod refusing {
    generated::github_example_tests!(
        consumer_tests::refuse_issues,
        #[ignore = "run by only_the_failing_event_fails"]
    );
}

/// Runs this test binary again on the ignored `refusing::` tests and reads
/// each test's verdict from the harness output.
#[test]
fn only_the_failing_event_fails() {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let output = Command::new(exe)
        .args(["--ignored", "refusing::", "--test-threads=1"])
        .output()
        .expect("the test binary runs again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let verdicts: BTreeMap<&str, &str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test refusing::"))
        .filter_map(|rest| rest.split_once(" ... "))
        .collect();
    assert!(!output.status.success(), "some tests must fail:\n{stdout}");
    assert_eq!(
        verdicts.len(),
        generated::github::examples().len(),
        "{stdout}"
    );
    let issues = generated::github::examples()
        .iter()
        .filter(|e| e.event == "issues")
        .count();
    assert!(issues >= 2, "the docs have several issues examples");
    let failed: Vec<&str> = verdicts
        .iter()
        .filter(|(_, verdict)| **verdict == "FAILED")
        .map(|(name, _)| *name)
        .collect();
    assert_eq!(
        failed.len(),
        issues,
        "exactly the issues tests fail: {failed:?}"
    );
    for name in &failed {
        assert!(name.starts_with("issues_"), "{name} should not fail");
    }
    assert!(
        verdicts.values().all(|v| *v == "FAILED" || *v == "ok"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "the handler failed on the documented issues (opened) example: Refused(\"issues\")"
        ),
        "the failure names the example and the handler's error:\n{stdout}"
    );
}

#[test]
fn examples_cover_every_payload_file_in_order() {
    let examples = generated::github::examples();
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/payloads/github");
    let files = std::fs::read_dir(&dir).expect("payloads").count();
    assert_eq!(examples.len(), files);
    let names = generated::github::event_names();
    let order: Vec<usize> = examples
        .iter()
        .map(|e| {
            names
                .iter()
                .position(|n| *n == e.event)
                .expect("a documented event")
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "grouped by event in docs order"
    );
    let opened: Vec<_> = examples
        .iter()
        .filter(|e| e.event == "issues")
        .map(|e| e.action)
        .collect();
    assert!(opened.contains(&Some("opened")));
}

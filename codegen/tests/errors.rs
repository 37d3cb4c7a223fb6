//! The library's public error types as the Rust API guidelines ask:
//! `Error` with a lowercase message without trailing punctuation
//! (C-GOOD-ERR), `Send + Sync` (C-SEND-SYNC), `Debug` (C-DEBUG); and a
//! failed run propagates with `?` into `Box<dyn Error>`.

use std::error::Error;
use std::fmt::{Debug, Display};
use std::path::Path;

use codegen::diff::DiffError;
use codegen::rust::BackendError;
use codegen::{BuildError, Builder, Failure, FailureKind};
use static_assertions::assert_impl_all;

assert_impl_all!(Failure: Error, Display, Debug, Send, Sync);
assert_impl_all!(BuildError: Error, Display, Debug, Send, Sync);
assert_impl_all!(BackendError: Error, Display, Debug, Send, Sync);
assert_impl_all!(DiffError: Error, Display, Debug, Send, Sync);
assert_impl_all!(FailureKind: Debug, Send, Sync);
assert_impl_all!(codegen::BuildErrorKind: Debug, Send, Sync);

/// C-GOOD-ERR: starts lowercase, does not end in punctuation.
fn assert_good_message(err: &dyn Error) {
    let text = err.to_string();
    assert!(
        text.starts_with(|c: char| !c.is_uppercase()),
        "starts uppercase: {text}"
    );
    assert!(
        !text.ends_with(['.', '!', '?', ';', ':']),
        "ends in punctuation: {text}"
    );
    assert!(!text.contains('\u{1b}'), "colour codes: {text:?}");
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/malformed")
        .join(name)
}

/// What users write: `generate()?` in a function returning `Box<dyn Error>`
/// (warnings denied, as a team checking its own docs in CI would).
fn schema_count(docs: &Path) -> Result<usize, Box<dyn Error>> {
    let generated = Builder::new().docs(docs).deny_warnings(true).generate()?;
    Ok(generated.schemas.len())
}

#[test]
fn a_failure_propagates_with_question_mark_as_the_rendered_diagnostics() {
    let docs_input = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    assert!(schema_count(&docs_input).unwrap() > 0);

    let docs = fixture("include_cycle");
    let err = schema_count(&docs).unwrap_err();
    let failure = err.downcast_ref::<Failure>().expect("a Failure");
    assert_eq!(failure.kind, FailureKind::Docs);
    let text = err.to_string();
    assert_eq!(text, failure.rendered().trim_end());
    assert!(text.contains("warning: include cycle"), "{text}");
    assert!(
        text.contains("error: 1 warning(s), and warnings are denied"),
        "{text}"
    );
    // rustc-style: the place, then the line it points at.
    assert!(text.contains("b.md:1:20"), "{text}");
    assert!(text.contains(" │ "), "{text}");
    assert_good_message(&*err);
    assert!(err.source().is_none());
}

#[test]
fn every_error_type_has_a_good_message() {
    let usage = Builder::new()
        .docs("/nonexistent/docs")
        .generate()
        .unwrap_err();
    assert_eq!(usage.kind, FailureKind::Usage);
    assert_eq!(
        usage.to_string(),
        "error: docs path `/nonexistent/docs` does not exist"
    );
    assert_good_message(&usage);

    let bad_name = Builder::new()
        .docs(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input"))
        .crate_name("my crate")
        .generate()
        .unwrap_err();
    assert_eq!(bad_name.kind, FailureKind::Usage);
    assert!(bad_name
        .to_string()
        .contains("`my crate` is not a crate name"));
    assert_good_message(&bad_name);

    let dir = tempfile::tempdir().unwrap();
    let build = Builder::new()
        .docs(fixture("include_cycle"))
        .deny_warnings(true)
        .emit_rerun_if_changed(false)
        .write_to(dir.path())
        .unwrap_err();
    assert_good_message(&build);
    assert!(
        build.to_string().contains("warning: include cycle"),
        "{build}"
    );

    let backend = BackendError {
        path: "src/lib.rs".to_string(),
        message: "expected identifier".to_string(),
    };
    assert_good_message(&backend);
    assert!(backend.to_string().contains("src/lib.rs"));

    let diff = codegen::diff::diff_dirs(Path::new("/nonexistent/old"), dir.path()).unwrap_err();
    assert_good_message(&diff);
    assert!(diff.to_string().contains("/nonexistent/old"), "{diff}");
}

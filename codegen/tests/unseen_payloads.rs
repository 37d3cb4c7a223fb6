//! The committed crate (`generated/`, made from our own `docs-input/`) against
//! real payloads it was not made from: every example payload of every product
//! version in the corpus. Events our docs describe must parse typed, events
//! they do not must come back as `Event::Unknown`; both must serialize back to
//! the same JSON.

mod common;

#[test]
fn corpus_payloads_of_every_version_parse_typed_and_lossless() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let root = corpus.join("lib/webhooks/static");
    let known = generated::github::event_names();
    let (mut typed, mut unknown, mut failures) = (0, 0, Vec::new());
    let mut versions: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    versions.sort();
    for dir in versions {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".payload.json"))
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let event = name.split('.').next().unwrap();
            let body = std::fs::read(&file).unwrap();
            let label = format!("{}/{name}", dir.file_name().unwrap().to_string_lossy());
            let parsed = match generated::github::parse(event, &body) {
                Ok(parsed) => parsed,
                Err(err) => {
                    failures.push(format!("{label}: {err}"));
                    continue;
                }
            };
            if parsed.is_unknown() == known.contains(&event) {
                failures.push(format!("{label}: typed is {}", !parsed.is_unknown()));
                continue;
            }
            let back = serde_json::to_value(&parsed).unwrap();
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            if back != json {
                failures.push(format!("{label}: the round trip changed the JSON"));
                continue;
            }
            if parsed.is_unknown() {
                unknown += 1;
            } else {
                typed += 1;
            }
        }
    }
    eprintln!(
        "{typed} typed, {unknown} unknown, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(typed > 300, "only {typed} payloads were typed");
}

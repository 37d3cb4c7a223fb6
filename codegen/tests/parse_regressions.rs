//! Inputs that the `parse` fuzz target (fuzz/fuzz_targets/parse.rs) found
//! breaking the generated crate's promises, kept as regression tests.

/// Serializing, parsing that and serializing again gives the same bytes.
fn assert_fixed_point(event: &str, body: &[u8]) {
    let parsed = generated::github::parse(event, body).expect("the input parses");
    let once = serde_json::to_string(&parsed).unwrap();
    let again = generated::github::parse(event, once.as_bytes()).expect("own output parses");
    let twice = serde_json::to_string(&again).unwrap();
    assert_eq!(once, twice, "{event}: {}", String::from_utf8_lossy(body));
}

/// 81 digits: serde_json without `float_roundtrip` reads
/// `8.88888888888889e+83`, its own output, back as `8.888888888888891e+83`.
const LONG_FLOAT: &str =
    "888888888888888888888888888888888888888888888888888888888888888888888888888888883";

#[test]
fn long_float_in_an_unknown_event_round_trips() {
    assert_fixed_point("fuzz_unknown_event", LONG_FLOAT.as_bytes());
}

#[test]
fn long_float_in_an_extra_key_round_trips() {
    let body = format!(
        r#"{{"action":"opened","issue":{{"number":1,"title":"t"}},"repository":{{}},"sender":{{"login":"u","id":1}},"undocumented":{LONG_FLOAT}}}"#
    );
    assert_fixed_point("issues", body.as_bytes());
}

#[test]
fn generated_crate_reads_floats_exactly() {
    let read = |path: &str| {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .unwrap()
    };
    // The workspace may unify the feature in from elsewhere; a standalone
    // build gets only what the manifests ask for. The runtime parses, and
    // every generated crate (and every crate including a build script's
    // module) depends on it.
    let runtime = read("../runtime/Cargo.toml");
    assert!(
        runtime
            .lines()
            .any(|l| l.starts_with("serde_json = ") && l.contains(r#""float_roundtrip""#)),
        "{runtime}"
    );
    let generated = read("../generated/Cargo.toml");
    assert!(generated.contains("\nwebhook-runtime = "), "{generated}");
}

/// Bodies are checked for UTF-8 once up front and then read as text; one
/// that is not UTF-8 still fails where serde_json finds the bad byte.
#[test]
fn invalid_utf8_is_an_error_at_its_position() {
    let body = b"{\"action\":\"op\xffened\"}";
    let plain = serde_json::from_slice::<serde_json::Value>(body).unwrap_err();
    for event in ["issues", "fuzz_unknown_event"] {
        let err = generated::github::parse(event, body).unwrap_err();
        let json = err.json_error();
        assert_eq!((json.line(), json.column()), (1, 14), "{err}");
        assert_eq!((json.line(), json.column()), (plain.line(), plain.column()));
        assert!(err.to_string().contains("invalid unicode"), "{err}");
    }
}

#[test]
fn utf8_text_reads_the_same_as_bytes() {
    let body = "{\"action\":\"opened\",\"issue\":{\"number\":1,\"title\":\"caf\u{e9} \u{1F600}\"},\
         \"repository\":{},\"sender\":{\"login\":\"u\",\"id\":1},\"x\":\"\u{e9}\"}";
    let parsed = generated::github::parse("issues", body.as_bytes()).unwrap();
    let json = serde_json::to_value(&parsed).unwrap();
    assert_eq!(
        json,
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );
}

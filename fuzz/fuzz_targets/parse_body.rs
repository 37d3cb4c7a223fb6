//! Fuzzes `parse_body` of a provider whose bodies name their event (the
//! generated `licensing` module, whose name is at `event`): whatever the
//! bytes, it must read the body as reading the name first and then
//! `parse` does, to the same event or the same error. `parse_body` reads
//! the name ahead, back from the end, or by holding keys; the two passes
//! are the reference.
#![no_main]

use generated::licensing::{event_name_of, parse, parse_body};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let one = parse_body(body);
    let two = parse(&event_name_of(body).unwrap_or_default(), body);
    match (one, two) {
        (Ok(one), Ok(two)) => assert_eq!(one, two),
        (Err(one), Err(two)) => {
            assert_eq!(one.to_string(), two.to_string());
            assert_eq!(one.path(), two.path());
        }
        (one, two) => panic!("parse_body gave {one:?}, the two passes {two:?}"),
    }
});

//! Fuzzes the generated crate's `parse(event, body)`: any event name and any
//! bytes must give `Ok` or `Err`, never a panic, a stack overflow or a hang.
//!
//! The first byte picks the event name: index into
//! `generated::github::event_names()`, and one past the end (or more) is a name no
//! docs define, so the untyped path is fuzzed too. The rest is the body.
//!
//! A body that parses must also reach a fixed point: serializing it, parsing
//! that and serializing again gives the same JSON. The crate promises
//! round-trips (null tracking, extras); a value that cannot be written back
//! the way it was read is a bug even when nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let names = generated::github::event_names();
    let event = names
        .get(usize::from(pick))
        .copied()
        .unwrap_or("fuzz_unknown_event");
    let Ok(parsed) = generated::github::parse(event, body) else {
        return;
    };
    let once = serde_json::to_vec(&parsed).expect("a parsed event serializes");
    let again = generated::github::parse(event, &once)
        .unwrap_or_else(|err| panic!("{event}: own output does not parse: {err}"));
    let twice = serde_json::to_vec(&again).expect("a parsed event serializes");
    assert_eq!(
        String::from_utf8_lossy(&once),
        String::from_utf8_lossy(&twice),
        "{event}: serializing is not a fixed point"
    );
});

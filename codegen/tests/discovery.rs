//! Events found from the example deliveries themselves, on pages whose
//! headings do not name them: each rule with a page of its own, made up for
//! the test. What was read (events, their examples, where the name
//! travels) and the diagnostics are insta snapshots.

use codegen::ir::{HmacAlgorithm, SignatureScheme};
use codegen::{Builder, Generated};

/// Writes `files` under a temporary docs directory and generates from it.
fn generate(files: &[(&str, &str)]) -> (Generated, String) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    for (path, text) in files {
        let path = docs.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let g = Builder::new()
        .docs(&docs)
        .generate()
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let diags =
        codegen::diag::render_short(&g.diagnostics).replace(&docs.display().to_string(), "[DOCS]");
    (g, diags)
}

/// The diagnostics, then per provider where the name travels, and each
/// event with its other spellings, actions and examples as compact JSON.
fn report(g: &Generated, diags: &str) -> String {
    let mut out = String::from(diags);
    for p in &g.docs.providers {
        out.push_str(&format!("provider {}", p.name));
        if !p.name_in_body.is_empty() {
            let paths: Vec<String> = p.name_in_body.iter().map(|k| k.join(".")).collect();
            out.push_str(&format!(" (name in body: {})", paths.join(", ")));
        }
        if let Some(batch) = &p.batch {
            out.push_str(&format!(
                " (batch: `{}`, {} deliveries)",
                batch.path.join("."),
                batch.examples.len()
            ));
        }
        out.push('\n');
        for e in &p.events {
            out.push_str(&format!("  {}", e.name));
            if !e.spellings.is_empty() {
                out.push_str(&format!(" (also {})", e.spellings.join(", ")));
            }
            if !e.actions.is_empty() {
                let actions: Vec<&str> = e.actions.iter().map(|a| a.name.as_str()).collect();
                out.push_str(&format!(" [{}]", actions.join(", ")));
            }
            out.push('\n');
            for ex in &e.examples {
                out.push_str(&format!("    {}\n", ex.value));
            }
            if e.examples.is_empty() {
                let root = p.types.object(e.payload);
                let fields: Vec<String> = root
                    .fields
                    .iter()
                    .map(|f| format!("{}: {:?}", f.name, f.ty))
                    .collect();
                out.push_str(&format!("    (no example; fields {})\n", fields.join(", ")));
            }
        }
    }
    out
}

fn snapshot(name: &str, files: &[(&str, &str)]) -> Generated {
    let (g, diags) = generate(files);
    insta::assert_snapshot!(name, report(&g, &diags));
    g
}

fn names(g: &Generated) -> Vec<&str> {
    g.docs
        .providers
        .iter()
        .flat_map(|p| p.events.iter().map(|e| e.name.as_str()))
        .collect()
}

#[test]
fn a_name_field_whose_values_differ() {
    // No heading names an event: each delivery's `kind` does.
    let g = snapshot(
        "values_differ",
        &[(
            "hooks.md",
            "# Acme webhooks\n\n## Payloads\n\nWhen an order is made:\n\n```json\n{\"kind\": \"order.created\", \"id\": 1, \"total\": 5}\n```\n\n\
             When it is paid:\n\n```json\n{\"kind\": \"order.paid\", \"id\": 1, \"paid_at\": \"2024-01-02T03:04:05Z\"}\n```\n",
        )],
    );
    assert_eq!(names(&g), ["order.created", "order.paid"]);
}

#[test]
fn names_a_table_lists_are_events_with_the_envelope() {
    // One delivery; the table's column of names holds its name, so every
    // name there is an event, the others typed with the delivery's envelope.
    let g = snapshot(
        "names_table",
        &[(
            "hooks.md",
            "# Acme webhooks\n\n## Events\n\n| Event | Type |\n| --- | --- |\n| A build starts | `BUILD_STARTED` |\n| A build fails | `BUILD_FAILED` |\n| A build passes | `BUILD_PASSED` |\n\n\
             ## Payload format\n\n```json\n{\n\t\"type\": \"BUILD_STARTED\",\n\t\"at\": 1586922308,\n\t\"by\": \"ada\",\n\t\"build\": {\"id\": 7, \"tag\": \"image\"}\n}\n```\n",
        )],
    );
    assert_eq!(names(&g), ["BUILD_STARTED", "BUILD_FAILED", "BUILD_PASSED"]);
    let p = &g.docs.providers[0];
    assert_eq!(p.events[1].description, "A build fails");
}

#[test]
fn names_a_sentence_lists() {
    let g = snapshot(
        "names_sentence",
        &[(
            "hooks.md",
            "# Acme webhooks\n\nThe `event` field is the event that fired, one of `build:triggered`, `build:failed` or `build:passed`.\n\n\
             ## Example\n\n```json\n{\"event\": \"build:triggered\", \"build\": \"15\", \"url\": \"https://example.com/15\"}\n```\n",
        )],
    );
    assert_eq!(
        names(&g),
        ["build:triggered", "build:failed", "build:passed"]
    );
}

#[test]
fn a_name_one_level_down_in_an_envelope() {
    // The outer `type` is a number; the events are `event.type`.
    let g = snapshot(
        "envelope",
        &[(
            "hooks.md",
            "# Acme webhooks\n\n## What is sent\n\n```json\n{\"version\": 1, \"type\": 1, \"event\": {\"type\": \"MEMBER_JOINED\", \"data\": {\"id\": \"1\"}}}\n```\n\n\
             ```json\n{\"version\": 1, \"type\": 1, \"event\": {\"type\": \"MEMBER_LEFT\", \"data\": {\"id\": \"1\", \"image\": {\"type\": \"image\"}}}}\n```\n",
        )],
    );
    assert_eq!(names(&g), ["MEMBER_JOINED", "MEMBER_LEFT"]);
    assert_eq!(
        g.docs.providers[0].name_in_body,
        [vec!["event".to_string(), "type".to_string()]]
    );
}

#[test]
fn a_batch_the_page_describes() {
    // One delivery, one event in its array; the page says the array
    // carries several events, so each element names its own.
    let g = snapshot(
        "batch",
        &[(
            "hooks.md",
            "# Acme hooks\n\n## What is sent\n\nEvents are sent in the `data.items` array, so one request can carry multiple events.\n\n\
             ```json\n{\"eventType\": \"com.acme.hook\", \"id\": \"1\", \"data\": {\"items\": [{\"eventType\": \"user.login\", \"uuid\": \"u1\", \"actor\": {\"type\": \"User\", \"id\": \"a\"}}]}}\n```\n\n\
             ## The event object\n\n```json\n{\"eventType\": \"user.logout\", \"uuid\": \"u2\", \"actor\": {\"type\": \"User\", \"id\": \"a\"}}\n```\n",
        )],
    );
    assert_eq!(names(&g), ["user.login", "user.logout"]);
    let p = &g.docs.providers[0];
    let batch = p.batch.as_ref().expect("a batch");
    assert_eq!(batch.path, ["data", "items"]);
    assert_eq!(p.name_in_body, [vec!["eventType".to_string()]]);
    let rust: String = g
        .crate_files
        .iter()
        .filter(|(path, _)| path.ends_with("mod.rs"))
        .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
        .collect();
    assert!(
        rust.contains("pub type Batch = ::webhook_runtime::Batch<Event>;"),
        "{rust}"
    );
    assert!(rust.contains("const PATH: &'static [&'static str] = &[\"data\", \"items\"];"));
}

#[test]
fn one_event_in_two_payload_formats() {
    // Under each heading, a native body and a CloudEvents one, each
    // spelling the event its own way in `type`.
    let native = |t: &str| {
        format!("*Native*\n\n```json\n{{\"type\": \"{t}\", \"occur_at\": 1, \"event_data\": {{\"n\": 1}}}}\n```\n\n")
    };
    let cloud = |t: &str| {
        format!("*CloudEvents*\n\n```json\n{{\"specversion\": \"1.0\", \"id\": \"x\", \"source\": \"/p\", \"type\": \"{t}\", \"time\": \"t\", \"data\": {{\"n\": 1}}}}\n```\n\n")
    };
    let page = format!(
        "# Acme webhooks\n\n| Event | Type |\n|---|---|\n| Pushed | `PUSHED` |\n| Pulled | `PULLED` |\n\n### Image pushed\n\n{}{}### Image pulled\n\n{}{}",
        native("PUSHED"),
        cloud("acme.pushed"),
        native("PULLED"),
        cloud("acme.pulled")
    );
    let g = snapshot("spellings", &[("hooks.md", &page)]);
    assert_eq!(names(&g), ["PUSHED", "PULLED"]);
    assert_eq!(g.docs.providers[0].events[0].spellings, ["acme.pushed"]);
    let schema = &g
        .schemas
        .iter()
        .find(|(p, _)| p.ends_with("PUSHED.schema.json"))
        .unwrap()
        .1;
    assert!(
        schema.contains("\"x-event-spellings\": [\n    \"acme.pushed\"\n  ]"),
        "{schema}"
    );
}

#[test]
fn a_sibling_action_splits_each_event() {
    let g = snapshot(
        "actions",
        &[(
            "hooks.md",
            "# Acme webhooks\n\n## Issue\n\n### Create\n\n```json\n{\"action\": \"create\", \"type\": \"Issue\", \"data\": {\"id\": 1}}\n```\n\n### Remove\n\n```json\n{\"action\": \"remove\", \"type\": \"Issue\", \"data\": {\"id\": 1}}\n```\n\n\
             ## Comment\n\n### Create\n\n```json\n{\"action\": \"create\", \"type\": \"Comment\", \"data\": {\"id\": 2}}\n```\n",
        )],
    );
    assert_eq!(names(&g), ["Issue", "Comment"]);
    let actions: Vec<&str> = g.docs.providers[0].events[0]
        .actions
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(actions, ["create", "remove"]);
}

#[test]
fn blocks_that_are_not_deliveries() {
    // A chat template, a legacy body, an API response, a shell session, a
    // member fragment and a chat message as text in JSON fences: each
    // skipped with a note.
    let (g, diags) = generate(&[(
        "hooks.md",
        "# Acme webhooks\n\n## Default payload\n\n```json\n{\"event\": \"job.done\", \"job\": \"1\"}\n```\n\n```json\n{\"event\": \"job.failed\", \"job\": \"2\"}\n```\n\n\
         ## Chat message\n\n{% raw %}\n```json\n{\"text\": \"Job {{ job.id }} is {{ event }}\", \"blocks\": [{\"type\": \"section\"}]}\n```\n{% endraw %}\n\n\
         ## Legacy webhooks\n\nOld hooks send this:\n\n```json\n{\"name\": \"job\", \"state\": \"done\"}\n```\n\n\
         ## Managing hooks\n\nThe response to creating a hook:\n\n```json\n{\"id\": \"h1\", \"url\": \"https://example.com\"}\n```\n\n\
         ```json\ncurl -X POST https://api.example.com/hooks\n```\n\n\
         Add this to the body:\n\n```json\n\"extra\": {\"a\": 1}\n```\n\n\
         The message your chat channel shows looks like:\n\n```json\nJob events\nevent: job.done\njob: 1\n```\n",
    )]);
    insta::assert_snapshot!("not_deliveries", report(&g, &diags));
    assert_eq!(names(&g), ["job.done", "job.failed"]);
    assert!(
        !diags.contains("warning"),
        "the page is fine as published: {diags}"
    );
}

#[test]
fn a_delivery_quoted_inside_other_output() {
    // An echo server's reply holds the delivery as a JSON string, and a
    // log line holds another; the table names the events.
    let g = snapshot(
        "quoted",
        &[(
            "hooks.md",
            "# Acme push notifications\n\n## Events\n\n| Event Name | Object |\n|---|---|\n| ACCOUNT_CREATION | ACCOUNT |\n| CONFIG_CHANGE | TENANT |\n\n\
             ## Testing\n\nThe server logs:\n\n```bash\nINFO sending url='http://localhost/cb', body='{\"eventType\":\"CONFIG_CHANGE\",\"objectType\":\"TENANT\",\"objectId\":\"a1\"}', try='1'\n```\n\n\
             The listener answers:\n\n```bash\n{\n  \"path\": \"/cb\",\n  \"method\": \"POST\",\n  \"body\": \"{\\\"eventType\\\":\\\"CONFIG_CHANGE\\\",\\\"objectType\\\":\\\"TENANT\\\",\\\"objectId\\\":\\\"b2\\\"}\",\n  \"json\": {\"eventType\": \"CONFIG_CHANGE\", \"objectType\": \"TENANT\", \"objectId\": \"b2\"}\n}\n::1 - - [30/Jan/2023:06:57:07 +0000] \"POST /cb HTTP/1.1\" 200 984\n```\n",
        )],
    );
    assert_eq!(names(&g), ["ACCOUNT_CREATION", "CONFIG_CHANGE"]);
    assert_eq!(g.docs.providers[0].events[1].examples.len(), 2);
}

#[test]
fn names_and_fields_without_a_delivery() {
    // No example at all: a field list says which field is the event's
    // type, and a table's "Event Name" column lists the events.
    let g = snapshot(
        "no_delivery",
        &[
            (
                "format.md",
                "# Acme notifications\n\nEach event is posted with these fields:\n\n* `eventType`: type of event\n* `objectId`: id of the object\n",
            ),
            (
                "list.md",
                "# Acme events\n\n| Event Name | Condition |\n|---|---|\n| ACCOUNT_CREATION | An account is made |\n| INVOICE_PAID | An invoice is paid |\n",
            ),
        ],
    );
    assert_eq!(names(&g), ["ACCOUNT_CREATION", "INVOICE_PAID"]);
}

#[test]
fn names_a_catalog_beside_the_pages_lists() {
    // The page shows one batch delivery and says which catalog tag makes an
    // event type deliverable; the catalog is data (JSON), as a site's
    // component would render it.
    let g = snapshot(
        "catalog",
        &[
            (
                "hooks.md",
                "# Acme hooks\n\nTypes tagged `hookable` in the catalog can be sent. The `data.items` array holds multiple events.\n\n\
                 ## Sample delivery\n\n```json\n{\"eventType\": \"com.acme.hook\", \"data\": {\"items\": [{\"eventType\": \"user.login\", \"id\": \"1\"}]}}\n```\n",
            ),
            (
                "types.json",
                "{\"types\": [{\"id\": \"user.login\", \"tags\": [\"hookable\"], \"description\": \"A login.\"}, {\"id\": \"user.logout\", \"tags\": [\"hookable\"]}, {\"id\": \"user.audit\", \"tags\": []}]}",
            ),
        ],
    );
    assert_eq!(names(&g), ["user.login", "user.logout"]);
}

#[test]
fn names_listed_beside_sections() {
    // The sections name two events, whose examples carry their names in
    // `event.type`; the table lists a third with no section.
    let g = snapshot(
        "beside_sections",
        &[(
            "hooks.md",
            "# Acme webhooks\n\n## Event types\n\n| Name | Value |\n|---|---|\n| Joined | `MEMBER_JOINED` |\n| Left | `MEMBER_LEFT` |\n| Banned | `MEMBER_BANNED` |\n\n\
             ### Member joined\n\n```json\n{\"v\": 1, \"event\": {\"type\": \"MEMBER_JOINED\", \"at\": \"t\"}}\n```\n\n\
             ### Member left\n\n```json\n{\"v\": 1, \"event\": {\"type\": \"MEMBER_LEFT\", \"at\": \"t\"}}\n```\n",
        )],
    );
    assert_eq!(names(&g), ["MEMBER_JOINED", "MEMBER_LEFT", "MEMBER_BANNED"]);
}

#[test]
fn a_delivery_request_names_its_event() {
    // No section: the example request's event header names the event, and
    // its body (elided) is the event's example, action and all.
    let g = snapshot(
        "request",
        &[(
            "hooks.md",
            "# Acme webhooks\n\n## Example delivery\n\n```\n> POST /payload HTTP/1.1\n> X-Acme-Event: ticket\n> Content-Type: application/json\n>\n> {\n>   \"action\": \"opened\",\n>   \"ticket\": {\"id\": 7, ...},\n>   \"sender\": {\"login\": \"ada\"}\n> }\n```\n",
        )],
    );
    assert_eq!(names(&g), ["ticket"]);
}

#[test]
fn a_signature_a_paragraph_describes() {
    let (g, _) = generate(&[(
        "hooks.md",
        "# Acme webhooks\n\nEach request is signed: an HMAC-SHA256 of the body, keyed with your secret, in hex in the `X-Acme-Signature` header.\n\n\
         ## Payload\n\n```json\n{\"event\": \"job.done\", \"id\": 1}\n```\n\n```json\n{\"event\": \"job.failed\", \"id\": 2}\n```\n",
    )]);
    let p = &g.docs.providers[0];
    assert_eq!(
        p.signatures,
        [SignatureScheme::HmacHex {
            header: "X-Acme-Signature".into(),
            algorithm: HmacAlgorithm::Sha256,
            prefix: None
        }]
    );
    // The receiver dispatches by the body's name: no event header needed.
    let rust: String = g
        .crate_files
        .iter()
        .filter(|(path, _)| path.ends_with("mod.rs"))
        .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
        .collect();
    assert!(
        rust.contains("event: ::core::option::Option::None"),
        "{rust}"
    );
    assert!(rust.contains("pub fn receiver("));
}

#[test]
fn a_comma_left_out_between_members() {
    let g = snapshot(
        "missing_comma",
        &[(
            "hooks.md",
            "# Acme webhooks\n\n## Example payloads\n\n```json\n{\n  \"type\": \"a.done\",\n  \"id\": \"1\"\n  \"at\": 2\n}\n```\n\n```json\n{\"type\": \"a.failed\", \"id\": \"2\", \"at\": 3}\n```\n",
        )],
    );
    assert_eq!(names(&g), ["a.done", "a.failed"]);
}

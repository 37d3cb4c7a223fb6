#!/usr/bin/env python3
"""Writes seeds for the `parse_body` target into corpus/parse_body/: each
example payload of the generated `licensing` module as it is, and with its
`event` key moved first and last, compact and indented."""
import json
import pathlib

fuzz = pathlib.Path(__file__).resolve().parent
out = fuzz / "corpus/parse_body"
out.mkdir(parents=True, exist_ok=True)
for path in sorted((fuzz.parent / "generated/payloads/licensing").glob("*.json")):
    body = json.loads(path.read_text())
    rest = {k: v for k, v in body.items() if k != "event"}
    orders = {"as-is": body}
    if "event" in body:
        orders["first"] = {"event": body["event"], **rest}
        orders["last"] = {**rest, "event": body["event"]}
    for order, value in orders.items():
        for style, indent in (("compact", None), ("indented", 2)):
            text = json.dumps(value, indent=indent, ensure_ascii=False)
            (out / f"seed-{path.stem}-{order}-{style}").write_text(text)
print(f"{len(list(out.iterdir()))} inputs in {out}")

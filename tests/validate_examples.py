#!/usr/bin/env python3
"""Validates example payloads against generated schemas with an independent
Draft 2020-12 validator (python-jsonschema).

usage: validate_examples.py SCHEMAS_DIR PAYLOAD_FILE...
Each payload is `<event>[.<action>].payload.json`; its schema is
`SCHEMAS_DIR/*/<event>.schema.json`. Prints one line per failure and a
summary; exits 1 if any payload fails or has no schema.
"""
import glob
import json
import os
import sys

from jsonschema import Draft202012Validator


def main():
    schemas_dir, payloads = sys.argv[1], sys.argv[2:]
    failures = 0
    checked = 0
    for path in payloads:
        event = os.path.basename(path).split(".")[0]
        found = glob.glob(os.path.join(schemas_dir, "*", event + ".schema.json"))
        if not found:
            print(f"NO SCHEMA {path}")
            failures += 1
            continue
        with open(found[0]) as f:
            schema = json.load(f)
        with open(path) as f:
            payload = json.load(f)
        errors = sorted(Draft202012Validator(schema).iter_errors(payload), key=lambda e: list(e.absolute_path))
        checked += 1
        for e in errors[:3]:
            failures += 1
            loc = "/" + "/".join(str(p) for p in e.absolute_path)
            print(f"INVALID {path} {loc}: {e.message[:200]}")
    print(f"checked {checked} payloads, {failures} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

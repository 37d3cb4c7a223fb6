#!/usr/bin/env python3
"""Makes mutated payloads and the verdict of python-jsonschema on each, for
comparing against the generated crate's `validate`.

usage: validate_agreement.py SCHEMAS_DIR CASES_DIR PER_EXAMPLE
CASES_DIR/manifest.tsv lists `file<TAB>event` for each documented example
(written by the Rust driver); a schema is found by its `x-event`, the event. Writes each mutation next
to them and CASES_DIR/cases.tsv: `file<TAB>event<TAB>kind<TAB>valid|invalid`
for the examples and the mutations. Mutations are seeded, so reruns agree.
"""
import copy
import json
import os
import random
import sys

from jsonschema import Draft202012Validator

KINDS = ("type", "required", "enum", "null")


def flatten(root, schema, out, depth=0):
    """The schema objects describing one value: itself and what it reaches
    through $ref and the combinators."""
    if depth > 64 or not isinstance(schema, dict):
        return out
    out.append(schema)
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target = root
        for part in ref[2:].split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
        flatten(root, target, out, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            flatten(root, branch, out, depth + 1)
    for key in ("then", "else"):
        if key in schema:
            flatten(root, schema[key], out, depth + 1)
    return out


def spots(root, schemas, value, path, found):
    """(path, value, flattened schemas) for every value in the payload."""
    flat = []
    for s in schemas:
        flatten(root, s, flat)
    found.append((path, value, flat))
    if isinstance(value, dict):
        for key, child in value.items():
            sub = [s["properties"][key] for s in flat if key in s.get("properties", {})]
            spots(root, sub, child, path + [key], found)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            sub = [s["items"] for s in flat if isinstance(s.get("items"), dict)]
            spots(root, sub, child, path + [i], found)


def allows_null(flat):
    for s in flat:
        t = s.get("type")
        if t == "null" or (isinstance(t, list) and "null" in t):
            return True
    # No type anywhere means anything, null included.
    return not any("type" in s or "$ref" in s or "enum" in s for s in flat)


def candidates(root, payload, kind):
    found = []
    spots(root, [root], payload, [], found)
    out = []
    for path, value, flat in found:
        if not flat:
            continue
        if kind == "type" and path and isinstance(value, (str, int, float, bool)):
            out.append((path, "swap"))
        elif kind == "null" and path and value is not None and not allows_null(flat):
            out.append((path, "null"))
        elif kind == "enum" and path and isinstance(value, str) and any("enum" in s for s in flat):
            out.append((path, "enum"))
        elif kind == "required" and isinstance(value, dict):
            for s in flat:
                for key in s.get("required", []):
                    if key in value:
                        out.append((path + [key], "remove"))
    return sorted(set((tuple(p), op) for p, op in out))


def apply(payload, path, op):
    new = copy.deepcopy(payload)
    parent = new
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if op == "remove":
        del parent[last]
    elif op == "null":
        parent[last] = None
    elif op == "enum":
        parent[last] = "not-a-documented-value"
    else:
        old = parent[last]
        parent[last] = 12345 if isinstance(old, str) else "not a " + type(old).__name__
    return new


def main():
    schemas_dir, cases_dir, per = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(20210829)
    rows = []
    schemas = {}
    for file in sorted(os.listdir(schemas_dir)):
        # The event schemas; `openapi.json` beside them holds the same ones.
        if not file.endswith(".schema.json"):
            continue
        with open(os.path.join(schemas_dir, file)) as f:
            schema = json.load(f)
        schemas[schema["x-event"]] = schema
    with open(os.path.join(cases_dir, "manifest.tsv")) as f:
        manifest = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for name, event in manifest:
        with open(os.path.join(cases_dir, name)) as f:
            payload = json.load(f)
        schema = schemas[event]
        validator = Draft202012Validator(schema)

        def verdict(value):
            return "valid" if validator.is_valid(value) else "invalid"

        rows.append((name, event, "example", verdict(payload)))
        for kind in KINDS:
            options = candidates(schema, payload, kind)
            for n, (path, op) in enumerate(rng.sample(options, min(per, len(options)))):
                mutated = apply(payload, list(path), op)
                file = f"{name[:-5]}.{kind}{n}.json"
                with open(os.path.join(cases_dir, file), "w") as f:
                    json.dump(mutated, f)
                rows.append((file, event, kind, verdict(mutated)))
    with open(os.path.join(cases_dir, "cases.tsv"), "w") as f:
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} cases")


if __name__ == "__main__":
    main()

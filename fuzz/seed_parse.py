#!/usr/bin/env python3
"""Writes seeds for the `parse` target into corpus/parse/: each documented
example payload under generated/payloads/ behind the byte that picks its
event, so fuzzing starts from bodies that parse typed."""
import pathlib
import re

fuzz = pathlib.Path(__file__).resolve().parent
crate = fuzz.parent / "generated"
source = (crate / "src/github/mod.rs").read_text()
block = re.search(r"pub fn event_names\(\)[^\[]*\[(.*?)\]", source, re.S).group(1)
names = re.findall(r'"([^"]+)"', block)
out = fuzz / "corpus/parse"
out.mkdir(parents=True, exist_ok=True)
for path in sorted((crate / "payloads").rglob("*.json")):
    event = path.name.split(".")[0]
    pick = names.index(event) if event in names else len(names)
    (out / f"seed-{path.stem}").write_bytes(bytes([pick]) + path.read_bytes())
print(f"{len(list(out.iterdir()))} inputs in {out}")

#!/usr/bin/env bash
# Builds this worktree's generator, runs dev/outputs.sh into NEW and compares
# it with BASE (made by dev/outputs.sh from main's generator): output trees
# byte for byte, diagnostics logs with the run times taken out.
# Usage: dev/compare.sh BASE NEW
set -u
base=${1:-/tmp/base}
new=${2:-/tmp/new}
cargo build -q -p codegen || exit 2
dev/outputs.sh target/debug/codegen "$new"
norm() { sed -E 's/, [0-9.]+(ms|s|µs)$//' "$1"; }
status=0
for d in "$base"/*/; do
  name=$(basename "$d")
  if ! diff -rq "$base/$name" "$new/$name" >/dev/null; then
    echo "== output differs: $name"
    diff -rq "$base/$name" "$new/$name" | head -20
    status=1
  fi
  if ! diff <(norm "$base/$name.log") <(norm "$new/$name.log") >/dev/null; then
    echo "== log differs: $name"
    diff <(norm "$base/$name.log") <(norm "$new/$name.log") | head -40
    status=1
  fi
done
[ $status = 0 ] && echo "all outputs and logs identical"
exit $status

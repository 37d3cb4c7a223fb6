#!/usr/bin/env bash
# Runs a codegen binary over every input the parse stage must keep stable
# (the seeds, the corpus's five versions, docs-input/, every vendor era) and
# writes each output tree and its diagnostics log under OUT.
# Usage: dev/outputs.sh BIN OUT   (from the workspace root)
set -u
bin=$1
out=$2
shared=../shared
rm -rf "$out"
mkdir -p "$out"
run() {
  local name=$1
  shift
  "$bin" "$@" --runtime-path ../runtime --out "$out/$name" --short >"$out/$name.log" 2>&1
  echo "exit $?" >>"$out/$name.log"
}
for seed in "$shared"/seeds/*.txt; do
  run "seed-$(basename "$seed" .txt)" --docs "$seed"
done
for v in fpt ghes-2.22 ghes-3.0 ghes-3.1 ghae; do
  run "corpus-$v" --docs "$shared/corpus/github-docs-2021-08" --version "$v"
done
run docs-input --docs docs-input
for d in "$shared"/vendors/*/docs-*; do
  vendor=$(basename "$(dirname "$d")")
  run "vendor-$vendor-$(basename "$d")" --docs "$d"
done

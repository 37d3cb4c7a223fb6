#!/usr/bin/env bash
# Installs the outside tools the OpenAPI tests run, at pinned versions, into
# DIR (default target/openapi-tools): openapi-spec-validator (PyPI) under
# DIR/python, openapi-typescript and typescript (npm) under DIR/node_modules.
# Point the tests at DIR with OPENAPI_TOOLS=DIR (see codegen/tests/openapi.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."

validator=0.9.0
openapi_typescript=7.13.0
typescript=5.9.3

dir=${1:-target/openapi-tools}
stamp="openapi-spec-validator==$validator openapi-typescript@$openapi_typescript typescript@$typescript"
if [ "$(cat "$dir/.installed" 2>/dev/null)" = "$stamp" ]; then
    exit 0
fi
mkdir -p "$dir"
python3 -m pip install --quiet --disable-pip-version-check --no-warn-conflicts \
    --root-user-action=ignore --upgrade \
    --target "$dir/python" "openapi-spec-validator==$validator"
(cd "$dir" && npm install --silent --no-audit --no-fund --no-save \
    "openapi-typescript@$openapi_typescript" "typescript@$typescript")
echo "$stamp" > "$dir/.installed"

#!/usr/bin/env bash
# Reads spec/ as vendors' tools do: the OpenAPI and AsyncAPI validators and linters, and a
# TypeScript client generated from openapi.yaml (openapi-typescript), into target/lint-spec/.
# A developer's tool, not part of `mvn verify` (it needs npm and the npm registry); the guard in
# the build is OpenApiExamplesTest and AsyncApiExamplesTest. Exits non-zero when a tool reports
# an error (warnings are printed, not fatal).
#
#   dev/lint-spec.sh                 # tools installed once into $NPM_TOOLS (default /tmp/agents-spec-tools)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
spec=$root/spec
out=$root/target/lint-spec
tools=${NPM_TOOLS:-/tmp/agents-spec-tools}
mkdir -p "$out" "$tools"
if [ ! -x "$tools/node_modules/.bin/redocly" ]; then
  (cd "$tools" && npm init -y >/dev/null && npm i --no-fund --no-audit openapi-typescript @redocly/cli \
    @stoplight/spectral-cli @apidevtools/swagger-parser @asyncapi/parser >/dev/null) || exit 2
fi
bin=$tools/node_modules/.bin
failed=0
step() { echo "== $1: exit $2"; [ "$2" -eq 0 ] || failed=1; }

"$bin/openapi-typescript" "$spec/openapi.yaml" -o "$out/openapi.d.ts" >"$out/openapi-typescript.log" 2>&1
step "openapi-typescript ($out/openapi.d.ts)" $?

"$bin/redocly" lint "$spec/openapi.yaml" >"$out/redocly.log" 2>&1
rc=$?; grep -E "^\[[0-9]+\]|rule\.|valid|warning" "$out/redocly.log" | grep -v "^$"; step "redocly lint" $rc

printf 'extends: ["spectral:oas", "spectral:asyncapi"]\n' >"$out/.spectral.yaml"
"$bin/spectral" lint -r "$out/.spectral.yaml" "$spec/openapi.yaml" "$spec/asyncapi.yaml" >"$out/spectral.log" 2>&1
rc=$?; grep -E "error|✖" "$out/spectral.log"; step "spectral (oas, asyncapi)" $rc

(cd "$tools" && node -e "require('@apidevtools/swagger-parser').validate(process.argv[1])
  .then(() => console.log('valid'), e => { console.log('INVALID', e.message); process.exit(1); })" "$spec/openapi.yaml")
step "swagger-parser validate" $?

(cd "$tools" && node -e "
const { Parser, fromFile } = require('@asyncapi/parser');
fromFile(new Parser(), process.argv[1]).validate().then(found => {
  found.forEach(d => console.log(['error', 'warning', 'info', 'hint'][d.severity], d.code, d.message, JSON.stringify(d.path)));
  process.exit(found.some(d => d.severity === 0) ? 1 : 0);
})" "$spec/asyncapi.yaml")
step "@asyncapi/parser validate" $?

exit $failed

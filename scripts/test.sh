#!/usr/bin/env bash
# The one test command: installs what is missing, then runs every layer (unit, integration
# against a real OrientDB, e2e in Chromium, Deno and Bun smoke runs). Extra args pick layers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap.sh"
cd "$root"
"$root/.tools/node_modules/.bin/pnpm" run typecheck
exec node --import tsx "$root/scripts/run-tests.ts" "${@:-all}"

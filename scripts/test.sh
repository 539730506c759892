#!/usr/bin/env bash
# The one test command: installs what is missing, typechecks, checks formatting, lint and unused code
# (Biome, knip), then runs every layer on one OrientDB (the newest 3.2.x, built from the pinned jars;
# ORIENTDB_VERSION picks another): unit, integration against the real server, e2e (Chromium, Firefox,
# WebKit, workerd, edge-runtime, Deno, Bun), packaging (the packed tarballs installed and run from
# outside the workspace); then `versions`: the protocol tests and the reattach route table on each other
# version of the matrix (3.2.25, 3.1.0, 3.0.44). Each layer's and each version's time is printed.
# Extra args pick layers (`unit`, `integration,e2e`, `versions`, ...) and path substrings.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap.sh"
cd "$root"
pnpm="$root/.tools/node_modules/.bin/pnpm"
"$pnpm" run typecheck

# Both checks run even when the first fails, so that one run shows every finding; either failing
# stops the run before the test layers.
failed=0
colors=()
[ -t 1 ] || colors=(--colors=off)
echo "test: biome ci (formatting and lint, no writes)" >&2
if ! node_modules/.bin/biome ci "${colors[@]}"; then
  echo "test: FAILED biome ci: the files above are not formatted as biome.json says, or break a lint rule;" \
    "\`pnpm format\` rewrites the formatting, \`pnpm lint\` lists the rest" >&2
  failed=1
fi
echo "test: knip (unused files, exports and dependencies; then exports of the client and bridge that only tests use)" >&2
if ! "$pnpm" run --silent knip; then
  echo "test: FAILED knip: the files, exports or dependencies above are unused (or used only by tests);" \
    "delete them or drop the export, or, where knip is wrong, say so in knip.json" >&2
  failed=1
fi
[ "$failed" = 0 ] || exit 1

# `matrix [version ...]`: the protocol and reattach-route tests alone, on every OrientDB version of the
# matrix or those named (scripts/matrix.ts), with each version's measured routes.
if [ "${1:-}" = matrix ]; then
  shift
  exec node --conditions=source --import tsx "$root/scripts/matrix.ts" "$@"
fi
exec node --conditions=source --import tsx "$root/scripts/run-tests.ts" "${@:-all}"

#!/usr/bin/env bash
# The one bench command: installs what is missing (like scripts/test.sh), then runs `pnpm bench`
# (one real OrientDB, every contestant, table on stdout, bench/results/latest.{json,svg,md}). Flags pass through.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap.sh"
cd "$root"
exec "$root/.tools/node_modules/.bin/pnpm" run bench "$@"

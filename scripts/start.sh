#!/usr/bin/env bash
# The demo: a local OrientDB with the tinkerhome database, the bridge and the demo page.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SKIP_CHROMIUM=1 "$root/scripts/bootstrap.sh"
cd "$root"
exec "$root/.tools/node_modules/.bin/pnpm" run demo "$@"

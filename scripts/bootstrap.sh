#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: the pinned pnpm, node modules, Debian's
# browsers (for e2e), Java and Maven (OrientDB itself is fetched, or built from its jars, by the testkit
# with Maven).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PNPM_VERSION=12.4.2
pnpm_bin="$root/.tools/node_modules/.bin/pnpm"

if [ ! -x "$pnpm_bin" ] || [ "$("$pnpm_bin" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "bootstrap: installing pnpm $PNPM_VERSION into .tools/" >&2
  npm install --prefix "$root/.tools" --no-save --no-package-lock -E "pnpm@$PNPM_VERSION" >/dev/null
fi

echo "bootstrap: pnpm install" >&2
CI=true "$pnpm_bin" install --frozen-lockfile >&2

if [ "${SKIP_CHROMIUM:-}" != 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "bootstrap: installing Debian's chromium" >&2
  if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >&2
fi

# Firefox (driven by puppeteer-core over WebDriver BiDi) and WebKitGTK's MiniBrowser (WebKitWebDriver under
# Xvfb) for the engine matrix of the e2e tests; Debian's packages, never a browser a tool downloads.
browser_pkgs=()
[ -x /usr/bin/firefox-esr ] || browser_pkgs+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || browser_pkgs+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || browser_pkgs+=(xvfb)
command -v xauth >/dev/null || browser_pkgs+=(xauth)
if [ "${SKIP_BROWSERS:-}" != 1 ] && [ "${#browser_pkgs[@]}" -gt 0 ]; then
  echo "bootstrap: installing Debian's ${browser_pkgs[*]}" >&2
  if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${browser_pkgs[@]}" >&2
fi

# OpenJDK 17 runs every OrientDB of the matrix (3.0 to 3.2); Maven fetches the distributions and the jars.
jvm_pkgs=()
command -v java >/dev/null || jvm_pkgs+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || jvm_pkgs+=(maven)
if [ "${#jvm_pkgs[@]}" -gt 0 ]; then
  echo "bootstrap: installing Debian's ${jvm_pkgs[*]}" >&2
  if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${jvm_pkgs[@]}" >&2
fi
for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "bootstrap: $tool is still missing after apt-get (OpenJDK 17 and Maven)" >&2; exit 1; }
done

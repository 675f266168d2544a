#!/usr/bin/env bash
# The test suite's checkers from npm: the Nu Html Checker (vnu-jar) and pa11y, pinned in
# package.json and package-lock.json. Installs Debian's nodejs and npm if node is missing, then
# runs `npm ci` when node_modules/ is missing or was installed from another lock file.
# Install scripts are not run: vnu-jar's would download a Java runtime and puppeteer's a
# browser; Java comes from scripts/ensure-java.sh and the browser is Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "node and npm are missing and this is not a Debian-like system: install Node.js 20" >&2
    echo "or newer with npm." >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "Installing Debian's nodejs and npm (once)..."
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "warning: Node.js $(node --version) is older than pa11y asks for (20 or newer)." >&2
fi

stamp=node_modules/.installed-from-lock
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi
echo "Installing the checkers from package-lock.json (npm ci)..."
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "$wanted" >"$stamp"

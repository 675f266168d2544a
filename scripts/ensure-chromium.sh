#!/usr/bin/env bash
# Install Debian's chromium (and fonts) if it is missing. Playwright drives this browser through
# its executable path; nothing downloads a browser of its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and this is not a Debian-like system: install Chromium and set" >&2
  echo "DIT_CHROMIUM to its path." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing Debian's chromium (about 300 MB, once)..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null
dpkg-query -W -f '${Package} ${Version}\n' chromium

#!/usr/bin/env bash
# Install a Java runtime (Debian's default-jre-headless) if there is none: the Nu Html Checker
# (node_modules/vnu-jar) is a Java program. Nothing downloads a runtime of its own.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "java is missing and this is not a Debian-like system: install a Java runtime (11 or" >&2
  echo "newer) and put java on the PATH." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing Debian's default-jre-headless (for the Nu Html Checker, once)..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
java -version 2>&1 | head -n 1

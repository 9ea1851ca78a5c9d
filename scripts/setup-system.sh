#!/usr/bin/env bash
# Debian packages the tests need beyond Node and Python, installed only when missing (so a
# prepared machine pays nothing): xmllint (JUnit XSD validation), Chromium (HTML report
# screenshot test) and PostgreSQL server binaries (state-store tests start a throwaway server on a
# loopback port; Debian's own cluster is never started). Needs root or sudo on a fresh machine.
set -euo pipefail

missing=()
command -v xmllint >/dev/null || missing+=(libxml2-utils)
{ command -v chromium >/dev/null || command -v chromium-browser >/dev/null; } || missing+=(chromium fonts-dejavu-core)
{ ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; } || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup-system: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "setup-system: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

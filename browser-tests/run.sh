#!/usr/bin/env bash
# Runs the browser tests: headless Chromium (/usr/bin/chromium) against a real Cheminement
# server started from ../target/debug/cheminement (or $CHEMINEMENT_BIN). Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")"
# Installs again when package-lock.json changed since the last install (a package was added).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec node --test --test-concurrency=1 *.test.mjs

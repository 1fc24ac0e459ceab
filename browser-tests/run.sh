#!/usr/bin/env bash
# Runs the browser tests: headless Chromium (/usr/bin/chromium) against a real Cheminement
# server started from ../target/debug/cheminement (or $CHEMINEMENT_BIN). Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
exec node --test --test-concurrency=1 *.test.mjs

#!/usr/bin/env bash
# Runs the fediverse interop tests: a Fedify peer against a Cheminement server on loopback.
# Needs Node 20+ and a built server (../target/debug/cheminement, or $CHEMINEMENT_BIN).
set -euo pipefail
cd "$(dirname "$0")"

# Install the pinned packages when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

exec node --test --test-concurrency=1 "$@" *.test.mjs

#!/usr/bin/env bash
# Public page throughput and latency, start-up time and idle memory, on the release build.
# Run by hand: benches/public_page.sh   (needs wrk: apt-get install wrk)
# Figures go in the closing note of the issue; nothing here asserts a target.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/cheminement"
DIR=$(mktemp -d)
PORT=${PORT:-18080}
export CHEMINEMENT_DATA_DIR="$DIR" CHEMINEMENT_LISTEN="127.0.0.1:$PORT" CHEMINEMENT_BASE_URL="http://localhost:$PORT"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$DIR"' EXIT

echo "correct horse battery staple" | "$BIN" admin create --email bench@example.org >/dev/null
TOKEN=$("$BIN" admin token --email bench@example.org | tail -n1)

"$BIN" serve >"$DIR/log" 2>&1 &
until curl -fs "http://127.0.0.1:$PORT/" >/dev/null; do sleep 0.05; done
for i in $(seq 1 20); do
  curl -fs -XPOST "http://127.0.0.1:$PORT/api/v1/posts" -H "Authorization: Bearer $TOKEN" \
    -H 'content-type: application/json' \
    -d "{\"title\":\"Programme de la semaine $i\",\"body\":\"Yoga **mardi** à 19h, concert samedi. $(printf 'Texte %.0s' $(seq 1 80))\",\"publish\":true}" >/dev/null
done
kill %1; wait %1 2>/dev/null || true

# Start to first answer, on the existing database.
start=$(date +%s%N)
"$BIN" serve >"$DIR/log" 2>&1 &
PID=$!
until curl -fs "http://127.0.0.1:$PORT/news/programme-de-la-semaine-1" >/dev/null; do sleep 0.002; done
end=$(date +%s%N)
echo "start to first answer: $(( (end - start) / 1000000 )) ms"
sleep 2
echo "idle memory (RSS): $(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 )) MiB"

echo "--- wrk: a public news page, 64 connections, 2 threads, 15 s"
wrk -t2 -c64 -d15s --latency "http://127.0.0.1:$PORT/news/programme-de-la-semaine-1"
echo "--- wrk: the home page"
wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$PORT/"
echo "memory after load (RSS): $(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 )) MiB"

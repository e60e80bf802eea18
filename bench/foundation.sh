#!/usr/bin/env bash
# Foundation figures: time from start to the first answered request, idle RSS, and
# requests/s for GET /api/v1/accounts/{id} (wrk, loopback only).
# Usage: bench/foundation.sh [sqlite|postgres] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
seconds="${2:-10}"
port="${BENCH_PORT:-3917}"
bin=target/release/switchboard
[ -x "$bin" ] || cargo build --release -p switchboard
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
case "$backend" in
  sqlite) url="sqlite://$work/bench.db" ;;
  postgres)
    db="bench_$$"
    psql postgres://postgres@127.0.0.1:5432/postgres -qc "CREATE DATABASE $db" >/dev/null
    trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"; psql postgres://postgres@127.0.0.1:5432/postgres -qc "DROP DATABASE IF EXISTS '"$db"' WITH (FORCE)" >/dev/null' EXIT
    url="postgres://postgres@127.0.0.1:5432/$db" ;;
  *) echo "backend: sqlite or postgres"; exit 1 ;;
esac
export DATABASE_URL="$url" SWITCHBOARD_DATA_DIR="$work" PORT="$port" LOG_LEVEL=warn

setup=$("$bin" setup --account-name Bench --email bench@example.com --password 'Password1!')
token=$(echo "$setup" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
account=$(echo "$setup" | python3 -c 'import json,sys; print(json.load(sys.stdin)["account_id"])')

start=$(date +%s%N)
"$bin" serve >"$work/serve.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/api" >/dev/null; do sleep 0.005; done
ready=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 1
idle_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

curl -sf -H "api_access_token: $token" "http://127.0.0.1:$port/api/v1/accounts/$account" >/dev/null
out=$(wrk -t2 -c32 -d"${seconds}s" --latency -H "api_access_token: $token" "http://127.0.0.1:$port/api/v1/accounts/$account")
loaded_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

echo "backend:              $backend"
echo "start to first answer: ${ready} ms (migrations included)"
echo "idle RSS:             $((idle_kib / 1024)) MiB ($idle_kib KiB)"
echo "RSS after load:       $((loaded_kib / 1024)) MiB"
echo "$out" | grep -E "Requests/sec|Latency|50%|99%|requests in"

#!/usr/bin/env bash
# Runs Shopfloor against its embedded default: sets the machine up, builds,
# seeds a local hub (SQLite) with the demo retailer once, starts the hub on
# 127.0.0.1, and opens the app enrolled to it. The device loads its store
# from the hub and keeps syncing; the status bar shows it.
#
# SHOPFLOOR_HUB=http://host:port (with SHOPFLOOR_ENROLMENT_KEY) points the app
# at another hub instead, and no local hub is started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

DATA_DIR="${SHOPFLOOR_DATA_DIR:-$PWD/.shopfloor}"
mkdir -p "$DATA_DIR"
export SHOPFLOOR_DB="${SHOPFLOOR_DB:-$DATA_DIR/device.db}"

echo "==> building"
cargo build --release -p shopfloor -p shopfloor-hub
bin="${CARGO_TARGET_DIR:-$PWD/target}/release"

hub_pid=""
stop_hub() { if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; fi; }
trap stop_hub EXIT

if [ -z "${SHOPFLOOR_HUB:-}" ]; then
  hub_db="$DATA_DIR/hub.db"
  key_file="$DATA_DIR/enrolment.key"
  if [ ! -s "$key_file" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$key_file")
  fi
  if [ ! -e "$hub_db" ]; then
    echo "==> seeding the local hub with the demo retailer ($hub_db)"
    "$bin"/shopfloor-hub seed --db "$hub_db.partial" --size demo
    mv "$hub_db.partial" "$hub_db"
    rm -f "$hub_db.partial-wal" "$hub_db.partial-shm"
  fi
  port="${SHOPFLOOR_HUB_PORT:-8640}"
  echo "==> starting the local hub on 127.0.0.1:$port"
  SHOPFLOOR_ENROLMENT_KEY="$(cat "$key_file")" SHOPFLOOR_WEB_KEY="${SHOPFLOOR_WEB_KEY:-demo-web-key}" \
    "$bin"/shopfloor-hub serve --db "$hub_db" --listen "127.0.0.1:$port" &
  hub_pid=$!
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1 && break
    kill -0 "$hub_pid" 2>/dev/null || { echo "the local hub did not start (is port $port in use? set SHOPFLOOR_HUB_PORT)"; exit 1; }
    sleep 0.1
  done
  export SHOPFLOOR_HUB="http://127.0.0.1:$port"
  export SHOPFLOOR_ENROLMENT_KEY="$(cat "$key_file")"
fi

echo "==> starting Shopfloor ($SHOPFLOOR_DB, hub $SHOPFLOOR_HUB)"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "no display found: running under Xvfb; set DISPLAY to use your own"
  xvfb-run -a -s "-screen 0 1280x800x24" "$bin"/shopfloor
else
  "$bin"/shopfloor
fi

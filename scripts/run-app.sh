#!/usr/bin/env bash
# Runs Shopfloor on demo data: sets the machine up, builds, seeds a device
# database with the demo retailer (once), and opens the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

DATA_DIR="${SHOPFLOOR_DATA_DIR:-$PWD/.shopfloor}"
mkdir -p "$DATA_DIR"
export SHOPFLOOR_DB="$DATA_DIR/device.db"

echo "==> building"
cargo build --release --bin shopfloor --bin shopfloor-seed
echo "==> demo data"
./target/release/shopfloor-seed --db "$SHOPFLOOR_DB" --size demo

echo "==> starting Shopfloor ($SHOPFLOOR_DB)"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "no display found: running under Xvfb (screen :99); set DISPLAY to use your own"
  exec xvfb-run -a -s "-screen 0 1280x800x24" ./target/release/shopfloor
fi
exec ./target/release/shopfloor

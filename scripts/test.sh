#!/usr/bin/env bash
# Runs every test of Shopfloor: sets the machine up, then the UI's unit tests,
# the Rust tests of every crate (bindings drift, durability, migrations...)
# and the end-to-end tests in a real window. Starts Xvfb itself when there is
# no display (as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo "==> UI unit tests (Vitest)"
(cd ui && npm test --silent)

if [ -z "${DISPLAY:-}" ]; then
  display=":$(( 90 + RANDOM % 9 ))"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  export DISPLAY="$display"
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  echo "==> started Xvfb on $DISPLAY"
fi

echo "==> Rust tests, end to end included"
log="$(mktemp)"
set +e
cargo test --workspace --locked --no-fail-fast --lib --bins --tests -- --test-threads=2 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run, summed over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     /^[a-z_]+: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4 }
     END { printf "rust: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit "$status"

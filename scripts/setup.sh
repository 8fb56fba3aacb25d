#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for Shopfloor: system packages for Tauri 2
# and Xvfb, tauri-driver, the UI's npm packages and its build. Safe to re-run:
# each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver
)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! tauri-driver --help >/dev/null 2>&1; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

echo "==> building the UI"
(cd ui && { [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund; } && npm run build --silent)

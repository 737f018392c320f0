#!/usr/bin/env bash
# Install the Debian packages beizeng needs outside Python, if they are missing.
#   (no arguments)  everything the test suite needs: Debian's chromium for the browser tests,
#                   CJK fonts for charts and bulletins, LibreOffice and poppler to render them
#   PACKAGE ...     just these (make demo asks only for the fonts)
set -euo pipefail
packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils systemd)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing Debian packages: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

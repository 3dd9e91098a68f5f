#!/usr/bin/env bash
# Fetches Debian's signed EFI binaries (shim-signed, grub-efi-amd64-signed) without installing
# them (no maintainer scripts run) and unpacks them under target/debian-signed/, where the
# Authenticode tests look for real signed files. Run by .ci/run; needs apt-get (and an
# `apt-get update` done before). Third-party binaries are fetched, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=target/debian-signed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download shim-signed grub-efi-amd64-signed > /dev/null 2>&1)
mkdir -p "$dest"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$dest"
done
find "$dest" -name '*.efi.signed' | sort

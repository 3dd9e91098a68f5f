#!/usr/bin/env bash
# Fetches Microsoft's SARIF Multitool for Linux from npm (@microsoft/sarif-multitool-linux) into
# target/sarif-multitool/: its `Sarif.Multitool validate` and the SARIF 2.1.0 JSON schema it
# ships (sarif-2.1.0.json) are the oracles of the SARIF tests. Run by .ci/run; needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=target/sarif-multitool
version=5.7.0
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@microsoft/sarif-multitool-linux@$version" > /dev/null)
tar -xzf "$work"/microsoft-sarif-multitool-linux-$version.tgz -C "$dest"
chmod +x "$dest/package/Sarif.Multitool"
ls "$dest/package/Sarif.Multitool" "$dest/package/sarif-2.1.0.json"

#!/usr/bin/env bash
# Installs the SBOM tests' independent reader (CycloneDX's JavaScript library with its schemas, from npm) into
# artifacts/sbom-validator, once; prints the folder. Needs node and npm (apt: nodejs npm).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/artifacts/sbom-validator"
if [[ ! -f "$target/node_modules/@cyclonedx/cyclonedx-library/package.json" ]]; then
  if ! command -v npm >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  fi
  mkdir -p "$target"
  cp "$root/build/sbom-validator/package.json" "$root/build/sbom-validator/validate.js" "$target/"
  (cd "$target" && npm install --no-audit --no-fund --silent >/dev/null)
fi
cp "$root/build/sbom-validator/validate.js" "$target/"
echo "$target"

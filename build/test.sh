#!/usr/bin/env bash
# Runs every test: pack Containerize.Tasks (the integration tests publish the samples with it), make the Debian base
# image, then `dotnet test` the solution. Fails on any failure; ends with one summary line over all test projects.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# What the tests use, installed here so this one command works on a fresh machine: image tools (podman only loads
# archives), a registry server, htpasswd for its auth, GNU tar, gzip.
packages=(docker-registry skopeo umoci crun podman apache2-utils tar gzip)
missing=()
for package in "${packages[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if ((${#missing[@]})); then
  echo "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash "$root/build/pack.sh"
bash "$root/build/make-debian-base.sh" "$root/artifacts/debian-base"
# The SBOM tests' independent reader (CycloneDX's own library, from npm); the tests also install it when it is missing.
bash "$root/build/install-sbom-validator.sh" >/dev/null

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test "$root/Containerize.Tasks.sln" -c Release -nologo --logger "console;verbosity=normal" \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# Sum the counters of every project's TRX file into the one line CI reads.
sum() { grep -ho "$1=\"[0-9]*\"" "$results"/*.trx 2>/dev/null | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
passed=$(sum passed); failed=$(sum failed); total=$(sum total); executed=$(sum executed)
echo "tests: $passed passed, $failed failed, $((total - executed)) skipped"
exit "$status"

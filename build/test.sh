#!/usr/bin/env bash
# Runs every test: pack Containerize.Tasks (the integration tests publish the samples with it), make the Debian base
# image, then `dotnet test` the solution. Fails on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash "$root/build/pack.sh"
bash "$root/build/make-debian-base.sh" "$root/artifacts/debian-base"
dotnet test "$root/Containerize.Tasks.sln" -c Release -nologo --logger "console;verbosity=normal" "$@"

#!/usr/bin/env bash
# Builds Containerize.Tasks and packs it into artifacts/packages, the local feed that NuGet.config maps.
# The package version stays 0.1.0-dev, so the extracted copy in the global packages folder is removed: otherwise
# NuGet would keep using a stale one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet pack "$root/src/Containerize.Tasks" -c Release -o "$root/artifacts/packages" -nologo -v:minimal

packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
rm -rf "$packages/containerize.tasks/0.1.0-dev"
echo "Packed: $(ls "$root"/artifacts/packages/Containerize.Tasks.*.nupkg)"

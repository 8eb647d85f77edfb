#!/usr/bin/env bash
# The main job, end to end on a fresh machine of this kind (Debian 12, .NET SDK, no Docker, no internet beyond the
# package mirrors): pack Containerize.Tasks, make a base image from Debian packages, publish samples/ConsoleApp
# self-contained into an image archive, unpack it with umoci and run it with crun, printing what the app prints.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$root/artifacts/quickstart"

missing=()
for tool in skopeo umoci crun; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "Installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash "$root/build/pack.sh"
bash "$root/build/make-debian-base.sh" "$root/artifacts/debian-base"

rm -rf "$work" && mkdir -p "$work"
archive="$work/consoleapp.tar"
dotnet publish "$root/samples/ConsoleApp" -t:PublishLayeredImage -r linux-x64 --self-contained -nologo \
  -p:ContainerBaseImage="oci:$root/artifacts/debian-base:latest" -p:ContainerArchiveOutputPath="$archive"

# Independent tools from here on: skopeo reads the archive, umoci unpacks it into a runtime bundle, crun runs it.
skopeo copy --quiet "oci-archive:$archive" "oci:$work/layout:run"
umoci unpack --image "$work/layout:run" "$work/bundle" >/dev/null
sed -i 's/"terminal": *true/"terminal": false/' "$work/bundle/config.json"
echo "--- running the image with crun ---"
# This host's mixed cgroup setup needs cgroup v1's unified mount out of the way (see docs/getting-started.md).
unshare -m --propagation private sh -c \
  "umount /sys/fs/cgroup/unified 2>/dev/null; crun run -b '$work/bundle' containerize-quickstart-$$ </dev/null"

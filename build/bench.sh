#!/usr/bin/env bash
# Benchmarks `dotnet publish -t:PublishLayeredImage` (Containerize.Tasks) against the SDK's
# `dotnet publish -t:PublishContainer` (Microsoft.NET.Build.Containers), both pushing to the same local registry,
# with a plain `dotnet publish` of the same project and scenario for reference. Writes docs/benchmarks.md and
# docs/benchmarks.svg; raw results go to artifacts/bench/ (results.csv, summary.json, one log per run).
#
# A fresh Debian 12 machine with the .NET SDK is enough: missing tools are installed with apt-get, the registry
# (Debian's docker-registry) runs on a free 127.0.0.1 port with its storage in a temporary folder, the base images are
# made from Debian packages and this machine's .NET runtime, and Containerize.Tasks is packed from this checkout.
# Nothing is sent anywhere but 127.0.0.1 (and the package mirrors, for apt-get and NuGet restores).
#
#   bash build/bench.sh                    the full plan (see --help); 35 to 40 minutes on 2 cores
#   bash build/bench.sh --quick            one run of the console sample, both modes, every scenario, no docs
#   bash build/bench.sh --runs 3 --samples console,webapi --modes sc
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/build/bench"

usage() {
  cat <<'USAGE'
Usage: bash build/bench.sh [options]
  --runs N            timed runs per scenario and tool (default 5); the figure is the median
  --cold-runs N       runs of the cold scenario (default: 3, see docs/benchmarks.md; at most --runs)
  --samples LIST      comma-separated: console,webapi,bigdeps (default: all)
  --modes LIST        comma-separated: fd (framework-dependent), sc (self-contained) (default: both)
  --scenarios LIST    comma-separated: cold,nochange,code,package (default: all)
  --quick             --runs 1 --cold-runs 1 --samples console --no-docs
  --no-pack           use the package already in artifacts/packages instead of running build/pack.sh
  --docs | --no-docs  write docs/benchmarks.md and docs/benchmarks.svg (default: yes, except with --quick)
  --keep              keep the temporary folder (registry storage and log, caches)
  -h, --help          this text
USAGE
}

runs=5
cold_runs=""
samples="console,webapi,bigdeps"
modes="fd,sc"
scenarios="cold,nochange,code,package"
pack=true
docs=""
keep=false
quick=false
while (($#)); do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --cold-runs) cold_runs="${2:?--cold-runs needs a number}"; shift 2 ;;
    --samples) samples="${2:?--samples needs a list}"; shift 2 ;;
    --modes) modes="${2:?--modes needs a list}"; shift 2 ;;
    --scenarios) scenarios="${2:?--scenarios needs a list}"; shift 2 ;;
    --quick) quick=true; shift ;;
    --no-pack) pack=false; shift ;;
    --docs) docs=true; shift ;;
    --no-docs) docs=false; shift ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if $quick; then
  runs=1; cold_runs=1; samples="console"
  [[ -n "$docs" ]] || docs=false
fi
[[ -n "$docs" ]] || docs=true
[[ "$runs" =~ ^[1-9][0-9]*$ && "${cold_runs:-1}" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --runs and --cold-runs take a positive number" >&2; exit 2; }
[[ -n "$cold_runs" ]] || cold_runs=$((runs < 3 ? runs : 3))
((cold_runs <= runs)) || cold_runs=$runs
IFS=, read -r -a sample_list <<<"$samples"
IFS=, read -r -a mode_list <<<"$modes"
IFS=, read -r -a scenario_list <<<"$scenarios"
for s in "${sample_list[@]}"; do [[ "$s" =~ ^(console|webapi|bigdeps)$ ]] || { echo "bench.sh: unknown sample '$s'" >&2; exit 2; }; done
for m in "${mode_list[@]}"; do [[ "$m" =~ ^(fd|sc)$ ]] || { echo "bench.sh: unknown mode '$m'" >&2; exit 2; }; done
for c in "${scenario_list[@]}"; do [[ "$c" =~ ^(cold|nochange|code|package)$ ]] || { echo "bench.sh: unknown scenario '$c'" >&2; exit 2; }; done

bench_started=$(date +%s)
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf 'bench.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------- tools
need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
command -v umoci >/dev/null || need+=(umoci)
[[ -x /usr/bin/time ]] || need+=(time)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
command -v dpkg-deb >/dev/null || need+=(dpkg)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || fail "apt-get install ${need[*]} failed"
fi
command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not on PATH"

# ---------------------------------------------------------------------------------------------------- folders
out="$root/artifacts/bench"            # raw results (not committed)
work="$out/work"                       # the samples, one copy per tool, sample and mode
logs="$out/logs"
rm -rf "$work" "$logs"
mkdir -p "$out" "$work" "$logs"
results="$out/results.csv"
tmp="$(mktemp -d /tmp/containerize-bench.XXXXXX)"
reg_pid=""
events_pid=""
# The registry's storage and the SDK's content store (it keeps every layer it builds) grow to several GB in a full run.
free_kib=$(df -Pk "$tmp" | awk 'NR == 2 {print $4}')
((free_kib > 12 * 1024 * 1024)) || echo "bench.sh: warning: only $((free_kib / 1024 / 1024)) GiB free under $tmp; a full run needs about 12" >&2
cleanup() {
  local status=$?
  set +e
  [[ -n "$reg_pid" ]] && kill "$reg_pid" 2>/dev/null && wait "$reg_pid" 2>/dev/null
  [[ -n "$events_pid" ]] && kill "$events_pid" 2>/dev/null && wait "$events_pid" 2>/dev/null
  if $keep; then
    echo "bench.sh: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  ((status == 0)) || echo "bench.sh: failed (exit $status); logs in $logs" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The same conditions for every command: no MSBuild node reuse (each publish starts its own nodes and they end with
# it), no telemetry, no terminal logger, one NuGet packages folder of the benchmark's own (so the package packed
# from this checkout is the one restored, whatever else on the machine packs the same version), one temp folder and
# one cache folder of the benchmark's own (the SDK keeps its content store, base layers and every layer it builds, in
# $XDG_CACHE_HOME/dotnet/Containers), and the SDK told the registry speaks plain HTTP (below).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NUGET_PACKAGES="$out/nuget-packages"
export TMPDIR="$tmp/tmpdir" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$NUGET_PACKAGES" "$TMPDIR" "$XDG_CACHE_HOME"
ours_cache="$tmp/containerize-cache"          # -p:ContainerizeCacheDirectory: our blob and layer cache
sdk_store="$XDG_CACHE_HOME/dotnet/Containers" # the SDK's content store

py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3   # Debian's, whatever else PATH holds
free_port() { $py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# ---------------------------------------------------------------------------------------------------- package
if $pack; then
  log "packing Containerize.Tasks (build/pack.sh)"
  bash "$root/build/pack.sh" >"$logs/pack.log" 2>&1 || { tail -30 "$logs/pack.log" >&2; fail "build/pack.sh failed (log: $logs/pack.log)"; }
fi
nupkg="$root/artifacts/packages/Containerize.Tasks.0.1.0-dev.nupkg"
[[ -f "$nupkg" ]] || fail "no $nupkg: run without --no-pack"
rm -rf "$NUGET_PACKAGES/containerize.tasks"   # never a stale extracted copy

# ---------------------------------------------------------------------------------------------------- registry
reg_port=$(free_port)
events_port=$(free_port)
while [[ "$events_port" == "$reg_port" ]]; do events_port=$(free_port); done
registry="127.0.0.1:$reg_port"
events="$tmp/events.jsonl"
mkdir -p "$tmp/registry"
cat >"$tmp/registry/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $tmp/registry/storage
  delete:
    enabled: true
http:
  addr: $registry
  secret: containerize-bench
# Every blob committed, mounted and every manifest stored is posted to build/bench/registry.py: the byte counts.
notifications:
  endpoints:
    - name: bench
      url: http://127.0.0.1:$events_port/events
      timeout: 2s
      threshold: 5
      backoff: 1s
      ignore:
        actions: [pull]
YAML
$py "$here/registry.py" serve "$events_port" "$events" >"$tmp/events.log" 2>&1 &
events_pid=$!
/usr/bin/docker-registry serve "$tmp/registry/config.yml" >"$tmp/registry/registry.log" 2>&1 &
reg_pid=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "http://$registry/v2/" 2>/dev/null && break
  kill -0 "$reg_pid" 2>/dev/null || { cat "$tmp/registry/registry.log" >&2; fail "docker-registry exited at start"; }
  sleep 0.1
done
curl -fsS -o /dev/null "http://$registry/v2/" || { cat "$tmp/registry/registry.log" >&2; fail "docker-registry does not answer on http://$registry/v2/"; }
kill -0 "$events_pid" 2>/dev/null || { cat "$tmp/events.log" >&2; fail "the event sink exited at start"; }
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry"
log "registry on http://$registry (storage $tmp/registry/storage), events on 127.0.0.1:$events_port"

# ---------------------------------------------------------------------------------------------------- bases
# runtime-deps-like base from Debian packages (build/make-debian-base.sh); the framework-dependent base adds this
# machine's dotnet host and shared frameworks (Microsoft.NETCore.App and Microsoft.AspNetCore.App) as a second layer.
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
netcore_version="$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" {v=$2} END {print v}')"
aspnet_version="$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" {v=$2} END {print v}')"
[[ -n "$netcore_version" && -n "$aspnet_version" ]] || fail "dotnet --list-runtimes shows no Microsoft.NETCore.App and Microsoft.AspNetCore.App"
sdk_version="$(dotnet --version)"
bases="$out/bases"
log "base images (Debian packages; .NET $netcore_version from $dotnet_root)"
bash "$root/build/make-debian-base.sh" "$bases/debian" >"$logs/base-debian.log" 2>&1 || { cat "$logs/base-debian.log" >&2; fail "build/make-debian-base.sh failed"; }
fd_key="$(printf '%s\n' "$(cat "$bases/debian/.containerize-key")" "$netcore_version" "$aspnet_version" "$(sha256sum "$0" | cut -c1-64)" | sha256sum | cut -c1-16)"
if [[ "$(cat "$bases/dotnet/.bench-key" 2>/dev/null)" != "$fd_key" ]]; then
  stage="$tmp/fd-base"
  mkdir -p "$stage/rootfs/usr/share/dotnet/shared" "$stage/rootfs/usr/bin"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$stage/rootfs/usr/share/dotnet/"
  [[ -f "$dotnet_root/LICENSE.txt" ]] && cp -a "$dotnet_root/LICENSE.txt" "$stage/rootfs/usr/share/dotnet/"
  for fx in "Microsoft.NETCore.App/$netcore_version" "Microsoft.AspNetCore.App/$aspnet_version"; do
    mkdir -p "$stage/rootfs/usr/share/dotnet/shared/${fx%/*}"
    cp -a "$dotnet_root/shared/$fx" "$stage/rootfs/usr/share/dotnet/shared/$fx"
  done
  ln -s ../share/dotnet/dotnet "$stage/rootfs/usr/bin/dotnet"
  tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 --format=pax --pax-option=delete=atime,delete=ctime \
    -C "$stage/rootfs" -cf "$stage/layer.tar" .
  rm -rf "$bases/dotnet"
  cp -a "$bases/debian" "$stage/layout"
  umoci raw add-layer --image "$stage/layout:latest" "$stage/layer.tar" \
    --history.created_by "build/bench.sh: dotnet host, Microsoft.NETCore.App $netcore_version, Microsoft.AspNetCore.App $aspnet_version"
  umoci config --image "$stage/layout:latest" \
    --config.env DOTNET_ROOT=/usr/share/dotnet --config.env DOTNET_VERSION="$netcore_version" \
    --config.env ASPNET_VERSION="$aspnet_version"
  umoci gc --layout "$stage/layout"
  echo "$fd_key" >"$stage/layout/.bench-key"
  mv "$stage/layout" "$bases/dotnet"
  rm -rf "$stage"
fi
base_sc="$registry/bench-base/runtime-deps:12"
base_fd="$registry/bench-base/dotnet:$netcore_version"
skopeo copy --quiet --dest-tls-verify=false "oci:$bases/debian:latest" "docker://$base_sc" || fail "skopeo could not push the Debian base"
skopeo copy --quiet --dest-tls-verify=false "oci:$bases/dotnet:latest" "docker://$base_fd" || fail "skopeo could not push the dotnet base"
log "bases pushed: $base_sc (self-contained), $base_fd (framework-dependent)"

# ---------------------------------------------------------------------------------------------------- samples
# One copy per tool (sdk, ours, plain), sample and mode, so no two share obj/ or bin/. The SDK's copy has no
# Containerize.Tasks reference; the plain copy is ours (the package imported, its target not run), so "plain" is
# the publish our image step adds to. Every Program.cs ends with a BenchEdit constant the code-change scenario edits.
tools=(sdk ours plain)
# The package-change scenario upgrades Newtonsoft.Json by one version per run. Only upgrades: an incremental publish
# keeps a package's file in publish/ when the new one is older (the copy target compares timestamps), so a
# downgrade would leave the old file in the image; both tools would then see only a changed .deps.json.
pkg_versions=(11.0.1 12.0.1 12.0.3 13.0.1 13.0.2 13.0.3 13.0.4)
package_runs=$((runs < ${#pkg_versions[@]} - 1 ? runs : ${#pkg_versions[@]} - 1))
pkg_start_index=$((${#pkg_versions[@]} - 1 - package_runs))
pkg_start=${pkg_versions[$pkg_start_index]}
project_of() {
  case "$1" in
    console) echo "BenchConsole/BenchConsole.csproj" ;;
    webapi) echo "WebApi/WebApi.csproj" ;;
    bigdeps) echo "BenchBigDeps/BenchBigDeps.csproj" ;;
  esac
}
make_sample() { # tool sample mode
  local dir="$work/$1/$2-$3"
  mkdir -p "$dir"
  cp "$root/samples/Directory.Build.props" "$root/samples/Directory.Build.targets" "$dir/"
  cat >"$dir/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
    <add key="containerize-local" value="$root/artifacts/packages" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="containerize-local"><package pattern="Containerize.Tasks" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
  case "$2" in
    console) cp -r "$here/samples/console" "$dir/BenchConsole" ;;
    webapi) cp -r "$root/samples/WebApi" "$root/samples/WebApi.Core" "$dir/" ;;
    bigdeps) cp -r "$here/samples/bigdeps" "$dir/BenchBigDeps" ;;
  esac
  local project="$dir/$(project_of "$2")"
  rm -rf "$(dirname "$project")"/{bin,obj}
  printf '\nstatic class BenchEdit { public const string Value = "0"; }\n' >>"$(dirname "$project")/Program.cs"
  set_package_version "$project" "$pkg_start"
  [[ "$1" == sdk ]] && sed -i '/Include="Containerize.Tasks"/d' "$project"
  return 0
}
set_package_version() { sed -i -E "s|(Include=\"Newtonsoft.Json\" Version=)\"[^\"]*\"|\1\"$2\"|" "$1"; }

publish_args() { # tool mode repo -> the dotnet publish arguments after the project
  local tool=$1 mode=$2 repo=$3
  args=(-c Release -r linux-x64 -nologo -tl:off -nodeReuse:false -v:minimal)
  if [[ "$mode" == sc ]]; then args+=(--self-contained true); base="$base_sc"; else args+=(--self-contained false); base="$base_fd"; fi
  case "$tool" in
    sdk) args+=(-t:PublishContainer "-p:ContainerRegistry=$registry" "-p:ContainerBaseImage=$base" "-p:ContainerRepository=$repo") ;;
    ours) args+=(-t:PublishLayeredImage "-p:ContainerRegistry=$registry" "-p:ContainerBaseImage=$base" "-p:ContainerRepository=$repo"
                 "-p:ContainerizeCacheDirectory=$ours_cache/") ;;
    plain) ;;
  esac
}

log "samples into $work; restoring once up front (Newtonsoft.Json ${pkg_versions[*]:$pkg_start_index} too)"
for sample in "${sample_list[@]}"; do
  for mode in "${mode_list[@]}"; do
    sc=$([[ "$mode" == sc ]] && echo true || echo false)
    for tool in "${tools[@]}"; do make_sample "$tool" "$sample" "$mode"; done
    # Our copy references every package the others do, and Containerize.Tasks: restoring it fills the packages folder.
    project="$work/ours/$sample-$mode/$(project_of "$sample")"
    dotnet restore "$project" -r linux-x64 -p:SelfContained="$sc" -nologo -tl:off >"$logs/restore-$sample-$mode.log" 2>&1 ||
      { tail -30 "$logs/restore-$sample-$mode.log" >&2; fail "restore of $sample ($mode) failed (log: $logs/restore-$sample-$mode.log)"; }
  done
done
# Every version the package-change scenario moves to, once, so its restores read the packages folder, not the network.
prefetch="$work/prefetch"
mkdir -p "$prefetch"
cp "$work/ours/${sample_list[0]}-${mode_list[0]}/NuGet.config" "$prefetch/"
for version in "${pkg_versions[@]:$pkg_start_index}"; do
  cat >"$prefetch/Prefetch.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="Newtonsoft.Json" Version="$version" /></ItemGroup>
</Project>
XML
  dotnet restore "$prefetch/Prefetch.csproj" -nologo -tl:off >"$logs/restore-newtonsoft-$version.log" 2>&1 ||
    { tail -30 "$logs/restore-newtonsoft-$version.log" >&2; fail "restore of Newtonsoft.Json $version failed"; }
done

# ---------------------------------------------------------------------------------------------------- runs
blobs_dir="$tmp/registry/storage/docker/registry/v2/blobs"
rm -f "$results"   # registry.py record writes the header with the first row

total_planned=0
runs_of() { case "$1" in cold) echo "$cold_runs" ;; package) echo "$package_runs" ;; *) echo "$runs" ;; esac; }
for c in "${scenario_list[@]}"; do
  n=$(runs_of "$c")
  total_planned=$((total_planned + n * ${#tools[@]} * ${#sample_list[@]} * ${#mode_list[@]}))
done
done_count=0
runs_started=$(date +%s)
log "plan: $total_planned timed publishes ($runs runs, $cold_runs cold, $package_runs package-change) of ${sample_list[*]} in ${mode_list[*]}"

# Runs one publish and appends its row. Scenario preparation happens before, outside the timing.
measure() { # tool sample mode scenario run repo
  local tool=$1 sample=$2 mode=$3 scenario=$4 run=$5 repo=$6
  local dir="$work/$tool/$sample-$mode"
  local project="$dir/$(project_of "$sample")"
  local name="$sample-$mode-$scenario-$run-$tool"
  publish_args "$tool" "$mode" "$repo"
  local snapshot start end rc=0
  snapshot=($($py "$here/registry.py" snapshot "$events" "$blobs_dir"))
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$logs/$name.rss" dotnet publish "$project" "${args[@]}" >"$logs/$name.log" 2>&1 || rc=$?
  end=$(date +%s%N)
  if ((rc != 0)); then
    tail -40 "$logs/$name.log" >&2
    fail "$tool publish of $sample ($mode, $scenario, run $run) failed with exit $rc (log: $logs/$name.log)"
  fi
  local wall rss description push_args=()
  wall=$(printf '%d.%03d' $(((end - start) / 1000000000)) $((((end - start) / 1000000) % 1000)))
  rss=$(tail -1 "$logs/$name.rss")
  # The SDK PUTs its manifest once per tag; ours once by digest and once per tag (one tag here: latest).
  [[ "$tool" == sdk ]] && push_args=(--repo "$repo" --manifest-puts 1)
  [[ "$tool" == ours ]] && push_args=(--repo "$repo" --manifest-puts 2)
  description=$($py "$here/registry.py" record --events "$events" --since "${snapshot[0]}" --blobs "$blobs_dir" \
    --stored-before "${snapshot[1]}" --registry "$registry" "${push_args[@]}" \
    --publish-dir "$(dirname "$project")/bin/Release/net10.0/linux-x64/publish" --results "$results" \
    "$sample" "$mode" "$scenario" "$run" "$tool" "$wall" "$rss" "$rc") || fail "recording $name failed"
  done_count=$((done_count + 1))
  # Elapsed time, and the time left if the remaining publishes take as long as the ones so far took on average.
  local now elapsed left
  now=$(date +%s)
  elapsed=$((now - bench_started))
  left=$(((now - runs_started) * (total_planned - done_count) / done_count))
  printf '[bench %s %3d:%02d, ~%d:%02d left] %3d/%d %-8s %-3s %-9s run %d %-5s %7.2f s  %s\n' "$(date +%H:%M:%S)" \
    $((elapsed / 60)) $((elapsed % 60)) $((left / 60)) $((left % 60)) "$done_count" "$total_planned" \
    "$sample" "$mode" "$scenario" "$run" "$tool" "$wall" "$description"
}

prepare() { # tool sample mode scenario run -> sets repo
  local tool=$1 sample=$2 mode=$3 scenario=$4 run=$5
  local dir="$work/$tool/$sample-$mode"
  local project="$dir/$(project_of "$sample")"
  repo="bench/$tool-$sample-$mode"
  case "$scenario" in
    cold)
      # Empty layer caches, clean bin/obj, a repository the registry has never seen.
      find "$dir" -mindepth 2 -maxdepth 2 -type d \( -name bin -o -name obj \) -exec rm -rf {} +
      [[ "$tool" == ours ]] && rm -rf "$ours_cache"
      [[ "$tool" == sdk ]] && rm -rf "$sdk_store"
      repo="$repo-cold-$run"
      ;;
    nochange) ;;
    code)
      sed -i -E "s|(public const string Value = )\"[^\"]*\"|\1\"code-$run-$RANDOM\"|" "$(dirname "$project")/Program.cs" ;;
    package)
      set_package_version "$project" "${pkg_versions[$((pkg_start_index + run))]}" ;;
  esac
}

for sample in "${sample_list[@]}"; do
  for mode in "${mode_list[@]}"; do
    primed=false
    for scenario in "${scenario_list[@]}"; do
      n=$(runs_of "$scenario")
      if [[ "$scenario" != cold ]] && ! $primed; then
        # Untimed: one publish to each tool's steady repository, so "no change" starts from a pushed image.
        for tool in "${tools[@]}"; do
          project="$work/$tool/$sample-$mode/$(project_of "$sample")"
          publish_args "$tool" "$mode" "bench/$tool-$sample-$mode"
          dotnet publish "$project" "${args[@]}" >"$logs/$sample-$mode-prime-$tool.log" 2>&1 ||
            { tail -40 "$logs/$sample-$mode-prime-$tool.log" >&2; fail "$tool publish of $sample ($mode) failed (log: $logs/$sample-$mode-prime-$tool.log)"; }
        done
        primed=true
      fi
      for run in $(seq "$n"); do
        for tool in "${tools[@]}"; do
          prepare "$tool" "$sample" "$mode" "$scenario" "$run"
          measure "$tool" "$sample" "$mode" "$scenario" "$run" "$repo"
        done
      done
    done
  done
done

# ---------------------------------------------------------------------------------------------------- report
bench_seconds=$(($(date +%s) - bench_started))
machine_json="$out/machine.json"
$py - "$machine_json" "$sdk_version" "$netcore_version" "$runs" "$cold_runs" "$samples" "$modes" "$scenarios" "$bench_seconds" \
  "$(dpkg-query -W -f='${Version}' docker-registry 2>/dev/null || echo '?')" "$package_runs" "$load_start" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, os, platform, sys, datetime
path, sdk, runtime, runs, cold_runs, samples, modes, scenarios, seconds, registry, package_runs, load_start, load_end = sys.argv[1:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
os_name = next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME=")), "?")
json.dump({"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem / 1024 / 1024, 1), "os": os_name,
           "kernel": platform.release(), "sdk": sdk, "runtime": runtime, "registry": registry,
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "runs": int(runs), "cold_runs": int(cold_runs), "package_runs": int(package_runs), "samples": samples, "modes": modes,
           "scenarios": scenarios, "seconds": int(seconds),
           "load_start": load_start, "load_end": load_end}, open(path, "w"), indent=2)
PY
report_args=("$results" "$machine_json" --summary "$out/summary.json")
$docs && report_args+=(--markdown "$root/docs/benchmarks.md" --svg "$root/docs/benchmarks.svg")
$py "$here/report.py" "${report_args[@]}"

# Our own log of one push: the layer table (each layer, its files and sizes) and the push table (each blob's outcome).
sample_log=$(ls "$logs"/*-code-1-ours.log 2>/dev/null | head -1 || true)
[[ -n "$sample_log" ]] || sample_log=$(ls "$logs"/*-ours.log 2>/dev/null | head -1 || true)
if [[ -n "$sample_log" ]]; then
  echo
  echo "Containerize.Tasks' own tables for one run ($(basename "$sample_log" .log)):"
  awk '/^ +layer +/ {show = 1} show {print} show && /^ +Pushed / {exit}' "$sample_log" | sed 's/^ */  /' | head -60
fi
$docs && log "wrote docs/benchmarks.md and docs/benchmarks.svg"
log "done in $((bench_seconds / 60)) min $((bench_seconds % 60)) s; raw results in $out"

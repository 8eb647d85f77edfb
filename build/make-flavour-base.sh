#!/usr/bin/env bash
# Makes an OCI image layout at OUT (tag "latest") of one of the base flavours the tests need, with no registry:
#   runtime  the Debian base of make-debian-base.sh (glibc, no shell: chiseled-like) plus a layer with this machine's
#            .NET runtime (dotnet host, hostfxr, Microsoft.NETCore.App) and /usr/bin/dotnet: like dotnet/runtime.
#   musl     an Alpine-like base: musl's loader /lib/ld-musl-x86_64.so.1 from Debian's musl package, root and app
#            (1654) users, /tmp 1777, APP_UID=1654. Debian has no musl-built libstdc++ or libgcc_s, so glibc's copies
#            stand in under /usr/lib: the names a musl apphost needs are there, but a musl .NET app cannot run on it.
# Layers are made by GNU tar and the layout by umoci, independent of Containerize.Tasks. Cached like the Debian base.
set -euo pipefail
flavour="${1:?usage: make-flavour-base.sh runtime|musl OUT_LAYOUT_FOLDER}"
out="${2:?usage: make-flavour-base.sh runtime|musl OUT_LAYOUT_FOLDER}"
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
runtime_version="$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -1)"

case "$flavour" in
  runtime) inputs="$runtime_version $(cat "$root_dir/artifacts/debian-base/.containerize-key" 2>/dev/null || true)" ;;
  musl) inputs="$(apt-cache policy musl libstdc++6 libgcc-s1 2>/dev/null | grep -E '^[a-z0-9]|Candidate' | tr -d ' \n')" ;;
  *) echo "make-flavour-base.sh: unknown flavour '$flavour' (runtime or musl)" >&2; exit 1 ;;
esac
key="$(printf '%s\n%s\n%s' "$flavour" "$inputs" "$(cat "$0")" | sha256sum | cut -c1-16)"
if [[ -f "$out/index.json" && "$(cat "$out/.containerize-key" 2>/dev/null)" == "$key" ]]; then
  echo "$flavour base is up to date: $out"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
layout="$work/layout"
root="$work/rootfs"
mkdir -p "$root"
pack() { tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 --format=pax --pax-option=delete=atime,delete=ctime -C "$root" -cf "$work/layer.tar" .; }

if [[ "$flavour" == runtime ]]; then
  bash "$root_dir/build/make-debian-base.sh" "$root_dir/artifacts/debian-base" >/dev/null
  cp -r "$root_dir/artifacts/debian-base" "$layout"
  mkdir -p "$root/usr/share/dotnet/host" "$root/usr/share/dotnet/shared/Microsoft.NETCore.App" "$root/usr/bin"
  cp "$dotnet_root/dotnet" "$root/usr/share/dotnet/"
  cp -r "$dotnet_root/host/fxr" "$root/usr/share/dotnet/host/"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App/$runtime_version" "$root/usr/share/dotnet/shared/Microsoft.NETCore.App/"
  ln -s ../share/dotnet/dotnet "$root/usr/bin/dotnet"
  pack
  umoci raw add-layer --image "$layout:latest" "$work/layer.tar" --history.created_by "build/make-flavour-base.sh runtime: .NET $runtime_version"
  umoci config --image "$layout:latest" --config.env "DOTNET_VERSION=$runtime_version"
else
  mkdir -p "$work/debs"
  (cd "$work/debs" && { apt-get download musl libstdc++6 libgcc-s1 >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get download musl libstdc++6 libgcc-s1 >/dev/null 2>&1; }; })
  dpkg-deb -x "$work"/debs/musl_*.deb "$root"
  mkdir -p "$work/glibc" "$root/usr/lib" "$root/tmp" "$root/home/app" "$root/etc"
  dpkg-deb -x "$work"/debs/libstdc++6_*.deb "$work/glibc"
  dpkg-deb -x "$work"/debs/libgcc-s1_*.deb "$work/glibc"
  cp -L "$work"/glibc/usr/lib/x86_64-linux-gnu/libstdc++.so.6 "$work"/glibc/lib/x86_64-linux-gnu/libgcc_s.so.1 "$root/usr/lib/" 2>/dev/null \
    || cp -L "$work"/glibc/usr/lib/x86_64-linux-gnu/libstdc++.so.6 "$work"/glibc/usr/lib/x86_64-linux-gnu/libgcc_s.so.1 "$root/usr/lib/"
  ln -s ld-musl-x86_64.so.1 "$root/lib/libc.musl-x86_64.so.1"
  rm -rf "$root/usr/share"
  printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n' > "$root/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  pack
  umoci init --layout "$layout"
  umoci new --image "$layout:latest"
  umoci raw add-layer --image "$layout:latest" "$work/layer.tar" --history.created_by "build/make-flavour-base.sh musl: musl's loader, stand-in libstdc++ and libgcc_s"
  umoci config --image "$layout:latest" --os linux --architecture amd64 --config.user 1654 --config.workingdir / \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.env APP_UID=1654 --config.env DOTNET_RUNNING_IN_CONTAINER=true --config.env ASPNETCORE_HTTP_PORTS=8080
fi

umoci gc --layout "$layout"
echo "$key" > "$layout/.containerize-key"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$layout" "$out"
echo "$flavour base written: oci:$out:latest"

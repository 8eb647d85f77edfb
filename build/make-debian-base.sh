#!/usr/bin/env bash
# Makes an OCI image layout at OUT (tag "latest") of a runtime-deps-like base from Debian packages, with no registry:
# glibc, libstdc++, zlib, OpenSSL, ICU, tzdata and CA certificates; root and app (1654) users; /tmp 1777;
# APP_UID=1654 and USER 1654 like the .NET images. The layer tar is made by GNU tar and the layout by umoci, tools
# independent of Containerize.Tasks, so tests that build on it check our output against theirs.
# Cached: a rerun with the same package versions returns at once.
set -euo pipefail
out="${1:?usage: make-debian-base.sh OUT_LAYOUT_FOLDER}"
packages=(libc6 libstdc++6 libgcc-s1 zlib1g libssl3 ca-certificates tzdata libicu72)

for tool in apt-get dpkg-deb umoci tar; do
  command -v "$tool" >/dev/null || { echo "make-debian-base.sh: '$tool' is missing (apt-get install -y umoci)" >&2; exit 1; }
done

# The cache key is the exact package versions (and this script), so a Debian point release makes a new base.
versions="$(apt-cache policy "${packages[@]}" 2>/dev/null | grep -E '^[a-z0-9]|Candidate' | tr -d ' \n')"
key="$(printf '%s\n%s' "$versions" "$(cat "$0")" | sha256sum | cut -c1-16)"
if [[ -f "$out/index.json" && "$(cat "$out/.containerize-key" 2>/dev/null)" == "$key" ]]; then
  echo "Debian base is up to date: $out"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/rootfs"
(cd "$work/debs" && { apt-get download "${packages[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get download "${packages[@]}" >/dev/null 2>&1; }; })
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/rootfs"
done

root="$work/rootfs"
rm -rf "$root"/usr/share/{doc,man,info,lintian,bug} "$root"/etc/ssl/private
mkdir -p "$root"/etc/ssl/certs "$root"/tmp "$root"/home/app "$root"/proc "$root"/dev "$root"/sys
# ca-certificates ships the .crt files; its install script (not run by dpkg-deb -x) makes the bundle.
find "$root/usr/share/ca-certificates" -name '*.crt' | sort | xargs cat > "$root/etc/ssl/certs/ca-certificates.crt"
cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
app:x:1654:1654:app:/home/app:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
app:x:1654:
GROUP
chmod 1777 "$root/tmp"
chown -R 0:0 "$root"
chown 1654:1654 "$root/home/app"

tar --sort=name --numeric-owner --mtime=@0 --format=pax --pax-option=delete=atime,delete=ctime \
  -C "$root" -cf "$work/layer.tar" .

layout="$work/layout"
umoci init --layout "$layout"
umoci new --image "$layout:latest"
umoci raw add-layer --image "$layout:latest" "$work/layer.tar"
umoci config --image "$layout:latest" --os linux --architecture amd64 --config.user 1654 --config.workingdir / \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env APP_UID=1654 --config.env DOTNET_RUNNING_IN_CONTAINER=true --config.env ASPNETCORE_HTTP_PORTS=8080 \
  --history.created_by "build/make-debian-base.sh: ${packages[*]}"
umoci gc --layout "$layout"
echo "$key" > "$layout/.containerize-key"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$layout" "$out"
echo "Debian base written: oci:$out:latest"

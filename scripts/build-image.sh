#!/usr/bin/env bash
# Builds the infractl image FROM scratch on the local Docker engine:
#
#   scripts/build-image.sh [TAG]        (default TAG: infractl:latest)
#
# 1. scripts/install.sh installs infractl into .build/image/usr/local;
# 2. the glibc libraries and loader the binary needs (ldd) are copied beside it,
#    since only the Swift runtime is linked statically;
# 3. `docker build` with the Dockerfile, whose context is .build/image alone.
#
# INFRACTL_BUILD_CONFIGURATION=debug is passed on to install.sh (CI uses it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tag="${1:-infractl:latest}"
root=.build/image
log() { printf 'build-image: %s\n' "$*" >&2; }

rm -rf "$root"
mkdir -p "$root"
bash scripts/install.sh "$PWD/$root/usr/local"
binary="$root/usr/local/bin/infractl"

# Every absolute path ldd names (libraries and the loader), at the same path in the image.
for library in $(ldd "$binary" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$library")"
  cp -L "$library" "$root$library"
done
# Live commands in the container write nothing, but Foundation wants a temporary folder.
mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"
chmod 755 "$root"

log "docker build -t $tag"
docker build -q -t "$tag" . >/dev/null
log "built $tag: $(docker image inspect --format '{{.Size}}' "$tag") bytes"

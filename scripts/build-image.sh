#!/usr/bin/env bash
# Builds the infractl image FROM scratch on the local Docker engine:
#
#   scripts/build-image.sh [TAG]        (default TAG: infractl:latest)
#
# 1. scripts/install.sh installs infractl and infractl-mcp into .build/image/usr/local;
# 2. the glibc libraries and loader the binaries need (ldd) are copied beside them,
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

# Every absolute path ldd names (libraries and the loader), at the same path in the image:
# infractl's few, and the libcurl family infractl-mcp (the MCP server) adds.
for library in $(for binary in infractl infractl-mcp; do ldd "$root/usr/local/bin/$binary"; done | grep -o '/[^ ]*' | sort -u); do
  mkdir -p "$root$(dirname "$library")"
  cp -L "$library" "$root$library"
done
# Live commands in the container write nothing, but Foundation wants a temporary folder.
mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"
chmod 755 "$root"

log "docker build -t $tag"
docker build -q -t "$tag" . >/dev/null
log "built $tag: $(docker image inspect --format '{{.Size}}' "$tag") bytes"

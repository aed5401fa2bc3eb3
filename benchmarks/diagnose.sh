#!/usr/bin/env bash
# Benchmark `infractl diagnose` on a real engine with many containers.
#
#   benchmarks/diagnose.sh
#
# Environment: SERVICES (default 50), FAILING (default 5: containers that exit at start),
# RUNS (default 5), BASE_PORT (default 41000), SKIP_BUILD=1 to reuse the release build,
# INFRACTL=PATH to time another binary, KEEP=1 to leave the containers and workspace.
#
# Steps: build infractl in release mode; generate a registry and one compose project of
# SERVICES busybox containers (the failing ones write a log line and exit 1, the others serve
# HTTP on a published port); `docker compose up -d`; time `infractl diagnose --format json`
# (best and median of RUNS, peak RSS); print the Engine API requests one run made
# (`--stats`) and the expected count, 4 + 2 x FAILING; tear everything down.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES="${SERVICES:-50}"
FAILING="${FAILING:-5}"
RUNS="${RUNS:-5}"
BASE_PORT="${BASE_PORT:-41000}"
PREFIX="infractl-bench-$$"
MEASURE=(python3 "$ROOT/benchmarks/measure.py" --runs "$RUNS")

cd "$ROOT"

if [[ -z "${INFRACTL:-}" ]]; then
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        echo "building infractl (release)..." >&2
        swift build -c release --product infractl >&2
    fi
    BIN_DIR="$(swift build -c release --show-bin-path 2>/dev/null || echo "$ROOT/.build/release")"
    INFRACTL="$BIN_DIR/infractl"
fi
if [[ ! -x "$INFRACTL" ]]; then
    echo "error: $INFRACTL not found; run without SKIP_BUILD=1" >&2
    exit 2
fi
if ! docker info >/dev/null 2>&1; then
    echo "error: no Docker engine answers (sudo scripts/test-env.sh starts one)" >&2
    exit 2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/infractl-diagnose-bench.XXXXXX")"
WS="$WORK/workspace"
COMPOSE_FILE="$WS/apps/bench/docker-compose.yml"
cleanup() {
    if [[ "${KEEP:-0}" == 1 ]]; then
        echo "kept: $WS (docker compose -f $COMPOSE_FILE down -t 0 to remove the containers)" >&2
        return
    fi
    docker compose -f "$COMPOSE_FILE" down -v -t 0 --remove-orphans >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

python3 "$ROOT/benchmarks/generate-diagnose-workspace.py" "$WS" --services "$SERVICES" \
    --failing "$FAILING" --base-port "$BASE_PORT" --prefix "$PREFIX"

echo "starting $SERVICES containers ($FAILING exit at start)..." >&2
start=$(date +%s.%N)
docker compose -f "$COMPOSE_FILE" up -d >/dev/null 2>&1 || true
# Wait until every container has left "created" and the failing ones have exited.
for _ in $(seq 1 120); do
    running=$(docker ps --filter "name=^${PREFIX}-" --filter status=running -q | wc -l)
    exited=$(docker ps -a --filter "name=^${PREFIX}-" --filter status=exited -q | wc -l)
    (( running + exited >= SERVICES && exited >= FAILING )) && break
    sleep 1
done
up=$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }")
echo "containers up in ${up}s: $running running, $exited exited" >&2

echo
echo "Engine: $(docker version --format '{{.Server.Version}}'), $SERVICES containers ($FAILING failing); $RUNS runs"
echo
printf '| %-48s | %9s | %11s | %12s | %6s |\n' "command" "best (ms)" "median (ms)" "max RSS (MB)" "exit"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..50})" "-----------" "-------------" "--------------" "--------"
"${MEASURE[@]}" --expect-status 1 --label "infractl diagnose ($SERVICES containers)" -- \
    "$INFRACTL" diagnose --workspace "$WS" --format json
"${MEASURE[@]}" --label "docker ps -a (for comparison)" -- docker ps -a

stats=$("$INFRACTL" diagnose --workspace "$WS" --format json --stats 2>&1 >/dev/null | grep '^engine API:' || true)
echo
echo "$stats"
echo "expected Engine API requests: 4 + 2 x $FAILING failing = $(( 4 + 2 * FAILING ))"
findings=$("$INFRACTL" diagnose --workspace "$WS" --format json | python3 -c \
    'import json,sys; d=json.load(sys.stdin); print(d["summary"], len(d["services"]), "services")' || true)
echo "report: $findings"

#!/usr/bin/env bash
# Benchmark `infractl stats` on the real engine: 30 running containers of one compose project,
# each read at once (an inspect and one `stats?stream=false` call, which the engine answers
# after sampling twice a second apart); compared in the same run with ONE stats call of one
# container (curl on the engine's socket) and with `docker stats --no-stream` of all 30.
#
#   benchmarks/stats.sh
#
# Environment: CONTAINERS (default 30), RUNS (default 3), INFRACTL=PATH to time another binary
# (default: the debug build, built when missing; the work is I/O-bound), IMAGE (default the
# test image scripts/test-env.sh builds), KEEP=1 to keep the containers.
#
# Prints per run and as medians: infractl's wall time, one stats call's, their difference
# (target: well under a second), and `docker stats --no-stream`'s.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-3}"
COUNT="${CONTAINERS:-30}"
IMAGE="${IMAGE:-infractl-test/busybox:latest}"
SOCKET="${DOCKER_HOST:-unix:///var/run/docker.sock}"
SOCKET="${SOCKET#unix://}"

for tool in docker curl python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed (scripts/test-env.sh installs it)" >&2; exit 2; }
done
docker image inspect "$IMAGE" >/dev/null 2>&1 || { echo "error: image $IMAGE is missing (run scripts/test-env.sh)" >&2; exit 2; }

if [[ -z "${INFRACTL:-}" ]]; then
    INFRACTL="$ROOT/.build/debug/infractl"
    if [[ ! -x "$INFRACTL" ]]; then
        echo "building infractl (debug)..." >&2
        (cd "$ROOT" && swift build --product infractl >&2)
    fi
fi
[[ -x "$INFRACTL" ]] || { echo "error: $INFRACTL not found" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/infractl-stats-bench.XXXXXX")"
PROJECT="ixbench-stats-$$"
cleanup() {
    if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $WORK (project $PROJECT)" >&2; return; fi
    docker compose -f "$WORK/apps/bench/docker-compose.yml" down -t 0 >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/.dev/infra" "$WORK/apps/bench"
{
    echo "version: 1"
    echo "platform: BENCH"
    echo "apps:"
    echo "  bench: { ports: 20000-20999 }"
    echo "services:"
    echo "  bench:"
    echo "    dev:"
    for i in $(seq 1 "$COUNT"); do
        echo "      - { name: $PROJECT-s$i, type: worker, compose_file: apps/bench/docker-compose.yml }"
    done
} > "$WORK/.dev/infra/registry.yml"
{
    echo "name: $PROJECT"
    echo "services:"
    for i in $(seq 1 "$COUNT"); do
        echo "  s$i:"
        echo "    container_name: $PROJECT-s$i"
        echo "    image: $IMAGE"
        echo "    init: true"
        echo "    command: [\"sleep\", \"3600\"]"
        echo "    mem_limit: 64m"
    done
} > "$WORK/apps/bench/docker-compose.yml"
echo "starting $COUNT containers..." >&2
docker compose -f "$WORK/apps/bench/docker-compose.yml" up -d >/dev/null 2>&1

ms() { python3 -c 'import sys,time; print(int(time.monotonic()*1000))'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

declare -a T_INFRA T_ONE T_DOCKER
printf '%-5s %14s %14s %12s %22s\n' run "infractl (ms)" "one call (ms)" "extra (ms)" "docker stats (ms)"
for run in $(seq 1 "$RUNS"); do
    start=$(ms); "$INFRACTL" stats --workspace "$WORK" --format json > "$WORK/out.json"; end=$(ms)
    infra=$((end - start))
    rows=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for s in d["services"] if "memory_bytes" in s))' "$WORK/out.json")
    [[ "$rows" == "$COUNT" ]] || { echo "error: infractl measured $rows of $COUNT containers" >&2; exit 1; }
    start=$(ms); curl -sf --unix-socket "$SOCKET" "http://localhost/containers/$PROJECT-s1/stats?stream=false" >/dev/null; end=$(ms)
    one=$((end - start))
    start=$(ms); docker stats --no-stream $(seq -f "$PROJECT-s%g" 1 "$COUNT") >/dev/null; end=$(ms)
    dstats=$((end - start))
    T_INFRA+=("$infra"); T_ONE+=("$one"); T_DOCKER+=("$dstats")
    printf '%-5s %14d %14d %12d %22d\n' "$run" "$infra" "$one" "$((infra - one))" "$dstats"
done
mi=$(printf '%s\n' "${T_INFRA[@]}" | median)
mo=$(printf '%s\n' "${T_ONE[@]}" | median)
md=$(printf '%s\n' "${T_DOCKER[@]}" | median)
printf '%-5s %14d %14d %12d %22d\n' median "$mi" "$mo" "$((mi - mo))" "$md"
echo "infractl stats reads $COUNT containers in $((mi - mo)) ms more than one stats call (target: well under 1000 ms)"

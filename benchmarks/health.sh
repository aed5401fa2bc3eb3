#!/usr/bin/env bash
# Benchmark `infractl health`: 30 services, 10 of which take 1.5 s to answer, probed all at
# once; compared in the same run with the equivalent shell commands run one after another.
#
#   benchmarks/health.sh
#
# Servers run on the host as child processes, on free ports of 127.0.0.1:
#   10 slow HTTP  busybox httpd, a CGI that sleeps 1.5 s           (probe: http)
#   14 HTTP       busybox httpd, a static /health                  (probe: http)
#    4 TCP        busybox httpd ports, connection only             (probe: tcp)
#    1 Redis      redis-server                                     (probe: redis)
#    1 PostgreSQL initdb + postgres as the postgres user (root)    (probe: postgres)
# Without root (or without the postgresql package) the PostgreSQL service is a fifth TCP one.
#
# Environment: RUNS (default 3), INFRACTL=PATH to time another binary (default: the debug
# build, built when missing; the work is I/O-bound), KEEP=1 to keep the workspace and logs.
#
# Prints, per run and as medians: infractl's total wall time, its slowest single probe (the
# largest latency_ms it reports), their ratio (target: within 1.3x), the sequential shell time
# (curl / pg_isready / redis-cli / a bash /dev/tcp connect for `nc -z`, one after another),
# and the speed-up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-3}"
SLOW=10 FAST=14 TCP=4

for tool in busybox curl redis-server redis-cli python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed (scripts/test-env.sh installs it)" >&2; exit 2; }
done

if [[ -z "${INFRACTL:-}" ]]; then
    INFRACTL="$ROOT/.build/debug/infractl"
    if [[ ! -x "$INFRACTL" ]]; then
        echo "building infractl (debug)..." >&2
        (cd "$ROOT" && swift build --product infractl >&2)
    fi
fi
[[ -x "$INFRACTL" ]] || { echo "error: $INFRACTL not found" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/infractl-health-bench.XXXXXX")"
chmod 755 "$WORK"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Free ports, chosen by the kernel.
mapfile -t PORTS < <(python3 - <<'EOF'
import socket
socks = []
for _ in range(30):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
EOF
)

# --- servers ----------------------------------------------------------------------------
mkdir -p "$WORK/www/cgi-bin"
echo ok > "$WORK/www/health"
cat > "$WORK/www/cgi-bin/slow" <<'EOF'
#!/bin/sh
sleep 1.5
printf 'Content-Type: text/plain\r\n\r\nslow\n'
EOF
chmod 755 "$WORK/www/cgi-bin/slow"

SERVICES=()   # name kind port path
index=0
for i in $(seq 1 "$SLOW"); do
    port="${PORTS[$index]}"; index=$((index + 1))
    busybox httpd -f -p "127.0.0.1:$port" -h "$WORK/www" & PIDS+=($!)
    SERVICES+=("slow-$i http $port /cgi-bin/slow")
done
for i in $(seq 1 "$FAST"); do
    port="${PORTS[$index]}"; index=$((index + 1))
    busybox httpd -f -p "127.0.0.1:$port" -h "$WORK/www" & PIDS+=($!)
    SERVICES+=("web-$i http $port /health")
done
for i in $(seq 1 "$TCP"); do
    port="${PORTS[$index]}"; index=$((index + 1))
    busybox httpd -f -p "127.0.0.1:$port" -h "$WORK/www" & PIDS+=($!)
    SERVICES+=("tcp-$i tcp $port -")
done
port="${PORTS[$index]}"; index=$((index + 1))
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --loglevel warning >"$WORK/redis.log" 2>&1 & PIDS+=($!)
SERVICES+=("cache redis $port -")

port="${PORTS[$index]}"; index=$((index + 1))
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [[ "$(id -u)" == 0 && -n "$PG_BIN" ]] && id postgres >/dev/null 2>&1; then
    mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust --no-locale -E UTF8 >"$WORK/initdb.log" 2>&1
    runuser -u postgres -- "$PG_BIN/postgres" -D "$WORK/pg/data" -p "$port" -k "$WORK/pg" -c listen_addresses=127.0.0.1 \
        >"$WORK/postgres.log" 2>&1 & PIDS+=($!)
    SERVICES+=("database postgres $port -")
else
    busybox httpd -f -p "127.0.0.1:$port" -h "$WORK/www" & PIDS+=($!)
    SERVICES+=("tcp-5 tcp $port -")
    echo "note: no PostgreSQL (needs root and the postgresql package): a fifth TCP service instead" >&2
fi

# Wait until every port accepts connections.
for entry in "${SERVICES[@]}"; do
    read -r _ _ port _ <<<"$entry"
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
done
if command -v pg_isready >/dev/null && [[ -n "$PG_BIN" ]]; then
    for entry in "${SERVICES[@]}"; do
        read -r _ kind port _ <<<"$entry"
        [[ "$kind" == postgres ]] || continue
        for _ in $(seq 1 100); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.1; done
    done
fi

# --- workspace ----------------------------------------------------------------------------
WS="$WORK/ws"
mkdir -p "$WS/.dev/infra"
{
    echo "version: 1"
    echo "platform: BENCH"
    echo "apps:"
    echo "  bench: { ports: 1024-65535 }"
    echo "services:"
    echo "  bench:"
    echo "    dev:"
    for entry in "${SERVICES[@]}"; do
        read -r name kind port path <<<"$entry"
        case "$kind" in
            http) health="{ probe: http, path: $path }"; type=api ;;
            postgres) health="{ probe: postgres }"; type=database ;;
            redis) health="{ probe: redis }"; type=cache ;;
            *) health="{ probe: tcp }"; type=other ;;
        esac
        echo "      - { name: bench-$name, type: $type, ports: [$port], compose_file: bench/docker-compose.yml, health: $health }"
    done
} > "$WS/.dev/infra/registry.yml"

# --- runs ---------------------------------------------------------------------------------
sequential() {
    for entry in "${SERVICES[@]}"; do
        read -r _ kind port path <<<"$entry"
        case "$kind" in
            http) curl -s -o /dev/null -m 3 "http://127.0.0.1:$port$path" || true ;;
            postgres) pg_isready -q -h 127.0.0.1 -p "$port" -t 3 || true ;;
            redis) redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null || true ;;
            tcp) (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || true ;;
        esac
    done
}

# Bash's own clock: starting a process (python3 through a pyenv shim) would add its own time.
now() { echo "$EPOCHREALTIME"; }

echo
echo "30 services (${SLOW} answer after 1.5 s), ${RUNS} runs; infractl: $INFRACTL"
echo
printf '| %3s | %15s | %15s | %7s | %16s | %8s |\n' run "infractl (s)" "slowest probe (s)" ratio "sequential (s)" speed-up
printf '|-----|-----------------|-------------------|---------|------------------|----------|\n'
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
for run in $(seq 1 "$RUNS"); do
    start=$(now)
    status=0
    "$INFRACTL" health --workspace "$WS" --format json > "$WORK/health.json" || status=$?
    end=$(now)
    [[ $status -le 1 ]] || { echo "error: infractl health exited $status" >&2; cat "$WORK/health.json" >&2; exit 2; }
    start_seq=$(now)
    sequential
    end_seq=$(now)
    python3 - "$WORK/health.json" "$start" "$end" "$start_seq" "$end_seq" "$run" >> "$RESULTS" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
total = float(sys.argv[3]) - float(sys.argv[2])
sequential = float(sys.argv[5]) - float(sys.argv[4])
slowest = max(s.get("latency_ms", 0) for s in report["services"]) / 1000
bad = [s["name"] + ": " + s["status"] for s in report["services"] if s["status"] not in ("healthy", "degraded")]
if bad:
    print("warning: " + ", ".join(bad), file=sys.stderr)
print(f"{sys.argv[6]}\t{total:.3f}\t{slowest:.3f}\t{sequential:.3f}")
EOF
    tail -1 "$RESULTS" | awk -F'\t' '{ printf "| %3s | %15.3f | %17.3f | %6.2fx | %16.3f | %7.1fx |\n", $1, $2, $3, $2/$3, $4, $4/$2 }'
done
python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().split("\n") if line]
total = statistics.median(float(r[1]) for r in rows)
slowest = statistics.median(float(r[2]) for r in rows)
sequential = statistics.median(float(r[3]) for r in rows)
ratio = total / slowest
print(f"| med | {total:15.3f} | {slowest:17.3f} | {ratio:6.2f}x | {sequential:16.3f} | {sequential / total:7.1f}x |")
print()
print(f"infractl health: {total:.2f} s for 30 services, {ratio:.2f}x its slowest probe ({slowest:.2f} s); target within 1.3x: "
      + ("met" if ratio <= 1.3 else "NOT met"))
print(f"the same checks one after another in the shell: {sequential:.2f} s, {sequential / total:.1f}x longer")
EOF

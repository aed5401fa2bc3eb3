#!/usr/bin/env bash
# Benchmark `infractl validate` on a large generated workspace.
#
#   benchmarks/run.sh
#
# Environment: APPS (default 100), SERVICES (default 10), RUNS (default 5),
# SKIP_BUILD=1 to reuse the binary installed by an earlier run, INFRACTL=PATH to time another binary
# (no build), KEEP=1 to keep the workspace, SCALING=0 to skip the scaling table.
#
# Steps: build and install infractl as scripts/install.sh does (static Swift stdlib); generate an APPS x SERVICES workspace in a
# temporary folder; time `infractl validate --workspace DIR --format json` (best and median
# of RUNS, peak RSS); time `docker compose -f <one app's compose file> config -q` for
# comparison, an empty run (`infractl --version`), and PyYAML's C loader parsing the same
# YAML files in-process; print a table and the ratio to Compose. Then time validate on
# workspaces of 10, 100, 1,000 and 5,000 services and print the cost per service.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APPS="${APPS:-100}"
SERVICES="${SERVICES:-10}"
RUNS="${RUNS:-5}"
MEASURE=(python3 "$ROOT/benchmarks/measure.py" --runs "$RUNS")

cd "$ROOT"

# (a) the binary as users install it: scripts/install.sh's release build, with the Swift
# standard library and Foundation linked statically (an empty run starts in about two thirds
# of the time the dynamically linked `swift build -c release` binary takes).
if [[ -z "${INFRACTL:-}" ]]; then
    PREFIX="$ROOT/.build/bench-install"
    if [[ "${SKIP_BUILD:-0}" != 1 || ! -x "$PREFIX/bin/infractl" ]]; then
        echo "building infractl (scripts/install.sh $PREFIX)..." >&2
        bash "$ROOT/scripts/install.sh" "$PREFIX" >&2
    fi
    INFRACTL="$PREFIX/bin/infractl"
fi
echo "timing $INFRACTL" >&2
if [[ ! -x "$INFRACTL" ]]; then
    echo "error: $INFRACTL is not an executable file (INFRACTL=PATH, or scripts/install.sh failed)" >&2
    exit 2
fi

# (b) workspace
WORK="$(mktemp -d "${TMPDIR:-/tmp}/infractl-bench.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then
    echo "workspace kept in $WORK" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi
WS="$WORK/workspace"
python3 "$ROOT/benchmarks/generate-workspace.py" "$WS" --apps "$APPS" --services "$SERVICES"
SERVICE_COUNT=$(( APPS * SERVICES + 2 ))
COMPOSE_FILE_COUNT=$(( APPS + 1 ))

# One check run first: the generated workspace must validate cleanly.
if ! "$INFRACTL" validate --workspace "$WS" --format json > "$WORK/validate.json"; then
    echo "warning: infractl validate reported findings or failed on the generated workspace;" \
         "first findings:" >&2
    head -c 2000 "$WORK/validate.json" >&2 || true
    echo >&2
fi

# Docker Compose for comparison: the CLI plugin, else a standalone docker-compose.
COMPOSE=()
if docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    COMPOSE=(docker-compose)
fi

echo
echo "Workspace: $APPS apps x $SERVICES services = $SERVICE_COUNT services, $COMPOSE_FILE_COUNT compose files; $RUNS runs each"
echo
printf '| %-48s | %9s | %11s | %12s | %6s |\n' "command" "best (ms)" "median (ms)" "max RSS (MB)" "exit"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..50})" "-----------" "-------------" "--------------" "--------"

# (c) infractl validate over the whole workspace
"${MEASURE[@]}" --label "infractl validate (whole workspace)" --record "$WORK/validate.rec" -- \
    "$INFRACTL" validate --workspace "$WS" --format json

# (d) docker compose config -q on a single application's file
if [[ ${#COMPOSE[@]} -gt 0 ]]; then
    "${MEASURE[@]}" --label "${COMPOSE[*]} config -q (1 app, $SERVICES services)" --record "$WORK/compose.rec" \
        --cwd "$WS/apps/app001" -- "${COMPOSE[@]}" -f docker-compose.dev.yml config -q
else
    echo "| docker compose not found: comparison skipped |" >&2
fi

# (e) an empty run: what starting the binary costs
"${MEASURE[@]}" --label "infractl --version (empty run)" --record "$WORK/empty.rec" -- "$INFRACTL" --version

# (f) the parsing floor: PyYAML's C loader (libyaml) reading the same files in-process
python3 "$ROOT/benchmarks/pyyaml-parse.py" "$WS" --runs "$RUNS"

read -r VALIDATE_MS VALIDATE_MB VALIDATE_CPU < "$WORK/validate.rec"
read -r EMPTY_MS _ _ < "$WORK/empty.rec"
echo
echo "infractl validate: median $VALIDATE_MS ms wall, $VALIDATE_CPU ms CPU, peak $VALIDATE_MB MiB"
if [[ -f "$WORK/compose.rec" ]]; then
    read -r COMPOSE_MS _ _ < "$WORK/compose.rec"
    python3 -c "import sys; v, c = map(float, sys.argv[1:]); print(f'ratio to Compose: {v / c:.2f} ({v:.1f} ms for $APPS projects / {c:.1f} ms for one)')" \
        "$VALIDATE_MS" "$COMPOSE_MS"
fi

# (g) scaling: the same generator at 10, 100, 1,000 and 5,000 services (forge's 2 included)
if [[ "${SCALING:-1}" != 0 ]]; then
    echo
    echo "Scaling (median of $RUNS; per service = (median - empty run $EMPTY_MS ms) / services):"
    echo
    printf '| %8s | %11s | %12s | %16s |\n' "services" "median (ms)" "max RSS (MB)" "per service (us)"
    printf '|%s|%s|%s|%s|\n' "----------" "-------------" "--------------" "------------------"
    for SHAPE in "1 8" "10 10" "100 10" "500 10"; do
        read -r SCALE_APPS SCALE_SERVICES <<< "$SHAPE"
        SCALE_WS="$WORK/scale-$SCALE_APPS"
        python3 "$ROOT/benchmarks/generate-workspace.py" "$SCALE_WS" --apps "$SCALE_APPS" --services "$SCALE_SERVICES" 2>/dev/null
        "${MEASURE[@]}" --label "scale" --record "$WORK/scale.rec" -- \
            "$INFRACTL" validate --workspace "$SCALE_WS" --format json > /dev/null
        read -r SCALE_MS SCALE_MB _ < "$WORK/scale.rec"
        COUNT=$(( SCALE_APPS * SCALE_SERVICES + 2 ))
        python3 -c "import sys; n, m, e, r = int(sys.argv[1]), *map(float, sys.argv[2:]); print(f'| {n:>8} | {m:>11.1f} | {r:>12.1f} | {(m - e) * 1000 / n:>16.1f} |')" \
            "$COUNT" "$SCALE_MS" "$EMPTY_MS" "$SCALE_MB"
        rm -rf "$SCALE_WS"
    done
fi

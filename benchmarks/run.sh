#!/usr/bin/env bash
# Benchmark `infractl validate` on a large generated workspace.
#
#   benchmarks/run.sh
#
# Environment: APPS (default 100), SERVICES (default 10), RUNS (default 5),
# SKIP_BUILD=1 to reuse the existing release build, INFRACTL=PATH to time another binary
# (no build), KEEP=1 to keep the workspace.
#
# Steps: build infractl in release mode; generate an APPS x SERVICES workspace in a
# temporary folder; time `infractl validate --workspace DIR --format json` (best and median
# of RUNS, peak RSS); time `docker compose -f <one app's compose file> config -q` for
# comparison; print a table.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APPS="${APPS:-100}"
SERVICES="${SERVICES:-10}"
RUNS="${RUNS:-5}"
MEASURE=(python3 "$ROOT/benchmarks/measure.py" --runs "$RUNS")

cd "$ROOT"

# (a) release build
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
"${MEASURE[@]}" --label "infractl validate (whole workspace)" -- \
    "$INFRACTL" validate --workspace "$WS" --format json

# (d) docker compose config -q on a single application's file
if [[ ${#COMPOSE[@]} -gt 0 ]]; then
    "${MEASURE[@]}" --label "${COMPOSE[*]} config -q (1 app, $SERVICES services)" \
        --cwd "$WS/apps/app001" -- "${COMPOSE[@]}" -f docker-compose.dev.yml config -q
else
    echo "| docker compose not found: comparison skipped |" >&2
fi

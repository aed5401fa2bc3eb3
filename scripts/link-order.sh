#!/usr/bin/env bash
# Writes scripts/infractl.order: the functions infractl runs for its common commands, in the
# order they are first seen, for the linker to place side by side (lld --symbol-ordering-file,
# used by scripts/install.sh).
#
#   scripts/link-order.sh [INFRACTL]     (default: builds one with scripts/install.sh)
#
# Why: the kernel maps a binary's code into a process 16 pages around each page it runs. The
# code validate runs is about 1.5 MB, spread over the 30 MB of code of a binary that links the
# Swift standard library and Foundation statically, so a run mapped 14 MB of it. Placed side
# by side, it maps 6 MB: peak memory falls by a fifth and nothing else changes.
#
# The file only moves code; a name it lists that the binary no longer has is skipped, and a
# function it does not list keeps its place. Regenerate it when the commands' code has changed
# much (new dependencies, large rewrites), and compare benchmarks/run.sh's peak memory before
# and after. Needs valgrind (callgrind lists every function a run enters).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v valgrind >/dev/null || { echo "link-order: needs valgrind" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
infractl="${1:-}"
if [ -z "$infractl" ]; then
  bash scripts/install.sh "$work/prefix" >&2
  infractl="$work/prefix/bin/infractl"
fi

"$infractl" init --example axiom "$work/axiom" >/dev/null
python3 benchmarks/generate-workspace.py "$work/bench" --apps 100 --services 10 >/dev/null

# The commands whose code goes first, most common first. Exit status 1 (findings) is expected.
runs=(
  "validate --workspace $work/bench --format json"
  "validate --workspace $work/axiom"
  "validate --workspace $work/axiom --format json"
  "validate --workspace $work/axiom --format sarif"
  "graph --workspace $work/axiom"
  "ports list --workspace $work/axiom"
  "audit --workspace $work/axiom"
  "rules"
  "--version"
  "--help"
)
index=0
for run in "${runs[@]}"; do
  index=$((index + 1))
  read -r -a arguments <<<"$run"
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/run-$index.out" \
    "$infractl" "${arguments[@]}" >/dev/null 2>"$work/run-$index.log" || true
  [ -s "$work/run-$index.out" ] || { echo "link-order: no profile for: infractl $run" >&2; exit 1; }
done

# callgrind names each function once as `fn=(N) name` or `cfn=(N) name`; a recursion depth
# ('2) and a dynamic symbol's version (@@GLIBC_2.2.5) are not part of the name, and an address
# (0x...) has none.
python3 - "$work" "$index" >scripts/infractl.order <<'EOF'
import re, sys
work, count = sys.argv[1], int(sys.argv[2])
seen = set()
for index in range(1, count + 1):
    for line in open(f"{work}/run-{index}.out", encoding="utf-8", errors="replace"):
        match = re.match(r"c?fn=\(\d+\) (.+)$", line)
        if not match:
            continue
        name = re.sub(r"'\d+$", "", match.group(1).strip()).split("@")[0]
        if not name or name.startswith("0x") or name in seen:
            continue
        seen.add(name)
        print(name)
EOF
echo "link-order: $(wc -l <scripts/infractl.order) functions in scripts/infractl.order" >&2

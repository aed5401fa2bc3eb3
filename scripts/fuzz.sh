#!/usr/bin/env bash
# Fuzzes infractl's readers of untrusted files with libFuzzer.
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]   one target
#   scripts/fuzz.sh all SECONDS                            every target in turn (CI)
#
# Targets (Tests/InfraCoreTests/Fuzz/FuzzTarget.swift): yaml registry compose env certificate.
# SwiftPM cannot build a libFuzzer binary, so this compiles InfraCore's sources (and Yams's)
# once more with `-sanitize=fuzzer,address` into .build/fuzz and links them with the objects of
# the ordinary debug build (`swift build`); the other dependencies are not instrumented.
# Seeds: the test fixtures (the Compose conformance corpus among them), the example workspace,
# Fuzz/seeds/TARGET and every input kept as a regression (Tests/InfraCoreTests/Fixtures/fuzz).
# A crash, a hang (-timeout) or a memory blow-up (-rss_limit_mb) fails the run and leaves its
# input in .build/fuzz/artifacts; add it to Tests/InfraCoreTests/Fixtures/fuzz/TARGET/ and fix it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TARGETS=(yaml registry compose env certificate)
TIMEOUT_SECONDS=${FUZZ_TIMEOUT:-10}
RSS_LIMIT_MB=${FUZZ_RSS_LIMIT_MB:-1024}
MAX_LEN=${FUZZ_MAX_LEN:-65536}
OUT=.build/fuzz

usage() { echo "usage: scripts/fuzz.sh TARGET|all SECONDS [libFuzzer flags...]; targets: ${TARGETS[*]}" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1 seconds=$2
shift 2
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

# --- build ---------------------------------------------------------------------
# Instrumented: our core, the YAML reader under it (Yams and its libyaml) and the certificate
# parser (swift-certificates and its ASN.1 reader); the other dependencies are linked as the
# debug build made them.
INSTRUMENTED_SWIFT=(Yams SwiftASN1 X509 InfraCore)
build() {
  swift build --product infractl >/dev/null
  local bin
  bin=$(swift build --show-bin-path)
  mkdir -p "$OUT/module" "$OUT/cyaml"
  local binary="$OUT/infractl-fuzz"
  if [ -x "$binary" ] && [ -z "$(find Sources/InfraCore Fuzz Tests/InfraCoreTests/Fuzz scripts/fuzz.sh -newer "$binary" -name '*.swift' -o -newer "$binary" -name fuzz.sh | head -1)" ] \
      && [ "$binary" -nt "$bin/infractl" ]; then
    return
  fi
  echo "fuzz: building $binary" >&2
  # Each module's compiler flags (C module maps, import paths) and sources from SwiftPM's own
  # build plan, and the objects SwiftPM links into infractl less those built here and the
  # front ends'.
  python3 - "$bin" "$OUT" "${INSTRUMENTED_SWIFT[@]}" <<'PY'
import json, sys
bin, out, modules = sys.argv[1], sys.argv[2], sys.argv[3:]
plan = json.load(open(f"{bin}/description.json"))["swiftCommands"]
for name in modules:
    module = next(v for k, v in plan.items() if k.startswith(f"C.{name}-") and k.endswith(".module"))
    flags, args = [], iter(module["otherArguments"])
    for a in args:
        if a == "-Xcc" or a in ("-swift-version", "-package-name", "-target"):
            flags += [a, next(args)]
        elif a.startswith("-D"):
            flags.append(a)
    open(f"{out}/flags.{name}", "w").write("\n".join(flags + ["-I", module["importPath"]]) + "\n")
    open(f"{out}/sources.{name}", "w").write("\n".join(i["name"] for i in module["inputs"] if i["name"].endswith(".swift")) + "\n")
skip = [f"/{name}.build/" for name in modules + ["CYaml", "infractl", "InfraMCP"]]
# One path a line, quoted where SwiftPM quoted it (names with spaces): a response file.
objects = [l for l in open(f"{bin}/infractl.product/Objects.LinkFileList").read().splitlines() if l and not any(s in l for s in skip)]
open(f"{out}/objects", "w").write("\n".join(objects) + "\n")
PY
  local yams_c=.build/checkouts/Yams/Sources/CYaml
  for source in "$yams_c"/src/*.c; do
    clang -c -O1 -g -fPIC -w -DYAML_DECLARE_STATIC -I "$yams_c/include" -fsanitize=fuzzer-no-link,address \
      "$source" -o "$OUT/cyaml/$(basename "$source").o"
  done
  local -a objects=("$OUT"/cyaml/*.o)
  for name in "${INSTRUMENTED_SWIFT[@]}"; do
    mapfile -t flags <"$OUT/flags.$name"
    mapfile -t sources <"$OUT/sources.$name"
    swiftc -wmo -parse-as-library -module-name "$name" -emit-module -emit-module-path "$OUT/module/$name.swiftmodule" \
      -c -o "$OUT/$name.o" -Onone -sanitize=fuzzer,address -I "$OUT/module" "${flags[@]}" "${sources[@]}"
    objects+=("$OUT/$name.o")
  done
  mapfile -t flags <"$OUT/flags.InfraCore"
  swiftc -parse-as-library -module-name InfraFuzz -Onone -sanitize=fuzzer,address -I "$OUT/module" "${flags[@]}" \
    Fuzz/FuzzEntry.swift Tests/InfraCoreTests/Fuzz/FuzzTarget.swift "${objects[@]}" @"$OUT/objects" \
    -lstdc++ -lm -lz -o "$binary" 2> >(grep -v "Cannot export local symbol" >&2)
}

# --- seeds ---------------------------------------------------------------------
# The files of the repository each target reads, copied flat into one folder.
seeds() {
  local target=$1 folder=$OUT/seeds/$1
  rm -rf "$folder"
  mkdir -p "$folder"
  local -a found=()
  case $target in
    yaml | compose) mapfile -t found < <(find Tests Examples -name '*.yml' -o -name '*.yaml') ;;
    registry) mapfile -t found < <(find Tests Examples -name 'registry*.yml') ;;
    env) mapfile -t found < <(find Tests Examples -name '*.env' -o -name '.env' -o -name '*.env.*') ;;
    certificate) found=() ;;
  esac
  for extra in Fuzz/seeds/"$target" Tests/InfraCoreTests/Fixtures/fuzz/"$target"; do
    [ -d "$extra" ] && mapfile -t -O "${#found[@]}" found < <(find "$extra" -type f)
  done
  local i=0
  for file in "${found[@]}"; do cp "$file" "$folder/$i"; i=$((i + 1)); done
  echo "$folder"
}

# --- run -----------------------------------------------------------------------
run() {
  local target=$1 seconds=$2
  shift 2
  local corpus=$OUT/corpus/$target log=$OUT/$target.log
  mkdir -p "$corpus" "$OUT/artifacts"
  local seed_folder
  seed_folder=$(seeds "$target")
  set +e
  INFRACTL_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$OUT/infractl-fuzz" "$corpus" "$seed_folder" \
    -max_total_time="$seconds" -timeout="$TIMEOUT_SECONDS" -rss_limit_mb="$RSS_LIMIT_MB" -max_len="$MAX_LEN" \
    -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$target-" "$@" >"$log" 2>&1
  local status=$?
  set -e
  local done_line runs
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    echo "fuzz: $target: ${runs:-?} executions in ${seconds} s, $(echo "$done_line" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[^ ]+') (cov = instrumented edges reached)"
  else
    echo "fuzz: $target: FAILED (exit $status) after ${runs:-?} executions; log $log, input:" >&2
    grep -E 'Test unit written to|ERROR:|Fatal error|SUMMARY' "$log" | head -5 >&2
    return 1
  fi
}

build
if [ "$target" = all ]; then
  failed=0
  for t in "${TARGETS[@]}"; do run "$t" "$seconds" "$@" || failed=1; done
  exit "$failed"
fi
[[ " ${TARGETS[*]} " == *" $target "* ]] || usage
run "$target" "$seconds" "$@"

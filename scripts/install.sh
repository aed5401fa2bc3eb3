#!/usr/bin/env bash
# Builds infractl and installs it with its man page and shell completions:
#
#   scripts/install.sh [PREFIX]        (default PREFIX: /usr/local)
#
#   PREFIX/bin/infractl
#   PREFIX/bin/infractl-mcp                                 (the server `infractl mcp` runs)
#   PREFIX/share/man/man1/infractl.1                        (swift-argument-parser's generate-manual)
#   PREFIX/share/bash-completion/completions/infractl       (--generate-completion-script bash)
#   PREFIX/share/zsh/site-functions/_infractl               (zsh)
#   PREFIX/share/fish/vendor_completions.d/infractl.fish    (fish)
#
# The binary links the Swift standard library and Foundation statically
# (--static-swift-stdlib), so it runs on a machine without a Swift toolchain; it
# still links glibc, libstdc++ and zlib dynamically. infractl-mcp links libcurl (with
# its dependencies) too: the MCP SDK imports FoundationNetworking.
# A fully static musl build needs the Static Linux SDK: set INFRACTL_SWIFT_SDK to
# its id, e.g. x86_64-swift-linux-musl.
#
# INFRACTL_BUILD_CONFIGURATION=debug builds the debug configuration instead of
# release (CI does, to reuse the build its tests made). INFRACTL_SCRATCH_PATH
# selects SwiftPM's build folder (default .build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

prefix="${1:-/usr/local}"
configuration="${INFRACTL_BUILD_CONFIGURATION:-release}"
scratch="${INFRACTL_SCRATCH_PATH:-.build}"
log() { printf 'install: %s\n' "$*" >&2; }

# `infractl version` names the commit; Package.swift passes it to the BuildInfo target.
if [ -z "${INFRACTL_COMMIT:-}" ]; then
  INFRACTL_COMMIT="$(git describe --always --dirty --abbrev=40 2>/dev/null || true)"
fi
export INFRACTL_COMMIT

build=(swift build -c "$configuration" --scratch-path "$scratch")
if [ -n "${INFRACTL_SWIFT_SDK:-}" ]; then
  build+=(--swift-sdk "$INFRACTL_SWIFT_SDK")
else
  build+=(--static-swift-stdlib)
  # The MCP SDK (infractl-mcp) imports FoundationNetworking, whose static library needs its
  # CURL shim (_CFURLSessionInterface), libcurl and the rest of Foundation after it; SwiftPM's
  # static link leaves them out (undefined CFURLSession* symbols). One more linker group with
  # every static library of the toolchain resolves them; link flags only, nothing recompiles.
  # --as-needed: infractl itself references no libcurl symbol, so it does not load libcurl
  # and the thirty libraries behind it (4-6 ms and 6 MiB of every run).
  static="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")/lib/swift_static/linux"
  build+=(-Xlinker --start-group)
  for archive in "$static"/lib*.a; do
    name="$(basename "$archive" .a)"
    case "$name" in *XCTest* | *Testing* | *FoundationXML* | *CFXMLInterface* | *Cxx*) continue ;; esac
    build+=(-Xlinker "-l${name#lib}")
  done
  build+=(-Xlinker --as-needed -Xlinker -lcurl -Xlinker --end-group)
  # FoundationNetworking asks for -lcurl; without libcurl's development package there is only
  # libcurl.so.4, so give the linker a libcurl.so beside the build.
  if ! ldconfig -p | grep -q 'libcurl\.so '; then
    curl_library="$(ldconfig -p | awk '/libcurl\.so\.4 /{ print $NF; exit }')"
    [ -n "$curl_library" ] || { log "ERROR: no libcurl.so.4 (install libcurl4)"; exit 1; }
    mkdir -p "$scratch/link-libraries"
    ln -sfn "$curl_library" "$scratch/link-libraries/libcurl.so"
    build+=(-Xlinker -L"$PWD/$scratch/link-libraries")
  fi
  # A release links with the toolchain's lld, for three things that change no behaviour:
  # - the code the common commands run side by side (scripts/infractl.order, written by
  #   scripts/link-order.sh; every function in a section of its own so it can move): the
  #   kernel maps code 16 pages around each page run, and spread over 30 MB of code validate
  #   mapped 14 MB of it, side by side 6 MB;
  # - no symbol table for the dynamic loader (--no-export-dynamic): nothing looks our symbols
  #   up at run time, and the loader no longer resolves 3 MB of relocations by name
  #   (backtraces read the ordinary symbol table, which stays);
  # - relocations packed (DT_RELR) where the C library reads them (glibc 2.36 and later, so
  #   only when the one building has it): 3.2 MB of them were read at every start.
  # Together: 47 -> 34 MiB peak for validate on the benchmark workspace, 18 -> 14 MiB and 2 ms
  # less for an empty run. Objects compiled before without -function-sections are kept as
  # they were by the compiler (it skips code generation when the module is unchanged): remove
  # the scratch folder's release objects once to lay out their code too.
  lld="$(dirname "$(readlink -f "$(command -v swift)")")/ld.lld"
  if [ "$configuration" = release ] && [ -x "$lld" ]; then
    build+=(-Xswiftc -use-ld=lld -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections)
    build+=(-Xlinker --symbol-ordering-file="$PWD/scripts/infractl.order" -Xlinker --no-warn-symbol-ordering)
    build+=(-Xlinker --no-export-dynamic)
    glibc="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{ print $2 }')"
    if [ -n "$glibc" ] && [ "$(printf '2.36\n%s\n' "$glibc" | sort -V | head -n 1)" = 2.36 ]; then
      build+=(-Xlinker -z -Xlinker pack-relative-relocs)
    fi
  fi
fi
products="$("${build[@]}" --show-bin-path)"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
for product in infractl infractl-mcp; do
  # Remove each binary so that this build links it again with these flags.
  rm -f "$products/$product"
  log "${build[*]} --product $product (commit ${INFRACTL_COMMIT:-unknown})"
  "${build[@]}" --product "$product"
  cp "$products/$product" "$staging/$product"
  # Debug information is most of the file; the symbols stay, so backtraces still name functions.
  if command -v strip >/dev/null; then strip --strip-debug "$staging/$product"; fi
done

log "completions (bash, zsh, fish)"
"$staging/infractl" --generate-completion-script bash >"$staging/infractl.bash"
"$staging/infractl" --generate-completion-script zsh >"$staging/_infractl"
"$staging/infractl" --generate-completion-script fish >"$staging/infractl.fish"

# The plugin builds every product in the debug configuration (the page is the same; a debug
# build is what `swift build` and the tests make, and the release flags above would have it
# compile everything again) and writes the page under the plugin's work folder.
log "man page (swift package generate-manual)"
swift package --scratch-path "$scratch" generate-manual --configuration debug >&2
page="$(find "$scratch/plugins" -path '*GenerateManual*' -name infractl.1 -newer "$staging/infractl" | head -n 1)"
[ -n "$page" ] || { log "ERROR: generate-manual wrote no infractl.1"; exit 1; }

log "installing into $prefix"
install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 755 "$staging/infractl" "$prefix/bin/infractl"
install -m 755 "$staging/infractl-mcp" "$prefix/bin/infractl-mcp"
install -m 644 "$page" "$prefix/share/man/man1/infractl.1"
install -m 644 "$staging/infractl.bash" "$prefix/share/bash-completion/completions/infractl"
install -m 644 "$staging/_infractl" "$prefix/share/zsh/site-functions/_infractl"
install -m 644 "$staging/infractl.fish" "$prefix/share/fish/vendor_completions.d/infractl.fish"
log "installed $("$prefix/bin/infractl" --version)"

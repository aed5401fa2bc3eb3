#!/usr/bin/env python3
"""Parity of `infractl audit` with compose-lint, the reference Compose security linter.

    compose-lint-parity.py INFRACTL

Writes the AXIOM example workspace (`infractl init --example axiom`) and a benchmark workspace
(benchmarks/generate-workspace.py), runs compose-lint over every compose file of each and
`infractl audit --format json` over the workspace, and checks that every (CL rule, service)
compose-lint reports has an audit finding on the same service whose rule lists that CL id among
its `equivalents` (`infractl rules --format json`), or one of those rules says in its
`differences` why infractl judges otherwise (printed with the pair). Prints the coverage, N of M.

Exit 0 when every pair is covered or judged otherwise, 1 otherwise. compose-lint missing: exit 1
in CI (CI=true), else exit 0 with the reason (scripts/test-env.sh installs it).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import_error = None
try:
    import yaml
except ImportError as error:  # PyYAML comes with compose-lint
    import_error = error

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def skip_or_fail(reason):
    if os.environ.get("CI") == "true":
        print(f"compose-lint parity: FAIL: {reason} (scripts/test-env.sh installs it)")
        sys.exit(1)
    print(f"compose-lint parity: skipped: {reason}")
    sys.exit(0)


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def compose_files(workspace):
    found = []
    for folder, _, names in os.walk(workspace):
        if "/.dev" in folder:
            continue
        found += [os.path.join(folder, name) for name in names if name.startswith("docker-compose") and name.endswith((".yml", ".yaml"))]
    return sorted(found)


def platform_names(path):
    """compose key -> container name (else the key), as infractl names services."""
    with open(path) as handle:
        document = yaml.safe_load(handle) or {}
    services = document.get("services") or {}
    return {key: (value or {}).get("container_name", key) for key, value in services.items()}


def lint(path):
    result = run(["compose-lint", "check", "--format", "json", "--no-merge-overrides", "--allow-partial-coverage", path])
    if result.returncode not in (0, 1):
        raise SystemExit(f"compose-lint failed on {path}: {result.stderr.strip()}")
    return json.loads(result.stdout)["findings"]


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    infractl = os.path.abspath(sys.argv[1])
    if shutil.which("compose-lint") is None or import_error is not None:
        skip_or_fail("compose-lint is not installed")
    version = run(["compose-lint", "--version"]).stdout.strip()

    rules = json.loads(run([infractl, "rules", "--format", "json"], check=True).stdout)["rules"]
    claims, differences = {}, {}
    for rule in rules:
        for equivalent, reason in rule.get("differences", {}).items():
            differences.setdefault(equivalent.split(" ", 1)[1], []).append(f"{rule['id']}: {reason}")
        for equivalent in rule["equivalents"]:
            if equivalent.startswith("compose-lint "):
                claims.setdefault(equivalent.split(" ", 1)[1], []).append(rule["id"])

    scratch = tempfile.mkdtemp(prefix="infractl-parity-")
    try:
        example = os.path.join(scratch, "axiom")
        run([infractl, "init", "--example", "axiom", example], check=True)
        bench = os.path.join(scratch, "bench")
        run([sys.executable, os.path.join(ROOT, "benchmarks", "generate-workspace.py"), bench, "--apps", "5", "--services", "4"], check=True)

        total, covered, judged, missing = 0, 0, [], []
        for workspace in (example, bench):
            audit = json.loads(run([infractl, "audit", "--workspace", workspace, "--format", "json"]).stdout)
            found = {(f["rule"], f.get("service")) for f in audit["findings"]}
            for path in compose_files(workspace):
                names = platform_names(path)
                for finding in lint(path):
                    rule_id, key = finding["rule_id"], finding["service"]
                    service = names.get(key, key)
                    total += 1
                    owners = claims.get(rule_id, [])
                    if any((owner, service) in found for owner in owners):
                        covered += 1
                        continue
                    place = f"{os.path.relpath(path, workspace)}: {rule_id} on {service}"
                    if rule_id in differences:
                        judged.append(f"{place}; {' '.join(differences[rule_id])}")
                    else:
                        missing.append(f"{place} (equivalent rules: {', '.join(owners) or 'none'})")

        print(f"compose-lint parity ({version}): {covered} of {total} findings have an audit finding of an equivalent rule")
        for place in judged:
            print(f"  judged otherwise: {place}")
        for place in missing:
            print(f"  MISSING: {place}")
        sys.exit(1 if missing else 0)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Time PyYAML's C loader (libyaml) reading the YAML files `infractl validate` reads, as a
reference for what parsing alone costs; prints one row like measure.py.

    pyyaml-parse.py WORKSPACE --runs 5

The files are the registry and every compose file under WORKSPACE. Each run reads and parses
all of them in this process (the interpreter's start is not counted); the RSS column is the
process's peak.
"""
import argparse
import glob
import os
import resource
import statistics
import sys
import time

import yaml


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not getattr(yaml, "__with_libyaml__", False):
        print("| PyYAML without libyaml: reference skipped |", file=sys.stderr)
        return 0
    files = [os.path.join(args.workspace, ".dev/infra/registry.yml")]
    files += sorted(glob.glob(os.path.join(args.workspace, "**/docker-compose*.yml"), recursive=True))
    size = sum(os.path.getsize(path) for path in files)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for path in files:
            with open(path, encoding="utf-8") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
        times.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = f"PyYAML CSafeLoader, {len(files)} files, {size / 1e6:.1f} MB"
    print(f"| {label:<48} | {min(times) * 1000:>9.1f} | {statistics.median(times) * 1000:>11.1f} "
          f"| {peak_mb:>12.1f} | {'0':>6} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

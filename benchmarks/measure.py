#!/usr/bin/env python3
"""Run a command several times and print one row: best and median wall time, peak RSS.

    measure.py --runs 5 --label NAME [--cwd DIR] [--expect-status 0] [--record FILE] -- COMMAND [ARG...]

The command's stdout goes to /dev/null; its stderr is shown only when it exits with another
status than expected. Peak RSS comes from wait4() of each run (the maximum over all runs).
With --record, the median wall time (ms), peak RSS (MiB) and median CPU time (ms) are also
written to FILE, for the summary lines that compare rows.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time


def run_once(command, cwd):
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    rss_kb = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, rss_kb, cpu, process.returncode, stderr.decode(errors="replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--label", required=True)
    parser.add_argument("--cwd")
    parser.add_argument("--expect-status", type=int, default=0)
    parser.add_argument("--record")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    times, cpus, peak, statuses = [], [], 0.0, []
    for _ in range(args.runs):
        elapsed, rss_kb, cpu, status, stderr = run_once(command, args.cwd)
        times.append(elapsed)
        cpus.append(cpu)
        peak = max(peak, rss_kb)
        statuses.append(status)
        if status != args.expect_status:
            tail = "\n".join(stderr.strip().splitlines()[-20:])
            print(f"warning: {args.label}: exit status {status} (expected {args.expect_status})"
                  + (f"\n{tail}" if tail else ""), file=sys.stderr)
    print(f"| {args.label:<48} | {min(times) * 1000:>9.1f} | {statistics.median(times) * 1000:>11.1f} "
          f"| {peak / 1024:>12.1f} | {','.join(sorted(set(map(str, statuses)))):>6} |")
    if args.record:
        median = statistics.median(times)
        cpu = statistics.median(cpus)
        with open(args.record, "w", encoding="utf-8") as handle:
            handle.write(f"{median * 1000:.1f} {peak / 1024:.1f} {cpu * 1000:.1f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

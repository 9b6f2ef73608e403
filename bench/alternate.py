"""Times commands in alternating rounds: one warm-up round, then each round runs every command
once, in the same order. hyperfine runs one command's runs back to back, so a noisy minute on
a shared machine lands on one tool; rounds spread it over all of them.

Usage: python3 bench/alternate.py ROUNDS OUT_JSON NAME[@MAX_RUNS]=COMMAND...

A command with @MAX_RUNS runs only in the first MAX_RUNS rounds and gets no warm-up (semgrep:
minutes per run). Prints one line per command (median, min, max wall time in seconds, peak
RSS in MB over its runs) and writes the same, with every run's time, to OUT_JSON.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run(command):
    """Wall time in seconds and peak RSS in MB of one run, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main():
    rounds, out = int(sys.argv[1]), sys.argv[2]
    commands = []
    for arg in sys.argv[3:]:
        name, command = arg.split("=", 1)
        name, _, limit = name.partition("@")
        commands.append((name, command, int(limit) if limit else rounds))
    for name, command, limit in commands:
        if limit >= rounds:
            run(command)
    times = {name: [] for name, _, _ in commands}
    peaks = {name: 0.0 for name, _, _ in commands}
    for index in range(rounds):
        for name, command, limit in commands:
            if index < limit:
                wall, peak = run(command)
                times[name].append(wall)
                peaks[name] = max(peaks[name], peak)
    results = {}
    for name, _, _ in commands:
        runs = times[name]
        results[name] = {"median": statistics.median(runs), "min": min(runs), "max": max(runs),
                         "runs": runs, "peak_mb": round(peaks[name])}
        print(f"{name:16} median {results[name]['median']:.3f} s  min {min(runs):.3f}  max {max(runs):.3f}  "
              f"peak {results[name]['peak_mb']} MB  ({len(runs)} runs)")
    with open(out, "w") as f:
        json.dump(results, f, indent=1)


main()

"""Scores a precision-corpus run against the labels (see bench/precision/LABELLING.md).

Usage: python3 bench/precision/score.py PRECISION_DIR RUNS_DIR

RUNS_DIR holds `<name>.json` (ssotlint's JSON report with the maintainers' configuration)
and `<name>.init.toml` (`ssotlint init --dry-run` without it). A finding is matched to a
label by rule, path and line. A label `TP` or `FN` that no finding matches is a miss (FN).
"""
import json
import tomllib
import os
import re
import sys
from collections import defaultdict

precision_dir, runs = sys.argv[1], sys.argv[2]


def labels_of(name):
    labels = {}
    path = os.path.join(precision_dir, "labels", f"{name}.tsv")
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 4 or parts[2] not in ("TP", "FP", "FN"):
                sys.exit(f"{path}:{number}: expected rule<TAB>path:line<TAB>TP|FP|FN<TAB>reason")
            rule, location, verdict, reason = parts[0], parts[1], parts[2], parts[3]
            labels[(rule, location)] = (verdict, reason)
    return labels


def owners_of_config(text):
    """`owners` per concern in a TOML config."""
    concerns = tomllib.loads(text).get("concerns", {})
    return {name: concern.get("owners", []) for name, concern in concerns.items()}


def glob_matches(pattern, path):
    pattern = pattern.lstrip("./")
    if "/" not in pattern:
        pattern = "**/" + pattern
    regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
    return re.fullmatch(regex, path) is not None


names = []
with open(os.path.join(precision_dir, "repos.tsv"), encoding="utf-8") as f:
    for line in f:
        if line.strip() and not line.startswith("#"):
            names.append(line.split("\t")[0])

counts = defaultdict(lambda: {"TP": 0, "FP": 0, "FN": 0})
unlabelled, misses, false = [], [], []
init_match = defaultdict(lambda: [0, 0])
init_lines = []
for name in names:
    labels = labels_of(name)
    with open(os.path.join(runs, f"{name}.json"), encoding="utf-8") as f:
        report = json.load(f)
    found = set()
    for finding in report["findings"]:
        key = (finding["rule"], f'{finding["path"]}:{finding["span"]["start"]["line"]}')
        found.add(key)
        verdict = labels.get(key, (None,))[0]
        if verdict is None:
            unlabelled.append(f"{name}\t{key[0]}\t{key[1]}\t{finding['message']}")
            continue
        counts[key[0]]["TP" if verdict in ("TP", "FN") else "FP"] += 1
        if verdict == "FP":
            false.append(f"{name}\t{key[0]}\t{key[1]}\t{labels[key][1]}")
    for key, (verdict, reason) in labels.items():
        if verdict in ("TP", "FN") and key not in found:
            counts[key[0]]["FN"] += 1
            misses.append(f"{name}\t{key[0]}\t{key[1]}\t{reason}")
    # init: do its proposals name files the maintainers chose as owners?
    with open(os.path.join(precision_dir, "configs", f"{name}.toml"), encoding="utf-8") as f:
        wanted = owners_of_config(f.read())
    init_path = os.path.join(runs, f"{name}.init.toml")
    proposed = owners_of_config(open(init_path, encoding="utf-8").read()) if os.path.exists(init_path) else {}
    for concern, globs in wanted.items():
        if not globs:
            continue
        got = proposed.get(concern, [])
        ok = bool(got) and all(any(glob_matches(g, p) for g in globs) for p in got)
        init_match[concern][0] += ok
        init_match[concern][1] += 1
        init_lines.append(f"{name}\t{concern}\t{'match' if ok else 'MISMATCH'}\tproposed {got or 'nothing'}; maintainers {globs}")

print(f"{'rule':<24} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}")
total = {"TP": 0, "FP": 0, "FN": 0}
for rule in sorted(counts):
    c = counts[rule]
    for k in total:
        total[k] += c[k]
    precision = f"{c['TP'] / (c['TP'] + c['FP']):.3f}" if c["TP"] + c["FP"] else "-"
    recall = f"{c['TP'] / (c['TP'] + c['FN']):.3f}" if c["TP"] + c["FN"] else "-"
    print(f"{rule:<24} {c['TP']:>4} {c['FP']:>4} {c['FN']:>4} {precision:>10} {recall:>8}")
precision = f"{total['TP'] / (total['TP'] + total['FP']):.3f}" if total["TP"] + total["FP"] else "-"
recall = f"{total['TP'] / (total['TP'] + total['FN']):.3f}" if total["TP"] + total["FN"] else "-"
print(f"{'all':<24} {total['TP']:>4} {total['FP']:>4} {total['FN']:>4} {precision:>10} {recall:>8}")
print()
for concern, (ok, of) in sorted(init_match.items()):
    print(f"init proposals matching the maintainers' owners, {concern}: {ok} of {of}")
print()
print(f"false positives ({len(false)}):")
for line in false:
    print("  " + line)
print(f"misses ({len(misses)}):")
for line in misses:
    print("  " + line)
print(f"init:")
for line in init_lines:
    print("  " + line)
print(f"not yet labelled ({len(unlabelled)}):")
for line in unlabelled:
    print("  " + line)

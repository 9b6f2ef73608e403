#!/usr/bin/env bash
# The peer benchmark (issue 5): ssotlint, ripgrep, ruff, ast-grep and semgrep on the same
# files in one run, medians of hyperfine runs, peak memory, thread scaling and MB/s.
#
# Usage: bench/run.sh PYTHON_CORPUS RUST_CORPUS
#   Each corpus is a directory of checked-out repositories (bench/README.md lists the ones
#   used and their commits; bench/sweep.sh checks them out from `fetch`ed mirrors).
# Environment:
#   RUNS=5            hyperfine runs per command (after one warm-up)
#   SEMGREP_RUNS=1    semgrep takes minutes per run; raise it if you have the time
#   BENCH_VENV=...    a virtualenv with ruff, ast-grep-cli and semgrep (created if missing)
set -euo pipefail
py=${1:?usage: bench/run.sh PYTHON_CORPUS RUST_CORPUS}
rs=${2:?usage: bench/run.sh PYTHON_CORPUS RUST_CORPUS}
runs=${RUNS:-5}
semgrep_runs=${SEMGREP_RUNS:-1}
here=$(cd "$(dirname "$0")" && pwd)
venv=${BENCH_VENV:-$here/.venv}
out=${BENCH_OUT:-$here/results}
mkdir -p "$out"

cd "$here/.."
cargo build --release --locked --quiet
ssotlint=$PWD/target/release/ssotlint
for tool in hyperfine rg; do
    command -v $tool > /dev/null || { echo "bench: needs $tool (apt-get install $tool)" >&2; exit 2; }
done
if [[ ! -x $venv/bin/semgrep ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet ruff==0.17.6 ast-grep-cli==0.51.1 semgrep==1.182.0
fi
export PATH=$venv/bin:$PATH
peers=$here/peers

corpus_mb() {
    rg --files -g "$2" "$1" | python3 -c "import os,sys; print(round(sum(os.path.getsize(l.strip()) for l in sys.stdin)/1e6, 1))"
}
py_mb=$(corpus_mb "$py" '*.py')
rs_mb=$(corpus_mb "$rs" '*.rs')
echo "python corpus: $py ($(rg --files -g '*.py' "$py" | wc -l) files, $py_mb MB)"
echo "rust corpus:   $rs ($(rg --files -g '*.rs' "$rs" | wc -l) files, $rs_mb MB)"

# Whether this machine really gives two cores: a CPU-bound control run once and twice at once.
control() { python3 -c 'sum(i * i for i in range(12_000_000))'; }
start=$(date +%s%N); control; one=$(($(date +%s%N) - start))
start=$(date +%s%N); control & control & wait; two=$(($(date +%s%N) - start))
echo "cpu control: 2 jobs in parallel take $(python3 -c "print(round($two / $one, 2))")x one job (1.0 = two free cores)"

bench() {
    local name=$1 n=$2
    shift 2
    # One warm-up run fills the page cache, except for a tool that takes minutes per run.
    local warmup=1
    [[ $n -lt 2 ]] && warmup=0
    hyperfine --style none --ignore-failure --warmup "$warmup" --runs "$n" --export-json "$out/$name.json" -n "$name" "$@" \
        > /dev/null 2>&1
}
sg_config=$peers/ast-grep/sgconfig.yml
rg_line='rg -c -e DATABASE_URL -e Pool -e class -e struct'

bench py-ssotlint "$runs" "$ssotlint check --format json $py"
bench py-ssotlint-1 "$runs" "$ssotlint check --format json --threads 1 $py"
bench py-rg "$runs" "$rg_line $py"
bench py-ruff "$runs" "ruff check --no-cache --isolated --select E9,F63,F7,F82 --quiet --exit-zero $py"
bench py-ast-grep "$runs" "ast-grep scan -c $sg_config -j 2 --json=compact $py"
bench py-semgrep "$semgrep_runs" \
    "semgrep scan --config $peers/semgrep.yml --metrics=off --disable-version-check -j 2 --json --quiet $py"
bench rs-ssotlint "$runs" "$ssotlint check --format json $rs"
bench rs-ssotlint-1 "$runs" "$ssotlint check --format json --threads 1 $rs"
bench rs-rg "$runs" "$rg_line $rs"
bench rs-ast-grep "$runs" "ast-grep scan -c $sg_config -j 2 --json=compact $rs"

peak_mb() { /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1 | awk '{printf "%.0f", $1 / 1024}'; }
{
    echo "py-ssotlint $(peak_mb "$ssotlint" check --format json "$py")"
    echo "py-ssotlint-1 $(peak_mb "$ssotlint" check --format json --threads 1 "$py")"
    echo "rs-ssotlint $(peak_mb "$ssotlint" check --format json "$rs")"
    echo "py-ruff $(peak_mb ruff check --no-cache --isolated --select E9,F63,F7,F82 --quiet --exit-zero "$py")"
    echo "py-rg $(peak_mb rg -c -e DATABASE_URL -e Pool -e class -e struct "$py")"
    echo "py-ast-grep $(peak_mb ast-grep scan -c "$sg_config" -j 2 --json=compact "$py")"
} > "$out/peak-mb.txt"

python3 - "$out" "$py_mb" "$rs_mb" << 'PY'
import json, os, sys
out, py_mb, rs_mb = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
def median(name):
    path = os.path.join(out, f"{name}.json")
    return json.load(open(path))["results"][0]["median"] if os.path.exists(path) else None
peak = dict(line.split() for line in open(os.path.join(out, "peak-mb.txt")))
def row(label, name):
    t = median(name)
    print(f"| {label} | {t:.3f} s | {peak.get(name, '-')} MB |" if t else f"| {label} | - | - |")
print("\n| command | median wall | peak RSS |\n|---|---|---|")
for label, name in [("ssotlint, Python", "py-ssotlint"), ("ssotlint --threads 1, Python", "py-ssotlint-1"),
                    ("rg line, Python", "py-rg"), ("ruff E9,F63,F7,F82, Python", "py-ruff"),
                    ("ast-grep -j 2, Python", "py-ast-grep"), ("semgrep -j 2, Python", "py-semgrep"),
                    ("ssotlint, Rust", "rs-ssotlint"), ("ssotlint --threads 1, Rust", "rs-ssotlint-1"),
                    ("rg line, Rust", "rs-rg"), ("ast-grep -j 2, Rust", "rs-ast-grep")]:
    row(label, name)
m = {n: median(n) for n in ["py-ssotlint", "py-ssotlint-1", "py-rg", "py-ruff", "py-ast-grep", "py-semgrep",
                            "rs-ssotlint", "rs-ssotlint-1", "rs-rg", "rs-ast-grep"]}
def ratio(a, b):
    return f"{m[a] / m[b]:.2f}" if m[a] and m[b] else "-"
print("\n| target | measured | goal |\n|---|---|---|")
print(f"| Python: ssotlint / ruff | {ratio('py-ssotlint', 'py-ruff')} | <= 0.30 |")
print(f"| Python: ssotlint / rg | {ratio('py-ssotlint', 'py-rg')} | <= 5 |")
print(f"| Python: ast-grep / ssotlint | {ratio('py-ast-grep', 'py-ssotlint')} | >= 25 |")
print(f"| Python: semgrep / ssotlint | {ratio('py-semgrep', 'py-ssotlint')} | - |")
print(f"| Rust: ssotlint / rg | {ratio('rs-ssotlint', 'rs-rg')} | <= 5 |")
print(f"| Rust: ast-grep / ssotlint | {ratio('rs-ast-grep', 'rs-ssotlint')} | >= 10 |")
print(f"| Python: 1 thread / 2 threads | {ratio('py-ssotlint-1', 'py-ssotlint')} | >= 1.7 |")
print(f"| Rust: 1 thread / 2 threads | {ratio('rs-ssotlint-1', 'rs-ssotlint')} | >= 1.7 |")
print(f"| Python: peak RSS | {peak.get('py-ssotlint')} MB | <= 60 MB |")
if m["py-ssotlint-1"]:
    print(f"\n--threads 1: Python {py_mb / m['py-ssotlint-1']:.0f} MB/s, Rust {rs_mb / m['rs-ssotlint-1']:.0f} MB/s "
          "(whole run: discovery, prefilter, parsing what matters, rules, output)")
PY

#!/usr/bin/env bash
# The peer benchmark (issue 5): ssotlint, ripgrep, ruff, ast-grep and semgrep on the same
# files in one run, in alternating rounds: medians, peak memory, thread scaling and MB/s.
#
# Usage: bench/run.sh PYTHON_CORPUS RUST_CORPUS
#   Each corpus is a directory of checked-out repositories (bench/README.md lists the ones
#   used and their commits; bench/sweep.sh checks them out from `fetch`ed mirrors).
# Environment:
#   RUNS=5            rounds: each runs every command once (after one warm-up round)
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
for tool in rg; do
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
# Run before and after the timings.
control() { python3 -c 'sum(i * i for i in range(12_000_000))'; }
cpu_control() {
    local start one two
    start=$(date +%s%N); control; one=$(($(date +%s%N) - start))
    start=$(date +%s%N); control & control & wait; two=$(($(date +%s%N) - start))
    echo "cpu control ($1): 2 jobs in parallel take $(python3 -c "print(round($two / $one, 2))")x one job (1.0 = two free cores)"
}
cpu_control before

sg_config=$peers/ast-grep/sgconfig.yml
rg_line='rg -c -e DATABASE_URL -e Pool -e class -e struct'
ruff_line='ruff check --no-cache --isolated --select E9,F63,F7,F82 --quiet --exit-zero'
semgrep_line="semgrep scan --config $peers/semgrep.yml --metrics=off --disable-version-check -j 2 --json --quiet"

# Alternating rounds (bench/alternate.py): every command once per round, after a warm-up round.
python3 "$here/alternate.py" "$runs" "$out/times.json" \
    "py-ssotlint=$ssotlint check --format json $py" \
    "py-ssotlint-1=$ssotlint check --format json --threads 1 $py" \
    "py-rg=$rg_line $py" \
    "py-ruff=$ruff_line $py" \
    "py-ast-grep=ast-grep scan -c $sg_config -j 2 --json=compact $py" \
    "py-semgrep@$semgrep_runs=$semgrep_line $py" \
    "rs-ssotlint=$ssotlint check --format json $rs" \
    "rs-ssotlint-1=$ssotlint check --format json --threads 1 $rs" \
    "rs-rg=$rg_line $rs" \
    "rs-ast-grep=ast-grep scan -c $sg_config -j 2 --json=compact $rs"

cpu_control after

python3 - "$out/times.json" "$py_mb" "$rs_mb" << 'PY'
import json, sys
results, py_mb, rs_mb = json.load(open(sys.argv[1])), float(sys.argv[2]), float(sys.argv[3])
m = {name: r["median"] for name, r in results.items()}
print("\n| command | median wall | min-max | peak RSS |\n|---|---|---|---|")
for label, name in [("ssotlint, Python", "py-ssotlint"), ("ssotlint --threads 1, Python", "py-ssotlint-1"),
                    ("rg line, Python", "py-rg"), ("ruff E9,F63,F7,F82, Python", "py-ruff"),
                    ("ast-grep -j 2, Python", "py-ast-grep"), ("semgrep -j 2, Python", "py-semgrep"),
                    ("ssotlint, Rust", "rs-ssotlint"), ("ssotlint --threads 1, Rust", "rs-ssotlint-1"),
                    ("rg line, Rust", "rs-rg"), ("ast-grep -j 2, Rust", "rs-ast-grep")]:
    r = results[name]
    print(f"| {label} | {r['median']:.3f} s | {r['min']:.3f}-{r['max']:.3f} s | {r['peak_mb']} MB |")
def ratio(a, b):
    return f"{m[a] / m[b]:.2f}"
print("\n| target | measured | goal |\n|---|---|---|")
print(f"| Python: ssotlint / ruff | {ratio('py-ssotlint', 'py-ruff')} | <= 0.30 |")
print(f"| Python: ssotlint / rg | {ratio('py-ssotlint', 'py-rg')} | <= 5 |")
print(f"| Python: ast-grep / ssotlint | {ratio('py-ast-grep', 'py-ssotlint')} | >= 25 |")
print(f"| Python: semgrep / ssotlint | {ratio('py-semgrep', 'py-ssotlint')} | - |")
print(f"| Rust: ssotlint / rg | {ratio('rs-ssotlint', 'rs-rg')} | <= 5 |")
print(f"| Rust: ast-grep / ssotlint | {ratio('rs-ast-grep', 'rs-ssotlint')} | >= 10 |")
print(f"| Python: 1 thread / 2 threads | {ratio('py-ssotlint-1', 'py-ssotlint')} | >= 1.7 |")
print(f"| Rust: 1 thread / 2 threads | {ratio('rs-ssotlint-1', 'rs-ssotlint')} | >= 1.7 |")
print(f"| Python: peak RSS | {results['py-ssotlint']['peak_mb']} MB | <= 60 MB |")
print(f"\n--threads 1: Python {py_mb / m['py-ssotlint-1']:.0f} MB/s ({1000 * m['py-ssotlint-1'] / py_mb:.1f} ms/MB), "
      f"Rust {rs_mb / m['rs-ssotlint-1']:.0f} MB/s ({1000 * m['rs-ssotlint-1'] / rs_mb:.1f} ms/MB) "
      "(whole run: discovery, prefilter, parsing what matters, rules, output)")
PY

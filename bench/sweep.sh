#!/usr/bin/env bash
# The real-repository sweep (SPEC §9): runs ssotlint over every repository fetched for
# benchmarking, with and without the prefilter, and fails on a crash, a panic, an
# internal error, or a file that was discovered but neither checked nor reported.
#
# Usage: bench/sweep.sh [MIRRORS_DIR [WORK_DIR]]
#   MIRRORS_DIR  bare repositories, one per directory (default /work/.mirror, where the
#                workplace's `fetch` puts them)
#   WORK_DIR     where their newest commits are checked out (default /work/sweep)
#
# "Checked or reported" is proven twice: the files `--show-files` lists must be exactly the
# `.py`/`.pyi`/`.rs` files ripgrep finds with the same ignore rules (plus those reported as
# not checkable), and `files_scanned` in the JSON summary must count every one of them.
set -euo pipefail
mirrors=${1:-/work/.mirror}
work=${2:-/work/sweep}
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin=$PWD/target/release/ssotlint
command -v rg > /dev/null || { echo "sweep: needs ripgrep (apt-get install ripgrep)" >&2; exit 2; }

excludes=()
for dir in .git target .venv venv node_modules __pycache__ build dist .tox .nox .mypy_cache .pytest_cache \
    .ruff_cache __pypackages__ .eggs .hg .svn .direnv; do
    excludes+=(-g "!$dir/")
done

# The newest commit's files (bench/checkout.py).
checkout() {
    python3 bench/checkout.py "$1" "$2"
}

failed=0
total_files=0
printf '%-40s %7s %7s %8s %6s %6s %7s | %7s %8s %6s %7s\n' repository files parsed findings syntax other "time" parsed findings syntax "time"
printf '%-40s %s | %s\n' '' '------------------- default -------------------' '------- --no-prefilter -------'
for git_dir in "$mirrors"/*/; do
    name=$(basename "$git_dir")
    repo=$git_dir/repo
    [[ -d $repo/.git ]] && repo=$repo/.git
    [[ -f $repo/HEAD ]] || continue
    tree=$work/$name
    if [[ ! -d $tree ]]; then
        checkout "$repo" "$tree.part"
        mv "$tree.part" "$tree"
    fi
    # Filtered with grep, not `-g '*.py'`: ripgrep's positive globs override .gitignore.
    expected=$(cd "$tree" && rg --files --hidden --no-require-git "${excludes[@]}" | grep -E '\.(py|pyi|rs)$' | sort)
    listed=$(cd "$tree" && "$bin" check --show-files . 2> /tmp/sweep-unlisted.txt | sort)
    unlisted=$(sed -n 's/^ssotlint: \([^:]*\): .*/\1/p' /tmp/sweep-unlisted.txt | sort)
    missing=$(comm -23 <(echo "$expected") <(printf '%s\n%s\n' "$listed" "$unlisted" | sort -u) | sed '/^$/d')
    if [[ -n $missing ]]; then
        echo "FAIL $name: found by ripgrep but neither listed nor reported:" >&2
        echo "$missing" | head -20 >&2
        failed=1
    fi
    for mode in default no-prefilter; do
        flags=()
        [[ $mode == no-prefilter ]] && flags=(--no-prefilter)
        start=$(date +%s%N)
        set +e
        (cd "$tree" && "$bin" check --format json "${flags[@]}" . > "/tmp/sweep-$mode.json" 2> "/tmp/sweep-$mode.err")
        code=$?
        set -e
        elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
        if [[ $code -gt 1 ]] || grep -q panicked "/tmp/sweep-$mode.err"; then
            echo "FAIL $name ($mode): exit code $code" >&2
            head -20 "/tmp/sweep-$mode.err" >&2
            failed=1
            continue
        fi
        read -r scanned parsed findings syntax other internal < <(python3 - "/tmp/sweep-$mode.json" << 'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
s = doc["summary"]
errors = doc["errors"]
syntax = sum(e["kind"] == "parse-error" for e in errors)
internal = sum(e["kind"] == "internal-error" for e in errors)
print(s["files_scanned"], s["files_parsed"], s["findings"], syntax, len(errors) - syntax - internal, internal)
PY
)
        if [[ $internal -gt 0 ]]; then
            echo "FAIL $name ($mode): $internal internal errors" >&2
            failed=1
        fi
        count=$(printf '%s' "$listed" | grep -c . || true)
        if [[ $scanned -ne $count ]]; then
            echo "FAIL $name ($mode): $count files listed but $scanned scanned" >&2
            failed=1
        fi
        if [[ $mode == default ]]; then
            row=(["0"]="$scanned" "$parsed" "$findings" "$syntax" "$other" "${elapsed}ms")
            total_files=$((total_files + scanned))
        else
            printf '%-40s %7s %7s %8s %6s %6s %7s | %7s %8s %6s %7s\n' "$name" "${row[@]}" "$parsed" "$findings" "$syntax" "${elapsed}ms"
        fi
    done
done
echo "files checked: $total_files"
if [[ $failed -ne 0 ]]; then
    echo "sweep: FAILED" >&2
    exit 1
fi
echo "sweep: clean"

#!/usr/bin/env bash
# The labelled precision corpus (bench/precision/): exports each pinned repository, runs
# ssotlint with the configuration its maintainers would write, and prints per-rule TP / FP /
# FN, precision and recall against the committed labels, the findings not labelled yet, and
# how many `init` proposals match the maintainers' owners. Not part of CI: it needs the
# repositories (fetched with the workplace's `fetch`).
#
# Usage: bench/precision.sh [MIRRORS_DIR [OUT_DIR]]
#   MIRRORS_DIR  one bare repository per `owner+name` directory (default /work/.mirror)
#   OUT_DIR      where the repositories are written out (default /work/precision-corpus)
#   SSOTLINT     the binary to measure (default target/release/ssotlint, built if missing)
#   CORPUS       the labelled corpus (default bench/precision; bench/precision/holdout is the
#                held-out set, labelled before any rule was tuned on it)
set -euo pipefail
mirrors=${1:-/work/.mirror}
out=${2:-/work/precision-corpus}
cd "$(dirname "$0")/.."
root=$PWD
corpus=${CORPUS:-bench/precision}
bin=${SSOTLINT:-$root/target/release/ssotlint}
[[ -x $bin ]] || cargo build --release --locked --quiet
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
while IFS=$'\t' read -r name commit _; do
    [[ -z $name || $name == \#* ]] && continue
    dir=$out/$name
    if [[ ! -d $dir ]]; then
        git_dir=$mirrors/$name/repo
        [[ -d $git_dir/.git ]] && git_dir=$git_dir/.git
        [[ -f $git_dir/HEAD ]] || { echo "precision: no repository at $git_dir" >&2; exit 2; }
        python3 bench/checkout.py "$git_dir" "$dir.part" "$commit"
        mv "$dir.part" "$dir"
    fi
    # `init` sees the repository as a new user does, without the maintainers' configuration.
    rm -f "$dir/ssotlint.toml"
    (cd "$dir" && "$bin" init --dry-run > "$runs/$name.init.toml" 2> /dev/null) || true
    cp "$corpus/configs/$name.toml" "$dir/ssotlint.toml"
    (cd "$dir" && "$bin" check --format json --exit-zero > "$runs/$name.json") || {
        echo "precision: ssotlint failed on $name" >&2
        exit 2
    }
done < "$corpus/repos.tsv"
python3 bench/precision/score.py "$corpus" "$runs"

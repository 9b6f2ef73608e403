#!/usr/bin/env bash
# Builds the two benchmark corpora of bench/README.md from bare repositories: the Python
# repositories' newest commits under OUT/py, the Rust ones' under OUT/rs.
#
# Usage: bench/corpus.sh [MIRRORS_DIR [OUT_DIR]]
#   MIRRORS_DIR  one bare repository per `owner+name` directory (default /work/.mirror, where
#                the workplace's `fetch` puts them)
#   OUT_DIR      default /work/bench-corpus
set -euo pipefail
mirrors=${1:-/work/.mirror}
out=${2:-/work/bench-corpus}
cd "$(dirname "$0")/.."
python=(GoogleCloudPlatform+python-docs-samples ansible+ansible healthchecks+healthchecks openstack+nova
    saleor+saleor tiangolo+full-stack-fastapi-template)
rust=(rust-lang+cargo rust-lang+crates.io diesel-rs+diesel LemmyNet+lemmy launchbadge+sqlx tokio-rs+tokio
    LukeMathWalker+zero-to-production)
build() {
    local kind=$1
    shift
    mkdir -p "$out/$kind"
    for name in "$@"; do
        local git_dir=$mirrors/$name/repo
        [[ -d $git_dir/.git ]] && git_dir=$git_dir/.git
        [[ -f $git_dir/HEAD ]] || { echo "corpus: no repository at $git_dir" >&2; exit 2; }
        [[ -d $out/$kind/$name ]] && continue
        python3 bench/checkout.py "$git_dir" "$out/$kind/$name.part"
        mv "$out/$kind/$name.part" "$out/$kind/$name"
        echo "$kind/$name $(git --git-dir "$git_dir" rev-parse --short=10 HEAD)"
    done
}
build py "${python[@]}"
build rs "${rust[@]}"

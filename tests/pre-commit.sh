#!/usr/bin/env bash
# Proves the pre-commit hooks with the real pre-commit from PyPI: in a throw-away git
# repository whose .pre-commit-config.yaml points at this repository, committing a file that
# reads DATABASE_URL directly fails with the finding shown, and committing a clean file
# passes, through the `ssotlint` hook (language: rust) and then the `ssotlint-python` hook
# (language: python). pre-commit builds ssotlint itself (`cargo install` for the first, `pip
# install .` through maturin for the second), so this takes a few minutes.
#
# Usage: bash tests/pre-commit.sh   (run by .ci/run; needs network access to PyPI and crates.io)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/cache"
# pre-commit builds ssotlint from its own clone of this repository; pointing cargo at this
# repository's target directory lets those builds reuse the dependencies compiled by CI's
# release build before this script (the hooks still build from the clone's source).
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
echo "pre-commit $(pre-commit --version | awk '{print $2}'), hook from $repo at $rev"

# A new git repository at $1, made the current directory, that commits without a signature.
new_repository() {
    git init --quiet "$1"
    cd "$1"
    git config user.email ci@example.invalid
    git config user.name CI
    git config commit.gpgsign false
}

# A .pre-commit-config.yaml in the current directory running the hook $1 (extra YAML lines
# for the hook in $2) from this repository at $rev.
use_hook() {
    cat > .pre-commit-config.yaml <<CONFIG
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: $1
${2:-}
CONFIG
}

# Through the hook $1, already installed: committing a direct read of DATABASE_URL is blocked
# with the finding shown, and committing the file rewritten to delegate to the owner passes;
# the file is then removed again.
blocks_bad_passes_clean() {
    mkdir -p service
    printf 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n' > service/settings.py
    git add service/settings.py
    if git commit -m "read DATABASE_URL directly" > "$work/blocked.log" 2>&1; then
        cat "$work/blocked.log"
        echo "FAIL: through $1, the commit that reads DATABASE_URL directly went through" >&2
        exit 1
    fi
    if ! grep -q "direct-env-read" "$work/blocked.log"; then
        cat "$work/blocked.log"
        echo "FAIL: through $1, the blocked commit does not show the finding" >&2
        exit 1
    fi
    echo "ok ($1): a staged direct read blocks the commit:"
    grep -m1 "direct-env-read" "$work/blocked.log"

    git reset --quiet
    rm service/settings.py
    printf 'from shared.database_url_builder import build_database_url\n\nDATABASE_URL = build_database_url()\n' > service/settings.py
    git add service/settings.py
    if ! git commit -m "delegate to the builder" > "$work/passed.log" 2>&1; then
        cat "$work/passed.log"
        echo "FAIL: through $1, the clean commit was blocked" >&2
        exit 1
    fi
    echo "ok ($1): a clean file commits"
    git rm --quiet -r service
    git commit --quiet --no-verify -m "without the service"
}

new_repository "$work/project"
use_hook ssotlint
# With no owner the first run is an inventory (one unowned-concern warning); a project that
# gates commits has chosen its owner.
cat > ssotlint.toml <<CONFIG
[concerns.database-url]
owners = ["shared/database_url_builder.py"]
entry-points = ["build_database_url"]
CONFIG
mkdir -p shared
printf 'import os\n\n\ndef build_database_url():\n    return os.environ["DATABASE_URL"]\n' > shared/database_url_builder.py
git add .pre-commit-config.yaml ssotlint.toml shared/database_url_builder.py
git commit --quiet --no-verify -m "pre-commit config"
started=$SECONDS
pre-commit install --install-hooks
echo "the Rust hook installed in $((SECONDS - started)) s"
blocks_bad_passes_clean ssotlint

# The same project through the Python hook: pre-commit makes a virtual environment and runs
# `pip install .` in its clone of this repository, so maturin builds the wheel with cargo.
use_hook ssotlint-python
git add .pre-commit-config.yaml
git commit --quiet --no-verify -m "the Python hook"
started=$SECONDS
pre-commit install-hooks
echo "the Python hook installed in $((SECONDS - started)) s"
blocks_bad_passes_clean ssotlint-python

# A monorepo of two projects with different configurations: `backend/` (the demo, its own
# ssotlint.toml) and `admin/` (another ssotlint.toml, owners of its own). Each file must get
# the same findings whether pre-commit passes it alone, with other files, or all of them,
# and the same as a whole-repository run (issue 12).
new_repository "$work/mono"
cp -R "$repo/fixtures/demo" backend
mkdir -p admin
printf '[concerns.database-url]\nowners = ["settings.py"]\n\n[concerns.connection-pool]\nowners = ["settings.py"]\n' > admin/ssotlint.toml
printf 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n' > admin/settings.py
printf 'import os\n\nDB = os.environ["DATABASE_URL"]\n' > admin/aaa.py
use_hook ssotlint "        args: [--format, concise]"
git add -A
git commit --quiet --no-verify -m "monorepo"
ssotlint_bin=$(find "$PRE_COMMIT_HOME" -path '*/rustenv-*/bin/ssotlint' -type f | head -1)
[[ -x $ssotlint_bin ]] || { echo "FAIL: no ssotlint built by pre-commit under $PRE_COMMIT_HOME" >&2; exit 1; }

# The findings lines of one file in a pre-commit run's output.
of_file() { grep -E "^$1:[0-9]+:[0-9]+: " || true; }

"$ssotlint_bin" check --format concise --exit-zero > "$work/whole.txt"
pre-commit run --all-files > "$work/all.txt" 2>&1 || true
files=$(git ls-files '*.py' '*.rs')
checked=0
for file in $files; do
    expected=$(of_file "$file" < "$work/whole.txt")
    pre-commit run --files "$file" > "$work/alone.txt" 2>&1 || true
    pre-commit run --files admin/aaa.py "$file" backend/shared/database_url_builder.py > "$work/batch.txt" 2>&1 || true
    for run in all alone batch; do
        actual=$(of_file "$file" < "$work/$run.txt")
        if [[ $actual != "$expected" ]]; then
            echo "FAIL: $file gets other findings in the '$run' pre-commit run than in a whole run" >&2
            diff <(echo "$expected") <(echo "$actual") >&2 || true
            exit 1
        fi
    done
    checked=$((checked + 1))
done
echo "ok: $checked files of a two-project monorepo get the same findings alone, in a batch, with --all-files and in a whole run"

if ! pre-commit run --files backend/shared/database_url_builder.py admin/settings.py > "$work/owners.txt" 2>&1; then
    cat "$work/owners.txt"
    echo "FAIL: committing the two projects' owners together was blocked" >&2
    exit 1
fi
echo "ok: the owners of both projects commit together"

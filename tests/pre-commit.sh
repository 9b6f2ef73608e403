#!/usr/bin/env bash
# Proves the pre-commit hook with the real pre-commit from PyPI: in a throw-away git
# repository whose .pre-commit-config.yaml points at this repository, committing a file that
# reads DATABASE_URL directly fails with the finding shown, and committing a clean file
# passes. pre-commit builds ssotlint itself (`cargo install`), so this takes a few minutes.
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
echo "pre-commit $(pre-commit --version | awk '{print $2}'), hook from $repo at $rev"

project="$work/project"
git init --quiet "$project"
cd "$project"
git config user.email ci@example.invalid
git config user.name CI
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<CONFIG
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: ssotlint
CONFIG
# With no owner the first run is an inventory (one unowned-concern warning); a project that
# gates commits has chosen its owner.
cat > ssotlint.toml <<CONFIG
[concerns.database-url]
owners = ["shared/database_url_builder.py"]
entry-points = ["build_database_url"]
CONFIG
git add .pre-commit-config.yaml ssotlint.toml
git commit --quiet --no-verify -m "pre-commit config"
pre-commit install --install-hooks

mkdir -p service
printf 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n' > service/settings.py
git add service/settings.py
if git commit -m "read DATABASE_URL directly" > "$work/blocked.log" 2>&1; then
    cat "$work/blocked.log"
    echo "FAIL: the commit that reads DATABASE_URL directly went through" >&2
    exit 1
fi
if ! grep -q "direct-env-read" "$work/blocked.log"; then
    cat "$work/blocked.log"
    echo "FAIL: the blocked commit does not show the finding" >&2
    exit 1
fi
echo "ok: a staged direct read blocks the commit:"
grep -m1 "direct-env-read" "$work/blocked.log"

git reset --quiet
rm service/settings.py
printf 'from shared.database_url_builder import build_database_url\n\nDATABASE_URL = build_database_url()\n' > service/settings.py
git add service/settings.py
if ! git commit -m "delegate to the builder" > "$work/passed.log" 2>&1; then
    cat "$work/passed.log"
    echo "FAIL: the clean commit was blocked" >&2
    exit 1
fi
echo "ok: a clean file commits"

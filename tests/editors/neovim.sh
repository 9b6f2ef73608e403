#!/usr/bin/env bash
# The README's Neovim 0.11+ setup, proven headless: tests/editors/neovim.sh NVIM SSOTLINT
#
# Lays out a small project (an owner for `database-url` and a file that reads DATABASE_URL
# outside it), puts SSOTLINT on PATH as `ssotlint` (the README's `cmd`), and opens the file
# in `nvim --headless` with tests/editors/neovim.lua, which loads the README's snippet and
# checks diagnostics, code actions and hover. Exits 0 when everything holds, 1 when a check
# fails, 2 on bad arguments; and 0 with "skipped: no nvim 0.11+" when NVIM is missing or
# older, so a machine without Neovim is not a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ "$#" -ne 2 ]; then
    echo "usage: $0 NVIM SSOTLINT" >&2
    exit 2
fi
nvim=$1
ssotlint=$2

nvim_path=$(command -v "$nvim" || true)
version=$([ -n "$nvim_path" ] && "$nvim_path" --version 2>/dev/null | head -n 1 || true)
new_enough=false
if [[ "$version" =~ ^NVIM\ v([0-9]+)\.([0-9]+) ]]; then
    major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
    if [ "$major" -gt 0 ] || [ "$minor" -ge 11 ]; then new_enough=true; fi
fi
if [ "$new_enough" != true ]; then
    echo "skipped: no nvim 0.11+ (${version:-no \`$nvim\`}); vim.lsp.config needs Neovim 0.11"
    exit 0
fi
ssotlint_path=$(command -v "$ssotlint" || true)
if [ -z "$ssotlint_path" ] || [ ! -x "$ssotlint_path" ]; then
    echo "no ssotlint binary at \`$ssotlint\`" >&2
    exit 2
fi
# Both are run from inside the project below, so relative paths are made absolute.
nvim_path=$(cd "$(dirname "$nvim_path")" && pwd)/$(basename "$nvim_path")
ssotlint_path=$(cd "$(dirname "$ssotlint_path")" && pwd)/$(basename "$ssotlint_path")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The README's `cmd = { 'ssotlint', 'server' }` finds the binary on PATH, as a user's would.
mkdir -p "$work/bin"
ln -s "$ssotlint_path" "$work/bin/ssotlint"

project=$work/project
mkdir -p "$project/app"
printf '[concerns.database-url]\nowners = ["app/settings.py"]\n' > "$project/ssotlint.toml"
printf 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n' > "$project/app/settings.py"
printf 'import os\nurl = os.environ["DATABASE_URL"]\n' > "$project/app/views.py"

# No user configuration, plugins or state of this machine's Neovim take part.
for dir in config data state cache; do mkdir -p "$work/xdg/$dir"; done
set +e
(
    cd "$project"
    PATH="$work/bin:$PATH" \
        XDG_CONFIG_HOME="$work/xdg/config" XDG_DATA_HOME="$work/xdg/data" \
        XDG_STATE_HOME="$work/xdg/state" XDG_CACHE_HOME="$work/xdg/cache" \
        SSOTLINT_README="$repo/README.md" \
        timeout 120 "$nvim_path" --headless -i NONE -u "$here/neovim.lua" app/views.py
)
code=$?
set -e
if [ "$code" -ne 0 ]; then
    echo "nvim exited with $code; its LSP log:" >&2
    cat "$work/xdg/state/nvim/lsp.log" >&2 2>/dev/null || echo "(none)" >&2
    exit 1
fi

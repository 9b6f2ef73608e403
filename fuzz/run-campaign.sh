#!/usr/bin/env bash
# The fuzzing campaign: seeds each target's corpus from fixtures/ and runs the targets one
# after another for the minutes given (default: python 30, rust 30, the others 10 each).
# Usage: fuzz/run-campaign.sh [PYTHON_MIN RUST_MIN CONFIG_MIN SUPPRESSIONS_MIN BASELINE_MIN]
# Logs go to fuzz/logs/<target>.log; crashes to fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
minutes=("${1:-30}" "${2:-30}" "${3:-10}" "${4:-10}" "${5:-10}")
targets=(python rust config suppressions baseline)
root=..

# Copies files into a corpus under their content hash (fixtures share names like fires.py).
copy_unique() {
    local dir=$1
    shift
    for file in "$@"; do
        cp "$file" "$dir/$(sha1sum < "$file" | cut -c1-40)"
    done
}

seed() {
    local target=$1
    mkdir -p "corpus/$target"
    case $target in
        python) find "$root/fixtures" -name '*.py' -exec bash -c "$(declare -f copy_unique); copy_unique \"\$@\"" _ "corpus/$target" {} + ;;
        rust) find "$root/fixtures" -name '*.rs' -exec bash -c "$(declare -f copy_unique); copy_unique \"\$@\"" _ "corpus/$target" {} + ;;
        suppressions)
            find "$root/fixtures" \( -name '*.py' -o -name '*.rs' \) \
                -exec bash -c "$(declare -f copy_unique); copy_unique \"\$@\"" _ "corpus/$target" {} +
            ;;
        config)
            local i=0
            while IFS= read -r file; do
                i=$((i + 1))
                # The first byte picks where the input goes (see fuzz_targets/config.rs).
                { printf '\x00'; cat "$file"; } > "corpus/$target/config-$i"
                { printf '\x02'; cat "$file"; } > "corpus/$target/pack-$i"
            done < <(find "$root/fixtures" "$root/rules" -name '*.toml')
            ;;
        baseline)
            cp seeds/baseline/* "corpus/$target/"
            find "$root/fixtures" -name 'baseline.json' -exec bash -c "$(declare -f copy_unique); copy_unique \"\$@\"" _ "corpus/$target" {} +
            ;;
    esac
}

export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none
# Run the built binaries, so that edits to the source during a long campaign change nothing.
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs campaign-bin
cp "${targets[@]/#/$bin/}" campaign-bin/
for i in "${!targets[@]}"; do
    target=${targets[$i]}
    seed "$target"
    seconds=$(( ${minutes[$i]} * 60 ))
    echo "== $target for ${minutes[$i]} min"
    mkdir -p "artifacts/$target"
    "campaign-bin/$target" "corpus/$target" -artifact_prefix="artifacts/$target/" \
        -dict=dicts/ssot.dict -max_total_time="$seconds" -timeout=10 -max_len=65536 -print_final_stats=1 \
        > "logs/$target.log" 2>&1 || echo "   $target stopped with a crash: see logs/$target.log"
    grep -a -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|Done)' "logs/$target.log" || true
done

#!/usr/bin/env bash
# Checking throughput, side by side: `plan check` (release) against `taplo check` on the
# same content compiled to TOML, `check-jsonschema` on it compiled to JSON with
# docs/plan.schema.json, and `wc -l` as the floor, at 1× to 10× the generated corpus.
#
#   benches/compare.sh [SCALES...]        (default: 1 2 5 10)
#
# Needs: cargo, taplo and check-jsonschema on PATH (pip install taplo check-jsonschema),
# GNU time at /usr/bin/time. Prints a Markdown table (seconds are the best of 3 runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1 2 5 10)
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin plan --example gen
plan="$target/release/plan"
gen="$target/release/examples/gen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Best wall time of 3 runs, and the max RSS (KB) of the last: "SECONDS KB".
best() {
    local best="" rss=0 t
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
        read -r t rss <"$work/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    done
    echo "$best $rss"
}

echo "| scale | files | MB | plan check s | MB/s | max RSS MB | taplo s | ×plan | check-jsonschema s | ×plan | wc -l s | MB/s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for scale in "${scales[@]}"; do
    dir="$work/x$scale"
    "$gen" "$dir" "$scale"
    mkdir -p "$dir/toml" "$dir/json"
    for f in "$dir"/plans/*.plan; do
        b=$(basename "$f" .plan)
        "$plan" compile "$f" --to toml -o "$dir/toml/$b.toml"
        "$plan" compile "$f" --to json -o "$dir/json/$b.json"
    done
    files=$(ls "$dir/plans" | wc -l)
    bytes=$(cat "$dir"/plans/*.plan | wc -c)
    mb=$(awk "BEGIN{printf \"%.1f\", $bytes/1e6}")
    read -r tp rss < <(best "$plan" check "$dir/plans")
    read -r tt _ < <(best taplo check "$dir"/toml/*.toml)
    read -r tj _ < <(best check-jsonschema --regex-variant python --schemafile docs/plan.schema.json "$dir"/json/*.json)
    read -r tw _ < <(best wc -l "$dir"/plans/*.plan)
    awk -v s="$scale" -v f="$files" -v mb="$mb" -v tp="$tp" -v rss="$rss" -v tt="$tt" -v tj="$tj" -v tw="$tw" -v b="$bytes" 'BEGIN{
        z = 0.005  # /usr/bin/time has 10 ms resolution: floor the divisor
        printf "| %s× | %d | %s | %.2f | %.0f | %.1f | %.2f | %.1f | %.2f | %.1f | %.2f | %.0f |\n",
            s, f, mb, tp, b/1e6/(tp>z?tp:z), rss/1024, tt, tt/(tp>z?tp:z), tj, tj/(tp>z?tp:z), tw, b/1e6/(tw>z?tw:z)
    }'
done

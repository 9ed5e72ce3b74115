#!/usr/bin/env bash
# Checking throughput on both corpus shapes (issue 15), 1 and 2 threads, beside taplo on the
# same content compiled to TOML:
#
#   benches/shapes.sh [SCALE]        (default 5: about 6.7 MB of gen.rs, 7.7 MB of gen_dense)
#
# Shapes: `gen` (examples/gen.rs: long lines, 41·SCALE files), `dense` (examples/gen_dense.rs:
# short dense lines, 24 shared metrics, 41·SCALE files) and `dense-one` (the same measures in
# one file). Threads are set with RAYON_NUM_THREADS; one file uses the second
# for its groups of items (parsed side by side) and its checks.
# PLAN=path/to/plan measures another build of plan (to compare two builds in one run).
# Needs taplo on PATH (`pip install taplo`), GNU time at /usr/bin/time and timeout(1);
# TAPLO_LIMIT=seconds bounds each taplo run (default 120). Prints a Markdown
# table; seconds are the best of 3 runs, MB/s = plan's input bytes / seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v taplo >/dev/null || { echo "taplo is not on PATH (pip install taplo)" >&2; exit 1; }
scale=${1:-5}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin plan --example gen --example gen_dense
plan=${PLAN:-$target/release/plan}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best() {
    local best="" t
    for _ in 1 2 3; do
        /usr/bin/time -f "%e" -o "$work/time" "$@" >/dev/null 2>&1 || true
        t=$(tail -1 "$work/time")
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    done
    echo "$best"
}

"$target/release/examples/gen" "$work/gen" "$scale"
"$target/release/examples/gen_dense" "$work/dense" "$scale"
"$target/release/examples/gen_dense" "$work/dense-one" "$scale" --one-file

# How busy the machine was: the figures are throughput only when nothing else runs.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo
echo "| shape | files | MB | bytes/line | 1 thread s | MB/s | 2 threads s | MB/s | taplo s (TOML, 2 threads) | ×plan |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for shape in gen dense dense-one; do
    dir="$work/$shape"
    mkdir -p "$dir/toml"
    for f in "$dir"/plans/*.plan; do
        "$plan" compile "$f" --to toml -o "$dir/toml/$(basename "$f" .plan).toml" 2>/dev/null || true
    done
    files=$(ls "$dir/plans" | wc -l)
    bytes=$(cat "$dir"/plans/*.plan | wc -c)
    lines=$(cat "$dir"/plans/*.plan | wc -l)
    t1=$(RAYON_NUM_THREADS=1 best "$plan" check "$dir/plans")
    t2=$(RAYON_NUM_THREADS=2 best "$plan" check "$dir/plans")
    # taplo is stopped after TAPLO_LIMIT seconds (default 120): on the one 15 MB TOML file
    # of dense-one at SCALE 10 it runs for over ten minutes.
    limit=${TAPLO_LIMIT:-120}
    tt=$(best timeout "$limit" taplo check "$dir"/toml/*.toml)
    awk -v s="$shape" -v f="$files" -v b="$bytes" -v l="$lines" -v t1="$t1" -v t2="$t2" -v tt="$tt" -v lim="$limit" 'BEGIN{
        z = 0.005
        printf "| %s | %d | %.1f | %.0f | %.2f | %.0f | %.2f | %.0f | ",
            s, f, b/1e6, b/l, t1, b/1e6/(t1>z?t1:z), t2, b/1e6/(t2>z?t2:z)
        if (tt >= lim - 0.1) printf "over %d (stopped) | over %.0f |\n", lim, lim/(t2>z?t2:z)
        else printf "%.2f | %.1f |\n", tt, tt/(t2>z?t2:z)
    }'
done

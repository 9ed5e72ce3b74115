#!/usr/bin/env bash
# Peak memory of `plan check` on one large file, per byte of input (issues 15 and 16):
#
#   benches/memory.sh [SCALE]        (default 13: a 20 MB dense plan)
#
# Files: `dense-one` (examples/gen_dense.rs SCALE --one-file: short dense lines, 24 shared
# metrics, about 1.5 MB per SCALE) and `small-measures` (one registry owner and 1,000,000
# one-line measures `measure mN { owner 发改局 }`, 36 MB). Peak memory is the maximum
# resident set size GNU time reports; "×file" is it divided by the file's size (goals:
# under 10 for the dense plan, issue 15; under 20 for the small measures, issue 16).
# PLAN=path/to/plan measures another build of plan. Needs GNU time at /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-13}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin plan --example gen_dense
plan=${PLAN:-$target/release/plan}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$target/release/examples/gen_dense" "$work/dense-one" "$scale" --one-file
mkdir -p "$work/small-measures/plans"
awk 'BEGIN {
    print "owners {\n  发改局 \"区发改局\"\n}"
    for (i = 0; i < 1000000; i++) printf "measure m%d { owner 发改局 }\n", i
}' > "$work/small-measures/plans/small.plan"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| file | MB | lines | seconds | peak RSS MB | ×file |"
echo "|---|---|---|---|---|---|"
for shape in dense-one small-measures; do
    f=$(ls "$work/$shape"/plans/*.plan)
    bytes=$(wc -c < "$f")
    lines=$(wc -l < "$f")
    /usr/bin/time -f "%e %M" -o "$work/time" "$plan" check "$f" > /dev/null 2>&1 || true
    read -r secs kb < "$work/time"
    awk -v s="$shape" -v b="$bytes" -v l="$lines" -v t="$secs" -v k="$kb" 'BEGIN{
        printf "| %s | %.1f | %d | %.2f | %.0f | %.1f |\n", s, b/1e6, l, t, k*1024/1e6, k*1024/b
    }'
done

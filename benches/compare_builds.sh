#!/usr/bin/env bash
# Two builds of `plan check` side by side on the corpus shapes of benches/shapes.sh, 1 and
# 2 threads, interleaved so that both see the same machine (this one's speed varies by the
# hour: only ratios from one run are worth comparing):
#
#   benches/compare_builds.sh OLD_PLAN NEW_PLAN [SCALE]   (default SCALE 10: 13.5–15.4 MB)
#   COLD=5 benches/compare_builds.sh ...   each run after 5 s of rest
#
# Back to back, a run reuses the memory the run before it freed, which the kernel has just
# zeroed and the host still backs. A single `plan check` (an editor's save, a CI job) starts
# cold: on a virtual machine that hands free memory back to its host (free page reporting,
# after about 2 s), every fresh page is the host's to supply again. COLD waits that long
# before each run, so that one big file is measured as it is met (issue 15).
#
# For each shape and thread count, each build is run three times in turn (old, new, old,
# new, ...) and the best time of each is kept. Prints a Markdown table; MB/s = input bytes
# / seconds. Needs GNU time at /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "$2")
scale=${3:-10}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --example gen --example gen_dense
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$target/release/examples/gen" "$work/gen" "$scale"
"$target/release/examples/gen_dense" "$work/dense" "$scale"
"$target/release/examples/gen_dense" "$work/dense-one" "$scale" --one-file

seconds() {
    if [ -n "${COLD:-}" ]; then sleep "$COLD"; fi
    /usr/bin/time -f "%e" -o "$work/time" "$@" >/dev/null 2>&1 || true
    tail -1 "$work/time"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores${COLD:+, each run after ${COLD} s of rest}"
echo
echo "| shape | MB | threads | old s | old MB/s | new s | new MB/s | new/old |"
echo "|---|---|---|---|---|---|---|---|"
for shape in gen dense dense-one; do
    dir="$work/$shape/plans"
    bytes=$(cat "$dir"/*.plan | wc -c)
    for threads in 1 2; do
        best_old=""
        best_new=""
        for _ in 1 2 3; do
            t=$(RAYON_NUM_THREADS=$threads seconds "$old" check "$dir")
            if [ -z "$best_old" ] || awk "BEGIN{exit !($t < $best_old)}"; then best_old=$t; fi
            t=$(RAYON_NUM_THREADS=$threads seconds "$new" check "$dir")
            if [ -z "$best_new" ] || awk "BEGIN{exit !($t < $best_new)}"; then best_new=$t; fi
        done
        awk -v s="$shape" -v b="$bytes" -v n="$threads" -v o="$best_old" -v w="$best_new" 'BEGIN{
            z = 0.005
            o = (o > z ? o : z); w = (w > z ? w : z)
            printf "| %s | %.1f | %d | %.2f | %.1f | %.2f | %.1f | %.2f× |\n",
                s, b/1e6, n, o, b/1e6/o, w, b/1e6/w, o/w
        }'
    done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

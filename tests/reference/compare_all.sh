#!/bin/bash
# Runs jitupasna and the Python reference on every scenario of data/scenarios/ and
# tests/reference/scenarios/ and compares them.
#   tests/reference/compare_all.sh [BINARY] [SCENARIO.yaml ...]
# BINARY defaults to build-dev/jitupasna (then build/jitupasna). Outputs go to a temporary
# folder. Exit status: the number of scenarios that failed (0 when all match).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-}
[ $# -gt 0 ] && shift
if [ -z "$bin" ]; then
    bin=$root/build-dev/jitupasna
    [ -x "$bin" ] || bin=$root/build/jitupasna
fi
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=("$root"/data/scenarios/*.yaml "$here"/scenarios/*.yaml)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
for s in "${scenarios[@]}"; do
    b=$(basename "$s" .yaml)
    if grep -q "shared/data" "$s" && [ ! -e "$root/../shared/data/README.md" ]; then
        echo "skip $b: ../shared/data is absent"
        [ ${#scenarios[@]} -eq 1 ] && exit 77
        continue
    fi
    t0=$(date +%s)
    if ! "$bin" run "$s" -o "$out/$b.gpkg" --overwrite -q 2> "$out/$b.err"; then
        echo "FAIL $b: jitupasna failed:"; cat "$out/$b.err"; failed=$((failed + 1)); continue
    fi
    t1=$(date +%s)
    /usr/bin/python3 "$here/reference_counts.py" "$s" --compare "$out/$b.gpkg" > "$out/$b.txt" 2>&1
    rc=$?
    t2=$(date +%s)
    if [ $rc -eq 0 ]; then
        echo "ok   $b (tool $((t1 - t0)) s, reference $((t2 - t1)) s): $(grep -c '^reference: [a-z_]*: [0-9]* keys match$' "$out/$b.txt") tables match"
    else
        echo "FAIL $b (reference exit $rc):"
        if grep -q MISMATCH "$out/$b.txt"; then
            # The first differing rows, and each table's verdict.
            grep -E "MISMATCH|reference: .*(match|mismatch)" "$out/$b.txt" | head -40
        else
            # No comparison was made: the reference's own output says why (a traceback, a
            # missing module, an input it could not read).
            tail -n 40 "$out/$b.txt"
        fi
        failed=$((failed + 1))
    fi
done
exit $failed

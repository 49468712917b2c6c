#!/usr/bin/env bash
# Runs the real Jakarta flood and national Padang earthquake damage examples (data/scenarios)
# into WORK: each run writes
# its GeoPackage and report, then `jitupasna export` writes the workbook. The client tests
# (QGIS, LibreOffice, Chromium) check these outputs. Exit 77 when the real data is absent.
set -euo pipefail
binary="$1" source="$2" shared="$3" work="$4"
rm -rf "$work"
mkdir -p "$work"
if [[ ! -d "$shared/jakarta" || ! -f "$shared/admin/indonesia_kabkota.gpkg" || ! -d "$shared/shakemap" ]]; then
    echo "SKIP: the real data ($shared/jakarta, $shared/admin, $shared/shakemap) is absent"
    exit 77
fi
# (Banten under the Lembang scenario has no damage under the published Padang function: its
# MMI stays below 6.5; the national Padang run has houses in every category.)
for name in jakarta-flood-damage padang-2009-national; do
    "$binary" run "$source/data/scenarios/$name.yaml" -o "$work/$name.gpkg" -q
    test -s "$work/$name.html" || { echo "FAIL: run wrote no report $work/$name.html"; exit 1; }
    "$binary" export "$work/$name.gpkg" --xlsx "$work/$name.xlsx"
done
echo "examples written to $work"

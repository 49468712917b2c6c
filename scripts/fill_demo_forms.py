#!/usr/bin/python3
"""Fills returned PD forms of `jitupasna forms` with SYNTHETIC figures, the way a PD would type
them into Calc or Excel (written by openpyxl, independently of jitupasna's own XLSX code).

    fill_demo_forms.py FORMS_DIR OUT_DIR FILE.xlsx [FILE.xlsx ...]
        [--rows N] [--extra-rows N] [--unverified FILE.xlsx ...]

For each named form (a file in FORMS_DIR), OUT_DIR gets the same file name with:
- on "Kerusakan dan Kerugian", the first N rows that carry an estimate filled with the PD's own
  figures: counts the estimate rounded up plus one, kerusakan 1.2 x the estimate, kerugian left
  empty (the estimate stays), keterangan saying the figures are synthetic;
- --extra-rows rows below the template rows, each an item the model does not know (for
  scripts/bench), spread over the form's kab/kota and sub-sectors;
- one proposed need on "Kebutuhan";
- the verifying officer on "Verifikasi" (unless the file is listed under --unverified).

The numbers are not real reports: they exist to show the round trip (scripts/demo) and to time
the import (scripts/bench).
"""

import argparse
import math
import sys
from pathlib import Path

import openpyxl

DAMAGE = "Kerusakan dan Kerugian"
NEEDS = "Kebutuhan"
VERIFY = "Verifikasi"
FIRST = 3  # the first entry row (row 1: hidden keys, row 2: headers)


def keys(ws):
    return {cell.value: cell.column for cell in ws[1] if cell.value}


def fill(src, dst, rows, extra_rows, verified):
    wb = openpyxl.load_workbook(src)
    ws = wb[DAMAGE]
    k = keys(ws)
    filled = 0
    codes, sub_sectors = [], []
    last = FIRST - 1
    for r in range(FIRST, ws.max_row + 1):
        code = ws.cell(r, k["kode_wilayah"]).value
        if code is None:
            continue
        last = r
        sub = ws.cell(r, k["sub_sektor"]).value
        if code not in codes:
            codes.append(code)
        if sub and sub not in sub_sectors:
            sub_sectors.append(sub)
        est = ws.cell(r, k["est_kerusakan_rp"]).value
        if filled >= rows or not est:
            continue
        for est_key, key in (("est_rb", "rb"), ("est_rs", "rs"), ("est_rr", "rr")):
            ws.cell(r, k[key]).value = math.ceil(ws.cell(r, k[est_key]).value or 0) + 1
        ws.cell(r, k["kerusakan_rp"]).value = round(est * 1.2)
        ws.cell(r, k["keterangan"]).value = "CONTOH SINTETIS (scripts/fill_demo_forms.py)"
        filled += 1
    # The form's own lists (hidden sheet Daftar: kode_wilayah in A, sub_sektor in C), so that
    # a PD without an estimate row still gets rows of its kab/kota and sub-sectors.
    lists = wb["Daftar"]
    codes = [c.value for c in lists["A"][1:] if c.value] or codes
    sub_sectors = [c.value for c in lists["C"][1:] if c.value] or sub_sectors
    if extra_rows and (not codes or not sub_sectors):
        sys.exit(f"{src}: no kab/kota or sub-sector in its lists for --extra-rows")
    for i in range(extra_rows):
        r = last + 1 + i
        ws.cell(r, k["kode_wilayah"]).value = codes[i % len(codes)]
        ws.cell(r, k["sub_sektor"]).value = sub_sectors[(i // len(codes)) % len(sub_sectors)]
        ws.cell(r, k["uraian"]).value = f"item sintetis {i + 1}"
        ws.cell(r, k["satuan"]).value = "unit"
        ws.cell(r, k["rb"]).value = i % 7
        ws.cell(r, k["rs"]).value = i % 5
        ws.cell(r, k["rr"]).value = i % 3
        ws.cell(r, k["harga_satuan"]).value = 1_000_000
        ws.cell(r, k["kerusakan_rp"]).value = 1_000_000 * (i % 7) + 500_000 * (i % 5)
        ws.cell(r, k["kerugian_rp"]).value = 100_000 * (i % 11)

    ws = wb[NEEDS]
    k = keys(ws)
    if codes and sub_sectors:
        need = {"kode_wilayah": codes[0], "sub_sektor": sub_sectors[0],
                "komponen": "pemulihan fungsi", "kegiatan": "CONTOH SINTETIS: perbaikan darurat",
                "volume": 2, "satuan": "paket", "harga_satuan": 50_000_000,
                "jumlah_rp": 100_000_000, "prioritas": "tinggi", "durasi_bulan": 6,
                "penanggung_jawab": Path(src).stem, "sumber_dana": "APBD Provinsi"}
        for key, value in need.items():
            ws.cell(FIRST, k[key]).value = value

    if verified:
        ws = wb[VERIFY]
        k = keys(ws)
        ws.cell(FIRST, k["nama"]).value = "Petugas Contoh (sintetis)"
        ws.cell(FIRST, k["jabatan"]).value = "Kepala Bidang"
        ws.cell(FIRST, k["tanggal"]).value = "2026-12-01"
    wb.save(dst)
    return filled


def typed_rows(form):
    """What a returned form holds as typed, read back with openpyxl (for tests):
    {(kode_wilayah, sub_sektor, uraian): {key: value}} of the damage rows with a PD figure."""
    ws = openpyxl.load_workbook(form)[DAMAGE]
    k = keys(ws)
    figures = ("rb", "rs", "rr", "harga_satuan", "kerusakan_rp", "kerugian_rp")
    out = {}
    for r in range(FIRST, ws.max_row + 1):
        row = {key: ws.cell(r, column).value for key, column in k.items()}
        if any(row.get(f) is not None for f in figures):
            out[(row["kode_wilayah"], row["sub_sektor"], row["uraian"])] = row
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("forms")
    ap.add_argument("out")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--rows", type=int, default=3)
    ap.add_argument("--extra-rows", type=int, default=0)
    ap.add_argument("--unverified", nargs="*", default=[])
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in args.files:
        src = Path(args.forms) / name
        if not src.exists():
            sys.exit(f"{src}: no such form; the forms are: "
                     + ", ".join(sorted(p.name for p in Path(args.forms).glob("*.xlsx"))))
        n = fill(src, out / name, args.rows, args.extra_rows, name not in args.unverified)
        print(f"{out / name}: {n} estimate rows filled, {args.extra_rows} extra rows (synthetic)")


if __name__ == "__main__":
    main()

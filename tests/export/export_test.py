#!/usr/bin/python3
"""Tests of `jitupasna export` that read its output independently of the tool.

The workbook is read with zipfile + xml.etree, the CSV files with the csv module, the
GeoPackage with sqlite3; what the tool writes is checked against sums computed here.

    export_test.py setup       --binary B --source S --demo D --work W
    export_test.py xlsx        --work W     # every sheet, its rows, totals and number formats
    export_test.py csv         --work W     # the CSV files: same rows, plain numbers, no totals
    export_test.py libreoffice --work W     # LibreOffice opens it: PDF text, recomputed totals
    export_test.py errors      --binary B --work W

Exit 77 (ctest SKIP_RETURN_CODE) when LibreOffice or pdftotext is missing.
"""

import argparse
import csv
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

SKIP = 77
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def close(a, b):
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def run(cmd, **kw):
    print("$", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)


# ----------------------------------------------------------------------------------------------
# What the sheets must hold (the specification, written out independently of the C++ code)

def humanize(token):
    if token is None:
        return None
    if token == "not_affected":
        return "Tidak Terdampak"
    if token == "not_exposed":
        return "Tidak Terpapar"
    if " " in token or any(c.isupper() for c in token):
        return token
    return " ".join(w[:1].upper() + w[1:] for w in token.split("_"))


def admin_columns(level):
    cols = [("Kode Wilayah", "admin_code", "text"), (level["name_header"], "admin_name", "text")]
    if level["sub"]:
        # A finer level's rows carry their parent's code and name, headed by its level.
        cols.append(("Kode Wilayah Induk", "parent_code", "text"))
        cols.append((level["parent_header"], "parent_name", "text"))
    return cols


RUPIAH = "rupiah"


def need_header(column):
    m = re.fullmatch(r"(.+)_([^_]+)_per_(.+)", column)
    if not m:
        return column
    name, unit, period = m.groups()
    name = humanize(name)
    return f"{name} ({unit}, sekali)" if period == "sekali" else f"{name} ({unit} per {period})"


def sheet_specs(db, level):
    """(sheet base name, table, [(header, column, kind)], summed columns, order by)."""
    suffix = level["suffix"]
    specs = []
    sector = admin_columns(level) + [
        ("Sektor", "sektor", "label"), ("Subsektor", "sub_sektor", "label"),
        ("Satuan", "satuan", "text"),
        ("Rusak Berat", "rusak_berat", "sum"), ("Rusak Sedang", "rusak_sedang", "sum"),
        ("Rusak Ringan", "rusak_ringan", "sum"), ("Hilang", "hilang", "sum"),
        ("Nilai Kerusakan (Rp)", "kerusakan_rp", RUPIAH),
        ("Dana Tunggu Hunian (Rp)", "dana_tunggu_hunian_rp", RUPIAH),
        ("Pembersihan Puing (Rp)", "pembersihan_puing_rp", RUPIAH),
        ("Kehilangan Pendapatan (Rp)", "kehilangan_pendapatan_rp", RUPIAH),
        ("Nilai Kerugian (Rp)", "kerugian_rp", RUPIAH),
        ("Kebutuhan Pembangunan (Rp)", "kebutuhan_pembangunan_rp", RUPIAH),
        ("Kebutuhan Bantuan (Rp)", "kebutuhan_bantuan_rp", RUPIAH),
        ("Kebutuhan Pemulihan (Rp)", "kebutuhan_pemulihan_rp", RUPIAH),
        ("Nilai Kebutuhan (Rp)", "kebutuhan_rp", RUPIAH)]
    specs.append(("Rekap Sektor", "jitupasna_sector" + suffix, sector, "fid"))
    cluster = admin_columns(level) + [
        ("Klaster", "klaster", "label"), ("Perangkat Daerah Pengampu", "pengampu", "text"),
        ("Perangkat Daerah Pendukung", "pendukung", "text"), ("Satuan", "satuan", "text"),
        ("Rusak Berat", "rusak_berat", "sum"), ("Rusak Sedang", "rusak_sedang", "sum"),
        ("Rusak Ringan", "rusak_ringan", "sum"), ("Pengungsi (jiwa)", "pengungsi", "people"),
        ("Nilai Kerusakan (Rp)", "kerusakan_rp", RUPIAH),
        ("Nilai Kerugian (Rp)", "kerugian_rp", RUPIAH),
        ("Nilai Kebutuhan (Rp)", "kebutuhan_rp", RUPIAH)]
    specs.append(("Rekap Klaster", "jitupasna_cluster" + suffix, cluster, "fid"))
    needs = admin_columns(level) + [
        ("Penduduk (jiwa)", "penduduk", "people"),
        ("Penduduk Terdampak (jiwa)", "terdampak", "people"),
        ("Pengungsi (jiwa)", "pengungsi", "people"),
        ("Korban Jiwa", "korban_jiwa", "people")]
    table = "population_needs" + suffix
    if has_table(db, table):
        names = columns(db, table)
        for c in names[names.index("korban_jiwa") + 1:]:
            needs.append((need_header(c), c, "sum"))
    specs.append(("Kebutuhan Pengungsi", table, needs, "fid"))
    priority = [("Peringkat Prioritas", "peringkat_prioritas", "number")] + admin_columns(level) + [
        ("Skor Prioritas Pemulihan", "skor_prioritas", "number"),
        ("Prioritas: Porsi Rumah Rusak Berat", "prioritas_rumah_rb", "number"),
        ("Prioritas: Kerusakan per Kapita", "prioritas_kerusakan_per_kapita", "number"),
        ("Prioritas: Pengungsi", "prioritas_pengungsi", "number"),
        ("Prioritas: Fasilitas Rusak", "prioritas_fasilitas_rusak", "number"),
        ("Nilai Kerusakan (Rp)", "kerusakan_rp", RUPIAH),
        ("Nilai Kerugian (Rp)", "kerugian_rp", RUPIAH),
        ("Nilai Kebutuhan (Rp)", "kebutuhan_rp", RUPIAH),
        ("Penduduk (jiwa)", "penduduk", "people"),
        ("Penduduk Terdampak (jiwa)", "terdampak", "people"),
        ("Pengungsi (jiwa)", "pengungsi", "people"),
        ("Korban Jiwa", "korban_jiwa", "people"),
        ("Wilayah Terdampak", "wilayah_terdampak", "number")]
    table = "admin_summary" + suffix
    if has_table(db, table) and "peringkat_prioritas" in columns(db, table):
        specs.append(("Prioritas Pemulihan", table, priority, "peringkat_prioritas, fid"))
    # Every row's quantity in its exposure's satuan (docs/scenario.md): structures and
    # aggregates in unit (count), roads in km of length, areas in ha, people in jiwa; lengths
    # in km and areas in ha. Never a road's `count`, which is a share of features.
    satuan_of, quantity_of = [], []
    for name, kind in exposure_kinds(db):
        satuan, quantity = {"road": ("km", '"length_m" / 1000.0'),
                            "area": ("ha", '"area_m2" / 10000.0'),
                            "population": ("jiwa", '"population"')}.get(kind, ("unit", '"count"'))
        satuan_of.append(f"WHEN '{name}' THEN '{satuan}'")
        quantity_of.append(f"WHEN '{name}' THEN {quantity}")
    impact = admin_columns(level) + [
        ("Paparan", "exposure", "text"), ("Jenis Aset", "asset_type", "label"),
        ("Kelas Bahaya", "hazard_class", "label"),
        ("Tingkat Kerusakan", "damage_state", "label?"),
        ("Satuan", f"(CASE \"exposure\" {' '.join(satuan_of)} END)", "text"),
        ("Jumlah", f"(CASE \"exposure\" {' '.join(quantity_of)} END)", "sum"),
        ("Panjang (km)", '("length_m" / 1000.0)', "sum?"),
        ("Luas (ha)", '("area_m2" / 10000.0)', "sum?"), ("Jumlah Penduduk", "population", "people?"),
        ("Nilai Kerusakan (Rp)", "kerusakan_rp", RUPIAH + "?")]
    table = "impact_summary" + suffix
    if has_table(db, table):
        # Optional columns (kind ending in ?) appear only when some row has a value.
        impact = [(h, c, k.rstrip("?")) for h, c, k in impact
                  if not k.endswith("?") or
                  db.execute(f'SELECT COUNT({sql(c)}) FROM "{table}"').fetchone()[0] > 0]
    specs.append(("Ringkasan Dampak", table, impact, "fid"))
    if not level["sub"] and has_table(db, "rekap_konsolidasi"):
        # After `jitupasna import`: the consolidated recap with the source of every row, the
        # totals per kab/kota, and the imported forms (docs/forms.md).
        specs.append(("Rekap Konsolidasi", "rekap_konsolidasi", admin_columns(level) + [
            ("Sektor", "sektor", "label"), ("Subsektor", "sub_sektor", "label"),
            ("Klaster", "klaster", "label"), ("Uraian", "uraian", "text"),
            ("Satuan", "satuan", "text"),
            ("Rusak Berat", "rusak_berat", "sum"), ("Rusak Sedang", "rusak_sedang", "sum"),
            ("Rusak Ringan", "rusak_ringan", "sum"),
            ("Nilai Kerusakan (Rp)", "kerusakan_rp", RUPIAH),
            ("Nilai Kerugian (Rp)", "kerugian_rp", RUPIAH),
            ("Estimasi Kerusakan (Rp)", "est_kerusakan_rp", RUPIAH),
            ("Estimasi Kerugian (Rp)", "est_kerugian_rp", RUPIAH),
            ("Sumber", "sumber", "text"), ("Perangkat Daerah", "perangkat_daerah", "text"),
            ("Tanggal Laporan", "tanggal_laporan", "text"), ("Nilai dari PD", "nilai_pd", "text")],
            "fid"))
        specs.append(("Rekap Konsolidasi Wilayah", "rekap_konsolidasi_wilayah", admin_columns(level) + [
            ("Nilai Kerusakan (Rp)", "kerusakan_rp", RUPIAH),
            ("Nilai Kerugian (Rp)", "kerugian_rp", RUPIAH),
            ("Estimasi Kerusakan (Rp)", "est_kerusakan_rp", RUPIAH),
            ("Estimasi Kerugian (Rp)", "est_kerugian_rp", RUPIAH),
            ("Kebutuhan Usulan PD (Rp)", "kebutuhan_pd_rp", RUPIAH),
            ("Baris Data PD", "baris_pd", "number"), ("Sumber Data", "sumber_data", "text")],
            "fid"))
        specs.append(("Laporan PD", "pd_submissions", [
            ("Perangkat Daerah", "perangkat_daerah", "text"), ("Nama Berkas", "nama_file", "text"),
            ("Diimpor pada (UTC)", "diimpor_pada", "text"),
            ("Diverifikasi oleh", "diverifikasi_oleh", "text"), ("Jabatan", "jabatan", "text"),
            ("Tanggal Verifikasi", "tanggal_verifikasi", "text"),
            ("Baris Kerusakan", "baris_kerusakan", "number"),
            ("Baris Kebutuhan", "baris_kebutuhan", "number"), ("Aktif", "aktif", "number")],
            "fid"))
    return [s for s in specs if has_table(db, s[1])]


def sql(column):
    """A column name quoted, or an expression (in parentheses) as it is."""
    return column if column.startswith("(") else f'"{column}"'


def exposure_kinds(db):
    """[(exposure, kind)] from run_info, in run order."""
    info = dict(db.execute("SELECT key, value FROM run_info"))
    out = []
    for n in range(1, int(info.get("output.exposures", "0")) + 1):
        out.append((info[f"output.exposure.{n}"], info[f"output.exposure.{n}.kind"]))
    return out


def adds_in(kind, satuan):
    """Whether a column adds up in the TOTAL of rows of one satuan: Rupiah always, people in
    jiwa only, damaged quantities in any satuan but jiwa."""
    if kind == RUPIAH:
        return True
    return (satuan == "jiwa") == (kind == "people")


def summed(kind):
    return kind in ("sum", "people", RUPIAH)


def has_table(db, name):
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                      (name,)).fetchone() is not None


def columns(db, table):
    return [r[1] for r in db.execute(f'PRAGMA table_info("{table}")') if r[1] not in ("fid", "geom")]


def levels(db):
    main = "Kabupaten/Kota"  # the test scenarios keep the default admin level, kabkota
    out = [{"suffix": "", "name_header": main, "sheet": "", "sub": False}]
    row = db.execute("SELECT value FROM run_info WHERE key='input.admin.sublevel'").fetchone()
    if row:
        sub = row[0]
        # Sheets carry the level's Indonesian title, shortened to keep within Excel's 31
        # characters ("Kebutuhan Pengungsi (Desa-Kel)").
        titles = {"kecamatan": "Kecamatan", "desa": "Desa-Kel", "kelurahan": "Desa-Kel",
                  "rukun_warga": "RW"}
        out.append({"suffix": "_" + sub, "name_header": humanize(sub), "sheet": f" ({titles[sub]})",
                    "csv": "_" + sub, "sub": True, "parent_header": main})
    return out


def expected_sheets(db):
    """[(sheet name, csv name, table, cols, order)] in workbook order: every level's sheets,
    then those of an import (main level only)."""
    out = []
    specs = [(level, spec) for level in levels(db) for spec in sheet_specs(db, level)]
    imported = ("rekap_konsolidasi", "rekap_konsolidasi_wilayah", "pd_submissions")
    specs.sort(key=lambda ls: ls[1][1] in imported)  # stable: the import's sheets last
    for level, (base, table, cols, order) in specs:
        csv_name = base.lower().replace(" ", "_") + level.get("csv", "") + ".csv"
        out.append((base + level["sheet"], csv_name, table, cols, order))
    return out


def table_rows(db, table, cols, order):
    names = ", ".join(sql(c) for _, c, _ in cols)
    return db.execute(f'SELECT {names} FROM "{table}" ORDER BY {order}').fetchall()


# ----------------------------------------------------------------------------------------------
# An XLSX reader (only what the workbook uses: inline and shared strings, numbers, styles)

BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%",
                   10: "0.00%", 49: "@"}


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def read_xlsx(path):
    """{sheet name: [[(value, format code, bold)]]} in workbook order."""
    with zipfile.ZipFile(path) as z:
        check(z.testzip() is None, f"{path}: a ZIP member is corrupt")
        names = z.namelist()
        check(names[0] == "[Content_Types].xml", f"{path}: [Content_Types].xml is not first")
        shared = []
        if "xl/sharedStrings.xml" in names:
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(MAIN + "si"):
                shared.append("".join(t.text or "" for t in si.iter(MAIN + "t")))
        styles = ET.fromstring(z.read("xl/styles.xml"))
        formats = dict(BUILTIN_FORMATS)
        for nf in styles.iter(MAIN + "numFmt"):
            formats[int(nf.get("numFmtId"))] = nf.get("formatCode")
        fonts = [f.find(MAIN + "b") is not None for f in styles.find(MAIN + "fonts")]
        xfs = [(formats.get(int(xf.get("numFmtId", "0")), "?"), fonts[int(xf.get("fontId", "0"))])
               for xf in styles.find(MAIN + "cellXfs")]
        rels = {r.get("Id"): r.get("Target")
                for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(PKG_REL + "Relationship")}
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        sheets = {}
        for sheet in workbook.iter(MAIN + "sheet"):
            target = rels[sheet.get(REL + "id")]
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            root = ET.fromstring(z.read(part))
            rows = []
            for row in root.iter(MAIN + "row"):
                r = int(row.get("r")) - 1
                while len(rows) <= r:
                    rows.append([])
                cells = rows[r]
                for c in row.iter(MAIN + "c"):
                    i = column_index(c.get("r"))
                    while len(cells) <= i:
                        cells.append((None, "General", False))
                    t = c.get("t", "n")
                    if t == "inlineStr":
                        value = "".join(x.text or "" for x in c.iter(MAIN + "t"))
                    elif t == "s":
                        value = shared[int(c.find(MAIN + "v").text)]
                    elif t in ("str", "e"):
                        value = c.findtext(MAIN + "v")
                    else:
                        v = c.findtext(MAIN + "v")
                        value = float(v) if v is not None else None
                    fmt, bold = xfs[int(c.get("s", "0"))]
                    cells[i] = (value, fmt, bold)
            sheets[sheet.get("name")] = rows
        return sheets


def values(row, width):
    return [row[i][0] if i < len(row) else None for i in range(width)]


# ----------------------------------------------------------------------------------------------
# The checks

def check_sheet_against_table(name, rows, db, table, cols, order, label_shown):
    """rows: [[value]] including the header; the data rows must match the table and each
    totals row the sums over the rows above it (per exposure for impact_summary)."""
    headers = [h for h, _, _ in cols]
    check(rows and rows[0] == headers, f"{name}: headers {rows[0] if rows else None} != {headers}")
    expected = table_rows(db, table, cols, order)
    data = [r for r in rows[1:] if not (isinstance(r[0], str) and r[0].startswith("TOTAL"))
            and not (len(r) > 1 and isinstance(r[1], str) and r[1].startswith("TOTAL"))]
    totals = [r for r in rows[1:] if r not in data]
    check(len(data) == len(expected), f"{name}: {len(data)} data rows, table {table} has {len(expected)}")
    for i, (got, want) in enumerate(zip(data, expected)):
        for (header, column, kind), g, w in zip(cols, got, want):
            if kind in ("text", "label"):
                if column == "admin_name" and w is None and label_shown:
                    w = "(di luar wilayah)"
                if kind == "label" and label_shown:
                    w = humanize(w)
                ok = (g or None) == (w or None)
            else:
                ok = (g is None and w is None) or close(g, w)
            check(ok, f"{name} row {i + 2} '{header}': {g!r} != {table}.{column} {w!r}")
    # Totals rows: one TOTAL for the whole table, or one per exposure for impact_summary.
    if table.startswith("impact_summary"):
        groups = db.execute(f'SELECT exposure FROM "{table}" GROUP BY exposure ORDER BY MIN(fid)').fetchall()
        labels = [f"TOTAL {g[0]}" for g in groups]
        where = [("exposure = ?", (g[0],)) for g in groups]
    elif table == "pd_submissions":  # a list of forms: nothing to add up
        labels, where = [], []
    else:
        # Rows of several satuan: a TOTAL per satuan (first seen first), then the Rupiah alone.
        satuans = []
        if any(c == "satuan" for _, c, _ in cols):
            for (v,) in db.execute(f'SELECT satuan FROM "{table}" ORDER BY {order}'):
                if v not in satuans:
                    satuans.append(v)
        if len(satuans) > 1:
            labels = [f"TOTAL {s}" for s in satuans] + ["TOTAL"]
            where = [("satuan = ?", (s,)) for s in satuans] + [("1", ())]
        else:
            labels = ["TOTAL"]
            where = [("1", ())]
    got_labels = [next(v for v in t if isinstance(v, str)) for t in totals]
    check(got_labels == labels, f"{name}: totals rows {got_labels} != {labels}")
    for label, t, (cond, args) in zip(labels, totals, where):
        satuan = args[0] if args and cond == "satuan = ?" else None
        for (header, column, kind), g in zip(cols, t):
            mixed_total = label == "TOTAL" and len(labels) > 1 and not table.startswith("impact_summary")
            if (not summed(kind) or (satuan is not None and not adds_in(kind, satuan))
                    or (mixed_total and kind != RUPIAH)):
                check(g is None or isinstance(g, str), f"{name} {label} '{header}' should be empty, is {g!r}")
                continue
            want = db.execute(f'SELECT TOTAL({sql(column)}), COUNT({sql(column)}), COUNT(*) FROM "{table}" WHERE {cond}',
                              args).fetchone()
            if want[1] == 0 and want[2] > 0:
                check(g is None, f"{name} {label} '{header}': {g!r}, every row is NULL")
            else:
                check(close(g, want[0]), f"{name} {label} '{header}': {g!r} != SUM({table}.{column}) = {want[0]!r}")
    return data, totals


def open_gpkg(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return db


def check_workbook(xlsx, gpkg):
    print(f"checking {xlsx} against {gpkg}")
    db = open_gpkg(gpkg)
    book = read_xlsx(xlsx)
    expected = expected_sheets(db)
    want_names = [e[0] for e in expected] + ["Keterangan"]
    check(list(book) == want_names, f"{xlsx}: sheets {list(book)} != {want_names}")
    for name, _, table, cols, order in expected:
        if name not in book:
            continue
        raw = book[name]
        width = len(cols)
        rows = [values(r, width) for r in raw]
        data, totals = check_sheet_against_table(name, rows, db, table, cols, order, True)
        # Header bold; Rupiah shown with thousands separators; totals bold.
        check(all(c[2] for c in raw[0]), f"{name}: header row is not bold")
        for j, (header, column, kind) in enumerate(cols):
            cells = [r[j] for r in raw[1:] if j < len(r) and isinstance(r[j][0], float)]
            if kind == RUPIAH:
                bad = {c[1] for c in cells if c[1] != "#,##0"}
                check(not bad, f"{name} '{header}': Rupiah format {bad}, want #,##0")
            if kind in ("sum", "people"):
                bad = {c[1] for c in cells if "#,##0" not in c[1]}
                check(not bad, f"{name} '{header}': format {bad}, want thousands separators")
        for r in raw[1:]:
            if any(isinstance(c[0], str) and c[0].startswith("TOTAL") for c in r):
                check(all(c[2] for c in r if c[0] is not None), f"{name}: totals row not bold")
    notes = [values(r, 2) for r in book.get("Keterangan", [])]
    check(any(r[0] == "Pembulatan" for r in notes), "Keterangan: no note on rounding")
    # The hazard type in Bahasa Indonesia, not its id.
    hazard_titles = {"flood": "Banjir", "earthquake": "Gempa bumi", "tsunami": "Tsunami",
                     "volcano": "Erupsi gunung api", "landslide": "Tanah longsor"}
    hazard_type = db.execute("SELECT value FROM run_info WHERE key='hazard_type'").fetchone()[0]
    shown = [r[1] for r in notes if r[0] == "Jenis bahaya"]
    check(shown == [hazard_titles[hazard_type]],
          f"Keterangan 'Jenis bahaya' is {shown}, want [{hazard_titles[hazard_type]!r}] for {hazard_type}")
    # One note per warning of the run, read in Bahasa Indonesia rather than quoted in English.
    warnings = [v for k, v in db.execute("SELECT key, value FROM run_info") if k.startswith("warning.")]
    told = [r[1] for r in notes if str(r[0]).startswith("Peringatan ")]
    check(len(told) == len(warnings), f"Keterangan tells {len(told)} warning(s), run_info has {len(warnings)}")
    check(not set(told) & set(warnings), f"Keterangan: a warning left in English: {told}")
    # Each sheet is described by what it shows: the priority sheet is not "aset terpapar"
    # (the description of admin_summary, the table it takes its columns from).
    for r in notes:
        if r[0] == "Lembar Prioritas Pemulihan":
            check("prioritas" in r[1] and "terpapar" not in r[1],
                  f"Keterangan describes the priority sheet as {r[1]!r}")
    return db


def cmd_xlsx(args):
    work = Path(args.work)
    check_workbook(work / "damage" / "tables.xlsx", work / "damage.gpkg")
    check_workbook(work / "sub" / "tables.xlsx", work / "sub.gpkg")
    check_workbook(work / "synthetic" / "tables.xlsx", work / "synthetic.gpkg")
    if (work / "imported.gpkg").exists():
        check_workbook(work / "imported" / "tables.xlsx", work / "imported.gpkg")
    # Without a vulnerability: only the impact summary (and the notes).
    book = read_xlsx(work / "plain" / "tables.xlsx")
    check(list(book) == ["Ringkasan Dampak", "Keterangan"],
          f"plain run: sheets {list(book)}, want Ringkasan Dampak and Keterangan")
    check_workbook(work / "plain" / "tables.xlsx", work / "plain.gpkg")
    # The sublevel sheets exist and the Kecamatan header is used.
    sub = read_xlsx(work / "sub" / "tables.xlsx")
    check("Rekap Sektor (Kecamatan)" in sub, f"sub run: no 'Rekap Sektor (Kecamatan)' in {list(sub)}")
    check(all(len(name) <= 31 for name in sub), f"sub run: a sheet name over 31 characters: {list(sub)}")


def cmd_csv(args):
    work = Path(args.work)
    for run_name in ("damage", "sub", "synthetic", "imported"):
        gpkg = work / f"{run_name}.gpkg"
        if run_name == "imported" and not gpkg.exists():
            continue
        folder = work / run_name / "csv"
        print(f"checking {folder} against {gpkg}")
        db = open_gpkg(gpkg)
        expected = expected_sheets(db)
        want_files = sorted(e[1] for e in expected)
        check(sorted(p.name for p in folder.iterdir()) == want_files,
              f"{folder}: files {sorted(p.name for p in folder.iterdir())} != {want_files}")
        for name, csv_name, table, cols, order in expected:
            path = folder / csv_name
            if not path.exists():
                continue
            raw = path.read_bytes()
            check(b"\r" not in raw, f"{path}: CR in the file")
            rows = list(csv.reader(raw.decode("utf-8").splitlines()))
            # Codes are quoted text ("11.10" must not become the number 11.1).
            lines = raw.decode("utf-8").splitlines()
            if len(lines) > 1 and cols[0][1] == "admin_code" and lines[1][:1] != ",":
                check(lines[1].startswith('"'), f"{path}: admin code not quoted: {lines[1][:20]!r}")
            parsed = [rows[0]]
            for r in rows[1:]:
                out = []
                for (header, column, kind), v in zip(cols, r):
                    if kind in ("text", "label"):
                        out.append(v if v != "" else None)
                    elif v == "":
                        out.append(None)
                    else:
                        # Plain decimal notation: no e-notation in anything a person reads.
                        check(re.fullmatch(r"-?\d+(\.\d+)?", v) is not None,
                              f"{path} '{header}': {v!r} is not a plain number")
                        # 15 significant digits at most, as a spreadsheet shows them: no
                        # binary noise such as 8355.199999999999 for 2984 x 2.8.
                        digits = v.lstrip("-").replace(".", "").lstrip("0")
                        check(len(digits.rstrip("0") if "." not in v else digits) <= 15,
                              f"{path} '{header}': {v!r} has more than 15 significant digits")
                        out.append(float(v))
                parsed.append(out)
            # No totals rows in CSV: compare the data, then the sums directly.
            headers = [h for h, _, _ in cols]
            check(rows[0] == headers, f"{path}: headers {rows[0]} != {headers}")
            expected_rows = table_rows(db, table, cols, order)
            check(len(parsed) - 1 == len(expected_rows),
                  f"{path}: {len(parsed) - 1} rows, table {table} has {len(expected_rows)}")
            for i, (got, want) in enumerate(zip(parsed[1:], expected_rows)):
                for (header, column, kind), g, w in zip(cols, got, want):
                    ok = (g == w) if kind in ("text", "label") else \
                        ((g is None and w is None) or close(g, w))
                    check(ok, f"{path} row {i + 2} '{header}': {g!r} != {table}.{column} {w!r}")
            for j, (header, column, kind) in enumerate(cols):
                if summed(kind):
                    total = sum(r[j] for r in parsed[1:] if r[j] is not None)
                    want = db.execute(f'SELECT TOTAL({sql(column)}) FROM "{table}"').fetchone()[0]
                    check(close(total, want), f"{path} '{header}': sum {total} != {want}")
    check_synthetic_units(work / "synthetic" / "csv")


def check_synthetic_units(folder):
    """The hand-made case (tests/reference/scenarios/synthetic-damage.yaml, worked in its
    comments): its road, 200 m along row 1, lies 50 m in A at 1 m (class sedang), 100 m in A at
    2 m (tinggi) and 50 m in B at 7 m (tinggi), all rusak berat; geodesic 50.020 / 100.040 /
    50.020 m. Ringkasan Dampak gives them in km, never as shares of the one feature."""
    with open(folder / "ringkasan_dampak.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    roads = {(r["Kode Wilayah"], r["Kelas Bahaya"], r["Tingkat Kerusakan"]): r
             for r in rows if r["Paparan"] == "jalan"}
    want = {("A", "sedang", "rusak_berat"): 0.05002, ("A", "tinggi", "rusak_berat"): 0.10004,
            ("B", "tinggi", "rusak_berat"): 0.05002}
    check(set(roads) == set(want), f"synthetic: road rows {sorted(roads)}, want {sorted(want)}")
    for key, km in want.items():
        if key in roads:
            r = roads[key]
            check(r["Satuan"] == "km", f"synthetic: road row {key} satuan {r['Satuan']!r}, want km")
            check(abs(float(r["Jumlah"]) - km) < 2e-5, f"synthetic: road {key} {r['Jumlah']} km, want {km}")
            check(abs(float(r["Panjang (km)"]) - km) < 2e-5,
                  f"synthetic: road {key} length {r['Panjang (km)']} km, want {km}")
    # Buildings stay in units: b1-b11 are 11 buildings in all (every row of a class, or of
    # the damage states that split it).
    buildings = [r for r in rows if r["Paparan"] == "bangunan"]
    check(all(r["Satuan"] == "unit" for r in buildings), "synthetic: a building row not in unit")
    check(abs(sum(float(r["Jumlah"]) for r in buildings) - 11) < 1e-9,
          f"synthetic: buildings add up to {sum(float(r['Jumlah']) for r in buildings)}, want 11")
    # Rekap Klaster: the displaced (jiwa) in a row of their own, never in a row of units.
    with open(folder / "rekap_klaster.csv", encoding="utf-8") as f:
        clusters = list(csv.DictReader(f))
    people = [r for r in clusters if float(r["Pengungsi (jiwa)"] or 0) > 0]
    check(people and all(r["Satuan"] == "jiwa" for r in people),
          f"synthetic: displaced in rows of satuan {[r['Satuan'] for r in people]}, want jiwa")
    check(all(float(r[c] or 0) == 0 for r in people for c in ("Rusak Berat", "Rusak Sedang", "Rusak Ringan")),
          "synthetic: a jiwa row of Rekap Klaster holds damaged units")


def thousands(value, sep):
    return f"{round(value):,}".replace(",", sep)


def lo_value(text, kind):
    """A cell of LibreOffice's CSV (raw values; percentages keep their sign)."""
    if text == "":
        return None
    if kind in ("text", "label"):
        return text
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text)


def find_office():
    for name in ("libreoffice", "soffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def office_tools():
    office = find_office()
    pdftotext = shutil.which("pdftotext")
    if not office or not pdftotext:
        print("SKIP: LibreOffice (libreoffice-calc-nogui) or pdftotext (poppler-utils) is not "
              "installed; `scripts/setup --with-clients` installs them")
        return None
    return office, pdftotext


def cmd_libreoffice(args):
    tools = office_tools()
    if not tools:
        return SKIP
    work = Path(args.work)
    check_in_libreoffice(tools, work / "damage" / "tables.xlsx", work / "damage.gpkg")


def cmd_examples(args):
    """The real Jakarta and Banten examples (clients.examples.setup ran and exported them):
    each workbook holds the GeoPackage's tables and LibreOffice shows the same totals."""
    work = Path(args.work)
    names = [p.stem for p in sorted(work.glob("*.gpkg"))]
    if not names:
        print(f"SKIP: no example outputs in {work} (the real data in ../shared/data is absent)")
        return SKIP
    tools = office_tools()
    if not tools:
        return SKIP
    for name in names:
        check_workbook(work / f"{name}.xlsx", work / f"{name}.gpkg")
        check_in_libreoffice(tools, work / f"{name}.xlsx", work / f"{name}.gpkg")


def check_in_libreoffice(tools, xlsx, gpkg):
    """LibreOffice converts the workbook to PDF (showing the totals) and to CSV per sheet (its
    own reading of every cell), both checked against the GeoPackage."""
    office, pdftotext = tools
    db = open_gpkg(gpkg)
    out = Path(tempfile.mkdtemp(prefix="jitupasna-export-lo-"))
    try:
        profile = out / "profile"
        env = dict(os.environ, HOME=str(out))
        common = [office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
        r = run(common + ["--convert-to", "pdf", "--outdir", out / "pdf", xlsx], timeout=180, env=env)
        print(r.stdout, r.stderr)
        pdf = out / "pdf" / (xlsx.stem + ".pdf")
        if not check(r.returncode == 0 and pdf.exists(), f"LibreOffice could not convert {xlsx} to PDF"):
            return
        text = run([pdftotext, "-layout", pdf, "-"]).stdout
        name = db.execute("SELECT admin_name FROM jitupasna_sector ORDER BY fid LIMIT 1").fetchone()[0]
        check(name in text, f"PDF: no kabupaten name {name!r}")
        for table, column in (("jitupasna_sector", "kerusakan_rp"), ("jitupasna_sector", "kebutuhan_rp"),
                              ("jitupasna_cluster", "kerugian_rp")):
            total = db.execute(f'SELECT TOTAL("{column}") FROM "{table}"').fetchone()[0]
            shown = [thousands(total, ","), thousands(total, ".")]
            check(total >= 1000 and any(s in text for s in shown),
                  f"PDF: total {table}.{column} shown as neither of {shown}")
        check("Rekap Sektor" in text or "Nilai Kerusakan (Rp)" in text, "PDF: no sector table")

        # LibreOffice's own reading of the cells: every sheet as CSV, raw values; the totals
        # rows must equal the GeoPackage's sums.
        options = "44,34,76,1,,0,false,true,false,false,false,-1"
        r = run(common + ["--convert-to", f"csv:Text - txt - csv (StarCalc):{options}",
                          "--outdir", out / "csv", xlsx], timeout=180, env=env)
        print(r.stdout, r.stderr)
        check(r.returncode == 0, "LibreOffice could not convert the workbook to CSV")
        produced = {p.name: p for p in (out / "csv").glob("*.csv")} if (out / "csv").exists() else {}
        for name, _, table, cols, order in expected_sheets(db):
            path = produced.get(f"{xlsx.stem}-{name}.csv")
            if not check(path is not None, f"LibreOffice wrote no CSV for sheet {name}: {sorted(produced)}"):
                continue
            rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
            parsed = [rows[0]] + [[lo_value(v, kind) for (_, _, kind), v in zip(cols, r)]
                                  for r in rows[1:]]
            print(f"LibreOffice sheet {name}: {len(rows)} rows")
            check_sheet_against_table(f"LibreOffice {name}", parsed, db, table, cols, order, True)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def cmd_errors(args):
    work = Path(args.work) / "errors"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    binary = args.binary
    gpkg = Path(args.work) / "damage.gpkg"

    def export(*extra):
        r = run([binary, "export", *extra])
        print(r.stdout, r.stderr)
        return r

    # Neither --xlsx nor --csv: a usage error.
    r = export(gpkg)
    check(r.returncode == 2, f"no --xlsx/--csv: exit {r.returncode}, want 2")
    check("--xlsx" in r.stderr and "--csv" in r.stderr, "no --xlsx/--csv: message does not name the options")

    # An existing workbook is refused, and left alone, without --overwrite.
    xlsx = work / "tables.xlsx"
    xlsx.write_bytes(b"previous")
    r = export(gpkg, "--xlsx", xlsx)
    check(r.returncode == 2, f"existing xlsx: exit {r.returncode}, want 2")
    check(str(xlsx) in r.stderr and "--overwrite" in r.stderr, f"existing xlsx: message {r.stderr!r}")
    check(xlsx.read_bytes() == b"previous", "existing xlsx was modified")
    r = export(gpkg, "--xlsx", xlsx, "--overwrite")
    check(r.returncode == 0 and zipfile.is_zipfile(xlsx), "--overwrite did not replace the workbook")

    # One existing CSV file: refused before anything is written (no other CSV appears).
    folder = work / "csv"
    folder.mkdir()
    (folder / "rekap_klaster.csv").write_text("previous")
    r = export(gpkg, "--csv", folder, "--xlsx", work / "new.xlsx")
    check(r.returncode == 2, f"existing csv: exit {r.returncode}, want 2")
    check("rekap_klaster.csv" in r.stderr, f"existing csv: message {r.stderr!r} does not name the file")
    check(sorted(p.name for p in folder.iterdir()) == ["rekap_klaster.csv"],
          f"existing csv: other files written: {sorted(p.name for p in folder.iterdir())}")
    check(not (work / "new.xlsx").exists(), "existing csv: the workbook was written anyway")
    r = export(gpkg, "--csv", folder, "--overwrite")
    check(r.returncode == 0 and (folder / "rekap_klaster.csv").read_text() != "previous",
          "--overwrite did not replace the CSV files")

    # A GeoPackage that is not a jitupasna output (no run_info).
    foreign = work / "kabupaten.gpkg"
    shutil.copy(Path(args.work) / "data" / "kabupaten.gpkg", foreign)
    r = export(foreign, "--xlsx", work / "foreign.xlsx")
    check(r.returncode == 1, f"foreign gpkg: exit {r.returncode}, want 1")
    check(str(foreign) in r.stderr and "run_info" in r.stderr, f"foreign gpkg: message {r.stderr!r}")
    check(not (work / "foreign.xlsx").exists(), "foreign gpkg: a workbook was written")

    # Not a GeoPackage at all.
    text = work / "notes.gpkg"
    text.write_text("not a database\n")
    r = export(text, "--xlsx", work / "text.xlsx")
    check(r.returncode == 1, f"text file: exit {r.returncode}, want 1")
    check(str(text) in r.stderr, f"text file: message {r.stderr!r} does not name the file")

    # A missing GeoPackage: a usage error.
    r = export(work / "missing.gpkg", "--xlsx", work / "missing.xlsx")
    check(r.returncode == 2, f"missing gpkg: exit {r.returncode}, want 2")

    # The workbook may not replace the GeoPackage it reads.
    copy = work / "copy.gpkg"
    shutil.copy(gpkg, copy)
    r = export(copy, "--xlsx", copy, "--overwrite")
    check(r.returncode == 2, f"--xlsx = the GeoPackage: exit {r.returncode}, want 2")
    check(open_gpkg(copy).execute("SELECT COUNT(*) FROM run_info").fetchone()[0] > 0,
          "--xlsx = the GeoPackage: the GeoPackage was damaged")

    # No temporary file is left behind by any of these.
    partial = [str(p) for p in work.rglob("*partial*")]
    check(not partial, f"temporary files left behind: {partial}")


def cmd_setup(args):
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    data = work / "data"
    shutil.copytree(args.demo, data)
    damage_yaml = (Path(args.source) / "data" / "demo" / "demo-damage.yaml").read_text()
    (data / "demo-damage.yaml").write_text(damage_yaml)
    shutil.copy(Path(args.source) / "data" / "demo" / "demo.yaml", data / "demo.yaml")
    # The same run with a sublevel (the kabupaten layer again, each unit its own parent), so
    # that the _<sublevel> tables are exported too.
    anchor = "  name_field: nama\n"
    assert anchor in damage_yaml
    sub_yaml = damage_yaml.replace(anchor, anchor + (
        "  sublevel: {name: kecamatan, source: kabupaten.gpkg, layer: kabkota, "
        "code_field: kode, name_field: nama, parent_field: kode}\n"), 1)
    (data / "demo-sub.yaml").write_text(sub_yaml)
    binary = args.binary
    # The hand-made damage case (roads, areas, people: several satuan) as well.
    synthetic = Path(args.source) / "tests" / "reference" / "scenarios" / "synthetic-damage.yaml"
    for name, yaml in (("damage", data / "demo-damage.yaml"), ("plain", data / "demo.yaml"),
                       ("sub", data / "demo-sub.yaml"), ("synthetic", synthetic)):
        r = run([binary, "run", yaml, "-o", work / f"{name}.gpkg", "--no-report", "-q"])
        if r.returncode != 0:
            print(r.stdout, r.stderr)
            print(f"FAIL: jitupasna run {yaml}: exit {r.returncode}")
            return 1
        extra = ["--csv", work / name / "csv"] if name != "plain" else []
        r = run([binary, "export", work / f"{name}.gpkg", "--xlsx", work / name / "tables.xlsx", *extra])
        print(r.stdout, r.stderr)
        if r.returncode != 0:
            print(f"FAIL: jitupasna export {name}.gpkg: exit {r.returncode}")
            return 1
    make_imported(binary, args.source, work)
    return 0


def make_imported(binary, source, work):
    """The damage run with one PD form returned: forms, one form filled by openpyxl
    (scripts/fill_demo_forms.py), import, export. Returns the filled form, or None without
    openpyxl."""
    try:
        import openpyxl
    except ImportError:
        print("SKIP: python3-openpyxl is not installed; no import to export")
        return None
    gpkg = work / "imported.gpkg"
    shutil.copy(work / "damage.gpkg", gpkg)
    forms = work / "forms"
    r = run([binary, "forms", gpkg, "-d", forms])
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        raise SystemExit(f"FAIL: jitupasna forms: exit {r.returncode}")
    # The first form (by name) with an estimate to replace.
    chosen = None
    for path in sorted(forms.glob("*.xlsx")):
        ws = openpyxl.load_workbook(path)["Kerusakan dan Kerugian"]
        keys = {c.value: c.column for c in ws[1]}
        if any((ws.cell(r, keys["est_kerusakan_rp"]).value or 0) > 0 for r in range(3, ws.max_row + 1)):
            chosen = path.name
            break
    if not chosen:
        raise SystemExit("FAIL: no form with an estimate")
    returned = work / "returned"
    r = run(["/usr/bin/python3", Path(source) / "scripts" / "fill_demo_forms.py", forms, returned,
             chosen, "--rows", "2"])
    print(r.stdout, r.stderr)
    if r.returncode != 0:
        raise SystemExit(f"FAIL: fill_demo_forms.py: exit {r.returncode}")
    for cmd in (["import", gpkg, returned / chosen],
                ["export", gpkg, "--xlsx", work / "imported" / "tables.xlsx", "--csv",
                 work / "imported" / "csv"]):
        r = run([binary, *cmd])
        print(r.stdout, r.stderr)
        if r.returncode != 0:
            raise SystemExit(f"FAIL: jitupasna {cmd[0]}: exit {r.returncode}")
    return returned / chosen


def typed_rows(source, form):
    """The PD rows of a returned form as typed (read back with openpyxl)."""
    sys.path.insert(0, str(Path(source) / "scripts"))
    from fill_demo_forms import typed_rows as read
    return {key: (row["rb"], row["rs"], row["rr"], row["kerusakan_rp"])
            for key, row in read(form).items()}


def cmd_source(args):
    """After an import: every figure's source is in the workbook, and the consolidated totals
    are the estimate with the PD's figures put in, worked out here from jitupasna_sector and the
    form as typed."""
    work = Path(args.work)
    forms = sorted((work / "returned").glob("*.xlsx")) if (work / "returned").exists() else []
    if not forms:
        print("SKIP: no returned form (python3-openpyxl missing at setup)")
        return SKIP
    typed = typed_rows(args.source, forms[0])
    check(len(typed) == 2, f"{forms[0]}: {len(typed)} rows typed, want 2")
    db = open_gpkg(work / "imported.gpkg")
    pd, imported_at = db.execute(
        "SELECT perangkat_daerah, diimpor_pada FROM pd_submissions WHERE aktif = 1").fetchone()

    def sector_sum(column, where="1", params=()):
        return db.execute(f'SELECT TOTAL("{column}") FROM jitupasna_sector WHERE {where}',
                          params).fetchone()[0]

    # Expected: the estimate, each typed item's estimate replaced by the PD's figure.
    want_total = sector_sum("kerusakan_rp")
    want_unit = {c: sector_sum("kerusakan_rp", "admin_code = ?", (c,))
                 for (c,) in db.execute("SELECT DISTINCT admin_code FROM jitupasna_sector")}
    for (code, sub, uraian), (_, _, _, kerusakan) in typed.items():
        estimate = sector_sum("kerusakan_rp", "admin_code = ? AND sub_sektor = ?", (code, sub))
        check(uraian == sub, f"typed row {code}/{sub}: uraian {uraian!r} is not the sub-sector")
        want_total += kerusakan - estimate
        want_unit[code] += kerusakan - estimate

    book = read_xlsx(work / "imported" / "tables.xlsx")
    sheet = [[c[0] for c in r] for r in book.get("Rekap Konsolidasi", [])]
    if not check(sheet, f"no sheet Rekap Konsolidasi in {list(book)}"):
        return 1
    h = {name: i for i, name in enumerate(sheet[0])}
    get = lambda row, name: row[h[name]] if h[name] < len(row) else None
    data = [r for r in sheet[1:] if not str(r[0] or "").startswith("TOTAL")
            and not str(get(r, "Kabupaten/Kota") or "").startswith("TOTAL")]
    total = [r for r in sheet[1:] if r not in data]
    check(total and close(get(total[-1], "Nilai Kerusakan (Rp)"), want_total),
          f"Rekap Konsolidasi TOTAL kerusakan {total and get(total[-1], 'Nilai Kerusakan (Rp)')} "
          f"!= {want_total} (estimate with the typed figures)")
    pd_rows = {}
    for r in data:
        source = get(r, "Sumber")
        check(source in ("model", "PD"), f"Rekap Konsolidasi: Sumber {source!r}")
        if source == "PD":
            key = (get(r, "Kode Wilayah"), r[h["Subsektor"]], get(r, "Uraian"))
            pd_rows[key] = r
            check(get(r, "Perangkat Daerah") == pd and get(r, "Tanggal Laporan") == imported_at,
                  f"PD row {key}: {get(r, 'Perangkat Daerah')!r} {get(r, 'Tanggal Laporan')!r}, "
                  f"want {pd!r} {imported_at!r}")
        else:
            check(not get(r, "Perangkat Daerah"), f"model row names a PD: {r}")
    # Sub-sectors show as words ("Perumahan"); the typed keys are tokens.
    want_keys = {(c, humanize(s), u) for c, s, u in typed}
    check(set(pd_rows) == want_keys, f"PD-marked rows {sorted(pd_rows)} != typed {sorted(want_keys)}")
    for (code, sub, uraian), (rb, _, _, kerusakan) in typed.items():
        r = pd_rows.get((code, humanize(sub), uraian))
        if r:
            check(close(get(r, "Nilai Kerusakan (Rp)"), kerusakan) and close(get(r, "Rusak Berat"), rb),
                  f"PD row {code}/{sub}: {get(r, 'Nilai Kerusakan (Rp)')}, {get(r, 'Rusak Berat')} "
                  f"!= typed {kerusakan}, {rb}")

    units = [[c[0] for c in r] for r in book.get("Rekap Konsolidasi Wilayah", [])]
    if check(units, "no sheet Rekap Konsolidasi Wilayah"):
        hu = {name: i for i, name in enumerate(units[0])}
        typed_codes = {c for c, _, _ in typed}
        for r in units[1:]:
            code = r[hu["Kode Wilayah"]]
            if not code or code not in want_unit:
                continue
            check(close(r[hu["Nilai Kerusakan (Rp)"]], want_unit[code]),
                  f"Rekap Konsolidasi Wilayah {code}: {r[hu['Nilai Kerusakan (Rp)']]} != {want_unit[code]}")
            want_source = "sebagian PD" if code in typed_codes else "estimasi"
            check(r[hu["Sumber Data"]] == want_source,
                  f"Rekap Konsolidasi Wilayah {code}: Sumber Data {r[hu['Sumber Data']]!r} != {want_source!r}")
    notes = {r[0][0]: r[1][0] for r in book["Keterangan"] if len(r) > 1}
    check("perangkat daerah" in notes.get("Sumber angka", ""),
          f"Keterangan 'Sumber angka' does not say where PD figures are: {notes.get('Sumber angka')!r}")
    # Without an import the workbook says every figure is an estimate.
    plain = {r[0][0]: r[1][0] for r in read_xlsx(work / "damage" / "tables.xlsx")["Keterangan"] if len(r) > 1}
    check("estimasi model" in plain.get("Sumber angka", ""),
          f"no-import workbook: 'Sumber angka' {plain.get('Sumber angka')!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["setup", "xlsx", "csv", "libreoffice", "errors", "examples",
                                        "source"])
    ap.add_argument("--binary")
    ap.add_argument("--source")
    ap.add_argument("--demo")
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    status = globals()["cmd_" + args.command](args)
    if status:
        return status
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

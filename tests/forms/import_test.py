#!/usr/bin/python3
"""The PD round trip: forms filled the way they come back, imported, checked independently.

Forms from forms_test.py's setup (the demo damage run, banten scheme) are filled with an
independent writer (openpyxl) and, for one of them, saved again by LibreOffice itself
(headless); `jitupasna import` merges them. The consolidated recap, its totals, the history
after a resubmission and `jitupasna status` are then checked against figures this test works
out itself from jitupasna_sector and from what it typed (sqlite3 on the GeoPackage).

    import_test.py roundtrip   --binary B --work W   # two openpyxl forms, resubmission, status
    import_test.py libreoffice --binary B --work W   # a form saved by LibreOffice Calc

Exit 77 (ctest SKIP_RETURN_CODE) when openpyxl or LibreOffice is missing.
"""

import csv
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import forms_test  # noqa: E402  (shared helpers: check, close, run, find_office)
from forms_test import SKIP, check, close, run  # noqa: E402

FIGURE_KEYS = {"rb": "rusak_berat", "rs": "rusak_sedang", "rr": "rusak_ringan",
               "kerusakan_rp": "kerusakan_rp", "kerugian_rp": "kerugian_rp"}


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def keys_of(ws):
    return {c.value: c.column for c in ws[1] if c.value}


def estimate_rows(ws):
    """{(code, sub-sector): sheet row} of the pre-filled estimate rows."""
    k = keys_of(ws)
    rows = {}
    for r in range(3, ws.max_row + 1):
        if ws.cell(r, k["est_kerusakan_rp"]).value is not None:
            rows[(ws.cell(r, k["kode_wilayah"]).value, ws.cell(r, k["sub_sektor"]).value)] = r
    return rows


def first_blank_row(ws):
    k = keys_of(ws)
    for r in range(3, ws.max_row + 2):
        if ws.cell(r, k["kode_wilayah"]).value is None:
            return r
    return ws.max_row + 1


class Filled:
    """What the test typed into one form: {(code, sub, uraian): {key: value}}, need amounts."""

    def __init__(self, pd):
        self.pd = pd
        self.items = {}
        self.needs = []  # (code, jumlah)


def fill(path, out, pd, edits, new_items=(), needs=(), verified=True):
    """Types `edits` {(code, sub): {key: value}} beside the estimates, new items in blank rows,
    need lines and the verification; saves to out. Returns what was typed."""
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb["Kerusakan dan Kerugian"]
    k = keys_of(ws)
    rows = estimate_rows(ws)
    filled = Filled(pd)
    for (code, sub), values in edits.items():
        r = rows[(code, sub)]
        for key, value in values.items():
            ws.cell(r, k[key]).value = value
        filled.items[(code, sub, sub)] = {key: v for key, v in values.items() if key in FIGURE_KEYS}
    for code, sub, uraian, values in new_items:
        r = first_blank_row(ws)
        ws.cell(r, k["kode_wilayah"]).value = code
        ws.cell(r, k["sub_sektor"]).value = sub
        ws.cell(r, k["uraian"]).value = uraian
        ws.cell(r, k["satuan"]).value = "unit"
        for key, value in values.items():
            ws.cell(r, k[key]).value = value
        filled.items[(code, sub, uraian)] = {key: v for key, v in values.items() if key in FIGURE_KEYS}
    n = wb["Kebutuhan"]
    nk = keys_of(n)
    for i, line in enumerate(needs):
        for key, value in line.items():
            n.cell(3 + i, nk[key]).value = value
        filled.needs.append((line["kode_wilayah"], line["jumlah_rp"]))
    if verified:
        v = wb["Verifikasi"]
        v["A3"], v["B3"], v["C3"] = "Ir. Budi Santoso", "Kepala Bidang", "2026-12-04"
    wb.save(out)
    return filled


def expected_recap(db, submissions):
    """{(code, sub, uraian): {column: value}} worked out here: the estimate, with every figure the
    test typed in its place (the last submission of a PD only; the lead's over a supporter's)."""
    recap = {}
    for code, sub, rb, rs, rr, kr, kg in db.execute(
            "SELECT admin_code, sub_sektor, rusak_berat, rusak_sedang, rusak_ringan, kerusakan_rp, "
            "kerugian_rp FROM jitupasna_sector"):
        recap[(code, sub, sub)] = {"rusak_berat": rb, "rusak_sedang": rs, "rusak_ringan": rr,
                                   "kerusakan_rp": kr, "kerugian_rp": kg, "est": kr, "sumber": "model"}
    for filled in submissions:
        for item, values in filled.items.items():
            row = recap.setdefault(item, {"rusak_berat": 0, "rusak_sedang": 0, "rusak_ringan": 0,
                                          "kerusakan_rp": 0, "kerugian_rp": 0, "est": 0,
                                          "sumber": "model"})
            for key, value in values.items():
                row[FIGURE_KEYS[key]] = value
            if values:
                row["sumber"] = "PD"
                row["pd"] = filled.pd
    return recap


def check_recap(gpkg, submissions, label):
    db = sqlite3.connect(gpkg)
    expected = expected_recap(db, submissions)
    got = {}
    for code, sub, uraian, rb, rs, rr, kr, kg, est, sumber, pd in db.execute(
            "SELECT admin_code, sub_sektor, uraian, rusak_berat, rusak_sedang, rusak_ringan, "
            "kerusakan_rp, kerugian_rp, est_kerusakan_rp, sumber, perangkat_daerah "
            "FROM rekap_konsolidasi"):
        got[(code, sub, uraian)] = (rb, rs, rr, kr, kg, est, sumber, pd)
    check(set(got) == set(expected),
          f"{label}: recap items {sorted(set(got) ^ set(expected))} differ")
    for item, e in expected.items():
        g = got.get(item)
        if not g:
            continue
        want = (e["rusak_berat"], e["rusak_sedang"], e["rusak_ringan"], e["kerusakan_rp"],
                e["kerugian_rp"], e["est"])
        check(all(close(a, b) for a, b in zip(g[:6], want)), f"{label}: {item}: {g[:6]} != {want}")
        check(g[6] == e["sumber"] and g[7] == e.get("pd"), f"{label}: {item}: source {g[6:]} != "
              f"{e['sumber']}, {e.get('pd')}")
    # Totals per kab/kota and overall, summed here from the expected rows.
    per_unit = {}
    for (code, _, _), e in expected.items():
        per_unit[code] = per_unit.get(code, 0) + e["kerusakan_rp"]
    needs = {}
    for filled in submissions:
        for code, amount in filled.needs:
            needs[code] = needs.get(code, 0) + amount
    for code, kr, kebutuhan, sumber in db.execute(
            "SELECT admin_code, kerusakan_rp, kebutuhan_pd_rp, sumber_data FROM rekap_konsolidasi_wilayah"):
        check(close(kr, per_unit.get(code, 0)), f"{label}: {code} kerusakan {kr} != {per_unit.get(code, 0)}")
        check(close(kebutuhan, needs.get(code, 0)), f"{label}: {code} kebutuhan {kebutuhan} != {needs.get(code, 0)}")
        sources = {e["sumber"] for (c, _, _), e in expected.items() if c == code}
        model_only = {e["sumber"] for (c, s, u), e in expected.items() if c == code and e["est"] > 0}
        want = "estimasi" if "PD" not in sources else ("PD" if model_only <= {"PD"} else "sebagian PD")
        check(sumber == want, f"{label}: {code} sumber_data {sumber} != {want}")
        summary = db.execute("SELECT sumber_data FROM admin_summary WHERE admin_code = ?", (code,)).fetchone()
        check(summary and summary[0] == want, f"{label}: admin_summary {code}: {summary} != {want}")
    total = db.execute("SELECT TOTAL(kerusakan_rp) FROM rekap_konsolidasi_sektor").fetchone()[0]
    check(close(total, sum(per_unit.values())), f"{label}: sector totals {total} != {sum(per_unit.values())}")
    total = db.execute("SELECT TOTAL(kerusakan_rp) FROM rekap_konsolidasi_klaster").fetchone()[0]
    check(close(total, sum(per_unit.values())), f"{label}: cluster totals {total} != {sum(per_unit.values())}")
    return db


def setup_work(args, name):
    work = Path(args.work)
    mine = work / name
    shutil.rmtree(mine, ignore_errors=True)
    mine.mkdir(parents=True)
    shutil.copy(work / "damage.gpkg", mine / "run.gpkg")
    return mine


def pick_units(gpkg, sub):
    db = sqlite3.connect(gpkg)
    return [c for (c,) in db.execute(
        "SELECT admin_code FROM jitupasna_sector WHERE sub_sektor = ? AND kerusakan_rp > 0 "
        "ORDER BY admin_code", (sub,))]


def cmd_roundtrip(args):
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        print("SKIP: python3-openpyxl is not installed")
        return SKIP
    work = Path(args.work)
    mine = setup_work(args, "import-roundtrip")
    gpkg = mine / "run.gpkg"
    houses = pick_units(gpkg, "perumahan")
    health = pick_units(gpkg, "kesehatan")
    if not check(len(houses) >= 2 and health, f"demo run: units {houses} {health}"):
        return 1
    kes = fill(work / "forms" / "dinas-kesehatan.xlsx", mine / "kesehatan-isi.xlsx", "Dinas Kesehatan",
               {(health[0], "kesehatan"): {"rb": 3, "kerusakan_rp": 2_500_000_000, "keterangan": "Data Dinkes"}},
               new_items=[(health[0], "kesehatan", "Puskesmas Pembantu",
                           {"rb": 1, "kerusakan_rp": 350_000_000, "kerugian_rp": 12_000_000})],
               needs=[{"kode_wilayah": health[0], "sub_sektor": "kesehatan", "komponen": "pemulihan fungsi",
                       "kegiatan": "Perbaikan puskesmas", "volume": 2, "satuan": "unit",
                       "harga_satuan": 500_000_000, "jumlah_rp": 1_000_000_000, "prioritas": "tinggi",
                       "durasi_bulan": 6, "penanggung_jawab": "Dinas Kesehatan",
                       "sumber_dana": "APBD Provinsi"}])
    pupr = fill(work / "forms" / "dinas-pupr.xlsx", mine / "pupr-isi.xlsx", "Dinas PUPR",
                {(houses[0], "perumahan"): {"rb": 40, "rs": 15, "rr": 22},
                 (houses[1], "perumahan"): {"kerusakan_rp": 9_000_000_000}},
                needs=[{"kode_wilayah": houses[1], "sub_sektor": "perumahan",
                        "komponen": "Pembangunan/Penggantian", "kegiatan": "Rumah pengganti",
                        "jumlah_rp": 4_000_000_000}], verified=False)
    before = sha256(gpkg)
    r = run([args.binary, "import", gpkg, mine / "kesehatan-isi.xlsx", mine / "pupr-isi.xlsx"])
    print(r.stdout, r.stderr)
    if not check(r.returncode == 0, f"import: exit {r.returncode}"):
        return 1
    check(sha256(gpkg) != before, "import left the GeoPackage unchanged")
    check("not verified" in r.stderr and "pupr-isi.xlsx" in r.stderr,
          f"an unverified form is not warned about: {r.stderr!r}")
    check("pupr-isi.xlsx: Kerusakan dan Kerugian!" in r.stderr and "counts given but no amount" in r.stderr,
          f"counts without an amount are not warned about: {r.stderr!r}")
    # Dinas PUPR's own figures, beside the estimate: rb 40 vs the estimate, warned when 3x off.
    check_recap(gpkg, [kes, pupr], "first import")
    db = sqlite3.connect(gpkg)
    subs = db.execute("SELECT submission_id, perangkat_daerah, nama_file, sha256, aktif, "
                      "diverifikasi_oleh FROM pd_submissions ORDER BY submission_id").fetchall()
    check([s[1:5] for s in subs] ==
          [("Dinas Kesehatan", "kesehatan-isi.xlsx", sha256(mine / "kesehatan-isi.xlsx"), 1),
           ("Dinas PUPR", "pupr-isi.xlsx", sha256(mine / "pupr-isi.xlsx"), 1)],
          f"pd_submissions: {subs}")
    check(subs[0][5] == "Ir. Budi Santoso" and subs[1][5] is None, f"verified by: {subs}")
    komponen = db.execute("SELECT komponen FROM pd_kebutuhan WHERE perangkat_daerah = 'Dinas PUPR'").fetchone()
    check(komponen == ("pembangunan/penggantian",), f"komponen spelled as the list: {komponen}")

    # Resubmission: Dinas Kesehatan corrects its figure and drops the new item.
    kes2 = fill(work / "forms" / "dinas-kesehatan.xlsx", mine / "kesehatan-revisi.xlsx", "Dinas Kesehatan",
                {(health[0], "kesehatan"): {"kerusakan_rp": 3_100_000_000}})
    r = run([args.binary, "import", gpkg, mine / "kesehatan-revisi.xlsx"])
    print(r.stdout, r.stderr)
    check(r.returncode == 0 and "replaces its earlier submission" in r.stdout,
          f"resubmission: exit {r.returncode} {r.stdout!r}")
    check_recap(gpkg, [kes2, pupr], "after resubmission")
    db = sqlite3.connect(gpkg)
    history = db.execute("SELECT perangkat_daerah, nama_file, aktif FROM pd_submissions "
                         "ORDER BY submission_id").fetchall()
    check(history == [("Dinas Kesehatan", "kesehatan-isi.xlsx", 0), ("Dinas PUPR", "pupr-isi.xlsx", 1),
                      ("Dinas Kesehatan", "kesehatan-revisi.xlsx", 1)], f"history: {history}")
    kept = db.execute("SELECT COUNT(*) FROM pd_kerusakan WHERE submission_id = 1").fetchone()[0]
    check(kept == 2, f"the first submission's rows are kept in history: {kept}")

    # status: who has reported, per PD and per kab/kota.
    pds = forms_test.scheme(db)
    r = run([args.binary, "status", gpkg, "--csv", mine / "status.csv"])
    print(r.stdout, r.stderr)
    check(r.returncode == 0, f"status: exit {r.returncode}")
    check(f"2 dari {len(pds)} melapor, 1 terverifikasi, {len(pds) - 2} belum" in r.stdout,
          f"status summary for {len(pds)} PDs: {r.stdout[:400]!r}")
    status_of = {}
    for line in r.stdout.splitlines():
        for pd in pds:
            if line.strip().startswith(pd + "  "):
                status_of[pd] = line
    check("terverifikasi" in status_of.get("Dinas Kesehatan", ""), f"Dinas Kesehatan: {status_of.get('Dinas Kesehatan')}")
    check("belum diverifikasi" in status_of.get("Dinas PUPR", ""), f"Dinas PUPR: {status_of.get('Dinas PUPR')}")
    check("belum melapor" in status_of.get("Dinas Sosial", ""), f"Dinas Sosial: {status_of.get('Dinas Sosial')}")
    # The CSV is an output like any: not replaced without --overwrite, never the GeoPackage.
    before_csv = sha256(mine / "status.csv")
    r = run([args.binary, "status", gpkg, "--csv", mine / "status.csv"])
    check(r.returncode == 2 and "status.csv" in r.stderr and "--overwrite" in r.stderr,
          f"status --csv over an existing file: exit {r.returncode} {r.stderr!r}")
    check(sha256(mine / "status.csv") == before_csv, "a refused status changed the CSV")
    gpkg_before = sha256(gpkg)
    r = run([args.binary, "status", gpkg, "--csv", gpkg, "--overwrite"])
    check(r.returncode == 2 and "run.gpkg" in r.stderr, f"status --csv over the GeoPackage: exit {r.returncode} {r.stderr!r}")
    check(sha256(gpkg) == gpkg_before, "status --csv over the GeoPackage changed it")
    with open(mine / "status.csv", newline="") as f:
        table = list(csv.DictReader(f))
    rows = {(t["kode_wilayah"], t["perangkat_daerah"]): t for t in table}
    check(rows.get((houses[0], "Dinas PUPR"), {}).get("baris_pd") == "1",
          f"status.csv: PUPR rows in {houses[0]}: {rows.get((houses[0], 'Dinas PUPR'))}")
    # Every PD answering for a damaged sub-sector of a kab/kota has a line there.
    sector = db.execute("SELECT DISTINCT admin_code, sub_sektor FROM jitupasna_sector").fetchall()
    for code, sub in sector:
        for pd, subs_of_pd in pds.items():
            if sub in subs_of_pd:
                check((code, pd) in rows, f"status.csv lacks {pd} in {code}")

    # A new run over the GeoPackage would discard the returned forms: refused, even with
    # --overwrite, and the GeoPackage stays as it was.
    before = sha256(gpkg)
    r = run([args.binary, "run", work / "data" / "demo-damage.yaml", "-o", gpkg, "--overwrite",
             "--no-report", "-q"])
    check(r.returncode == 2 and "pd_submissions" in r.stderr and "3 form(s)" in r.stderr,
          f"run --overwrite over imported forms: exit {r.returncode} {r.stderr!r}")
    check(sha256(gpkg) == before, "a refused run changed the GeoPackage")
    return 1 if forms_test.failures else 0


def cmd_libreoffice(args):
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        print("SKIP: python3-openpyxl is not installed")
        return SKIP
    office = forms_test.find_office()
    if not office:
        print("SKIP: LibreOffice is not installed; `scripts/setup --with-clients` installs it")
        return SKIP
    work = Path(args.work)
    mine = setup_work(args, "import-libreoffice")
    gpkg = mine / "run.gpkg"
    schools = pick_units(gpkg, "pendidikan")
    if not check(schools, "demo run: no damaged schools"):
        return 1
    # A formula in the figure: LibreOffice computes it and caches the value the import reads.
    typed = fill(work / "forms" / "dinas-pendidikan-dan-kebudayaan.xlsx", mine / "typed.xlsx",
                 "Dinas Pendidikan dan Kebudayaan",
                 {(schools[0], "pendidikan"): {"rb": 2, "kerusakan_rp": "=3*400000000"}})
    typed.items[(schools[0], "pendidikan", "pendidikan")]["kerusakan_rp"] = 1_200_000_000
    profile = Path(tempfile.mkdtemp(prefix="jitupasna-import-lo-"))
    try:
        env = dict(os.environ, HOME=str(profile))
        r = run([office, f"-env:UserInstallation=file://{profile / 'profile'}", "--headless",
                 "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                 mine / "calc", mine / "typed.xlsx"], timeout=600, env=env)
        print(r.stdout, r.stderr)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    saved = mine / "calc" / "typed.xlsx"
    if not check(saved.exists(), "LibreOffice wrote no workbook"):
        return 1
    check(sha256(saved) != sha256(mine / "typed.xlsx"), "LibreOffice did not rewrite the file")
    r = run([args.binary, "import", gpkg, saved])
    print(r.stdout, r.stderr)
    if check(r.returncode == 0, f"import of the form saved by LibreOffice: exit {r.returncode}"):
        check_recap(gpkg, [typed], "LibreOffice form")
    return 1 if forms_test.failures else 0


if __name__ == "__main__":
    forms_test.command_line(globals(), ["roundtrip", "libreoffice"])

#!/usr/bin/python3
"""Tests of `jitupasna forms` that read its workbooks independently of the tool.

The workbooks are read with openpyxl, the GeoPackage with sqlite3; the estimates on each form
are checked against sums of jitupasna_sector worked out here, per PD of jitupasna_scheme.

    forms_test.py setup       --binary B --source S --demo D --work W
    forms_test.py workbooks   --work W   # files per PD, key rows, estimates, locks, validations
    forms_test.py libreoffice --work W   # LibreOffice opens every form
    forms_test.py errors      --binary B --work W

Exit 77 (ctest SKIP_RETURN_CODE) when openpyxl or LibreOffice is missing.
"""

import argparse
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP = 77
failures = []

# The contract of docs/forms.md, written out here independently of form_spec.cpp.
DAMAGE_KEYS = ["kode_wilayah", "sub_sektor", "uraian", "satuan", "est_rb", "est_rs", "est_rr",
               "rb", "rs", "rr", "harga_satuan", "kerusakan_rp", "kerugian_rp", "keterangan"]
NEEDS_KEYS = ["kode_wilayah", "sub_sektor", "komponen", "kegiatan", "volume", "satuan",
              "harga_satuan", "jumlah_rp", "prioritas", "durasi_bulan", "penanggung_jawab",
              "sumber_dana"]
PD_ENTRY_KEYS = ["rb", "rs", "rr", "harga_satuan", "kerusakan_rp", "kerugian_rp", "keterangan"]
KOMPONEN = ["pembangunan/penggantian", "penyediaan bantuan", "pemulihan fungsi",
            "pengurangan risiko"]
SUMBER_DANA = ["APBD Kabupaten/Kota", "APBD Provinsi", "APBN K/L", "Hibah RR BNPB",
               "masyarakat", "swasta"]
EXPECTED_PDS = ["Dinas PUPR", "Dinas Kesehatan", "Dinas Sosial", "Dinas Pendidikan dan Kebudayaan"]


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


def slug(pd):
    """File stem by hand: lower case, runs of anything but ASCII letters and digits -> '-'."""
    return re.sub(r"[^a-z0-9]+", "-", pd.lower()).strip("-")


def scheme(db):
    """{PD: set of sub-sectors it leads or supports}, from jitupasna_scheme."""
    pds = {}
    for sub, lead, support in db.execute("SELECT sub_sektor, pengampu, pendukung FROM jitupasna_scheme"):
        if lead:
            pds.setdefault(lead, set()).add(sub)
        for pd in (support or "").split(";"):
            if pd.strip():
                pds.setdefault(pd.strip(), set()).add(sub)
    return pds


def cmd_setup(args):
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    data = work / "data"
    shutil.copytree(args.demo, data)
    yaml = (Path(args.source) / "data" / "demo" / "demo-damage.yaml").read_text()
    if "cluster_scheme: banten" not in yaml:
        yaml += "\ncluster_scheme: banten\n"
    (data / "demo-damage.yaml").write_text(yaml)
    shutil.copy(Path(args.source) / "data" / "demo" / "demo.yaml", data / "demo.yaml")
    r = run([args.binary, "run", data / "demo-damage.yaml", "-o", work / "damage.gpkg", "--no-report", "-q"])
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        return 1
    r = run([args.binary, "run", data / "demo.yaml", "-o", work / "plain.gpkg", "--no-report", "-q"])
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        return 1
    r = run([args.binary, "forms", work / "damage.gpkg", "-d", work / "forms"])
    print(r.stdout, r.stderr)
    return 0 if r.returncode == 0 else 1


def custom_properties(path):
    """docProps/custom.xml read directly (openpyxl 3.0 does not read custom properties)."""
    import xml.etree.ElementTree as ET
    import zipfile
    with zipfile.ZipFile(path) as z:
        if "docProps/custom.xml" not in z.namelist():
            return {}
        root = ET.fromstring(z.read("docProps/custom.xml"))
    return {p.get("name"): "".join(p.itertext()) for p in root}


def header_keys(ws):
    keys = []
    for cell in ws[1]:
        if cell.value is None:
            break
        keys.append(cell.value)
    return keys


def cmd_workbooks(args):
    try:
        import openpyxl
    except ImportError:
        print("SKIP: python3-openpyxl is not installed")
        return SKIP
    work = Path(args.work)
    db = sqlite3.connect(work / "damage.gpkg")
    pds = scheme(db)
    for pd in EXPECTED_PDS:
        check(pd in pds, f"jitupasna_scheme names no {pd}")
    check(pds.get("Dinas Sosial", set()) >= {"agama", "lembaga_sosial"},
          "jitupasna_scheme: Dinas Sosial does not lead agama and lembaga_sosial")
    files = sorted(p.name for p in (work / "forms").glob("*.xlsx"))
    check(files == sorted(slug(pd) + ".xlsx" for pd in pds), f"forms written: {files}, PDs {sorted(pds)}")
    check("dinas-kesehatan.xlsx" in files and "dinas-pupr.xlsx" in files, f"files named by PD: {files}")
    run_id = dict(db.execute("SELECT key, value FROM run_info"))["run_id"]

    # The estimates of jitupasna_sector, by (kab/kota, sub-sector).
    sector = {}
    for code, sub, rb, rs, rr, kr, kg in db.execute(
            "SELECT admin_code, sub_sektor, rusak_berat, rusak_sedang, rusak_ringan, kerusakan_rp, "
            "kerugian_rp FROM jitupasna_sector"):
        sector[(code, sub)] = (rb, rs, rr, kr, kg)
    codes = {c for (c,) in db.execute("SELECT admin_code FROM admin_summary")}
    check(len(sector) > 0, "the demo run has no jitupasna_sector rows")

    for pd, subs in pds.items():
        path = work / "forms" / (slug(pd) + ".xlsx")
        if not check(path.exists(), f"no form for {pd}"):
            continue
        wb = openpyxl.load_workbook(path)
        check(wb.sheetnames[:4] == ["Petunjuk", "Kerusakan dan Kerugian", "Kebutuhan", "Verifikasi"],
              f"{path.name}: sheets {wb.sheetnames}")
        # Identity: custom properties and the hidden sheet agree.
        props = custom_properties(path)
        check(props.get("jitupasna_perangkat_daerah") == pd, f"{path.name}: custom property PD {props}")
        check(props.get("jitupasna_run_id") == run_id, f"{path.name}: run id {props} != {run_id}")
        check(props.get("jitupasna_form_version") == "1", f"{path.name}: form version {props}")
        ident = wb["Identitas"]
        check(ident.sheet_state == "hidden", f"{path.name}: Identitas not hidden")
        id_rows = {r[0]: r[1] for r in ident.iter_rows(values_only=True)}
        for key in ("jitupasna_run_id", "jitupasna_perangkat_daerah", "jitupasna_form_version"):
            check(id_rows.get(key) == props.get(key), f"{path.name}: Identitas {key} {id_rows.get(key)!r} != {props.get(key)!r}")
        check(wb["Daftar"].sheet_state == "hidden", f"{path.name}: Daftar not hidden")
        daftar_codes = {r[0] for r in wb["Daftar"].iter_rows(min_row=2, values_only=True) if r[0]}
        check(daftar_codes == codes, f"{path.name}: Daftar codes {sorted(daftar_codes)} != {sorted(codes)}")
        daftar_subs = {r[2] for r in wb["Daftar"].iter_rows(min_row=2, values_only=True) if len(r) > 2 and r[2]}
        check(daftar_subs == subs, f"{path.name}: Daftar sub-sectors {daftar_subs} != {subs}")

        ws = wb["Kerusakan dan Kerugian"]
        keys = header_keys(ws)
        for key in DAMAGE_KEYS:
            check(key in keys, f"{path.name}: damage sheet has no key {key}: {keys}")
        check(ws.row_dimensions[1].hidden, f"{path.name}: the key row is not hidden")
        check(ws.protection.sheet, f"{path.name}: damage sheet not protected")
        col = {k: i for i, k in enumerate(keys)}
        seen = {}
        blank_rows = 0
        for row in ws.iter_rows(min_row=3):
            code = row[col["kode_wilayah"]].value
            if code is None:
                blank_rows += 1
                for key in DAMAGE_KEYS:
                    if not key.startswith("est_"):
                        check(row[col[key]].protection.locked is False,
                              f"{path.name}: empty row {row[0].row} {key} locked")
                continue
            sub = row[col["sub_sektor"]].value
            check(sub in subs, f"{path.name}: row {row[0].row} sub-sector {sub} not the PD's")
            seen[(code, sub)] = tuple(row[col[k]].value for k in
                                      ("est_rb", "est_rs", "est_rr", "est_kerusakan_rp", "est_kerugian_rp"))
            for key in ("kode_wilayah", "sub_sektor", "est_rb", "est_rs", "est_rr"):
                c = row[col[key]]
                check(c.protection.locked is not False, f"{path.name}: estimate {c.coordinate} unlocked")
                check(c.fill is not None and c.fill.fgColor is not None and c.fill.fill_type == "solid",
                      f"{path.name}: estimate {c.coordinate} not shaded")
            for key in PD_ENTRY_KEYS:
                check(row[col[key]].protection.locked is False, f"{path.name}: PD cell {row[col[key]].coordinate} locked")
        check(blank_rows >= 20, f"{path.name}: only {blank_rows} empty rows for items the model does not know")
        expected = {k: v for k, v in sector.items() if k[1] in subs}
        check(set(seen) == set(expected), f"{path.name}: estimate rows {sorted(seen)} != {sorted(expected)}")
        for k, want in expected.items():
            got = seen.get(k)
            check(got is not None and all(close(g, w) for g, w in zip(got, want)),
                  f"{path.name}: {k} estimate {got} != GeoPackage {want}")
        # Totals by a second route: the sums over the PD's sub-sectors.
        for i, name in enumerate(("rusak_berat", "rusak_sedang", "rusak_ringan", "kerusakan_rp", "kerugian_rp")):
            total = sum(v[i] for v in expected.values())
            check(close(sum((v[i] or 0) for v in seen.values()), total), f"{path.name}: total {name}")

        # Validations: whole >= 0 on counts, decimal >= 0 on Rupiah, lists on kab/kota, sub-sector.
        def rules(sheet):
            out = {}
            for dv in sheet.data_validations.dataValidation:
                for rng in dv.sqref.ranges:
                    out[rng.min_col - 1] = dv
            return out
        dvs = rules(ws)
        for key in ("rb", "rs", "rr"):
            dv = dvs.get(col[key])
            check(dv is not None and dv.type == "whole" and dv.operator == "greaterThanOrEqual"
                  and float(dv.formula1) == 0, f"{path.name}: {key} validation {dv}")
        for key in ("harga_satuan", "kerusakan_rp", "kerugian_rp"):
            dv = dvs.get(col[key])
            check(dv is not None and dv.type == "decimal" and float(dv.formula1) == 0,
                  f"{path.name}: {key} validation {dv}")
        for key in ("kode_wilayah", "sub_sektor"):
            dv = dvs.get(col[key])
            check(dv is not None and dv.type == "list" and "Daftar" in dv.formula1,
                  f"{path.name}: {key} list validation {dv}")

        ns = wb["Kebutuhan"]
        nkeys = header_keys(ns)
        check(nkeys == NEEDS_KEYS, f"{path.name}: needs keys {nkeys}")
        check(ns.row_dimensions[1].hidden and ns.protection.sheet, f"{path.name}: needs key row/protection")
        check(all(c.protection.locked is False for c in ns[3]), f"{path.name}: needs row 3 not all unlocked")
        ndvs = rules(ns)
        for key, values in (("komponen", KOMPONEN), ("sumber_dana", SUMBER_DANA)):
            dv = ndvs.get(NEEDS_KEYS.index(key))
            listed = dv.formula1.strip('"').split(",") if dv is not None else None
            check(dv is not None and dv.type == "list" and listed == values,
                  f"{path.name}: {key} list {listed}")
        vs = wb["Verifikasi"]
        check(header_keys(vs) == ["nama", "jabatan", "tanggal"], f"{path.name}: Verifikasi keys")
        check(all(c.protection.locked is False for c in vs[3]), f"{path.name}: Verifikasi row 3 locked")
        guide = "\n".join(str(v) for r in wb["Petunjuk"].iter_rows(values_only=True) for v in r if v)
        check(pd in guide and run_id in guide, f"{path.name}: Petunjuk names neither PD nor run")
    return 1 if failures else 0


def find_office():
    for name in ("libreoffice", "soffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def cmd_libreoffice(args):
    office = find_office()
    if not office:
        print("SKIP: LibreOffice is not installed; `scripts/setup --with-clients` installs it")
        return SKIP
    work = Path(args.work)
    out = Path(tempfile.mkdtemp(prefix="jitupasna-forms-lo-"))
    try:
        env = dict(os.environ, HOME=str(out))
        common = [office, f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--norestore"]
        forms = sorted((work / "forms").glob("*.xlsx"))
        check(len(forms) > 0, "no forms to open")
        options = "44,34,76,1,,0,false,true,false,false,false,-1"
        r = run(common + ["--convert-to", f"csv:Text - txt - csv (StarCalc):{options}",
                          "--outdir", out / "csv", *forms], timeout=600, env=env)
        print(r.stdout, r.stderr)
        check(r.returncode == 0, "LibreOffice could not convert the forms")
        db = sqlite3.connect(work / "damage.gpkg")
        for form in forms:
            damage = out / "csv" / f"{form.stem}-Kerusakan dan Kerugian.csv"
            if not check(damage.exists(), f"LibreOffice read no damage sheet of {form.name}"):
                continue
            lines = damage.read_text().splitlines()
            check(lines and lines[0].startswith("kode_wilayah,"), f"{form.name}: LibreOffice sees keys {lines[:1]}")
        # Dinas PUPR leads perumahan: LibreOffice sees its houses estimate.
        pupr = out / "csv" / "dinas-pupr-Kerusakan dan Kerugian.csv"
        rb = db.execute("SELECT TOTAL(rusak_berat) FROM jitupasna_sector WHERE sub_sektor='perumahan'").fetchone()[0]
        if pupr.exists() and rb > 0:
            import csv
            rows = list(csv.reader(pupr.read_text().splitlines()))
            i = rows[0].index("est_rb")
            s = rows[0].index("sub_sektor")
            total = sum(float(r[i]) for r in rows[2:] if r[s] == "perumahan" and r[i])
            check(close(total, rb), f"LibreOffice: perumahan est_rb {total} != {rb}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 1 if failures else 0


def cmd_errors(args):
    work = Path(args.work)
    # Existing files are not replaced without --overwrite; with it they are. (On a copy of the
    # forms: the other checks read work/forms meanwhile.)
    again = work / "forms-again"
    shutil.rmtree(again, ignore_errors=True)
    shutil.copytree(work / "forms", again)
    r = run([args.binary, "forms", work / "damage.gpkg", "-d", again])
    check(r.returncode == 2 and "dinas-" in r.stderr and "--overwrite" in r.stderr,
          f"second forms without --overwrite: exit {r.returncode} {r.stderr!r}")
    r = run([args.binary, "forms", work / "damage.gpkg", "-d", again, "--overwrite"])
    check(r.returncode == 0, f"forms --overwrite: exit {r.returncode} {r.stderr!r}")
    # A run without a damage model has no scheme: the message names the table.
    r = run([args.binary, "forms", work / "plain.gpkg", "-d", work / "plain-forms"])
    check(r.returncode == 2 and "jitupasna_scheme" in r.stderr and "plain.gpkg" in r.stderr,
          f"forms of a run without a scheme: exit {r.returncode} {r.stderr!r}")
    check(not (work / "plain-forms").exists(), "forms of a run without a scheme left a folder")
    # Two PDs whose names give one file name: refused, both named, nothing written.
    clash = work / "clash.gpkg"
    shutil.copy(work / "damage.gpkg", clash)
    db = sqlite3.connect(clash)
    db.execute("UPDATE jitupasna_scheme SET pengampu = 'Dinas  pupr!' WHERE sub_sektor = 'energi'")
    db.commit()
    db.close()
    r = run([args.binary, "forms", clash, "-d", work / "clash-forms"])
    check(r.returncode == 2 and "Dinas PUPR" in r.stderr and "Dinas  pupr!" in r.stderr
          and "dinas-pupr.xlsx" in r.stderr, f"PD names clash: exit {r.returncode} {r.stderr!r}")
    check(not (work / "clash-forms").exists(), "a refused forms run left a folder")
    # A PD name without a letter or digit gives no file name.
    db = sqlite3.connect(clash)
    db.execute("UPDATE jitupasna_scheme SET pengampu = '--' WHERE sub_sektor = 'energi'")
    db.commit()
    db.close()
    r = run([args.binary, "forms", clash, "-d", work / "clash-forms"])
    check(r.returncode == 2 and "'--'" in r.stderr, f"PD '--': exit {r.returncode} {r.stderr!r}")
    # A recap table without a count column stops the forms (no 0 passed off as an estimate).
    broken = work / "broken.gpkg"
    shutil.copy(work / "damage.gpkg", broken)
    db = sqlite3.connect(broken)
    db.execute("ALTER TABLE jitupasna_sector RENAME COLUMN rusak_sedang TO rs_lama")
    db.commit()
    db.close()
    r = run([args.binary, "forms", broken, "-d", work / "broken-forms"])
    check(r.returncode == 1 and "rusak_sedang" in r.stderr and "jitupasna_sector" in r.stderr,
          f"missing rusak_sedang: exit {r.returncode} {r.stderr!r}")
    check(not (work / "broken-forms").exists(), "a failed forms run left a folder")
    # A missing GeoPackage is named like every missing input.
    r = run([args.binary, "forms", work / "nope.gpkg", "-d", work / "x"])
    check(r.returncode == 2 and "nope.gpkg" in r.stderr, f"missing gpkg: exit {r.returncode} {r.stderr!r}")
    return 1 if failures else 0


def command_line(namespace, commands):
    """The entry point the forms, import and document suites share: `SCRIPT COMMAND --work W
    [--binary B ...]` runs namespace["cmd_COMMAND"](args) and exits with its status."""
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=commands)
    ap.add_argument("--binary")
    ap.add_argument("--source")
    ap.add_argument("--demo")
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    status = namespace["cmd_" + args.command](args)
    if failures:
        print(f"{len(failures)} failure(s)")
    sys.exit(status)


if __name__ == "__main__":
    command_line(globals(), ["setup", "workbooks", "libreoffice", "errors"])

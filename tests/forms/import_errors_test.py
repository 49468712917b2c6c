#!/usr/bin/python3
"""Bad returned forms given to `jitupasna import`: every one is refused, named, and merges nothing.

Each case makes one mistake in a real form written by `jitupasna forms` (openpyxl edits, or the
zip rewritten by hand), runs the import and checks: the exit code; that a line of stderr names
the file, the sheet, the cell and the key (the cell worked out here from the hidden key row,
never copied from the tool's output) and says what is wrong; that the GeoPackage's SHA-256 is
what it was; and that no temporary file (`.<gpkg>.partial-*`) is left beside it.

    import_errors_test.py cells  --binary B --work W  # cell values, keys, identity, files
    import_errors_test.py limits --binary B --work W  # not a zip, truncated, zip bomb, 1e6 rows
    import_errors_test.py atomic --binary B --work W  # SIGKILL mid-import, two imports at once

W is the work folder of forms_test.py setup (damage.gpkg, forms/); each command works on its own
copies in W/import-errors/<command>, never on the shared files. Exit 77 (ctest
SKIP_RETURN_CODE) when openpyxl is missing.
"""

import argparse
import fcntl
import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

SKIP = 77
failures = []
DAMAGE = "Kerusakan dan Kerugian"
NEEDS = "Kebutuhan"
VERIFY = "Verifikasi"


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def slug(pd):
    return re.sub(r"[^a-z0-9]+", "-", pd.lower()).strip("-")


class Workspace:
    """A copy of the run's GeoPackage and forms, and a folder per case."""

    def __init__(self, args, group):
        self.binary = args.binary
        self.shared = Path(args.work)
        self.dir = self.shared / "import-errors" / group
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.gpkg = self.dir / "damage.gpkg"
        shutil.copy(self.shared / "damage.gpkg", self.gpkg)
        self.forms = self.dir / "forms"
        shutil.copytree(self.shared / "forms", self.forms)
        self.sha = sha256(self.gpkg)
        db = sqlite3.connect(self.gpkg)
        self.pds = {}  # PD -> set of its sub-sectors (lead or support), from jitupasna_scheme
        for sub, lead, support in db.execute(
                "SELECT sub_sektor, pengampu, pendukung FROM jitupasna_scheme"):
            for pd in [lead] + (support or "").split(";"):
                if pd and pd.strip():
                    self.pds.setdefault(pd.strip(), set()).add(sub)
        self.codes = sorted(c for (c,) in db.execute("SELECT admin_code FROM admin_summary"))
        db.close()

    def case(self, name):
        folder = self.dir / "cases" / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def form(self, pd):
        return self.forms / (slug(pd) + ".xlsx")

    def partials(self, gpkg=None):
        gpkg = gpkg or self.gpkg
        return sorted(p.name for p in gpkg.parent.iterdir()
                      if p.name.startswith("." + gpkg.name + ".partial-"))

    def run_import(self, files, gpkg=None, timeout=120):
        cmd = [self.binary, "import", gpkg or self.gpkg, *files]
        print("$", " ".join(str(c) for c in cmd), flush=True)
        start = time.monotonic()
        r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout)
        r.elapsed = time.monotonic() - start
        return r

    def refused(self, name, files, expected, exit_code=1, count=None, timeout=120, max_seconds=None):
        """Runs the import; checks the exit code, that every expected line is there, the
        GeoPackage unchanged and no temporary left. `expected`: tuples of fragments that must
        all be in one line of stderr. `count`: the number of problem lines, when known."""
        try:
            r = self.run_import(files, timeout=timeout)
        except subprocess.TimeoutExpired:
            check(False, f"{name}: import ran longer than {timeout} s")
            return None
        print(r.stderr, end="")
        check(r.returncode == exit_code, f"{name}: exit {r.returncode}, expected {exit_code}")
        lines = [l[len("error: "):] for l in r.stderr.splitlines() if l.startswith("error: ")]
        problems = [l for l in lines if not l.startswith("nothing imported")]
        for fragments in expected:
            check(any(all(f in l for f in fragments) for l in lines),
                  f"{name}: no line of stderr holds {fragments}")
        if count is not None:
            check(len(problems) == count, f"{name}: {len(problems)} problem line(s), expected {count}")
        if exit_code == 1:
            check(any(l.startswith("nothing imported") and str(self.gpkg) in l for l in lines),
                  f"{name}: no 'nothing imported ... unchanged' line naming the GeoPackage")
        check(sha256(self.gpkg) == self.sha, f"{name}: the GeoPackage changed")
        check(self.partials() == [], f"{name}: left {self.partials()}")
        if max_seconds is not None:
            check(r.elapsed < max_seconds, f"{name}: took {r.elapsed:.1f} s (more than {max_seconds} s)")
        return r


# --- reading and editing forms ------------------------------------------------------------------

def load(path):
    import openpyxl
    return openpyxl.load_workbook(path)


def key_column(ws, key):
    """1-based column of `key` in the hidden key row (row 1)."""
    for cell in ws[1]:
        if cell.value == key:
            return cell.column
    raise KeyError(f"{ws.title}: no key {key} in row 1")


def ref(ws, key, row):
    from openpyxl.utils import get_column_letter
    return f"{get_column_letter(key_column(ws, key))}{row}"


def put(ws, row, **values):
    for key, value in values.items():
        ws.cell(row=row, column=key_column(ws, key), value=value)


def estimate_rows(ws):
    """Rows (1-based) holding a model estimate: kode_wilayah and est_rb given."""
    code, est = key_column(ws, "kode_wilayah"), key_column(ws, "est_rb")
    return [r for r in range(3, ws.max_row + 1)
            if ws.cell(r, code).value is not None and ws.cell(r, est).value is not None]


def first_empty_row(ws):
    code = key_column(ws, "kode_wilayah")
    return next(r for r in range(3, ws.max_row + 2) if ws.cell(r, code).value is None)


def verify(wb):
    put(wb[VERIFY], 3, nama="Ir. Siti Rahma", jabatan="Kepala Bidang", tanggal="2026-12-01")


def zip_parts(path):
    with zipfile.ZipFile(path) as z:
        return [(info, z.read(info.filename)) for info in z.infolist()]


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info.filename, data)


def sheet_part(path, sheet):
    """The zip part of a sheet, through xl/workbook.xml and its relationships."""
    import xml.etree.ElementTree as ET
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(s.get(f"{{{ns['r']}}}id") for s in book.iter(f"{{{ns['m']}}}sheet")
               if s.get("name") == sheet)
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


# --- cases: cells, keys, identity, files --------------------------------------------------------

def cmd_cells(args):
    ws_ = Workspace(args, "cells")
    # The PD whose damage sheet holds the most estimate rows gets the damage-cell cases.
    # (Not Dinas Kesehatan: its form is the second file of the cases with two PDs.)
    counts = {pd: len(estimate_rows(load(ws_.form(pd))[DAMAGE])) for pd in ws_.pds
              if pd != "Dinas Kesehatan"}
    pd = max(counts, key=counts.get)
    if not check(counts[pd] >= 2, f"no form with two estimate rows: {counts}"):
        return 1
    name = slug(pd) + ".xlsx"
    own = sorted(ws_.pds[pd])
    others = sorted(set().union(*ws_.pds.values()) - set(own))
    print(f"damage cases on {name}: {counts[pd]} estimate rows; sub-sectors {own}")

    def edited(case, edit, source_pd=None, file_name=None):
        wb = load(ws_.form(source_pd or pd))
        edit(wb)
        out = ws_.case(case) / (file_name or (slug(source_pd or pd) + ".xlsx"))
        wb.save(out)
        return out

    def damage_case(case, key, value, what, row=None):
        holder = {}

        def edit(wb):
            ws = wb[DAMAGE]
            r = row or estimate_rows(ws)[0]
            put(ws, r, **{key: value})
            holder["ref"] = ref(ws, key, r)
        out = edited(case, edit)
        ws_.refused(case, [out], [(f"{name}: {DAMAGE}!{holder['ref']} ({key}): ", what)], count=1)

    damage_case("text_in_count", "rb", "dua belas", "'dua belas' is not a whole number")
    damage_case("thousands_separator_text", "kerusakan_rp", "1.500.000",
                "'1.500.000' is not a number (type it as a number in the cell, without thousands")
    damage_case("negative_count", "rs", -3, "-3 is negative")
    damage_case("decimal_count", "rr", 2.5, "2.5 is not a whole number")
    damage_case("error_value", "kerugian_rp", "#DIV/0!", "the error value #DIV/0! is not a number")
    damage_case("negative_rupiah", "harga_satuan", -1000, "-1000 is negative")

    # An item the model does not know, on an empty row, with a code or sub-sector that is wrong.
    def new_item_case(case, bad_key, code, sub, what):
        holder = {}

        def edit(wb):
            ws = wb[DAMAGE]
            r = first_empty_row(ws)
            put(ws, r, kode_wilayah=code, sub_sektor=sub, uraian="Gedung arsip", satuan="unit", rb=1)
            holder["ref"] = ref(ws, bad_key, r)
        out = edited(case, edit)
        ws_.refused(case, [out], [(f"{name}: {DAMAGE}!{holder['ref']} ({bad_key}): ", *what)], count=1)

    new_item_case("unknown_kabkota", "kode_wilayah", "9999", own[0], ["'9999' is not a kab/kota code"])
    new_item_case("unknown_sub_sector", "sub_sektor", ws_.codes[0], "jalan_tol",
                  ["'jalan_tol' is not a sub-sector of " + pd, own[0]])
    if check(others, f"every sub-sector belongs to {pd}"):
        new_item_case("sub_sector_of_another_pd", "sub_sektor", ws_.codes[0], others[0],
                      [f"'{others[0]}' is not a sub-sector of {pd}"])
    new_item_case("figure_without_code", "kode_wilayah", None, own[0], ["empty", "kab/kota code"])

    # The same item twice: an estimate row copied into an empty row, both with figures.
    holder = {}

    def duplicate(wb):
        ws = wb[DAMAGE]
        first = estimate_rows(ws)[0]
        r = first_empty_row(ws)
        for key in ("kode_wilayah", "sub_sektor", "uraian", "satuan"):
            put(ws, r, **{key: ws.cell(first, key_column(ws, key)).value})
        put(ws, first, rb=1)
        put(ws, r, rb=2)
        holder.update(ref=ref(ws, "uraian", r), first=first,
                      item=ws.cell(first, key_column(ws, "uraian")).value)
    out = edited("duplicated_item", duplicate)
    ws_.refused("duplicated_item", [out],
                [(f"{name}: {DAMAGE}!{holder['ref']} (uraian): ", f"'{holder['item']}'",
                  f"is also on row {holder['first']}")], count=1)

    # A deleted key column: found by its key, so the message names the key and the sheet.
    out = edited("deleted_column", lambda wb: wb[DAMAGE].delete_cols(key_column(wb[DAMAGE], "rr")))
    ws_.refused("deleted_column", [out], [(f"{name}: {DAMAGE}", "'rr'", "deleted")], count=1)

    # A row inserted above the key row: every key is one row down. One line that says so, not
    # one per key.
    out = edited("key_row_moved", lambda wb: wb[DAMAGE].insert_rows(1))
    ws_.refused("key_row_moved", [out], [(f"{name}: {DAMAGE}", "row 2", "row 1")], count=1)

    out = edited("key_row_deleted", lambda wb: wb[NEEDS].delete_rows(1))
    ws_.refused("key_row_deleted", [out], [(f"{name}: {NEEDS}", "row 1", "none of the form's keys")],
                count=1)

    # The counter-check: a column the PD inserted (no key) moves the others; they are still read
    # by key, on the damage sheet and on Verifikasi (the date too).
    def inserted(wb):
        ws = wb[DAMAGE]
        row = estimate_rows(ws)[0]
        at = key_column(ws, "rb")
        ws.insert_cols(at)
        ws.cell(2, at, "Catatan internal")
        ws.cell(row, at, "lihat lampiran")
        put(ws, row, rb=7, keterangan="Pendataan lapangan")
        holder.update(code=ws.cell(row, key_column(ws, "kode_wilayah")).value,
                      sub=ws.cell(row, key_column(ws, "sub_sektor")).value)
        vs = wb[VERIFY]
        vs.insert_cols(key_column(vs, "tanggal"))
        put(vs, 3, nama="Ir. Siti Rahma", jabatan="Kepala Bidang", tanggal="2026-11-30")
    holder = {}
    out = edited("column_inserted", inserted)
    copy = ws_.dir / "column-inserted.gpkg"
    shutil.copy(ws_.gpkg, copy)
    r = ws_.run_import([out], gpkg=copy)
    check(r.returncode == 0, f"column_inserted: exit {r.returncode} {r.stderr}")
    if r.returncode == 0:
        db = sqlite3.connect(copy)
        got = db.execute("SELECT rusak_berat, keterangan FROM pd_kerusakan WHERE admin_code = ? AND "
                         "sub_sektor = ?", (str(holder["code"]), holder["sub"])).fetchall()
        date = db.execute("SELECT tanggal_verifikasi FROM pd_submissions").fetchall()
        db.close()
        check(got == [(7.0, "Pendataan lapangan")], f"column_inserted: stored {got}")
        check(date == [("2026-11-30",)], f"column_inserted: verification date {date}")

    # A key edited over (a column copied onto the hidden row): the key appears twice.
    def copied_key(wb):
        ws = wb[DAMAGE]
        ws.cell(1, key_column(ws, "keterangan"), value="rb")
    out = edited("key_overwritten", copied_key)
    ws_.refused("key_overwritten", [out], [(f"{name}: {DAMAGE}", "'keterangan'")])

    # Needs: a line without activity and amount; values not from the lists.
    holder = {}

    def need_without(wb):
        ns = wb[NEEDS]
        put(ns, 3, kode_wilayah=ws_.codes[0], sub_sektor=own[0], komponen="pemulihan fungsi",
            volume=2, satuan="unit", harga_satuan=1000000)
        holder.update(kegiatan=ref(ns, "kegiatan", 3), jumlah=ref(ns, "jumlah_rp", 3))
    out = edited("need_without_activity_and_amount", need_without)
    ws_.refused("need_without_activity_and_amount", [out],
                [(f"{name}: {NEEDS}!{holder['kegiatan']} (kegiatan): ", "empty"),
                 (f"{name}: {NEEDS}!{holder['jumlah']} (jumlah_rp): ", "empty")], count=2)

    def need_lists(wb):
        ns = wb[NEEDS]
        put(ns, 3, kode_wilayah=ws_.codes[0], sub_sektor=own[0], komponen="rehabilitasi",
            kegiatan="Perbaikan", jumlah_rp=5000000, prioritas="mendesak", sumber_dana="APBD")
        holder.update(komponen=ref(ns, "komponen", 3), prioritas=ref(ns, "prioritas", 3),
                      sumber=ref(ns, "sumber_dana", 3))
    out = edited("need_values_not_from_lists", need_lists)
    ws_.refused("need_values_not_from_lists", [out],
                [(f"{name}: {NEEDS}!{holder['komponen']} (komponen): ", "'rehabilitasi' is not one of",
                  "pemulihan fungsi"),
                 (f"{name}: {NEEDS}!{holder['prioritas']} (prioritas): ", "'mendesak' is not one of",
                  "tinggi"),
                 (f"{name}: {NEEDS}!{holder['sumber']} (sumber_dana): ", "'APBD' is not one of",
                  "APBD Provinsi")], count=3)

    def need_count(wb):
        ns = wb[NEEDS]
        put(ns, 3, kode_wilayah=ws_.codes[0], sub_sektor=own[0], komponen="pemulihan fungsi",
            kegiatan="Perbaikan", jumlah_rp=5000000, durasi_bulan=1.5)
        holder.update(durasi=ref(ns, "durasi_bulan", 3))
    out = edited("need_decimal_months", need_count)
    ws_.refused("need_decimal_months", [out],
                [(f"{name}: {NEEDS}!{holder['durasi']} (durasi_bulan): ", "1.5 is not a whole number")],
                count=1)

    # Verification dates.
    for case, value in (("verification_date_dmy", "31-12-2026"), ("verification_date_impossible", "2026-02-30")):
        def bad_date(wb, value=value):
            vs = wb[VERIFY]
            put(vs, 3, nama="Ir. Siti Rahma", jabatan="Kepala Bidang", tanggal=value)
            holder["tanggal"] = ref(vs, "tanggal", 3)
        out = edited(case, bad_date)
        ws_.refused(case, [out], [(f"{name}: {VERIFY}!{holder['tanggal']} (tanggal): ", f"'{value}'",
                                   "is not a date")], count=1)

    # --- identity and files ---
    kes, sos = "Dinas Kesehatan", "Dinas Sosial"
    if not check(kes in ws_.pds and sos in ws_.pds, f"scheme without {kes} or {sos}: {sorted(ws_.pds)}"):
        return 1
    kes_form = ws_.form(kes)

    # Renamed as another PD's form.
    folder = ws_.case("renamed_as_other_pd")
    shutil.copy(kes_form, folder / "dinas-sosial.xlsx")
    ws_.refused("renamed_as_other_pd", [folder / "dinas-sosial.xlsx"],
                [("dinas-sosial.xlsx: ", f"named as the form of {sos}", f"holds the form of '{kes}'")],
                count=1)

    # The identity edited: the custom property says another PD than sheet Identitas.
    folder = ws_.case("identity_disagrees")
    parts = zip_parts(kes_form)
    custom = next(d for i, d in parts if i.filename == "docProps/custom.xml")
    check(kes.encode() in custom, "docProps/custom.xml does not name the PD")
    write_zip(folder / "dinas-kesehatan.xlsx",
              [(i, d.replace(kes.encode(), sos.encode()) if i.filename == "docProps/custom.xml" else d)
               for i, d in parts])
    ws_.refused("identity_disagrees", [folder / "dinas-kesehatan.xlsx"],
                [("dinas-kesehatan.xlsx: ", "jitupasna_perangkat_daerah", f"'{sos}'", "Identitas",
                  f"'{kes}'")], count=1)

    # No identity at all (custom properties and Identitas gone): not a form of jitupasna.
    folder = ws_.case("no_identity")
    wb = load(kes_form)  # openpyxl 3.0 writes no custom properties
    del wb["Identitas"]
    wb.save(folder / "dinas-kesehatan.xlsx")
    ws_.refused("no_identity", [folder / "dinas-kesehatan.xlsx"],
                [("dinas-kesehatan.xlsx: ", "not a jitupasna form", "Identitas")], count=1)

    # Both copies of the identity name a PD the run's scheme does not have.
    folder = ws_.case("pd_not_in_scheme")
    write_zip(folder / "dinas-kesehatan.xlsx",
              [(i, d.replace(kes.encode(), b"Dinas Tidak Dikenal") if i.filename.endswith(".xml") else d)
               for i, d in parts])
    ws_.refused("pd_not_in_scheme", [folder / "dinas-kesehatan.xlsx"],
                [("dinas-kesehatan.xlsx: ", "'Dinas Tidak Dikenal' is not in this run's cluster scheme",
                  kes, sos)], count=1)

    # Not forms at all: the GeoPackage itself, a file that is not there.
    ws_.refused("gpkg_as_form", [ws_.gpkg], [(str(ws_.gpkg), "the GeoPackage itself")], count=1)
    # A file that is not there is refused before anything is read, like every missing input
    # (exit 2, "not found").
    before = sha256(ws_.gpkg)
    r = ws_.run_import([ws_.dir / "dinas-tidak-ada.xlsx"])
    check(r.returncode == 2 and "dinas-tidak-ada.xlsx not found" in r.stderr,
          f"missing form: exit {r.returncode} {r.stderr!r}")
    check(sha256(ws_.gpkg) == before and ws_.partials(ws_.gpkg) == [], "a missing form changed the GeoPackage")

    # A GeoPackage of a run without a damage model has no scheme to check forms against: exit 2
    # naming it and the table, and it stays as it was.
    plain = ws_.dir / "plain.gpkg"
    shutil.copy(ws_.shared / "plain.gpkg", plain)
    plain_sha = sha256(plain)
    r = ws_.run_import([kes_form], gpkg=plain)
    check(r.returncode == 2 and str(plain) in r.stderr and "jitupasna_scheme" in r.stderr,
          f"import into a run without a scheme: exit {r.returncode} {r.stderr!r}")
    check(sha256(plain) == plain_sha and ws_.partials(plain) == [], "a run without a scheme changed")

    # The same PD twice in one import.
    folder = ws_.case("same_pd_twice")
    shutil.copy(kes_form, folder / "dinas-kesehatan.xlsx")
    shutil.copy(kes_form, folder / "kesehatan-revisi.xlsx")
    ws_.refused("same_pd_twice", [folder / "dinas-kesehatan.xlsx", folder / "kesehatan-revisi.xlsx"],
                [("kesehatan-revisi.xlsx: ", f"a second form of {kes}", "dinas-kesehatan.xlsx")],
                count=1)

    # A form of another run of the same scenario.
    other = ws_.dir / "other-run"
    other.mkdir()
    data = ws_.shared / "data"
    for attempt in range(3):
        r = subprocess.run([ws_.binary, "run", str(data / "demo-damage.yaml"), "-o",
                            str(other / "damage.gpkg"), "--no-report", "-q", "--overwrite"],
                           capture_output=True, text=True)
        if not check(r.returncode == 0, f"second run: {r.stderr}"):
            return 1
        ids = []
        for g in (ws_.gpkg, other / "damage.gpkg"):
            db = sqlite3.connect(g)
            info = dict(db.execute("SELECT key, value FROM run_info"))
            db.close()
            ids.append((info.get("run_id"), info.get("started_at")))
        if ids[0] != ids[1]:
            break
        time.sleep(1.1)  # the id was the start time to the second
    check(ids[0] != ids[1], f"two runs with one identity {ids}")
    r = subprocess.run([ws_.binary, "forms", str(other / "damage.gpkg"), "-d", str(other / "forms")],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"forms of the second run: {r.stderr}")
    ws_.refused("form_of_another_run", [other / "forms" / "dinas-kesehatan.xlsx"],
                [("dinas-kesehatan.xlsx: ", "a form of another run", str(ws_.gpkg))], count=1)

    # A good form and a bad one: nothing merged, the good one is not named, and alone it goes in.
    folder = ws_.case("good_and_bad")

    def good(wb):
        ws = wb[DAMAGE]
        put(ws, estimate_rows(ws)[0], rb=1, keterangan="Pendataan lapangan")
        verify(wb)
    wb = load(ws_.form(pd))
    good(wb)
    wb.save(folder / name)
    wb = load(kes_form)
    ws = wb[DAMAGE]
    put(ws, first_empty_row(ws), kode_wilayah=ws_.codes[0], sub_sektor=sorted(ws_.pds[kes])[0],
        uraian="Puskesmas", rb="tiga")
    wb.save(folder / "dinas-kesehatan.xlsx")
    r = ws_.refused("good_and_bad", [folder / name, folder / "dinas-kesehatan.xlsx"],
                    [("dinas-kesehatan.xlsx: ", "'tiga' is not a whole number")], count=1)
    if r is not None:
        check(not any(l.startswith(f"error: {name}") for l in r.stderr.splitlines()),
              f"good_and_bad: the good form {name} is named among the problems")
    alone = ws_.dir / "good-alone.gpkg"
    shutil.copy(ws_.gpkg, alone)
    r = ws_.run_import([folder / name], gpkg=alone)
    check(r.returncode == 0, f"the good form alone: exit {r.returncode} {r.stderr}")

    # All the problems of several files in one go: one line each, counted.
    folder = ws_.case("several_files")
    wb = load(ws_.form(pd))
    ws = wb[DAMAGE]
    row = estimate_rows(ws)[0]
    put(ws, row, rb="satu", rs=-1, rr=0.5)
    put(ws, estimate_rows(ws)[1], kerusakan_rp="Rp 2 juta")
    refs = [ref(ws, k, row) for k in ("rb", "rs", "rr")]
    wb.save(folder / name)
    wb = load(kes_form)
    ns = wb[NEEDS]
    put(ns, 3, kode_wilayah="0000", sub_sektor=sorted(ws_.pds[kes])[0], komponen="pemulihan fungsi",
        kegiatan="Obat", jumlah_rp=1)
    put(ns, 4, kode_wilayah=ws_.codes[0], sub_sektor=sorted(ws_.pds[kes])[0], komponen="pemulihan fungsi",
        kegiatan="Obat", jumlah_rp="sejuta")
    wb.save(folder / "dinas-kesehatan.xlsx")
    (folder / "catatan.xlsx").write_text("kode_wilayah;rb\n3601;2\n")
    ws_.refused("several_files", [folder / name, folder / "dinas-kesehatan.xlsx", folder / "catatan.xlsx"],
                [(f"{name}: {DAMAGE}!{refs[0]} (rb): ",), (f"{name}: {DAMAGE}!{refs[1]} (rs): ",),
                 (f"{name}: {DAMAGE}!{refs[2]} (rr): ",), (f"{name}: {DAMAGE}!", "(kerusakan_rp): 'Rp 2 juta'"),
                 ("dinas-kesehatan.xlsx: Kebutuhan!", "(kode_wilayah): '0000'"),
                 ("dinas-kesehatan.xlsx: Kebutuhan!", "(jumlah_rp): 'sejuta'"),
                 ("catatan.xlsx", "not an XLSX workbook")], count=7)
    return 1 if failures else 0


# --- cases: the file itself ---------------------------------------------------------------------

def cmd_limits(args):
    import resource
    ws_ = Workspace(args, "limits")
    kes_form = ws_.form("Dinas Kesehatan")
    damage_part = sheet_part(kes_form, DAMAGE)
    print("damage sheet part:", damage_part)

    folder = ws_.case("csv_renamed")
    (folder / "dinas-kesehatan.xlsx").write_text("kode_wilayah,rb\n3601,12\n")
    ws_.refused("csv_renamed", [folder / "dinas-kesehatan.xlsx"],
                [("dinas-kesehatan.xlsx", "not an XLSX workbook")], count=1)

    folder = ws_.case("empty_file")
    (folder / "dinas-kesehatan.xlsx").write_bytes(b"")
    ws_.refused("empty_file", [folder / "dinas-kesehatan.xlsx"],
                [("dinas-kesehatan.xlsx", "not an XLSX workbook")], count=1)

    data = kes_form.read_bytes()
    for fraction in (0.5, 0.9):
        case = f"truncated_zip_{int(fraction * 100)}"
        folder = ws_.case(case)
        (folder / "dinas-kesehatan.xlsx").write_bytes(data[:int(len(data) * fraction)])
        ws_.refused(case, [folder / "dinas-kesehatan.xlsx"],
                    [("dinas-kesehatan.xlsx", "truncated")], count=1)

    # Zip bombs: the damage sheet padded with blanks between its elements (valid XML, so only a
    # stated limit stops it), compressed about 1000 times. 1 GiB of blanks (1 MiB on disk) passes
    # the 100 MiB a part may hold; 256 MiB (a quarter MiB on disk) passes 100 times its compressed
    # size first. Each must fail fast, within a bounded address space, naming the part, the sheet
    # and the limit.
    # The sanitizer suite (scripts/test-sanitizers) sets JITUPASNA_NO_ADDRESS_LIMIT: ASan
    # reserves terabytes of address space, and its code runs slower.
    sanitized = bool(os.environ.get("JITUPASNA_NO_ADDRESS_LIMIT"))
    slow = 3 if sanitized else 1

    def bounded():
        if not sanitized:
            resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    for case, mib, limit in (("zip_bomb_1gib", 1024, "more than 100 MiB uncompressed (the limit per part)"),
                             ("zip_bomb_256mib", 256, "expands more than 100 times its compressed size")):
        folder = ws_.case(case)
        bomb = folder / "dinas-kesehatan.xlsx"
        with zipfile.ZipFile(kes_form) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                body = src.read(info.filename)
                if info.filename != damage_part:
                    dst.writestr(info.filename, body)
                    continue
                head, tail = body.split(b"<sheetData>", 1)
                with dst.open(info.filename, "w", force_zip64=True) as out:
                    out.write(head + b"<sheetData>")
                    blanks = b" " * (16 << 20)
                    for _ in range(mib // 16):
                        out.write(blanks)
                    out.write(tail)
        print(f"{case}: {bomb.stat().st_size} bytes on disk")
        check(bomb.stat().st_size < mib * 2048, f"{case}: the zip bomb is not small")
        cmd = [ws_.binary, "import", ws_.gpkg, bomb]
        start = time.monotonic()
        try:
            r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=30,
                               preexec_fn=bounded)
            elapsed = time.monotonic() - start
            print(r.stderr, end="")
            check(r.returncode == 1, f"{case}: exit {r.returncode}")
            check(any(l.startswith("error: ") and "dinas-kesehatan.xlsx" in l and damage_part in l
                      and f"(sheet '{DAMAGE}')" in l and limit in l for l in r.stderr.splitlines()),
                  f"{case}: no line names the file, the part, the sheet and the limit ({limit})")
            check(elapsed < 10 * slow, f"{case}: took {elapsed:.1f} s")
        except subprocess.TimeoutExpired:
            check(False, f"{case}: import ran longer than 30 s")
        check(sha256(ws_.gpkg) == ws_.sha and ws_.partials() == [], f"{case}: the GeoPackage changed")

    # A value in row 1,000,000 of the damage sheet: over the 200,000 rows a sheet may have.
    def with_rows(case, rows_xml):
        folder = ws_.case(case)
        out = folder / "dinas-kesehatan.xlsx"
        with zipfile.ZipFile(kes_form) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                body = src.read(info.filename)
                if info.filename == damage_part:
                    head, tail = body.split(b"</sheetData>", 1)
                    body = head + rows_xml + b"</sheetData>" + tail
                dst.writestr(info.filename, body)
        return out

    out = with_rows("row_one_million",
                    b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>3601</t></is></c></row>')
    ws_.refused("row_one_million", [out],
                [("dinas-kesehatan.xlsx", DAMAGE, "1000000", "200000 rows", "limit")], count=1,
                max_seconds=10 * slow)
    # Many rows (one value each) up to row 200,001: the limit is met on the way, fast.
    first = 1000  # far below the form's own rows
    rows = b"".join(b'<row r="%d"><c r="Q%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                    for n in range(first, 200_002))
    out = with_rows("rows_200001", rows)
    ws_.refused("rows_200001", [out], [("dinas-kesehatan.xlsx", DAMAGE, "200001", "200000 rows")],
                count=1, max_seconds=15 * slow)
    return 1 if failures else 0


# --- cases: interruption and two imports at once -------------------------------------------------

def filled_forms(ws_, folder, rows_per_form):
    """Every PD's form with many items of its own and need lines: an import that takes a while."""
    files = []
    for pd, subs in sorted(ws_.pds.items()):
        wb = load(ws_.form(pd))
        ws, ns = wb[DAMAGE], wb[NEEDS]
        sub = sorted(subs)[0]
        start = first_empty_row(ws)
        cols = {k: key_column(ws, k) for k in ("kode_wilayah", "sub_sektor", "uraian", "satuan",
                                                "rb", "harga_satuan", "kerusakan_rp")}
        for i in range(rows_per_form):
            r = start + i
            for key, value in (("kode_wilayah", ws_.codes[i % len(ws_.codes)]), ("sub_sektor", sub),
                               ("uraian", f"Aset {i}"), ("satuan", "unit"), ("rb", i % 7),
                               ("harga_satuan", 1000 * (i % 13)), ("kerusakan_rp", 1000 * (i % 13) * (i % 7))):
                ws.cell(r, cols[key], value)
        ncols = {k: key_column(ns, k) for k in ("kode_wilayah", "sub_sektor", "komponen", "kegiatan",
                                                 "jumlah_rp")}
        for i in range(rows_per_form // 4):
            for key, value in (("kode_wilayah", ws_.codes[i % len(ws_.codes)]), ("sub_sektor", sub),
                               ("komponen", "pemulihan fungsi"), ("kegiatan", f"Kegiatan {i}"),
                               ("jumlah_rp", 1000000 + i)):
                ns.cell(3 + i, ncols[key], value)
        verify(wb)
        out = folder / (slug(pd) + ".xlsx")
        wb.save(out)
        files.append(out)
    return files


def merged_completely(gpkg, n_forms):
    db = sqlite3.connect(gpkg)
    try:
        ok = db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = db.execute("SELECT COUNT(*) FROM pd_submissions WHERE aktif = 1").fetchone()[0]
        return ok and n == n_forms
    except sqlite3.Error:
        return False
    finally:
        db.close()


def holds_lock(pid, path, timeout):
    """Waits until process `pid` holds its flock on `path` (as /proc/locks shows, without
    touching the lock); False when it does not within `timeout` seconds."""
    inode = os.stat(path).st_ino
    pattern = re.compile(rf"FLOCK\s+ADVISORY\s+WRITE\s+{pid}\s+\S+:{inode}\s")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if pattern.search(Path("/proc/locks").read_text()):
                return True
        except OSError:
            break
        time.sleep(0.01)
    print(f"could not see process {pid} lock {path} in /proc/locks")
    return False


def cmd_atomic(args):
    ws_ = Workspace(args, "atomic")
    folder = ws_.case("big")
    files = filled_forms(ws_, folder, 3000)
    print(f"{len(files)} filled forms, {sum(f.stat().st_size for f in files)} bytes")

    # How long a whole import takes, on a copy.
    trial = ws_.dir / "trial.gpkg"
    shutil.copy(ws_.gpkg, trial)
    r = ws_.run_import(files, gpkg=trial)
    check(r.returncode == 0, f"the filled forms: exit {r.returncode} {r.stderr[-2000:]}")
    check(merged_completely(trial, len(files)), "the filled forms were not all merged")
    duration = r.elapsed
    print(f"one import: {duration:.2f} s")

    # SIGKILL at several moments: the GeoPackage is what it was (or, killed after its rename,
    # completely merged), and the next import still works.
    killed = 0
    for fraction in (0.05, 0.2, 0.35, 0.5, 0.65, 0.8):
        proc = subprocess.Popen([str(c) for c in (ws_.binary, "import", ws_.gpkg, *files)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        now = sha256(ws_.gpkg)
        if now != ws_.sha:
            check(merged_completely(ws_.gpkg, len(files)),
                  f"SIGKILL at {fraction:.0%} of the import: the GeoPackage changed and is not a complete merge")
            print(f"killed at {fraction:.0%}: after the rename (complete merge); restoring")
            shutil.copy(ws_.shared / "damage.gpkg", ws_.gpkg)
            check(sha256(ws_.gpkg) == ws_.sha, "restored GeoPackage differs")
        else:
            print(f"killed at {fraction:.0%}: GeoPackage unchanged; left {ws_.partials()}")
    check(killed >= 3, f"only {killed} import(s) were still running when killed")
    r = ws_.run_import(files)
    check(r.returncode == 0, f"import after the kills: exit {r.returncode} {r.stderr[-2000:]}")
    check(merged_completely(ws_.gpkg, len(files)), "import after the kills did not merge")
    check(ws_.partials() == [], f"import after the kills left {ws_.partials()}")

    # Two imports at once: the second is refused (exit 2) and changes nothing. First with the lock
    # held here exactly as an import holds it (flock on the GeoPackage) ...
    shutil.copy(ws_.shared / "damage.gpkg", ws_.gpkg)
    with open(ws_.gpkg, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        ws_.refused("import_while_locked", files[:1], [(str(ws_.gpkg), "another import")], exit_code=2)
    # ... then with a real import running.
    first = subprocess.Popen([str(c) for c in (ws_.binary, "import", ws_.gpkg, *files)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    holds_lock(first.pid, ws_.gpkg, timeout=duration)
    second = ws_.run_import(files[:1])
    running = first.poll() is None
    out, err = first.communicate()
    check(first.returncode == 0, f"the first of two imports: exit {first.returncode} {err[-2000:]}")
    if running:
        check(second.returncode == 2 and "another import" in second.stderr and str(ws_.gpkg) in second.stderr,
              f"the second of two imports: exit {second.returncode} {second.stderr!r}")
    else:
        print("the first import ended before the second did: the refusal was not tested this time")
    check(merged_completely(ws_.gpkg, len(files)), "two imports at once: the first's merge is not there")
    check(ws_.partials() == [], f"two imports at once left {ws_.partials()}")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["cells", "limits", "atomic"])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        print("SKIP: python3-openpyxl is not installed")
        sys.exit(SKIP)
    if not (Path(args.work) / "forms").is_dir():
        print(f"no forms in {args.work}: run the forms.setup test first")
        sys.exit(1)
    status = globals()["cmd_" + args.command](args)
    if failures:
        print(f"{len(failures)} failure(s)")
    sys.exit(1 if failures else status)


if __name__ == "__main__":
    main()

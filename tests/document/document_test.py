#!/usr/bin/python3
"""Tests of `jitupasna document`, read back independently of the tool.

The demo damage run of forms_test.py's setup (banten scheme) gets a returned form of Dinas
Kesehatan (openpyxl, as import_test.py fills it) and is imported; the draft is then read with
python-docx (chapters as Word headings, tables, totals against sums of the GeoPackage worked
out here with sqlite3) and converted by LibreOffice to PDF (pdftotext: chapters and totals;
pdftoppm: the page with the first map is not blank).

    document_test.py setup       --binary B --work W   # import a form, write the draft
    document_test.py docx        --work W
    document_test.py libreoffice --work W
    document_test.py errors      --binary B --work W

Exit 77 (ctest SKIP_RETURN_CODE) when python-docx, openpyxl or LibreOffice is missing.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "forms"))
import forms_test  # noqa: E402
import import_test  # noqa: E402
from forms_test import SKIP, check, run  # noqa: E402

CHAPTERS = ["BAB I ", "BAB II ", "BAB III ", "BAB IV ", "BAB V ", "BAB VI "]


def indonesian(value):
    """A whole number the Indonesian way, written here independently: 1234567 -> 1.234.567."""
    return f"{round(value):,}".replace(",", ".")


def cmd_setup(args):
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        print("SKIP: python3-openpyxl is not installed")
        return SKIP
    forms_work = Path(args.work).parent / "forms-work"
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    gpkg = work / "run.gpkg"
    shutil.copy(forms_work / "damage.gpkg", gpkg)
    health = import_test.pick_units(gpkg, "kesehatan")
    import_test.fill(forms_work / "forms" / "dinas-kesehatan.xlsx", work / "kesehatan.xlsx",
                     "Dinas Kesehatan",
                     {(health[0], "kesehatan"): {"kerusakan_rp": 2_750_000_000}},
                     needs=[{"kode_wilayah": health[0], "sub_sektor": "kesehatan",
                             "komponen": "pemulihan fungsi", "kegiatan": "Perbaikan puskesmas",
                             "volume": 2, "satuan": "unit", "harga_satuan": 400_000_000,
                             "jumlah_rp": 800_000_000, "prioritas": "tinggi", "durasi_bulan": 6,
                             "penanggung_jawab": "Dinas Kesehatan", "sumber_dana": "APBD Provinsi"}])
    r = run([args.binary, "import", gpkg, work / "kesehatan.xlsx"])
    print(r.stdout, r.stderr)
    if r.returncode != 0:
        return 1
    r = run([args.binary, "document", gpkg, "-o", work / "draf.docx"])
    print(r.stdout, r.stderr)
    return 0 if r.returncode == 0 else 1


def table_with(doc, first_header):
    for t in doc.tables:
        if t.rows and t.rows[0].cells[0].text.strip() == first_header:
            return t
    return None


def cmd_docx(args):
    try:
        import docx
    except ImportError:
        print("SKIP: python3-docx is not installed")
        return SKIP
    work = Path(args.work)
    doc = docx.Document(work / "draf.docx")
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    chapters = [text for style, text in headings if style == "Heading 1"]
    for prefix in CHAPTERS:
        check(any(c.startswith(prefix) for c in chapters), f"no chapter {prefix!r} in {chapters}")
    check(len(doc.tables) >= 8, f"only {len(doc.tables)} tables")
    check(doc.core_properties.title.startswith("Dokumen Jitupasna"), f"title {doc.core_properties.title!r}")

    db = sqlite3.connect(work / "run.gpkg")
    # Per sector: the Jumlah row is the consolidated recap's total.
    total = db.execute("SELECT TOTAL(kerusakan_rp) FROM rekap_konsolidasi").fetchone()[0]
    sectors = table_with(doc, "Sektor")
    if check(sectors is not None, "no sector table"):
        last = [c.text for c in sectors.rows[-1].cells]
        check(last[0] == "Jumlah" and last[2] == indonesian(total), f"sector total {last} != {indonesian(total)}")
        sources = [row.cells[4].text for row in sectors.rows[1:-1]]
        check(any("Dinas Kesehatan" in s for s in sources) and any(s == "estimasi" for s in sources),
              f"sector sources {sources}")
    # BAB II's list of kab/kota also starts with "Kode"; the table per kab/kota ends in "Sumber data".
    units = next((t for t in doc.tables if [c.text for c in t.rows[0].cells][-1] == "Sumber data"), None)
    if check(units is not None, "no table per kab/kota"):
        last = [c.text for c in units.rows[-1].cells]
        check(last[2] == indonesian(total), f"kab/kota total {last} != {indonesian(total)}")
        expected = dict(db.execute("SELECT admin_code, sumber_data FROM rekap_konsolidasi_wilayah"))
        for row in units.rows[1:-1]:
            code, source = row.cells[0].text, row.cells[4].text
            check(expected.get(code) == source, f"{code}: sumber data {source} != {expected.get(code)}")
    # BAB V: the action matrix holds the PD's need line and its amount.
    actions = table_with(doc, "No")
    if check(actions is not None, "no action matrix"):
        texts = [[c.text for c in row.cells] for row in actions.rows]
        check(any("Perbaikan puskesmas" in row for row in texts), f"action matrix {texts}")
        check(texts[-1][5] == indonesian(800_000_000), f"action total {texts[-1]}")
    # Every chapter with placeholders names who writes them.
    placeholders = [p.text for p in doc.paragraphs if p.text.startswith("[Diisi oleh")]
    check(any("Dinas Kesehatan" in p for p in placeholders), f"placeholders {placeholders}")
    # Appendix B tells every warning of the run, in Bahasa Indonesia (not the English message).
    warnings = [v for k, v in db.execute("SELECT key, value FROM run_info") if k.startswith("warning.")]
    told = table_with(doc, "No.")
    if warnings and check(told is not None, f"no warnings table for {len(warnings)} warning(s)"):
        readings = [row.cells[2].text for row in told.rows[1:]]
        check(len(readings) == len(warnings), f"warnings table {readings} != run_info {warnings}")
        check(not any(r in warnings for r in readings), f"a warning left in English: {readings}")
    # Landscape sections exist (the wide tables).
    orientations = {s.orientation for s in doc.sections}
    check(len(orientations) == 2, f"section orientations {orientations}")
    return 1 if forms_test.failures else 0


def cmd_libreoffice(args):
    office = forms_test.find_office()
    if not office or not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        print("SKIP: LibreOffice or poppler-utils is not installed; `scripts/setup --with-clients`")
        return SKIP
    work = Path(args.work)
    out = Path(tempfile.mkdtemp(prefix="jitupasna-document-lo-"))
    try:
        env = dict(os.environ, HOME=str(out))
        r = run([office, f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", out, work / "draf.docx"], timeout=600, env=env)
        print(r.stdout, r.stderr)
        pdf = out / "draf.pdf"
        if not check(pdf.exists(), "LibreOffice wrote no PDF"):
            return 1
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
        for prefix in CHAPTERS:
            check(prefix.strip() in text, f"PDF lacks {prefix.strip()}")
        db = sqlite3.connect(work / "run.gpkg")
        total = db.execute("SELECT TOTAL(kerusakan_rp) FROM rekap_konsolidasi").fetchone()[0]
        check(indonesian(total) in text, f"PDF lacks the total {indonesian(total)}")
        # The page with Gambar 2.1 (the first map) is not blank: many dark pixels.
        pages = text.split("\f")
        page = next((i + 1 for i, p in enumerate(pages) if "Gambar 2.1" in p), None)
        if check(page is not None, "no page with Gambar 2.1"):
            subprocess.run(["pdftoppm", "-r", "50", "-gray", "-f", str(page), "-l", str(page),
                            pdf, out / "page"], check=True)
            image = next(out.glob("page*.pgm"))
            data = image.read_bytes()
            # PGM: header of three lines (P5, width height, maxval), then one byte per pixel.
            body = data.split(b"\n", 3)[3]
            marked = sum(1 for b in body if b < 200) / len(body)
            check(marked > 0.03, f"page {page} is nearly blank ({marked:.1%} marked)")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 1 if forms_test.failures else 0


def cmd_comments(args):
    """The round trip of the draft itself: a PD's comments and a tracked change put into the
    draft `document` wrote, gathered by `jitupasna comments`, each under its chapter."""
    try:
        import docx
        import openpyxl  # noqa: F401
    except ImportError:
        print("SKIP: python3-docx or python3-openpyxl is not installed")
        return SKIP
    sys.path.insert(0, str(Path(__file__).parent.parent / "comments"))
    import comments_test
    work = Path(args.work)
    draft = comments_test.Draft("dinas-kesehatan")
    draft.doc = docx.Document(work / "draf.docx")
    # Walk the draft as a reader does, commenting on chosen paragraphs under known headings.
    chosen = {"BAB I PENDAHULUAN": "comment", "BAB III PENGKAJIAN AKIBAT BENCANA": "placeholder",
              "BAB VI PENUTUP": "change"}
    done = set()
    for p in draft.doc.paragraphs:
        style = p.style.name
        if style == "Heading 1":
            draft.chapter, draft.section = p.text, ""
        elif style == "Heading 2":
            draft.section = p.text
        elif p.text.strip() and p.runs and draft.chapter in chosen and draft.chapter not in done:
            what = chosen[draft.chapter]
            if what == "placeholder" and not p.text.startswith("[Diisi oleh"):
                continue
            if what == "change":
                draft.change(p, "sisipan", "Dinas Kesehatan", " Disepakati dalam rapat 3 Desember.")
            else:
                draft.comment(p, "Dinas Kesehatan", f"Masukan untuk {draft.chapter.split()[1]}.")
            done.add(draft.chapter)
    check(done == set(chosen), f"the draft lacks paragraphs to comment on in {set(chosen) - done}")
    commented = work / "dinas-kesehatan.docx"
    draft.save(commented)
    matrix = work / "matriks.xlsx"
    r = run([args.binary, "comments", commented, "-o", matrix, "--overwrite"])
    print(r.stdout, r.stderr)
    if check(r.returncode == 0, f"comments on the draft: exit {r.returncode}"):
        _, _, _, rows = comments_test.read_matrix(matrix)
        comments_test.check_rows(rows, [("dinas-kesehatan.docx", draft)], "draft round trip")
    forms_test.failures.extend(comments_test.failures)
    return 1 if forms_test.failures else 0


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cmd_errors(args):
    work = Path(args.work)
    gpkg = work / "run.gpkg"
    before = sha256(gpkg)
    r = run([args.binary, "document", gpkg, "-o", work / "draf.docx"])
    check(r.returncode == 2 and "draf.docx" in r.stderr and "--overwrite" in r.stderr,
          f"existing draft: exit {r.returncode} {r.stderr!r}")
    r = run([args.binary, "document", gpkg, "-o", gpkg, "--overwrite"])
    check(r.returncode == 2 and "run.gpkg" in r.stderr, f"draft over its GeoPackage: exit {r.returncode} {r.stderr!r}")
    check(sha256(gpkg) == before, "a refused document changed the GeoPackage")
    plain = Path(args.work).parent / "forms-work" / "plain.gpkg"
    r = run([args.binary, "document", plain, "-o", work / "plain.docx"])
    check(r.returncode == 2 and "jitupasna_sector" in r.stderr, f"run without damage: exit {r.returncode} {r.stderr!r}")
    check(not (work / "plain.docx").exists(), "a refused document left a file")
    return 1 if forms_test.failures else 0


if __name__ == "__main__":
    forms_test.command_line(globals(), ["setup", "docx", "libreoffice", "errors", "comments"])

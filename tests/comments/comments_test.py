#!/usr/bin/python3
"""`jitupasna comments`: commented drafts made by independent writers, read back independently.

    comments_test.py matrix      --binary B   # python-docx drafts + comment XML; errors; --gpkg
    comments_test.py libreoffice --binary B   # a draft LibreOffice Writer wrote (from a .fodt)

The drafts are built with python-docx (headings "BAB I ...", "BAB II ..." in Heading 1, sections
in Heading 2); python-docx 0.8 has no comment API, so the comments part, its relationship and
content type and the range/reference elements are added to the XML by this test, which writes
down under which chapter and section it put each comment. The matrix is read with openpyxl.

Exit 77 (ctest SKIP_RETURN_CODE) when python-docx, openpyxl or LibreOffice is missing.
"""

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SKIP = 77
failures = []

HEADERS = ["No", "Perangkat Daerah", "Berkas", "Bab", "Subbab", "Teks yang dikomentari", "Jenis",
           "Masukan", "Tanggal", "Tanggapan BPBD"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def run(cmd, **kw):
    print("$", " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --- drafts made with python-docx ----------------------------------------------------------------

class Draft:
    """A python-docx document that records, for each comment and change it adds, the row the
    matrix must show: (pd, chapter, section, commented text, kind, input)."""

    def __init__(self, file_stem):
        import docx
        self.doc = docx.Document()
        self.stem = file_stem
        self.chapter = ""
        self.section = ""
        self.comments = []  # (id, author, date, text)
        self.expected = []

    def heading(self, text, level):
        self.doc.add_heading(text, level=level)
        if level == 1:
            self.chapter, self.section = text, ""
        elif level == 2:
            self.section = text

    def paragraph(self, text):
        return self.doc.add_paragraph(text)

    def comment(self, paragraph, author, text, date="2026-12-01T10:00:00Z"):
        """A comment over the whole paragraph's text."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        cid = str(len(self.comments))
        runs = paragraph._p.findall(qn("w:r"))
        start = OxmlElement("w:commentRangeStart")
        start.set(qn("w:id"), cid)
        runs[0].addprevious(start)
        end = OxmlElement("w:commentRangeEnd")
        end.set(qn("w:id"), cid)
        runs[-1].addnext(end)
        ref_run = OxmlElement("w:r")
        ref = OxmlElement("w:commentReference")
        ref.set(qn("w:id"), cid)
        ref_run.append(ref)
        end.addnext(ref_run)
        self.comments.append((cid, author, date, text))
        self.expected.append((author or self.stem, self.chapter, self.section, paragraph.text,
                              "komentar", text))

    def change(self, paragraph, kind, author, text, date="2026-12-02T08:15:00Z"):
        """A tracked insertion or deletion of `text` at the end of the paragraph."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        element = OxmlElement("w:ins" if kind == "sisipan" else "w:del")
        element.set(qn("w:id"), str(100 + len(self.expected)))
        element.set(qn("w:author"), author)
        element.set(qn("w:date"), date)
        r = OxmlElement("w:r")
        t = OxmlElement("w:t" if kind == "sisipan" else "w:delText")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text
        r.append(t)
        element.append(r)
        paragraph._p.append(element)
        self.expected.append((author or self.stem, self.chapter, self.section, text, kind, text))

    def save(self, path):
        if self.comments:
            from docx.opc.constants import RELATIONSHIP_TYPE as RT
            from docx.opc.packuri import PackURI
            from docx.opc.part import Part
            from xml.sax.saxutils import escape, quoteattr
            xml = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{W}">']
            for cid, author, date, text in self.comments:
                paragraphs = "".join(
                    f'<w:p><w:r><w:annotationRef/></w:r><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
                    for line in text.split("\n"))
                xml.append(f"<w:comment w:id={quoteattr(cid)} w:author={quoteattr(author)} "
                           f"w:date={quoteattr(date)} w:initials={quoteattr(author[:1])}>{paragraphs}</w:comment>")
            xml.append("</w:comments>")
            part = Part(PackURI("/word/comments.xml"),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
                        "".join(xml).encode("utf-8"), self.doc.part.package)
            self.doc.part.relate_to(part, RT.COMMENTS)
        self.doc.save(str(path))


def pd_draft(stem, pd):
    """A draft as a PD returns it: comments and changes in three chapters."""
    d = Draft(stem)
    d.heading("Dokumen Jitupasna (draf)", 0)  # the title: not a chapter
    p = d.paragraph("Draf untuk dikomentari.")
    d.comment(p, pd, "Komentar sebelum bab mana pun.")
    d.heading("BAB I Pendahuluan", 1)
    d.heading("1.1 Latar Belakang", 2)
    p = d.paragraph("Gempa bumi M 7,6 mengguncang wilayah pada 30 September 2009.")
    d.comment(p, pd, "Mohon ditambahkan jumlah korban.\nSumber: BPBD Provinsi.")
    d.heading("BAB II Gambaran Umum Wilayah dan Kejadian Bencana", 1)
    p = d.paragraph("Wilayah terdampak meliputi tujuh kabupaten/kota.")
    d.comment(p, "", "Komentar tanpa nama penulis.")  # the file's name stands for the PD
    d.change(p, "sisipan", pd, " Data per 5 Oktober.")
    d.heading("BAB III Pengkajian Akibat Bencana", 1)
    d.heading("3.1 Sektor Permukiman", 2)
    p = d.paragraph("Rumah rusak berat: 1.234 unit.")
    d.comment(p, pd, "Angka kami 1.300 unit (pendataan 4 Oktober).")
    d.change(p, "hapusan", pd, "(perkiraan)")
    d.heading("3.2 Sektor Infrastruktur", 2)
    p = d.paragraph("Jalan rusak: 12 km & 3 jembatan <sementara>.")
    d.comment(p, pd, 'Tanda "kutip" & <kurung> tetap utuh.')
    return d


def read_matrix(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    rows = []
    for r in range(2, ws.max_row + 1):
        values = [ws.cell(r, c).value for c in range(1, len(HEADERS) + 1)]
        if values[0] is None:
            continue
        rows.append(values)
    return wb, ws, headers, rows


def check_rows(rows, drafts, label):
    expected = []
    for file_name, d in drafts:
        for pd, chapter, section, anchor, kind, text in d.expected:
            expected.append((pd, file_name, chapter, section, anchor, kind, text))
    check(len(rows) == len(expected), f"{label}: {len(rows)} rows, expected {len(expected)}")
    for i, (row, exp) in enumerate(zip(rows, expected)):
        got = (row[1], row[2], row[3] or "", row[4] or "", row[5] or "", row[6], row[7])
        check(row[0] == i + 1, f"{label}: row {i + 1} numbered {row[0]}")
        check(got == exp, f"{label}: row {i + 1} is {got}, expected {exp}")
        check(row[9] is None, f"{label}: row {i + 1} has a response already: {row[9]!r}")


def cmd_matrix(args):
    try:
        import docx  # noqa: F401
        import openpyxl  # noqa: F401
    except ImportError as e:
        print(f"SKIP: {e}; scripts/setup installs python3-docx and python3-openpyxl")
        return SKIP
    binary = Path(args.binary)
    out = Path(tempfile.mkdtemp(prefix="jitupasna-comments-"))
    try:
        pupr = pd_draft("dinas-pupr", "Dinas PUPR")
        pupr.save(out / "dinas-pupr.docx")
        sosial = pd_draft("dinas-sosial", "Dinas Sosial")
        sosial.save(out / "dinas-sosial.docx")
        clean = Draft("bersih")
        clean.heading("BAB I Pendahuluan", 1)
        clean.paragraph("Tanpa komentar.")
        clean.save(out / "bersih.docx")

        # Several drafts: every row, in file order, under the chapter the test put it in.
        matrix = out / "matriks-masukan.xlsx"
        r = run([binary, "comments", out / "dinas-pupr.docx", out / "bersih.docx",
                 out / "dinas-sosial.docx", "-o", matrix])
        print(r.stdout, r.stderr)
        check(r.returncode == 0, f"comments exited {r.returncode}: {r.stderr}")
        wb, ws, headers, rows = read_matrix(matrix)
        check(headers[:len(HEADERS)] == HEADERS, f"headers {headers}")
        check_rows(rows, [("dinas-pupr.docx", pupr), ("bersih.docx", clean),
                          ("dinas-sosial.docx", sosial)], "three drafts")
        check(any(row[3] == "BAB III Pengkajian Akibat Bencana" for row in rows),
              "no row under BAB III")
        check(rows and rows[1][8] == "2026-12-01 10:00", f"date shown as {rows[1][8] if rows else None}")
        check(ws.protection.sheet, "the matrix sheet is not protected")
        check(not ws.cell(2, 10).protection.locked, "Tanggapan BPBD is locked")
        check(ws.cell(2, 10).alignment.wrap_text, "Tanggapan BPBD does not wrap")
        check(ws.cell(2, 2).protection.locked, "Perangkat Daerah is editable")
        check((ws.column_dimensions["J"].width or 0) >= 40, "Tanggapan BPBD is narrow")
        check("dinas-pupr.docx: 7 comment(s) and tracked change(s)" in r.stdout, r.stdout)

        # A draft without comments: the header alone, exit 0.
        empty = out / "kosong.xlsx"
        r = run([binary, "comments", out / "bersih.docx", "-o", empty])
        check(r.returncode == 0, f"no comments: exit {r.returncode}: {r.stderr}")
        _, _, headers, rows = read_matrix(empty)
        check(headers[:len(HEADERS)] == HEADERS and rows == [], f"no comments: {headers} {rows}")

        # An existing matrix: refused without --overwrite (exit 2), replaced with it.
        before = sha256(matrix)
        r = run([binary, "comments", out / "bersih.docx", "-o", matrix])
        check(r.returncode == 2 and str(matrix) in r.stderr, f"existing output: {r.returncode} {r.stderr}")
        check(sha256(matrix) == before, "an existing matrix changed without --overwrite")
        # The output over an input: refused even with --overwrite.
        r = run([binary, "comments", out / "dinas-pupr.docx", "-o", out / "dinas-pupr.docx", "--overwrite"])
        check(r.returncode == 2 and "dinas-pupr.docx" in r.stderr, f"output over input: {r.returncode} {r.stderr}")

        # The same draft twice would double its rows: refused, named.
        r = run([binary, "comments", out / "dinas-pupr.docx", out / "dinas-pupr.docx", "-o", out / "dua-kali.xlsx"])
        check(r.returncode == 1 and f"{out / 'dinas-pupr.docx'}: given twice" in r.stderr,
              f"a draft given twice: {r.returncode} {r.stderr}")
        check(not (out / "dua-kali.xlsx").exists(), "a draft given twice: a matrix was written")

        # Hostile files: a named error, exit 1, nothing written (the existing matrix too).
        bad = out / "bad"
        bad.mkdir()
        (bad / "teks.docx").write_text("BAB I Pendahuluan\n")
        whole = (out / "dinas-pupr.docx").read_bytes()
        (bad / "terpotong.docx").write_bytes(whole[: len(whole) // 2])
        with zipfile.ZipFile(bad / "bom.docx", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'
                       + " " * (20 << 20) + "</w:body></w:document>")
        with zipfile.ZipFile(bad / "dtd.docx", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                       f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>')
        with zipfile.ZipFile(bad / "buku.docx", "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
        words = {"teks.docx": "not a DOCX document (not a zip archive",
                 "terpotong.docx": "not a DOCX document",
                 "bom.docx": "word/document.xml: expands more than 100 times",
                 "dtd.docx": "word/document.xml: line 1: a DTD",
                 "buku.docx": "not a DOCX document (no word/document.xml in the zip archive)"}
        gpkg = make_gpkg(out / "run.gpkg")
        gpkg_before = sha256(gpkg)
        for name, message in words.items():
            target = out / f"never-{name}.xlsx"
            r = run([binary, "comments", out / "dinas-pupr.docx", bad / name, "-o", target, "--gpkg", gpkg])
            check(r.returncode == 1, f"{name}: exit {r.returncode}, expected 1")
            check(f"{bad / name}: {message}" in r.stderr, f"{name}: message {r.stderr!r}")
            check(not target.exists(), f"{name}: a matrix was written")
            r = run([binary, "comments", bad / name, "-o", matrix, "--overwrite"])
            check(r.returncode == 1 and sha256(matrix) == before, f"{name}: the existing matrix changed")
        check(sha256(gpkg) == gpkg_before, "the GeoPackage changed although a draft was refused")
        leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
        check(leftovers == [], f"temporary files left: {leftovers}")

        # --gpkg: the same rows in table matriks_masukan, replaced on the next run.
        r = run([binary, "comments", out / "dinas-pupr.docx", out / "dinas-sosial.docx",
                 "-o", out / "dengan-gpkg.xlsx", "--gpkg", gpkg])
        check(r.returncode == 0, f"--gpkg: exit {r.returncode}: {r.stderr}")
        _, _, _, rows = read_matrix(out / "dengan-gpkg.xlsx")
        db = sqlite3.connect(gpkg)
        stored = db.execute("SELECT no, perangkat_daerah, berkas, bab, subbab, teks_dikomentari, "
                            "jenis, masukan, tanggal, tanggapan_bpbd FROM matriks_masukan "
                            "ORDER BY no").fetchall()
        check([tuple(x if x is not None else None for x in row) for row in stored] ==
              [tuple(row) for row in rows], f"--gpkg: stored rows differ from the matrix")
        check(db.execute("SELECT COUNT(*) FROM keep_me").fetchone()[0] == 1, "--gpkg: other table lost")
        db.close()
        r = run([binary, "comments", out / "dinas-pupr.docx", "-o", out / "lagi.xlsx", "--gpkg", gpkg])
        db = sqlite3.connect(gpkg)
        count = db.execute("SELECT COUNT(*) FROM matriks_masukan").fetchone()[0]
        check(r.returncode == 0 and count == len(pupr.expected), f"--gpkg again: {count} rows")
        db.close()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 1 if failures else 0


def make_gpkg(path):
    from osgeo import ogr
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("keep_me", geom_type=ogr.wkbNone)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    f = ogr.Feature(layer.GetLayerDefn())
    f.SetField("name", "x")
    layer.CreateFeature(f)
    ds = None
    return path


# --- a draft written by LibreOffice ----------------------------------------------------------------

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:body><office:text>
  <text:tracked-changes>
   <text:changed-region text:id="ct1"><text:insertion><office:change-info>
     <dc:creator>Dinas Kesehatan</dc:creator><dc:date>2026-12-03T09:00:00</dc:date>
   </office:change-info></text:insertion></text:changed-region>
  </text:tracked-changes>
  <text:h text:outline-level="1">BAB I Pendahuluan</text:h>
  <text:p>Latar <office:annotation office:name="a1"><dc:creator>BAPPEDA</dc:creator><dc:date>2026-12-01T10:00:00</dc:date><text:p>Perjelas latar belakang.</text:p></office:annotation>belakang kejadian<office:annotation-end office:name="a1"/>.</text:p>
  <text:h text:outline-level="1">BAB II Gambaran Umum Wilayah dan Kejadian Bencana</text:h>
  <text:h text:outline-level="2">2.1 Kejadian Bencana</text:h>
  <text:p>Gempa terjadi pukul 17.16 WIB.<office:annotation><dc:creator>Dinas PUPR</dc:creator><dc:date>2026-12-01T11:00:00</dc:date><text:p>Sebutkan magnitudo.</text:p><text:p>Menurut BMKG.</text:p></office:annotation></text:p>
  <text:h text:outline-level="1">BAB III Pengkajian Akibat Bencana</text:h>
  <text:p><office:annotation office:name="a3"><dc:creator>Dinas Sosial</dc:creator><dc:date>2026-12-02T08:00:00</dc:date><text:p>Data pengungsi belum ada.</text:p></office:annotation>Kerusakan permukiman<office:annotation-end office:name="a3"/> dan kerugian.<text:change-start text:change-id="ct1"/>Puskesmas rusak 3 unit.<text:change-end text:change-id="ct1"/></text:p>
 </office:text></office:body>
</office:document>
"""

# What the matrix must show for the draft above: (pd, chapter, section, commented text, kind, input).
FODT_EXPECTED = [
    ("BAPPEDA", "BAB I Pendahuluan", "", "belakang kejadian", "komentar", "Perjelas latar belakang."),
    ("Dinas PUPR", "BAB II Gambaran Umum Wilayah dan Kejadian Bencana", "2.1 Kejadian Bencana", None,
     "komentar", "Sebutkan magnitudo.\nMenurut BMKG."),
    ("Dinas Sosial", "BAB III Pengkajian Akibat Bencana", "", "Kerusakan permukiman", "komentar",
     "Data pengungsi belum ada."),
    ("Dinas Kesehatan", "BAB III Pengkajian Akibat Bencana", "", "Puskesmas rusak 3 unit.", "sisipan",
     "Puskesmas rusak 3 unit."),
]


def cmd_libreoffice(args):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        print("SKIP: LibreOffice is not installed; `scripts/setup --with-clients` installs it")
        return SKIP
    program = Path(os.path.realpath(office)).parent
    if not list(program.glob("libswlo.so*")):
        print(f"SKIP: LibreOffice Writer is not installed (no libswlo.so in {program}); "
              "`scripts/setup --with-clients` installs it")
        return SKIP
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        print("SKIP: openpyxl is missing")
        return SKIP
    out = Path(tempfile.mkdtemp(prefix="jitupasna-comments-lo-"))
    try:
        (out / "draf-lo.fodt").write_text(FODT, encoding="utf-8")
        env = dict(os.environ, HOME=str(out))
        r = run([office, f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", out, out / "draf-lo.fodt"],
                timeout=300, env=env)
        print(r.stdout, r.stderr)
        docx_path = out / "draf-lo.docx"
        if not check(r.returncode == 0 and docx_path.exists(), "LibreOffice did not write the DOCX"):
            return 1
        with zipfile.ZipFile(docx_path) as z:
            check("word/comments.xml" in z.namelist(), f"LibreOffice wrote no comments part: {z.namelist()}")
        matrix = out / "matriks.xlsx"
        r = run([args.binary, "comments", docx_path, "-o", matrix])
        print(r.stdout, r.stderr)
        check(r.returncode == 0, f"comments exited {r.returncode}: {r.stderr}")
        _, _, _, rows = read_matrix(matrix)
        got = [(row[1], row[3] or "", row[4] or "", row[5], row[6], row[7]) for row in rows]
        check(len(got) == len(FODT_EXPECTED), f"{len(got)} rows: {got}")
        for exp in FODT_EXPECTED:
            matches = [g for g in got if g[0] == exp[0] and g[4] == exp[4]]
            if not check(len(matches) == 1, f"no single row of {exp[0]} ({exp[4]}) in {got}"):
                continue
            g = matches[0]
            check(g[1:3] == exp[1:3], f"{exp[0]}: under {g[1:3]}, expected {exp[1:3]}")
            check(g[5] == exp[5], f"{exp[0]}: input {g[5]!r}, expected {exp[5]!r}")
            if exp[3] is not None:
                check((g[3] or "") == exp[3], f"{exp[0]}: commented text {g[3]!r}, expected {exp[3]!r}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("check", choices=["matrix", "libreoffice"])
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    code = {"matrix": cmd_matrix, "libreoffice": cmd_libreoffice}[args.check](args)
    if failures:
        print(f"{len(failures)} failure(s)")
    return code


if __name__ == "__main__":
    sys.exit(main())

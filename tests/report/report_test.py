#!/usr/bin/python3
"""Tests of `jitupasna report` (and the report `jitupasna run` writes), run by ctest.

The real binary runs the synthetic demo (with and without damage, and with a sublevel) and the
hand-made synthetic damage case; the HTML is then read back independently (html.parser) and its
tables' totals compared with sums computed here from the GeoPackage (sqlite3). The chromium
check renders the page in headless Chromium (Debian's `chromium`) to PDF and PNG and checks
them with poppler (pdftotext, pdftoppm) and a small PNG decoder; it is skipped (exit 77) when
Chromium or poppler is absent.

    report_test.py setup --binary B --source SRC --demo DEMO_DATA --work WORK
    report_test.py {html,plain,sublevel,synthetic,chromium,standalone} --binary B --work WORK
"""

import argparse
import html
import html.parser
import os
import math
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

SKIP = 77
DEMO_UNITS = ["Kabupaten Sintetis Barat", "Kabupaten Sintetis Timur",
              "Kabupaten Sintetis Selatan", "Kota Sintetis"]
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print(f"FAIL: {message}")
    return condition


def finish(name):
    if FAILURES:
        print(f"{name}: {len(FAILURES)} failure(s)")
        return 1
    print(f"{name}: ok")
    return 0


def run(args, **kwargs):
    args = [str(a) for a in args]
    return subprocess.run(args, capture_output=True, text=True, timeout=kwargs.pop("timeout", 600),
                          **kwargs)


# ------------------------------------------------------------------------------------------
# Indonesian numbers

def id_number(value, decimals=0):
    """1234567.891 -> '1.234.567,89' (what the report writes)."""
    text = f"{abs(value):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if value < 0 and text.strip("0,.") != "":
        text = "-" + text
    return text


def people_step(people):
    """InaSAFE's population rounding step."""
    return 1 if people < 10 else 10 if people < 1000 else 100 if people < 100000 else 1000


def displayed(value, rule):
    """What the report shows for an exact value under a data-round rule (InaSAFE's rules, written
    again here): up = up to a whole number, people = up to a whole number then up to its step,
    juta = Rupiah in whole millions, half away from zero. Noise within 1e-6 of a step is that
    step."""
    def up_to(v, step):
        if v <= 0:
            return v
        n = v / step
        return (round(n) if abs(n - round(n)) < 1e-6 else math.ceil(n)) * step
    if rule == "up":
        return up_to(value, 1)
    if rule == "people":
        whole = up_to(value, 1)
        return up_to(whole, people_step(whole)) if whole > 0 else whole
    if rule == "juta":
        m = abs(value) / 1e6
        r = math.floor(m + 0.5)
        return float(-r if value < 0 and r else r)
    raise ValueError(rule)


def parse_id(text):
    """'Rp 1.234.567' -> (1234567.0, 0); '12,50' -> (12.5, 2); None for a dash or empty."""
    t = text.replace("Rp", "").replace("\u00a0", " ").strip()
    if t in ("", "–", "-"):
        return None
    if not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", t):
        raise ValueError(f"not an Indonesian number: {text!r}")
    decimals = len(t.split(",")[1]) if "," in t else 0
    return float(t.replace(".", "").replace(",", ".")), decimals


# ------------------------------------------------------------------------------------------
# Reading the page

class Page(html.parser.HTMLParser):
    """Tables (headers, body rows, totals row), maps and headline cards of a report."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.maps, self.cards = [], [], []
        self.text = []
        self.tags = []          # every start tag: (tag, attrs)
        self.table = None
        self.part = None        # thead, tbody, tfoot
        self.row = None
        self.cell = None
        self.svg = None
        self.svg_group = []     # classes of open <g> inside the svg
        self.card = None
        self.card_depth = 0
        self.in_value = False
        self.in_title = False
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        classes = (a.get("class") or "").split()
        if tag == "table":
            self.table = {"attrs": a, "headers": [], "rows": [], "foot": None, "caption": ""}
            self.tables.append(self.table)
        elif tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        elif tag == "tr" and self.table is not None:
            self.row = {"attrs": a, "cells": []}
        elif tag in ("td", "th") and self.row is not None:
            self.cell = {"attrs": a, "text": ""}
        elif tag == "svg":
            self.svg = {"attrs": a, "paths": [], "groups": {}, "legend_rects": 0,
                        "legend_text": "", "scale_text": "", "north_text": "", "fills": []}
            self.maps.append(self.svg)
        elif self.svg is not None:
            if tag == "g":
                self.svg_group.append(classes[0] if classes else "")
                if classes:
                    self.svg["groups"][classes[0]] = True
            elif tag == "path" and "units" in self.svg_group:
                self.svg["paths"].append({"fill": a.get("fill"), "title": ""})
                self.svg["fills"].append(a.get("fill"))
            elif tag == "rect" and "legend" in self.svg_group:
                self.svg["legend_rects"] += 1
            elif tag == "title":
                self.in_title = True
        if tag == "div" and "card" in classes:
            self.card = {"attrs": a, "value": ""}
            self.cards.append(self.card)
            self.card_depth = 1
        elif tag == "div" and self.card is not None:
            self.card_depth += 1
            self.in_value = "value" in classes
        if tag == "caption" and self.table is not None:
            self.stack.append("caption")

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row["cells"].append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.part == "thead":
                self.table["headers"] = self.row["cells"]
            elif self.part == "tfoot":
                self.table["foot"] = self.row["cells"]
            else:
                self.table["rows"].append(self.row)
            self.row = None
        elif tag == "svg":
            self.svg = None
            self.svg_group = []
        elif tag == "g" and self.svg is not None and self.svg_group:
            self.svg_group.pop()
        elif tag == "title":
            self.in_title = False
        elif tag == "div" and self.card is not None:
            self.card_depth -= 1
            self.in_value = False
            if self.card_depth == 0:
                self.card = None
        elif tag == "caption" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell["text"] += data
        if self.stack and self.table is not None:
            self.table["caption"] += data
        if self.svg is not None:
            if self.in_title and self.svg["paths"] and "units" in self.svg_group:
                self.svg["paths"][-1]["title"] += data
            if "legend" in self.svg_group:
                self.svg["legend_text"] += data + " "
            if "scale-bar" in self.svg_group:
                self.svg["scale_text"] += data + " "
            if "north-arrow" in self.svg_group:
                self.svg["north_text"] += data
        if self.card is not None and self.in_value:
            self.card["value"] += data


def read_page(path):
    page = Page()
    page.feed(Path(path).read_text(encoding="utf-8"))
    page.close()
    return page


# ------------------------------------------------------------------------------------------
# Checks shared by every report

def total_of(db, layer, field):
    return db.execute(f'SELECT TOTAL("{field}") FROM "{layer}"').fetchone()[0]


def check_tables(page, db, name):
    """Every totals row equals the GeoPackage column's sum; admin_summary rows equal theirs."""
    layers = {r[0] for r in db.execute("SELECT table_name FROM gpkg_contents")}
    totals = rows = 0
    for table in page.tables:
        layer = table["attrs"].get("data-layer")
        if not layer:
            continue
        caption = table["caption"].strip()
        if not check(layer in layers, f"{name}: table '{caption}' names layer {layer}, not in the GeoPackage"):
            continue
        columns = {r[1] for r in db.execute(f'PRAGMA table_info("{layer}")')}
        headers = table["headers"]
        for h in headers:
            field = h["attrs"].get("data-field")
            if field and field != "parent_code":
                check(field in columns, f"{name}: '{caption}' shows {field}, not a column of {layer}")
        if table["foot"] is not None:
            check(len(table["foot"]) == len(headers), f"{name}: '{caption}' totals row width")
            for i, h in enumerate(headers):
                field = h["attrs"].get("data-field")
                if not field or "n" not in (h["attrs"].get("class") or "").split():
                    continue
                cell = table["foot"][i]["text"]
                if not cell.strip():
                    continue  # not summed (a rank)
                shown, decimals = parse_id(cell)
                rule = h["attrs"].get("data-round")
                expected = total_of(db, layer, field)
                if rule:
                    # Rounded after summing: the exact sum, rounded by the column's rule.
                    ok = shown == displayed(expected, rule)
                else:
                    ok = abs(shown - expected) <= 0.5 * 10 ** -decimals + 1e-12 * abs(expected)
                check(ok, f"{name}: '{caption}' total of {field} shows {cell}, GeoPackage sum is {expected}")
                totals += 1
                # The totals row also adds up the rows shown (each rounded on its own: within
                # one rounding step per row).
                shown_rows = [parse_id(r["cells"][i]["text"]) for r in table["rows"]]
                row_sum = sum(v[0] for v in shown_rows if v)
                step = {None: 10 ** -decimals * 0.5, "up": 1, "juta": 0.5,
                        "people": people_step(shown)}[rule]
                check(abs(row_sum - shown) <= step * len(shown_rows) + 1e-12 * abs(shown),
                      f"{name}: '{caption}' rows of {field} add up to {row_sum}, total shows {shown}")
        # One row per unit: each value equals the GeoPackage's.
        if layer.startswith("admin_summary") or layer.startswith("population_needs"):
            for row in table["rows"]:
                code = row["attrs"].get("data-code")
                if code is None:
                    continue
                for i, h in enumerate(headers):
                    field = h["attrs"].get("data-field")
                    if not field or field == "parent_code":
                        continue
                    (value,) = db.execute(f'SELECT "{field}" FROM "{layer}" WHERE admin_code = ?',
                                          (code,)).fetchone()
                    text = row["cells"][i]["text"]
                    if "n" in (h["attrs"].get("class") or "").split():
                        shown = parse_id(text)
                        if value is None:
                            check(shown is None, f"{name}: {layer} {code} {field}: NULL shown as {text}")
                            continue
                        rule = h["attrs"].get("data-round")
                        if rule:
                            ok = shown is not None and shown[0] == displayed(value, rule)
                        else:
                            ok = shown is not None and abs(shown[0] - value) <= 0.5 * 10 ** -shown[1] + 1e-12 * abs(value)
                        check(ok, f"{name}: {layer} {code} {field} shows {text}, GeoPackage has {value}")
                    else:
                        check(text == str(value), f"{name}: {layer} {code} {field} shows {text!r}, GeoPackage has {value!r}")
                    rows += 1
    return totals, rows


def listed_units_query(db):
    """The units the report names: the terdampak ones (the rest are summed in one row)."""
    columns = [r[1] for r in db.execute("PRAGMA table_info(admin_summary)")]
    return "SELECT admin_name FROM admin_summary" + (
        " WHERE wilayah_terdampak = 1" if "wilayah_terdampak" in columns else "")


def check_maps(page, db, name, expected):
    maps = [m for m in page.maps if "map" in (m["attrs"].get("class") or "").split()]
    check(len(maps) == expected, f"{name}: {len(maps)} maps, expected {expected}")
    units = [r[0] for r in db.execute("SELECT admin_name FROM admin_summary")]
    for m in maps:
        mid = m["attrs"].get("id")
        check(m["groups"].get("legend"), f"{name}: map {mid} has no legend")
        check(m["legend_rects"] >= 1, f"{name}: map {mid}: legend without swatches")
        check(m["groups"].get("scale-bar") and re.search(r"\d+ k?m\b", m["scale_text"]),
              f"{name}: map {mid} has no scale bar in m or km ({m['scale_text']!r})")
        check(m["groups"].get("north-arrow") and "U" in m["north_text"],
              f"{name}: map {mid} has no north arrow")
        titles = " ".join(p["title"] for p in m["paths"])
        if len(m["paths"]) < len(units):
            # Zoomed to the units with something to show (a national layer, one region hit):
            # the page says so, and every unit with damage is on the map.
            check("Peta diperbesar" in "".join(page.text),
                  f"{name}: map {mid} draws {len(m['paths'])} units of {len(units)} without "
                  "saying it is zoomed")
            shown = [r[0] for r in db.execute(
                "SELECT admin_name FROM admin_summary WHERE kerusakan_rp > 0")]
        else:
            check(len(m["paths"]) == len(units),
                  f"{name}: map {mid} draws {len(m['paths'])} units of {len(units)}")
            shown = units
        for unit in shown:
            check(unit in titles, f"{name}: map {mid} has no tooltip naming {unit}")
        check(all(p["fill"] for p in m["paths"]), f"{name}: map {mid}: unit without a fill")
        check("viewBox" in m["attrs"] or "viewbox" in m["attrs"], f"{name}: map {mid} has no viewBox")
    return maps


def check_self_contained(text, name):
    check("<script" not in text.lower(), f"{name}: the page has a script")
    check("<link" not in text.lower(), f"{name}: the page links a resource")
    check("@import" not in text, f"{name}: the CSS imports something")
    check(not re.search(r"https?://", text), f"{name}: the page names a URL")
    check(not re.search(r"\bsrc\s*=", text), f"{name}: the page loads an external resource (src=)")
    for url in re.findall(r"url\(([^)]*)\)", text):
        check(url.startswith("#"), f"{name}: url({url}) is not a reference inside the page")
    for href in re.findall(r'href="([^"]*)"', text):
        check(href.startswith("#"), f"{name}: link to {href} leaves the page")
    check('<html lang="id">' in text, f"{name}: the page does not declare Bahasa Indonesia")
    check("@page" in text and "A4" in text, f"{name}: no @page A4 rule")
    check('<meta charset="utf-8">' in text, f"{name}: no UTF-8 declaration")


def check_report(html_path, gpkg, name, maps):
    check(Path(html_path).exists(), f"{name}: {html_path} was not written")
    if FAILURES:
        return None
    text = Path(html_path).read_text(encoding="utf-8")
    page = read_page(html_path)
    db = sqlite3.connect(gpkg)
    check_self_contained(text, name)
    totals, rows = check_tables(page, db, name)
    print(f"{name}: {totals} totals and {rows} unit values equal the GeoPackage's")
    check(totals >= 5, f"{name}: only {totals} totals checked")
    check_maps(page, db, name, maps)
    # The headline's people as the tables' totals show them: up to a whole person, then up to
    # the step (8.884 displaced read 8.900, as in the Jumlah row).
    cards = {c["attrs"].get("data-field"): c["value"].strip() for c in page.cards}
    if "pengungsi" in cards:
        pengungsi = total_of(db, "admin_summary", "pengungsi")
        expected = id_number(displayed(pengungsi, "people")) + " jiwa"
        check(cards["pengungsi"] == expected,
              f"{name}: headline pengungsi {cards['pengungsi']!r}, expected {expected!r} "
              f"({pengungsi})")
    body = " ".join(page.text)
    for (unit,) in db.execute(listed_units_query(db)):
        check(unit in body, f"{name}: {unit} is not named in the page")
    info = dict(db.execute("SELECT key, value FROM run_info"))
    check(info["scenario_name"] in body, f"{name}: the scenario name is missing")
    for key, value in info.items():
        if key.startswith("warning."):
            check(value in body, f"{name}: warning {key} is missing")
    # Every warning of the examples is read in Bahasa Indonesia, not only quoted in English.
    unread = body.count("Lihat pesan asli.")
    check(unread == 0, f"{name}: {unread} warning(s) without an Indonesian reading")
    return page, db, info, body


# ------------------------------------------------------------------------------------------
# Commands

def make_wide_admin(demo_admin, out):
    from osgeo import ogr
    ogr.UseExceptions()
    src = ogr.Open(str(demo_admin))
    layer = src.GetLayerByName("kabkota")
    driver = ogr.GetDriverByName("GPKG")
    if out.exists():
        driver.DeleteDataSource(str(out))
    ds = driver.CreateDataSource(str(out))
    dst = ds.CreateLayer("kabkota", layer.GetSpatialRef(), ogr.wkbMultiPolygon)
    for name in ("kode", "nama"):
        dst.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for f in layer:
        g = ogr.Feature(dst.GetLayerDefn())
        g.SetField("kode", f.GetField("kode"))
        g.SetField("nama", f.GetField("nama"))
        g.SetGeometry(f.GetGeometryRef().Clone())
        dst.CreateFeature(g)
    n = 0
    for i in range(12):
        for j in range(6):
            x0, y0 = 103.0 + i * 0.5, -9.0 + j * 0.5
            if x0 < 106.8 and x0 + 0.5 > 105.5 and y0 < -5.8 and y0 + 0.5 > -7.1:
                continue  # keep clear of the demo area
            n += 1
            if n > 60:
                break
            ring = f"{x0} {y0}, {x0 + 0.5} {y0}, {x0 + 0.5} {y0 + 0.5}, {x0} {y0 + 0.5}, {x0} {y0}"
            g = ogr.Feature(dst.GetLayerDefn())
            g.SetField("kode", f"98.{n:02d}")
            g.SetField("nama", f"Kabupaten Jauh {n}")
            g.SetGeometry(ogr.CreateGeometryFromWkt(f"MULTIPOLYGON ((({ring})))"))
            dst.CreateFeature(g)
    ds = None


def cmd_setup(args):
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    data = work / "data"
    shutil.copytree(args.demo, data)
    source = Path(args.source)
    damage_yaml = (source / "data" / "demo" / "demo-damage.yaml").read_text()
    (data / "demo-damage.yaml").write_text(damage_yaml)
    shutil.copy(source / "data" / "demo" / "demo.yaml", data / "demo.yaml")
    # A sublevel: the kabupaten layer again, each unit its own parent.
    anchor = "  name_field: nama\n"
    assert anchor in damage_yaml
    (data / "demo-sub.yaml").write_text(damage_yaml.replace(anchor, anchor + (
        "  sublevel: {name: kecamatan, source: kabupaten.gpkg, layer: kabkota, "
        "code_field: kode, name_field: nama, parent_field: kode}\n"), 1))
    # A wide admin layer: the demo's four units among 60 made-up ones far around them, as when
    # a province's event is run on a national kabupaten layer.
    make_wide_admin(data / "kabupaten.gpkg", data / "wide_admin.gpkg")
    source_anchor = "  source: kabupaten.gpkg\n"
    assert source_anchor in damage_yaml
    (data / "demo-wide.yaml").write_text(
        damage_yaml.replace(source_anchor, "  source: wide_admin.gpkg\n", 1))
    runs = [("damage", data / "demo-damage.yaml"), ("plain", data / "demo.yaml"),
            ("sub", data / "demo-sub.yaml"), ("wide", data / "demo-wide.yaml"),
            ("synthetic", source / "tests" / "reference" / "scenarios" / "synthetic-damage.yaml")]
    for name, yaml in runs:
        r = run([args.binary, "run", yaml, "-o", work / f"{name}.gpkg", "-q"])
        print(r.stdout, r.stderr)
        if not check(r.returncode == 0, f"jitupasna run {yaml.name}: exit {r.returncode}"):
            continue
        # `run` writes the report beside the GeoPackage.
        check((work / f"{name}.html").exists(), f"jitupasna run {yaml.name} wrote no {name}.html")
    make_imported(args.binary, source, work)
    return finish("setup")


PD_FORM = "dinas-pupr.xlsx"  # leads perumahan in the banten scheme


def make_imported(binary, source, work):
    """The damage run with one PD form returned (filled by openpyxl through
    scripts/fill_demo_forms.py, unverified) and imported; its report is imported.html."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        print("SKIP: python3-openpyxl is not installed; no import to report")
        return
    gpkg = work / "imported.gpkg"
    shutil.copy(work / "damage.gpkg", gpkg)
    r = run([binary, "forms", gpkg, "-d", work / "forms"])
    if not check(r.returncode == 0, f"jitupasna forms: exit {r.returncode} {r.stderr}"):
        return
    forms = sorted(p.name for p in (work / "forms").glob("*.xlsx"))
    if not check(PD_FORM in forms, f"no form {PD_FORM} among {forms}"):
        return
    r = run(["/usr/bin/python3", source / "scripts" / "fill_demo_forms.py", work / "forms",
             work / "returned", PD_FORM, "--rows", "2", "--unverified", PD_FORM])
    if not check(r.returncode == 0, f"fill_demo_forms.py: exit {r.returncode} {r.stderr}"):
        return
    for cmd in (["import", gpkg, work / "returned" / PD_FORM],
                ["report", gpkg, "-o", work / "imported.html"]):
        r = run([binary, *cmd])
        print(r.stdout, r.stderr)
        check(r.returncode == 0, f"jitupasna {cmd[0]}: exit {r.returncode}")


def cmd_pd(args):
    """After an import: the section on the PDs' reporting, the consolidated totals per kab/kota
    against sums worked out here (the estimate with the typed figures put in), the PD-reported
    figures marked with their PD and date; without an import, a statement that every figure is
    an estimate."""
    work = Path(args.work)
    plain = (work / "damage.html").read_text(encoding="utf-8")
    check('id="laporan-pd"' not in plain, "damage.html (no import) has a PD section")
    check("belum ada laporan perangkat daerah yang diimpor" in " ".join(read_page(work / "damage.html").text),
          "damage.html (no import) does not say that every figure is an estimate")
    if not (work / "returned" / PD_FORM).exists():
        print("SKIP: no returned form (python3-openpyxl missing at setup)")
        return 77
    result = check_report(work / "imported.html", work / "imported.gpkg", "imported", maps=4)
    if result is None:
        return finish("pd")
    page, db, info, body = result
    check('id="laporan-pd"' in (work / "imported.html").read_text(encoding="utf-8"),
          "no section laporan-pd")
    check("Status laporan Perangkat Daerah" in body, "no heading 'Status laporan Perangkat Daerah'")

    # Who has reported: every PD of the scheme, the one that returned its form as reported
    # (unverified), the others missing.
    pds = set()
    for lead, support in db.execute("SELECT pengampu, pendukung FROM jitupasna_scheme"):
        pds.add(lead)
        pds.update(p.strip() for p in (support or "").split(";") if p.strip())
    pds.discard("")
    who = next((t for t in page.tables if t["attrs"].get("data-layer") == "pd_submissions"), None)
    if not check(who is not None, "no table of the PDs' reports"):
        return finish("pd")
    status = {r["cells"][0]["text"]: r["cells"][2]["text"] for r in who["rows"]}
    check(set(status) == pds, f"PDs listed {sorted(status)} != scheme {sorted(pds)}")
    reporter, imported_at = db.execute(
        "SELECT perangkat_daerah, diimpor_pada FROM pd_submissions").fetchone()
    check(status.get(reporter) == "Melapor, belum diverifikasi",
          f"{reporter}: status {status.get(reporter)!r}")
    check(all(v == "Belum melapor" for k, v in status.items() if k != reporter),
          f"other PDs: {sorted(set(v for k, v in status.items() if k != reporter))}")
    row = next(r for r in who["rows"] if r["cells"][0]["text"] == reporter)
    check(row["cells"][3]["text"] == imported_at, f"{reporter}: date {row['cells'][3]['text']!r}")
    check(f"1 dari {len(pds)} perangkat daerah" in body, "no count of the PDs that reported")

    # The consolidated totals per kab/kota: worked out from jitupasna_sector and the form.
    sys.path.insert(0, str(Path(args.source) / "scripts"))
    from fill_demo_forms import typed_rows
    typed = typed_rows(work / "returned" / PD_FORM)
    check(len(typed) == 2, f"{len(typed)} rows typed, want 2")
    want = dict(db.execute("SELECT admin_code, TOTAL(kerusakan_rp) FROM jitupasna_sector GROUP BY admin_code"))
    for (code, sub, _), row_ in typed.items():
        (estimate,) = db.execute("SELECT TOTAL(kerusakan_rp) FROM jitupasna_sector WHERE admin_code = ? "
                                 "AND sub_sektor = ?", (code, sub)).fetchone()
        want[code] += row_["kerusakan_rp"] - estimate
    units = next((t for t in page.tables if t["attrs"].get("data-layer") == "rekap_konsolidasi_wilayah"), None)
    if check(units is not None, "no table of the consolidated totals per kab/kota"):
        fields = [h["attrs"].get("data-field") for h in units["headers"]]
        i = fields.index("kerusakan_rp")
        j = fields.index("sumber_data")
        seen = 0
        for r in units["rows"]:
            code = r["attrs"].get("data-code")
            if code not in want:
                continue
            seen += 1
            shown = parse_id(r["cells"][i]["text"])
            check(shown and shown[0] == displayed(want[code], "juta"),
                  f"consolidated {code}: shows {r['cells'][i]['text']}, want {want[code]}")
            typed_here = any(c == code for c, _, _ in typed)
            check((r["attrs"].get("class") == "pd") == typed_here, f"consolidated {code}: PD marking")
            check(r["cells"][j]["text"] == ("sebagian PD" if typed_here else "estimasi"),
                  f"consolidated {code}: sumber {r['cells'][j]['text']!r}")
        check(seen > 0, "no kab/kota in the consolidated table")
    # The PD figures listed with their PD and date.
    listed = next((t for t in page.tables if t["attrs"].get("data-layer") == "rekap_konsolidasi"), None)
    if check(listed is not None, "no table of the PD-reported figures"):
        fields = [h["attrs"].get("data-field") for h in listed["headers"]]
        rows = [{f: c["text"] for f, c in zip(fields, r["cells"])} for r in listed["rows"]]
        check(len(rows) == len(typed), f"{len(rows)} PD rows listed, {len(typed)} typed")
        for r in rows:
            check(r["perangkat_daerah"] == reporter and r["tanggal_laporan"] == imported_at,
                  f"PD row {r}: PD or date wrong")
    return finish("pd")


def cmd_html(args):
    work = Path(args.work)
    result = check_report(work / "damage.html", work / "damage.gpkg", "damage", maps=4)
    if result is None:
        return finish("html")
    page, db, info, body = result
    text = (work / "damage.html").read_text(encoding="utf-8")
    # The headline figures are the GeoPackage's sums, in Rupiah.
    cards = {c["attrs"].get("data-field"): c["value"].strip() for c in page.cards}
    for field in ("kerusakan_rp", "kerugian_rp", "kebutuhan_rp"):
        expected = "Rp " + id_number(total_of(db, "admin_summary", field))
        check(cards.get(field) == expected, f"headline {field}: {cards.get(field)!r}, expected {expected!r}")
    # The footer says how the tables show Rupiah: in juta, as every such column's header says,
    # not "to the nearest rupiah".
    footer = re.search(r"<footer>(.*?)</footer>", text, re.S).group(1)
    check("Rp juta" in footer and "juta terdekat" in footer,
          f"footer does not say the tables show Rp juta: {footer!r}")
    juta = [h["text"] for t in page.tables for h in t["headers"] if h["attrs"].get("data-round") == "juta"]
    check(juta and all("(Rp juta)" in h for h in juta), f"Rupiah columns in juta headed {juta}")
    # Every layer of the recap is shown in a table.
    shown = {t["attrs"].get("data-layer") for t in page.tables}
    for layer in ("admin_summary", "jitupasna_sector", "jitupasna_cluster", "population_needs"):
        check(layer in shown, f"no table from {layer}")
    # The clusters with their lead Perangkat Daerah.
    for cluster, lead in db.execute("SELECT DISTINCT klaster, pengampu FROM jitupasna_cluster"):
        check(cluster in body and lead in body, f"cluster {cluster} / {lead} is missing")
    # Minimum needs: a column per need.
    needs = [t for t in page.tables if t["attrs"].get("data-layer") == "population_needs"]
    fields = {h["attrs"].get("data-field") for t in needs for h in t["headers"]}
    check({"beras_kg_per_minggu", "air_bersih_liter_per_minggu", "jamban_unit_per_sekali"} <= fields,
          f"minimum needs columns missing: {sorted(f for f in fields if f)}")
    check("Beras (kg per minggu)" in body, "need 'Beras (kg per minggu)' is not titled")
    # Maps: the hazard, houses RB, kerusakan, priority; each with its own classes.
    ids = [m["attrs"].get("id") for m in page.maps]
    check(ids == ["peta-bahaya", "peta-rumah-rb", "peta-kerusakan", "peta-prioritas"], f"maps {ids}")
    houses = dict(db.execute("SELECT admin_code, TOTAL(rusak_berat) FROM jitupasna_sector "
                             "WHERE sub_sektor = 'perumahan' GROUP BY admin_code"))
    first = page.maps[1]
    for (name_, code) in db.execute("SELECT admin_name, admin_code FROM admin_summary"):
        title = next(p["title"] for p in first["paths"] if p["title"].startswith(name_ + ":"))
        check(title == f"{name_}: {id_number(houses.get(code, 0))}",
              f"houses RB map tooltip {title!r}, GeoPackage {houses.get(code, 0)}")
    ranks = page.maps[3]["legend_text"]
    check("Peringkat 1" in ranks, f"priority legend {ranks!r}")
    # Assumptions and their sources.
    check(info["damage.defaults_file"] in body, "the defaults file is not named")
    for source in ("ASUMSI", "Perka BNPB 7/2008", "Permen PU", "JRC", "308 Tahun 2024",
                   "stimulan BNPB", "waiting_allowance_months", "households_per_house"):
        check(source in body, f"assumptions: {source!r} is missing")
    check("ASSUMPTION for the demo" in text or "ASUMSI: For the demo" in body or
          "replacement cost per m2" in body, "the scenario's own ASSUMPTION is not shown")
    check("cluster_scheme" in body and "banten" in body, "the scenario's cluster_scheme is not shown")
    # Numbers are Indonesian ('.' between thousands, decimal comma) in every numeric cell.
    numbers = 0
    for t in page.tables:
        numeric = [i for i, h in enumerate(t["headers"]) if "n" in (h["attrs"].get("class") or "").split()]
        for row in t["rows"] + ([{"cells": t["foot"]}] if t["foot"] else []):
            for i in numeric:
                text = row["cells"][i]["text"]
                try:
                    parse_id(text)
                    numbers += 1
                except ValueError:
                    check(False, f"not an Indonesian number: {text!r} in '{t['caption']}'")
    check(numbers > 300, f"only {numbers} numbers in the tables")
    return finish("html")


def cmd_plain(args):
    work = Path(args.work)
    result = check_report(work / "plain.html", work / "plain.gpkg", "plain", maps=2)
    if result is None:
        return finish("plain")
    page, db, info, body = result
    shown = {t["attrs"].get("data-layer") for t in page.tables}
    check("jitupasna_sector" not in shown and "jitupasna_cluster" not in shown,
          "the plain demo shows recap tables")
    # Exposure counts per class: one table per exposure, every class column totalled.
    for exposure in ("bangunan", "fasilitas"):
        fields = {h["attrs"].get("data-field") for t in page.tables for h in t["headers"]}
        for cls in ("tinggi", "sedang", "rendah", "not_affected", "not_exposed", "affected", "total"):
            check(f"{exposure}_{cls}" in fields, f"plain: no column {exposure}_{cls}")
    check(page.maps[0]["attrs"].get("id") == "peta-bahaya", "plain: the first map is not the hazard")
    check(page.maps[1]["attrs"].get("id") == "peta-terdampak", "plain: the map is not the affected count")
    affected = dict(db.execute("SELECT admin_name, bangunan_affected FROM admin_summary"))
    for p in page.maps[1]["paths"]:
        unit, value = p["title"].rsplit(": ", 1)
        check(parse_id(value)[0] == affected[unit], f"plain map tooltip {p['title']!r}")
    check("Tidak terpapar" in body and "Tidak terdampak" in body, "plain: class names not in Indonesian")
    return finish("plain")


def cmd_sublevel(args):
    work = Path(args.work)
    result = check_report(work / "sub.html", work / "sub.gpkg", "sub", maps=4)
    if result is None:
        return finish("sublevel")
    page, db, info, body = result
    sub = [t for t in page.tables if t["attrs"].get("data-layer") == "admin_summary_kecamatan"]
    check(len(sub) == 1 and sub[0]["foot"] is not None, "sub: no totalled kecamatan table")
    check("Kecamatan" in body, "sub: the sublevel is not named")
    return finish("sublevel")


def cmd_synthetic(args):
    work = Path(args.work)
    result = check_report(work / "synthetic.html", work / "synthetic.gpkg", "synthetic", maps=4)
    if result is None:
        return finish("synthetic")
    page, db, info, body = result
    # Expected (fractional) numbers keep their decimals; km and ha are shown.
    check("(km)" in body and "(ha)" in body, "synthetic: road km / area ha not shown")
    check(re.search(r"\b1,3\b", " ".join(page.maps[1]["legend_text"].split())) is not None,
          f"synthetic: houses RB 1.3 not in the legend: {page.maps[1]['legend_text']!r}")
    # Roads damaged per unit in km with two decimals, not rounded up as a count of units.
    # By hand (synthetic-damage.yaml): the road's pieces in A are 50.020 m at 1 m and 100.040 m
    # at 2 m, in B 50.020 m at 7 m, all rusak berat: A 0.15006 km, B 0.05002 km, 0.20008 in all
    # (shown 1, 1 and 1 when read as units).
    roads = [t for t in page.tables if "Jalan rusak per" in t["caption"]]
    if check(len(roads) == 1, f"synthetic: {len(roads)} road damage tables"):
        road = roads[0]
        check("(km, nilai harapan)" in road["caption"] and "unit" not in road["caption"],
              f"synthetic: road damage caption {road['caption']!r}")
        fields = [h["attrs"].get("data-field") for h in road["headers"]]
        if check("jalan_rusak_berat_km" in fields, f"synthetic: road table columns {fields}"):
            i = fields.index("jalan_rusak_berat_km")
            shown = {r["attrs"].get("data-code"): r["cells"][i]["text"] for r in road["rows"]}
            check(shown.get("A") == "0,15" and shown.get("B") == "0,05",
                  f"synthetic: roads rusak berat per unit {shown}, want A 0,15 and B 0,05 km")
            foot = road["foot"][i]["text"] if road["foot"] else None
            check(foot == "0,20", f"synthetic: roads rusak berat total {foot!r}, want 0,20 km")
    # A projected CRS: the scale bar is in metres here (the units are 300 m wide).
    check(" m" in page.maps[1]["scale_text"] and "km" not in page.maps[1]["scale_text"],
          f"synthetic: scale bar {page.maps[1]['scale_text']!r}")
    return finish("synthetic")


def cmd_wide(args):
    """A national-style admin layer: the maps zoom to the units with values and the long
    tables leave out the all-zero rows; their totals still equal the GeoPackage's."""
    work = Path(args.work)
    html_path, gpkg = work / "wide.html", work / "wide.gpkg"
    if not check(html_path.exists(), "wide: no report"):
        return finish("wide")
    page = read_page(html_path)
    db = sqlite3.connect(gpkg)
    text = html_path.read_text(encoding="utf-8")
    check_self_contained(text, "wide")
    totals, rows = check_tables(page, db, "wide")
    print(f"wide: {totals} totals and {rows} unit values equal the GeoPackage's")
    check(totals >= 20, f"wide: only {totals} totals checked")
    units = db.execute("SELECT COUNT(*) FROM admin_summary").fetchone()[0]
    check(units == 64, f"wide: {units} units")
    maps = [m for m in page.maps if "map" in (m["attrs"].get("class") or "").split()]
    check(len(maps) == 4, f"wide: {len(maps)} maps")
    for m in maps:
        titles = " ".join(p["title"] for p in m["paths"])
        check(len(m["paths"]) < 20, f"wide: map {m['attrs'].get('id')} draws {len(m['paths'])} units: not zoomed")
        for unit in DEMO_UNITS[:3]:
            check(unit in titles, f"wide: map {m['attrs'].get('id')} does not draw {unit}")
        check(m["groups"].get("scale-bar") and re.search(r"\d+ k?m\b", m["scale_text"]),
              "wide: no scale bar")
    body = " ".join(" ".join(page.text).split())
    check("Peta diperbesar" in body, "wide: the captions do not say the maps are zoomed")
    recap = next(t for t in page.tables if t["attrs"].get("data-layer") == "admin_summary")
    shown = [r["attrs"].get("data-code") for r in recap["rows"] if r["attrs"].get("data-code")]
    check(sorted(shown) == ["99.01", "99.02", "99.03"], f"wide: recap rows {shown}")
    check("61 baris yang semua nilainya nol tidak ditampilkan satu per satu" in body,
          "wide: the note on hidden rows is missing")
    return finish("wide")


# --- Chromium -----------------------------------------------------------------------------

def chromium_command():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def render(html_path, out_dir, tag):
    """Prints the page to PDF and takes a screenshot; returns (pdf, png)."""
    browser = chromium_command()
    profile = tempfile.mkdtemp(prefix="jitupasna-chromium-")
    env = dict(os.environ, HOME=profile, XDG_CONFIG_HOME=profile, XDG_CACHE_HOME=profile)
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-extensions", "--hide-scrollbars",
              f"--user-data-dir={profile}"]
    url = Path(html_path).resolve().as_uri()
    pdf, png = out_dir / f"{tag}.pdf", out_dir / f"{tag}.png"
    try:
        for target in (["--no-pdf-header-footer", f"--print-to-pdf={pdf}"],
                       ["--window-size=1200,3000", f"--screenshot={png}"]):
            r = run(common + target + [url], env=env, timeout=180)
            if r.returncode != 0:
                print(r.stdout, r.stderr)
            check(r.returncode == 0, f"chromium {target[-1]}: exit {r.returncode}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return pdf, png


def read_png(path):
    """(width, height, rows of RGB(A) bytes, channels) of an 8-bit, non-interlaced PNG."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6), f"unsupported PNG {header}"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows, channels


def colour_counts(width, rows, channels, step=2):
    counts = {}
    for row in rows[::step]:
        for x in range(0, width, step):
            rgb = row[x * channels:x * channels + 3]
            counts[rgb] = counts.get(rgb, 0) + 1
    return counts


def hex_rgb(colour):
    return bytes(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def map_pixels(counts, fills):
    palette = {hex_rgb(f) for f in fills if f and f.startswith("#")}
    return sum(n for rgb, n in counts.items() if rgb in palette)


def read_ppm_pages(pdf, resolution=30):
    """Pages of a PDF as (width, height, RGB bytes) via pdftoppm."""
    out = Path(tempfile.mkdtemp(prefix="jitupasna-ppm-"))
    try:
        r = run(["pdftoppm", "-r", resolution, pdf, out / "page"])
        check(r.returncode == 0, f"pdftoppm {pdf}: exit {r.returncode} {r.stderr}")
        pages = []
        for path in sorted(out.glob("page*.ppm")):
            data = path.read_bytes()
            parts = data.split(maxsplit=4)
            assert parts[0] == b"P6"
            pages.append((int(parts[1]), int(parts[2]), parts[4]))
        return pages
    finally:
        shutil.rmtree(out, ignore_errors=True)


def check_printed(html_path, gpkg, units, out, tag):
    """Prints the report with Chromium and checks the PDF and a screenshot against the
    GeoPackage: A4, the unit names, the totals, and maps drawn in their colours."""
    db = sqlite3.connect(gpkg)
    page = read_page(html_path)
    pdf, png = render(html_path, out, tag)
    if not check(pdf.exists() and pdf.stat().st_size > 10000, f"{tag}: no PDF printed ({pdf})"):
        return
    # The PDF: A4, several pages, the kabupaten names and the totals as the report writes them.
    info = run(["pdfinfo", pdf]).stdout
    check(re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts|Page size:.*\(A4\)", info) is not None,
          f"{tag}: the PDF is not A4: {info}")
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    check(pages >= 3, f"{tag}: the PDF has {pages} pages")
    text = run(["pdftotext", pdf, "-"]).stdout
    flat = " ".join(text.split())
    for unit in units:
        check(unit in flat, f"{tag}: the PDF does not name {unit}")
    kerusakan = total_of(db, "admin_summary", "kerusakan_rp")
    for field in ("kerusakan_rp", "kerugian_rp", "kebutuhan_rp"):
        total = id_number(total_of(db, "admin_summary", field))
        check("Rp " + total in flat, f"{tag}: the PDF does not show the total {field} Rp {total}")
        # The tables show Rupiah in juta, rounded after summing.
        juta = id_number(displayed(total_of(db, "admin_summary", field), "juta"))
        check(flat.count(juta) >= 2, f"{tag}: the total {field} {juta} juta is not in the tables of the PDF")
    rb = id_number(displayed(total_of(db, "jitupasna_sector", "rusak_berat"), "up"))
    check(rb in flat, f"{tag}: the PDF does not show the total rusak berat {rb}")
    pengungsi = id_number(displayed(total_of(db, "population_needs", "pengungsi"), "people"))
    check(pengungsi in flat, f"{tag}: the PDF does not show the total pengungsi {pengungsi}")
    for word in ("Peta 1", "Peta 2", "Peta 3", "Jumlah", "Asumsi dan sumber", "Beras"):
        check(word in flat, f"{tag}: the PDF does not contain {word!r}")
    print(f"{tag} PDF: {pages} pages, total kerusakan Rp {id_number(kerusakan)}")
    # The printed pages are not blank and the maps are drawn in their colours.
    fills = [f for m in page.maps for f in m["fills"]]
    palette = {hex_rgb(f) for f in fills if f and f.startswith("#")}
    coloured = 0
    for i, (w, h, rgb) in enumerate(read_ppm_pages(pdf)):
        distinct = {rgb[j:j + 3] for j in range(0, len(rgb), 3 * 7)}
        check(len(distinct) > 3, f"{tag}: PDF page {i + 1} is blank")
        coloured += sum(1 for j in range(0, len(rgb), 3) if rgb[j:j + 3] in palette)
    check(coloured > 5000, f"{tag}: the printed maps show only {coloured} pixels in the map colours")
    # The screenshot: not blank, with the first map's colours.
    if check(png.exists(), f"{tag}: no screenshot"):
        width, height, rows, channels = read_png(png)
        counts = colour_counts(width, rows, channels)
        check(len(counts) > 50, f"{tag}: the screenshot has {len(counts)} colours: blank?")
        white = counts.get(b"\xff\xff\xff", 0) / max(1, sum(counts.values()))
        check(white < 0.97, f"{tag}: the screenshot is {white:.0%} white")
        pixels = map_pixels(counts, fills)
        check(pixels > 2000, f"{tag}: the screenshot shows {pixels} sampled pixels in the map colours")
        print(f"{tag} screenshot {width}x{height}: {len(counts)} colours, {pixels} map pixels")


def missing_print_tools():
    missing = [tool for tool in ("pdftotext", "pdftoppm", "pdfinfo") if not shutil.which(tool)]
    if not chromium_command():
        missing.insert(0, "chromium")
    if missing:
        print(f"SKIP: {', '.join(missing)} not installed (scripts/setup --with-clients)")
    return missing


def cmd_chromium(args):
    if missing_print_tools():
        return SKIP
    work = Path(args.work)
    out = work / "chromium"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    check_printed(work / "damage.html", work / "damage.gpkg", DEMO_UNITS, out, "damage")
    if (out / "damage.pdf").exists():
        flat = " ".join(run(["pdftotext", out / "damage.pdf", "-"]).stdout.split())
        check("Dinas PUPR" in flat, "the PDF does not name the lead agency Dinas PUPR")
    # The plain demo prints too.
    pdf2, _ = render(work / "plain.html", out, "plain")
    flat2 = " ".join(run(["pdftotext", pdf2, "-"]).stdout.split())
    for unit in DEMO_UNITS:
        check(unit in flat2, f"the plain PDF does not name {unit}")
    db2 = sqlite3.connect(work / "plain.gpkg")
    affected = id_number(total_of(db2, "admin_summary", "bangunan_affected"))
    check(affected in flat2, f"the plain PDF does not show the affected total {affected}")
    return finish("chromium")


def add_gpkg_functions(db):
    """The SpatiaLite-style functions the GeoPackage's R-tree triggers call on an update."""
    def envelope(blob):
        if blob is None or blob[:2] != b"GP":
            return None
        flags = blob[3]
        order = "<" if flags & 1 else ">"
        if (flags >> 1) & 7 == 0:
            return None
        return struct.unpack(order + "4d", blob[8:40])  # minx, maxx, miny, maxy
    db.create_function("ST_IsEmpty", 1, lambda g: 1 if g is None or (g[3] >> 4) & 1 else 0)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        db.create_function(name, 1, lambda g, i=i: (envelope(g) or (None,) * 4)[i])


def cmd_standalone(args):
    work = Path(args.work)
    here = work / "standalone"
    shutil.rmtree(here, ignore_errors=True)
    here.mkdir(parents=True)
    gpkg = here / "damage.gpkg"
    shutil.copy(work / "damage.gpkg", gpkg)
    out = here / "laporan.html"
    r = run([args.binary, "report", gpkg, "-o", out])
    check(r.returncode == 0, f"report: exit {r.returncode}: {r.stderr}")
    check_report(out, gpkg, "standalone", maps=4)
    # The same page as `run` wrote, but for the file's name.
    ours = out.read_text(encoding="utf-8").replace(str(gpkg), "GPKG")
    theirs = (work / "damage.html").read_text(encoding="utf-8").replace(str(work / "damage.gpkg"), "GPKG")
    check(ours == theirs, "report and run write different pages for the same GeoPackage")

    # An existing report is kept unless --overwrite.
    before = out.read_bytes()
    out.write_text("keep me")
    r = run([args.binary, "report", gpkg, "-o", out])
    check(r.returncode == 2, f"report over an existing file: exit {r.returncode}, expected 2")
    check(str(out) in r.stderr and "--overwrite" in r.stderr, f"refusal does not name the file: {r.stderr}")
    check(out.read_text() == "keep me", "the existing report was changed")
    r = run([args.binary, "report", gpkg, "-o", out, "--overwrite"])
    check(r.returncode == 0 and out.read_bytes() == before, f"--overwrite: exit {r.returncode} {r.stderr}")

    # Not a jitupasna output: a plain GeoPackage, a text file.
    for bad, why in ((work / "data" / "kabupaten.gpkg", "not a jitupasna output"),
                     (here / "text.gpkg", "cannot open")):
        if bad.name == "text.gpkg":
            bad.write_text("not a database\n")
        target = here / f"{bad.stem}.html"
        r = run([args.binary, "report", bad, "-o", target])
        check(r.returncode == 1, f"report on {bad.name}: exit {r.returncode}, expected 1")
        check(str(bad) in r.stderr and why in r.stderr, f"report on {bad.name}: message {r.stderr!r}")
        check(not target.exists(), f"report on {bad.name} left {target.name}")
    # The report never replaces the GeoPackage it reads.
    r = run([args.binary, "report", gpkg, "-o", gpkg, "--overwrite"])
    check(r.returncode != 0 and sqlite3.connect(gpkg).execute("SELECT COUNT(*) FROM run_info").fetchone()[0] > 0,
          f"report -o its own GeoPackage: exit {r.returncode}")
    leftovers = [p.name for p in here.iterdir() if ".partial-" in p.name]
    check(not leftovers, f"temporary files left behind: {leftovers}")

    # Text from the GeoPackage is escaped.
    tricky = here / "tricky.gpkg"
    shutil.copy(work / "damage.gpkg", tricky)
    db = sqlite3.connect(tricky)
    add_gpkg_functions(db)
    db.execute("UPDATE admin_summary SET admin_name = 'Kota <b>Uji</b> & \"Co\"' WHERE admin_code = '99.71'")
    db.execute("UPDATE run_info SET value = '<script>alert(1)</script> Banjir' WHERE key = 'scenario_name'")
    db.commit()
    db.close()
    r = run([args.binary, "report", tricky, "-o", here / "tricky.html"])
    check(r.returncode == 0, f"report on tricky names: exit {r.returncode} {r.stderr}")
    text = (here / "tricky.html").read_text(encoding="utf-8")
    check("<script>" not in text and "<b>Uji</b>" not in text, "text from the GeoPackage is not escaped")
    check("Kota &lt;b&gt;Uji&lt;/b&gt; &amp; &quot;Co&quot;" in text, "escaped unit name not found")
    body = " ".join(read_page(here / "tricky.html").text)
    check('Kota <b>Uji</b> & "Co"' in body, "the unit name does not read back as written")

    # `run --no-report` writes no report; `run` writes OUT.html.
    data = work / "data"
    r = run([args.binary, "run", data / "demo.yaml", "-o", here / "nr.gpkg", "--no-report", "-q"])
    check(r.returncode == 0 and not (here / "nr.html").exists(), "run --no-report wrote a report")
    r = run([args.binary, "report", here / "nr.gpkg", "-o", here / "nr.html"])
    check(r.returncode == 0 and (here / "nr.html").exists(), f"report after --no-report: {r.stderr}")
    return finish("standalone")


def cmd_examples(args):
    """The real Jakarta and Banten examples (clients.examples.setup ran them): each report
    has the GeoPackage's totals in its tables and maps, and prints in Chromium."""
    work = Path(args.work)
    names = [p.stem for p in sorted(work.glob("*.gpkg"))]
    if not names:
        print(f"SKIP: no example outputs in {work} (the real data in ../shared/data is absent)")
        return SKIP
    if missing_print_tools():
        return SKIP
    for name in names:
        result = check_report(work / f"{name}.html", work / f"{name}.gpkg", name, maps=4)
        if result is None:
            continue
        _, db, _, _ = result
        units = [u for (u,) in db.execute(listed_units_query(db))]
        check_printed(work / f"{name}.html", work / f"{name}.gpkg", units, work, name)
    return finish("examples")


# --- The national example ------------------------------------------------------------------

NATIONAL = "padang-2009-national"
BANTEN = "banten-lembang-damage"
MM = 96 / 25.4  # CSS px per mm
# The width a table prints in: A4 (210 x 297 mm) less the margins of report.css's @page rules.
PORTRAIT_MM, LANDSCAPE_MM = 210 - 13 - 13, 297 - 12 - 12

MEASURE_SCRIPT = r"""
<script>
(function () {
  const out = {maps: [], tables: []};
  for (const svg of document.querySelectorAll('svg.map')) {
    const vb = svg.viewBox.baseVal;
    const frame = svg.querySelector('rect.frame').getBBox();
    const m = {id: svg.id, width: vb.width, height: vb.height, cut: [], overlaps: [], outside: [],
               labels: 0};
    for (const t of svg.querySelectorAll('g.legend text, g.scale-bar text, g.north-arrow text')) {
      const b = t.getBBox();
      if (b.x < -0.5 || b.x + b.width > vb.width + 0.5 || b.y < -0.5 || b.y + b.height > vb.height + 0.5)
        m.cut.push(t.textContent);
    }
    const boxes = [...svg.querySelectorAll('g.labels text')].map(t => [t.getBBox(), t.textContent]);
    m.labels = boxes.length;
    for (const [b, text] of boxes)
      if (b.x < frame.x - 0.5 || b.x + b.width > frame.x + frame.width + 0.5 ||
          b.y < frame.y - 0.5 || b.y + b.height > frame.y + frame.height + 0.5)
        m.outside.push(text);
    for (let i = 0; i < boxes.length; ++i)
      for (let j = i + 1; j < boxes.length; ++j) {
        const a = boxes[i][0], b = boxes[j][0];
        if (a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 &&
            a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5)
          m.overlaps.push([boxes[i][1], boxes[j][1]]);
      }
    out.maps.push(m);
  }
  // The narrowest each table can be (a table never shrinks below its content).
  for (const table of document.querySelectorAll('table')) {
    table.style.width = '1px';
    out.tables.push({id: table.id, landscape: getComputedStyle(table).page === 'landscape',
                     caption: table.caption ? table.caption.textContent : '',
                     min_width: table.getBoundingClientRect().width});
  }
  document.body.innerHTML = '';
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def measure_in_chromium(html_path, out_dir):
    """Loads a copy of the page in headless Chromium with the print rules applied to the
    screen (so that the layout is the printed one) and a script that measures the maps' texts
    and the tables' least widths; returns what it measured."""
    import json
    text = Path(html_path).read_text(encoding="utf-8")
    text = text.replace("@media print {", "@media all {").replace("@media screen {", "@media not all {")
    text = text.replace("</body>", MEASURE_SCRIPT + "</body>")
    copy = out_dir / (Path(html_path).stem + "-measure.html")
    copy.write_text(text, encoding="utf-8")
    profile = tempfile.mkdtemp(prefix="jitupasna-chromium-")
    env = dict(os.environ, HOME=profile, XDG_CONFIG_HOME=profile, XDG_CACHE_HOME=profile)
    try:
        r = run([chromium_command(), "--headless", "--no-sandbox", "--disable-gpu",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}",
                 "--window-size=1200,3000", "--dump-dom", copy.resolve().as_uri()],
                env=env, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    found = re.search(r'<pre id="measured">(.*?)</pre>', r.stdout, re.S)
    if not check(found is not None, f"{html_path}: chromium measured nothing: {r.stderr[-500:]}"):
        return None
    return json.loads(html.unescape(found.group(1)))


def pdf_words(pdf):
    """Every word of a PDF with its page's size and its box (pdftotext -bbox)."""
    r = run(["pdftotext", "-bbox", pdf, "-"])
    words, page = [], None
    for line in r.stdout.splitlines():
        m = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line)
        if m:
            page = (float(m.group(1)), float(m.group(2)))
            continue
        m = re.search(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*)</word>', line)
        if m and page:
            words.append((page, *map(float, m.groups()[:4]), html.unescape(m.group(5))))
    return words


def check_example_page(name, html_path, gpkg, scenario_text, out):
    text = Path(html_path).read_text(encoding="utf-8")
    page = read_page(html_path)
    db = sqlite3.connect(gpkg)
    body = " ".join(" ".join(page.text).split())
    check_self_contained(text, name)
    totals, _ = check_tables(page, db, name)
    check(totals >= 5, f"{name}: only {totals} totals checked")
    info = dict(db.execute("SELECT key, value FROM run_info"))
    maps = [m for m in page.maps if "map" in (m["attrs"].get("class") or "").split()]
    sizes = {m["attrs"]["id"]: len(re.search(r'<svg class="map" id="%s".*?</svg>' % m["attrs"]["id"], text, re.S).group(0).encode())
             for m in maps}
    print(f"{name}: HTML {len(text.encode()) / 1024:.0f} KiB; maps " +
          ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items()))
    for mid, size in sizes.items():
        check(size < 400 * 1024, f"{name}: map {mid} is {size / 1024:.0f} KiB (over 400 KiB)")
    check(len(text.encode()) < 3 * 1024 * 1024, f"{name}: the page is {len(text.encode()) / 1024:.0f} KiB")

    # Maps: a hazard map first; every legend's labels differ and read as numbers above zero.
    ids = [m["attrs"].get("id") for m in maps]
    check(ids and ids[0] == "peta-bahaya", f"{name}: maps {ids}, expected the hazard map first")
    for m in maps:
        rects = m["legend_rects"]
        svg = re.search(r'<svg class="map" id="%s".*?</svg>' % m["attrs"]["id"], text, re.S).group(0)
        legend = re.search(r'<g class="legend">.*?</g>', svg, re.S).group(0)
        labels = re.findall(r'<rect [^>]*/><text [^>]*>([^<]*)</text>', legend)
        check(len(labels) == rects, f"{name}: map {m['attrs']['id']}: {rects} swatches, {len(labels)} labels")
        check(len(set(labels)) == len(labels), f"{name}: map {m['attrs']['id']}: legend labels repeat: {labels}")
        for label in labels:
            check(not re.fullmatch(r"0,0+( – 0,0+)?", html.unescape(label)),
                  f"{name}: map {m['attrs']['id']}: legend class {label!r}")
    hazard = maps[0] if maps else None
    if hazard is not None:
        legend = hazard["legend_text"]
        for label in ("Tinggi", "Sedang", "Rendah"):
            check(label in legend, f"{name}: the hazard map's legend lacks {label}: {legend!r}")
        # A unit's tooltip gives the shares; its colour is its dominant class.
        share = re.compile(r": .*\d+ % dari penduduk$")
        check(all(share.search(p["title"]) or p["title"].endswith("tanpa penduduk")
                  for p in hazard["paths"]), f"{name}: hazard tooltips without shares")

    # Bahasa Indonesia: not the scenario's header, not the defaults' English sources, no
    # vulnerability function or cluster scheme the run did not use.
    header = []
    for line in scenario_text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("# ").strip())
    for line in header:
        if len(line) > 12:
            check(line not in body, f"{name}: the scenario's header is in the report: {line!r}")
    for english in ("Money, in Rupiah", "BNPB stimulant aid", "Named vulnerability functions",
                    "months until permanent housing", "Recovery priority per admin unit"):
        check(english not in body, f"{name}: English text of the defaults in the report: {english!r}")
    check("jrc_asia" not in body, f"{name}: the flood curves of the defaults are listed in an earthquake run")
    scheme = info.get("damage.cluster_scheme")
    for other in ("nasional", "banten"):
        if other != scheme:
            check(f"clusters.{other}" not in body, f"{name}: the unused cluster scheme {other} is listed")
    check(f"clusters.{scheme}" in body, f"{name}: the cluster scheme {scheme} is not listed")
    # The assumption is under the key it annotates.
    rows = [t for t in page.tables if "Nilai dari berkas skenario" in t["caption"]]
    if check(rows, f"{name}: no table of the scenario's values"):
        by_key = {r["cells"][0]["text"]: r["cells"][2]["text"] for r in rows[0]["rows"]}
        check("ASUMSI" in by_key.get("people.displacement_rates", ""),
              f"{name}: people.displacement_rates is not marked ASUMSI: {by_key}")
        check(not any("ASUMSI" in v for k, v in by_key.items() if k in ("version", "name", "people")),
              f"{name}: an assumption is shown under another key: {by_key}")
    # Every input, the joined CSV included, in Data masukan and run_info.
    joined = [v for k, v in info.items() if k.endswith(".join.path")]
    check(joined and all(v.endswith("penduduk_kabkota_2025.csv") for v in joined),
          f"{name}: run_info records no joined table: {sorted(k for k in info if 'join' in k)}")
    inputs = next((t for t in page.tables if t["caption"].strip() == "Data masukan"), None)
    if check(inputs is not None, f"{name}: no Data masukan table"):
        files = [r["cells"][1]["text"] for r in inputs["rows"]]
        for key in ("input.admin.path", "input.hazard.path", "damage.defaults_file", *(
                k for k in info if k.startswith("input.exposure.") and k.endswith(".path"))):
            check(info[key] in files, f"{name}: Data masukan lacks {key} = {info[key]}")

    # In Chromium: legends and scale bars inside the drawing, names apart and inside the frame,
    # every table narrow enough for the page it prints on.
    measured = measure_in_chromium(html_path, out)
    if measured:
        for m in measured["maps"]:
            check(not m["cut"], f"{name}: map {m['id']}: texts cut at the drawing's edge: {m['cut']}")
            check(not m["overlaps"], f"{name}: map {m['id']}: names overlap: {m['overlaps'][:5]}")
            check(not m["outside"], f"{name}: map {m['id']}: names outside the frame: {m['outside'][:5]}")
        for t in measured["tables"]:
            room = (LANDSCAPE_MM if t["landscape"] else PORTRAIT_MM) * MM
            check(t["min_width"] <= room + 0.5,
                  f"{name}: table {t['id']} '{t['caption'][:50]}' needs {t['min_width'] / MM:.0f} mm, "
                  f"its page has {room / MM:.0f} mm")
        print(f"{name}: {len(measured['maps'])} maps and {len(measured['tables'])} tables measured; "
              f"names drawn: {[m['labels'] for m in measured['maps']]}")
    # Printed: every word on its page, every table's last column header in the text.
    pdf, png = render(html_path, out, name)
    if check(pdf.exists(), f"{name}: no PDF"):
        words = pdf_words(pdf)
        off = [w for w in words if w[1] < -0.5 or w[3] > w[0][0] + 0.5]
        check(not off, f"{name}: {len(off)} words off the page, e.g. {[w[5] for w in off[:5]]}")
        flat = "".join(w[5] for w in words)
        for t in page.tables:
            if t["headers"]:
                last = "".join(t["headers"][-1]["text"].split())
                check(last in flat, f"{name}: table '{t['caption'].strip()[:40]}': its last column "
                                    f"{t['headers'][-1]['text']!r} is not in the PDF")
        pages = re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf]).stdout).group(1)
        print(f"{name}: PDF {pages} pages, {len(words)} words")


def cmd_national(args):
    """The national example (514 kabupaten/kota) and Banten, from data/scenarios."""
    shared, source = Path(args.shared), Path(args.source)
    needed = [shared / "admin" / "indonesia_kabkota.gpkg", shared / "admin" / "banten_kabkota.gpkg",
              shared / "admin" / "penduduk_kabkota_2025.csv", shared / "shakemap"]
    if not all(p.exists() for p in needed):
        print(f"SKIP: the real data ({', '.join(str(p) for p in needed if not p.exists())}) is absent")
        return SKIP
    if missing_print_tools():
        return SKIP
    out = Path(args.work) / "national"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in (NATIONAL, BANTEN):
        scenario = source / "data" / "scenarios" / f"{name}.yaml"
        r = run([args.binary, "run", scenario, "-o", out / f"{name}.gpkg", "-q"])
        if not check(r.returncode == 0, f"run {name}: exit {r.returncode}: {r.stderr[-800:]}"):
            continue
        check_example_page(name, out / f"{name}.html", out / f"{name}.gpkg", scenario.read_text(), out)
    return finish("national")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["setup", "html", "plain", "sublevel", "synthetic", "wide",
                                        "chromium", "standalone", "examples", "national", "pd"])
    ap.add_argument("--shared")
    ap.add_argument("--binary")
    ap.add_argument("--source")
    ap.add_argument("--demo")
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    return globals()[f"cmd_{args.command}"](args)


if __name__ == "__main__":
    sys.exit(main())

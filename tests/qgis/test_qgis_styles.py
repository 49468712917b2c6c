#!/usr/bin/python3
"""QGIS opens a jitupasna GeoPackage as a planner would: default styles, aliases, a map.

Runs the real binary on the synthetic demo with damage, and checks the outputs of the real
Jakarta and Banten examples (made by clients.examples.setup where ../shared/data exists):
  * with sqlite3: layer_styles (one default style per layer), gpkg_data_columns and the schema
    extension, gpkg_metadata (the run's provenance) and its reference, an R-tree spatial index
    on every layer with geometry, the SRS of every layer, descriptions, integrity;
  * with QGIS itself (python3-qgis, headless): the renderer and its attribute, the field
    aliases QGIS shows, the labels, the other styles stored beside the default one, and a
    render of admin_summary to a PNG that must not be blank.

Exit code 77 (skipped) with a message when QGIS is not installed.
"""

import argparse
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback
import xml.dom.minidom

FAILURES = []


def check(condition, message):
    if condition:
        print(f"  ok    {message}")
    else:
        print(f"  FAIL  {message}")
        FAILURES.append(message)
    return condition


def run_tool(binary, scenario, output, cwd=None):
    cmd = [binary, "run", scenario, "-o", output, "--overwrite", "--no-report", "-q"]
    print("$ " + " ".join(cmd), flush=True)
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout)
        print(result.stderr)
        raise SystemExit(f"jitupasna failed with exit code {result.returncode}")


# ---------------------------------------------------------------------------------------------
# The GeoPackage read with sqlite3 alone


def check_tables(gpkg, expected_srs, exposure="bangunan"):
    con = sqlite3.connect(gpkg)
    q = lambda sql, *args: con.execute(sql, args).fetchall()  # noqa: E731
    check(q("PRAGMA integrity_check") == [("ok",)], "integrity_check ok")
    check(q("PRAGMA foreign_key_check") == [], "foreign_key_check ok")

    contents = q("SELECT table_name, data_type, description FROM gpkg_contents")
    layers = [name for name, _, _ in contents if name != "layer_styles"]
    check(len(layers) >= 4, f"{len(layers)} layers: {', '.join(layers)}")
    missing = [name for name, _, desc in contents if not desc]
    check(not missing, f"every layer has a description (missing: {missing})")

    # layer_styles, as QGIS itself creates it, with exactly one default style per layer.
    columns = [row[1] for row in q("PRAGMA table_info(layer_styles)")]
    check(columns == ["id", "f_table_catalog", "f_table_schema", "f_table_name",
                      "f_geometry_column", "styleName", "styleQML", "styleSLD", "useAsDefault",
                      "description", "owner", "ui", "update_time"],
          "layer_styles has the QGIS schema")
    for name in layers:
        defaults = q("SELECT count(*) FROM layer_styles WHERE f_table_name = ? AND "
                     "useAsDefault", name)[0][0]
        check(defaults == 1, f"{name}: one default style ({defaults})")
    geometry = dict(q("SELECT table_name, column_name FROM gpkg_geometry_columns"))
    wrong = q("SELECT f_table_name, f_geometry_column FROM layer_styles")
    wrong = [(t, g) for t, g in wrong if g != geometry.get(t, "")]
    check(not wrong, f"f_geometry_column matches each layer's geometry column ({wrong})")
    bad_xml = []
    for name, style, qml in q("SELECT f_table_name, styleName, styleQML FROM layer_styles"):
        try:
            xml.dom.minidom.parseString(qml.split("\n", 1)[1])
        except Exception as e:  # noqa: BLE001
            bad_xml.append(f"{name}/{style}: {e}")
    check(not bad_xml, f"every styleQML is well-formed XML {bad_xml}")

    # gpkg_data_columns and the schema extension.
    extensions = q("SELECT table_name, column_name, extension_name, scope FROM gpkg_extensions")
    for table, ext in [("gpkg_data_columns", "gpkg_schema"),
                       ("gpkg_data_column_constraints", "gpkg_schema"),
                       ("gpkg_metadata", "gpkg_metadata"),
                       ("gpkg_metadata_reference", "gpkg_metadata")]:
        check((table, None, ext, "read-write") in extensions, f"extension {ext} on {table}")
    aliases = dict(((t, c), n) for t, c, n in
                   q("SELECT table_name, column_name, name FROM gpkg_data_columns"))
    for key, alias in [(("admin_summary", "admin_name"), "Nama Wilayah"),
                       (("admin_summary", f"{exposure}_rusak_berat"),
                        f"{exposure.title()} Rusak Berat"),
                       (("admin_summary", "kerusakan_rp"), "Nilai Kerusakan (Rp)"),
                       ((f"impact_{exposure}", "hazard_class"), "Kelas Bahaya"),
                       (("impact_summary", "damage_state"), "Tingkat Kerusakan"),
                       (("run_info", "key"), "Kunci")]:
        check(aliases.get(key) == alias, f"gpkg_data_columns {key}: {aliases.get(key)!r}")
    unknown = [key for key in aliases if key[0] not in layers]
    check(not unknown, f"gpkg_data_columns names only existing tables {unknown}")
    absent = [(t, c) for t, c in aliases if t in layers and
              c not in [row[1] for row in q(f'PRAGMA table_info("{t}")')]]
    check(not absent, f"gpkg_data_columns names only existing columns {absent}")

    # The run's provenance in gpkg_metadata, referenced for the whole GeoPackage.
    rows = q("SELECT m.id, m.md_scope, m.mime_type, m.metadata, r.reference_scope, r.table_name "
             "FROM gpkg_metadata m JOIN gpkg_metadata_reference r ON r.md_file_id = m.id "
             "WHERE m.mime_type = 'application/json'")
    if check(len(rows) == 1, "one provenance record in gpkg_metadata"):
        _, scope, _, text, ref_scope, ref_table = rows[0]
        check(scope == "dataset" and ref_scope == "geopackage" and ref_table is None,
              "provenance: md_scope dataset, reference_scope geopackage")
        info = json.loads(text)
        run_info = dict(q("SELECT key, value FROM run_info"))
        check(info.get("tool") == "jitupasna" and info.get("tool_version"),
              f"provenance names the tool and version {info.get('tool_version')}")
        check(bool(info.get("scenario_name")) and bool(info.get("scenario_file")),
              f"provenance names the scenario: {info.get('scenario_name')}")
        check(any(k.startswith("input.") for k in info), "provenance lists the inputs")
        same = {k: v for k, v in run_info.items() if k in info and info[k] == v}
        check(len(same) >= len(info) - 3, "provenance agrees with run_info")

    # A spatial index (R-tree) and the expected SRS on every layer with geometry.
    for table, column, srs in q("SELECT table_name, column_name, srs_id FROM "
                                "gpkg_geometry_columns"):
        rtree = f"rtree_{table}_{column}"
        registered = (table, column, "gpkg_rtree_index", "write-only") in extensions
        exists = q("SELECT count(*) FROM sqlite_master WHERE name = ?", rtree)[0][0] == 1
        if check(registered and exists, f"{table}: spatial index {rtree}"):
            indexed = q(f'SELECT count(*) FROM "{rtree}"')[0][0]
            geoms = q(f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL')[0][0]
            check(indexed >= geoms * 0.99 and indexed <= geoms,
                  f"{table}: {indexed} of {geoms} geometries indexed")
        org = q("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys "
                "WHERE srs_id = ?", srs)
        check(org == [expected_srs], f"{table}: SRS {org} (expected {expected_srs})")
    con.close()

    # GDAL's own GeoPackage validator, where installed (python3-gdal).
    try:
        import osgeo_utils.samples.validate_gpkg  # noqa: F401
    except ImportError:
        print("  (GDAL's validate_gpkg not installed: not run)")
        return
    result = subprocess.run([sys.executable, "-m", "osgeo_utils.samples.validate_gpkg", gpkg],
                            capture_output=True, text=True)
    check(result.returncode == 0,
          "GDAL's validate_gpkg accepts the GeoPackage "
          + (result.stdout + result.stderr).strip().splitlines()[-1:].__str__())


# ---------------------------------------------------------------------------------------------
# QGIS


def start_qgis():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="jitupasna-xdg-"))
    try:
        from qgis.core import QgsApplication
    except ImportError as e:
        print(f"SKIP: QGIS is not installed for /usr/bin/python3 ({e}); "
              "install Debian's python3-qgis to run this test")
        raise SystemExit(77)
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    return app


def open_layer(gpkg, name):
    from qgis.core import QgsVectorLayer
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    check(layer.isValid(), f"QGIS opens {name}")
    return layer


def alias(layer, field):
    return layer.attributeAlias(layer.fields().indexOf(field))


def check_aliases(layer, expected):
    for field, wanted in expected.items():
        got = alias(layer, field)
        check(got == wanted, f"{layer.name()}: QGIS shows {field} as {got!r}")


def stored_styles(layer):
    """Name -> id of the styles stored beside the layer (QGIS's own listing)."""
    # QGIS lists the layer's own styles first (count of them), then those of other layers.
    count, ids, names, _, error = layer.listStylesInDatabase()
    check(not error and count >= 1,
          f"{layer.name()}: QGIS lists {count} stored styles {names[:count]}")
    return dict(zip(names[:count], ids[:count]))


def apply_stored_style(layer, style_id):
    from qgis.PyQt.QtXml import QDomDocument
    qml, error = layer.getStyleFromDatabase(style_id)
    check(bool(qml) and not error, f"{layer.name()}: QGIS reads stored style {style_id} {error}")
    doc = QDomDocument()
    doc.setContent(qml)
    ok, error = layer.importNamedStyle(doc)
    check(ok, f"{layer.name()}: QGIS applies stored style {style_id} {error}")


def render(layer, png, width=600, height=400, min_pixels=1200):
    """Renders the layer alone; returns (colours covering at least min_pixels each, share of
    non-background pixels, share of dark (label) pixels)."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor(255, 255, 255))
    extent = layer.extent()
    extent.scale(1.05)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(png, "PNG")
    colours = {}
    for y in range(0, height):
        for x in range(0, width):
            rgb = image.pixel(x, y) & 0xFFFFFF
            colours[rgb] = colours.get(rgb, 0) + 1
    total = width * height
    background = colours.get(0xFFFFFF, 0)
    frequent = [c for c, n in colours.items() if c != 0xFFFFFF and n >= min_pixels]
    dark = sum(n for c, n in colours.items()
               if ((c >> 16) & 255) < 70 and ((c >> 8) & 255) < 70 and (c & 255) < 70)
    return len(frequent), 1 - background / total, dark / total


SOURCE_STYLE = "Sumber data (estimasi / PD)"
SOURCE_CATEGORIES = {"estimasi": "Estimasi model saja",
                     "sebagian PD": "Sebagian dilaporkan Perangkat Daerah",
                     "PD": "Dilaporkan Perangkat Daerah"}


def check_source_style(gpkg, layer, styles, out_png):
    """The stored style of sumber_data (where a unit's figures come from): QGIS applies it,
    categorised on sumber_data with the three values and Indonesian legend labels, and every
    unit (all 'estimasi' after a run) is drawn in the grey of estimasi."""
    if not check(SOURCE_STYLE in styles, f"admin_summary: a stored style {SOURCE_STYLE!r}"):
        return
    apply_stored_style(layer, styles[SOURCE_STYLE])
    r = layer.renderer()
    check(r.type() == "categorizedSymbol" and r.classAttribute() == "sumber_data",
          f"the source style is categorised on {r.classAttribute()!r}")
    labels = {c.value(): c.label() for c in r.categories()}
    check(labels == SOURCE_CATEGORIES, f"source style categories and legend {labels}")
    colours = {c.value(): c.symbol().color() for c in r.categories()}
    present = {f["sumber_data"] for f in layer.getFeatures()}
    check(present == {"estimasi"}, f"every unit rests on estimates after a run {present}")
    grey = colours.get("estimasi")
    _, share, _ = render(layer, out_png.replace(".png", "-sumber_data.png"))
    check(share > 0.05, f"source map drawn ({share:.0%})")
    check(grey is not None and grey.red() == grey.green() == grey.blue(),
          f"estimasi is grey {grey.name() if grey else None}")


def check_admin_summary(gpkg, headline, out_png, expected_aliases):
    from qgis.core import QgsWkbTypes
    layer = open_layer(gpkg, "admin_summary")
    renderer = layer.renderer()
    check(renderer.type() == "graduatedSymbol", f"admin_summary renderer {renderer.type()}")
    check(renderer.classAttribute() == headline,
          f"admin_summary choropleth of {renderer.classAttribute()}")
    ranges = renderer.ranges()
    # Several values: 2 to 5 classes; one value everywhere (no house rusak berat in any unit):
    # one class, never several that print alike.
    con = sqlite3.connect(gpkg)
    distinct = con.execute(f'SELECT COUNT(DISTINCT "{headline}") FROM admin_summary').fetchone()[0]
    con.close()
    low, high = (1, 1) if distinct == 1 else (2, 5)
    check(low <= len(ranges) <= high, f"admin_summary has {len(ranges)} classes "
          f"({distinct} distinct values): " + "; ".join(r.label() for r in ranges))
    colours = {r.symbol().color().name() for r in ranges}
    check(len(colours) == len(ranges), f"each class its own colour {sorted(colours)}")
    check(layer.labelsEnabled(), "admin_summary labels enabled")
    labeling = layer.labeling()
    check(labeling is not None and labeling.settings().fieldName == "admin_name",
          "admin_summary labelled with admin_name")
    check(layer.geometryType() == QgsWkbTypes.PolygonGeometry, "admin_summary is polygons")
    check(layer.crs().isValid(), f"admin_summary CRS {layer.crs().authid()}")
    check_aliases(layer, expected_aliases)
    styles = stored_styles(layer)
    if "Peringkat prioritas" in styles:
        apply_stored_style(layer, styles["Peringkat prioritas"])
        check(layer.renderer().type() == "graduatedSymbol" and
              layer.renderer().classAttribute() == "peringkat_prioritas",
              "the priority-rank style is a choropleth of peringkat_prioritas")
        layer = open_layer(gpkg, "admin_summary")  # back to the default style
    if "kerusakan_rp" in layer.fields().names():  # a run with a damage model
        check_aliases(layer, {"sumber_data": "Sumber Data"})
        check_source_style(gpkg, layer, styles, out_png)
        layer = open_layer(gpkg, "admin_summary")  # back to the default style
    distinct, share, dark = render(layer, out_png)
    print(f"  rendered {out_png}: {distinct} colours, {share:.0%} not background, "
          f"{dark:.2%} dark")
    check(distinct >= 3, f"admin_summary map shows several colours ({distinct})")
    check(share > 0.05, f"admin_summary map is not blank ({share:.0%} drawn)")
    check(dark > 0.0005, f"admin_summary map has labels ({dark:.2%} dark pixels)")


def check_impact(gpkg, name, hazard_classes, out_png, several_categories=True):
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils
    layer = open_layer(gpkg, name)
    renderer = layer.renderer()
    check(renderer.type() == "categorizedSymbol", f"{name} renderer {renderer.type()}")
    check(renderer.classAttribute() == "hazard_class",
          f"{name} categorised by {renderer.classAttribute()}")
    values = [c.value() for c in renderer.categories()]
    check(sorted(values) == sorted(hazard_classes), f"{name} categories {values}")
    colours = [c.symbol().color().name() for c in renderer.categories()]
    check(len(set(colours)) == len(colours), f"{name} colours distinct {colours}")
    present = {f["hazard_class"] for f in layer.getFeatures()}
    check(present <= set(values), f"{name}: every hazard_class value has a category {present}")
    check_aliases(layer, {"hazard_class": "Kelas Bahaya", "asset_type": "Jenis Aset",
                          "admin_name": "Nama Wilayah"})
    if "kerusakan_rp" in layer.fields().names():
        check_aliases(layer, {"kerusakan_rp": "Nilai Kerusakan (Rp)",
                              "rusak_berat": "Rusak Berat", "damage_ratio": "Rasio Kerusakan"})
        styles = stored_styles(layer)
        if check("Kategori kerusakan" in styles, f"{name}: a damage-category style"):
            apply_stored_style(layer, styles["Kategori kerusakan"])
            r = layer.renderer()
            check(r.type() == "categorizedSymbol", "damage-category style is categorised")
            expression = QgsExpression(r.classAttribute())
            check(not expression.hasParserError(),
                  f"damage-category expression parses {expression.parserErrorString()}")
            context = QgsExpressionContext()
            context.appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
            expression.prepare(context)
            known = {c.value() for c in r.categories()}
            seen = {}
            for feature in layer.getFeatures():
                context.setFeature(feature)
                value = expression.evaluate(context)
                seen[value] = seen.get(value, 0) + 1
            check(not expression.hasEvalError() and set(seen) <= known,
                  f"every asset falls in a damage category {seen}")
            if several_categories:
                check(len(seen) >= 2, "assets fall in more than one damage category")
            distinct, share, _ = render(layer, out_png.replace(".png", "-kerusakan.png"),
                                        min_pixels=20)
            check(distinct >= 2 and share > 0.001,
                  f"{name}: damage-category map drawn ({distinct} colours, {share:.1%})")
            layer = open_layer(gpkg, name)
    distinct, share, _ = render(layer, out_png, min_pixels=20)
    check(distinct >= 2 and share > 0.001, f"{name}: map drawn ({distinct} colours, {share:.1%})")


def check_table(gpkg):
    layer = open_layer(gpkg, "run_info")
    check_aliases(layer, {"key": "Kunci", "value": "Nilai"})
    layer = open_layer(gpkg, "impact_summary")
    check_aliases(layer, {"damage_state": "Tingkat Kerusakan", "count": "Jumlah",
                          "kerusakan_rp": "Nilai Kerusakan (Rp)", "exposure": "Paparan"})


# ---------------------------------------------------------------------------------------------


def demo(args):
    print("== demo with damage (synthetic data)")
    work = tempfile.mkdtemp(prefix="jitupasna-qgis-")
    try:
        for name in os.listdir(args.demo):
            shutil.copy(os.path.join(args.demo, name), work)
        shutil.copy(os.path.join(args.source, "data", "demo", "demo-damage.yaml"), work)
        gpkg = os.path.join(work, "demo-damage.gpkg")
        run_tool(args.binary, os.path.join(work, "demo-damage.yaml"), gpkg)
        check_tables(gpkg, ("EPSG", 4326))
        os.makedirs(args.out, exist_ok=True)
        check_admin_summary(gpkg, "bangunan_rusak_berat",
                            os.path.join(args.out, "demo-admin_summary.png"),
                            {"admin_code": "Kode Wilayah", "admin_name": "Nama Wilayah",
                             "bangunan_rusak_berat": "Bangunan Rusak Berat",
                             "bangunan_tinggi": "Bangunan: Kelas Tinggi",
                             "bangunan_affected": "Bangunan Terdampak",
                             "kerusakan_rp": "Nilai Kerusakan (Rp)",
                             "pengungsi": "Pengungsi (jiwa)",
                             "skor_prioritas": "Skor Prioritas Pemulihan"})
        check_impact(gpkg, "impact_bangunan",
                     ["tinggi", "sedang", "rendah", "not_affected", "not_exposed"],
                     os.path.join(args.out, "demo-impact_bangunan.png"))
        check_table(gpkg)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def examples(args):
    """The real Jakarta and national Padang examples, run by clients.examples.setup: both admin layers
    are EPSG:4326, both scenarios class the hazard as tinggi/sedang/rendah."""
    gpkgs = sorted(glob.glob(os.path.join(args.examples, "*.gpkg"))) if args.examples else []
    if not gpkgs:
        print(f"== examples: skipped, no outputs in {args.examples!r} (no real data)")
        return
    for gpkg in gpkgs:
        name = os.path.splitext(os.path.basename(gpkg))[0]
        print(f"== {name} (real data)")
        con = sqlite3.connect(gpkg)
        # The exposure of houses: the one with damage estimates in admin_summary.
        columns = [row[1] for row in con.execute("PRAGMA table_info(admin_summary)")]
        exposure = next(c[: -len("_rusak_berat")] for c in columns if c.endswith("_rusak_berat"))
        check_tables(gpkg, ("EPSG", 4326), exposure)
        check_admin_summary(gpkg, f"{exposure}_rusak_berat",
                            os.path.join(args.out, f"{name}-admin_summary.png"),
                            {"admin_name": "Nama Wilayah",
                             f"{exposure}_rusak_berat": f"{exposure.title()} Rusak Berat",
                             "kerusakan_rp": "Nilai Kerusakan (Rp)",
                             "peringkat_prioritas": "Peringkat Prioritas"})
        check_impact(gpkg, f"impact_{exposure}",
                     ["tinggi", "sedang", "rendah", "not_affected", "not_exposed"],
                     os.path.join(args.out, f"{name}-impact_{exposure}.png"),
                     # The national houses are counts per kabupaten: each polygon's modal
                     # category is tidak_rusak though thousands of its houses are damaged.
                     several_categories=not name.startswith("padang"))
        check_table(gpkg)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--demo", required=True, help="the generated demo data folder")
    parser.add_argument("--source", required=True, help="the source tree")
    parser.add_argument("--examples", default="",
                        help="outputs of the real examples (clients.examples.setup), if any")
    parser.add_argument("--out", required=True, help="where the rendered PNGs are kept")
    args = parser.parse_args()
    app = start_qgis()
    try:
        demo(args)
        examples(args)
    except SystemExit:
        raise
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        FAILURES.append("exception")
    finally:
        app.exitQgis()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed:")
        for failure in FAILURES:
            print(f"  - {failure}")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

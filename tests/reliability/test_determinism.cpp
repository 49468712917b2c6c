// Determinism and properties on the demo data: the thread count, a rerun and the ORDER of the
// input features do not change any summary table; totals are conserved over admin units and
// over a kecamatan -> kabupaten roll-up.

#include <algorithm>
#include <random>
#include <set>

#include "reliability/reliability_support.hpp"

using namespace jitupasna::test;
using namespace jitupasna::test::reliability;

namespace {

const std::vector<std::string> kSummaryTables = {"impact_summary", "admin_summary"};
const std::vector<std::string> kRecapTables = {
    "impact_summary", "admin_summary", "jitupasna_sector", "jitupasna_cluster", "population_needs"};

CommandResult run_ok(const fs::path& scenario, const fs::path& out,
                     std::vector<std::string> extra = {}) {
    extra.push_back("--no-report");
    return run_scenario(scenario, out, extra);
}

// Copies layer `layer` of `from` into `to` with its features in a shuffled order (fixed seed);
// FIDs are renumbered, so nothing but the order of the attributes and geometries is kept.
void write_shuffled(const fs::path& from, const fs::path& to, const std::string& layer_name,
                    unsigned seed) {
    Dataset in = open_vector(from);
    ASSERT_NE(in, nullptr) << from;
    OGRLayer* source = in->GetLayerByName(layer_name.c_str());
    ASSERT_NE(source, nullptr);
    std::vector<std::unique_ptr<OGRFeature>> features;
    for (auto& f : *source) features.emplace_back(f->Clone());
    std::mt19937 rng(seed);
    std::shuffle(features.begin(), features.end(), rng);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    Dataset out(driver->Create(to.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_NE(out, nullptr) << to;
    OGRLayer* target = out->CreateLayer(layer_name.c_str(), source->GetSpatialRef(),
                                        source->GetGeomType(), nullptr);
    ASSERT_NE(target, nullptr);
    OGRFeatureDefn* defn = source->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        ASSERT_EQ(target->CreateField(defn->GetFieldDefn(i)), OGRERR_NONE);
    ASSERT_EQ(out->StartTransaction(), OGRERR_NONE);
    for (auto& f : features) {
        OGRFeature copy(target->GetLayerDefn());
        ASSERT_EQ(copy.SetFrom(f.get()), OGRERR_NONE);
        ASSERT_EQ(target->CreateFeature(&copy), OGRERR_NONE);
    }
    ASSERT_EQ(out->CommitTransaction(), OGRERR_NONE);
}

// impact_<exposure> as id -> (admin_code, hazard_class, hazard_value) text.
std::map<std::string, std::string> outcome_by_id(const fs::path& gpkg, const std::string& layer,
                                                 const std::string& id_field) {
    std::map<std::string, std::string> out;
    for (const auto& row : read_rows(gpkg, layer))
        out[row.str(id_field)] =
            row.str("admin_code") + "|" + row.str("hazard_class") + "|" + row.str("hazard_value");
    return out;
}

}  // namespace

// --threads 1 and 2 (and a rerun of 2), with small batches so that many are in flight: every
// summary table identical to the last bit, on the demo and on the damage demo.
TEST(ReliabilityDeterminism, ThreadCountAndRerunGiveIdenticalTables) {
    TempDir dir;
    for (const std::string yaml : {"demo.yaml", "demo-damage.yaml"}) {
        SCOPED_TRACE(yaml);
        const fs::path scenario = copy_demo_scenario(dir.path(), yaml);
        const fs::path one = dir / "satu.gpkg", two = dir / "dua.gpkg", again = dir / "lagi.gpkg";
        for (const auto& [out, threads] :
             std::vector<std::pair<fs::path, std::string>>{{one, "1"}, {two, "2"}, {again, "2"}}) {
            const auto result =
                run_ok(scenario, out, {"--overwrite", "--threads", threads, "--batch-size", "50"});
            ASSERT_EQ(result.exit_code, 0) << result.err;
        }
        const auto& tables = yaml == "demo.yaml" ? kSummaryTables : kRecapTables;
        for (const auto& table : tables) {
            SCOPED_TRACE(table);
            EXPECT_SAME_TABLE(one, two, table);
            EXPECT_SAME_TABLE(two, again, table);
        }
        EXPECT_SAME_TABLE(one, two, "impact_bangunan");
    }
}

namespace {

// Numeric cells of two tables equal to a relative 1e-12 (text cells exactly).
void expect_tables_near(const fs::path& gpkg_a, const fs::path& gpkg_b, const std::string& layer) {
    const Table a = read_table(gpkg_a, layer), b = read_table(gpkg_b, layer);
    ASSERT_FALSE(a.rows.empty()) << layer;
    ASSERT_EQ(a.columns, b.columns) << layer;
    ASSERT_EQ(a.rows.size(), b.rows.size()) << layer;
    for (std::size_t r = 0; r < a.rows.size(); ++r)
        for (std::size_t c = 0; c < a.columns.size(); ++c) {
            const std::string& x = a.rows[r][c];
            const std::string& y = b.rows[r][c];
            if (x == y) continue;
            char* end_x = nullptr;
            char* end_y = nullptr;
            const double vx = std::strtod(x.c_str(), &end_x);
            const double vy = std::strtod(y.c_str(), &end_y);
            ASSERT_TRUE(!x.empty() && *end_x == '\0' && *end_y == '\0')
                << layer << " row " << r << " " << a.columns[c] << ": " << x << " vs " << y;
            EXPECT_NEAR(vx, vy, 1e-12 * std::max(std::abs(vx), 1.0))
                << layer << " row " << r << " " << a.columns[c];
        }
}

}  // namespace

// The batch size only changes how features are grouped: counts are identical and money agrees
// to rounding.
TEST(ReliabilityDeterminism, BatchSizeDoesNotChangeDamageTables) {
    TempDir dir;
    const fs::path scenario = copy_demo_scenario(dir.path(), "demo-damage.yaml");
    const fs::path a = dir / "a.gpkg", b = dir / "b.gpkg";
    ASSERT_EQ(run_ok(scenario, a, {"--batch-size", "2048"}).exit_code, 0);
    ASSERT_EQ(run_ok(scenario, b, {"--batch-size", "37"}).exit_code, 0);
    for (const auto& table : kRecapTables) expect_tables_near(a, b, table);
}

// --batch-size is a performance knob only: every feature's contribution reaches the sums in
// input order, so even the money sums (kerusakan_rp) are identical to the last bit.
TEST(ReliabilityDeterminism, BatchSizeDoesNotChangeDamageTablesToTheLastBit) {
    TempDir dir;
    const fs::path scenario = copy_demo_scenario(dir.path(), "demo-damage.yaml");
    const fs::path a = dir / "a.gpkg", b = dir / "b.gpkg";
    ASSERT_EQ(run_ok(scenario, a, {"--batch-size", "2048"}).exit_code, 0);
    ASSERT_EQ(run_ok(scenario, b, {"--batch-size", "37"}).exit_code, 0);
    for (const auto& table : kRecapTables) {
        SCOPED_TRACE(table);
        EXPECT_SAME_TABLE(a, b, table);
    }
}

// The demo buildings written in a shuffled order (seeded): every building keeps its unit,
// value and class, and impact_summary and admin_summary are identical.
TEST(ReliabilityDeterminism, InputFeatureOrderDoesNotChangeTheResult) {
    TempDir dir;
    for (const std::string yaml : {"demo.yaml", "demo-damage.yaml"}) {
        SCOPED_TRACE(yaml);
        const fs::path scenario = copy_demo_scenario(dir.path(), yaml);
        const fs::path shuffled_scenario = dir / ("acak-" + yaml);
        const std::string text = read_text(scenario);
        ASSERT_NE(text.find("source: bangunan.gpkg"), std::string::npos);
        write_text(shuffled_scenario,
                   replace_all(text, "source: bangunan.gpkg", "source: bangunan_acak.gpkg"));
        ASSERT_NO_FATAL_FAILURE(
            write_shuffled(dir / "bangunan.gpkg", dir / "bangunan_acak.gpkg", "bangunan", 4242));
        // The shuffle did move features.
        const auto first_in = read_rows(dir / "bangunan.gpkg", "bangunan");
        const auto first_shuffled = read_rows(dir / "bangunan_acak.gpkg", "bangunan");
        ASSERT_EQ(first_in.size(), first_shuffled.size());
        ASSERT_NE(first_in.front().str("id_bangunan"), first_shuffled.front().str("id_bangunan"));

        const fs::path ordered = dir / "urut.gpkg", shuffled = dir / "acak.gpkg";
        auto result = run_ok(scenario, ordered, {"--overwrite"});
        ASSERT_EQ(result.exit_code, 0) << result.err;
        result = run_ok(shuffled_scenario, shuffled, {"--overwrite"});
        ASSERT_EQ(result.exit_code, 0) << result.err;
        EXPECT_EQ(outcome_by_id(ordered, "impact_bangunan", "id_bangunan"),
                  outcome_by_id(shuffled, "impact_bangunan", "id_bangunan"));
        const auto& tables = yaml == "demo.yaml" ? kSummaryTables : kRecapTables;
        for (const auto& table : tables) {
            SCOPED_TRACE(table);
            if (yaml == "demo.yaml") {
                EXPECT_SAME_TABLE(ordered, shuffled, table);
                continue;
            }
            // Money is a sum of floating-point numbers: another order may change the last
            // bits, nothing more.
            expect_tables_near(ordered, shuffled, table);
        }
    }
}

// Four kecamatan 99.01.01 .. 99.02.02 under two kabupaten 99.01, 99.02 (parents found from the
// codes), covering lon 106.00 - 106.25 of the demo area (lon 106.00 - 106.30): the buildings east
// of 106.25 are outside. At both levels the counts add up to the feature count; each
// kabupaten's counts are the sums of its kecamatan's, per exposure, type and class.
TEST(ReliabilityDeterminism, TotalsAreConservedOverAdminUnitsAndTheRollUp) {
    TempDir dir;
    for (const std::string yaml : {"demo.yaml", "demo-damage.yaml"}) {
        SCOPED_TRACE(yaml);
        const fs::path scenario = copy_demo_scenario(dir.path(), yaml);
        ASSERT_NO_FATAL_FAILURE(
            write_vector(dir / "kabupaten2.gpkg", "GPKG", "kabkota", "EPSG:4326", wkbMultiPolygon,
                         {{"kode"}, {"nama"}},
                         {{box_wkt(106.00, -6.60, 106.15, -6.30), {"99.01", "Barat"}},
                          {box_wkt(106.15, -6.60, 106.25, -6.30), {"99.02", "Timur"}}}));
        ASSERT_NO_FATAL_FAILURE(
            write_vector(dir / "kecamatan.gpkg", "GPKG", "kecamatan", "EPSG:4326", wkbMultiPolygon,
                         {{"kode"}, {"nama"}},
                         {{box_wkt(106.00, -6.60, 106.15, -6.45), {"99.01.01", "Barat Selatan"}},
                          {box_wkt(106.00, -6.45, 106.15, -6.30), {"99.01.02", "Barat Utara"}},
                          {box_wkt(106.15, -6.60, 106.25, -6.45), {"99.02.01", "Timur Selatan"}},
                          {box_wkt(106.15, -6.45, 106.25, -6.30), {"99.02.02", "Timur Utara"}}}));
        const std::string admin = "  source: kabupaten.gpkg\n  layer: kabkota\n";
        const std::string text = read_text(scenario);
        ASSERT_NE(text.find(admin), std::string::npos) << yaml << " changed";
        write_text(scenario,
                   replace_all(text, admin,
                               "  source: kabupaten2.gpkg\n  layer: kabkota\n"
                               "  sublevel: {name: kecamatan, source: kecamatan.gpkg, code_field: "
                               "kode, name_field: nama}\n"));
        const fs::path out = dir / "hasil.gpkg";
        const auto result = run_ok(scenario, out, {"--overwrite"});
        ASSERT_EQ(result.exit_code, 0) << result.err;

        std::map<std::string, double> features;  // exposure -> input features
        features["bangunan"] = static_cast<double>(count_features(dir / "bangunan.gpkg"));
        if (yaml == "demo.yaml")
            features["fasilitas"] = static_cast<double>(count_features(dir / "fasilitas.geojson"));

        // (parent or <outside>, exposure, asset_type, hazard_class) -> count, and the money.
        using Key = std::tuple<std::string, std::string, std::string, std::string>;
        auto totals = [&](const std::string& layer, bool by_parent, const std::string& field) {
            std::map<Key, double> sums;
            for (const auto& row : read_rows(out, layer)) {
                const std::string unit = row.null("admin_code") ? kOutside
                                         : by_parent            ? row.str("parent_code")
                                                                : row.str("admin_code");
                if (row.text.count(field) && !row.null(field))
                    sums[{unit, row.str("exposure"), row.str("asset_type"),
                          row.str("hazard_class")}] += row.num(field);
            }
            return sums;
        };
        const auto main_counts = totals("impact_summary", false, "count");
        const auto sub_counts = totals("impact_summary_kecamatan", true, "count");
        ASSERT_FALSE(main_counts.empty());
        ASSERT_EQ(main_counts.size(), sub_counts.size());
        for (const auto& [key, count] : main_counts) {
            ASSERT_EQ(sub_counts.count(key), 1u) << std::get<0>(key) << " " << std::get<3>(key);
            EXPECT_NEAR(sub_counts.at(key), count, 1e-9 * std::max(1.0, count))
                << std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key) << " "
                << std::get<3>(key);
        }
        if (yaml == "demo-damage.yaml") {
            const auto main_rp = totals("impact_summary", false, "kerusakan_rp");
            const auto sub_rp = totals("impact_summary_kecamatan", true, "kerusakan_rp");
            ASSERT_FALSE(main_rp.empty()) << "no kerusakan_rp in impact_summary";
            for (const auto& [key, rp] : main_rp)
                EXPECT_NEAR(sub_rp.count(key) ? sub_rp.at(key) : 0.0, rp, 1e-6 * std::max(1.0, rp))
                    << std::get<0>(key) << " " << std::get<2>(key) << " " << std::get<3>(key);
        }
        for (const auto& [exposure, n] : features) {
            double main_total = 0, sub_total = 0, outside = 0;
            for (const auto& [key, count] : main_counts)
                if (std::get<1>(key) == exposure) {
                    main_total += count;
                    if (std::get<0>(key) == kOutside) outside += count;
                }
            for (const auto& [key, count] : sub_counts)
                if (std::get<1>(key) == exposure) sub_total += count;
            EXPECT_DOUBLE_EQ(main_total, n) << exposure;
            EXPECT_DOUBLE_EQ(sub_total, n) << exposure;
            if (exposure == "bangunan") {
                EXPECT_GT(outside, 0) << "nothing outside: weak test";
            }
        }

        // admin_summary: every kecamatan holds buildings, and each kabupaten's total is the
        // sum of its kecamatan's.
        const auto kabupaten = rows_by(out, "admin_summary", "admin_code");
        const auto kecamatan = read_rows(out, "admin_summary_kecamatan");
        ASSERT_EQ(kabupaten.size(), 2u);
        ASSERT_EQ(kecamatan.size(), 4u);
        std::map<std::string, double> from_kecamatan;
        for (const auto& row : kecamatan) {
            EXPECT_GT(row.num("bangunan_total"), 0) << row.str("admin_code");
            EXPECT_EQ(row.str("parent_code"), row.str("admin_code").substr(0, 5));
            from_kecamatan[row.str("parent_code")] += row.num("bangunan_total");
        }
        double inside = 0;
        for (const auto& [code, row] : kabupaten) {
            EXPECT_DOUBLE_EQ(row.num("bangunan_total"), from_kecamatan[code]) << code;
            inside += row.num("bangunan_total");
        }
        double outside = 0;
        for (const auto& [key, count] : main_counts)
            if (std::get<0>(key) == kOutside && std::get<1>(key) == "bangunan") outside += count;
        EXPECT_DOUBLE_EQ(inside + outside, features["bangunan"]);
    }
}

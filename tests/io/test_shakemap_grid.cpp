// read_shakemap_grid: small grid.xml files written by hand (every number below is worked out
// from the text), every error case, and the real ShakeMaps in ../shared/data/shakemap.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/memory_raster.hpp"
#include "jitupasna/core/raster_sampling.hpp"
#include "jitupasna/io/shakemap_grid.hpp"

namespace fs = std::filesystem;
using jitupasna::DataError;
using jitupasna::io::read_shakemap_grid;
using jitupasna::io::ShakemapGrid;

namespace {

// The 3 x 2 grid: LON 100.0, 100.5, 101.0 (dx 0.5); LAT -1.00, -1.25 (dy 0.25).
// Cell centres are the points, so origin = (100.0 - 0.25, -1.00 + 0.125) = (99.75, -0.875).
const std::string kRoot =
    R"(<shakemap_grid xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" )"
    R"(xmlns="http://earthquake.usgs.gov/eqcenter/shakemap" event_id="20240101000000" )"
    R"(shakemap_id="20240101000000" shakemap_version="3" code_version="3.5" )"
    R"(process_timestamp="2024-01-01T01:00:00Z" shakemap_originator="us" map_status="RELEASED" )"
    R"(shakemap_event_type="SCENARIO">)";
const std::string kEvent = R"(<event magnitude="6.1" depth="10" lat="-1.100000" lon="100.500000" )"
                           R"(event_timestamp="2024-01-01T07:00:00WIB" event_network="" )"
                           R"(event_description="Hand Worked Quake   " />)";
const std::string kSpec =
    R"(<grid_specification lon_min="100.000000" lat_min="-1.250000" lon_max="101.000000" )"
    R"(lat_max="-1.000000" nominal_lon_spacing="0.500000" nominal_lat_spacing="0.250000" )"
    R"(nlon="3" nlat="2" />)";
const std::string kFields = R"(<grid_field index="1" name="LON" units="dd" />
<grid_field index="2" name="LAT" units="dd" />
<grid_field index="3" name="PGA" units="pctg" />
<grid_field index="4" name="MMI" units="intensity" />)";
// North row first, west to east: MMI 1.5 2.5 3.5 / 4.5 5.5 6.5, PGA 0.1 .. 0.6.
const std::vector<std::string> kRows = {"100.0000 -01.0000 0.1 1.5", "100.5000 -01.0000 0.2 2.5",
                                        "101.0000 -01.0000 0.3 3.5", "100.0000 -01.2500 0.4 4.5",
                                        "100.5000 -01.2500 0.5 5.5", "101.0000 -01.2500 0.6 6.5"};

std::string lines(const std::vector<std::string>& rows) {
    std::string out;
    for (const auto& r : rows) out += r + "\n";
    return out;
}

struct GridXml {
    std::string root = kRoot;
    std::string event = kEvent;
    std::string spec = kSpec;
    std::string fields = kFields;
    std::string data = lines(kRows);
    bool with_grid_data = true;

    std::string text() const {
        std::string out = "<?xml version=\"1.0\" encoding=\"US-ASCII\" standalone=\"yes\"?>\n";
        out += root + "\n" + event + "\n" + spec + "\n" + fields + "\n";
        if (with_grid_data) out += "<grid_data>\n" + data + "</grid_data>\n";
        return out + "</shakemap_grid>\n";
    }
};

class ShakemapGridTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("jitupasna_shakemap_" + std::to_string(::getpid()) + "_" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    std::string write(const std::string& name, const std::string& text) const {
        const fs::path path = dir_ / name;
        std::ofstream out(path, std::ios::binary);
        out << text;
        EXPECT_TRUE(out.good()) << path;
        return path.string();
    }

    // Reading must fail with a DataError on one line that names the file and says every
    // fragment in `expected`.
    void expect_error(const std::string& name, const std::string& text,
                      const std::vector<std::string>& expected,
                      const std::string& field = "MMI") const {
        const std::string path = write(name, text);
        try {
            read_shakemap_grid(path, field);
            ADD_FAILURE() << name << ": no error";
        } catch (const DataError& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find(name), std::string::npos) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
            for (const auto& fragment : expected)
                EXPECT_NE(message.find(fragment), std::string::npos)
                    << "missing '" << fragment << "' in: " << message;
        }
    }

    fs::path dir_;
};

const std::vector<double> kMmi = {1.5, 2.5, 3.5, 4.5, 5.5, 6.5};

TEST_F(ShakemapGridTest, GridSpecIsCellCentred) {
    const ShakemapGrid g = read_shakemap_grid(write("grid.xml", GridXml{}.text()), "MMI");
    EXPECT_EQ(g.grid.cols, 3);
    EXPECT_EQ(g.grid.rows, 2);
    EXPECT_DOUBLE_EQ(g.grid.cell_width, 0.5);
    EXPECT_DOUBLE_EQ(g.grid.cell_height, -0.25);
    EXPECT_DOUBLE_EQ(g.grid.origin_x, 99.75);
    EXPECT_DOUBLE_EQ(g.grid.origin_y, -0.875);
}

TEST_F(ShakemapGridTest, ValuesRowMajorFromNorth) {
    const ShakemapGrid g = read_shakemap_grid(write("grid.xml", GridXml{}.text()), "MMI");
    EXPECT_EQ(g.field, "MMI");
    EXPECT_EQ(g.units, "intensity");
    EXPECT_EQ(g.values, kMmi);
    EXPECT_EQ(g.fields, (std::vector<std::string>{"LON", "LAT", "PGA", "MMI"}));
}

TEST_F(ShakemapGridTest, PlacesShuffledRowsByTheirLonLat) {
    GridXml xml;
    xml.data = lines({kRows[4], kRows[0], kRows[5], kRows[2], kRows[3], kRows[1]});
    const ShakemapGrid g = read_shakemap_grid(write("shuffled.xml", xml.text()), "MMI");
    EXPECT_EQ(g.values, kMmi);
}

TEST_F(ShakemapGridTest, MatchesFieldCaseInsensitively) {
    const ShakemapGrid g = read_shakemap_grid(write("grid.xml", GridXml{}.text()), "pga");
    EXPECT_EQ(g.field, "PGA");  // the file's spelling
    EXPECT_EQ(g.units, "pctg");
    EXPECT_EQ(g.values, (std::vector<double>{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}));
}

TEST_F(ShakemapGridTest, ColumnsFollowGridFieldIndex) {
    GridXml xml;  // fields listed out of order; grid_data columns follow index=
    xml.fields = R"(<grid_field index="4" name="MMI" units="intensity" />
<grid_field index="2" name="LAT" units="dd" />
<grid_field index="1" name="LON" units="dd" />
<grid_field index="3" name="PGA" units="pctg" />)";
    const ShakemapGrid g = read_shakemap_grid(write("grid.xml", xml.text()), "MMI");
    EXPECT_EQ(g.fields, (std::vector<std::string>{"LON", "LAT", "PGA", "MMI"}));
    EXPECT_EQ(g.values, kMmi);
}

TEST_F(ShakemapGridTest, EventMetadata) {
    const ShakemapGrid g = read_shakemap_grid(write("grid.xml", GridXml{}.text()), "MMI");
    const std::map<std::string, std::string> expected = {
        {"magnitude", "6.1"},
        {"depth", "10"},
        {"lat", "-1.100000"},
        {"lon", "100.500000"},
        {"event_timestamp", "2024-01-01T07:00:00WIB"},
        {"event_network", ""},
        {"event_description", "Hand Worked Quake"},  // trailing spaces trimmed
        {"event_id", "20240101000000"},
        {"shakemap_id", "20240101000000"},
        {"shakemap_version", "3"},
        {"process_timestamp", "2024-01-01T01:00:00Z"},
        {"shakemap_originator", "us"},
        {"map_status", "RELEASED"},
        {"shakemap_event_type", "SCENARIO"}};
    EXPECT_EQ(g.event, expected);
}

TEST_F(ShakemapGridTest, SamplesLikeARaster) {
    const ShakemapGrid g = read_shakemap_grid(write("grid.xml", GridXml{}.text()), "MMI");
    jitupasna::core::MemoryRaster raster(g.grid,
                                         std::make_shared<const std::vector<double>>(g.values));
    EXPECT_EQ(jitupasna::core::sample_point(raster, 100.5, -1.25), 5.5);  // a grid point
    EXPECT_EQ(jitupasna::core::sample_point(raster, 100.7, -0.9), 2.5);   // nearest is 100.5
    EXPECT_EQ(jitupasna::core::sample_point(raster, 99.8, -1.3), 4.5);    // inside the west edge
    EXPECT_FALSE(jitupasna::core::sample_point(raster, 99.7, -1.0));      // west of the grid
    EXPECT_FALSE(jitupasna::core::sample_point(raster, 100.5, -1.4));     // south of the grid
}

TEST_F(ShakemapGridTest, ToleratesCrlfTabsAndBlankLines) {
    GridXml xml;
    xml.data = "\r\n100.0\t-1.0 0.1 1.5\r\n\r\n  100.5 -1.0  0.2 2.5 \r\n101.0 -1.0 0.3 3.5\r\n" +
               lines({kRows[3], kRows[4]}) + "  " + kRows[5];  // last row ends at </grid_data>
    const ShakemapGrid g = read_shakemap_grid(write("crlf.xml", xml.text()), "MMI");
    EXPECT_EQ(g.values, kMmi);
}

TEST_F(ShakemapGridTest, SingleColumnUsesNominalSpacing) {
    GridXml xml;
    xml.spec =
        R"(<grid_specification lon_min="100.0" lat_min="-1.25" lon_max="100.0" lat_max="-1.0" )"
        R"(nominal_lon_spacing="0.2" nominal_lat_spacing="0.25" nlon="1" nlat="2" />)";
    xml.data = lines({"100.0 -1.25 0.4 4.5", "100.0 -1.0 0.1 1.5"});
    const ShakemapGrid g = read_shakemap_grid(write("column.xml", xml.text()), "MMI");
    EXPECT_EQ(g.grid.cols, 1);
    EXPECT_EQ(g.grid.rows, 2);
    EXPECT_DOUBLE_EQ(g.grid.cell_width, 0.2);
    EXPECT_DOUBLE_EQ(g.grid.origin_x, 99.9);
    EXPECT_EQ(g.values, (std::vector<double>{1.5, 4.5}));
}

// Far more than one 64 KiB chunk, so numbers and rows straddle XML_Parse calls; the rows are
// written south to north so that row order cannot be what places them.
TEST_F(ShakemapGridTest, LargeGridAcrossManyChunks) {
    const int nlon = 301, nlat = 201;
    GridXml xml;
    xml.spec = R"(<grid_specification lon_min="95.0" lat_min="-11.0" lon_max="110.0" )"
               R"(lat_max="-1.0" nominal_lon_spacing="0.05" nominal_lat_spacing="0.05" )"
               R"(nlon="301" nlat="201" />)";
    std::ostringstream data;
    data.precision(10);
    for (int row = nlat - 1; row >= 0; --row)
        for (int col = 0; col < nlon; ++col)
            data << 95.0 + col * 0.05 << ' ' << -1.0 - row * 0.05 << ' ' << 0.001 * col << ' '
                 << row * 1000 + col << '\n';
    xml.data = data.str();
    const std::string text = xml.text();
    ASSERT_GT(text.size(), 8u * 64 * 1024);
    const ShakemapGrid g = read_shakemap_grid(write("large.xml", text), "MMI");
    ASSERT_EQ(g.grid.cols, nlon);
    ASSERT_EQ(g.grid.rows, nlat);
    EXPECT_NEAR(g.grid.cell_width, 0.05, 1e-12);
    EXPECT_NEAR(g.grid.cell_height, -0.05, 1e-12);
    ASSERT_EQ(g.values.size(), static_cast<std::size_t>(nlon * nlat));
    int wrong = 0;
    for (int row = 0; row < nlat; ++row)
        for (int col = 0; col < nlon; ++col)
            if (g.values[static_cast<std::size_t>(row * nlon + col)] != row * 1000 + col) ++wrong;
    EXPECT_EQ(wrong, 0);
}

// ---- errors ---------------------------------------------------------------------------------

TEST_F(ShakemapGridTest, ErrorCannotOpen) {
    const std::string path = (dir_ / "absent_grid.xml").string();
    try {
        read_shakemap_grid(path, "MMI");
        ADD_FAILURE() << "no error";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("absent_grid.xml"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos) << e.what();
    }
}

// A file claiming more points than its size can hold (issue 13): 16384 x 16384 points of at
// least 3 values (LON, LAT, the field) need at least 2 bytes per value (a digit and a blank),
// 16384 * 16384 * 3 * 2 = 1 610 612 736 bytes; the file has about 1.5 kB. Refused before the 2 GiB
// grid is allocated, naming the file, the claim and the size.
TEST_F(ShakemapGridTest, ErrorClaimLargerThanTheFile) {
    GridXml xml;
    xml.spec = R"(<grid_specification lon_min="100.0" lat_min="-1.25" lon_max="101.0" )"
               R"(lat_max="-1.0" nominal_lon_spacing="0.5" nominal_lat_spacing="0.25" )"
               R"(nlon="16384" nlat="16384" />)";
    const std::string text = xml.text();
    expect_error("claim.xml", text,
                 {"nlon 16384 x nlat 16384 = 268435456 points", "1610612736 bytes",
                  "the file has " + std::to_string(text.size()) + " bytes"});
    // Exactly enough room is not refused for its size (it fails later, on the data rows).
    EXPECT_DOUBLE_EQ(jitupasna::io::grid_claim_min_bytes(3, 2, 6), 72.0);
}

// A FIFO would block the reader for good: refused before it is opened.
TEST_F(ShakemapGridTest, ErrorNotARegularFile) {
    const fs::path fifo = dir_ / "fifo_grid.xml";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    try {
        read_shakemap_grid(fifo.string(), "MMI");
        ADD_FAILURE() << "no error";
    } catch (const DataError& e) {
        for (const char* part : {"fifo_grid.xml", "FIFO", "not a regular file"})
            EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST_F(ShakemapGridTest, ErrorNotXml) {
    expect_error("notxml.xml", "LON LAT MMI\n100 -1 5\n", {"not an XML file", "line 1"});
    expect_error("empty.xml", "", {"not an XML file", "no element found"});
}

TEST_F(ShakemapGridTest, ErrorXmlSyntax) {
    GridXml xml;
    xml.event = "<event magnitude=\"6.1\">";  // never closed: </shakemap_grid> mismatches
    expect_error("syntax.xml", xml.text(), {"XML syntax error at line 17", "mismatched tag"});
}

TEST_F(ShakemapGridTest, ErrorTruncatedFile) {
    const std::string text = GridXml{}.text();
    expect_error("truncated.xml", text.substr(0, text.find("101.0000 -01.2500")),
                 {"XML syntax error", "no element found", "truncated"});
}

TEST_F(ShakemapGridTest, ErrorRootNotShakemapGrid) {
    expect_error("html.xml", "<html><body>grid</body></html>\n",
                 {"root element is <html>", "not <shakemap_grid>"});
}

TEST_F(ShakemapGridTest, ErrorMissingGridSpecification) {
    GridXml xml;
    xml.spec = "";
    expect_error("nospec.xml", xml.text(), {"missing <grid_specification>"});
}

TEST_F(ShakemapGridTest, ErrorMissingSpecAttribute) {
    GridXml xml;
    xml.spec = R"(<grid_specification lon_min="100.0" lat_min="-1.25" lon_max="101.0" )"
               R"(lat_max="-1.0" nominal_lon_spacing="0.5" nominal_lat_spacing="0.25" )"
               R"(nlon="3" />)";
    expect_error("nonlat.xml", xml.text(), {"<grid_specification> has no nlat attribute"});
}

TEST_F(ShakemapGridTest, ErrorNonNumericSpecAttribute) {
    GridXml xml;
    xml.spec = R"(<grid_specification lon_min="east" lat_min="-1.25" lon_max="101.0" )"
               R"(lat_max="-1.0" nominal_lon_spacing="0.5" nominal_lat_spacing="0.25" )"
               R"(nlon="3" nlat="2" />)";
    expect_error("badspec.xml", xml.text(), {"lon_min='east' is not a number"});
    xml.spec = R"(<grid_specification lon_min="100.0" lat_min="-1.25" lon_max="101.0" )"
               R"(lat_max="-1.0" nominal_lon_spacing="0.5" nominal_lat_spacing="0.25" )"
               R"(nlon="2.5" nlat="2" />)";
    expect_error("badnlon.xml", xml.text(), {"nlon='2.5' is not a whole number"});
}

TEST_F(ShakemapGridTest, ErrorFieldNotFound) {
    expect_error("grid.xml", GridXml{}.text(),
                 {"no grid_field named 'PSA30'", "available fields: LON, LAT, PGA, MMI"}, "PSA30");
}

TEST_F(ShakemapGridTest, ErrorNoLonField) {
    GridXml xml;
    xml.fields = R"(<grid_field index="1" name="X" units="dd" />
<grid_field index="2" name="LAT" units="dd" />
<grid_field index="3" name="PGA" units="pctg" />
<grid_field index="4" name="MMI" units="intensity" />)";
    expect_error("nolon.xml", xml.text(), {"no LON grid_field", "X, LAT, PGA, MMI"});
}

TEST_F(ShakemapGridTest, ErrorNonNumericValue) {
    GridXml xml;
    std::vector<std::string> rows = kRows;
    rows[2] = "101.0000 -01.0000 0.3 III";
    xml.data = lines(rows);
    // <grid_data> is on line 9, so data row 3 is on line 12.
    expect_error("badvalue.xml", xml.text(),
                 {"grid_data row 3 (line 12)", "'III' is not a number (field MMI)"});
}

TEST_F(ShakemapGridTest, ErrorWrongValueCountInRow) {
    GridXml xml;
    std::vector<std::string> rows = kRows;
    rows[1] = "100.5000 -01.0000 2.5";
    xml.data = lines(rows);
    expect_error("short_row.xml", xml.text(), {"grid_data row 2", "3 values, expected 4"});
}

TEST_F(ShakemapGridTest, ErrorTooFewRows) {
    GridXml xml;
    xml.data = lines({kRows[0], kRows[1], kRows[2], kRows[3], kRows[5]});
    expect_error("fewer.xml", xml.text(),
                 {"5 data rows, expected nlon 3 x nlat 2 = 6", "cell (col 1, row 1)"});
}

TEST_F(ShakemapGridTest, ErrorTooManyRows) {
    GridXml xml;
    xml.data = lines(kRows) + "100.0000 -01.0000 0.1 1.5\n";
    expect_error("more.xml", xml.text(),
                 {"grid_data row 7", "more data rows than nlon 3 x nlat 2"});
}

TEST_F(ShakemapGridTest, ErrorTwoPointsInOneCell) {
    GridXml xml;
    std::vector<std::string> rows = kRows;
    rows[5] = "100.4000 -01.2000 0.6 6.5";  // rounds to the cell of row 5 (100.5, -1.25)
    xml.data = lines(rows);
    expect_error("duplicate.xml", xml.text(),
                 {"grid_data row 6", "cell (col 1, row 1)", "already filled"});
}

TEST_F(ShakemapGridTest, ErrorPointOffGrid) {
    GridXml xml;
    std::vector<std::string> rows = kRows;
    rows[3] = "100.0000 -01.4000 0.4 4.5";  // 0.15 south of the last row: more than half a cell
    xml.data = lines(rows);
    expect_error("offgrid.xml", xml.text(), {"grid_data row 4", "outside the grid"});
}

TEST_F(ShakemapGridTest, ErrorNoGridData) {
    GridXml xml;
    xml.with_grid_data = false;
    expect_error("nodata.xml", xml.text(), {"no <grid_data> element", "6 data rows"});
}

// ---- the real ShakeMaps ---------------------------------------------------------------------

fs::path shared_data() { return fs::path(JITUPASNA_SHARED_DATA); }

#define SKIP_WITHOUT_SHARED_DATA() \
    if (!fs::exists(shared_data())) GTEST_SKIP() << "real data folder not found: " << shared_data()

const std::string kMolucca = "shakemap/grid_20120726022003_molucca.xml";
const std::string kYogyakarta = "shakemap/grid_20150918201057_yogyakarta.xml";

// Every grid point of the file, read with a plain getline/istringstream scan (not expat):
// the chosen field's value at (col, row) from LON/LAT, or NaN where no line gave one.
struct TextGrid {
    int nlon = 0, nlat = 0;
    std::vector<double> values;
    std::string magnitude;
    double at_epicentre = std::nan("");
};

TextGrid scan_text(const fs::path& path, const std::string& field, double lon_min, double lat_max,
                   double spacing, double epi_lon, double epi_lat) {
    TextGrid out;
    std::ifstream in(path);
    std::string line;
    int column = -1;
    bool in_data = false;
    auto attr = [](const std::string& l, const std::string& key) {
        const auto at = l.find(" " + key + "=\"");
        if (at == std::string::npos) return std::string();
        const auto start = at + key.size() + 3;
        return l.substr(start, l.find('"', start) - start);
    };
    while (std::getline(in, line)) {
        if (line.find("<grid_specification") != std::string::npos) {
            out.nlon = std::stoi(attr(line, "nlon"));
            out.nlat = std::stoi(attr(line, "nlat"));
            out.values.assign(static_cast<std::size_t>(out.nlon * out.nlat), std::nan(""));
        } else if (line.find("<event ") != std::string::npos) {
            out.magnitude = attr(line, "magnitude");
        } else if (line.find("<grid_field") != std::string::npos && attr(line, "name") == field) {
            column = std::stoi(attr(line, "index")) - 1;
        } else if (line.find("<grid_data>") != std::string::npos) {
            in_data = true;
        } else if (line.find("</grid_data>") != std::string::npos) {
            in_data = false;
        } else if (in_data) {
            std::istringstream fields(line);
            std::vector<double> v;
            double x;
            while (fields >> x) v.push_back(x);
            const int col = static_cast<int>(std::lround((v.at(0) - lon_min) / spacing));
            const int row = static_cast<int>(std::lround((lat_max - v.at(1)) / spacing));
            out.values.at(static_cast<std::size_t>(row * out.nlon + col)) =
                v.at(static_cast<std::size_t>(column));
            if (std::abs(v[0] - epi_lon) < 1e-6 && std::abs(v[1] - epi_lat) < 1e-6)
                out.at_epicentre = v.at(static_cast<std::size_t>(column));
        }
    }
    return out;
}

TEST(ShakemapGridReal, Molucca) {
    SKIP_WITHOUT_SHARED_DATA();
    const std::string path = (shared_data() / kMolucca).string();
    const ShakemapGrid g = read_shakemap_grid(path, "MMI");
    EXPECT_EQ(g.grid.cols, 161);
    EXPECT_EQ(g.grid.rows, 161);
    EXPECT_NEAR(g.grid.cell_width, 0.025, 1e-12);
    EXPECT_NEAR(g.grid.cell_height, -0.025, 1e-12);
    EXPECT_NEAR(g.grid.origin_x, 122.4375, 1e-9);
    EXPECT_NEAR(g.grid.origin_y, 1.8025, 1e-9);
    EXPECT_EQ(g.units, "intensity");
    EXPECT_EQ(g.fields.size(), 11u);
    EXPECT_EQ(g.event.at("magnitude"), "5.0");
    EXPECT_EQ(g.event.at("event_id"), "20120726022003");
    EXPECT_EQ(g.event.at("event_description"), "Southern Molucca Sea");

    const TextGrid text = scan_text(path, "MMI", 122.45, 1.79, 0.025, 124.45, -0.21);
    ASSERT_FALSE(std::isnan(text.at_epicentre)) << "no 124.45 -0.21 line in " << path;
    EXPECT_EQ(text.magnitude, "5.0");
    jitupasna::core::MemoryRaster raster(g.grid,
                                         std::make_shared<const std::vector<double>>(g.values));
    EXPECT_EQ(jitupasna::core::sample_point(raster, 124.45, -0.21), text.at_epicentre);
    EXPECT_EQ(g.values, text.values);  // every cell, placed independently
}

TEST(ShakemapGridReal, MoluccaPga) {
    SKIP_WITHOUT_SHARED_DATA();
    const std::string path = (shared_data() / kMolucca).string();
    const ShakemapGrid g = read_shakemap_grid(path, "pga");
    EXPECT_EQ(g.field, "PGA");
    EXPECT_EQ(g.units, "pctg");
    EXPECT_EQ(g.values, scan_text(path, "PGA", 122.45, 1.79, 0.025, 0, 0).values);
}

TEST(ShakemapGridReal, Yogyakarta) {
    SKIP_WITHOUT_SHARED_DATA();
    const std::string path = (shared_data() / kYogyakarta).string();
    const ShakemapGrid g = read_shakemap_grid(path, "MMI");
    EXPECT_EQ(g.grid.cols, 101);
    EXPECT_EQ(g.grid.rows, 100);
    EXPECT_NEAR(g.grid.cell_width, 0.025, 1e-12);
    EXPECT_NEAR(g.grid.cell_height, -0.025, 1e-12);
    EXPECT_NEAR(g.grid.origin_x, 109.0775, 1e-9);
    EXPECT_NEAR(g.grid.origin_y, -6.67, 1e-9);
    EXPECT_EQ(g.event.at("magnitude"), "2.5");
    EXPECT_EQ(g.event.at("event_description"), "Yogyakarta");
    EXPECT_EQ(g.values, scan_text(path, "MMI", 109.09, -6.6825, 0.025, 0, 0).values);
}

}  // namespace

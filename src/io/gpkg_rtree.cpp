#include "gpkg_rtree.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/sql_text.hpp"

namespace jitupasna::io {

namespace {

// One entry of an R-tree node: a feature (leaf) or a child node, and its box as SQLite's R-tree
// stores it, in 32-bit floats rounded outwards so that the box still holds the geometry.
struct Entry {
    std::int64_t id;
    float minx, maxx, miny, maxy;
};

float round_down(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) > v) f = std::nextafter(f, -INFINITY);
    return f;
}
float round_up(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) < v) f = std::nextafter(f, INFINITY);
    return f;
}

void put_u16(std::string& out, std::size_t at, unsigned v) {
    out[at] = static_cast<char>((v >> 8) & 0xFF);
    out[at + 1] = static_cast<char>(v & 0xFF);
}
void put_u64(std::string& out, std::size_t at, std::uint64_t v) {
    for (int i = 7; i >= 0; --i, v >>= 8)
        out[at + static_cast<std::size_t>(i)] = static_cast<char>(v & 0xFF);
}
void put_float(std::string& out, std::size_t at, float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    for (int i = 3; i >= 0; --i, bits >>= 8)
        out[at + static_cast<std::size_t>(i)] = static_cast<char>(bits & 0xFF);
}

// SQLite's R-tree node: depth (root only), cell count, then per cell the 64-bit id and the box
// (minx, maxx, miny, maxy), all big-endian, zero-padded to the table's node size.
std::string node_blob(const std::vector<Entry>& cells, std::size_t node_size, unsigned depth) {
    std::string blob(node_size, '\0');
    put_u16(blob, 0, depth);
    put_u16(blob, 2, static_cast<unsigned>(cells.size()));
    std::size_t at = 4;
    for (const Entry& e : cells) {
        put_u64(blob, at, static_cast<std::uint64_t>(e.id));
        put_float(blob, at + 8, e.minx);
        put_float(blob, at + 12, e.maxx);
        put_float(blob, at + 16, e.miny);
        put_float(blob, at + 20, e.maxy);
        at += 24;
    }
    return blob;
}

Entry box_of(std::int64_t id, const std::vector<Entry>& cells) {
    Entry box{id, INFINITY, -INFINITY, INFINITY, -INFINITY};
    for (const Entry& e : cells) {
        box.minx = std::min(box.minx, e.minx);
        box.maxx = std::max(box.maxx, e.maxx);
        box.miny = std::min(box.miny, e.miny);
        box.maxy = std::max(box.maxy, e.maxy);
    }
    return box;
}

double centre_x(const Entry& e) { return 0.5 * (double(e.minx) + double(e.maxx)); }
double centre_y(const Entry& e) { return 0.5 * (double(e.miny) + double(e.maxy)); }

struct StatementDeleter {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

Statement prepare(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        throw DataError(fmt::format("building the spatial index: {} ({})", sqlite3_errmsg(db),
                                    sql.substr(0, 80)));
    return Statement(raw);
}

void execute(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw DataError(
            fmt::format("building the spatial index: {} ({})", text, sql.substr(0, 80)));
    }
}

// One prepared INSERT of two integers, or of an integer and a blob, run once per row.
class RowInserter {
  public:
    RowInserter(sqlite3* db, const std::string& sql) : db_(db), statement_(prepare(db, sql)) {}
    void add(std::int64_t a, std::int64_t b) {
        sqlite3_bind_int64(statement_.get(), 1, a);
        sqlite3_bind_int64(statement_.get(), 2, b);
        step();
    }
    void add(std::int64_t a, const std::string& blob) {
        sqlite3_bind_int64(statement_.get(), 1, a);
        sqlite3_bind_blob(statement_.get(), 2, blob.data(), static_cast<int>(blob.size()),
                          SQLITE_TRANSIENT);
        step();
    }

  private:
    void step() {
        const int rc = sqlite3_step(statement_.get());
        sqlite3_reset(statement_.get());
        if (rc != SQLITE_DONE)
            throw DataError(fmt::format("building the spatial index: {}", sqlite3_errmsg(db_)));
    }
    sqlite3* db_;
    Statement statement_;
};

// Packs the level's entries into nodes (sort-tile-recursive: vertical slices by x, each sorted
// by y) and writes them; returns one entry per node written, for the level above.
class Packer {
  public:
    Packer(sqlite3* db, const std::string& rtree, std::size_t node_size)
        : nodes_(db, "INSERT INTO " + sql_identifier(rtree + "_node") +
                         " (nodeno, data) VALUES (?, ?)"),
          parents_(db, "INSERT INTO " + sql_identifier(rtree + "_parent") +
                           " (nodeno, parentnode) VALUES (?, ?)"),
          rowids_(db, "INSERT INTO " + sql_identifier(rtree + "_rowid") +
                          " (rowid, nodeno) VALUES (?, ?)"),
          node_size_(node_size),
          capacity_((node_size - 4) / 24) {}

    std::size_t capacity() const { return capacity_; }

    // Writes one node of `cells`; leaf cells are features (their rows go to _rowid), others
    // are nodes (their parent is recorded). Returns the node's entry.
    Entry write_node(const std::vector<Entry>& cells, bool leaf, std::int64_t nodeno,
                     unsigned depth) {
        nodes_.add(nodeno, node_blob(cells, node_size_, depth));
        for (const Entry& e : cells) (leaf ? rowids_ : parents_).add(e.id, nodeno);
        return box_of(nodeno, cells);
    }

    // Sorts one slice by y and cuts it into nodes.
    void pack_slice(std::vector<Entry>& slice, bool leaf, std::vector<Entry>& above) {
        std::sort(slice.begin(), slice.end(),
                  [](const Entry& a, const Entry& b) { return centre_y(a) < centre_y(b); });
        for (std::size_t i = 0; i < slice.size(); i += capacity_) {
            std::vector<Entry> cells(
                slice.begin() + static_cast<std::ptrdiff_t>(i),
                slice.begin() + static_cast<std::ptrdiff_t>(std::min(slice.size(), i + capacity_)));
            above.push_back(write_node(cells, leaf, next_node_++, 0));
        }
    }

    // Entries held in memory (the levels above the leaves are small): sorted by x, sliced.
    std::vector<Entry> pack_level(std::vector<Entry> level) {
        std::sort(level.begin(), level.end(),
                  [](const Entry& a, const Entry& b) { return centre_x(a) < centre_x(b); });
        const std::size_t per_slice = slice_size(level.size());
        std::vector<Entry> above;
        for (std::size_t i = 0; i < level.size(); i += per_slice) {
            std::vector<Entry> slice(
                level.begin() + static_cast<std::ptrdiff_t>(i),
                level.begin() + static_cast<std::ptrdiff_t>(std::min(level.size(), i + per_slice)));
            pack_slice(slice, false, above);
        }
        return above;
    }

    // Entries per vertical slice for n entries: sqrt(number of nodes) slices of whole nodes.
    std::size_t slice_size(std::size_t n) const {
        const std::size_t node_count = (n + capacity_ - 1) / capacity_;
        const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(double(node_count))));
        const std::size_t nodes_per_slice = (node_count + slices - 1) / slices;
        return nodes_per_slice * capacity_;
    }

  private:
    RowInserter nodes_, parents_, rowids_;
    std::size_t node_size_;
    std::size_t capacity_;
    std::int64_t next_node_ = 2;  // node 1 is the root, written last
};

std::int64_t single_integer(sqlite3* db, const std::string& sql) {
    Statement statement = prepare(db, sql);
    if (sqlite3_step(statement.get()) != SQLITE_ROW)
        throw DataError(fmt::format("building the spatial index: no result from {}", sql));
    return sqlite3_column_int64(statement.get(), 0);
}

}  // namespace

void build_gpkg_rtree(GDALDataset& ds, const std::string& table, const std::string& geometry,
                      const std::string& fid) {
    // GDAL's own SQLite connection (the GeoPackage driver's, with its ST_ functions), so that
    // the index is written in the same transaction as the features, with prepared statements.
    auto* db = static_cast<sqlite3*>(ds.GetInternalHandle("SQLITE_HANDLE"));
    if (!db) throw DataError("building the spatial index: GDAL gave no SQLite handle");
    const std::string rtree = "rtree_" + table + "_" + geometry;
    const std::string t = sql_identifier(table), g = sql_identifier(geometry),
                      f = sql_identifier(fid);
    execute(db, "CREATE VIRTUAL TABLE " + sql_identifier(rtree) +
                    " USING rtree(id, minx, maxx, miny, maxy)");
    // SQLite sized the nodes from the page size when it made the (empty) root, rewritten below.
    const auto node_size = static_cast<std::size_t>(single_integer(
        db, "SELECT length(data) FROM " + sql_identifier(rtree + "_node") + " WHERE nodeno = 1"));
    if (node_size < 4 + 2 * 24)
        throw DataError(
            fmt::format("building the spatial index of {}: unexpected R-tree node "
                        "size {}",
                        table, node_size));
    execute(db, "DELETE FROM " + sql_identifier(rtree + "_node"));

    Packer packer(db, rtree, node_size);
    const std::string indexed = fmt::format("{0} IS NOT NULL AND NOT ST_IsEmpty({0})", g);
    const std::int64_t count =
        single_integer(db, fmt::format("SELECT COUNT(*) FROM {} WHERE {}", t, indexed));
    const bool root_is_leaf = count <= static_cast<std::int64_t>(packer.capacity());

    // Leaves: features by the centre of their box, streamed in x order (SQLite sorts on disk if
    // need be), one vertical slice at a time in memory. A layer that fits in one node gets a
    // single leaf as root.
    Statement rows = prepare(
        db, fmt::format("SELECT {0}, ST_MinX({1}) AS minx, ST_MaxX({1}) AS maxx, ST_MinY({1}), "
                        "ST_MaxY({1}) FROM {2} WHERE {3} ORDER BY minx + maxx",
                        f, g, t, indexed));
    const std::size_t per_slice =
        root_is_leaf ? packer.capacity() : packer.slice_size(static_cast<std::size_t>(count));
    std::vector<Entry> slice, level;
    int rc;
    while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
        slice.push_back(Entry{sqlite3_column_int64(rows.get(), 0),
                              round_down(sqlite3_column_double(rows.get(), 1)),
                              round_up(sqlite3_column_double(rows.get(), 2)),
                              round_down(sqlite3_column_double(rows.get(), 3)),
                              round_up(sqlite3_column_double(rows.get(), 4))});
        if (!root_is_leaf && slice.size() == per_slice) {
            packer.pack_slice(slice, true, level);
            slice.clear();
        }
    }
    if (rc != SQLITE_DONE)
        throw DataError(
            fmt::format("building the spatial index of {}: {}", table, sqlite3_errmsg(db)));
    rows.reset();
    if (root_is_leaf) {
        packer.write_node(slice, true, 1, 0);
    } else {
        if (!slice.empty()) packer.pack_slice(slice, true, level);
        // Levels of nodes until the root's children fit in it; the root's depth is the number
        // of levels below it.
        unsigned depth = 1;
        while (level.size() > packer.capacity()) {
            level = packer.pack_level(std::move(level));
            ++depth;
        }
        packer.write_node(level, false, 1, depth);
    }

    // The triggers and the extension row, as the GeoPackage specification (and GDAL) write them,
    // so that later edits keep the index up to date.
    const std::string r = sql_identifier(rtree);
    const std::string box = fmt::format(
        "(NEW.{0},ST_MinX(NEW.{1}), ST_MaxX(NEW.{1}),ST_MinY(NEW.{1}), "
        "ST_MaxY(NEW.{1}))",
        f, g);
    execute(db, fmt::format("CREATE TRIGGER {0} AFTER INSERT ON {1} WHEN (new.{2} NOT NULL AND NOT "
                            "ST_IsEmpty(NEW.{2})) BEGIN INSERT OR REPLACE INTO {3} VALUES {4}; END",
                            sql_identifier(rtree + "_insert"), t, g, r, box));
    execute(db, fmt::format("CREATE TRIGGER {0} AFTER UPDATE OF {2} ON {1} WHEN OLD.{5} = NEW.{5} "
                            "AND (NEW.{2} NOTNULL AND NOT ST_IsEmpty(NEW.{2})) BEGIN INSERT OR "
                            "REPLACE INTO {3} VALUES {4}; END",
                            sql_identifier(rtree + "_update1"), t, g, r, box, f));
    execute(db, fmt::format("CREATE TRIGGER {0} AFTER UPDATE OF {2} ON {1} WHEN OLD.{4} = NEW.{4} "
                            "AND (NEW.{2} ISNULL OR ST_IsEmpty(NEW.{2})) BEGIN DELETE FROM {3} "
                            "WHERE id = OLD.{4}; END",
                            sql_identifier(rtree + "_update2"), t, g, r, f));
    execute(db, fmt::format("CREATE TRIGGER {0} AFTER UPDATE ON {1} WHEN OLD.{5} != NEW.{5} AND "
                            "(NEW.{2} NOTNULL AND NOT ST_IsEmpty(NEW.{2})) BEGIN DELETE FROM {3} "
                            "WHERE id = OLD.{5}; INSERT OR REPLACE INTO {3} VALUES {4}; END",
                            sql_identifier(rtree + "_update3"), t, g, r, box, f));
    execute(db, fmt::format("CREATE TRIGGER {0} AFTER UPDATE ON {1} WHEN OLD.{4} != NEW.{4} AND "
                            "(NEW.{2} ISNULL OR ST_IsEmpty(NEW.{2})) BEGIN DELETE FROM {3} WHERE "
                            "id IN (OLD.{4}, NEW.{4}); END",
                            sql_identifier(rtree + "_update4"), t, g, r, f));
    execute(db, fmt::format("CREATE TRIGGER {0} AFTER DELETE ON {1} WHEN old.{2} NOT NULL BEGIN "
                            "DELETE FROM {3} WHERE id = OLD.{4}; END",
                            sql_identifier(rtree + "_delete"), t, g, r, f));
    execute(db, kCreateGpkgExtensions);
    execute(db, fmt::format("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, "
                            "definition, scope) VALUES ({}, {}, 'gpkg_rtree_index', "
                            "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
                            sql_literal(table), sql_literal(geometry)));
}

}  // namespace jitupasna::io

#pragma once
// The recap tables that both the report and the workbook show, each as one list of
// table_view Columns: the workbook writes the GeoPackage table row by row under them, the
// report sums its rows per group under the same columns.

#include <vector>

#include "jitupasna/core/output_schema.hpp"
#include "table_view.hpp"

namespace jitupasna::publish {

// A column of a field under its glossary label; text columns are not summed.
inline Column field_column(const char* field, Format format) {
    Column c{field_header(field), field, format};
    c.summed = format != Format::text;
    return c;
}

// jitupasna_sector: the sector and sub-sector (tokens shown as words) and the satuan of the row,
// then the expected damaged quantity in that satuan (summed per satuan) and the Rupiah of
// damage, losses and needs with their parts (summed over every row).
inline std::vector<Column> sector_columns() {
    namespace col = core::schema::column;
    std::vector<Column> columns = {field_column(col::kSektor, Format::text),
                                   field_column(col::kSubSektor, Format::text),
                                   field_column(col::kSatuan, Format::text)};
    for (const char* field : {"rusak_berat", "rusak_sedang", "rusak_ringan", "hilang"})
        columns.push_back(field_column(field, Format::count));
    for (const char* field :
         {col::kKerusakanRp, "dana_tunggu_hunian_rp", "pembersihan_puing_rp",
          "kehilangan_pendapatan_rp", col::kKerugianRp, "kebutuhan_pembangunan_rp",
          "kebutuhan_bantuan_rp", "kebutuhan_pemulihan_rp", col::kKebutuhanRp})
        columns.push_back(field_column(field, Format::million_rupiah));
    columns[0].label = columns[1].label = true;
    return columns;
}
// How many of sector_columns() name a group (sector, sub-sector, satuan); the report sums the
// rest.
inline constexpr std::size_t kSectorKeyColumns = 3;

// jitupasna_cluster: the cluster (a token shown as words), its lead, its supporting PDs and the
// row's satuan, then
// the expected damaged quantity (summed per satuan), the displaced people and the Rupiah.
inline std::vector<Column> cluster_columns() {
    namespace col = core::schema::column;
    std::vector<Column> columns = {field_column(col::kKlaster, Format::text),
                                   field_column(col::kPengampu, Format::text),
                                   field_column(col::kPendukung, Format::text),
                                   field_column(col::kSatuan, Format::text),
                                   field_column("rusak_berat", Format::count),
                                   field_column("rusak_sedang", Format::count),
                                   field_column("rusak_ringan", Format::count),
                                   field_column(col::kPengungsi, Format::people),
                                   field_column(col::kKerusakanRp, Format::million_rupiah),
                                   field_column(col::kKerugianRp, Format::million_rupiah),
                                   field_column(col::kKebutuhanRp, Format::million_rupiah)};
    columns[0].label = true;
    return columns;
}
// How many of cluster_columns() name a group (cluster, lead, support, satuan); the report sums the
// rest per group.
inline constexpr std::size_t kClusterKeyColumns = 4;

}  // namespace jitupasna::publish

#include "jitupasna/io/raster_source.hpp"

#include <cerrno>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/output_guard.hpp"
#include "jitupasna/io/spatial_ref.hpp"

namespace jitupasna::io {

namespace {

DatasetPtr open_raster(const std::string& path, const std::string& role) {
    require_existing_path(path, role);
    errno = 0;
    DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds) {
        const int saved_errno = errno;
        const std::string reason = take_last_gdal_error();
        // Out of file handles is the machine's state, not the file's fault: say so.
        if (const std::string handles = file_handles_exhausted(reason, saved_errno);
            !handles.empty())
            throw DataError(
                fmt::format("{}: {} opening {}; raise the limit (ulimit -n)", role, handles, path));
        throw DataError(fmt::format("{}: cannot open {} as a raster{}", role, path,
                                    reason.empty() ? "" : " (" + reason + ")"));
    }
    return ds;
}

class GdalWindowReader final : public core::RasterWindowReader {
  public:
    GdalWindowReader(std::shared_ptr<GDALDataset> dataset, int band, const core::GridSpec& grid,
                     std::optional<double> nodata, std::string description)
        : dataset_(std::move(dataset)),
          band_(dataset_->GetRasterBand(band)),
          grid_(grid),
          nodata_(nodata),
          description_(std::move(description)) {}

    const core::GridSpec& grid() const override { return grid_; }

    void read(const core::CellWindow& w, std::vector<double>& values) override {
        values.resize(static_cast<std::size_t>(w.cols) * static_cast<std::size_t>(w.rows));
        if (band_->RasterIO(GF_Read, w.col0, w.row0, w.cols, w.rows, values.data(), w.cols, w.rows,
                            GDT_Float64, 0, 0, nullptr) != CE_None)
            throw DataError(fmt::format("reading {} at cell ({}, {}) failed: {}", description_,
                                        w.col0, w.row0, take_last_gdal_error()));
        // Nodata and non-finite values are "no value" for every rule downstream.
        for (double& v : values) {
            if (!std::isfinite(v) || (nodata_ && v == *nodata_))
                v = std::numeric_limits<double>::quiet_NaN();
        }
    }

  private:
    std::shared_ptr<GDALDataset> dataset_;  // shared by the readers of one thread's bands
    GDALRasterBand* band_;                  // owned by dataset_
    core::GridSpec grid_;
    std::optional<double> nodata_;
    std::string description_;
};

}  // namespace

void check_raster_claim(const std::string& role, const std::string& description, long long cols,
                        long long rows, long long bands, long long block_cols, long long block_rows,
                        int bytes_per_cell) {
    if (cols <= 0 || rows <= 0)
        throw DataError(fmt::format("{}: {} claims {} x {} cells; a raster needs at least one",
                                    role, description, cols, rows));
    const double cells = static_cast<double>(cols) * static_cast<double>(rows);
    if (cells > kMaxRasterCells)
        throw DataError(fmt::format(
            "{}: {} claims {} x {} = {:.3g} cells per band; the limit is {:.3g} (a broken "
            "header, or a grid to resample or cut first)",
            role, description, cols, rows, cells, kMaxRasterCells));
    if (bands < 1 || bands > kMaxRasterBands)
        throw DataError(fmt::format("{}: {} claims {} bands; the limit is {}", role, description,
                                    bands, kMaxRasterBands));
    const double block_bytes = static_cast<double>(std::max(block_cols, 1LL)) *
                               static_cast<double>(std::max(block_rows, 1LL)) *
                               std::max(bytes_per_cell, 1);
    if (block_cols <= 0 || block_rows <= 0 ||
        block_bytes > static_cast<double>(kMaxRasterBlockBytes))
        throw DataError(fmt::format(
            "{}: {} claims blocks of {} x {} cells ({:.3g} MiB to read any one cell); the "
            "limit is {} MiB (rewrite it tiled: gdal_translate -co TILED=YES)",
            role, description, block_cols, block_rows, block_bytes / (1 << 20),
            kMaxRasterBlockBytes >> 20));
}

RasterSource::RasterSource(const core::InputConfig& input, int band, std::string role)
    : path_(input.path), band_(band), role_(std::move(role)) {
    initialize_gdal();
    DatasetPtr ds = open_raster(path_, role_);
    description_ = std::filesystem::path(path_).filename().string();
    if (band < 1 || band > ds->GetRasterCount())
        throw ConfigError(fmt::format("{}: band {} does not exist in {}; it has {} band(s)", role_,
                                      band, description_, ds->GetRasterCount()));
    double gt[6];
    if (ds->GetGeoTransform(gt) != CE_None)
        throw DataError(fmt::format("{}: {} has no georeferencing", role_, description_));
    if (gt[2] != 0 || gt[4] != 0 || gt[1] <= 0 || gt[5] >= 0)
        throw DataError(fmt::format(
            "{}: {} is rotated or not north-up; warp it first (gdalwarp) to a north-up grid", role_,
            description_));
    int block_cols = 0, block_rows = 0;
    ds->GetRasterBand(band)->GetBlockSize(&block_cols, &block_rows);
    check_raster_claim(role_, description_, ds->GetRasterXSize(), ds->GetRasterYSize(),
                       ds->GetRasterCount(), block_cols, block_rows,
                       GDALGetDataTypeSizeBytes(ds->GetRasterBand(band)->GetRasterDataType()));
    grid_ = core::GridSpec{gt[0], gt[3], gt[1], gt[5], ds->GetRasterXSize(), ds->GetRasterYSize()};
    band_count_ = ds->GetRasterCount();
    int has_nodata = 0;
    const double nodata = ds->GetRasterBand(band)->GetNoDataValue(&has_nodata);
    if (has_nodata) nodata_ = nodata;
    crs_ = resolve_crs(ds->GetSpatialRef(), input.crs, fmt::format("{}: {}", role_, description_));
}

std::unique_ptr<core::RasterWindowReader> RasterSource::open_reader(std::optional<int> band) const {
    auto readers = open_readers({band.value_or(band_)});
    return std::move(readers.front());
}

std::vector<std::unique_ptr<core::RasterWindowReader>> RasterSource::open_readers(
    const std::vector<int>& bands) const {
    for (int b : bands)
        if (b < 1 || b > band_count_)
            throw ConfigError(fmt::format("{}: band {} does not exist in {}; it has {} band(s)",
                                          role_, b, description_, band_count_));
    std::shared_ptr<GDALDataset> ds = open_raster(path_, role_);
    std::vector<std::unique_ptr<core::RasterWindowReader>> readers;
    for (int b : bands) {
        std::optional<double> nodata = nodata_;
        if (b != band_) {
            int has_nodata = 0;
            const double value = ds->GetRasterBand(b)->GetNoDataValue(&has_nodata);
            nodata = has_nodata ? std::optional(value) : std::nullopt;
        }
        readers.push_back(std::make_unique<GdalWindowReader>(ds, b, grid_, nodata, description_));
    }
    return readers;
}

}  // namespace jitupasna::io

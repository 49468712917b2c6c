#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/point_transform.hpp"
#include "jitupasna/core/raster_sampling.hpp"
#include "jitupasna/core/spatial_index.hpp"

namespace jitupasna::core {

// How a structure's footprint is reduced to one hazard value or class.
enum class Sampling {
    centroid,  // the hazard under the centroid
    max,       // the most severe hazard whose area the footprint intersects
    mean,      // area-weighted mean value over the covered part of the footprint
    majority,  // the class covering the largest share of the footprint's covered part
};

const char* sampling_name(Sampling sampling);

struct HazardSample {
    std::optional<double> value;  // nullopt: no value (or a classified hazard without numbers)
    std::size_t hazard_class = 0;
};

// A part of a line or polygon lying in one hazard class.
struct HazardPiece {
    GeomPtr geometry;
    HazardSample sample;
};

// Turns geometries into hazard classes. One instance per thread.
class HazardSampler {
  public:
    virtual ~HazardSampler() = default;
    // Structures: one sample for the whole footprint, given in the hazard's own CRS.
    virtual HazardSample sample(const GEOSGeometry* geom, Sampling sampling) = 0;
    // The hazard at a point of the hazard's own CRS.
    virtual HazardSample sample_at(double x, double y) = 0;
    // Divisible exposures: splits a line or polygon given in the work CRS (the admin CRS) into
    // pieces, each in one class; together the pieces cover the geometry exactly once. Parts
    // with no hazard are pieces of class not_exposed.
    virtual void split(const GEOSGeometry* geom, std::vector<HazardPiece>& pieces) = 0;
};

// A hazard raster. Footprints are sampled on the raster's own grid; for split(), cells are
// carried into the work CRS by the given transformations (nullptr: same CRS).
class RasterHazardSampler final : public HazardSampler {
  public:
    RasterHazardSampler(RasterWindowReader& reader, const HazardClassifier& classifier,
                        const GeosContext& ctx, PointTransform* work_to_raster = nullptr,
                        PointTransform* raster_to_work = nullptr);

    HazardSample sample(const GEOSGeometry* geom, Sampling sampling) override;
    HazardSample sample_at(double x, double y) override;
    void split(const GEOSGeometry* geom, std::vector<HazardPiece>& pieces) override;

    // At most this many cells are read at once (tests force small parts: the results must
    // not depend on it).
    void set_max_cells_per_read(std::size_t cells) { max_cells_per_read_ = cells; }

  private:
    HazardSample from_value(std::optional<double> value) const;
    GeomPtr cell_polygon(int col, int row, int cols = 1, int rows = 1) const;  // in work CRS
    HazardSample weighted(const GEOSGeometry* geom, Sampling sampling);
    void split_lines(const GEOSGeometry* in_raster, const CellWindow& window,
                     std::vector<HazardPiece>& pieces);

    RasterWindowReader& reader_;
    const HazardClassifier& classifier_;
    const GeosContext& ctx_;
    PointTransform* work_to_raster_;
    PointTransform* raster_to_work_;
    std::size_t max_cells_per_read_ = kMaxCellsPerRead;
};

// A polygon of a vector hazard layer, in the work CRS.
struct HazardZone {
    std::string wkb;
    std::size_t hazard_class = 0;
    std::optional<double> value;  // numeric hazards (value_field)
};

// Vector hazard polygons with an R-tree, built once and shared read-only by all threads.
class HazardZoneIndex {
  public:
    explicit HazardZoneIndex(std::vector<HazardZone> zones);
    const std::vector<HazardZone>& zones() const { return zones_; }
    // Zones whose envelope intersects env, most severe first (class, then higher value, then
    // layer order): where zones overlap, the first one wins.
    std::vector<std::size_t> candidates(const Envelope& env) const;

  private:
    std::vector<HazardZone> zones_;
    EnvelopeIndex tree_;
};

// Samples vector hazard zones; the hazard's own CRS is the work CRS.
class VectorHazardSampler final : public HazardSampler {
  public:
    VectorHazardSampler(const HazardZoneIndex& index, const HazardClassifier& classifier,
                        const GeosContext& ctx);

    HazardSample sample(const GEOSGeometry* geom, Sampling sampling) override;
    HazardSample sample_at(double x, double y) override;
    void split(const GEOSGeometry* geom, std::vector<HazardPiece>& pieces) override;

  private:
    const GEOSGeometry* geometry(std::size_t zone) { return cache_.geometry(zone); }
    const GEOSPreparedGeometry* prepared(std::size_t zone) { return cache_.prepared(zone); }
    HazardSample of_zone(std::size_t zone) const;
    HazardSample first_matching(const GEOSGeometry* geom, bool interior);

    const HazardZoneIndex& index_;
    const HazardClassifier& classifier_;
    const GeosContext& ctx_;
    PreparedCache cache_;
};

// Chooses from pieces of a footprint (with their areas) by mean value or majority class,
// ignoring the not_exposed parts; not_exposed when nothing is covered.
HazardSample summarize_pieces(const std::vector<std::pair<HazardSample, double>>& weighted_pieces,
                              const HazardClassifier& classifier, Sampling sampling);

// summarize_pieces one piece at a time, without keeping the pieces: the same sums in the same
// order, so the same result, in memory bounded by the number of classes.
class PieceSummary {
  public:
    PieceSummary(const HazardClassifier& classifier, Sampling sampling);
    void add(const HazardSample& sample, double area);
    HazardSample result() const;

  private:
    struct ClassSums {
        double area = 0;        // every piece of the class
        double value_area = 0;  // the pieces with a value
        double value_sum = 0;   // value x area over those
    };
    const HazardClassifier& classifier_;
    Sampling sampling_;
    double value_area_ = 0, value_sum_ = 0;  // every class but not_exposed
    std::map<std::size_t, ClassSums> by_class_;
};

}  // namespace jitupasna::core

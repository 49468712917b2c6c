#pragma once
// The hazard of a run, whatever its form (raster, ShakeMap grid, vector polygons), opened once
// and sampled by each worker thread through its own core::HazardSampler.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jitupasna/core/hazard.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::pipeline {

using InfoRows = std::vector<std::pair<std::string, std::string>>;

// One thread's sampler together with the readers and transformations it uses.
class ThreadHazard {
  public:
    virtual ~ThreadHazard() = default;
    // Classes and divisible splits use this one (for realizations: their mean).
    virtual core::HazardSampler& sampler() = 0;
    // Realizations of the same event (0: a single hazard, use sampler()).
    virtual std::size_t realizations() const { return 0; }
    virtual core::HazardSampler& realization(std::size_t) { return sampler(); }
};

class HazardLayer {
  public:
    virtual ~HazardLayer() = default;
    // The CRS that HazardSampler::sample and sample_at expect (vector zones: the admin CRS).
    virtual const OGRSpatialReference& crs() const = 0;
    virtual std::unique_ptr<ThreadHazard> for_thread(const core::GeosContext& ctx) const = 0;
    // run_info rows (keys relative to "input.hazard") and a one-line description for `check`.
    virtual InfoRows describe() const = 0;
    virtual std::string summary() const = 0;
    // Realizations of the event (bands); 0 for a single hazard.
    virtual std::size_t realizations() const { return 0; }
    // Where the hazard has values, as an envelope in the admin CRS (nullopt: unknown/empty),
    // and whether that envelope is the hazard's full coverage (rasters) or only its bounds.
    virtual std::optional<core::Envelope> extent_in_admin_crs() const = 0;
    virtual bool extent_is_coverage() const { return true; }
};

// Opens the hazard of a scenario; zones of a vector hazard are moved to the admin CRS.
std::unique_ptr<HazardLayer> open_hazard(const core::HazardConfig& config,
                                         const core::HazardClassifier& classifier,
                                         const OGRSpatialReference& admin_crs,
                                         std::vector<std::string>& warnings);

}  // namespace jitupasna::pipeline

#include "jitupasna/core/spatial_index.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace jitupasna::core {

namespace bgi = boost::geometry::index;

EnvelopeIndex::EnvelopeIndex(std::size_t count,
                             const std::function<std::string_view(std::size_t)>& wkb_of,
                             const std::function<std::string(std::size_t)>& describe) {
    GeosContext ctx;
    std::vector<std::pair<Box, std::size_t>> entries;
    entries.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (wkb_of(i).empty()) continue;  // an entry without geometry is never a candidate
        GeomPtr geom = geom_from_wkb(ctx, wkb_of(i));
        if (!geom) throw std::invalid_argument(describe(i) + ": unreadable geometry");
        if (is_empty(ctx, geom.get())) continue;
        const Envelope env = envelope(ctx, geom.get());
        entries.emplace_back(Box{{env.xmin, env.ymin}, {env.xmax, env.ymax}}, i);
    }
    tree_ = decltype(tree_)(entries.begin(), entries.end());  // bulk loading packs the tree
}

std::vector<std::size_t> EnvelopeIndex::candidates(const Envelope& env) const {
    std::vector<std::pair<Box, std::size_t>> hits;
    tree_.query(bgi::intersects(Box{{env.xmin, env.ymin}, {env.xmax, env.ymax}}),
                std::back_inserter(hits));
    std::vector<std::size_t> result;
    result.reserve(hits.size());
    for (const auto& hit : hits) result.push_back(hit.second);
    std::sort(result.begin(), result.end());
    return result;
}

PreparedCache::PreparedCache(const GeosContext& ctx, std::size_t count,
                             std::function<std::string_view(std::size_t)> wkb_of)
    : ctx_(ctx), wkb_of_(std::move(wkb_of)), geometries_(count), prepared_(count) {}

const GEOSGeometry* PreparedCache::geometry(std::size_t i) {
    if (!geometries_[i]) geometries_[i] = geom_from_wkb(ctx_, wkb_of_(i));
    return geometries_[i].get();
}

const GEOSPreparedGeometry* PreparedCache::prepared(std::size_t i) {
    if (!prepared_[i])
        prepared_[i] = prepared_ptr(ctx_.handle(), GEOSPrepare_r(ctx_.handle(), geometry(i)));
    return prepared_[i].get();
}

}  // namespace jitupasna::core

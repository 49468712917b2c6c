#include "jitupasna/core/rounding.hpp"

#include <cmath>

namespace jitupasna::core::rounding {

namespace {

// Up to a multiple of step, tolerating floating-point noise just above a multiple.
double up_to(double value, double step) {
    if (!std::isfinite(value) || value <= 0) return value;
    const double steps = value / step;
    const double nearest = std::round(steps);
    return (std::fabs(steps - nearest) < 1e-6 ? nearest : std::ceil(steps)) * step;
}

}  // namespace

double people_step(double people) {
    if (people < 10) return 1;
    if (people < 1000) return 10;
    if (people < 100000) return 100;
    return 1000;
}

double round_count(double count) { return up_to(count, 1); }

double round_people(double people) {
    const double whole = up_to(people, 1);
    if (!std::isfinite(whole) || whole <= 0) return whole;
    return up_to(whole, people_step(whole));
}

double rupiah_in_millions(double rupiah) {
    if (!std::isfinite(rupiah)) return rupiah;
    const double millions = std::round(rupiah / 1e6);
    return millions == 0 ? 0.0 : millions;  // never -0
}

}  // namespace jitupasna::core::rounding

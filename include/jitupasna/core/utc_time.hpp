#pragma once
// The one way jitupasna writes a moment: UTC, ISO 8601 to the second ("2026-12-06T15:04:05Z"),
// in run_info, the imported forms' dates and the draft's document properties.

#include <string>

namespace jitupasna::core {

std::string utc_now_iso();

}  // namespace jitupasna::core

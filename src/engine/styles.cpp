#include "styles.hpp"

namespace jitupasna::engine {

void write_styles_and_metadata(io::GpkgWriter&, const StyleContext&) {}

}  // namespace jitupasna::engine

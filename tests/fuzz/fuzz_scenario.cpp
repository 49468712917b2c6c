// libFuzzer target: any bytes as a scenario file. parse_scenario must either return a scenario
// or throw ConfigError (a message for the user, exit code 2); any other exception, a crash, a
// leak or undefined behaviour is a finding.
//
// An input whose first line is "# with-defaults" is parsed over the real damage-model defaults
// (data/defaults/jitupasna_defaults.yaml), so the merge of scenario keys over the defaults is
// exercised too.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <typeinfo>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/scenario.hpp"

namespace {

const std::string& defaults_text() {
    static const std::string text = [] {
        std::ifstream in(JITUPASNA_FUZZ_DEFAULTS, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }();
    return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const bool with_defaults = text.rfind("# with-defaults\n", 0) == 0;
    try {
        if (with_defaults) {
            (void)jitupasna::core::parse_scenario(text, "fuzz.yaml", "/tmp", defaults_text(),
                                                  "jitupasna_defaults.yaml");
        } else {
            (void)jitupasna::core::parse_scenario(text, "fuzz.yaml", "/tmp");
        }
    } catch (const jitupasna::ConfigError&) {
        // The documented outcome for a bad scenario.
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FINDING: parse_scenario threw %s (not ConfigError): %s\n",
                     typeid(e).name(), e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "FINDING: parse_scenario threw a non-std exception\n");
        std::abort();
    }
    return 0;
}

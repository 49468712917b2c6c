#pragma once
// A stop asked for by SIGINT or SIGTERM. main() sets the flag from the signal handler; every
// long loop of every command (reading features, rendering maps, writing sheets) polls it and
// throws Interrupted, so that the command ends within a second and its atomic outputs are
// removed unfinished, leaving any earlier file of the same name as it was.

#include <atomic>

#include "jitupasna/core/errors.hpp"

namespace jitupasna {

// The command was stopped by SIGINT or SIGTERM: exit code 1, like every data error, with the
// message "interrupted"; nothing partial was left behind.
class Interrupted : public DataError {
  public:
    Interrupted() : DataError("interrupted") {}
};

}  // namespace jitupasna

namespace jitupasna::core {

// Lock-free, so that a signal handler may set it.
inline std::atomic<bool>& interrupt_flag() {
    static std::atomic<bool> flag{false};
    static_assert(std::atomic<bool>::is_always_lock_free);
    return flag;
}

// Cheap enough to call per feature or per table row.
inline void throw_if_interrupted() {
    if (interrupt_flag().load(std::memory_order_relaxed)) throw Interrupted();
}

}  // namespace jitupasna::core

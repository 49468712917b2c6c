#pragma once

#include <string>

// What the run is working on, kept cheaply so that running out of memory (std::bad_alloc,
// anywhere) is reported as one line naming the input, layer and feature instead of a bare
// "std::bad_alloc" (issue 13). main() reads describe() in its catch.
namespace jitupasna::pipeline::work_context {

// The input being read now, e.g. "exposure 'bangunan': bangunan.gpkg layer bangunan". Set at
// the start of each stage (rare: a mutex).
void set_input(std::string description);
// The feature (or cell block) the calling thread works on: a thread-local store, cheap enough
// for every feature.
void set_feature(long long id, const char* what = "feature");
// Called in the failing thread's catch: keeps that thread's feature for describe() (the first
// failure wins).
void note_failure_here();
// "exposure 'bangunan': bangunan.gpkg layer bangunan, feature 1234" (as much as is known;
// "the inputs" before any stage started).
std::string describe();

}  // namespace jitupasna::pipeline::work_context

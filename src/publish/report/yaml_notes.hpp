#pragma once
// The commented entries of a YAML file (the defaults, a scenario), for the report's
// assumptions: each entry's key path, its value as written, and the comment that documents it
// (its source, or ASSUMPTION). yaml-cpp drops comments, so this reads the text itself. The
// comment block a file opens with is its header: never a key's comment.

#include <string>
#include <vector>

namespace jitupasna::publish::report {

struct YamlEntry {
    std::string key;               // last key, e.g. "waiting_allowance_months"
    std::string path;              // dotted path, e.g. "losses.waiting_allowance_months"
    std::string value;             // the value as written (a section: its lines joined with "; ")
    std::string comment;           // the comment lines just above it and the one after it
    std::string comment_above;     // the comment lines just above it alone
    std::string comment_after;     // the comment after it on its line alone
    int depth = 0;                 // 0 for a top-level key
    bool section = false;          // the value is the lines below the key
    bool commented_below = false;  // a section with commented entries inside
    bool has_children = false;
    int parent = -1;           // index of the enclosing key, -1 at the top level
    bool first_child = false;  // the first key inside its parent

    bool assumption() const { return comment.find("ASSUMPTION") != std::string::npos; }
};

// Every key of the file, in order. Values longer than max_value characters are cut with "…".
std::vector<YamlEntry> yaml_entries(const std::string& text, std::size_t max_value = 320);

// The text without its header comment block (and the blank lines after it).
std::string without_header(const std::string& text);

}  // namespace jitupasna::publish::report

#pragma once
// What every command checks before it writes anything: that an output path is usable and that
// it is not one of the files the command reads (an output replaces its target, so `-o` aimed
// at an input would destroy it, --overwrite or not). And what an output failure says, so that
// a full disk or too many open files is blamed on the output, not on an input.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace jitupasna::io {

// A file the command reads, with the words that name it in a message, e.g. {"data/admin.gpkg",
// "the scenario's admin input (admin.source)"}. `path` may be what GDAL opens (/vsizip/...).
struct NamedInput {
    std::string path;
    std::string role;
};

// Throws ConfigError unless `output` can name a file to write: not empty, no NUL or control
// characters (shown escaped), not ending in '/', not an existing folder. `option` is how the
// user gave it ("-o", "--xlsx"), for the message; `example` a file name the message suggests.
void check_output_path(const std::string& output, std::string_view option,
                       std::string_view example = "hasil.gpkg");

// Same, for a folder that will receive files (export --csv DIR): a folder may exist, a file
// may not.
void check_output_folder(const std::string& folder, std::string_view option);

// Throws ConfigError when `output` is the same file as one of `inputs`: same device and inode
// after following links (so a symbolic or hard link to an input counts), the files beside a
// shapefile and the archive of a /vsizip/ path included. Refused even with --overwrite.
// The message reads "<what> X is <role>; choose another <option>".
void refuse_output_over_inputs(const std::filesystem::path& output,
                               const std::vector<NamedInput>& inputs, std::string_view option,
                               std::string_view what = "output");

// The files on disk behind what GDAL opens: the archive of /vsizip/a.zip/x.shp, else the path
// itself, with the files beside it that are read with it (core::sidecar_files).
std::vector<std::filesystem::path> files_behind(const std::string& gdal_path);

// `text` with bytes below 0x20 and 0x7f written as \n, \t or \xNN, for messages.
std::string escape_control(std::string_view text);

// When writing `target` failed for want of a resource, the words that say so and name the
// output: "no space left on device writing OUT" when the errno or the library's message says
// so or the output's filesystem has no room left; "too many open files (limit N) writing OUT;
// ..." for EMFILE/ENFILE. Else "" (the caller words the failure itself). `saved_errno` is errno
// right after the failure (0 if unknown).
std::string output_resource_failure(const std::filesystem::path& target, int saved_errno,
                                    std::string_view detail);

// The same, or "cannot write OUT: <detail>" (or strerror) for any other failure.
std::string describe_write_failure(const std::filesystem::path& target, int saved_errno,
                                   std::string_view detail = {});

// True when `text` (a library's message) or `saved_errno` says the disk is full.
bool says_disk_full(std::string_view text, int saved_errno);

// "too many open files (limit N)" when `saved_errno` or `text` says the process or system ran
// out of file handles, else "".
std::string file_handles_exhausted(std::string_view text, int saved_errno);

}  // namespace jitupasna::io

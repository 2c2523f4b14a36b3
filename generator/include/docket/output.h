// output/: writes the whole site to a temporary directory next to the output, then swaps it in.
// A failed build leaves the previous output untouched.
#pragma once

#include "docket/diagnostic.h"
#include "docket/render.h"

#include <filesystem>
#include <optional>
#include <vector>

namespace docket {

// A file to copy into the output (theme assets, npm-installed scripts).
struct CopiedFile {
    std::filesystem::path from;
    std::string to; // relative output path
};

class OutputDir {
  public:
    // Creates "<out>.tmp-<pid>" beside `out`. Reports an error when `out` exists and is not a
    // directory.
    OutputDir(std::filesystem::path out, Diagnostics& diags);
    ~OutputDir(); // removes the temporary directory unless committed

    bool ok() const { return ok_; }
    const std::filesystem::path& staging() const { return staging_; }

    // Writes every file (relative, normalised paths only; anything else is refused).
    bool write(const std::vector<OutputFile>& files, Diagnostics& diags);
    // Writes one file; safe to call from several threads at once.
    bool write(const OutputFile& file, Diagnostics& diags);
    bool copy(const std::vector<CopiedFile>& files, Diagnostics& diags);

    // Swaps the staged tree in place of the output directory.
    bool commit(Diagnostics& diags);

  private:
    // The staged path for a relative output path (its directories created), or nullopt with an
    // error when the path would leave the output directory.
    std::optional<std::filesystem::path> target_for(const std::string& path, Diagnostics& diags) const;

    std::filesystem::path out_, staging_;
    bool ok_ = false, committed_ = false;
};

// Reports an error, and returns false, when swapping in `out` would replace one of `keep` (the
// site's sources): `out` is one of them or a directory above one ("--out ." or "--out ..").
bool check_output_location(const std::filesystem::path& out, const std::vector<std::filesystem::path>& keep,
                           Diagnostics& diags);

// True for a relative path with no "..", no empty or "." segments, no leading '/', no NUL or
// backslash.
bool safe_relative_path(std::string_view path);

} // namespace docket

// output/: the output directory that docket owns, and files replaced whole.
//
// A build writes the whole site to a staging directory beside the output and swaps it in only
// when everything succeeded; the previous output stays as it was until then. docket marks what
// it writes (".docket-output" lists every file), refuses to replace a directory it did not
// write, keeps files in its output that it did not write, holds a lock so two builds cannot
// interleave, and on start repairs what a killed build left. docs/architecture.md, "The output
// directory", has the whole protocol.
#pragma once

#include "docket/diagnostic.h"
#include "docket/output_file.h"

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace docket {

// A file to copy into the output (theme assets, npm-installed scripts).
struct CopiedFile {
    std::filesystem::path from;
    std::string to; // relative output path
};

// The marker file in every output and staging directory docket writes.
inline constexpr std::string_view output_marker = ".docket-output";

class OutputDir {
  public:
    // Takes the lock of `out`'s parent directory (waiting, with a message, while another build
    // holds it), repairs what killed builds left beside `out`, checks that `out` is docket's
    // (or empty, or `force`), and creates the staging directory. Errors go to `diags`; ok()
    // is false then.
    OutputDir(const std::filesystem::path& out, bool force, Diagnostics& diags);
    ~OutputDir(); // removes the staging directory unless committed
    OutputDir(const OutputDir&) = delete;
    OutputDir& operator=(const OutputDir&) = delete;

    bool ok() const { return ok_; }
    const std::filesystem::path& staging() const { return staging_; }
    // The output directory (absolute; the one a symbolic link names): until commit(), where the
    // previous build's files are.
    const std::filesystem::path& path() const { return out_; }

    // Writes every file (relative, normalised paths only; anything else is refused).
    bool write(const std::vector<OutputFile>& files, Diagnostics& diags);
    // Writes one file; safe to call from several threads at once. A file whose bytes equal
    // those of the file docket wrote at its path in the previous output is that file, linked
    // (a hard link: nothing is written, and removing the previous tree frees nothing of it;
    // it keeps its time, so a sync to a server sees it unchanged).
    bool write(const OutputFile& file, Diagnostics& diags);
    // The staged path of `path`, for a file its caller writes there itself (a zip written as it
    // is made), or nullopt with an error; settle(path) once it is written.
    std::optional<std::filesystem::path> stage(const std::string& path, Diagnostics& diags);
    // The file written at staged `path` is replaced by a link to the previous output's file at
    // `path` when their bytes are equal, as write() does.
    void settle(const std::string& path);
    // Whether the file at `path` is the previous output's, linked by write: its bytes are those
    // the previous build wrote and checked.
    bool linked(const std::string& path) const;
    bool copy(const std::vector<CopiedFile>& files, Diagnostics& diags);
    // Notes in the marker that the file this build writes at `path`, whose bytes have SHA-256
    // `digest`, was made from inputs whose digest is `inputs` (each once; safe from several
    // threads at once).
    void note(const std::string& path, const std::string& inputs, const std::string& digest);
    // The previous output's file at `path` as this build's file, without making it again: when
    // the previous build noted it made from `inputs`, and it still holds the bytes noted then
    // (`digest` of them, as note() was given). Linked as write() links an unchanged file, and
    // noted again. False, with nothing at `path`, otherwise.
    bool reuse(const std::string& path, const std::string& inputs,
               const std::function<std::string(std::string_view)>& digest);

    // Swaps the staged tree in place of the output directory, keeping the files of the previous
    // output that docket did not write (an error, before anything moves, when the new site has
    // a file at such a path, unless `force`).
    bool commit(Diagnostics& diags);

  private:
    // The staged path for a relative output path (its directories created), or nullopt with an
    // error when the path would leave the output directory.
    std::optional<std::filesystem::path> target_for(const std::string& path, Diagnostics& diags);
    // Stages in the spare beside the output, when there is one of docket's: the previous
    // output's directories, so that a rebuild creates none and the swap removes none.
    void take_spare();
    // Before the swap: removes what the spare held that this build did not write.
    void prune_spare();
    // After the swap: `left`, the previous output, becomes the spare; false when it cannot.
    bool keep_spare(const std::filesystem::path& left);

    std::filesystem::path out_, staging_;
    bool force_ = false, foreign_ = false, ok_ = false, committed_ = false, reused_ = false;
    int lock_fd_ = -1;
    mutable std::mutex written_mutex_;
    std::vector<std::string> written_;         // every path written, for the marker
    std::unordered_set<std::string> previous_; // the files docket wrote in the previous output
    std::unordered_set<std::string> linked_;   // the files linked from it (written_mutex_)
    // What the spare held when take_spare staged in it: its files (by its marker) and the
    // directories above them.
    std::unordered_set<std::string> spare_files_, spare_dirs_;
    // A file's inputs and bytes, as note() takes them: the previous build's, and this one's
    // (written_mutex_).
    struct Note {
        std::string inputs, digest;
    };
    std::unordered_map<std::string, Note> previous_notes_;
    std::map<std::string, Note> notes_;
};

// True when `path` is `dir` or lies below it (symbolic links that exist resolved).
bool path_within(const std::filesystem::path& path, const std::filesystem::path& dir);

// Reports an error, and returns false, when swapping in `out` would replace one of `keep` (the
// site's sources): `out` is one of them or a directory above one ("--out ." or "--out ..").
bool check_output_location(const std::filesystem::path& out,
                           const std::vector<std::filesystem::path>& keep, Diagnostics& diags);

// True for a relative path with no "..", no empty or "." segments, no leading '/', no backslash
// and no control character (a line break in a name would break the marker's and a bag
// manifest's one name per line).
bool safe_relative_path(std::string_view path);

} // namespace docket

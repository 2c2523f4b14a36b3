// The whole pipeline, wired: config -> content -> markdown -> links -> render -> search ->
// output. The CLI only parses arguments and calls this.
#pragma once

#include "docket/diagnostic.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace docket {

struct BuildOptions {
    std::filesystem::path source = ".";
    std::optional<std::filesystem::path> out;  // default: site.toml's output, under source
    bool write = true;                         // false: `docket check`
    std::function<void(const char*)> progress; // told each stage as it starts (the CLI's indicator)
    unsigned threads = 0;                      // 0: one per core
    std::optional<bool> search;                // overrides site.toml's [search] enabled
    std::filesystem::path emit_search_corpus;  // write the search corpus here too
    std::filesystem::path emit_search_index;   // write the whole Lunr index (JSON) here too
    bool archives = true;                      // meeting packs and the offline zip
    bool force = false;                        // build into a directory docket did not write
    bool preview = false; // docket serve: no archives; a meeting page says its pack is not built
    // The first pages' ASTs stay in memory, up to this many bytes of their bodies (about eight
    // times as many bytes of AST); the others are dropped as soon as they are parsed (their
    // links resolved then, FirstPassLinks), and parsed again, one at a time, to render them
    // (page_doc). The output is the same for any value.
    std::size_t kept_body_bytes = std::size_t{8} << 20;
    // The render hands the search index each page's documents (SearchFeed) while it is at most
    // this many pages ahead of it; past that, the index parses the page again itself. The output
    // is the same for any value (0: the index parses every page).
    std::size_t search_window = 2048;
    // The offline zip is written a batch of entries at a time, each batch about this many bytes
    // of pages and files (ZipOptions::batch_bytes): some 150 pages, enough for every thread.
    // The zip is the same for any value.
    std::size_t zip_batch_bytes = std::size_t{2} << 20;
};

// How long a stage of the build took (wall time). The search index is built beside the packs
// and pages, so its time overlaps theirs.
struct StageTime {
    std::string stage;
    double seconds = 0;
};

struct BuildResult {
    std::size_t pages = 0; // content pages
    std::size_t files = 0; // files written
    // PreviewBuilds: the files it rendered again after an edit of one page's text; 0 for a whole
    // build.
    std::size_t rendered_again = 0;
    double seconds = 0;
    std::filesystem::path out;
    std::vector<StageTime> stages; // in the order they ended
};

// Runs the pipeline; every problem goes to `diags`. Nothing is written when any error is found.
BuildResult build_site(const BuildOptions& options, Diagnostics& diags);

// docket serve's builds of one site into one output, archives left out (a meeting page says its
// pack is not made in the preview). The first build, and any after a change that is not one
// page's text or title, is a whole build. After an edit of one page's text (its links and term
// mentions too) or title that leaves its headings as they were, only the files that show what
// changed are rendered again (RenderedSite::bodies and ::shown), and finish() writes the search
// index again. Either way the output is the bytes a whole build writes.
class PreviewBuilds {
  public:
    explicit PreviewBuilds(BuildOptions options);
    ~PreviewBuilds();
    PreviewBuilds(const PreviewBuilds&) = delete;
    PreviewBuilds& operator=(const PreviewBuilds&) = delete;
    // Builds after the source files `changed` changed (none: a whole build). The pages are
    // written when it returns.
    BuildResult build(const std::vector<std::filesystem::path>& changed, Diagnostics& diags);
    // The search index, after a build that rendered only some pages; nothing otherwise.
    void finish(Diagnostics& diags);

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// The folders a build of `source` reads, for a watcher: site.toml's (only site.toml in it),
// the content's (the site's folder itself for a plain tree) and the theme's. Read from
// site.toml each time: a change to it can name another theme.
struct SourceFolders {
    std::filesystem::path site;    // where site.toml is
    std::filesystem::path content; // watched with its subfolders
    std::filesystem::path theme;   // watched with its subfolders
    std::string output;            // site.toml's output folder (a plain tree's, not watched)
};
SourceFolders source_folders(const std::filesystem::path& source);

// docket serve's page listing the errors among `diags` (each with its source line, read from
// `source`), in the words of the site's theme (the default theme's English when site.toml or
// the theme cannot be read), loading the script `script_src`.
std::string preview_errors(const std::filesystem::path& source,
                           const std::vector<Diagnostic>& diags, const std::string& script_src);

// <script src="`src`"></script>, put into a served page (docket serve; the CLI sees only this
// header, render/ writes the element).
std::string preview_script(const std::string& src);

struct PackOptions {
    std::filesystem::path source = ".";
    std::string meeting;        // the meeting's page id
    std::filesystem::path file; // the zip to write
    unsigned threads = 0;       // 0: one per core
};

struct PackResult {
    std::size_t pages = 0;   // content pages in the pack
    std::uint64_t bytes = 0; // size of the zip
};

// Builds one meeting's pack (the same bytes `docket build` writes for it) without rendering the
// rest of the site; writes it beside `file`, checks it, then renames it into place.
PackResult build_pack(const PackOptions& options, Diagnostics& diags);

// The HTML docket writes for the body of a page of the site in `source` whose text is `text`,
// without the theme around it (`docket markdown`): the page alone on the site, so a link to
// another page is an error. Every problem goes to `diags`.
std::string render_markdown(const std::filesystem::path& source, std::string text,
                            Diagnostics& diags);

} // namespace docket

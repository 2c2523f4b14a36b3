// index/: the site's pages -> a search corpus (docket index's format) -> a Lunr index, and the
// result store, both delivered as scripts that assign the data (a page opened from file://
// cannot fetch() JSON).
#pragma once

#include "docket/files.h"
#include "docket/links.h"
#include "docket/output_file.h"
#include "docket/site.h"

#include "lunr/inverted_index.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

class Theme; // render.h: the kinds' names in the site's language

// Where build_search's files go in the output: the directory is the search index's alone.
inline constexpr std::string_view search_directory = "assets/search/";

struct SearchFiles {
    std::string corpus_json; // the documents in `docket index`'s corpus format, when asked for
    std::string lunr_index;  // the whole Lunr index's JSON, when asked for
    // Scripts under search_directory (docs/architecture.md, "Search shards"): p/<k>.js, the
    // result store's part of the k-th page indexed; t/<n>.js, the term shards; vocabulary.js,
    // documents.js and manifest.js. Kept here unless a sink took them as they were made.
    std::vector<OutputFile> files;
    std::vector<std::string> paths; // of all of them, in the order they were made
    std::size_t documents = 0;
};

// Whether build_search has a pipeline for the language: "en" (lunr.js's own) or "sv" (lunr.sv).
bool has_search_pipeline(std::string_view language);

// The documents of every page of the site's search index as its builder analysed them (the
// pipeline's terms of each field, lunr::AnalysedField), kept in an unlinked file in a directory
// (the staging output), not in memory: a meeting pack's index is made from its pages'
// (build_pack_search) without making their texts and running the pipeline again.
class AnalysedPages {
  public:
    // Throws std::system_error when it cannot make its file in `dir`.
    explicit AnalysedPages(const std::filesystem::path& dir);

    // Appends the next pages' records: page k's is bytes[ends[k - 1], ends[k]) (from 0 for the
    // first). Throws std::system_error when the file cannot be written.
    void append(std::string_view bytes, std::span<const std::size_t> ends);
    // Page i's record; nullopt when the file cannot be read.
    std::optional<std::string> record(std::size_t i) const;

    lunr::Vocabulary vocabulary; // the terms of the site's index, once it is built

  private:
    RecordFile file_;
    std::vector<std::uint64_t> offsets_{0}; // page i's record is [offsets_[i], offsets_[i + 1])
};

using SearchSink = std::function<void(OutputFile&&)>;

// The pages' documents handed from the render, which holds each page's AST while it writes it
// (render_site's AstSink), to build_search, which would otherwise parse every page again: a
// rendering thread makes page i's documents and writes its part of the result store to `sink`
// (`give`); build_search takes them in page order. A page given more than `window` pages ahead
// of the one build_search takes next is not kept (build_search makes it, parsing the page
// again), so the documents held stay few however far the render runs ahead; nothing waits on
// the other side. Once `close`d (the render is over, or failed), build_search makes the pages
// it was not given.
struct FedPages; // build_search's side, site_index.cpp
class SearchFeed {
  public:
    SearchFeed(const Site& site, const Theme& theme, SearchSink sink, std::size_t window);
    ~SearchFeed();
    void give(std::size_t i, const PageDoc& doc); // from any thread
    void close();
    FedPages& pages() { return *pages_; }

  private:
    std::unique_ptr<FedPages> pages_;
};

// One document per page, and one per "## " section of pages with at least `min_sections`
// sections (ref = the page's URL with "#anchor"). Fields: title (boost 10), diarienummer
// (boost 5), kind (the theme's name of it), body; indexed with site.config.language's pipeline
// (std::invalid_argument when there is none). `only`, when given, limits the index to those
// pages (sorted; a meeting pack's). Pages' texts are collected on `threads` threads;
// `with_corpus` also fills corpus_json (what lunr.js would build the same index from:
// `--emit-search-corpus`), `with_lunr_index` lunr_index (`--emit-search-index`). `sink`, when
// given, takes each file as it is made (from several threads at once), so that the index's
// files are never all in memory. `analysed`, when given, gets the documents of each page as
// analysed, and the index's vocabulary. `feed`, when given (with `sink`, and no `only`), hands
// over the pages' documents, and has written their parts of the store.
SearchFiles build_search(const Site& site, const LinkGraph& graph, const Theme& theme,
                         const std::vector<std::size_t>* only = nullptr, unsigned threads = 1,
                         bool with_corpus = false, bool with_lunr_index = false,
                         const SearchSink& sink = {}, AnalysedPages* analysed = nullptr,
                         SearchFeed* feed = nullptr);

// The search index of pages `only` (build_search's, and the same files), made from the site's
// index: the pages' documents as it analysed them, and its store parts, which `site_file` gives
// (the bytes of the file of the site's index at a path, nullopt when it cannot be read).
// nullopt (reported) when a record or file cannot be read.
using SiteFile = std::function<std::optional<std::string>(const std::string& path)>;
std::optional<SearchFiles> build_pack_search(const Site& site, const AnalysedPages& analysed,
                                             const std::vector<std::size_t>& only,
                                             const SiteFile& site_file, Diagnostics& diags);

} // namespace docket

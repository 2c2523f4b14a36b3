// render/: the Markdown AST and the theme's compiled templates, written as HTML5 through one
// HtmlWriter as they are walked (no DOM per page). Nothing is built by concatenating HTML strings.
#pragma once

#include "docket/diagnostic.h"
#include "docket/file_links.h"
#include "docket/files.h"
#include "docket/links.h"
#include "docket/output_file.h"
#include "docket/site.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace docket {

class Template;

class Theme {
  public:
    // Reads every templates/*.html (well-formed XHTML) and i18n/<language>.toml once, and
    // compiles the templates. A theme without the language's i18n file is an error at
    // `language_at` in site.toml when site.toml sets the language.
    static std::unique_ptr<Theme> load(const std::filesystem::path& dir,
                                       const std::string& language, Diagnostics& diags,
                                       TomlPosition language_at = {});
    ~Theme();
    const Template* find(const std::string& name) const;
    std::string
    text(const std::string& key) const; // an interface string; the key itself if missing
    // The interface string `key` with each {name} of `values` replaced by its value.
    std::string text(const std::string& key,
                     std::initializer_list<std::pair<std::string_view, std::string>> values) const;
    const std::string& strings_file() const { return strings_file_; } // i18n/<language>.toml
    const std::filesystem::path& assets() const { return assets_; }
    // The ids the base template and `content_template` (a kind's, else "page") write on every
    // page: heading ids never take one of them.
    const std::unordered_set<std::string>& reserved_ids(const std::string& content_template) const;

  private:
    // Reads i18n/<language>.toml into strings_; it must have the words of every kind.
    bool load_strings(const std::filesystem::path& dir, const std::string& language,
                      TomlPosition language_at, Diagnostics& diags);
    // Fills reserved_ and reports an id a template writes twice on every page.
    bool reserve_ids(Diagnostics& diags);
    std::map<std::string, std::unordered_set<std::string>> reserved_;
    std::map<std::string, std::unique_ptr<Template>> templates_;
    std::map<std::string, std::string> strings_;
    std::string strings_file_;
    std::filesystem::path assets_;
};

// A part of a rendered page that some outputs leave out (PageMark::begin) is written where its
// condition holds: a page index (below the number of pages) holds where that page is; pages +
// k where one of RenderedSite::page_sets[k] is; `archive_links` only in the site itself, which
// links the archives. With `negated`, where it does not hold.
inline constexpr std::uint32_t archive_links = 0x7fffffffu;
inline constexpr std::uint32_t negated = 0x80000000u;

// Texts known only once the archives are written (PageMark::late): the offline zip's label and
// each meeting's pack label and contents.
struct LateText {
    static constexpr std::uint32_t offline_label = 0;
    static std::uint32_t pack_label(std::size_t meeting) {
        return static_cast<std::uint32_t>(1 + 2 * meeting);
    }
    static std::uint32_t pack_contents(std::size_t meeting) {
        return static_cast<std::uint32_t>(2 + 2 * meeting);
    }
};

// A place in a rendered page where the outputs it is written to differ. Positions are byte
// offsets in the page as rendered; marks are in the order of their positions.
struct PageMark {
    enum Kind : std::uint8_t {
        url,        // an action attribute: [at, to) the attribute from its leading space, its
                    // value from `arg` to the closing quote
        link,       // an href or src attribute (a noted link), likewise
        id,         // an id attribute (a noted id), at `at`
        anchor,     // the start tag of an <a href>: from `at` ('<') to `to` ('>'); `arg` its
                    // class attribute's leading space, 0 if none
        anchor_end, // that element's end tag, at `at`
        begin,      // a part written only where condition `arg` holds
        end,        // the end of that part
        late,       // late text `arg` goes at `at`
    } kind : 4;
    // 12 bytes a mark (a page has about three per link): `at` shares its word with `kind`.
    std::uint32_t at : 28 = 0;
    std::uint32_t to = 0, arg = 0;

    // Byte offset `at` of a page as a mark holds it; beyond 256 MiB an error (length_error).
    static std::uint32_t offset(std::size_t at) {
        if (at >= std::size_t{1} << 28)
            throw std::length_error("a page renders to more than 256 MiB of HTML");
        return static_cast<std::uint32_t>(at);
    }
};
static_assert(sizeof(PageMark) == 12);

// Whether the site writes a page with these marks other than as it was rendered once its
// archives are known: it has a late text, or a part written only where they are not linked.
bool completed_late(std::span<const PageMark> marks);

// A page's marks as a rendered site keeps them until its archives are written: per mark, a byte
// of its kind and of which of `to` and `arg` it has, its distance from the mark before, and those
// it has, as varints (`to`, and `arg` where the kind makes it a position, as distances from
// `at`). About 4 bytes a mark, not 12: at 10,000 pages 2.7 million marks, 32 MB held as 12.
// Kept in memory, or as a record of a record file (render_site's `marks_file`) whose
// bytes are read back when they are unpacked.
class PackedMarks {
  public:
    PackedMarks() = default;
    // Throws std::system_error when `file` is given and cannot be written.
    explicit PackedMarks(std::span<const PageMark> marks, RecordFile* file = nullptr);
    // The marks as they were packed. Throws std::system_error when they are in a file that
    // cannot be read back.
    std::vector<PageMark> unpack() const;
    std::size_t byte_size() const { return file_ ? record_.size : bytes_.size(); }

  private:
    std::string bytes_;
    const RecordFile* file_ = nullptr;
    RecordFile::Record record_;
};

// The archives the site links, known before anything is rendered: their site-relative
// addresses. Their sizes and contents reach the pages later, as late texts (ArchiveTexts).
struct ArchiveLinks {
    std::string offline_zip;                  // "" when there is none
    std::map<std::string, std::string> packs; // meeting id -> its pack
    bool preview = false; // docket serve builds no archives: the meeting pages say so
};

// A meeting's downloadable pack, as its meeting page shows it.
struct PackLink {
    std::string label;    // "zip, 412 kB"
    std::string contents; // what it holds, one sentence
};

// The late texts, once the archives are written.
struct ArchiveTexts {
    std::string offline_zip_label;         // "zip, 412 kB"
    std::map<std::size_t, PackLink> packs; // meeting page index -> its pack
};

// Part of the site as a self-contained set of pages (a meeting pack): its content `pages`, and
// the `glossary` terms it holds as entries of its glossary instead of as pages; the list pages,
// glossary, search page and statement are limited to them; `start_page` is written as
// index.html in place of the start page. Links are made relative to where each page is written;
// a link to a term of the glossary leads to its entry there; a link to a page outside the scope
// points to `base_url` when that is set and otherwise becomes text marked as found on the site,
// so nothing links to a file the pack does not hold. Its cost is that of its own pages: nothing
// about it is as large as the site.
struct RenderScope {
    std::vector<std::size_t> pages;    // sorted; empty: the whole site (no rewriting)
    std::vector<std::size_t> glossary; // sorted
    std::size_t start_page = static_cast<std::size_t>(-1);
    std::string base_url;
    // The content's files it holds (output paths, sorted): a link to one is kept, not sent to
    // the site.
    std::vector<std::string> files;
    // Whether the start page's page to print is rendered with it: not when the site's is
    // rewritten for it (a pack of the build takes its meeting's from the site's rendering).
    bool start_print = true;
    bool active() const { return !pages.empty(); }
    bool holds(std::size_t page) const {
        return std::binary_search(pages.begin(), pages.end(), page);
    }
    bool lists(std::size_t page) const { // a page or a glossary entry of the scope
        return holds(page) || std::binary_search(glossary.begin(), glossary.end(), page);
    }
};

// A page render_site writes besides the content pages, and what generates it (for the build's
// registry of output paths and for messages).
struct GeneratedPage {
    enum Type {
        start,
        statement,
        search,
        not_found,  // the page a server shows for a missing address (the site's only)
        list,       // a kind's list, or a part of it
        list_index, // the years of a kind's list split by year, each linking its parts
        glossary,
        history, // every page and agenda item carrying one diarienummer, in date order
        print,   // a meeting's whole pack on one page to print: the agenda, each case, its
                 // attachments
        section, // a plain tree's folder without a page of its own: its entries
        links,   // a page's backlinks (or a term's mentions) past [lists] per_page, in parts
    } type;
    const KindSchema* kind = nullptr; // list, list_index and glossary: the kind listed
    std::string path;                 // site path, "planer/index.html"
    std::string what;                 // "the list page of kind plan"
    // list, and a glossary in parts: the pages listed, in the list's order (A–Ö); history: the
    // pages carrying the diarienummer (a meeting for its agenda items), in date order; print: the
    // meeting, then each case of its agenda followed by its attachments, each once.
    std::vector<std::size_t> items{};
    std::string group{};       // list: the year of a part split by year; history: the diarienummer
    unsigned part = 0, of = 0; // list, glossary: part `part` (from 1) of the `of` parts of its
                               // group or list; 0 of 0 for a whole list
    std::size_t folder = 0;    // section (and the start page of a tree): of Site::tree.folders
    std::size_t page = 0;      // links: the page whose backlinks ("backlinks" in `group`) or
                               // mentions ("mentions") it lists
};

// The page a server shows for a missing address, at the root of the site.
inline constexpr std::string_view not_found_path = "404.html";

// The generated pages of the site, or those a pack holds (a scope), in the order render_site
// writes them: the start page (unless the scope has its own), the accessibility statement, the
// search page, the page for missing addresses (the site's only), the list pages of each kind
// with pages in scope and a URL segment (one, or the parts of a list longer than [lists]
// per_page with the index of its years), the glossary, a history page per diarienummer, a
// page to print per meeting, and a section page per folder of a plain tree without a page.
std::vector<GeneratedPage> generated_pages(const Site& site, const RenderScope& scope = {});

// The site's generated pages (render_site writes them): generated_pages, then the parts of each
// list of backlinks or mentions longer than [lists] per_page (GeneratedPage::links). A pack has
// none (its pages' lists are the site's: they lead out of the pack); the sitemap leaves them out,
// as Hugo's leaves out its pagers' pages.
std::vector<GeneratedPage> site_generated_pages(const Site& site, const LinkGraph& graph);

// The pages a page's list of backlinks (`list` "backlinks") or a term's list of mentions
// ("mentions") holds, in the order they are listed: its backlinks by kind, a kind's in site
// order, but for a term those its mentions list (its page lists them there); its mentions in site
// order. Past [lists] per_page the page lists the first per_page of
// them and links the list's pages (GeneratedPage::links), the first at links_path.
std::vector<std::size_t> listed_links(const Site& site, const LinkGraph& graph, std::size_t page,
                                      std::string_view list);

// How many pages listed_links gives.
std::size_t links_count(const LinkGraph& graph, std::size_t page, std::string_view list);

// The site path of part `part` (from 1) of page's whole list of backlinks or mentions
// ("begrepp/est/anvands-pa/index.html", "begrepp/est/anvands-pa/2/index.html"), when it is longer
// than [lists] per_page.
std::string links_path(const SiteConfig& config, const Page& page, std::string_view list,
                       std::size_t part);

// The site path of the history page of `diarienummer` ("diarienummer/ks-20-0600/index.html").
std::string history_path(const SiteConfig& config, std::string_view diarienummer);

// The site path of a meeting's page to print ("sammantraden/tu-2020-11-20/utskrift/index.html").
std::string print_path(const SiteConfig& config, const Page& meeting);

// The site rendered once: every page as bytes with marks (PageMark), from which the site, the
// offline copy and each meeting pack are written (OutputScope) without rendering again.
struct RenderedSite {
    std::vector<OutputFile> files;  // content pages in site order, then generated pages
    std::vector<PackedMarks> marks; // per file
    std::vector<std::size_t> pages; // per file: its page, or npos for a generated page
    // Per file: the pages whose text it writes (its own; an excerpt, a term's definition, a
    // page to print), sorted: what docket serve renders again when a page's text changes.
    std::vector<std::vector<std::size_t>> bodies;
    // Per file: the pages whose title or summary it shows (ShownPages; their backlinks and
    // mentions are shown only with their titles), sorted: what docket serve renders again when
    // they change.
    std::vector<std::vector<std::size_t>> shown;
    std::vector<std::vector<std::size_t>> page_sets; // the page sets conditions refer to
    // Per page: the page sets it is in, so that a scope finds the sets it meets from its own
    // pages (a scan of the sets would be as large as the site).
    std::unordered_map<std::size_t, std::vector<std::uint32_t>> sets_of_page;
};

// Called with each file and its marks as soon as it is rendered, from the rendering threads (so
// it must be thread-safe). It may take the file's content (write it and clear it): then the
// bytes must be handed back to OutputScope::write, and a large site is never in memory at once.
using FileSink = std::function<void(OutputFile&, std::span<const PageMark>)>;

// Called with each content page and its AST (page_doc's) once the page is rendered, from the
// rendering threads (so it must be thread-safe): what else reads the page's text takes it
// there, not parsing the page again (the search index: index/'s SearchFeed).
using AstSink = std::function<void(std::size_t page, const PageDoc& doc)>;

// Renders every page once: one per content page, the start page, the statement, the search
// page, a list page per kind, and the glossary (begrepp/). Links are written for the site; the
// parts and texts that differ per output are marked. With `marks_file`, the written files' marks
// are kept there, not in memory (at 100,000 pages about 100 MB): it must outlive the result.
RenderedSite render_site(const Site& site, const LinkGraph& graph, const Theme& theme,
                         const ArchiveLinks& archives, unsigned threads, Diagnostics& diags,
                         const FileSink& sink = {}, RecordFile* marks_file = nullptr,
                         const AstSink& asts = {});

// Files `files` of render_site's output (their numbers there, sorted) rendered again as
// render_site renders them, for docket serve once a page's text or title changed but not its
// headings: `files` are those whose RenderedSite::bodies or ::shown hold it. `generated`: the
// site's generated pages (generated_pages) as they are now. The result holds those files only,
// in that order.
RenderedSite render_files(const Site& site, const LinkGraph& graph, const Theme& theme,
                          const ArchiveLinks& archives, const std::vector<GeneratedPage>& generated,
                          const std::vector<std::size_t>& files, unsigned threads,
                          Diagnostics& diags);

// Drops a page's AST once its links are resolved (drop_ast), keeping its first sentence (with its
// links' texts): a build keeps the ASTs of the terms and the first pages only (kept_asts), and
// parses the others again, one at a time, as they are resolved, rendered and indexed
// (page_doc), so memory does not grow with the sum of the bodies.
void release_ast(PageDoc& doc);

// Moves a page's AST, once its links are resolved, into a PageDoc of its own for the site's
// KeptDocs; `doc` keeps what release_ast leaves.
std::shared_ptr<const PageDoc> share_ast(PageDoc& doc);

// What replace_doc did: nothing (other pages show the page's headings, anchors, or whether it
// has content another tool would insert: they changed), or replaced the page's text, whose first
// sentence (its summary without a summary key) is the same or changed.
enum class Replaced { none, same_summary, new_summary };

// Page i's parsed text replaced by `doc`, its text edited (docket serve), when its headings
// (level, text, id) and anchors, and whether it has content another tool would insert, stay the
// same. `doc` is then kept as the build left the page's (its AST dropped unless the site kept
// the page's).
Replaced replace_doc(Site& site, std::size_t i, PageDoc doc);

// The HTML of page i's body alone, as its page shows it, without the theme around it (`docket
// markdown`, and a term's part of a pack's inputs).
std::string render_body(const Site& site, const LinkGraph& graph, const Theme& theme,
                        std::size_t i);

// The pages of a scope rendered for it alone: its generated pages (the list pages, the glossary,
// the search page, the statement), listing only what the scope holds; or, with `content`, its
// content pages instead (`docket pack`, which renders nothing else). The cost is that of the
// scope.
RenderedSite render_scope(const Site& site, const LinkGraph& graph, const Theme& theme,
                          const RenderScope& scope, bool content, unsigned threads,
                          Diagnostics& diags);

// One output the rendered pages are written to: the site, the offline copy or a meeting pack.
// Writing a page is one linear copy of its bytes, with the URLs rewritten through the scope's
// link policy, the parts the output leaves out skipped and the late texts filled in.
class OutputScope {
  public:
    // The site itself: every part, the late texts from `texts`.
    static OutputScope site(const RenderedSite& rendered, const ArchiveTexts& texts);
    // The whole site without the links to the archives (the offline zip holds it).
    static OutputScope offline(const RenderedSite& rendered);
    // A meeting pack (a scope with a start page): links rewritten by the scope.
    static OutputScope pack(const RenderedSite& rendered, const Site& site, const Theme& theme,
                            const RenderScope& scope);
    OutputScope(OutputScope&&) noexcept;
    ~OutputScope();

    // Whether the output holds rendered file k.
    bool holds(std::size_t k) const;
    // Rendered file k as this output writes it, from `bytes`, the file as it was rendered.
    OutputFile write(std::size_t k, std::string_view bytes) const;

  private:
    struct Pack;
    explicit OutputScope(const RenderedSite& rendered);
    bool keep(std::uint32_t condition) const;
    const RenderedSite& rendered_;
    const ArchiveTexts* texts_ =
        nullptr; // the site's late texts; none: the archives are not linked
    std::unique_ptr<Pack> pack_;
};

// Fills config.url_segments: for each kind and generated page ("search", "statement"), the
// segment site.toml's [urls] gives, else the theme's url_<name> (Theme::load requires them). A
// [urls] key that names neither is an error at it; so is an empty folder for the search page or
// the statement.
void resolve_url_segments(SiteConfig& config, const Theme& theme, Diagnostics& diags);

} // namespace docket

#include "docket/build.h"

#include "docket/archive.h"
#include "docket/check.h"
#include "docket/config.h"
#include "docket/feeds.h"
#include "docket/files.h"
#include "docket/href.h"
#include "docket/links.h"
#include "docket/output.h"
#include "docket/pack.h"
#include "docket/page.h"
#include "docket/parallel.h"
#include "docket/preview.h"
#include "docket/registry.h"
#include "docket/render.h"
#include "docket/site.h"
#include "docket/site_index.h"
#include "docket/sorted.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <span>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <unordered_map>

namespace fs = std::filesystem;

namespace docket {

namespace {

// Wall time per stage, for `docket build --timings`: each mark() closes the stage that ran since
// the previous one.
class Stopwatch {
  public:
    explicit Stopwatch(std::vector<StageTime>& out) : out_(out) {}
    std::vector<StageTime>& stages() { return out_; }
    void mark(std::string stage) {
        const auto now = std::chrono::steady_clock::now();
        out_.push_back({std::move(stage), std::chrono::duration<double>(now - last_).count()});
        last_ = now;
    }

  private:
    std::vector<StageTime>& out_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// The theme's assets, published as they are: a symbolic link that leads out of the assets
// directory (to /etc/passwd, to a home folder) is an error, never a copy of what it names.
std::vector<CopiedFile> theme_assets(const fs::path& assets, Diagnostics& diags) {
    std::vector<CopiedFile> out;
    std::error_code ec;
    if (!fs::is_directory(assets, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(assets, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (!it->is_regular_file()) continue;
        if (it->is_symlink() && !path_within(it->path(), assets)) {
            diags.error(it->path().string(), 0, 0,
                        "symbolic link points outside the theme's assets directory");
            continue;
        }
        out.push_back({it->path(), "assets/" + fs::relative(it->path(), assets).generic_string()});
    }
    std::sort(out.begin(), out.end(),
              [](const CopiedFile& a, const CopiedFile& b) { return a.to < b.to; });
    return out;
}

// "zip, 412 kB", in the theme's words (zip_size, decimal_mark).
std::string zip_label(const Theme& theme, std::uint64_t bytes) {
    return theme.text("zip_size", {{"size", human_size(bytes, theme.text("decimal_mark"))}});
}

// lunr.js, and for Swedish lunr-languages' plugin, from npm: the site's own node_modules, else
// docket's. lunr.js has the English pipeline itself. The packages' own minified builds are
// copied (a reader's first search downloads 12 kB of them gzip-compressed instead of 31 kB).
std::vector<CopiedFile> lunr_scripts(const fs::path& source, const std::string& language,
                                     Diagnostics& diags) {
    std::vector<std::pair<const char*, const char*>> files = {
        {"lunr/lunr.min.js", "assets/lunr/lunr.js"}};
    if (language == "sv") {
        files.push_back({"lunr-languages/min/lunr.stemmer.support.min.js",
                         "assets/lunr/lunr.stemmer.support.js"});
        files.push_back({"lunr-languages/min/lunr.sv.min.js", "assets/lunr/lunr.sv.js"});
    }
    std::vector<CopiedFile> out;
    for (const fs::path& dir : {source / "node_modules", fs::path(DOCKET_NODE_MODULES)}) {
        out.clear();
        for (const auto& [from, to] : files) {
            std::error_code ec;
            // Inside node_modules (pnpm's links lead into its .pnpm folder there), never elsewhere.
            if (fs::is_regular_file(dir / from, ec) && path_within(dir / from, dir))
                out.push_back({dir / from, to});
        }
        if (out.size() == files.size()) return out;
    }
    diags.error("site.toml", 0, 0,
                std::string("search needs lunr.js") +
                    (language == "sv" ? " and lunr-languages" : "") +
                    " from npm (run `npm ci`), or set [search] enabled = false");
    return {};
}

// Everything before rendering: configuration, pages, links, theme, and the files to copy.
struct Loaded {
    Site site;
    LinkGraph graph;
    std::unique_ptr<Theme> theme;
    std::vector<CopiedFile> assets; // theme assets, the content's files, lunr.js when search is on
    // The content's files are assets[content_from, content_to), found by their output path here:
    // a pack holds those its pages link, and every other asset.
    std::size_t content_from = 0, content_to = 0;
    std::unordered_map<std::string, std::size_t> content_file_at;
    // Errors of the personal-data guard's reading of the sources: they do not stop the build
    // before rendering, so one run also reports the numbers only the rendered text shows.
    std::size_t guard_errors = 0;
    bool renderable(const Diagnostics& diags) const {
        return theme && diags.error_count() == guard_errors;
    }
};

// The personal-data guard for the site's pages and copied files, reporting to `diags`.
void guard_site(Loaded& l, Diagnostics& diags) {
    std::vector<std::string> copied;
    for (const auto& a : l.assets)
        copied.push_back(a.from.lexically_relative(l.site.root).generic_string());
    l.site.guard = std::make_unique<PersonalDataGuard>(l.site.pages, l.site.config.file,
                                                       std::move(copied), diags);
}

// The first pass over the bodies: each parsed, its links resolved, the link graph made.
template <typename Mark>
void parse_and_link(Loaded& l, std::size_t kept_body_bytes, unsigned threads, Diagnostics& diags,
                    const Mark& mark) {
    ReservedIds reserved;
    if (l.theme) reserved = [&theme = *l.theme](const std::string& kind) -> const auto& {
            return theme.reserved_ids(kind);
        };
    // Past the terms and the first pages, a page's AST lives only while it is parsed, resolved,
    // rendered or indexed: never the whole site's at once.
    const std::vector<bool> kept = kept_asts(l.site.pages, kept_body_bytes);
    // A page whose AST goes has its links resolved before it goes, if it can be (its first
    // sentence, with its links' texts, is kept then: release_ast).
    FirstPassLinks first(l.site, diags);
    parse_bodies(l.site, diags, threads, reserved, &kept, [&](std::size_t i) {
        if (first.resolve(i)) release_ast(l.site.docs[i]);
    });
    // A plain tree is titled by its root page (front matter or "# " heading), else its folder.
    if (l.site.config.plain)
        for (const Page& p : l.site.pages)
            if (p.url.empty() && !p.title.empty()) l.site.config.title = p.title;
    mark("parse Markdown");
    // Past its links, a page's body is read again from its file when it is written. A kept AST
    // serves its page's render and search (a term's, the glossaries of every pack too), then
    // goes.
    l.site.kept->resize(l.site.pages.size());
    const int uses = l.site.config.search ? 2 : 1;
    l.graph = resolve_links(
        l.site, diags, threads,
        [&](std::size_t i) {
            if (!kept[i])
                release_ast(l.site.docs[i]);
            else
                l.site.kept->keep(i, share_ast(l.site.docs[i]),
                                  l.site.pages[i].kind == "term" ? 0 : uses);
            release_body(l.site.pages[i]);
        },
        &first);
    mark("resolve links");
}

std::optional<Loaded> load_site(const fs::path& source, std::optional<bool> search,
                                unsigned threads, Diagnostics& diags, Stopwatch* watch = nullptr,
                                std::size_t kept_body_bytes = static_cast<std::size_t>(-1)) {
    auto mark = [&](const char* stage) {
        if (watch) watch->mark(stage);
    };
    Loaded l;
    l.site.root = source;
    auto config = load_config(source, diags);
    if (!config) return std::nullopt;
    l.site.config = std::move(*config);
    if (search) l.site.config.search = *search;
    // The theme first: heading ids must not take the ids its templates write, and its i18n file
    // gives the URL segments the pages' addresses start with.
    l.theme = Theme::load(source / l.site.config.theme, l.site.config.language, diags,
                          l.site.config.language_at);
    if (l.theme) resolve_url_segments(l.site.config, *l.theme, diags);
    if (l.site.config.search && !has_search_pipeline(l.site.config.language))
        diags.error("site.toml", l.site.config.language_at.line, l.site.config.language_at.column,
                    "language \"" + l.site.config.language +
                        "\": search has no pipeline for it (there are en and sv); set [search] "
                        "enabled = false");
    Summary summary;
    l.site.pages = load_content(source, l.site.config, diags, threads, &summary);
    l.site.tree = make_tree(l.site.config, l.site.pages, summary, diags);
    l.site.assets = content_assets(source, l.site.config, diags);
    l.site.assets_known = true;
    const std::size_t errors = diags.error_count();
    parallel_for(l.site.pages.size(), threads,
                 [&](std::size_t i) { check_personal_data(l.site.pages[i], diags); });
    l.guard_errors = diags.error_count() - errors;
    mark("read files and front matter");
    parse_and_link(l, kept_body_bytes, threads, diags, mark);
    if (!l.renderable(diags)) return l;
    l.assets = theme_assets(l.theme->assets(), diags);
    l.content_from = l.assets.size();
    for (const ContentAsset& a : l.site.assets) {
        l.content_file_at.emplace(a.to, l.assets.size());
        l.assets.push_back({a.from, a.to});
    }
    l.content_to = l.assets.size();
    // The guard reads what is published from here on: the pages as they are rendered, the search
    // documents, the assets' and archives' names.
    guard_site(l, diags);
    for (const CopiedFile& a : l.assets)
        l.site.guard->check(a.to,
                            {a.from.lexically_relative(source).generic_string(), a.to, "address"});
    if (l.site.config.search) {
        const auto lunr = lunr_scripts(source, l.site.config.language, diags);
        l.assets.insert(l.assets.end(), lunr.begin(), lunr.end());
    }
    return l;
}

std::vector<std::string> paths_of(const std::vector<CopiedFile>& files) {
    std::vector<std::string> out;
    for (const auto& f : files)
        out.push_back(f.to);
    return out;
}

// Rendered files (their content moved) and copied files as zip entries under `prefix`.
bool add_entries(std::vector<ArchiveEntry>& entries, const std::string& prefix,
                 std::vector<OutputFile>& files, const std::vector<CopiedFile>& copied,
                 Diagnostics& diags) {
    for (auto& f : files)
        entries.push_back({prefix + f.path, std::move(f.content), false});
    for (const auto& c : copied) {
        auto bytes = read_file(c.from);
        if (!bytes) {
            diags.error(c.from.string(), 0, 0, "cannot read file for the archive");
            return false;
        }
        entries.push_back({prefix + c.to, std::move(*bytes), false});
    }
    return true;
}

// An archive's address and entry names are published: the guard reads each.
void guard_archive(const Site& site, const std::vector<ArchiveEntry>& entries,
                   const std::string& path) {
    site.guard->check(path, {"", path, "address"});
    for (const auto& e : entries)
        site.guard->check(e.path, {"", path, "entry name"});
}

// A zip written by the build: where it goes in the output, its bytes (until they are written).
struct Archive {
    std::string path; // site-relative
    std::string bytes;
};

// A file the search stage writes beside the output when asked, and which of its texts.
struct Emitted {
    std::string option;
    std::filesystem::path file;
    std::string SearchFiles::*text;
};
std::array<Emitted, 2> emitted(const BuildOptions& o) {
    return {{{"--emit-search-corpus", o.emit_search_corpus, &SearchFiles::corpus_json},
             {"--emit-search-index", o.emit_search_index, &SearchFiles::lunr_index}}};
}

// Every file the build writes and what writes it, for the registry of output paths: pages,
// generated pages, copied assets, search scripts and, when `archives`, the zips.
std::vector<PlannedFile> planned_files(const Loaded& l, bool archives) {
    const Site& site = l.site;
    std::vector<PlannedFile> out;
    for (const Page& p : site.pages) {
        const Value* id = p.get("id");
        const int line = id ? id->line : 1, column = id ? id->column : 1;
        const std::string at = p.source + ":" + std::to_string(line) + ":" + std::to_string(column);
        out.push_back({page_href(p), at, p.source, line, column});
        if (archives && p.kind == "meeting")
            out.push_back(
                {pack_path(site, p), "the meeting pack of " + at, p.source, line, column});
    }
    for (const GeneratedPage& g : site_generated_pages(site, l.graph))
        out.push_back({g.path, g.what, "site.toml"});
    for (const CopiedFile& c : l.assets)
        out.push_back({c.to, "the file copied from " + c.from.string(), c.from.string()});
    for (const PublishedFile& f : published_files(site, *l.theme))
        out.push_back({f.path, f.what, "site.toml"});
    if (site.config.search)
        out.push_back({std::string(search_directory), "the search index", "site.toml"});
    if (archives)
        out.push_back(
            {offline_name(site) + ".zip", "the offline zip (site_id in site.toml)", "site.toml"});
    return out;
}

// The archives the site's pages link to, when the build writes them.
ArchiveLinks archive_links(const Site& site, bool archives) {
    ArchiveLinks links;
    if (!archives) return links;
    links.offline_zip = offline_name(site) + ".zip";
    for (const Page& p : site.pages)
        if (p.kind == "meeting") links.packs[p.id] = pack_path(site, p);
    return links;
}

// The bytes of rendered file k as it was rendered: kept in memory, or read back from the staging
// directory its sink wrote it to.
using RenderedBytes = std::function<std::optional<std::string>(std::size_t k)>;

// The files of `rendered` that hold the pages `pages` (sorted): rendered.pages is in page order,
// the generated pages (npos) last.
std::vector<std::size_t> files_of(const RenderedSite& rendered,
                                  const std::vector<std::size_t>& pages) {
    std::vector<std::size_t> out;
    for (std::size_t page : pages) {
        const auto it = std::lower_bound(rendered.pages.begin(), rendered.pages.end(), page);
        if (it != rendered.pages.end() && *it == page)
            out.push_back(static_cast<std::size_t>(it - rendered.pages.begin()));
    }
    return out;
}

// The rendered files an output holds (those of `only`, when given), written for it.
std::vector<OutputFile> write_scope(const OutputScope& scope, const RenderedSite& rendered,
                                    const RenderedBytes& bytes, unsigned threads,
                                    Diagnostics& diags,
                                    const std::vector<std::size_t>* only = nullptr) {
    const std::size_t n = only ? only->size() : rendered.files.size();
    std::vector<OutputFile> files(n);
    parallel_for(n, threads, [&](std::size_t i) {
        const std::size_t k = only ? (*only)[i] : i;
        if (!scope.holds(k)) return;
        if (const auto b = bytes(k))
            files[i] = scope.write(k, *b);
        else
            diags.error(rendered.files[k].path, 0, 0, "cannot read the rendered page back");
    });
    std::erase_if(files, [](const OutputFile& f) { return f.path.empty(); });
    return files;
}

// The files a pack copies: every asset but the content's files, and of those the ones in
// `held` (output paths, sorted) and the ones that `files` (renderings of the pack's pages)
// link, so that an archive's images and documents are each in the packs that show them, not
// in every pack. `held` gets them all, sorted.
std::vector<CopiedFile>
pack_assets(const Loaded& l, const std::vector<std::pair<const RenderedSite*, std::size_t>>& files,
            std::vector<std::string>& held) {
    std::set<std::size_t> linked;
    for (const std::string& path : held)
        linked.insert(l.content_file_at.at(path));
    std::string buffer;
    for (const auto& [rendered, k] : files) {
        if (l.content_file_at.empty()) break; // most sites: no link to resolve
        const OutputFile& f = rendered->files[k];
        const std::string dir = f.path.substr(0, f.path.rfind('/') + 1);
        for (std::size_t n = 0; n < f.links.size(); ++n) {
            const Href h = read_href(f.links[n], buffer);
            if (h.kind != Href::relative || h.path.empty()) continue;
            if (const auto target = resolve_site_path(dir, h.path))
                if (const auto it = l.content_file_at.find(decode_site_path(*target));
                    it != l.content_file_at.end())
                    linked.insert(it->second);
        }
    }
    std::vector<CopiedFile> out(l.assets.begin(), l.assets.begin() + l.content_from);
    out.insert(out.end(), l.assets.begin() + l.content_to, l.assets.end());
    held.clear();
    for (std::size_t k : linked) {
        out.push_back(l.assets[k]);
        held.push_back(l.assets[k].to);
    }
    std::sort(held.begin(), held.end());
    return out;
}

// A pack's content pages as it writes them, from the site's rendering, and its meeting's page
// to print when the site's holds only pages of the pack (then `scope.start_print` is false: it
// is not rendered for the pack again); `scope.files` gets the content's files they link
// (pack_assets), whose links they keep. `prints`: the site's pages to print, by meeting (none
// when the rendering is the pack's own).
std::vector<OutputFile> pack_content(const Loaded& l, const RenderedSite& rendered,
                                     const RenderedBytes& rendered_bytes,
                                     const std::unordered_map<std::size_t, std::size_t>& prints,
                                     RenderScope& scope, unsigned threads, Diagnostics& diags) {
    std::vector<std::size_t> content = files_of(rendered, scope.pages);
    if (const auto print = prints.find(scope.start_page);
        print != prints.end() &&
        std::all_of(rendered.bodies[print->second].begin(), rendered.bodies[print->second].end(),
                    [&](std::size_t i) { return scope.holds(i); })) {
        content.push_back(print->second);
        scope.start_print = false;
    }
    std::vector<std::pair<const RenderedSite*, std::size_t>> renderings;
    for (std::size_t k : content)
        renderings.emplace_back(&rendered, k);
    pack_assets(l, renderings, scope.files);
    return write_scope(OutputScope::pack(rendered, l.site, *l.theme, scope), rendered,
                       rendered_bytes, threads, diags, &content);
}

// The site's search index, built in this run beside the packs, that a pack's index is made from
// (build_pack_search) once it is done: its pages as analysed (null until then, and without
// one), and its files in the staging output. A pack made before it is done makes its own index
// from its pages, the same index.
struct SiteSearch {
    std::function<const AnalysedPages*()> analysed = [] { return nullptr; };
    SiteFile file;
};

// A pack's pages as it writes them: its content pages (`content`, pack_content's), its generated
// pages (lists and glossary of its own pages) rendered for it, and its search index (from
// the site's when there is one); and in `copied`, the files it copies (pack_assets), which its
// links lead to.
std::vector<OutputFile> pack_files(const Loaded& l, std::vector<OutputFile> content,
                                   RenderScope scope, unsigned threads,
                                   std::vector<CopiedFile>& copied, const SiteSearch& site_search,
                                   Diagnostics& diags) {
    const Site& site = l.site;
    const RenderedSite generated =
        render_scope(site, l.graph, *l.theme, scope, false, threads, diags);
    std::vector<std::pair<const RenderedSite*, std::size_t>> renderings;
    for (std::size_t k = 0; k < generated.files.size(); ++k)
        renderings.emplace_back(&generated, k);
    // The files the generated pages link too (a term's text in the glossary), added to those of
    // the content pages: these link only files of their own set, so were written the same.
    copied = pack_assets(l, renderings, scope.files);
    std::vector<OutputFile> files = std::move(content);
    const RenderedBytes kept = [&](std::size_t k) {
        return std::optional<std::string>(generated.files[k].content);
    };
    for (auto& f : write_scope(OutputScope::pack(generated, site, *l.theme, scope), generated, kept,
                               threads, diags))
        files.push_back(std::move(f));
    if (site.config.search) {
        // The meeting is the pack's index.html, not at its site address: search finds its cases.
        std::vector<std::size_t> searched;
        std::copy_if(scope.pages.begin(), scope.pages.end(), std::back_inserter(searched),
                     [&](std::size_t i) { return i != scope.start_page; });
        const AnalysedPages* analysed = site_search.analysed();
        std::optional<SearchFiles> search =
            analysed ? build_pack_search(site, *analysed, searched, site_search.file, diags)
                     : build_search(site, l.graph, *l.theme, &searched, threads);
        if (search) files.insert(files.end(), search->files.begin(), search->files.end());
    }
    return files;
}

// A page's source as written, as the build read it; a file gone or changed since is added to
// site.changed (the build fails) and gives no bytes.
std::string source_bytes(const Site& site, const Page& p) {
    auto bytes = read_file(p.path);
    if (bytes && read_unchanged(p, *bytes)) return std::move(*bytes);
    site.changed->add(p.source);
    return {};
}

// What a meeting pack holds, in the theme's words (pack_contents): its cases, and how many pages
// it holds, the meeting's included.
std::string scope_contents(const Loaded& l, const RenderScope& scope) {
    const Theme& theme = *l.theme;
    const auto cases = static_cast<std::size_t>(
        std::count_if(scope.pages.begin(), scope.pages.end(),
                      [&](std::size_t i) { return l.site.pages[i].kind == "case"; }));
    const std::size_t pages = scope.pages.size();
    return theme.text("pack_contents",
                      {{"cases", theme.text(cases == 1 ? "pack_cases_one" : "pack_cases_many",
                                            {{"n", std::to_string(cases)}})},
                       {"others", std::to_string(pages - cases - 1)},
                       {"pages", std::to_string(pages)}});
}

// The scope of a meeting's pack (pack_pages), with the meeting as its start page.
RenderScope pack_scope(const Loaded& l, std::size_t meeting) {
    PackPages held = pack_pages(l.site, l.graph, meeting);
    RenderScope scope;
    scope.pages = std::move(held.pages);
    scope.glossary = std::move(held.terms);
    scope.start_page = meeting;
    scope.base_url = l.site.config.base_url;
    return scope;
}

// A meeting's pack: a BagIt bag whose payload is an offline mini-site of the meeting (its agenda
// as index.html, the pages it holds, its glossary, assets, a search index of just those pages)
// and the Markdown sources of those pages as written, zipped as `zip` says; `content` are its
// content pages and `scope` its scope as pack_content made them; `site_search` as pack_files
// takes it. Also fills `link` for the meeting page.
std::optional<Archive> make_pack(const Loaded& l, std::vector<OutputFile> content,
                                 const RenderScope& scope, unsigned threads, const ZipOptions& zip,
                                 const SiteSearch& site_search, PackLink& link,
                                 Diagnostics& diags) {
    const Site& site = l.site;
    const Page& m = site.pages[scope.start_page];
    std::vector<CopiedFile> copied;
    const std::size_t errors = diags.error_count();
    std::vector<OutputFile> files =
        pack_files(l, std::move(content), scope, threads, copied, site_search, diags);
    const std::string name = pack_name(site, m);
    check_rendered_links(views(files), paths_of(copied), diags, threads);
    if (diags.error_count() > errors) return std::nullopt;

    std::vector<ArchiveEntry> payload;
    if (!add_entries(payload, "", files, copied, diags)) return std::nullopt;
    for (std::size_t i : scope.pages)
        payload.push_back(
            {"source/" + site.pages[i].source, source_bytes(site, site.pages[i]), false});
    const std::int64_t time = archive_time(m.str("date"));
    BagInfo info = pack_bag_info(site, m, time);
    const std::string contents = scope_contents(l, scope);
    info.external_description = m.title + ". " + contents + ".";
    std::vector<ArchiveEntry> bag = make_bag(name, std::move(payload), info);
    const std::string path = pack_path(site, m);
    guard_archive(site, bag, path);
    auto bytes = write_zip(std::move(bag), time, name + ".zip", diags, zip);
    if (!bytes) return std::nullopt;
    link.label = zip_label(*l.theme, bytes->size());
    link.contents = contents + ".";
    return Archive{path, std::move(*bytes)};
}

// The whole site for reading offline, under "<site_id>-offline/", written to `file` a batch at
// a time as `zip` says: each page is written for the offline copy, and each asset and search
// file (`search_files`, in `staging`) read, when its batch is zipped. Its pages are written
// without the archive links: the zip cannot hold a page that states the zip's own size.
bool make_offline(const Loaded& l, const RenderedSite& rendered,
                  const RenderedBytes& rendered_bytes, const fs::path& staging,
                  const std::vector<std::string>& search_files, const fs::path& file,
                  const ZipOptions& zip, Diagnostics& diags) {
    const Site& site = l.site;
    const OutputScope scope = OutputScope::offline(rendered);
    std::vector<std::size_t> pages; // the rendered files it holds
    for (std::size_t k = 0; k < rendered.files.size(); ++k)
        if (scope.holds(k)) pages.push_back(k);
    std::string latest;
    for (const Page& p : site.pages)
        if (p.kind == "meeting" && p.str("date") > latest) latest = p.str("date");
    const std::string name = offline_name(site);
    std::vector<ArchiveEntry> entries;
    for (std::size_t k : pages)
        entries.push_back({name + "/" + rendered.files[k].path, {}, false});
    for (const CopiedFile& c : l.assets)
        entries.push_back({name + "/" + c.to, {}, false});
    for (const std::string& path : search_files) // a path each only when read: 10,000 and more
        entries.push_back({name + "/" + path, {}, false});
    guard_archive(site, entries, name + ".zip");
    const EntryContent content = [&](std::size_t i) -> std::optional<std::string> {
        if (i >= pages.size()) {
            const std::size_t c = i - pages.size();
            const fs::path from = c < l.assets.size() ? l.assets[c].from
                                                      : staging / search_files[c - l.assets.size()];
            auto bytes = read_file(from);
            if (!bytes) diags.error(from.string(), 0, 0, "cannot read file for the archive");
            return bytes;
        }
        const std::size_t k = pages[i];
        if (const auto b = rendered_bytes(k)) return scope.write(k, *b).content;
        diags.error(rendered.files[k].path, 0, 0, "cannot read the rendered page back");
        return std::nullopt;
    };
    return write_zip_file(std::move(entries), content, archive_time(latest), file, name + ".zip",
                          diags, zip);
}

// Work done in its own thread, or, when the system will not create one (a process or memory
// limit), in the calling thread when it is waited for.
class Background {
  public:
    explicit Background(std::function<void()> work) : work_(std::move(work)) {
        try {
            thread_ = std::jthread(work_);
        } catch (const std::system_error&) {
            deferred_ = true;
        }
    }
    // Waits for the work, or does it; true the first time only.
    bool wait() {
        if (waited_) return false;
        waited_ = true;
        if (deferred_)
            work_();
        else
            thread_.join();
        return true;
    }

  private:
    std::function<void()> work_;
    std::jthread thread_; // after work_: joined before work_ is destroyed
    bool deferred_ = false, waited_ = false;
};

// Closes a SearchFeed when it goes (a render that throws gives no more pages).
struct Closing {
    explicit Closing(SearchFeed* f) : feed(f) {}
    SearchFeed* feed;
    Closing(const Closing&) = delete;
    Closing& operator=(const Closing&) = delete;
    ~Closing() {
        if (feed) feed->close();
    }
};

// The search index, built in its own thread while the pages are rendered and the packs made: it
// reads the same parsed site and is mostly one sequential builder. It writes its files as it
// makes them (a `docket check` drops them). Its own thread refused (Background), it is built
// when waited for, after the render: the feed has the pages of its window, the rest it makes.
class SearchThread {
  public:
    // `feed`, when given, hands over the pages' documents as they are rendered.
    SearchThread(const Site& site, const LinkGraph& graph, const Theme& theme,
                 const BuildOptions& options, OutputDir* out, unsigned threads, SearchFeed* feed,
                 Diagnostics& diags)
        : options_(options), diags_(diags) {
        if (!site.config.search) {
            for (const Emitted& e : emitted(options))
                if (!e.file.empty())
                    diags.error("site.toml", 0, 0, e.option + " needs search; it is disabled");
            return;
        }
        thread_.emplace([this, &site, &graph, &theme, out, threads, feed] {
            // An exception must not leave the thread (that would end the process): it becomes
            // an error like any other.
            const auto started = std::chrono::steady_clock::now();
            const SearchSink sink = [this, out](OutputFile&& f) {
                if (out) out->write(f, diags_);
            };
            try {
                // The meeting packs' indexes are made from the site's (make_archives).
                if (out && options_.archives &&
                    std::any_of(site.pages.begin(), site.pages.end(),
                                [](const Page& p) { return p.kind == "meeting"; }))
                    analysed_.emplace(out->staging());
                search_ = build_search(site, graph, theme, nullptr, threads,
                                       !options_.emit_search_corpus.empty(),
                                       !options_.emit_search_index.empty(), sink,
                                       analysed_ ? &*analysed_ : nullptr, feed);
                built_.store(true, std::memory_order_release);
            } catch (const std::exception& e) {
                diags_.error("site.toml", 0, 0,
                             std::string("cannot build the search index: ") + e.what());
                return;
            }
            seconds_ =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        });
    }

    // Waits for the index (the first time: its time goes to `stages`, the corpus to its file).
    void wait(std::vector<StageTime>& stages) {
        if (!thread_ || !thread_->wait()) return;
        stages.push_back({"search index, in its own thread", seconds_});
        for (const Emitted& e : emitted(options_)) {
            if (e.file.empty()) continue;
            std::ofstream out(e.file, std::ios::binary);
            out << search_.*e.text;
            if (!out) diags_.error(e.file.string(), 0, 0, "cannot write the file of " + e.option);
        }
    }
    // The paths of the files it wrote.
    const std::vector<std::string>& paths() const { return search_.paths; }
    // Its pages as analysed once it has built them (while it runs, without waiting: null).
    const AnalysedPages* analysed() const {
        return built_.load(std::memory_order_acquire) && analysed_ ? &*analysed_ : nullptr;
    }

  private:
    const BuildOptions& options_;
    Diagnostics& diags_;
    SearchFiles search_;
    std::optional<AnalysedPages> analysed_;
    std::atomic<bool> built_ = false;
    double seconds_ = 0;
    std::optional<Background> thread_; // last: joined before what it writes goes
};

// What every pack of a build is made from besides its own pages, as a SHA-256: docket itself
// (its executable), SOURCE_DATE_EPOCH (the entries' time), site.toml, every file of the theme,
// lunr.js, and whether packs have search. Empty when docket cannot read its own executable:
// then no pack is reused.
std::string shared_pack_inputs(const Loaded& l, const fs::path& source) {
    const auto docket = read_file("/proc/self/exe");
    if (!docket) return {};
    Sha256 h;
    h.field(*docket);
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
    h.field(epoch ? epoch : "");
    h.field(read_file(l.site.config.file).value_or(""));
    h.field(l.site.config.search ? "search" : "no search");
    std::vector<fs::path> theme;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(source / l.site.config.theme, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) theme.push_back(it->path());
    std::sort(theme.begin(), theme.end());
    for (const fs::path& f : theme)
        h.field(f.generic_string()).field(read_file(f).value_or(""));
    for (auto a = l.assets.begin() + static_cast<std::ptrdiff_t>(l.content_to); a != l.assets.end();
         ++a)
        h.field(a->to).field(read_file(a->from).value_or(""));
    return h.hex();
}

// A term's part of a pack's inputs: its source, its text as rendered (with the titles of the
// pages it links), which is what the glossary writes of it, and the content's files its page
// links.
std::string term_inputs(const Loaded& l, const RenderedSite& rendered, std::size_t term) {
    Sha256 h;
    h.field(source_bytes(l.site, l.site.pages[term]))
        .field(render_body(l.site, l.graph, *l.theme, term));
    std::vector<std::pair<const RenderedSite*, std::size_t>> page;
    for (std::size_t k : files_of(rendered, {term}))
        page.emplace_back(&rendered, k);
    std::vector<std::string> files;
    for (const CopiedFile& f : pack_assets(l, page, files))
        if (std::binary_search(files.begin(), files.end(), f.to))
            h.field(f.to).field(read_file(f.from).value_or(""));
    return h.hex();
}

// What a pack is made from, as a SHA-256: when the previous build made the pack at the same path
// from the same inputs, that pack is this build's too. Besides `shared` (shared_pack_inputs):
// its content pages as it writes them (`content`, pack_content's: the site's renderings, with
// every link to another page and its title, its parts and links rewritten for the pack), their
// sources, its glossary's terms (`terms`: term_inputs by page), and the content's files its
// pages link (`scope.files`).
std::string pack_inputs(const Loaded& l, const std::string& shared,
                        const std::vector<std::string>& terms, const RenderScope& scope,
                        const std::vector<OutputFile>& content) {
    const Site& site = l.site;
    Sha256 h;
    h.field(shared).field(site.pages[scope.start_page].id);
    for (const std::string& file : scope.files)
        h.field(file).field(read_file(l.assets[l.content_file_at.at(file)].from).value_or(""));
    for (const OutputFile& f : content)
        h.field(f.path).field(f.content);
    for (std::size_t i : scope.pages)
        h.field(site.pages[i].source).field(source_bytes(site, site.pages[i]));
    for (std::size_t i : scope.glossary)
        h.field(site.pages[i].id).field(terms[i]);
    return h.hex();
}

// The site's page to print of each of `meetings` that has one (its rendered file), by meeting.
std::unordered_map<std::size_t, std::size_t> site_prints(const Site& site,
                                                         const RenderedSite& rendered,
                                                         const std::vector<std::size_t>& meetings) {
    std::unordered_map<std::string_view, std::size_t> generated; // by path
    for (std::size_t k = 0; k < rendered.files.size(); ++k)
        if (rendered.pages[k] == static_cast<std::size_t>(-1))
            generated.emplace(rendered.files[k].path, k);
    std::unordered_map<std::size_t, std::size_t> prints;
    for (std::size_t i : meetings)
        if (const auto it = generated.find(print_path(site.config, site.pages[i]));
            it != generated.end())
            prints.emplace(i, it->second);
    return prints;
}

// The meeting packs and the offline zip, from the rendered pages, each written to the staging
// directory as soon as it is made; returns their paths. `texts` gets what the site's pages say
// about them. The zips share one cache of compressed entries, and each copies the entries it
// has in common with the previous output's zip of its path.
std::vector<std::string> make_archives(OutputDir& out, const Loaded& l,
                                       const RenderedSite& rendered, const RenderedBytes& bytes,
                                       SearchThread& search, const BuildOptions& options,
                                       unsigned threads, ArchiveTexts& texts, Stopwatch& watch,
                                       Diagnostics& diags) {
    const Site& site = l.site;
    std::vector<std::string> archives;
    ZipCache cache;
    auto zip = [&](const std::string& path) {
        return ZipOptions{threads, &cache, out.path() / path, options.zip_batch_bytes};
    };
    // One pack per thread: a pack is a few dozen pages, too few to share out among threads.
    std::vector<std::size_t> meetings;
    for (std::size_t i = 0; i < site.pages.size(); ++i)
        if (site.pages[i].kind == "meeting") meetings.push_back(i);
    // A pack made from the same inputs as the previous build's at its path is that pack
    // (pack_inputs); the others are made, and their inputs noted for the next build.
    const std::string shared = shared_pack_inputs(l, options.source);
    std::vector<std::string> terms(site.pages.size());
    if (!shared.empty())
        parallel_for(site.pages.size(), threads, [&](std::size_t i) {
            if (site.pages[i].kind == "term") terms[i] = term_inputs(l, rendered, i);
        });
    const auto prints = site_prints(site, rendered, meetings);
    const SiteSearch site_search{
        [&search] { return search.analysed(); },
        [&out](const std::string& path) { return read_file(out.staging() / path); }};
    std::vector<std::optional<PackLink>> links(meetings.size());
    std::vector<char> written(meetings.size()); // not vector<bool>: set from several threads
    std::atomic<std::size_t> reused = 0;
    parallel_for(meetings.size(), threads, [&](std::size_t k) {
        const std::size_t i = meetings[k];
        const std::string path = pack_path(site, site.pages[i]);
        RenderScope scope = pack_scope(l, i);
        std::vector<OutputFile> content = pack_content(l, rendered, bytes, prints, scope, 1, diags);
        const std::string inputs =
            shared.empty() ? shared : pack_inputs(l, shared, terms, scope, content);
        if (!inputs.empty() && out.reuse(path, inputs, sha256_hex)) {
            std::error_code ec;
            links[k] = PackLink{zip_label(*l.theme, fs::file_size(out.staging() / path, ec)),
                                scope_contents(l, scope) + "."};
            written[k] = true;
            ++reused;
            return;
        }
        ZipOptions one_thread = zip(path);
        one_thread.threads = 1;
        PackLink link;
        if (auto pack =
                make_pack(l, std::move(content), scope, 1, one_thread, site_search, link, diags)) {
            links[k] = link;
            if (!inputs.empty()) out.note(path, inputs, sha256_hex(pack->bytes));
            written[k] =
                out.write(OutputFile{pack->path, std::move(pack->bytes), {}, {}, {}, {}}, diags);
        }
    });
    for (std::size_t k = 0; k < meetings.size(); ++k) {
        if (links[k]) texts.packs[meetings[k]] = *links[k];
        if (written[k]) archives.push_back(pack_path(site, site.pages[meetings[k]]));
    }
    watch.mark(reused == 0 ? std::string("meeting packs")
                           : "meeting packs, " + std::to_string(reused) + " of " +
                                 std::to_string(meetings.size()) + " unchanged");
    search.wait(watch.stages()); // the offline zip holds the search files
    const std::string offline = offline_name(site) + ".zip";
    const auto file = out.stage(offline, diags);
    if (file && make_offline(l, rendered, bytes, out.staging(), search.paths(), *file, zip(offline),
                             diags)) {
        out.settle(offline);
        std::error_code ec;
        texts.offline_zip_label = zip_label(*l.theme, fs::file_size(*file, ec));
        archives.push_back(offline);
    }
    watch.mark("offline zip");
    return archives;
}

// The site's pages that show an archive's size or contents, written now that they are known
// (they were kept as rendered, without them; and with the parts a theme writes only where the
// archives are not linked, data-unless).
void write_archive_texts(OutputDir& out, const RenderedSite& rendered, const ArchiveTexts& texts,
                         const RenderedBytes& bytes, unsigned threads, Diagnostics& diags) {
    const OutputScope site = OutputScope::site(rendered, texts);
    parallel_for(rendered.files.size(), threads, [&](std::size_t k) {
        if (!completed_late(rendered.marks[k].unpack())) return;
        if (const auto b = bytes(k))
            out.write(site.write(k, *b), diags);
        else
            diags.error(rendered.files[k].path, 0, 0, "cannot read the rendered page back");
    });
}

// The staging directory beside the output, when the output may be replaced.
bool stage_output(const BuildOptions& options, const Site& site, BuildResult& result,
                  std::optional<OutputDir>& out, Diagnostics& diags) {
    result.out = options.out ? *options.out : options.source / site.config.output;
    if (!check_output_location(
            result.out,
            {options.source, options.source / "content", options.source / site.config.theme},
            diags))
        return false;
    for (const Emitted& e : emitted(options))
        if (!e.file.empty() && path_within(e.file, result.out)) {
            diags.error(e.file.string(), 0, 0,
                        e.option +
                            " names a file inside the output directory, which the build replaces");
            return false;
        }
    out.emplace(result.out, options.force, diags);
    return out->ok();
}

// The files the site's pages may link besides each other: assets, the search index's files
// (written; they hold no links), the archives and the feeds.
std::vector<std::string> linkable_paths(const Loaded& l, const SearchThread& search,
                                        const ArchiveLinks& archives) {
    std::vector<std::string> other_paths = paths_of(l.assets);
    for (const auto& path : search.paths())
        other_paths.push_back(path);
    for (const auto& [meeting, path] : archives.packs)
        other_paths.push_back(path);
    if (!archives.offline_zip.empty()) other_paths.push_back(archives.offline_zip);
    for (const PublishedFile& f : published_files(l.site, *l.theme))
        other_paths.push_back(f.path); // the feeds the list pages link
    return other_paths;
}

// The feeds, the sitemap and robots.txt (with base_url), written to the staging directory once
// the packs are: a meeting's entry gives its pack's size. Returns how many files it wrote.
std::size_t write_feeds(OutputDir& out, const Loaded& l, const ArchiveLinks& archives,
                        const std::vector<std::string>& zips, Diagnostics& diags) {
    std::map<std::string, std::uint64_t> sizes;
    for (const std::string& zip : zips) {
        std::error_code ec;
        if (const auto size = fs::file_size(out.staging() / zip, ec); !ec) sizes[zip] = size;
    }
    std::size_t written = 0;
    for (const OutputFile& f : write_published(l.site, *l.theme, archives, sizes))
        written += out.write(f, diags) ? 1 : 0;
    return written;
}

// Copies the assets, reads every zip back from the staging directory and checks it (several at
// once; not one the previous output held unchanged), and swaps the staged output in.
bool write_and_swap(OutputDir& out, const std::vector<CopiedFile>& assets,
                    const std::vector<std::string>& archives, unsigned threads,
                    Diagnostics& diags) {
    if (!out.copy(assets, diags)) return false;
    // The largest first: checked last, the offline zip kept one thread busy alone.
    std::vector<std::pair<std::uintmax_t, std::string>> by_size;
    for (const std::string& path : archives) {
        std::error_code ec;
        const std::uintmax_t size = fs::file_size(out.staging() / path, ec);
        by_size.emplace_back(ec ? 0 : size, path);
    }
    std::sort(by_size.begin(), by_size.end(), std::greater<>());
    std::vector<char> verified(archives.size());
    // A zip linked from the previous output is the bytes that build checked.
    parallel_for(by_size.size(), threads, [&](std::size_t k) {
        const std::string& path = by_size[k].second;
        verified[k] = out.linked(path) || verify_zip(out.staging() / path, diags);
    });
    return std::all_of(verified.begin(), verified.end(), [](char ok) { return ok; }) &&
           out.commit(diags);
}

// The rendered files of a build, as render_site hands them over (nothing is written without an
// output: docket check). Where the build makes archives, they are made from the files as
// rendered: a file the site writes as it was rendered is written to its place in the staging
// directory; one the archives' texts complete (completed_late) is kept in a record file there
// (unlinked), and written to its place once, complete (write_archive_texts). Written twice, it
// was a new file and an unlinked one per page and rebuild: ext4 skips the inodes freed in the
// last minute when it makes one (recently_deleted), and a rebuild linked none of them.
class StagedFiles {
  public:
    // An error when it cannot make its record file: the build goes on without archives, to
    // report its other errors, and fails before the swap.
    StagedFiles(OutputDir* out, bool archives, Diagnostics& diags) : out_(out) {
        if (!out || !archives) return;
        try {
            records_.emplace(out->staging());
        } catch (const std::system_error& e) {
            diags.error(out->staging().string(), 0, 0,
                        "cannot make the build's record file: " + e.code().message());
        }
    }
    bool archives() const { return records_.has_value(); }
    // The record file, when the build makes archives: the rendered files' marks go there too.
    RecordFile* records() { return records_ ? &*records_ : nullptr; }

    // The sink of render_site: from several threads at once.
    void take(OutputFile& f, std::span<const PageMark> marks, Diagnostics& diags) {
        if (!out_) return;
        if (!records_ || !completed_late(marks)) {
            out_->write(f, diags);
            return;
        }
        try {
            const RecordFile::Record r = records_->append(f.content);
            std::lock_guard lock(mutex_);
            kept_.emplace(f.path, r);
        } catch (const std::system_error& e) {
            diags.error((out_->staging() / f.path).string(), 0, 0,
                        "cannot write file: " + e.code().message());
        }
    }
    // Rendered file k's bytes as rendered (once rendering is done).
    RenderedBytes bytes(const RenderedSite& rendered) const {
        return [this, &rendered](std::size_t k) {
            const std::string& path = rendered.files[k].path;
            const auto it = kept_.find(path);
            return it != kept_.end() ? records_->read(it->second)
                                     : read_file(out_->staging() / path);
        };
    }

  private:
    OutputDir* out_;
    std::optional<RecordFile> records_;
    std::mutex mutex_;
    std::unordered_map<std::string, RecordFile::Record> kept_;
};

// What docket serve keeps of its last whole build: the site as loaded, and its rendered files
// without their bytes (their links and ids, and the pages whose text each writes).
struct Kept {
    Kept() = default;
    Kept(std::optional<Loaded> l, RenderedSite r, std::vector<std::string> links,
         std::vector<std::string> search_files, fs::path to)
        : loaded(std::move(l)), rendered(std::move(r)), linkable(std::move(links)),
          search(std::move(search_files)), out(std::move(to)) {
        generated = site_generated_pages(loaded->site, loaded->graph);
        const auto& pages = loaded->site.pages;
        for (std::size_t i = 0; i < pages.size(); ++i) {
            std::error_code ec;
            by_file.emplace(fs::weakly_canonical(pages[i].path, ec), i);
        }
    }

    std::optional<Loaded> loaded;
    RenderedSite rendered;
    std::vector<std::string> linkable;       // linkable_paths
    std::vector<std::string> search;         // the search index's files
    std::map<fs::path, std::size_t> by_file; // a page's file (canonical) -> the page
    std::vector<GeneratedPage> generated;    // as rendered: the lists' items in their order
    fs::path out;
};

// How the render hands the search index each page's documents, made from the AST it wrote the
// page from, and writes the page's part of the store (SearchFeed); none without search.
std::unique_ptr<SearchFeed> search_feed(const Loaded& l, OutputDir* out,
                                        const BuildOptions& options, Diagnostics& diags) {
    if (!l.site.config.search) return nullptr;
    return std::make_unique<SearchFeed>(
        l.site, *l.theme,
        [out, &diags](OutputFile&& f) {
            if (out) out->write(f, diags);
        },
        options.search_window);
}

// build_site without the guard (at the end of the file); with `keep`, what a successful build
// loaded and rendered goes there.
BuildResult build_site_stages(const BuildOptions& options, Diagnostics& diags,
                              Kept* keep = nullptr) {
    const auto started = std::chrono::steady_clock::now();
    auto progress = [&](const char* stage) {
        if (options.progress) options.progress(stage);
    };
    BuildResult result;
    auto finished = [&] {
        result.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return result;
    };
    const unsigned threads =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    Stopwatch watch(result.stages);
    auto loaded =
        load_site(options.source, options.search, threads, diags, &watch, options.kept_body_bytes);
    if (!loaded) return result;
    const Loaded& l = *loaded;
    const Site& site = l.site;
    result.pages = site.pages.size();
    warn_unpublished(site, diags);
    // Nothing the build writes may replace another: every output path is known before writing.
    if (!l.renderable(diags) || !check_output_paths(planned_files(l, options.archives), diags))
        return result;
    // A failed build removes the staging directory; the previous output stays as it was.
    std::optional<OutputDir> out;
    if (options.write && !stage_output(options, site, result, out, diags)) return result;
    const auto feed = search_feed(l, out ? &*out : nullptr, options, diags);
    SearchThread search(site, l.graph, *l.theme, options, out ? &*out : nullptr, threads,
                        feed.get(), diags);
    // However the render ends, the index then makes the pages it was not given.
    const Closing closing(feed.get());
    watch.mark("check output paths, stage output");

    // Every page is rendered once and staged in the thread that rendered it (StagedFiles); its
    // text is then dropped, so the site is never held in memory whole. The archives are written
    // from the staged files; the files' marks stay in their record file (docket serve, which
    // keeps the render past this call, makes no archives: it keeps them in memory).
    progress("rendering pages");
    ArchiveLinks archives = archive_links(site, options.archives && out);
    archives.preview = options.preview;
    StagedFiles staged_files(out ? &*out : nullptr, !archives.offline_zip.empty(), diags);
    const FileSink sink = [&](OutputFile& f, std::span<const PageMark> marks) {
        staged_files.take(f, marks, diags);
        std::string().swap(f.content); // `docket check` keeps only the links and ids too
    };
    AstSink asts;
    if (feed) asts = [&feed](std::size_t i, const PageDoc& d) { feed->give(i, d); };
    RenderedSite rendered = render_site(site, l.graph, *l.theme, archives, threads, diags, sink,
                                        staged_files.records(), asts);
    if (feed) feed->close();
    watch.mark(out ? "render and write pages" : "render pages");
    std::vector<std::string> zips;
    if (staged_files.archives()) {
        progress("writing archives");
        const RenderedBytes staged = staged_files.bytes(rendered);
        ArchiveTexts texts;
        zips =
            make_archives(*out, l, rendered, staged, search, options, threads, texts, watch, diags);
        write_archive_texts(*out, rendered, texts, staged, threads, diags);
        watch.mark("archive sizes into pages");
    }
    const std::size_t feeds = out ? write_feeds(*out, l, archives, zips, diags) : 0;
    search.wait(result.stages);
    std::vector<std::string> linkable = linkable_paths(l, search, archives);
    check_rendered_links(views(rendered.files), linkable, diags, threads);
    site.guard->report_errors();
    site.changed->report(diags);
    watch.mark("check links");
    if (diags.error_count() > 0 || !out) return finished();
    progress("writing files");
    if (!write_and_swap(*out, l.assets, zips, threads, diags)) return result;
    watch.mark("write assets, check archives, swap in");
    result.files =
        rendered.files.size() + search.paths().size() + l.assets.size() + zips.size() + feeds;
    if (keep)
        *keep = Kept(std::move(loaded), std::move(rendered), std::move(linkable), search.paths(),
                     result.out);
    return finished();
}

// build_pack without the guard.
PackResult build_pack_stages(const PackOptions& options, Diagnostics& diags) {
    PackResult result;
    const unsigned threads =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    auto loaded = load_site(options.source, std::nullopt, threads, diags);
    if (!loaded || !loaded->renderable(diags)) return result;
    const Site& site = loaded->site;
    auto it = site.by_id.find(options.meeting);
    if (it == site.by_id.end() || site.pages[it->second].kind != "meeting") {
        std::string known;
        for (const Page& p : site.pages)
            if (p.kind == "meeting") known += (known.empty() ? "" : ", ") + p.id;
        diags.error("docket pack", 0, 0,
                    "no meeting with id \"" + options.meeting + "\"" +
                        (known.empty() ? "" : " (meetings: " + known + ")"));
        return result;
    }
    // Only the pack's pages are rendered, and kept in memory.
    RenderScope in = pack_scope(*loaded, it->second);
    const RenderedSite rendered =
        render_scope(site, loaded->graph, *loaded->theme, in, true, threads, diags);
    const RenderedBytes kept = [&](std::size_t k) {
        return std::optional<std::string>(rendered.files[k].content);
    };
    PackLink link;
    // The file it replaces, when it is a pack, gives the entries that did not change.
    std::vector<OutputFile> content = pack_content(*loaded, rendered, kept, {}, in, threads, diags);
    auto pack = make_pack(*loaded, std::move(content), in, threads,
                          ZipOptions{threads, nullptr, options.file}, SiteSearch{}, link, diags);
    site.guard->report_errors();
    site.changed->report(diags);
    if (!pack || diags.error_count() > 0) return result;
    // Beside the target, checked, then renamed: a failed run leaves an existing file as it was.
    const std::string why = replace_file(
        options.file, pack->bytes, [&](const fs::path& temp) { return verify_zip(temp, diags); });
    if (!why.empty()) {
        diags.error(options.file.string(), 0, 0, "cannot write the pack: " + why);
        return result;
    }
    result.pages = in.pages.size();
    result.bytes = pack->bytes.size();
    return result;
}

// An exception that escapes a stage (out of memory; every parallel_for hands its workers'
// exceptions to the calling thread) ends the run with an error, never an abort. Nothing is
// written: the staging directory goes with the stack. The run's threads are started once, by
// its pool, and serve every stage.
template <typename Result, typename Run> Result guarded(Diagnostics& diags, const Run& run) {
    try {
        const ThreadPool pool;
        return run();
    } catch (const std::bad_alloc&) {
        diags.error("docket", 0, 0, "out of memory");
    } catch (const std::exception& e) {
        diags.error("docket", 0, 0, std::string("internal error: ") + e.what());
    }
    return Result{};
}

// Whether page b, read again, has the front matter of a but for the line of its title: the
// same lines, its title on the same line of both.
bool same_but_title(const Page& a, const Page& b) {
    const Value* ta = a.get("title");
    const Value* tb = b.get("title");
    return (!ta == !tb) && (!ta || ta->line == tb->line) && a.body_line == b.body_line &&
           front_matter_hash(a) == front_matter_hash(b);
}

// Page `page`'s file read again as load_content reads it: nullopt unless its front matter is
// that of before but for its title (so its keys, id and kind are those of before).
std::optional<Page> read_again(const Page& page, Diagnostics& diags) {
    std::error_code ec;
    if (fs::is_symlink(page.path, ec)) return std::nullopt; // load_content's checks decide
    auto bytes = read_file(page.path);
    if (!bytes) return std::nullopt;
    Page fresh;
    fresh.id = page.id;
    fresh.source = page.source;
    fresh.path = page.path;
    fresh.url = page.url;
    fresh.file = page.file;
    fresh.at_path = page.at_path;
    fresh.text = std::move(*bytes);
    if (!parse_page(fresh, diags) || !same_but_title(page, fresh)) return std::nullopt;
    if (fresh.title.empty() && fresh.kind == "page") fresh.title = fresh.id;
    validate_page(fresh, diags);
    return fresh;
}

// The terms page i's text mentions, as resolve_links found them.
PageList mentioned_terms(const Site& site, const LinkGraph& graph, std::size_t i) {
    PageList out;
    for (std::uint32_t t = 0; t < site.pages.size(); ++t)
        if (site.pages[t].kind == "term" &&
            std::binary_search(graph.mentions[t].begin(), graph.mentions[t].end(), i))
            out.push_back(t);
    return out;
}

// The pages an edit changed: those whose text is written again, and those whose title, summary,
// backlinks or mentions are shown again (RenderedSite::shown), each sorted; whether the page
// edited has a new title.
struct Edited {
    std::vector<std::size_t> texts, shown;
    bool retitled = false;
};

// Page `from` in the sorted list `pages` when it is not there, out of it when it is.
void toggle(PageList& pages, std::uint32_t from) {
    const auto at = std::lower_bound(pages.begin(), pages.end(), from);
    if (at != pages.end() && *at == from)
        pages.erase(at);
    else
        pages.insert(at, from);
}

// The graph's edges from page j made `now`: each target (or term) that gains or loses j as a
// backlink (or mention) toggles it, and is shown again.
void relink(PageList& before, const PageList& now, std::vector<PageList>& inverse, std::uint32_t j,
            Edited& edited) {
    PageList changed;
    std::set_symmetric_difference(before.begin(), before.end(), now.begin(), now.end(),
                                  std::back_inserter(changed));
    for (std::uint32_t t : changed) {
        toggle(inverse[t], j);
        edited.shown.push_back(t);
    }
    before = now;
}

// Page j's text parsed and resolved again (its own edit, or its links' texts show a title that
// changed) and kept in its place, the link graph's edges from it with it; false when its headings
// changed (other pages' links lead to them), or anything is reported.
bool parse_again(Site& site, LinkGraph& graph, std::size_t j, Edited& edited, Diagnostics& diags) {
    std::string read;
    const auto text = page_text(site.pages[j], read);
    if (!text) {
        report_changed(site.pages[j], diags);
        return false;
    }
    const std::string_view body = text->substr(site.pages[j].body_offset);
    PageDoc doc = parse_page_body(site, j, body, diags);
    const ResolvedPage links = resolve_page(site, graph, j, body, doc, diags);
    if (diags.error_count() > 0) return false;
    const Replaced r = replace_doc(site, j, std::move(doc));
    if (r == Replaced::none) return false;
    PageList mentioned = mentioned_terms(site, graph, j);
    const auto page = static_cast<std::uint32_t>(j);
    relink(graph.outgoing[j], links.outgoing, graph.incoming, page, edited);
    relink(mentioned, links.mentioned, graph.mentions, page, edited);
    graph.titled[j] = links.titled;
    edited.texts.push_back(j);
    if (r == Replaced::new_summary) edited.shown.push_back(j);
    return true;
}

// Page i read, parsed and resolved again after its file changed, with the pages whose links show
// its title when that changed (not a term's or the site's title: the whole site's text is
// matched against a term's, and the root page titles the site); nullopt when more than its text
// or title changed, or anything is reported.
std::optional<Edited> edit_page(Loaded& l, std::size_t i, Diagnostics& diags) {
    Site& site = l.site;
    auto fresh = read_again(site.pages[i], diags);
    if (!fresh || diags.error_count() > 0) return std::nullopt;
    const std::string title = site.pages[i].title;
    site.pages[i] = std::move(*fresh);
    const Page& page = site.pages[i];
    guard_site(l, diags); // reads the new text, reports to this run's diagnostics
    check_personal_data(page, diags);
    Edited edited;
    if (!parse_again(site, l.graph, i, edited, diags)) return std::nullopt;
    edited.retitled = page.title != title;
    if (edited.retitled) {
        if (page.kind == "term" || page.url.empty()) return std::nullopt;
        edited.shown.push_back(i);
        for (std::size_t j = 0; j < site.pages.size(); ++j)
            if (j != i &&
                std::binary_search(l.graph.titled[j].begin(), l.graph.titled[j].end(), i) &&
                !parse_again(site, l.graph, j, edited, diags))
                return std::nullopt;
    }
    sort_unique(edited.texts);
    sort_unique(edited.shown);
    return edited;
}

// The files to render again after `edited` (their numbers in RenderedSite, sorted): those that
// write a text parsed again (RenderedSite::bodies), that show a title, summary, backlinks or
// mentions that changed (RenderedSite::shown), and the generated pages whose items changed (the
// glossary's parts are in title order); nullopt when the generated pages are others now.
std::optional<std::vector<std::size_t>> files_again(Kept& k, const Edited& edited) {
    std::vector<std::size_t> files;
    const RenderedSite& before = k.rendered;
    for (std::size_t f = 0; f < before.files.size(); ++f)
        if (meet(before.bodies[f], edited.texts) || meet(before.shown[f], edited.shown))
            files.push_back(f);
    // A list of links past per_page is in parts, which change with the page's links too.
    if (!edited.retitled && edited.shown.empty()) return files;
    const Site& site = k.loaded->site;
    std::vector<GeneratedPage> generated = site_generated_pages(site, k.loaded->graph);
    if (generated.size() != k.generated.size()) return std::nullopt;
    for (std::size_t g = 0; g < generated.size(); ++g) {
        if (generated[g].path != k.generated[g].path) return std::nullopt;
        if (generated[g].items != k.generated[g].items) files.push_back(site.pages.size() + g);
    }
    sort_unique(files);
    k.generated = std::move(generated);
    return files;
}

// Files `files` rendered again in place of theirs in `k`, their links checked with the site's,
// and written to the output with `published` (those whose bytes changed); false on any error.
bool write_again(Kept& k, const std::vector<std::size_t>& files,
                 const std::vector<OutputFile>& published, const ArchiveLinks& archives,
                 unsigned threads, Diagnostics& diags) {
    const Loaded& l = *k.loaded;
    RenderedSite again =
        render_files(l.site, l.graph, *l.theme, archives, k.generated, files, threads, diags);
    // Other files' links into these need checking again only if their ids changed.
    bool same_ids = true;
    for (std::size_t n = 0; n < files.size(); ++n) {
        OutputFile& f = k.rendered.files[files[n]];
        same_ids = same_ids && f.ids == again.files[n].ids;
        f = std::move(again.files[n]);
        k.rendered.bodies[files[n]] = std::move(again.bodies[n]);
        k.rendered.shown[files[n]] = std::move(again.shown[n]);
    }
    check_rendered_links(views(k.rendered.files), k.linkable, diags, threads,
                         same_ids ? &files : nullptr);
    l.site.guard->report_errors();
    l.site.changed->report(diags);
    if (diags.error_count() > 0) return false;
    auto replace = [&](const OutputFile& written) {
        const std::string why = replace_file(k.out / written.path, written.content);
        if (!why.empty())
            diags.error((k.out / written.path).string(), 0, 0, "cannot write file: " + why);
        return why.empty();
    };
    for (std::size_t f : files) {
        if (!replace(k.rendered.files[f])) return false;
        std::string().swap(k.rendered.files[f].content);
    }
    for (const OutputFile& f : published)
        if (read_file(k.out / f.path) != f.content && !replace(f)) return false;
    return true;
}

// After `file` changed: when it is a page whose text or title alone changed (edit_page), the
// files that show what changed (files_again) are rendered again and replace theirs in the
// output, with the feeds (they show titles; the sitemap and robots.txt stay as they were).
// nullopt when the change is not of that kind or anything is reported as an error: then the
// whole site is built, as the state kept may be half changed.
std::optional<BuildResult> update_page(Kept& k, const BuildOptions& options, const fs::path& file,
                                       Diagnostics& diags) {
    const auto started = std::chrono::steady_clock::now();
    std::error_code ec;
    const auto at = k.by_file.find(fs::weakly_canonical(file, ec));
    if (!k.loaded || at == k.by_file.end()) return std::nullopt;
    const auto edited = edit_page(*k.loaded, at->second, diags);
    if (!edited) return std::nullopt;
    const auto files = files_again(k, *edited);
    if (!files) return std::nullopt;
    const unsigned threads =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const ArchiveLinks archives{{}, {}, options.preview};
    const Site& site = k.loaded->site;
    const std::vector<OutputFile> published =
        edited->retitled ? write_published(site, *k.loaded->theme, archives, {})
                         : std::vector<OutputFile>();
    if (!write_again(k, *files, published, archives, threads, diags)) return std::nullopt;
    BuildResult result;
    result.pages = site.pages.size();
    result.files = result.rendered_again = files->size();
    result.out = k.out;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace

BuildResult build_site(const BuildOptions& options, Diagnostics& diags) {
    return guarded<BuildResult>(diags, [&] { return build_site_stages(options, diags); });
}

PackResult build_pack(const PackOptions& options, Diagnostics& diags) {
    return guarded<PackResult>(diags, [&] { return build_pack_stages(options, diags); });
}

struct PreviewBuilds::State {
    BuildOptions options;
    Kept kept;
    bool search_due = false; // the pages changed since the search index was written
};

PreviewBuilds::PreviewBuilds(BuildOptions options) : state_(std::make_unique<State>()) {
    state_->options = std::move(options);
    state_->options.archives = false;
    state_->options.preview = true;
    // Serve keeps the site between builds: no page's AST with it (an edit parses its few pages).
    state_->options.kept_body_bytes = 0;
}

PreviewBuilds::~PreviewBuilds() = default;

BuildResult PreviewBuilds::build(const std::vector<fs::path>& changed, Diagnostics& diags) {
    State& s = *state_;
    if (changed.size() == 1 && s.kept.loaded) {
        Diagnostics update;
        const auto result = guarded<std::optional<BuildResult>>(
            update, [&] { return update_page(s.kept, s.options, changed.front(), update); });
        if (result) {
            for (const Diagnostic& d : update.sorted())
                diags.add(d);
            s.search_due = s.kept.loaded->site.config.search;
            return *result;
        }
    }
    s.kept = Kept{}; // before the build: never two sites in memory
    s.search_due = false;
    return guarded<BuildResult>(diags,
                                [&] { return build_site_stages(s.options, diags, &s.kept); });
}

void PreviewBuilds::finish(Diagnostics& diags) {
    State& s = *state_;
    if (!s.search_due) return;
    s.search_due = false;
    Kept& k = s.kept;
    guarded<bool>(diags, [&] {
        Loaded& l = *k.loaded;
        guard_site(l, diags); // reads the search documents
        // Called from several threads at once. A file whose bytes are those written before (most
        // store parts: each holds one page's documents) is left as it is.
        const SearchSink sink = [&](OutputFile&& f) {
            const fs::path path = k.out / f.path;
            if (read_file(path) == f.content) return;
            if (const std::string why = replace_file(path, f.content); !why.empty())
                diags.error(path.string(), 0, 0, "cannot write file: " + why);
        };
        const unsigned threads = s.options.threads
                                     ? s.options.threads
                                     : std::max(1u, std::thread::hardware_concurrency());
        std::vector<std::string> written =
            build_search(l.site, l.graph, *l.theme, nullptr, threads, false, false, sink).paths;
        l.site.guard->report_errors();
        l.site.changed->report(diags);
        // The files of the index before that it no longer has; the pages may link the new ones.
        std::sort(written.begin(), written.end());
        std::sort(k.search.begin(), k.search.end());
        for (const std::string& path : k.search)
            if (!std::binary_search(written.begin(), written.end(), path)) {
                std::error_code ec;
                fs::remove(k.out / path, ec);
            }
        std::erase_if(k.linkable, [&](const std::string& path) {
            return std::binary_search(k.search.begin(), k.search.end(), path);
        });
        k.linkable.insert(k.linkable.end(), written.begin(), written.end());
        k.search = std::move(written);
        return true;
    });
    if (diags.error_count() > 0) s.kept = Kept{}; // the next build is a whole one
}

std::string preview_script(const std::string& src) {
    return preview_script_element(src);
}

SourceFolders source_folders(const fs::path& source) {
    Diagnostics ignored; // the build reports them
    const auto config = load_config(source, ignored);
    const SiteConfig settings = config ? *config : SiteConfig{};
    std::error_code ec;
    const bool content = fs::is_directory(source / "content", ec);
    return {source, content ? source / "content" : source, source / settings.theme,
            settings.output};
}

namespace {

// Line `line` (1-based) of `text`, without its line break; "" past the end.
std::string line_of(const std::string& text, int line) {
    std::size_t start = 0;
    for (int n = 1; n < line; ++n) {
        start = text.find('\n', start);
        if (start == std::string::npos) return {};
        ++start;
    }
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string out = text.substr(start, end - start);
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return out;
}

// The errors of `diags` as the preview lists them, each with its source line.
std::vector<PreviewError> preview_errors_of(const fs::path& source,
                                            const std::vector<Diagnostic>& diags) {
    std::vector<PreviewError> out;
    std::map<std::string, std::optional<std::string>> texts; // each file read once
    for (const Diagnostic& d : diags) {
        if (d.severity != Severity::error) continue;
        PreviewError e{d.file, d.message, 0, {}};
        if (d.line > 0) e.place += ":" + std::to_string(d.line);
        if (d.column > 0) e.place += ":" + std::to_string(d.column);
        auto [text, fresh] = texts.try_emplace(d.file);
        if (fresh)
            text->second =
                read_file(fs::path(d.file).is_absolute() ? fs::path(d.file) : source / d.file);
        if (d.line > 0 && text->second) {
            e.line = d.line;
            e.source_line = line_of(*text->second, d.line);
        }
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace

std::string preview_errors(const fs::path& source, const std::vector<Diagnostic>& diags,
                           const std::string& script_src) {
    Diagnostics ignored; // the build reported them
    std::unique_ptr<Theme> theme;
    std::string language = "en";
    if (const auto config = load_config(source, ignored)) {
        theme = Theme::load(source / config->theme, config->language, ignored);
        language = config->language;
    }
    if (!theme) {
        language = "en";
        theme = Theme::load(DOCKET_DEFAULT_THEME, language, ignored);
    }
    if (!theme) return {};
    return preview_errors_page(*theme, language, preview_errors_of(source, diags), script_src);
}

std::string render_markdown(const fs::path& source, std::string text, Diagnostics& diags) {
    Site site;
    site.root = source;
    auto config = load_config(source, diags);
    if (!config) return {};
    site.config = std::move(*config);
    const auto theme = Theme::load(source / site.config.theme, site.config.language, diags,
                                   site.config.language_at);
    if (!theme) return {};
    resolve_url_segments(site.config, *theme, diags);
    Page page;
    page.id = "markdown";
    page.source = "-";
    page.text = std::move(text);
    if (!parse_page(page, diags)) return {};
    validate_page(page, diags);
    const std::string& segment = site.config.url_segments[page.kind];
    page.url = (segment.empty() ? "" : segment + "/") + page.id + "/";
    site.pages.push_back(std::move(page));
    parse_bodies(
        site, diags, 1, [&theme = *theme](const std::string& kind) -> const auto& {
            return theme.reserved_ids(kind);
        });
    const LinkGraph graph = resolve_links(site, diags);
    return render_body(site, graph, *theme, 0);
}

} // namespace docket

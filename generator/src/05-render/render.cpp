#include "docket/render.h"
#include "docket/date.h"
#include "docket/feeds.h"
#include "docket/href.h"

#include "collation.h"
#include "generated.h"
#include "html_writer.h"
#include "markdown_html.h"
#include "structured_data.h"
#include "template.h"
#include "views/view.h"

#include "docket/model.h"
#include "docket/sorted.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmark-gfm.h>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>

namespace docket {

namespace {

// How page i's text is written on its own page, from `doc` (its AST and headings).
MarkdownOptions page_markdown_options(const Site& site, const Theme& theme, std::size_t i,
                                      const PageDoc* doc) {
    MarkdownOptions o;
    o.site = &site;
    o.theme = &theme;
    o.doc = doc;
    o.page = &site.pages[i];
    o.page_dir = site.pages[i].url;
    o.allow_raw_html = site.config.allow_raw_html;
    o.link_terms = site.config.link_terms;
    return o;
}

// A page as rendered, with the places its outputs differ.
struct RenderedFile {
    OutputFile file;
    std::vector<PageMark> marks;     // as the page is written
    PackedMarks packed;              // once it is kept (kept_whole)
    std::vector<std::size_t> bodies; // RenderedSite::bodies
    std::vector<std::size_t> shown;  // RenderedSite::shown
};

// The pages whose text the file being rendered in this thread writes, when they are recorded.
thread_local std::vector<std::size_t>* bodies_written = nullptr;

// `render()`'s file, with the pages whose text it wrote and those whose title or summary it
// showed.
template <typename Render>
RenderedFile recording_pages(const std::vector<Page>& pages, const Render& render) {
    std::vector<std::size_t> bodies;
    std::vector<const Page*> shown;
    bodies_written = &bodies;
    RenderedFile f = [&] {
        const ShownPages record(shown);
        return render();
    }();
    bodies_written = nullptr;
    sort_unique(bodies);
    f.bodies = std::move(bodies);
    f.shown.reserve(shown.size());
    for (const Page* p : shown)
        f.shown.push_back(static_cast<std::size_t>(p - pages.data()));
    sort_unique(f.shown);
    return f;
}

// The directory of a site path ("arenden/2020/index.html" -> "arenden/2020/").
std::string dir_of(const std::string& path) {
    return path.substr(0, path.rfind('/') + 1);
}

using Anchors = std::unordered_map<std::size_t, std::string>; // page index -> its id on a page

// The renderer as the views of a page to print see it: a link to a page shown there leads to
// its anchor on that page.
class PrintHost final : public ViewHost {
  public:
    PrintHost(const ViewHost& host, const Anchors& anchors) : host_(host), anchors_(anchors) {}

    const Site& site() const override { return host_.site(); }
    const LinkGraph& graph() const override { return host_.graph(); }
    const Theme& theme() const override { return host_.theme(); }
    const ArchiveLinks& archives() const override { return host_.archives(); }
    std::string date(const std::string& iso) const override { return host_.date(iso); }
    std::size_t per_page() const override { return host_.per_page(); }
    void set_more_links(Context& c, const std::string& dir, const Page& p, const std::string& list,
                        std::size_t count) const override {
        host_.set_more_links(c, dir, p, list, count);
    }
    std::vector<const Page*> related(std::string_view kind, std::string_view key,
                                     const std::string& id) const override {
        return host_.related(kind, key, id);
    }
    Context::Slot excerpt(const std::string& dir, const Page& source) const override {
        return host_.excerpt(dir, source);
    }
    std::string href(const std::string& from_dir, const Page& to) const override {
        const auto it = anchors_.find(static_cast<std::size_t>(&to - site().pages.data()));
        return it == anchors_.end() ? host_.href(from_dir, to) : "#" + it->second;
    }
    Context page_link(const std::string& from_dir, const Page& p) const override {
        Context c = host_.page_link(from_dir, p);
        c.set("href", href(from_dir, p));
        return c;
    }

  private:
    const ViewHost& host_;
    const Anchors& anchors_;
};

class SiteRenderer final : public ViewHost {
  public:
    // A renderer of the site, or of `scope` alone (its pages, and its glossary's terms, are all
    // the list pages and the glossary see). `content`: content pages are rendered, so the
    // relations their views list are indexed. `generated`: the generated pages, when they are
    // known (generated_pages of the site or scope).
    SiteRenderer(const Site& site, const LinkGraph& graph, const Theme& theme,
                 const ArchiveLinks& archives, Diagnostics& diags, bool content,
                 const RenderScope* scope = nullptr,
                 const std::vector<GeneratedPage>* generated = nullptr)
        : site_(site), graph_(graph), theme_(theme), archives_(archives), diags_(diags),
          scope_(scope), own_generated_(generated ? std::vector<GeneratedPage>()
                                        : scope   ? generated_pages(site, *scope)
                                                  : site_generated_pages(site, graph)),
          generated_(generated ? *generated : own_generated_),
          feeds_(scope ? std::vector<Feed>() : site_feeds(site, theme)) {
        if (scope_) {
            std::merge(scope_->pages.begin(), scope_->pages.end(), scope_->glossary.begin(),
                       scope_->glossary.end(), std::back_inserter(listed_));
            listed_.erase(std::unique(listed_.begin(), listed_.end()), listed_.end());
        }
        // Indexed once: a scan of every page for each page rendered was quadratic.
        std::map<std::string_view, std::vector<std::size_t>> kinds;
        each_page([&](std::size_t i) { kinds[site_.pages[i].kind].push_back(i); });
        if (content)
            for (const Page& p : site_.pages)
                index_relations(p);
        for (auto& [key, pages] : relations_)
            sort_pages(pages, find_kind(pages.front()->kind)->model.related_order);
        for (auto& [kind, pages] : kinds)
            kind_sets_.emplace(std::string(kind), add_set(std::move(pages)));
        for (const GeneratedPage& g : generated_)
            if (g.type == GeneratedPage::list || g.type == GeneratedPage::links ||
                (g.type == GeneratedPage::glossary && g.of > 1))
                parts_[parts_key(g)].push_back(&g);
        index_glossary();
    }

    // The letters of a glossary in parts and the first part of each (once, not per part).
    void index_glossary() {
        const Collation& collation = Collation::of(site_.config.language);
        for (const GeneratedPage& g : generated_) {
            if (g.type != GeneratedPage::glossary || g.of <= 1) continue;
            for (std::size_t i : g.items)
                if (std::string letter = collation.initial(site_.pages[i].title);
                    glossary_index_.empty() || glossary_index_.back().first != letter)
                    glossary_index_.emplace_back(std::move(letter), &g);
        }
    }

    // The content pages (every page, or the scope's) and the generated pages, as asked, each
    // once and handed to `sink` as soon as it is rendered, in the thread that rendered it.
    // `asts`, when given, is given each content page's AST once the page is rendered.
    RenderedSite run(unsigned threads, bool content, bool generated, const FileSink& sink,
                     RecordFile* marks_file = nullptr, const AstSink* asts = nullptr) {
        asts_ = asts && *asts ? asts : nullptr;
        const std::size_t n = !content ? 0 : scope_ ? scope_->pages.size() : site_.pages.size();
        auto page_at = [&](std::size_t k) { return scope_ ? scope_->pages[k] : k; };
        std::vector<RenderedFile> files(n);
        // The links of every file of the site (a scope's few files keep their own).
        const auto links = scope_ ? nullptr : std::make_shared<StringPool>();
        auto done = [&](RenderedFile&& f) -> RenderedFile&& {
            check_ids(f.file);
            if (sink) sink(f.file, f.marks);
            kept_whole(f, links, marks_file);
            return std::move(f);
        };
        parallel_for(n, threads, [&](std::size_t k) {
            files[k] = done(render_file(page_at(k)));
            if (!scope_) site_.kept->used(k); // its page is one use of a kept AST
        });
        RenderedSite out;
        reserve(out, n + (generated ? generated_.size() : 0));
        for (std::size_t k = 0; k < n; ++k)
            add(out, std::move(files[k]), page_at(k));
        std::vector<RenderedFile>().swap(files); // moved from: gone before the generated pages
        if (generated) {
            std::vector<std::size_t> all(generated_.size());
            for (std::size_t k = 0; k < all.size(); ++k)
                all[k] = site_.pages.size() + k;
            for (auto& f : render_generated_files(all, threads, done))
                add(out, std::move(f), static_cast<std::size_t>(-1));
        }
        return with_page_sets(std::move(out));
    }

    // Files `files` of run()'s whole site (sorted), rendered again.
    RenderedSite run_files(const std::vector<std::size_t>& files, unsigned threads) {
        const std::size_t n = site_.pages.size();
        const auto generated = std::lower_bound(files.begin(), files.end(), n);
        std::vector<RenderedFile> pages(static_cast<std::size_t>(generated - files.begin()));
        auto checked = [&](RenderedFile&& f) -> RenderedFile&& {
            check_ids(f.file);
            kept_whole(f, nullptr, nullptr);
            return std::move(f);
        };
        parallel_for(pages.size(), threads,
                     [&](std::size_t k) { pages[k] = checked(render_file(files[k])); });
        RenderedSite out;
        reserve(out, files.size());
        for (std::size_t k = 0; k < pages.size(); ++k)
            add(out, std::move(pages[k]), files[k]);
        for (auto& f : render_generated_files({generated, files.end()}, threads, checked))
            add(out, std::move(f), static_cast<std::size_t>(-1));
        return with_page_sets(std::move(out));
    }

  private:
    // File k of the whole site (content pages, then generated_), recording whose text it writes.
    RenderedFile render_file(std::size_t k) const {
        return recording_pages(site_.pages, [&] {
            return k < site_.pages.size() ? render_page(k)
                                          : render_generated(generated_[k - site_.pages.size()]);
        });
    }

    // The generated pages of `files` (site file numbers) on every thread, but the glossary's,
    // which add the page sets of their letters, after them in this thread: in the order of
    // `files` all the same.
    template <typename Done>
    std::vector<RenderedFile> render_generated_files(std::span<const std::size_t> files,
                                                     unsigned threads, const Done& done) const {
        std::vector<RenderedFile> pages(files.size());
        auto glossary = [&](std::size_t k) {
            return generated_[files[k] - site_.pages.size()].type == GeneratedPage::glossary;
        };
        parallel_for(pages.size(), threads, [&](std::size_t k) {
            if (!glossary(k)) pages[k] = done(render_file(files[k]));
        });
        for (std::size_t k = 0; k < pages.size(); ++k)
            if (glossary(k)) pages[k] = done(render_file(files[k]));
        return pages;
    }

    // What stays of a rendered file until the build ends (its links, ids, marks and pages) in
    // as much memory as it holds: the vectors grew by doubling, so up to half of each was room
    // (at 10,000 pages about 140 MB were kept, most of a build's memory that grows with pages),
    // and its marks are packed, into `marks_file` when given. Its links are kept in `links`
    // (the site's, if any): most are those of other pages too.
    static void kept_whole(RenderedFile& f, const std::shared_ptr<StringPool>& links,
                           RecordFile* marks_file) {
        if (links)
            f.file.links.intern(links);
        else
            f.file.links.shrink_to_fit();
        f.file.ids.shrink_to_fit();
        f.file.origins.pack();
        f.packed = PackedMarks(f.marks, marks_file);
        std::vector<PageMark>().swap(f.marks);
        f.bodies.shrink_to_fit();
        f.shown.shrink_to_fit();
    }

    // Room for `files` files in `out`, made once: grown by doubling, its lists kept up to
    // twice the room they needed, and held both sizes while they grew (at 100,000 pages the
    // files' list alone is about 40 MB).
    static void reserve(RenderedSite& out, std::size_t files) {
        out.files.reserve(files);
        out.marks.reserve(files);
        out.pages.reserve(files);
        out.bodies.reserve(files);
        out.shown.reserve(files);
    }

    static void add(RenderedSite& out, RenderedFile&& f, std::size_t page) {
        out.files.push_back(std::move(f.file));
        out.marks.push_back(std::move(f.packed));
        out.bodies.push_back(std::move(f.bodies));
        out.shown.push_back(std::move(f.shown));
        out.pages.push_back(page);
    }

    RenderedSite with_page_sets(RenderedSite out) {
        for (std::size_t s = 0; s < page_sets_.size(); ++s)
            for (std::size_t page : page_sets_[s])
                out.sets_of_page[page].push_back(static_cast<std::uint32_t>(s));
        out.page_sets = std::move(page_sets_);
        return out;
    }

    const Site& site_;
    const LinkGraph& graph_;
    const Theme& theme_;
    const ArchiveLinks& archives_;
    Diagnostics& diags_;
    const RenderScope* scope_;                       // none: the whole site
    const AstSink* asts_ = nullptr;                  // run()'s
    std::vector<std::size_t> listed_;                // a scope's pages and glossary terms, sorted
    const std::vector<GeneratedPage> own_generated_; // when the constructor was given none
    const std::vector<GeneratedPage>& generated_;
    const std::vector<Feed> feeds_; // none for a scope: a pack holds no feed
    // The page sets of conditions (render.h): one per kind, made before the pages are rendered,
    // and the glossary's letters, added while it is rendered (after the content pages, in one
    // thread).
    mutable std::vector<std::vector<std::size_t>> page_sets_;
    std::map<std::string, std::uint32_t, std::less<>> kind_sets_; // kind -> its condition

    std::uint32_t add_set(std::vector<std::size_t> pages) const {
        page_sets_.push_back(std::move(pages));
        return static_cast<std::uint32_t>(site_.pages.size() + page_sets_.size() - 1);
    }
    // The condition that holds where a page of `kind` is.
    std::uint32_t kind_condition(std::string_view kind) const {
        return kind_sets_.find(kind)->second;
    }
    // Calls fn(i) for every page the lists see: the site's, or the scope's and its glossary's.
    template <typename Fn> void each_page(const Fn& fn) const {
        if (!scope_)
            for (std::size_t i = 0; i < site_.pages.size(); ++i)
                fn(i);
        else
            for (std::size_t i : listed_)
                fn(i);
    }
    std::uint32_t page_condition(const Page& p) const {
        return static_cast<std::uint32_t>(&p - site_.pages.data());
    }

    // The registry of a page's element ids, before the page is written: an id written twice is
    // an error where it is written the second time, naming the first.
    void check_ids(const OutputFile& f) const {
        // A page's few dozen ids, sorted by value (and order): a repeat follows its first.
        std::vector<std::uint32_t> order(f.ids.size());
        for (std::uint32_t k = 0; k < order.size(); ++k)
            order[k] = k;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return f.ids[a] < f.ids[b]; });
        for (std::size_t n = 1, first = 0; n < order.size(); ++n) {
            const std::size_t k = order[n];
            if (f.ids[k] != f.ids[order[first]]) {
                first = n;
                continue;
            }
            const Origin a = f.id_origin(order[first]), b = f.id_origin(k);
            std::string first_at(a.file);
            if (a.line > 0)
                first_at += ":" + std::to_string(a.line) + ":" + std::to_string(a.column);
            diags_.error(std::string(b.file), b.line, b.column,
                         "id \"" + std::string(f.ids[k]) + "\" is on the page twice (also from " +
                             first_at + ")");
        }
    }

    std::string segment_of(const std::string& kind) const {
        auto it = site_.config.url_segments.find(kind);
        return it == site_.config.url_segments.end() ? "" : it->second;
    }

    // The pages of each kind by the value of each relation key its schema declares (in the
    // kind's related order), for related.
    std::unordered_map<std::string, std::vector<const Page*>> relations_;

    static std::string relation_key(std::string_view kind, std::string_view key,
                                    std::string_view value) {
        std::string k;
        k.reserve(kind.size() + key.size() + value.size() + 2);
        k.append(kind).append(1, '\n').append(key).append(1, '\n').append(value);
        return k;
    }

    void index_relations(const Page& p) {
        const KindSchema* kind = find_kind(p.kind);
        if (!kind) return;
        for (const Relation& r : kind->model.relations) {
            if (!r.row_key.empty() || r.by_diarienummer) continue;
            if (const std::string id = p.str(r.key); !id.empty())
                relations_[relation_key(p.kind, r.key, id)].push_back(&p);
        }
    }

    // Orders pages listed together (stable: equal ones keep the site's order).
    static void sort_pages(std::vector<const Page*>& v, const ListOrder& order) {
        std::stable_sort(v.begin(), v.end(),
                         [&](const Page* a, const Page* b) { return list_less(*a, *b, order); });
    }

    bool has_pages(std::string_view kind) const { return kind_sets_.contains(kind); }

    // A kind's name in the theme's language, and its plural.
    std::string label(std::string_view kind) const {
        return theme_.text("kind_" + std::string(kind));
    }
    std::string plural(std::string_view kind) const {
        return theme_.text("kind_" + std::string(kind) + "_plural");
    }

    // "2020-11-20" -> "20 november 2020", in the theme's words (month_11, date).
    // Anything but a real YYYY-MM-DD date is kept as written.
    std::string long_date(const std::string& iso) const {
        const std::optional<std::chrono::year_month_day> date = parse_iso_date(iso);
        if (!date) return iso;
        return theme_.text(
            "date", {{"day", std::to_string(unsigned(date->day()))},
                     {"month", theme_.text("month_" + std::to_string(unsigned(date->month())))},
                     {"year", std::to_string(int(date->year()))}});
    }

    std::string href(const std::string& from_dir, const Page& to) const override {
        return relative_href(from_dir, page_href(to));
    }

    Context page_link(const std::string& from_dir, const Page& p) const override {
        Context c;
        if (const KindSchema* k = find_kind(p.kind); k && !k->model.title_number.empty())
            c.set("title", display_title(p));
        else
            c.view("title", shown_title(p));
        c.set("href", href(from_dir, p));
        c.set("kind", label(p.kind));
        if (const Value* summary = p.get("summary"); summary && summary->is(FieldType::string))
            c.view("summary", summary->text);
        else
            c.set("summary", p.str("summary"));
        return c;
    }

    std::vector<const Page*> related(std::string_view kind, std::string_view key,
                                     const std::string& id) const override {
        const auto it = relations_.find(relation_key(kind, key, id));
        return it == relations_.end() ? std::vector<const Page*>() : it->second;
    }

    const Site& site() const override { return site_; }
    const LinkGraph& graph() const override { return graph_; }
    const Theme& theme() const override { return theme_; }
    const ArchiveLinks& archives() const override { return archives_; }
    std::string date(const std::string& iso) const override { return long_date(iso); }

    // Everything the base template needs, for a page in directory `dir`.
    Context base_context(const std::string& dir, const std::string& title,
                         std::vector<Context> crumbs, const std::string& section) const {
        Context c;
        const auto& cfg = site_.config;
        c.set("lang", cfg.language)
            .set("site_title", cfg.title)
            .set("organisation", cfg.organisation);
        c.set("title", title);
        c.set("head_title", title == cfg.title ? title : title + " \u2013 " + cfg.title);
        c.set("home_href", relative_href(dir, ""));
        c.set("css_href", relative_href(dir, "assets/site.css"));
        c.set("search_href", relative_href(dir, folder_of(cfg, "search") + "index.html"));
        c.set("search_js_href", relative_href(dir, "assets/search.js"));
        c.flag("search_ready", cfg.search);
        if (cfg.accessibility.present)
            c.set("statement_href", relative_href(dir, folder_of(cfg, "statement") + "index.html"));
        if (!archives_.offline_zip.empty()) {
            c.set("offline_href", relative_href(dir, archives_.offline_zip))
                .when("offline_href", archive_links);
            c.late("offline_label", LateText::offline_label);
        }
        std::vector<Context> nav;
        for (const KindSchema& k : all_kinds()) {
            const std::string kind(k.kind);
            if (!k.model.in_nav || !has_pages(kind)) continue;
            Context n;
            const std::string seg = segment_of(kind);
            n.set("title", plural(kind)).set("href", relative_href(dir, seg + "/index.html"));
            if (seg == section) n.set("current", "page");
            nav.push_back(std::move(n.when(kind_condition(kind))));
        }
        c.list("nav", std::move(nav));
        if (!crumbs.empty()) {
            Context home;
            home.set("title", theme_.text("home")).set("href", relative_href(dir, ""));
            crumbs.insert(crumbs.begin(), home);
            crumbs.back().set("current", "page");
            c.list("breadcrumbs", std::move(crumbs));
        }
        return c;
    }

    // The feeds a kind's list page (the start page: every feed) links in its head, as parts of
    // the site itself (archive_links): the offline zip does not hold them.
    std::vector<Context> feed_links(const std::string& dir, std::string_view kind = {}) const {
        std::vector<Context> out;
        for (const Feed& f : feeds_)
            if (kind.empty() || f.kind == kind)
                out.push_back(std::move(Context()
                                            .set("href", relative_href(dir, f.path))
                                            .set("title", f.title)
                                            .when(archive_links)));
        return out;
    }

    Context crumb(const std::string& title, const std::string& h) const {
        Context c;
        c.set("title", title).set("href", h);
        return c;
    }

    Context list_crumb(const std::string& dir, const std::string& kind) const {
        return crumb(plural(kind), relative_href(dir, segment_of(kind) + "/index.html"));
    }

    // The list of the outermost page's kind, the pages above p (breadcrumb_chain), p itself.
    std::vector<Context> breadcrumbs(const Page& p, const std::string& dir) const {
        const std::vector<std::size_t> chain = breadcrumb_chain(site_, p);
        const Page& outermost = chain.empty() ? p : site_.pages[chain.front()];
        std::vector<Context> out;
        if (const KindSchema* k = find_kind(outermost.kind); !k || k->model.listed)
            out.push_back(list_crumb(dir, outermost.kind));
        for (std::size_t up : chain)
            out.push_back(crumb(display_title(site_.pages[up]), href(dir, site_.pages[up])));
        out.push_back(crumb(qualified_title(p), href(dir, p)));
        return out;
    }

    // A plain tree's navigation (Site::tree): a node is a page, or a folder without a page
    // (its section page; the root's is the start page).
    static constexpr std::size_t sidebar_entries = 50; // of one folder, at most
    const SiteTree& tree() const { return site_.tree; }

    // The node of page p in the tree, or nullopt for a page outside it.
    std::optional<TreeEntry> tree_node(std::size_t p) const {
        if (!tree().active() ||
            (tree().page_of_folder[p] == no_index && tree().folder_of[p] == no_index))
            return std::nullopt;
        return TreeEntry{false, p, 0};
    }

    std::string node_title(const TreeEntry& node) const {
        if (!node.folder) return display_title(site_.pages[node.index]);
        if (node.index == 0) return site_.config.title;
        const std::string& path = tree().folders[node.index].path;
        return path.substr(path.rfind('/') + 1);
    }

    std::string node_href(const std::string& dir, const TreeEntry& node) const {
        if (!node.folder) return href(dir, site_.pages[node.index]);
        const std::string& path = tree().folders[node.index].path;
        return relative_href(dir, path.empty() ? "" : path + "/index.html");
    }

    // The folder a node heads (a folder's page or section page), else none.
    std::size_t headed_folder(const TreeEntry& node) const {
        return node.folder ? node.index : tree().page_of_folder[node.index];
    }

    // The folders from the root to the one whose entries show `node`'s place: its own when it
    // heads one, else the folder it is an entry of.
    std::vector<std::size_t> folder_chain(const TreeEntry& node) const {
        std::size_t f = headed_folder(node);
        if (f == no_index) f = tree().folder_of[node.index];
        std::vector<std::size_t> chain;
        for (; f != no_index; f = tree().folders[f].parent)
            chain.push_back(f);
        std::reverse(chain.begin(), chain.end());
        return chain;
    }

    // Breadcrumbs along the folders: each folder above the node, then the node.
    std::vector<Context> tree_crumbs(const std::string& dir, const TreeEntry& node) const {
        std::vector<Context> out;
        std::vector<std::size_t> chain = folder_chain(node);
        if (headed_folder(node) != no_index) chain.pop_back();
        for (std::size_t k = 1; k < chain.size(); ++k) {
            const TreeEntry up = tree().node({true, chain[k], 0});
            out.push_back(crumb(node_title(up), node_href(dir, up)));
        }
        if (headed_folder(node) != 0) out.push_back(crumb(node_title(node), node_href(dir, node)));
        return out;
    }

    // The sidebar (the root's entries, each folder above the node opened to its entries, the
    // node marked), previous and next in the reading order.
    void tree_navigation(Context& c, const std::string& dir, const TreeEntry& node) const {
        c.slot("tree", [this, dir, node](HtmlWriter& out) {
            const std::vector<std::size_t> chain = folder_chain(node);
            const TreeEntry root = tree().node({true, 0, 0});
            out.open("ul");
            out.open("li");
            tree_link(out, dir, root, node);
            out.close();
            write_entries(out, dir, chain, 0, node);
            out.close();
        });
        const SiteTree& t = tree();
        const std::size_t at = node.folder ? t.folder_order[node.index] : t.page_order[node.index];
        if (at > 0) {
            const TreeEntry prev = t.order[at - 1];
            c.set("prev_href", node_href(dir, prev)).set("prev_title", node_title(prev));
        }
        if (at + 1 < t.order.size()) {
            const TreeEntry next = t.order[at + 1];
            c.set("next_href", node_href(dir, next)).set("next_title", node_title(next));
        }
        c.flag("prevnext", t.order.size() > 1);
    }

    void tree_link(HtmlWriter& out, const std::string& dir, const TreeEntry& node,
                   const TreeEntry& current) const {
        const std::string h = node_href(dir, node);
        if (node.folder == current.folder && node.index == current.index)
            out.open("a", {{"href", h}, {"aria-current", "page"}});
        else
            out.open("a", {{"href", h}});
        out.text(node_title(node));
        out.close();
    }

    // The entries of folder chain[level] as list items (in the <ul> open), nested as SUMMARY.md
    // nests them; the next folder of the chain opened to its own. Past sidebar_entries, those
    // around the node's place and a link to the folder's page, which lists all: a page's sidebar
    // costs its depth times that, whatever the size of its folder (every link of every page is
    // kept for the link check: at 100 a 10,000-page folder took 194 MB, without a sidebar 74).
    void write_entries(HtmlWriter& out, const std::string& dir,
                       const std::vector<std::size_t>& chain, std::size_t level,
                       const TreeEntry& current) const {
        const TreeFolder& folder = tree().folders[chain[level]];
        const std::size_t n = folder.entries.size();
        const std::size_t open = level + 1 < chain.size() ? chain[level + 1] : no_index;
        std::size_t place = open != no_index ? tree().folders[open].entry : 0;
        if (open == no_index && !current.folder && tree().folder_of[current.index] == chain[level])
            place = tree().entry_of[current.index];
        const std::size_t cap = sidebar_entries;
        const std::size_t from = n <= cap ? 0 : std::min(place - std::min(place, cap / 2), n - cap);
        const std::size_t to = std::min(n, from + cap);
        int depth = -1; // of the item open
        for (std::size_t k = from; k < to; ++k) {
            const TreeEntry& e = folder.entries[k];
            const int d = std::min(static_cast<int>(e.depth), depth + 1);
            if (d > depth && depth >= 0) out.open("ul");
            for (int up = depth; up >= d && up >= 0; --up) {
                out.close();             // the item
                if (up > d) out.close(); // its list
            }
            depth = d;
            out.open("li");
            tree_link(out, dir, tree().node(e), current);
            if (e.folder && e.index == open) {
                out.open("ul");
                write_entries(out, dir, chain, level + 1, current);
                out.close();
            }
        }
        for (; depth >= 0; --depth) {
            out.close();
            if (depth > 0) out.close();
        }
        if (to - from == n) return;
        out.open("li", {{"class", "tree-all"}});
        out.open("a", {{"href", node_href(dir, tree().node({true, chain[level], 0}))}});
        out.text(theme_.text("tree_all", {{"n", std::to_string(n)},
                                          {"title", node_title({true, chain[level], 0})}}));
        out.close();
        out.close();
    }

    // A folder's entries, for its section page.
    std::vector<Context> section_items(const std::string& dir, std::size_t f) const {
        std::vector<Context> items;
        for (const TreeEntry& e : tree().folders[f].entries) {
            const TreeEntry node = tree().node(e);
            items.push_back(node.folder ? crumb(node_title(node), node_href(dir, node))
                                        : page_link(dir, site_.pages[node.index]));
        }
        return items;
    }

    // A plain tree's folder without a page of its own: its entries, in order.
    RenderedFile render_section(const GeneratedPage& g) const {
        const TreeEntry node{true, g.folder, 0};
        const std::string dir = dir_of(g.path);
        const std::string title = node_title(node);
        Context c = base_context(dir, title, tree_crumbs(dir, node), "");
        c.set("h1", title).set("kind_class", "page-section");
        c.list("items", section_items(dir, g.folder));
        tree_navigation(c, dir, node);
        return finish(g.path, c, "section");
    }

    // Page i's backlinks by kind, at most [lists] per_page of them; past that, the whole
    // list's size and links to its parts (set_more_links).
    void backlinks(Context& c, std::size_t i) const {
        const Page& p = site_.pages[i];
        const std::vector<std::size_t> from = listed_links(site_, graph_, i, "backlinks");
        std::vector<std::pair<std::string, std::vector<Context>>> kinds; // listed_links' order
        for (std::size_t k = 0; k < std::min(from.size(), per_page()); ++k) {
            const Page& f = site_.pages[from[k]];
            if (kinds.empty() || kinds.back().first != f.kind)
                kinds.emplace_back(f.kind, std::vector<Context>());
            kinds.back().second.push_back(page_link(p.url, f));
        }
        std::vector<Context> groups;
        for (auto& [kind, items] : kinds)
            groups.push_back(
                std::move(Context().set("label", plural(kind)).list("items", std::move(items))));
        c.list("backlinks", std::move(groups));
        set_more_links(c, p.url, p, "backlinks", from.size());
    }

    std::size_t per_page() const override {
        return static_cast<std::size_t>(site_.config.per_page);
    }

    void set_more_links(Context& c, const std::string& dir, const Page& p, const std::string& list,
                        std::size_t count) const override {
        if (count <= per_page()) return;
        std::vector<Context> parts;
        for (std::size_t k = 1; k <= (count + per_page() - 1) / per_page(); ++k)
            parts.push_back(crumb(theme_.text("list_page", {{"n", std::to_string(k)}}),
                                  relative_href(dir, links_path(site_.config, p, list, k))));
        c.set(list + "_all", theme_.text(list + "_all", {{"n", std::to_string(count)}}))
            .list(list + "_parts", std::move(parts));
    }

    // How page i's text is written, from `doc`: its own (on its page) or null (elsewhere).
    MarkdownOptions markdown_options(std::size_t i, const PageDoc* doc = nullptr) const {
        return page_markdown_options(site_, theme_, i, doc);
    }

    // Page i's AST, parsed again while it is written (page_doc).
    std::shared_ptr<const PageDoc> doc(std::size_t i) const {
        if (bodies_written) bodies_written->push_back(i);
        return page_doc(site_, graph_, i);
    }

    // Page i's text on its page, from `parsed` when it is given, else parsed when it is written.
    Context::Slot body_slot(std::size_t i, std::shared_ptr<const PageDoc> parsed) const {
        return [this, i, parsed](HtmlWriter& out) {
            const auto d = parsed ? parsed : doc(i);
            write_markdown(out, d->doc.get(), markdown_options(i, d.get()));
        };
    }

    // The "## name" section of page `source` its kind's schema excerpts, for a page in directory
    // `dir`. Headings inside an excerpt get no ids: they belong to the other page. Its footnotes'
    // ids start with the source's id and "--" (which no heading id has), so they are unique on
    // the page.
    Context::Slot excerpt(const std::string& dir, const Page& page) const override {
        const std::string name(find_kind(page.kind)->model.excerpt);
        return [this, dir, source = site_.by_id.at(page.id), name](HtmlWriter& out) {
            write_section(out, doc(source)->doc.get(), name, excerpt_options(source, dir));
        };
    }

    // A term's whole text, for a page in directory `dir`, as an excerpt is written.
    Context::Slot term_definition(const std::string& dir, const Page& term) const {
        return [this, dir, source = site_.by_id.at(term.id)](HtmlWriter& out) {
            write_markdown(out, doc(source)->doc.get(), excerpt_options(source, dir));
        };
    }

    // How page `source`'s text is written on another page, in directory `dir`.
    MarkdownOptions excerpt_options(std::size_t source, const std::string& dir) const {
        MarkdownOptions o = markdown_options(source);
        o.page_dir = dir;
        o.excerpt_prefix = site_.pages[source].id + "--";
        return o;
    }

    // Writes the base template around the kind's template, noting the page's links and ids for
    // the link check and marking what differs between its outputs. `page`: the content page it
    // is (else a generated page, named by its template), whose head metadata it writes.
    RenderedFile finish(std::string path, const Context& ctx, const std::string& content_template,
                        std::string source = {}, const Page* page = nullptr) const {
        const Template* content = theme_.find(content_template);
        if (!content) content = theme_.find("page");
        // The base template sees the page's context through a child holding the main slot:
        // copying the context (every list in it) cost as much as writing some pages.
        Context with_main;
        with_main.parent = &ctx;
        with_main.slot("main", [&](HtmlWriter& out) { content->write(out, ctx); });
        head_metadata(with_main, {site_, theme_, path, page, page ? "" : content_template, ctx});
        RenderedFile rendered{{std::move(path), {}, std::move(source), {}, {}, {}}, {}, {}, {}, {}};
        OutputFile& out = rendered.file;
        out.content.reserve(32 * 1024);
        out.content += "<!DOCTYPE html>\n";
        HtmlWriter writer(out.content, &rendered.marks, &out.links, &out.ids, &out.origins);
        if (const PersonalDataGuard* guard = site_.guard.get()) {
            const Published where{out.source, out.path, "text"};
            guard->check(out.path, {out.source, out.path, "address"});
            writer.guard(guard, where);
        }
        theme_.find("base")->write(writer, with_main);
        out.content += '\n';
        return rendered;
    }

    // The kind whose section of the site's navigation page p is in.
    static std::string nav_of(const Page& p) {
        const KindSchema* kind = find_kind(p.kind);
        return kind && !kind->model.nav_section.empty() ? std::string(kind->model.nav_section)
                                                        : p.kind;
    }

    RenderedFile render_page(std::size_t i) const {
        const Page& p = site_.pages[i];
        const KindSchema* kind = find_kind(p.kind);
        // A follow-up: "Title – Uppföljning 2020"; its kicker "Uppföljning 2020".
        const std::string qualifier = title_qualifier(p);
        const std::string kicker =
            qualifier.empty() ? label(p.kind) : label(p.kind) + " " + qualifier;
        const std::string title =
            qualifier.empty() ? display_title(p) : display_title(p) + " \u2013 " + kicker;
        const std::optional<TreeEntry> node = tree_node(i);
        Context c =
            base_context(p.url, title, node ? tree_crumbs(p.url, *node) : breadcrumbs(p, p.url),
                         segment_of(nav_of(p)));
        if (node) tree_navigation(c, p.url, *node);
        c.set("h1", display_title(p))
            .set("kind_label", label(p.kind))
            .set("kind_class", "page-" + p.kind);
        if (!kind || kind->model.listed) c.set("kicker", kicker);
        // Parsed once for its page and for `asts`.
        const std::shared_ptr<const PageDoc> parsed = asts_ ? doc(i) : nullptr;
        c.slot("body", body_slot(i, parsed));
        backlinks(c, i);
        PageView view(*this, i, c);
        if (const View* v = find_view(p.kind)) v->fill(view);
        c.list("facts", std::move(view.facts));
        RenderedFile f = finish(page_href(p), c, p.kind, p.source, &p);
        if (asts_) (*asts_)(i, *parsed);
        return f;
    }

    RenderedFile render_generated(const GeneratedPage& g) const {
        switch (g.type) {
        case GeneratedPage::start:
            return render_start();
        case GeneratedPage::statement:
            return render_statement();
        case GeneratedPage::search:
            return render_search();
        case GeneratedPage::not_found:
            return render_not_found();
        case GeneratedPage::list:
            return render_list(g);
        case GeneratedPage::list_index:
            return render_list_index(g);
        case GeneratedPage::history:
            return render_history(g);
        case GeneratedPage::print:
            return render_print(g);
        case GeneratedPage::section:
            return render_section(g);
        case GeneratedPage::links:
            return render_links(g);
        case GeneratedPage::glossary:
            break;
        }
        return render_glossary(g);
    }

    // The parts of a split list (or of the glossary), by kind and group (the year, or "" for
    // numbered parts); of a page's list of links, by the page's id and the list (parts_key).
    std::map<std::pair<std::string_view, std::string_view>, std::vector<const GeneratedPage*>>
        parts_;
    // A glossary in parts: each letter, A–Ö, and the first part with terms under it.
    std::vector<std::pair<std::string, const GeneratedPage*>> glossary_index_;

    // A list page, a part of a split list among them: its pages (a meeting list grouped by the
    // committee), and the navigation between the parts of its group.
    RenderedFile render_list(const GeneratedPage& g) const {
        const std::string dir = dir_of(g.path);
        const std::string kind(g.kind->kind), list = plural(kind);
        const std::string list_href = relative_href(dir, segment_of(kind) + "/index.html");
        std::vector<Context> crumbs = {crumb(list, list_href)};
        std::string title = list;
        if (!g.group.empty()) {
            title += " " + g.group;
            crumbs.push_back(crumb(g.group, relative_href(dir, parts_of(g).front()->path)));
        }
        if (g.part > 1) {
            const std::string n = std::to_string(g.part);
            title = theme_.text("list_part", {{"title", title}, {"n", n}});
            crumbs.push_back(crumb(theme_.text("list_page", {{"n", n}}), "index.html"));
        }
        Context c = base_context(dir, title, std::move(crumbs), segment_of(kind));
        c.set("h1", title).set("kind_class", "page-list");
        c.list("feeds", feed_links(dir, kind));
        c.list("groups", list_groups(g, dir)).when("groups", kind_condition(kind));
        if (g.of > 1) part_navigation(c, g, dir);
        return finish(g.path, c, "list");
    }

    const std::vector<const GeneratedPage*>& parts_of(const GeneratedPage& g) const {
        return parts_.at(parts_key(g));
    }

    // A list's kind and group; a page's id and list for a list of its links (a group is a year
    // or empty, never "backlinks" or "mentions").
    std::pair<std::string_view, std::string_view> parts_key(const GeneratedPage& g) const {
        return {g.type == GeneratedPage::links ? std::string_view(site_.pages[g.page].id)
                                               : g.kind->kind,
                g.group};
    }

    // A list's items: a meeting's list in a group per committee (in the order of the site's
    // language), any other list as one group.
    std::vector<Context> list_groups(const GeneratedPage& g, const std::string& dir) const {
        std::vector<std::pair<std::string, std::vector<Context>>> groups;
        const bool by_body = g.kind->kind == "meeting";
        for (std::size_t i : g.items) {
            const Page& p = site_.pages[i];
            const std::string label = by_body ? p.str("body") : "";
            auto it = std::find_if(groups.begin(), groups.end(),
                                   [&](const auto& group) { return group.first == label; });
            if (it == groups.end()) it = groups.insert(groups.end(), {label, {}});
            it->second.push_back(std::move(list_item(dir, p).when(page_condition(p))));
        }
        const Collation& collation = Collation::of(site_.config.language);
        std::stable_sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
            return collation.less(a.first, b.first);
        });
        std::vector<Context> out;
        for (auto& [label, items] : groups)
            out.push_back(Context().set("label", label).list("items", std::move(items)));
        return out;
    }

    // A page in a list: its diarienummer (leading to its history) and date, a case's meeting.
    Context list_item(const std::string& dir, const Page& p) const {
        Context item = page_link(dir, p);
        if (const std::string d = p.str("diarienummer"); !d.empty())
            item.set("diarienummer", d)
                .set("diarienummer_href", relative_href(dir, history_path(site_.config, d)));
        if (const std::string d = p.str("date"); !d.empty()) item.set("date", long_date(d));
        // A meeting's page to print, listed with it: within three clicks of the start page.
        if (p.kind == "meeting")
            item.set("print_href", relative_href(dir, print_path(site_.config, p)));
        if (p.kind == "case")
            if (const Page* meeting = site_.find(p.str("meeting")))
                item.set("meeting_title", shown_title(*meeting))
                    .set("meeting_href", href(dir, *meeting));
        return item;
    }

    // The links to the parts of g's group (the current one marked), and to the parts before
    // and after it (rel="prev", rel="next"). The first part links every part: it is the list's
    // way in, from which every page of the list is two clicks away. Each other part links the
    // first, the last and the two on each side of its own, a gap between: linking every part
    // from every part made a list's links grow as the square of its parts (a term used by
    // 15,700 of 100,000 pages: 158 parts, 25,000 links).
    void part_navigation(Context& c, const GeneratedPage& g, const std::string& dir) const {
        constexpr std::size_t near = 2;
        const std::vector<const GeneratedPage*>& parts = parts_of(g);
        const std::size_t n = parts.size();
        // The parts linked around this one; a gap of a single part links that part instead.
        std::size_t from = g.part > near ? g.part - near : 1, to = g.part + near;
        if (from == 3) from = 2;
        if (to + 2 == n) to = n - 1;
        std::vector<Context> links;
        bool gap = false;
        for (const GeneratedPage* part : parts) {
            const std::size_t k = part->part;
            if (g.part != 1 && k != 1 && k != n && (k < from || k > to)) {
                if (!gap) links.push_back(std::move(Context().set("gap", "true")));
                gap = true;
                continue;
            }
            gap = false;
            Context link;
            link.set("title", theme_.text("list_page", {{"n", std::to_string(part->part)}}))
                .set("href", relative_href(dir, part->path));
            if (part == &g) link.set("current", "page");
            links.push_back(std::move(link));
        }
        c.list("parts", std::move(links));
        if (g.part > 1) c.set("prev_href", relative_href(dir, parts[g.part - 2]->path));
        if (g.part < n) c.set("next_href", relative_href(dir, parts[g.part]->path));
    }

    // The index of a list split by year: each year, newest first, with its number of pages
    // and links to its parts.
    RenderedFile render_list_index(const GeneratedPage& g) const {
        const std::string dir = dir_of(g.path);
        const std::string kind(g.kind->kind), title = plural(kind);
        Context c = base_context(dir, title, {crumb(title, "index.html")}, segment_of(kind));
        c.set("h1", title).set("kind_class", "page-list");
        c.list("feeds", feed_links(dir, kind));
        std::vector<Context> years;
        for (const GeneratedPage& part : generated_) {
            if (part.type != GeneratedPage::list || part.kind != g.kind || part.part != 1) continue;
            std::size_t count = 0;
            std::vector<Context> links;
            for (const GeneratedPage* p : parts_of(part)) {
                count += p->items.size();
                links.push_back(
                    Context()
                        .set("title", theme_.text("list_page", {{"n", std::to_string(p->part)}}))
                        .set("href", relative_href(dir, p->path)));
            }
            if (links.size() == 1) links.clear();
            years.push_back(
                Context()
                    .set("title", part.group)
                    .set("href", relative_href(dir, part.path))
                    .set("meta", theme_.text("list_count", {{"n", std::to_string(count)}}))
                    .list("parts", std::move(links)));
        }
        c.list("years", std::move(years));
        return finish(g.path, c, "list");
    }

    // A part of the whole list of a page's backlinks or a term's mentions (one longer than
    // per_page): its pages with their kinds, and the navigation between the parts.
    RenderedFile render_links(const GeneratedPage& g) const {
        const std::string dir = dir_of(g.path);
        const Page& p = site_.pages[g.page];
        std::string title = theme_.text(g.group + "_title", {{"title", shown_title(p)}});
        const std::optional<TreeEntry> node = tree_node(g.page);
        std::vector<Context> crumbs = node ? tree_crumbs(dir, *node) : breadcrumbs(p, dir);
        if (node && headed_folder(*node) == 0) // the root's page, which tree_crumbs leaves out
            crumbs.push_back(crumb(display_title(p), href(dir, p)));
        // The list's heading on its page names it.
        crumbs.push_back(crumb(theme_.text(g.group == "mentions" ? "term_mentions" : "backlinks"),
                               relative_href(dir, links_path(site_.config, p, g.group, 1))));
        if (g.part > 1) {
            const std::string n = std::to_string(g.part);
            title = theme_.text("list_part", {{"title", title}, {"n", n}});
            crumbs.push_back(crumb(theme_.text("list_page", {{"n", n}}), "index.html"));
        }
        Context c = base_context(dir, title, std::move(crumbs), segment_of(nav_of(p)));
        c.set("h1", title).set("kind_class", "page-links");
        const std::size_t n = links_count(graph_, g.page, g.group);
        c.set("lead", theme_.text(g.group + "_lead", {{"n", std::to_string(n)}}));
        std::vector<Context> items;
        for (std::size_t i : g.items)
            items.push_back(page_link(dir, site_.pages[i]));
        c.list("items", std::move(items));
        if (g.of > 1) part_navigation(c, g, dir);
        return finish(g.path, c, "links");
    }

    // The history of a diarienummer: each page that carries it, and each agenda item of a
    // meeting that names it, in date order.
    RenderedFile render_history(const GeneratedPage& g) const {
        const std::string dir = dir_of(g.path);
        const std::string title = theme_.text("history_title", {{"number", g.group}});
        Context c = base_context(dir, title, {crumb(title, "index.html")}, segment_of("case"));
        c.set("h1", g.group)
            .set("kicker", theme_.text("fact_diarienummer"))
            .set("kind_class", "page-history");
        std::vector<Context> events;
        for (std::size_t i : g.items) {
            const Page& p = site_.pages[i];
            auto event = [&](std::string note) {
                Context e = page_link(dir, p);
                e.set("date", long_date(p.str("date")))
                    .set("datetime", p.str("date"))
                    .set("note", std::move(note));
                events.push_back(std::move(e.when(page_condition(p))));
            };
            const Value* agenda = p.kind == "meeting" ? p.get("agenda") : nullptr;
            if (!agenda) {
                event("");
                continue;
            }
            for (const Row& row : agenda->rows)
                if (row.str("diarienummer") == g.group)
                    event(row.str("number").empty()
                              ? theme_.text("history_agenda_unnumbered",
                                            {{"title", row.str("title")}})
                              : theme_.text("history_agenda", {{"number", row.str("number")},
                                                               {"title", row.str("title")}}));
        }
        c.list("events", std::move(events));
        return finish(g.path, c, "history");
    }

    RenderedFile render_start() const {
        const std::string dir;
        Context c = base_context(dir, site_.config.title, {}, "");
        c.set("h1", site_.config.title).set("kind_class", "page-start");
        c.list("feeds", feed_links(dir));
        const Page* latest = nullptr;
        for (const Page& p : site_.pages)
            if (p.kind == "meeting" && (!latest || p.str("date") > latest->str("date")))
                latest = &p;
        if (latest) {
            c.set("meeting_title", shown_title(*latest))
                .set("meeting_href", href(dir, *latest))
                .set("meeting_date", long_date(latest->str("date")));
            std::vector<Context> cases;
            for (const Page* cs : related("case", "meeting", latest->id)) {
                Context item = page_link(dir, *cs);
                item.set("meta", cs->str("diarienummer"));
                cases.push_back(std::move(item));
            }
            c.list("cases", std::move(cases));
        }
        // At most a list page's worth: the plans' list has them all.
        std::vector<Context> plans;
        for (const Page& p : site_.pages)
            if (p.kind == "plan" && plans.size() < static_cast<std::size_t>(site_.config.per_page))
                plans.push_back(page_link(dir, p));
        c.list("plans", std::move(plans));
        if (has_pages("term"))
            c.set("glossary_href", relative_href(dir, segment_of("term") + "/index.html"));
        std::vector<Context> pages;
        if (tree().active()) {
            pages = section_items(dir, 0);
            tree_navigation(c, dir, {true, 0, 0});
        } else {
            for (const Page& p : site_.pages)
                if (p.kind == "page") pages.push_back(page_link(dir, p));
        }
        c.list("pages", std::move(pages));
        c.list("lists", start_lists(dir));
        return finish("index.html", c, "start");
    }

    // A meeting's pack on one page, to print: a table of contents, then each document (the
    // meeting with its agenda, each case, its attachments) as its own page shows it, under an
    // anchor that the links to it on this page lead to.
    RenderedFile render_print(const GeneratedPage& g) const {
        const std::string dir = dir_of(g.path);
        const Page& meeting = site_.pages[g.items.front()];
        Anchors anchors;
        for (std::size_t i : g.items)
            anchors.emplace(i, "dokument-" + site_.pages[i].id);
        const PrintHost host(*this, anchors);
        const std::string title = theme_.text("print_title", {{"title", shown_title(meeting)}});
        Context c = base_context(dir, title,
                                 {list_crumb(dir, "meeting"),
                                  crumb(display_title(meeting), href(dir, meeting)),
                                  crumb(theme_.text("print_crumb"), "index.html")},
                                 segment_of("meeting"));
        c.set("h1", title).set("kicker", label("meeting")).set("kind_class", "page-print");
        std::vector<Context> documents;
        for (std::size_t i : g.items) {
            Context d;
            d.set("anchor", anchors.at(i))
                .set("anchor_href", "#" + anchors.at(i))
                .set("title", display_title(site_.pages[i]))
                .set("kind_label", label(site_.pages[i].kind));
            PageView view(host, i, d, dir);
            if (const View* v = find_view(site_.pages[i].kind)) v->fill(view);
            d.list("facts", std::move(view.facts));
            d.slot("body", [this, i, dir, &anchors](HtmlWriter& out) {
                const auto page = doc(i);
                MarkdownOptions o = markdown_options(i, page.get());
                o.page_dir = dir;
                o.excerpt_prefix = anchors.at(i) + "--";
                o.in_page = &anchors;
                o.heading_shift = 1;
                write_markdown(out, page->doc.get(), o);
            });
            documents.push_back(std::move(d));
        }
        c.list("documents", std::move(documents));
        return finish(g.path, c, "print");
    }

    // Every list page (the first part of a split one) and the glossary, with its pages' count.
    std::vector<Context> start_lists(const std::string& dir) const {
        std::vector<Context> out;
        for (const GeneratedPage& g : generated_) {
            const bool whole = g.type == GeneratedPage::list && g.group.empty() && g.part <= 1;
            if (!whole && g.type != GeneratedPage::list_index && g.type != GeneratedPage::glossary)
                continue;
            const std::string kind(g.kind->kind);
            const std::size_t n = kind_sets_.contains(kind) ? site_set(kind).size() : 0;
            out.push_back(Context()
                              .set("title", g.type == GeneratedPage::glossary
                                                ? theme_.text("glossary_title")
                                                : plural(kind))
                              .set("href", relative_href(dir, g.path))
                              .set("meta", theme_.text("list_count", {{"n", std::to_string(n)}})));
        }
        return out;
    }

    // The pages of a kind the lists see.
    const std::vector<std::size_t>& site_set(const std::string& kind) const {
        return page_sets_[kind_condition(kind) - site_.pages.size()];
    }

    // The glossary, or a part of it past [lists] per_page terms: its terms A–Ö under their
    // letters, the index of every letter (in this part, or leading to the part that has it), and
    // on the first part the areas' definitions.
    RenderedFile render_glossary(const GeneratedPage& g) const {
        const std::string dir = dir_of(g.path);
        std::string title = theme_.text("glossary_title");
        std::vector<Context> crumbs = {
            crumb(title, relative_href(dir, segment_of("term") + "/index.html"))};
        if (g.part > 1) {
            const std::string n = std::to_string(g.part);
            title = theme_.text("list_part", {{"title", title}, {"n", n}});
            crumbs.push_back(crumb(theme_.text("list_page", {{"n", n}}), "index.html"));
        }
        Context c = base_context(dir, title, std::move(crumbs), segment_of("term"));
        c.set("h1", title).set("kind_class", "page-glossary");
        std::vector<Context> letters = glossary_letters(g, dir);
        c.list("letter_index", g.of > 1 ? glossary_index(g, dir) : letters);
        if (has_pages("term"))
            c.list("letters", std::move(letters)).when("letters", kind_condition("term"));
        if (g.of > 1) part_navigation(c, g, dir);
        // The areas' definitions are on the first part.
        const std::string first = g.of > 1 ? parts_of(g).front()->path : g.path;
        c.set("definitions_href", (first == g.path ? "" : relative_href(dir, first)) + "#" +
                                      theme_.text("glossary_definitions_anchor"));
        if (first != g.path) return finish(g.path, c, "glossary");
        c.flag("definitions_here", true);
        std::vector<Context> definitions = area_definitions(dir);
        const bool linked = !definitions.empty();
        c.list("definitions", std::move(definitions));
        if (!linked && has_pages("area"))
            c.set("areas_href", relative_href(dir, segment_of("area") + "/index.html"))
                .when("areas_href", kind_condition("area"));
        return finish(g.path, c, "glossary");
    }

    // The terms of a glossary page, A–Ö: a part's, or every term the glossary sees.
    std::vector<const Page*> glossary_terms(const GeneratedPage& g,
                                            const Collation& collation) const {
        std::vector<const Page*> terms;
        if (g.of > 1) {
            for (std::size_t i : g.items)
                terms.push_back(&site_.pages[i]);
            return terms;
        }
        each_page([&](std::size_t i) {
            if (site_.pages[i].kind == "term") terms.push_back(&site_.pages[i]);
        });
        std::stable_sort(terms.begin(), terms.end(), [&](const Page* a, const Page* b) {
            return collation.less(a->title, b->title);
        });
        return terms;
    }

    std::string glossary_anchor(const std::string& letter) const {
        return letter_anchor(letter, theme_.text("glossary_anchor"),
                             theme_.text("glossary_anchor_other"));
    }

    // The glossary page's terms under their letters, each entry written where its term is.
    std::vector<Context> glossary_letters(const GeneratedPage& g, const std::string& dir) const {
        const Collation& collation = Collation::of(site_.config.language);
        std::vector<std::pair<std::string, std::vector<Context>>> groups;
        std::vector<std::vector<std::size_t>> group_pages;
        for (const Page* t : glossary_terms(g, collation)) {
            const std::string letter = collation.initial(t->title);
            if (groups.empty() || groups.back().first != letter)
                groups.push_back({letter, {}}), group_pages.emplace_back();
            groups.back().second.push_back(glossary_entry(dir, *t));
            group_pages.back().push_back(page_condition(*t));
        }
        std::vector<Context> letters;
        for (std::size_t k = 0; k < groups.size(); ++k) {
            const std::string anchor = glossary_anchor(groups[k].first);
            letters.push_back(Context()
                                  .set("letter", groups[k].first)
                                  .set("anchor", anchor)
                                  .set("anchor_href", "#" + anchor)
                                  .list("terms", std::move(groups[k].second))
                                  .when(add_set(std::move(group_pages[k]))));
        }
        return letters;
    }

    // A term's entry in the glossary. A pack's glossary stands for its terms' pages: each entry
    // holds its term's text. The site's lists each term with its short definition, leading to
    // its page: an abbreviation's expansion, else its summary (cut as a description is).
    Context glossary_entry(const std::string& dir, const Page& t) const {
        Context item = page_link(dir, t);
        if (scope_) {
            item.slot("term_definition", term_definition(dir, t));
        } else if (t.str("expansion").empty()) {
            if (const std::string definition = summary_of(site_, t); !definition.empty())
                item.set("definition", shorten(definition));
            else
                item.flag("undefined", true);
        }
        item.set("term_anchor", t.id)
            .set("expansion", t.str("expansion"))
            .set("expansion_lang", t.str("expansion_lang"));
        return std::move(item.when(page_condition(t)));
    }

    // The letters of a glossary in parts, each leading to the first part that has it.
    std::vector<Context> glossary_index(const GeneratedPage& g, const std::string& dir) const {
        std::vector<Context> out;
        for (const auto& [letter, part] : glossary_index_) {
            const std::string anchor = glossary_anchor(letter);
            out.push_back(
                Context()
                    .set("letter", letter)
                    .set("anchor_href",
                         (part == &g ? "" : relative_href(dir, part->path)) + "#" + anchor));
        }
        return out;
    }

    // Links to the definitions of the areas (not groups) by plan, each under its plan's title;
    // none past [lists] per_page areas, where the glossary leads to the areas' list instead.
    std::vector<Context> area_definitions(const std::string& dir) const {
        std::vector<const Page*> areas;
        each_page([&](std::size_t i) {
            const Page& p = site_.pages[i];
            if (p.kind == "area" && !(p.get("group") && p.get("group")->flag)) areas.push_back(&p);
        });
        if (areas.size() > static_cast<std::size_t>(site_.config.per_page)) return {};
        std::stable_sort(areas.begin(), areas.end(), [](const Page* a, const Page* b) {
            if (a->str("plan") != b->str("plan")) return a->str("plan") < b->str("plan");
            return list_less(*a, *b, {ListOrder::number, "number"});
        });
        const std::string section(find_kind("area")->model.excerpt);
        std::vector<std::pair<const Page*, std::vector<Context>>> groups;
        for (const Page* a : areas) {
            const Page* plan = site_.find(a->str("plan"));
            if (!plan) continue;
            if (groups.empty() || groups.back().first != plan) groups.push_back({plan, {}});
            Context item = page_link(dir, *a);
            const auto& headings = site_.docs[site_.by_id.at(a->id)].headings;
            const auto h = std::find_if(headings.begin(), headings.end(), [&](const Heading& x) {
                return x.level == 2 && x.text == section;
            });
            if (h != headings.end()) item.set("href", href(dir, *a) + "#" + h->id);
            groups.back().second.push_back(std::move(item.when(page_condition(*a))));
        }
        std::vector<Context> plans;
        for (auto& [plan, items] : groups)
            plans.push_back(Context()
                                .set("plan", shown_title(*plan))
                                .set("plan_href", href(dir, *plan))
                                .list("areas", std::move(items)));
        return plans;
    }

    // The search page: the results are filled in by assets/search.js from ?q=.
    RenderedFile render_search() const {
        const std::string dir = folder_of(site_.config, "search");
        const std::string title = theme_.text("search_title");
        Context c = base_context(dir, title, {crumb(title, "index.html")}, "");
        c.set("h1", title).set("kind_class", "page-search");
        return finish(dir + "index.html", c, "search");
    }

    // The page a server shows for a missing address (404.html, at the root): written as the
    // start page is, so that with base_url its <base> makes its links work at any depth.
    RenderedFile render_not_found() const {
        const std::string title = theme_.text("not_found_title");
        Context c = base_context("", title, {}, "");
        c.set("h1", title).set("kind_class", "page-not-found");
        c.set("base_href", site_.config.base_url);
        return finish(std::string(not_found_path), c, "not_found");
    }

    // The accessibility statement (tillgänglighetsredogörelse), from site.toml's [accessibility].
    RenderedFile render_statement() const {
        const std::string dir = folder_of(site_.config, "statement");
        const auto& a = site_.config.accessibility;
        const std::string title = theme_.text("statement_title");
        Context c = base_context(dir, title, {crumb(title, "index.html")}, "");
        c.set("h1", title).set("kind_class", "page-statement");
        c.set("service", a.service).set("status", a.status).set("assessed", long_date(a.assessed));
        c.set("method", a.method)
            .set("contact", a.contact)
            .set("contact_href", "mailto:" + a.contact);
        c.set("report_url", a.report_url);
        std::vector<Context> gaps;
        for (const auto& g : a.known_gaps)
            gaps.push_back(Context().set("text", g));
        c.list("gaps", std::move(gaps));
        return finish(dir + "index.html", c, "statement", site_.config.file.filename().string());
    }
};

} // namespace

RenderedSite render_site(const Site& site, const LinkGraph& graph, const Theme& theme,
                         const ArchiveLinks& archives, unsigned threads, Diagnostics& diags,
                         const FileSink& sink, RecordFile* marks_file, const AstSink& asts) {
    return SiteRenderer(site, graph, theme, archives, diags, true)
        .run(threads, true, true, sink, marks_file, &asts);
}

RenderedSite render_files(const Site& site, const LinkGraph& graph, const Theme& theme,
                          const ArchiveLinks& archives, const std::vector<GeneratedPage>& generated,
                          const std::vector<std::size_t>& files, unsigned threads,
                          Diagnostics& diags) {
    return SiteRenderer(site, graph, theme, archives, diags, true, nullptr, &generated)
        .run_files(files, threads);
}

std::string render_body(const Site& site, const LinkGraph& graph, const Theme& theme,
                        std::size_t i) {
    std::string html;
    HtmlWriter out(html);
    const auto parsed = page_doc(site, graph, i); // parsed again if its AST was dropped
    write_markdown(out, parsed->doc.get(), page_markdown_options(site, theme, i, parsed.get()));
    return html;
}

RenderedSite render_scope(const Site& site, const LinkGraph& graph, const Theme& theme,
                          const RenderScope& scope, bool content, unsigned threads,
                          Diagnostics& diags) {
    static const ArchiveLinks none;
    return SiteRenderer(site, graph, theme, none, diags, content, &scope)
        .run(threads, content, !content, {});
}

} // namespace docket

#include "docket/render.h"

#include "html_writer.h"
#include "markdown_html.h"
#include "template.h"

#include <algorithm>
#include <array>
#include <cmark-gfm.h>
#include <set>
#include <unordered_map>

namespace docket {

std::string relative_href(const std::string& from_dir, const std::string& site_path) {
    std::string prefix;
    for (char c : from_dir)
        if (c == '/') prefix += "../";
    if (site_path.empty()) return prefix.empty() ? "index.html" : prefix + "index.html";
    if (site_path[0] == '#') return site_path;
    return prefix + site_path;
}

namespace {

// Where the generated accessibility statement and search page live.
constexpr std::string_view statement_dir = "tillganglighetsredogorelse/";
constexpr std::string_view search_dir = "sok/";

constexpr std::array<const char*, 12> month_names = {"januari", "februari", "mars",      "april",   "maj",      "juni",
                                                     "juli",    "augusti",  "september", "oktober", "november", "december"};

// "2020-11-20" -> "20 november 2020".
std::string swedish_date(const std::string& iso) {
    int y = 0, m = 0, d = 0;
    if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12) return iso;
    return std::to_string(d) + " " + month_names[m - 1] + " " + std::to_string(y);
}

// Compares "4.10" after "4.2": dotted numbers part by part.
bool number_less(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const long x = std::strtol(a.c_str() + i, nullptr, 10);
        const long y = std::strtol(b.c_str() + j, nullptr, 10);
        if (x != y) return x < y;
        i = a.find('.', i);
        j = b.find('.', j);
        if (i == std::string::npos || j == std::string::npos) return i == std::string::npos && j != std::string::npos;
        ++i;
        ++j;
    }
    return a.size() < b.size();
}

// A Swedish collation key: a-z, then å, ä, ö; accents folded (é -> e, ü -> y); case ignored.
std::u32string collation_key(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        char32_t cp;
        std::size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        if (len == 1) cp = c;
        else {
            cp = c & (0xff >> (len + 1));
            for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        i += len;
        if (cp >= 'A' && cp <= 'Z') cp += 32;
        switch (cp) {
        case U'å': case U'Å': cp = U'z' + 1; break;
        case U'ä': case U'Ä': case U'æ': case U'Æ': cp = U'z' + 2; break;
        case U'ö': case U'Ö': case U'ø': case U'Ø': cp = U'z' + 3; break;
        case U'é': case U'É': case U'è': cp = U'e'; break;
        case U'ü': case U'Ü': cp = U'y'; break;
        default: break;
        }
        out += cp;
    }
    return out;
}

// The letter a glossary entry is filed under.
std::string initial(const std::string& s) {
    const std::u32string k = collation_key(s);
    if (k.empty()) return "#";
    const char32_t c = k[0];
    if (c == U'z' + 1) return "Å";
    if (c == U'z' + 2) return "Ä";
    if (c == U'z' + 3) return "Ö";
    if (c >= 'a' && c <= 'z') return std::string(1, static_cast<char>(c - 32));
    return "#";
}

// A jump-link anchor per glossary letter; Å, Ä and Ö must not collide with A and O.
std::string letter_anchor(const std::string& letter) {
    if (letter == "Å") return "bokstav-aa";
    if (letter == "Ä") return "bokstav-ae";
    if (letter == "Ö") return "bokstav-oe";
    if (letter == "#") return "bokstav-ovrigt";
    return "bokstav-" + slugify(letter);
}

// A page as rendered, with the places its outputs differ.
struct RenderedFile {
    OutputFile file;
    std::vector<PageMark> marks;
};

class SiteRenderer {
  public:
    SiteRenderer(const Site& site, const LinkGraph& graph, const Theme& theme,
                 const ArchiveLinks& archives, Diagnostics& diags)
        : site_(site), graph_(graph), theme_(theme), archives_(archives), diags_(diags),
          generated_(generated_pages(site)) {
        // Indexed once: a scan of every page for each page rendered was quadratic.
        std::map<std::string_view, std::vector<std::size_t>> kinds;
        for (std::size_t i = 0; i < site_.pages.size(); ++i) {
            const Page& p = site_.pages[i];
            kinds[p.kind].push_back(i);
            for (const char* key : relation_keys) relations_[relation_key(p.kind, key, p.str(key))].push_back(&p);
        }
        for (auto& [kind, pages] : kinds) kind_sets_.emplace(std::string(kind), add_set(std::move(pages)));
    }

    // Every page once (the content pages in `only`, when not empty), each handed to `sink` as
    // soon as it is rendered, in the thread that rendered it.
    RenderedSite run(unsigned threads, const std::vector<bool>& only, const FileSink& sink) {
        std::vector<RenderedFile> files(site_.pages.size());
        auto done = [&](RenderedFile&& f) -> RenderedFile&& {
            check_ids(f.file);
            if (sink) sink(f.file);
            return std::move(f);
        };
        parallel_for(site_.pages.size(), threads, [&](std::size_t i) {
            if (only.empty() || only[i]) files[i] = done(render_page(i));
        });
        RenderedSite out;
        auto add = [&](RenderedFile&& f, std::size_t page) {
            out.files.push_back(std::move(f.file));
            out.marks.push_back(std::move(f.marks));
            out.pages.push_back(page);
        };
        for (std::size_t i = 0; i < files.size(); ++i)
            if (!files[i].file.path.empty()) add(std::move(files[i]), i);
        // In this thread: the glossary adds the page sets of its letters.
        for (const GeneratedPage& g : generated_)
            add(done(render_generated(g)), static_cast<std::size_t>(-1));
        out.page_sets = std::move(page_sets_);
        return out;
    }

  private:
    const Site& site_;
    const LinkGraph& graph_;
    const Theme& theme_;
    const ArchiveLinks& archives_;
    Diagnostics& diags_;
    const std::vector<GeneratedPage> generated_;
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
    std::uint32_t kind_condition(std::string_view kind) const { return kind_sets_.find(kind)->second; }
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

    // The pages of each kind by the value of a relation key (in site order), for pages_where.
    static constexpr const char* relation_keys[] = {"plan", "parent", "area", "meeting"};
    std::unordered_map<std::string, std::vector<const Page*>> relations_;

    static std::string relation_key(std::string_view kind, std::string_view key, std::string_view value) {
        std::string k;
        k.reserve(kind.size() + key.size() + value.size() + 2);
        k.append(kind).append(1, '\n').append(key).append(1, '\n').append(value);
        return k;
    }

    bool has_pages(std::string_view kind) const { return kind_sets_.contains(kind); }

    std::string label(const std::string& kind) const {
        const KindSchema* k = find_kind(kind);
        return k ? std::string(k->label) : kind;
    }

    std::string href(const std::string& from_dir, const Page& to) const { return relative_href(from_dir, page_href(to)); }

    // "4.2 Trygghetsvandring" for areas, the title otherwise.
    static std::string display_title(const Page& p) {
        if (p.kind == "area") return p.str("number") + " " + p.title;
        return p.title;
    }

    Context page_link(const std::string& from_dir, const Page& p) const {
        Context c;
        if (p.kind == "area") c.set("title", display_title(p));
        else c.view("title", p.title);
        c.set("href", href(from_dir, p));
        if (const KindSchema* k = find_kind(p.kind)) c.view("kind", k->label);
        else c.view("kind", p.kind);
        if (const Value* summary = p.get("summary"); summary && summary->is(FieldType::string))
            c.view("summary", summary->text);
        else c.set("summary", p.str("summary"));
        return c;
    }

    std::vector<const Page*> pages_where(std::string_view kind, const std::string& key, const std::string& value) const {
        if (std::find(std::begin(relation_keys), std::end(relation_keys), key) != std::end(relation_keys)) {
            const auto it = relations_.find(relation_key(kind, key, value));
            return it == relations_.end() ? std::vector<const Page*>() : it->second;
        }
        std::vector<const Page*> out;
        for (const Page& p : site_.pages)
            if (p.kind == kind && p.str(key) == value) out.push_back(&p);
        return out;
    }

    static void sort_by_number(std::vector<const Page*>& v) {
        std::stable_sort(v.begin(), v.end(), [](const Page* a, const Page* b) { return number_less(a->str("number"), b->str("number")); });
    }

    // Links to the pages of `kind` whose `key` is `value`, in number order.
    std::vector<Context> numbered_links(const std::string& dir, std::string_view kind, const std::string& key,
                                        const std::string& value) const {
        auto pages = pages_where(kind, key, value);
        sort_by_number(pages);
        std::vector<Context> out;
        for (const Page* q : pages) out.push_back(page_link(dir, *q));
        return out;
    }

    Context fact(const std::string& label_key, const std::string& value, const std::string& link = "") const {
        Context c;
        c.set("label", theme_.text(label_key)).set("value", value).set("href", link);
        return c;
    }

    // Everything the base template needs, for a page in directory `dir`.
    Context base_context(const std::string& dir, const std::string& title, std::vector<Context> crumbs,
                         const std::string& section) const {
        Context c;
        const auto& cfg = site_.config;
        c.set("lang", cfg.language).set("site_title", cfg.title).set("organisation", cfg.organisation);
        c.set("title", title);
        c.set("head_title", title == cfg.title ? title : title + " \u2013 " + cfg.title);
        c.set("home_href", relative_href(dir, ""));
        c.set("css_href", relative_href(dir, "assets/site.css"));
        c.set("search_href", relative_href(dir, std::string(search_dir) + "index.html"));
        c.set("search_js_href", relative_href(dir, "assets/search.js"));
        c.flag("search_ready", cfg.search);
        if (cfg.accessibility.present) c.set("statement_href", relative_href(dir, std::string(statement_dir) + "index.html"));
        if (!archives_.offline_zip.empty()) {
            c.set("offline_href", relative_href(dir, archives_.offline_zip)).when("offline_href", archive_links);
            c.late("offline_label", LateText::offline_label);
        }
        std::vector<Context> nav;
        for (const char* kind : {"meeting", "case", "plan", "term"}) {
            if (!has_pages(kind)) continue;
            Context n;
            const std::string seg = segment_of(kind);
            n.set("title", std::string(find_kind(kind)->plural)).set("href", relative_href(dir, seg + "/index.html"));
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

    Context crumb(const std::string& title, const std::string& h) const {
        Context c;
        c.set("title", title).set("href", h);
        return c;
    }

    Context list_crumb(const std::string& dir, const std::string& kind) const {
        return crumb(std::string(find_kind(kind)->plural), relative_href(dir, segment_of(kind) + "/index.html"));
    }

    std::vector<Context> breadcrumbs(const Page& p) const {
        const std::string& dir = p.url;
        std::vector<Context> out;
        auto page_crumb = [&](const std::string& id) {
            if (const Page* t = site_.find(id)) out.push_back(crumb(display_title(*t), href(dir, *t)));
        };
        if (p.kind == "area") {
            out.push_back(list_crumb(dir, "plan"));
            page_crumb(p.str("plan"));
            if (!p.str("parent").empty()) page_crumb(p.str("parent"));
        } else if (p.kind == "goal") {
            out.push_back(list_crumb(dir, "plan"));
            page_crumb(p.str("plan"));
        } else if (p.kind == "followup") {
            if (const Page* area = site_.find(p.str("area"))) {
                out.push_back(list_crumb(dir, "plan"));
                page_crumb(area->str("plan"));
                if (!area->str("parent").empty()) page_crumb(area->str("parent"));
                page_crumb(area->id);
            }
        } else if (p.kind == "case") {
            out.push_back(list_crumb(dir, "meeting"));
            page_crumb(p.str("meeting"));
        } else if (p.kind != "page") {
            out.push_back(list_crumb(dir, p.kind));
        }
        out.push_back(crumb(p.kind == "followup" ? p.title + " " + p.str("period") : display_title(p), href(dir, p)));
        return out;
    }

    std::vector<Context> backlinks(std::size_t i) const {
        const Page& p = site_.pages[i];
        std::vector<Context> groups;
        for (const auto& kind : all_kinds()) {
            std::vector<Context> items;
            for (std::size_t from : graph_.incoming[i]) {
                const Page& f = site_.pages[from];
                if (f.kind == kind.kind) items.push_back(page_link(p.url, f));
            }
            if (items.empty()) continue;
            Context g;
            g.set("label", std::string(kind.plural)).list("items", std::move(items));
            groups.push_back(std::move(g));
        }
        return groups;
    }

    MarkdownOptions markdown_options(std::size_t i) const {
        MarkdownOptions o;
        o.site = &site_;
        o.theme = &theme_;
        o.doc = &site_.docs[i];
        o.page = &site_.pages[i];
        o.page_dir = site_.pages[i].url;
        o.allow_raw_html = site_.config.allow_raw_html;
        o.link_terms = site_.config.link_terms;
        return o;
    }

    Context::Slot body_slot(std::size_t i) const {
        return [this, i](HtmlWriter& out) { write_markdown(out, site_.docs[i].doc.get(), markdown_options(i)); };
    }

    // The "## name" section of page `source`, for a page in directory `dir`. Headings inside an
    // excerpt get no ids: they belong to the other page. Its footnotes' ids start with the
    // source's id and "--" (which no heading id has), so they are unique on the page.
    Context::Slot section_slot(const std::string& dir, std::size_t source, const std::string& name) const {
        return [this, dir, source, name](HtmlWriter& out) {
            MarkdownOptions o = markdown_options(source);
            o.doc = nullptr;
            o.page_dir = dir;
            o.excerpt_prefix = site_.pages[source].id + "--";
            write_section(out, site_.docs[source].doc.get(), name, o);
        };
    }

    void kind_context(std::size_t i, Context& c) const {
        const Page& p = site_.pages[i];
        const std::string& dir = p.url;
        std::vector<Context> facts;
        auto link_to = [&](const std::string& id) -> std::pair<std::string, std::string> {
            const Page* t = site_.find(id);
            return t ? std::pair{display_title(*t), href(dir, *t)} : std::pair{id, std::string()};
        };
        auto date_fact = [&](const char* key, const char* label_key) {
            if (const auto d = p.str(key); !d.empty()) facts.push_back(fact(label_key, swedish_date(d)));
        };
        auto text_fact = [&](const char* key, const char* label_key) {
            if (const auto v = p.str(key); !v.empty()) facts.push_back(fact(label_key, v));
        };
        auto link_fact = [&](const char* key, const char* label_key) {
            if (const auto id = p.str(key); !id.empty()) {
                auto [t, h] = link_to(id);
                facts.push_back(fact(label_key, t, h));
            }
        };
        auto diarienummer_fact = [&] {
            const std::string d = p.str("diarienummer");
            if (d.empty()) return;
            // On a decision, the diarienummer leads to the case that carries it.
            for (std::size_t t : graph_.outgoing[i]) {
                const Page& target = site_.pages[t];
                if (target.kind == "case" && target.str("diarienummer") == d) {
                    facts.push_back(fact("fact_diarienummer", d, href(dir, target)));
                    return;
                }
            }
            facts.push_back(fact("fact_diarienummer", d));
        };

        if (p.kind == "meeting") {
            text_fact("body", "fact_body");
            date_fact("date", "fact_date");
            text_fact("location", "fact_location");
            // Agenda items grouped by section, in the order the agenda gives.
            std::vector<std::pair<std::string, std::vector<Context>>> groups;
            if (const Value* agenda = p.get("agenda")) {
                for (const auto& row : agenda->rows) {
                    const std::string section =
                        row.str("section").empty() ? theme_.text("agenda") : row.str("section");
                    if (groups.empty() || groups.back().first != section) groups.push_back({section, {}});
                    Context item;
                    item.set("number", row.str("number"))
                        .set("title", row.str("title"))
                        .set("diarienummer", row.str("diarienummer"));
                    item.set("page", row.str("page"));
                    if (const Page* cs = site_.find(row.str("case")))
                        item.set("href", href(dir, *cs));
                    const Scalar* inc = row.get("included");
                    const bool included = !inc || inc->flag;
                    item.set("status", theme_.text(included ? "included" : "not_included"));
                    groups.back().second.push_back(std::move(item));
                }
            }
            std::vector<Context> sections;
            for (auto& [name, items] : groups) sections.push_back(Context().set("name", name).list("items", std::move(items)));
            c.list("agenda", std::move(sections));
            if (auto pack = archives_.packs.find(p.id); pack != archives_.packs.end()) {
                c.set("pack_href", relative_href(dir, pack->second)).when("pack_href", archive_links);
                c.late("pack_label", LateText::pack_label(i)).late("pack_contents", LateText::pack_contents(i));
            }
        } else if (p.kind == "case") {
            diarienummer_fact();
            date_fact("date", "fact_date");
            text_fact("unit", "fact_unit");
            text_fact("officer", "fact_officer");
            if (const auto e = p.str("email"); !e.empty()) facts.push_back(fact("fact_email", e, "mailto:" + e));
            link_fact("meeting", "fact_meeting");
            text_fact("item", "fact_item");
            std::vector<Context> proposal, attachments, signatories, recipients;
            for (const auto& s : p.list("proposal")) proposal.push_back(Context().set("text", s));
            for (const auto& id : p.list("attachments"))
                if (const Page* t = site_.find(id)) attachments.push_back(page_link(dir, *t));
            for (const auto& s : p.list("signatories")) signatories.push_back(Context().set("text", s));
            for (const auto& s : p.list("recipients")) recipients.push_back(Context().set("text", s));
            c.list("proposal", std::move(proposal)).list("attachments", std::move(attachments));
            c.list("signatories", std::move(signatories)).list("recipients", std::move(recipients));
        } else if (p.kind == "plan") {
            diarienummer_fact();
            text_fact("their_reference", "fact_their_reference");
            date_fact("date", "fact_date");
            date_fact("revised", "fact_revised");
            date_fact("valid_from", "fact_valid_from");
            date_fact("valid_to", "fact_valid_to");
            text_fact("owner", "fact_owner");
            auto areas = pages_where("area", "plan", p.id);
            sort_by_number(areas);
            std::vector<Context> top;
            for (const Page* a : areas) {
                if (!a->str("parent").empty()) continue;
                Context item = page_link(dir, *a);
                std::vector<Context> children;
                for (const Page* ch : areas)
                    if (ch->str("parent") == a->id) children.push_back(page_link(dir, *ch));
                item.list("children", std::move(children));
                top.push_back(std::move(item));
            }
            c.list("areas", std::move(top));
            c.list("goals", numbered_links(dir, "goal", "plan", p.id));
            // A table of contents on long pages.
            std::vector<Context> toc;
            for (const auto& h : site_.docs[i].headings)
                if (h.level <= 3) toc.push_back(Context().set("title", h.text).set("href", "#" + h.id).set("level", "toc-" + std::to_string(h.level)));
            if (toc.size() >= 8) c.list("toc", std::move(toc));
        } else if (p.kind == "area") {
            link_fact("plan", "fact_plan");
            text_fact("number", "fact_number");
            link_fact("parent", "fact_parent");
            c.list("children", numbered_links(dir, "area", "parent", p.id));
            auto followups = pages_where("followup", "area", p.id);
            std::stable_sort(followups.begin(), followups.end(), [](const Page* a, const Page* b) { return a->str("period") < b->str("period"); });
            std::vector<Context> fu;
            for (const Page* f : followups) {
                Context item = page_link(dir, *f);
                item.set("period", f->str("period"));
                item.slot("text", section_slot(p.url, site_.by_id.at(f->id), "Uppföljning"));
                fu.push_back(std::move(item));
            }
            c.list("followups", std::move(fu));
            // Previous and next area of the same plan, in number order.
            auto siblings = pages_where("area", "plan", p.str("plan"));
            sort_by_number(siblings);
            for (std::size_t k = 0; k < siblings.size(); ++k) {
                if (siblings[k] != &p) continue;
                if (k > 0) c.set("prev_title", display_title(*siblings[k - 1])).set("prev_href", href(dir, *siblings[k - 1]));
                if (k + 1 < siblings.size()) c.set("next_title", display_title(*siblings[k + 1])).set("next_href", href(dir, *siblings[k + 1]));
            }
        } else if (p.kind == "followup") {
            link_fact("area", "fact_area");
            text_fact("period", "fact_period");
            link_fact("case", "fact_case");
            text_fact("numbering", "fact_numbering");
        } else if (p.kind == "goal") {
            link_fact("plan", "fact_plan");
            text_fact("focus", "fact_focus");
            std::vector<Context> indicators;
            if (const Value* v = p.get("indicators")) {
                for (const auto& row : v->rows) {
                    Context r;
                    for (const char* k : {"text", "measure", "note"})
                        if (row.get(k)) r.set(k, row.str(k));
                    indicators.push_back(std::move(r));
                }
            }
            c.list("indicators", std::move(indicators));
        } else if (p.kind == "decision") {
            text_fact("body", "fact_body");
            facts.push_back(fact("fact_paragraph", "\u00a7 " + p.str("paragraph")));
            date_fact("date", "fact_date");
            diarienummer_fact();
        } else if (p.kind == "term") {
            text_fact("term", "fact_term");
            if (const auto e = p.str("expansion"); !e.empty())
                facts.push_back(fact("fact_expansion", e).set("lang", p.str("expansion_lang")));
            std::vector<Context> mentions;
            for (std::size_t m : graph_.mentions[i]) mentions.push_back(page_link(dir, site_.pages[m]));
            c.list("mentions", std::move(mentions));
        }
        c.list("facts", std::move(facts));
    }

    // Writes the base template around the kind's template, noting the page's links and ids for
    // the link check and marking what differs between its outputs.
    RenderedFile finish(std::string path, const Context& ctx, const std::string& content_template,
                        std::string source = {}) const {
        const Template* content = theme_.find(content_template);
        if (!content) content = theme_.find("page");
        // The base template sees the page's context through a child holding the main slot:
        // copying the context (every list in it) cost as much as writing some pages.
        Context with_main;
        with_main.parent = &ctx;
        with_main.slot("main", [&](HtmlWriter& out) { content->write(out, ctx); });
        RenderedFile rendered{{std::move(path), {}, std::move(source), {}, {}, {}}, {}};
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

    RenderedFile render_page(std::size_t i) const {
        const Page& p = site_.pages[i];
        const std::string title = p.kind == "followup" ? p.title + " \u2013 " + label("followup") + " " + p.str("period") : display_title(p);
        Context c = base_context(p.url, title, breadcrumbs(p), segment_of(p.kind == "area" || p.kind == "goal" ? "plan" : p.kind));
        c.set("h1", display_title(p)).set("kind_label", label(p.kind)).set("kind_class", "page-" + p.kind);
        if (p.kind == "followup") c.set("h1", p.title).set("kicker", label("followup") + " " + p.str("period"));
        else if (p.kind != "page") c.set("kicker", label(p.kind));
        c.slot("body", body_slot(i));
        c.list("backlinks", backlinks(i));
        kind_context(i, c);
        return finish(page_href(p), c, p.kind, p.source);
    }

    RenderedFile render_generated(const GeneratedPage& g) const {
        const std::string dir = g.path.substr(0, g.path.rfind('/') + 1);
        switch (g.type) {
        case GeneratedPage::start:
            return render_start();
        case GeneratedPage::statement:
            return render_statement();
        case GeneratedPage::search:
            return render_search();
        case GeneratedPage::list:
            return render_list(*g.kind, dir);
        case GeneratedPage::glossary:
            break;
        }
        return render_glossary(dir);
    }

    RenderedFile render_list(const KindSchema& kind, const std::string& dir) const {
        const std::string title(kind.plural);
        Context c = base_context(dir, title, {crumb(title, "index.html")}, segment_of(std::string(kind.kind)));
        c.set("h1", title).set("kind_class", "page-list");
        std::vector<const Page*> pages;
        for (const Page& p : site_.pages)
            if (p.kind == kind.kind) pages.push_back(&p);
        if (kind.kind == "meeting" || kind.kind == "case" || kind.kind == "decision")
            std::stable_sort(pages.begin(), pages.end(), [](const Page* a, const Page* b) { return a->str("date") > b->str("date"); });
        std::vector<Context> items;
        for (const Page* p : pages) {
            Context item = page_link(dir, *p);
            std::string meta = p->str("diarienummer");
            if (const auto d = p->str("date"); !d.empty()) meta += (meta.empty() ? "" : ", ") + swedish_date(d);
            item.set("meta", meta);
            items.push_back(std::move(item.when(page_condition(*p))));
        }
        c.list("items", std::move(items)).when("items", kind_condition(kind.kind));
        return finish(dir + "index.html", c, "list");
    }

    RenderedFile render_start() const {
        const std::string dir;
        Context c = base_context(dir, site_.config.title, {}, "");
        c.set("h1", site_.config.title).set("kind_class", "page-start");
        const Page* latest = nullptr;
        for (const Page& p : site_.pages)
            if (p.kind == "meeting" && (!latest || p.str("date") > latest->str("date"))) latest = &p;
        if (latest) {
            c.set("meeting_title", latest->title).set("meeting_href", href(dir, *latest)).set("meeting_date", swedish_date(latest->str("date")));
            std::vector<Context> cases;
            std::vector<const Page*> meeting_cases = pages_where("case", "meeting", latest->id);
            std::stable_sort(meeting_cases.begin(), meeting_cases.end(), [](const Page* a, const Page* b) { return a->meta.at("item").number < b->meta.at("item").number; });
            for (const Page* cs : meeting_cases) {
                Context item = page_link(dir, *cs);
                item.set("meta", cs->str("diarienummer"));
                cases.push_back(std::move(item));
            }
            c.list("cases", std::move(cases));
        }
        std::vector<Context> plans;
        for (const Page& p : site_.pages)
            if (p.kind == "plan") plans.push_back(page_link(dir, p));
        c.list("plans", std::move(plans));
        if (has_pages("term")) c.set("glossary_href", relative_href(dir, segment_of("term") + "/index.html"));
        std::vector<Context> pages;
        for (const Page& p : site_.pages)
            if (p.kind == "page") pages.push_back(page_link(dir, p));
        c.list("pages", std::move(pages));
        return finish("index.html", c, "start");
    }

    RenderedFile render_glossary(const std::string& dir) const {
        const std::string title = theme_.text("glossary_title");
        Context c = base_context(dir, title, {crumb(title, "index.html")}, segment_of("term"));
        c.set("h1", title).set("kind_class", "page-glossary");
        std::vector<const Page*> terms;
        for (const Page& p : site_.pages)
            if (p.kind == "term") terms.push_back(&p);
        std::stable_sort(terms.begin(), terms.end(), [](const Page* a, const Page* b) { return collation_key(a->title) < collation_key(b->title); });
        // Each letter, each term and each definition is written where its pages are.
        std::vector<std::pair<std::string, std::vector<Context>>> groups;
        std::vector<std::vector<std::size_t>> group_pages;
        for (const Page* t : terms) {
            const std::string letter = initial(t->title);
            if (groups.empty() || groups.back().first != letter) groups.push_back({letter, {}}), group_pages.emplace_back();
            Context item = page_link(dir, *t);
            item.set("expansion", t->str("expansion")).set("expansion_lang", t->str("expansion_lang"));
            groups.back().second.push_back(std::move(item.when(page_condition(*t))));
            group_pages.back().push_back(page_condition(*t));
        }
        std::vector<Context> letters;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const std::string& letter = groups[g].first;
            letters.push_back(Context().set("letter", letter).set("anchor", letter_anchor(letter)).set("anchor_href", "#" + letter_anchor(letter)).list("terms", std::move(groups[g].second)).when(add_set(std::move(group_pages[g]))));
        }
        if (has_pages("term")) c.list("letters", std::move(letters)).when("letters", kind_condition("term"));
        std::vector<const Page*> areas;
        for (const Page& p : site_.pages)
            if (p.kind == "area" && !(p.get("group") && p.get("group")->flag)) areas.push_back(&p);
        std::stable_sort(areas.begin(), areas.end(), [](const Page* a, const Page* b) {
            if (a->str("plan") != b->str("plan")) return a->str("plan") < b->str("plan");
            return number_less(a->str("number"), b->str("number"));
        });
        std::vector<Context> definitions;
        std::vector<std::size_t> listed;
        for (const Page* a : areas) {
            Context item = page_link(dir, *a);
            if (const Page* plan = site_.find(a->str("plan"))) item.set("plan", plan->title).set("plan_href", href(dir, *plan));
            item.slot("definition", section_slot(dir, site_.by_id.at(a->id), "Definition"));
            definitions.push_back(std::move(item.when(page_condition(*a))));
            listed.push_back(page_condition(*a));
        }
        c.list("definitions", std::move(definitions)).when("definitions", add_set(std::move(listed)));
        return finish(dir + "index.html", c, "glossary");
    }

    // The search page: the results are filled in by assets/search.js from ?q=.
    RenderedFile render_search() const {
        const std::string dir(search_dir);
        const std::string title = theme_.text("search_title");
        Context c = base_context(dir, title, {crumb(title, "index.html")}, "");
        c.set("h1", title).set("kind_class", "page-search");
        return finish(dir + "index.html", c, "search");
    }

    // The accessibility statement (tillgänglighetsredogörelse), from site.toml's [accessibility].
    RenderedFile render_statement() const {
        const std::string dir = std::string(statement_dir);
        const auto& a = site_.config.accessibility;
        const std::string title = theme_.text("statement_title");
        Context c = base_context(dir, title, {crumb(title, "index.html")}, "");
        c.set("h1", title).set("kind_class", "page-statement");
        c.set("service", a.service).set("status", a.status).set("assessed", swedish_date(a.assessed));
        c.set("method", a.method).set("contact", a.contact).set("contact_href", "mailto:" + a.contact);
        c.set("report_url", a.report_url);
        std::vector<Context> gaps;
        for (const auto& g : a.known_gaps) gaps.push_back(Context().set("text", g));
        c.list("gaps", std::move(gaps));
        return finish(dir + "index.html", c, "statement", site_.config.file.filename().string());
    }
};

} // namespace

std::vector<GeneratedPage> generated_pages(const Site& site, const RenderScope& scope) {
    std::set<std::string_view> kinds; // the kinds with pages in scope
    for (std::size_t i = 0; i < site.pages.size(); ++i)
        if (!scope.active() || scope.included[i]) kinds.insert(site.pages[i].kind);
    std::vector<GeneratedPage> out;
    if (!(scope.active() && scope.start_page < site.pages.size()))
        out.push_back({GeneratedPage::start, nullptr, "index.html", "the start page"});
    if (site.config.accessibility.present)
        out.push_back({GeneratedPage::statement, nullptr, std::string(statement_dir) + "index.html",
                       "the accessibility statement ([accessibility] in site.toml)"});
    if (site.config.search)
        out.push_back({GeneratedPage::search, nullptr, std::string(search_dir) + "index.html",
                       "the search page"});
    for (const auto& kind : all_kinds()) {
        const auto segment = site.config.url_segments.find(std::string(kind.kind));
        if (kind.kind == "page" || segment == site.config.url_segments.end() ||
            segment->second.empty())
            continue;
        const std::string path = segment->second + "/index.html";
        if (kind.kind == "term") {
            if (kinds.contains("term") || kinds.contains("area"))
                out.push_back({GeneratedPage::glossary, &kind, path,
                               "the glossary (the list page of kind term)"});
        } else if (kinds.contains(kind.kind)) {
            out.push_back({GeneratedPage::list, &kind, path,
                           "the list page of kind " + std::string(kind.kind)});
        }
    }
    return out;
}

RenderedSite render_site(const Site& site, const LinkGraph& graph, const Theme& theme, const ArchiveLinks& archives,
                         unsigned threads, Diagnostics& diags, const std::vector<bool>& only, const FileSink& sink) {
    return SiteRenderer(site, graph, theme, archives, diags).run(threads, only, sink);
}

} // namespace docket

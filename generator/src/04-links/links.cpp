#include "docket/links.h"
#include "docket/href.h"
#include "docket/link_target.h"
#include "docket/sorted.h"
#include "docket/text.h"

#include <cmark-gfm.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace docket {

std::string page_href(const Page& page) {
    return page.url + "index.html";
}

namespace {

// ASCII letters and digits, and any byte of a multi-byte UTF-8 sequence (Swedish letters): a
// table, as the link stage asks it for every byte of every text.
constexpr auto word_bytes = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[c] =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    return t;
}();

bool is_word_byte(unsigned char c) {
    return word_bytes[c];
}

// The first occurrence of `what` in a text at or after a position, asked for positions that
// never decrease: a search starts only past the last one's answer, so however often it is asked,
// each byte of the text is searched once. (Searching afresh at each of 800,000 '[' for a "]]"
// that never comes took seconds.)
class Forward {
  public:
    Forward(std::string_view text, std::string_view what) : text_(text), what_(what) {}
    std::size_t find(std::size_t pos) {
        if (asked_ == std::string_view::npos ||
            (found_ != std::string_view::npos && found_ < pos)) {
            asked_ = pos;
            found_ = text_.find(what_, pos);
        }
        return found_;
    }

  private:
    std::string_view text_, what_;
    std::size_t asked_ = std::string_view::npos, found_ = std::string_view::npos;
};

// The length of the language tag at the start of s, as docket accepts one ("en", "en-GB"): two or
// three lower-case letters, then subtags of one to eight ASCII letters or digits, each after a
// '-'. It reads no further than the first byte that cannot continue the tag; the caller checks
// what follows.
std::size_t language_tag(std::string_view s) {
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    auto alnum = [&](char c) {
        return lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    std::size_t k = 0;
    while (k < s.size() && k < 3 && lower(s[k]))
        ++k;
    if (k < 2) return 0;
    while (k < s.size() && s[k] == '-') {
        std::size_t end = k + 1;
        while (end < s.size() && end - k <= 8 && alnum(s[end]))
            ++end;
        if (end == k + 1) break; // a '-' without a subtag is not part of the tag
        k = end;
    }
    return k;
}

cmark_node* text_node(const std::string& s) {
    cmark_node* t = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(t, s.c_str());
    return t;
}

// "[text]{lang=en}" as a custom inline node, which render/ writes as <span lang="en">.
cmark_node* language_node(const std::string& lang, const std::string& text) {
    cmark_node* span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    cmark_node_set_on_enter(span, ("lang=" + lang).c_str());
    cmark_node_append_child(span, text_node(text));
    return span;
}

// A link to `url`, or to `target` (none: an internal link has no URL).
cmark_node* link_node(const std::string& url, LinkTarget* target, const std::string& text) {
    cmark_node* a = cmark_node_new(CMARK_NODE_LINK);
    if (target)
        cmark_node_set_user_data(a, target);
    else
        cmark_node_set_url(a, url.c_str());
    cmark_node_append_child(a, text_node(text));
    return a;
}

struct TermEntry {
    std::size_t page;
};

constexpr std::size_t first_word_bits = std::size_t{1} << 20;
std::size_t word_bit(std::string_view word) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : word)
        h = (h ^ c) * 16777619u;
    return h & (first_word_bits - 1);
}

std::size_t word_end(std::string_view s, std::size_t pos) {
    while (pos < s.size() && is_word_byte(static_cast<unsigned char>(s[pos])))
        ++pos;
    return pos;
}

} // namespace

// What resolving a page's links looks up, made once for the site and kept with its LinkGraph:
// a page parsed again for rendering (page_doc) is resolved against the same tables. The tables
// from the pages' front matter are made first (a first pass resolves links while the bodies are
// parsed: FirstPassLinks), the headings' once every body is parsed (add_headings).
struct LinkTables {
    explicit LinkTables(const Site& site) {
        for (std::size_t i = 0; i < site.pages.size(); ++i) {
            const Page& p = site.pages[i];
            std::error_code ec;
            by_path[to_nfc(fs::weakly_canonical(p.path, ec).string())] = i; // as links are (NFC)
            if (const auto d = p.str("diarienummer"); !d.empty()) {
                // A case carries its diarienummer before a decision or plan that repeats it.
                auto [it, inserted] = by_diarienummer.emplace(d, i);
                if (!inserted && p.kind == "case") it->second = i;
            }
            if (p.kind == "term" && site.config.link_terms) add_term(p, i);
            // A page at its path ("guide/install") is also [[install]] while no other page's
            // path ends so.
            if (p.at_path) {
                const auto [it, inserted] = by_name.emplace(p.id.substr(p.id.rfind('/') + 1), i);
                if (!inserted) it->second = site.pages.size();
            }
        }
        std::erase_if(by_name, [&](const auto& kv) { return kv.second == site.pages.size(); });
        for (const ContentAsset& a : site.assets) {
            std::error_code ec;
            by_asset[to_nfc(fs::weakly_canonical(a.from, ec).string())] = &a;
        }
    }

    void add_headings(const Site& site, unsigned threads) {
        heading_ids.resize(site.pages.size());
        anchor_ids.resize(site.pages.size());
        parallel_for(site.pages.size(), threads, [&](std::size_t i) {
            const auto& headings = site.docs[i].headings;
            for (std::size_t k = 0; k < headings.size(); ++k)
                heading_ids[i].emplace(headings[k].id, k);
            anchor_ids[i].insert(site.docs[i].anchors.begin(), site.docs[i].anchors.end());
        });
    }

    std::unordered_map<std::string, std::size_t> by_path;
    std::unordered_map<std::string, const ContentAsset*> by_asset;
    std::unordered_map<std::string, std::size_t> by_name; // the last segment of a unique path
    std::unordered_map<std::string, std::size_t> by_diarienummer;
    // Probed with string_views into the text: no string is built per probe.
    struct ViewHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    // Page -> its headings by id (their places in PageDoc::headings): a page of 40,000
    // headings, each linked by [[#id]], took 16 s when every link searched them in order. Owned
    // copies: docket serve replaces a page's parsed text when its headings stay the same.
    std::vector<std::unordered_map<std::string, std::size_t, ViewHash, std::equal_to<>>>
        heading_ids;
    std::vector<std::unordered_set<std::string, ViewHash, std::equal_to<>>>
        anchor_ids; // of attribute lists
    std::unordered_map<std::string, TermEntry, ViewHash, std::equal_to<>>
        terms; // surface form -> term
    // The byte lengths of the surface forms that begin with a word, longest first: one hash
    // probe per word decides whether any term can start there. Forms that do not begin with a
    // word character (rare) are probed at every word start.
    std::unordered_map<std::string, std::vector<std::size_t>, ViewHash, std::equal_to<>>
        lengths_by_first_word;
    std::vector<std::size_t> other_lengths;
    // A bit per first word, by a cheap hash (FNV-1a) of its bytes: most words of a text are ruled
    // out by one probe into these 128 KiB, before the hash map (a cache miss or two per word)
    // is asked.
    std::vector<bool> first_words = std::vector<bool>(first_word_bits);

    void add_form(const std::string& form, std::size_t i) {
        terms.emplace(form, TermEntry{i});
        const std::size_t end = word_end(form, 0);
        if (end > 0) first_words[word_bit(std::string_view(form).substr(0, end))] = true;
        auto& lengths = end == 0 ? other_lengths : lengths_by_first_word[form.substr(0, end)];
        if (std::find(lengths.begin(), lengths.end(), form.size()) != lengths.end()) return;
        lengths.push_back(form.size());
        std::sort(lengths.begin(), lengths.end(), std::greater<>());
    }

    void add_term(const Page& p, std::size_t i) {
        std::vector<std::string> forms = p.list("aliases");
        forms.push_back(p.str("term"));
        for (const auto& f : forms) {
            if (f.empty()) continue;
            add_form(f, i);
            // A concept written in lower case also matches at the start of a sentence.
            if (f[0] >= 'a' && f[0] <= 'z') {
                std::string cap = f;
                cap[0] = static_cast<char>(cap[0] - 'a' + 'A');
                add_form(cap, i);
            } else if (f.starts_with("\xc3\xa5") || f.starts_with("\xc3\xa4") ||
                       f.starts_with("\xc3\xb6")) {
                std::string cap = f;
                cap[1] = static_cast<char>(cap[1] - 0x20); // å ä ö -> Å Ä Ö
                add_form(cap, i);
            }
        }
    }
};

namespace {

// A link to a #fragment of another page, resolved by the first pass (FirstPassLinks) before
// that page's headings are known: checked once they are (Resolver::settle).
struct FragmentLink {
    std::uint32_t to;
    std::string fragment;
    int line, column;
    std::string message; // an unknown heading's
};

// Where resolving one page's links puts what it finds: its AST's link targets, its edges, the
// terms it mentions, its diagnostics. The first pass keeps them; a page parsed again (page_doc)
// keeps only the AST.
struct PageOut {
    PageDoc& doc;
    PageList& outgoing;
    PageList& mentioned;
    PageList& titled; // LinkGraph::titled
    Diagnostics& diags;
    std::string_view body; // the page's, as `doc` was parsed from it
    // Set in the first pass: links to #fragments are noted here, taken as they stand.
    std::vector<FragmentLink>* fragments = nullptr;
    // The first pass found a link whose text needs another page's parse (left to resolve_links).
    bool second_look = false;
};

// Resolves one page's links (relations and rewrite) against the site's tables.
class Resolver {
  public:
    Resolver(const Site& site, const LinkTables& tables, PageOut& out)
        : site_(site), t_(tables), out_(out), diags_(out.diags) {}

  private:
    const Site& site_;
    const LinkTables& t_;
    PageOut& out_;
    Diagnostics& diags_;

  public:
    void edge(std::size_t from, std::size_t to) {
        if (from != to) out_.outgoing.push_back(static_cast<std::uint32_t>(to));
    }

    // The relations the kind's schema declares: each key (or each row's key) names a page of
    // one of the target kinds, and becomes an edge.
    void relations(std::size_t i) {
        const Page& p = site_.pages[i];
        const KindSchema* kind = find_kind(p.kind);
        if (!kind) return;
        for (const Relation& r : kind->model.relations) {
            if (r.by_diarienummer) {
                if (auto d = t_.by_diarienummer.find(p.str(r.key)); d != t_.by_diarienummer.end())
                    edge(i, d->second);
            } else if (const Value* v = p.get(r.key)) {
                if (!r.row_key.empty())
                    row_relation(i, r, *v);
                else
                    key_relation(i, r, *v);
            }
        }
        if (p.kind == "area") check_parent(p);
    }

    static bool names_target(const Relation& r, const Page& t) {
        return r.targets.empty() ||
               std::find(r.targets.begin(), r.targets.end(), t.kind) != r.targets.end();
    }

    // A key (or list) of ids: an unknown page and a page of another kind are errors.
    void key_relation(std::size_t i, const Relation& r, const Value& v) {
        const Page& p = site_.pages[i];
        const std::string key(r.key);
        auto check = [&](const std::string& id, int line, int column) {
            const Page* t = site_.find(id);
            if (!t) {
                diags_.error(p.source, line, column,
                             "\"" + key + "\" names unknown page \"" + id + "\"");
                return;
            }
            if (!names_target(r, *t)) {
                std::string names;
                for (auto k : r.targets)
                    names += (names.empty() ? "" : " or ") + std::string(k);
                diags_.error(p.source, line, column,
                             "\"" + key + "\" must name a " + names + " page; \"" + id +
                                 "\" is a " + t->kind);
                return;
            }
            edge(i, site_.by_id.at(id));
        };
        if (v.is(FieldType::string)) check(v.text, v.line, v.column);
        for (const auto& item : v.items)
            if (item.is(FieldType::string)) check(item.text, item.line, item.column);
    }

    // A key of each row of a table list (a meeting's agenda items name their cases).
    void row_relation(std::size_t i, const Relation& r, const Value& v) {
        const Page& p = site_.pages[i];
        for (const auto& row : v.rows) {
            const Scalar* c = row.get(r.row_key);
            if (!c || !c->is(FieldType::string)) continue; // a wrong type is validation's
            if (const Page* t = site_.find(c->text); t && names_target(r, *t))
                edge(i, site_.by_id.at(c->text));
            else
                diags_.error(p.source, c->line, c->column,
                             std::string(r.key) + " item names unknown " + std::string(r.row_key) +
                                 " \"" + c->text + "\"");
        }
    }

    // The heading of page `target` whose id is `id`, or null.
    const Heading* heading(std::size_t target, std::string_view id) const {
        const auto found = t_.heading_ids[target].find(id);
        return found == t_.heading_ids[target].end() ? nullptr
                                                     : &site_.docs[target].headings[found->second];
    }

    // A plan lists its areas two levels deep: the areas without a parent, each with the areas
    // whose parent it is. A parent that is the area itself, has a parent of its own (a cycle
    // a -> b -> a, or a third level) or is in another plan would leave the area out of the list.
    void check_parent(const Page& p) {
        const Value* v = p.get("parent");
        const Page* parent = v && v->type == FieldType::string ? site_.find(v->text) : nullptr;
        if (!parent || parent->kind != "area") return; // reported by relations()
        std::string problem;
        if (parent == &p)
            problem = "names the area itself";
        else if (const std::string grand = parent->str("parent"); !grand.empty())
            problem =
                "names \"" + parent->id + "\", which has a parent of its own (\"" + grand + "\")";
        else if (parent->str("plan") != p.str("plan"))
            problem =
                "names \"" + parent->id + "\" of another plan (\"" + parent->str("plan") + "\")";
        if (!problem.empty())
            diags_.error(p.source, v->line, v->column,
                         "\"parent\" " + problem +
                             "; a plan lists its areas two levels deep, each under its parent");
    }

    // A new target of a link in page i's AST, held by the page's PageDoc.
    LinkTarget* new_target(LinkTarget::Kind kind, std::size_t to, std::string fragment) {
        auto& targets = out_.doc.link_targets;
        if (!targets) targets = std::make_unique<std::deque<LinkTarget>>();
        return &targets->emplace_back(LinkTarget{kind, to, std::move(fragment)});
    }

    // A browser tries the fragment as written, then percent-decoded ("#m%C3%A5l" finds "mål",
    // a GitHub-style id).
    std::string heading_id(std::size_t target, const std::string& fragment, bool& ok) {
        const auto known = [&](const std::string& id) {
            return heading(target, id) || t_.anchor_ids[target].contains(id);
        };
        ok = fragment.empty() || known(fragment) || known(decode_site_path(fragment));
        return fragment.empty() ? "" : "#" + fragment;
    }

    // A link to an id that page `to` does not have: an error. When the page has content another
    // tool would have inserted (docket does not), the id may be in it: a warning, and the link
    // leads to the page (its fragment `frag` is dropped). Whether the link stands.
    bool unknown_heading(const Page& from, int line, int column, std::size_t to,
                         const std::string& message, std::string& frag) {
        const int inserted = site_.docs[to].inserted_line;
        if (!inserted) {
            diags_.error(from.source, line, column, message);
            return false;
        }
        diags_.warning(from.source, line, column,
                       message + ", which may be in what another tool inserts at " +
                           site_.pages[to].source + ":" + std::to_string(inserted) +
                           " (not published): the link leads to the page");
        frag.clear();
        return true;
    }

    // A text node of a page, and whether a link or a heading holds it.
    struct Text {
        cmark_node* node;
        bool in_link, in_heading;
    };

    // The lines of a page's body, when it may escape a bracket ("\\[", "&#91;"); else none.
    static std::vector<std::string_view> escaping_lines(std::string_view body) {
        std::vector<std::string_view> lines;
        // Two searches for one byte each (memchr), not find_first_of's search of the set at
        // each byte of the body (4% of a build's CPU).
        if (body.find('\\') == std::string_view::npos && body.find('&') == std::string_view::npos)
            return lines;
        for (std::size_t start = 0; start <= body.size();) {
            const std::size_t end = std::min(body.find('\n', start), body.size());
            lines.push_back(body.substr(start, end - start));
            start = end + 1;
        }
        return lines;
    }

    // The offsets in text node t's literal `s` of the characters its source line writes
    // escaped: a backslash escape or an entity. It follows the line from the node's column while
    // the two agree, and stops where they part (what it cannot follow counts as unescaped).
    static std::vector<std::size_t> escaped_chars(cmark_node* t, const std::string& s,
                                                  const std::vector<std::string_view>& lines) {
        std::vector<std::size_t> out;
        const auto line = static_cast<std::size_t>(cmark_node_get_start_line(t));
        const auto column = static_cast<std::size_t>(cmark_node_get_start_column(t));
        if (line < 1 || line > lines.size() || column < 1 || column > lines[line - 1].size() + 1)
            return out;
        const std::string_view src = lines[line - 1].substr(column - 1);
        for (std::size_t k = 0, j = 0; k < s.size() && j < src.size();) {
            if (src[j] == '\\' && j + 1 < src.size() && src[j + 1] == s[k] &&
                std::ispunct(static_cast<unsigned char>(s[k]))) {
                out.push_back(k++);
                j += 2;
            } else if (src[j] == '&' && s[k] != '&') {
                const std::size_t semicolon = src.find(';', j);
                if (semicolon == std::string_view::npos) break;
                out.push_back(k);
                const auto lead = static_cast<unsigned char>(s[k]); // the entity's character
                k += lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
                j = semicolon + 1;
            } else if (src[j] == s[k]) {
                ++k;
                ++j;
            } else {
                break;
            }
        }
        return out;
    }

    // Rewrites one page's AST. Collect first, then mutate, so the iterator stays valid.
    void rewrite(std::size_t i) {
        const Page& page = site_.pages[i];
        cmark_node* doc = out_.doc.doc.get();
        std::vector<Text> texts;
        std::vector<cmark_node*> links;
        // How many links (images) and headings enclose the current node: counted on entering and
        // leaving them, not by walking up from every text (quadratic in the nesting depth).
        int link_depth = 0, heading_depth = 0;
        cmark_iter* it = cmark_iter_new(doc);
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            cmark_node* n = cmark_iter_get_node(it);
            const auto t = cmark_node_get_type(n);
            const int step = ev == CMARK_EVENT_ENTER ? 1 : -1;
            if (t == CMARK_NODE_TEXT)
                texts.push_back({n, link_depth > 0, heading_depth > 0});
            else if (t == CMARK_NODE_HEADING)
                heading_depth += step;
            else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
                link_depth += step;
                if (step > 0) links.push_back(n);
            }
        }
        cmark_iter_free(it);

        for (cmark_node* a : links)
            markdown_link(i, a);
        std::set<std::size_t> linked_terms;
        const std::vector<std::string_view> lines = escaping_lines(out_.body);
        for (const Text& t : texts)
            split_text(i, page, t, lines, linked_terms);
    }

    void markdown_link(std::size_t i, cmark_node* a) {
        const Page& page = site_.pages[i];
        std::string buffer;
        const Href h = read_href(cmark_node_get_url(a) ? cmark_node_get_url(a) : "", buffer);
        // A relative path to a content file, read as a browser reads it ("%2e%2e/x.md" is
        // "../x.md"); links with a query are left as they are.
        if (h.kind != Href::relative || h.path.empty() || !h.query.empty()) return;
        std::string path = decode_site_path(h.path);
        if (path.ends_with(".md/")) path.pop_back(); // as MkDocs reads it (a normalised path)
        const std::string fragment(h.fragment.empty() ? h.fragment : h.fragment.substr(1));
        std::error_code ec;
        const fs::path dir = fs::path(page.path).parent_path();
        const auto file = [&](const std::string& p) {
            return to_nfc(fs::weakly_canonical(dir / p, ec).string());
        };
        std::string target = file(path);
        const int line = page.body_line + cmark_node_get_start_line(a) - 1;
        const int column = cmark_node_get_start_column(a);
        // mdBook's "x.html" for the page "x.md" is a link to that page.
        if (path.ends_with(".html") && !t_.by_path.contains(target))
            if (const std::string md = file(path.substr(0, path.size() - 5) + ".md");
                t_.by_path.contains(md))
                target = md;
        if (!path.ends_with(".md") && !t_.by_path.contains(target))
            return asset_link(i, a, target, h.fragment, line, column);
        auto found = t_.by_path.find(target);
        if (found == t_.by_path.end()) {
            diags_.error(page.source, line, column, "link to missing file \"" + path + "\"");
            return;
        }
        const std::size_t to = found->second;
        const auto message = [&] {
            return "unknown heading \"#" + fragment + "\" in " + site_.pages[to].source;
        };
        std::string frag;
        if (!noted(to, fragment, line, column, message, frag)) {
            bool ok;
            frag = heading_id(to, fragment, ok);
            if (!ok && !unknown_heading(page, line, column, to, message(), frag)) return;
            edge(i, to);
        }
        cmark_node_set_url(a, "");
        cmark_node_set_user_data(a, new_target(LinkTarget::page, to, frag));
    }

    // In the first pass (out_.fragments), a link to page `to` at a #fragment is noted, to be
    // settled once every page's headings are known, and not yet checked nor counted; `frag`
    // is then the fragment as it stands. Whether it was noted.
    template <typename Message>
    bool noted(std::size_t to, const std::string& fragment, int line, int column,
               const Message& message, std::string& frag) {
        if (!out_.fragments || fragment.empty()) return false;
        out_.fragments->push_back(
            {static_cast<std::uint32_t>(to), fragment, line, column, message()});
        frag = "#" + fragment;
        return true;
    }

  public:
    // A link the first pass noted (`noted`), checked as it would have been then: an unknown
    // heading is reported (the link drops, or stands without its fragment: unknown_heading),
    // and a link that stands is an edge. (Its text is its own: the first pass leaves a link
    // that would show a heading's text to resolve_links.)
    void settle(std::size_t i, const FragmentLink& f) {
        bool ok;
        std::string frag = heading_id(f.to, f.fragment, ok);
        if (ok || unknown_heading(site_.pages[i], f.line, f.column, f.to, f.message, frag))
            edge(i, f.to);
    }

  private:
    // A relative link or image to a file of the content tree: the file is published at the same
    // place relative to the content root, so the link is made relative to where the page is
    // written. A relative image that is no such file is an error (a link is left to the link
    // check: it may be written for the site's addresses).
    void asset_link(std::size_t i, cmark_node* a, const std::string& target,
                    std::string_view fragment, int line, int column) {
        const Page& page = site_.pages[i];
        const auto found = t_.by_asset.find(target);
        if (found == t_.by_asset.end()) {
            if (site_.assets_known && cmark_node_get_type(a) == CMARK_NODE_IMAGE)
                diags_.error(page.source, line, column,
                             "image \"" + std::string(cmark_node_get_url(a)) +
                                 "\" is not a file of the content tree");
            return;
        }
        // The characters a file name may hold that an href reads otherwise.
        std::string path;
        for (const char c : found->second->to)
            path += c == '%' ? "%25" : c == '#' ? "%23" : c == '?' ? "%3F" : std::string(1, c);
        const std::string href = relative_href(page.url, path) + std::string(fragment);
        cmark_node_set_url(a, href.c_str());
    }

    // A link for the diarienummer or the term that starts the word at `pos`, ending at or before
    // `word_stop` for a term: the node and the bytes it takes, or no node.
    std::pair<cmark_node*, std::size_t> word_link(std::size_t i, const std::string& s,
                                                  std::size_t pos, std::size_t word_stop,
                                                  std::set<std::size_t>& linked_terms) {
        if (const std::size_t len = diarienummer_at(s, pos); len) {
            const std::string d = s.substr(pos, len);
            if (auto found = t_.by_diarienummer.find(d);
                found != t_.by_diarienummer.end() && found->second != i) {
                edge(i, found->second);
                return {link_node({}, new_target(LinkTarget::page, found->second, {}), d), len};
            }
        }
        if (t_.terms.empty()) return {nullptr, 0};
        if (const std::size_t len = term_at(s, pos, word_stop, i, linked_terms)) {
            const std::size_t term =
                t_.terms.find(std::string_view(s).substr(pos, len))->second.page;
            edge(i, term);
            return {link_node({}, new_target(LinkTarget::term, term, {}), s.substr(pos, len)), len};
        }
        return {nullptr, 0};
    }

    // Splits a text node at [[wiki links]], diarienummer and terms.
    // `lines`: the page's source lines, when it may escape a bracket (escaping_lines).
    void split_text(std::size_t i, const Page& page, const Text& text,
                    const std::vector<std::string_view>& lines,
                    std::set<std::size_t>& linked_terms) {
        cmark_node* t = text.node;
        const bool in_link = text.in_link, in_heading = text.in_heading;
        const std::string s = cmark_node_get_literal(t);
        // A "[[" written with an escaped bracket ("\\[[", "&#91;[") is text.
        const std::vector<std::size_t> escaped = lines.empty() || s.find("[[") == std::string::npos
                                                     ? std::vector<std::size_t>{}
                                                     : escaped_chars(t, s, lines);
        auto is_escaped = [&escaped](std::size_t k) {
            return std::binary_search(escaped.begin(), escaped.end(), k);
        };
        const int line = page.body_line + cmark_node_get_start_line(t) - 1;
        Scan scan(s, cmark_node_get_start_column(t));
        std::vector<cmark_node*> parts;
        // The text not yet taken into `parts` is s[plain, pos): nothing is copied for the many
        // text nodes that stay as they are.
        std::size_t plain = 0;
        auto flush = [&](std::size_t pos) {
            if (pos > plain) parts.push_back(text_node(s.substr(plain, pos - plain)));
        };
        bool changed = false;
        std::size_t pos = 0;
        while (pos < s.size()) {
            // [[wiki link]]
            if (!in_link && s.compare(pos, 2, "[[") == 0 && !is_escaped(pos) &&
                !is_escaped(pos + 1)) {
                const auto end = scan.wiki_close.find(pos + 2);
                if (end != std::string::npos) {
                    if (cmark_node* a = wiki_link(i, page, s.substr(pos + 2, end - pos - 2), line,
                                                  scan.column(pos))) {
                        flush(pos);
                        parts.push_back(a);
                        plain = end + 2;
                    }
                    changed = true;
                    pos = end + 2;
                    continue;
                }
            }
            // [text]{lang=en}: a passage in another language (Pandoc's bracketed span).
            if (s[pos] == '[') {
                std::string text, lang;
                if (const std::size_t len = language_span_at(s, pos, scan, text, lang)) {
                    flush(pos);
                    parts.push_back(language_node(lang, text));
                    changed = true;
                    pos += len;
                    plain = pos;
                    continue;
                }
            }
            const bool word_start =
                pos == 0 || !is_word_byte(static_cast<unsigned char>(s[pos - 1]));
            // The word starting here (empty at a non-word byte), found once.
            const std::size_t word_stop = word_start ? word_end(s, pos) : pos;
            if (!in_link && !in_heading && word_start) {
                if (auto [node, len] = word_link(i, s, pos, word_stop, linked_terms); node) {
                    flush(pos);
                    parts.push_back(node);
                    changed = true;
                    pos += len;
                    plain = pos;
                    continue;
                }
            }
            // Nothing starts inside a word, nor at the byte after it unless that is '[': skip both.
            if (word_stop == pos)
                ++pos;
            else
                pos = word_stop < s.size() && s[word_stop] != '[' ? word_stop + 1 : word_stop;
        }
        if (!changed) return;
        flush(s.size());
        for (cmark_node* p : parts)
            insert_part(page, t, p);
        cmark_node_free(t);
    }

    // Puts `part` before `t`. cmark-gfm's table cells take only some inline types, not a custom
    // one: a language span in a cell would be dropped, its text lost (and leaked), so it is
    // replaced by its text, with a warning.
    void insert_part(const Page& page, cmark_node* t, cmark_node* part) {
        if (cmark_node_insert_before(t, part)) return;
        diags_.warning(
            page.source, page.body_line + cmark_node_get_start_line(t) - 1,
            cmark_node_get_start_column(t),
            "a [text]{lang=...} span in a table cell cannot carry its language; its text is kept");
        while (cmark_node* child = cmark_node_first_child(part))
            cmark_node_insert_before(t, child);
        cmark_node_free(part);
    }

    // What split_text looks for ahead of its position in a text, each searched once (Forward),
    // and the column of a position, counted in characters once up to the furthest one asked for.
    struct Scan {
        Scan(std::string_view s, int first_column)
            : text(s), wiki_close(s, "]]"), span_open(s, "["), span_close(s, "]"),
              columns(first_column) {}
        int column(std::size_t pos) {
            columns += utf8_length(text.substr(counted, pos - counted));
            counted = pos;
            return columns;
        }
        std::string_view text;
        Forward wiki_close, span_open, span_close;
        int columns;
        std::size_t counted = 0;
    };

    // Length of "[text]{lang=xx}" at pos (a BCP 47 tag: "en", "en-GB"), or 0.
    static std::size_t language_span_at(const std::string& s, std::size_t pos, Scan& scan,
                                        std::string& text, std::string& lang) {
        const std::size_t close = scan.span_close.find(pos + 1);
        if (close == std::string::npos || close == pos + 1 || scan.span_open.find(pos + 1) < close)
            return 0;
        if (s.compare(close + 1, 6, "{lang=") != 0) return 0;
        const std::size_t tag = language_tag(std::string_view(s).substr(close + 7));
        if (tag == 0 || close + 7 + tag >= s.size() || s[close + 7 + tag] != '}') return 0;
        lang = s.substr(close + 7, tag);
        text = s.substr(pos + 1, close - pos - 1);
        return close + 8 + tag - pos;
    }

    // Length of a diarienummer ("KS 20/0600") starting at pos, or 0.
    static std::size_t diarienummer_at(const std::string& s, std::size_t pos) {
        std::size_t k = pos;
        while (k < s.size() && s[k] >= 'A' && s[k] <= 'Z' && k - pos < 4)
            ++k;
        if (k - pos < 2 || k >= s.size() || s[k] != ' ') return 0;
        ++k;
        auto digits = [&](int n) {
            for (int d = 0; d < n; ++d, ++k)
                if (k >= s.size() || s[k] < '0' || s[k] > '9') return false;
            return true;
        };
        if (!digits(2) || k >= s.size() || s[k] != '/') return 0;
        ++k;
        if (!digits(4)) return 0;
        if (k < s.size() && is_word_byte(static_cast<unsigned char>(s[k]))) return 0;
        return k - pos;
    }

    // Longest term or alias at pos ending at a word boundary, not yet linked on this page.
    std::size_t term_at(const std::string& s, std::size_t pos, std::size_t word_stop,
                        std::size_t page, std::set<std::size_t>& linked) {
        const std::string_view word = std::string_view(s).substr(pos, word_stop - pos);
        if (t_.other_lengths.empty() && !t_.first_words[word_bit(word)]) return 0;
        const auto first = t_.lengths_by_first_word.find(word);
        if (first == t_.lengths_by_first_word.end() && t_.other_lengths.empty()) return 0;
        std::vector<std::size_t> merged;
        const std::vector<std::size_t>* lengths =
            first == t_.lengths_by_first_word.end() ? &t_.other_lengths : &first->second;
        if (first != t_.lengths_by_first_word.end() && !t_.other_lengths.empty()) {
            merged = first->second;
            merged.insert(merged.end(), t_.other_lengths.begin(), t_.other_lengths.end());
            std::sort(merged.begin(), merged.end(), std::greater<>());
            merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
            lengths = &merged;
        }
        for (const std::size_t len : *lengths) {
            if (pos + len > s.size()) continue;
            if (pos + len < s.size() && is_word_byte(static_cast<unsigned char>(s[pos + len])))
                continue;
            auto found = t_.terms.find(std::string_view(s).substr(pos, len));
            if (found == t_.terms.end()) continue;
            const std::size_t term = found->second.page;
            if (term == page) return 0;
            out_.mentioned.push_back(static_cast<std::uint32_t>(term));
            if (linked.contains(term)) return 0;
            linked.insert(term);
            return len;
        }
        return 0;
    }

    cmark_node* wiki_link(std::size_t i, const Page& page, const std::string& inner, int line,
                          int column) {
        std::string target = inner, text;
        if (auto bar = inner.find('|'); bar != std::string::npos) {
            target = inner.substr(0, bar);
            text = inner.substr(bar + 1);
        }
        std::string id = target, fragment;
        if (auto h = target.find('#'); h != std::string::npos) {
            id = target.substr(0, h);
            fragment = target.substr(h + 1);
        }
        const std::size_t to = id.empty() ? i : [&] {
            auto it = site_.by_id.find(id);
            if (it != site_.by_id.end()) return it->second;
            auto name = t_.by_name.find(id);
            return name == t_.by_name.end() ? site_.pages.size() : name->second;
        }();
        if (to == site_.pages.size()) {
            diags_.error(page.source, line, column,
                         "unknown page \"" + id + "\" in [[" + inner + "]]");
            return nullptr;
        }
        // The first pass cannot show a heading's text, nor a title another page's "# " heading
        // may give it, while the other pages are being parsed.
        if (out_.fragments && text.empty() &&
            (!fragment.empty() || !site_.pages[to].get("title"))) {
            out_.second_look = true;
            return nullptr;
        }
        const auto message = [&] {
            return "unknown heading \"#" + fragment + "\" in [[" + inner + "]] (" +
                   site_.pages[to].source + " has no such heading id)";
        };
        std::string frag;
        if (!noted(to, fragment, line, column, message, frag)) {
            bool ok;
            frag = heading_id(to, fragment, ok);
            if (!ok && !unknown_heading(page, line, column, to, message(), frag)) return nullptr;
            if (text.empty()) {
                if (const Heading* h = fragment.empty() ? nullptr : heading(to, fragment)) {
                    text = h->text;
                } else {
                    text = site_.pages[to].title;
                    out_.titled.push_back(static_cast<std::uint32_t>(to));
                }
            }
            edge(i, to);
        }
        if (to == i && !frag.empty()) return link_node(frag, nullptr, text);
        return link_node({}, new_target(LinkTarget::page, to, frag), text);
    }
};

// Page i's body: held, or read again into `buffer` once released (page_text); "" when its file
// changed during the build, which site.changed notes for the build to report.
std::string_view body_of(const Site& site, std::size_t i, std::string& buffer) {
    const auto text = page_text(site.pages[i], buffer);
    if (!text) site.changed->add(site.pages[i].source);
    return text ? text->substr(site.pages[i].body_offset) : "";
}

} // namespace

// What the first pass found of each page it resolved: what resolve_links finds of a page, and
// its links to #fragments.
struct FirstPassLinks::State {
    State(Site& s, Diagnostics& d)
        : site(s), diags(d), tables(std::make_shared<LinkTables>(s)), outgoing(s.pages.size()),
          mentioned(s.pages.size()), titled(s.pages.size()), fragments(s.pages.size()),
          resolved(s.pages.size()) {}
    Site& site;
    Diagnostics& diags;
    std::shared_ptr<LinkTables> tables;
    std::vector<PageList> outgoing, mentioned, titled;
    std::vector<std::vector<FragmentLink>> fragments;
    std::vector<char> resolved; // not vector<bool>: set from several threads
};

FirstPassLinks::FirstPassLinks(Site& site, Diagnostics& diags)
    : state_(std::make_unique<State>(site, diags)) {}

FirstPassLinks::~FirstPassLinks() = default;

bool FirstPassLinks::resolve(std::size_t i) {
    State& s = *state_;
    // A page left to resolve_links reports there what it reports here too: once (Diagnostics).
    PageOut out{s.site.docs[i], s.outgoing[i],          s.mentioned[i], s.titled[i],
                s.diags,        s.site.pages[i].body(), &s.fragments[i]};
    Resolver(s.site, *s.tables, out).rewrite(i);
    if (out.second_look) {
        PageList().swap(s.outgoing[i]);
        PageList().swap(s.mentioned[i]);
        PageList().swap(s.titled[i]);
        std::vector<FragmentLink>().swap(s.fragments[i]);
        return false;
    }
    s.resolved[i] = true;
    return true;
}

// Pages are resolved in parallel: page i changes only its own AST, outgoing[i] and
// mentioned[i]; the inverse lists are built afterwards, in page order.
LinkGraph resolve_links(Site& site, Diagnostics& diags, unsigned threads,
                        const std::function<void(std::size_t)>& resolved, FirstPassLinks* first) {
    const std::size_t n = site.pages.size();
    FirstPassLinks::State* in = first ? first->state_.get() : nullptr;
    std::shared_ptr<LinkTables> tables =
        in ? std::move(in->tables) : std::make_shared<LinkTables>(site);
    tables->add_headings(site, threads);
    LinkGraph graph;
    std::vector<PageList> mentioned(n); // page -> terms its text mentions
    if (in) {
        graph.outgoing = std::move(in->outgoing);
        graph.titled = std::move(in->titled);
        mentioned = std::move(in->mentioned);
    }
    graph.outgoing.resize(n);
    graph.incoming.resize(n);
    graph.mentions.resize(n);
    graph.titled.resize(n);
    parallel_for(n, threads, [&](std::size_t i) {
        if (in && in->resolved[i]) {
            PageOut out{site.docs[i], graph.outgoing[i], mentioned[i], graph.titled[i], diags, {}};
            Resolver resolver(site, *tables, out);
            resolver.relations(i);
            for (const FragmentLink& f : in->fragments[i])
                resolver.settle(i, f);
            std::vector<FragmentLink>().swap(in->fragments[i]);
            if (resolved) resolved(i);
            return;
        }
        std::string read;
        const std::string_view body = body_of(site, i, read);
        if (!site.docs[i].doc) site.docs[i].doc = parse_doc(site, i, body).doc;
        PageOut out{site.docs[i], graph.outgoing[i], mentioned[i], graph.titled[i], diags, body};
        Resolver resolver(site, *tables, out);
        resolver.relations(i);
        resolver.rewrite(i);
        if (resolved) resolved(i);
    });
    for (std::uint32_t i = 0; i < n; ++i) {
        sort_unique(graph.outgoing[i]);
        sort_unique(graph.titled[i]);
        for (std::size_t t : graph.outgoing[i])
            graph.incoming[t].push_back(i);
        sort_unique(mentioned[i]);
        for (std::size_t t : mentioned[i])
            graph.mentions[t].push_back(i);
    }
    graph.tables = std::move(tables);
    return graph;
}

std::shared_ptr<const PageDoc> page_doc(const Site& site, const LinkGraph& graph, std::size_t i) {
    if (auto kept = site.kept->get(i)) return kept;
    if (site.docs[i].doc || !graph.tables)
        return std::shared_ptr<const PageDoc>(std::shared_ptr<const PageDoc>(), &site.docs[i]);
    std::string read;
    const std::string_view body = body_of(site, i, read);
    auto doc = std::make_shared<PageDoc>(parse_doc(site, i, body));
    PageList outgoing, mentioned, titled;
    Diagnostics reported; // the first pass reported them
    PageOut out{*doc, outgoing, mentioned, titled, reported, body};
    Resolver(site, *graph.tables, out).rewrite(i);
    return doc;
}

ResolvedPage resolve_page(const Site& site, const LinkGraph& graph, std::size_t i,
                          std::string_view body, PageDoc& doc, Diagnostics& diags) {
    ResolvedPage out;
    PageOut page{doc, out.outgoing, out.mentioned, out.titled, diags, body};
    Resolver resolver(site, *graph.tables, page);
    resolver.relations(i);
    resolver.rewrite(i);
    sort_unique(out.outgoing);
    sort_unique(out.mentioned);
    sort_unique(out.titled);
    return out;
}

} // namespace docket

#include "docket/foreign_syntax.h"

#include "docket/markdown.h"
#include "docket/text.h"

#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

namespace {

// The first five of a page are reported one by one, the rest counted in one more warning.
constexpr std::size_t listed_per_page = 5;

constexpr const char* not_published = " is not published: docket has no shortcodes or includes";

enum class Kind { shortcode, include, zola_link, raw_html };

struct Found {
    int line;         // of the body
    std::size_t byte; // in the line
    Kind kind;
    std::string message;
};

bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

std::size_t skip_spaces(std::string_view s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    return i;
}

// The word at s[i] (letters, digits, '_', '-').
std::string_view word_at(std::string_view s, std::size_t i) {
    std::size_t end = i;
    while (end < s.size() && word_char(s[end]))
        ++end;
    return s.substr(i, end - i);
}

// A shortcode starting at s[pos]: how many bytes it takes (to its closing delimiter, else to the
// end of the text) and how to name it; length 0 when none starts there.
struct Shortcode {
    std::size_t length = 0;
    std::string name;
};

Shortcode shortcode_at(std::string_view s, std::size_t pos) {
    const std::string_view rest = s.substr(pos);
    std::string close, name;
    if (rest.starts_with("{{<") || rest.starts_with("{{%")) {
        const std::string delim = rest[2] == '<' ? "<" : "%";
        close = (delim == "<" ? ">" : "%") + std::string("}}");
        std::size_t i = skip_spaces(rest, 3);
        const bool closing = i < rest.size() && rest[i] == '/';
        const std::string_view word = word_at(rest, skip_spaces(rest, i + (closing ? 1 : 0)));
        if (word.empty()) return {};
        name = "Hugo's shortcode \"{{" + delim + " " + (closing ? "/" : "") + std::string(word) +
               " " + close + "\"";
    } else if (rest.starts_with("{{#")) {
        const std::string_view word = word_at(rest, 3);
        if (word.empty()) return {};
        close = "}}";
        name = "mdBook's \"{{#" + std::string(word) + "}}\"";
    } else if (rest.starts_with("{{") || rest.starts_with("{%")) {
        const bool body = rest[1] == '%';
        const std::size_t i = skip_spaces(rest, 2);
        const std::string_view word = word_at(rest, i);
        const std::size_t after = skip_spaces(rest, i + word.size());
        const bool call = !word.empty() && after < rest.size() && rest[after] == '(';
        const bool end = body && word == "end" && rest.substr(after).starts_with("%}");
        if (!call && !end) return {};
        close = body ? "%}" : "}}";
        name = "Zola's shortcode \"" + std::string(body ? "{% " : "{{ ") + std::string(word) +
               (end ? "" : "()") + " " + close + "\"";
    } else {
        return {};
    }
    const std::size_t found = rest.find(close, 2);
    return {found == std::string_view::npos ? rest.size() : found + close.size(), name};
}

// The start of a raw HTML element (not an end tag, a comment or a declaration, which show
// nothing), as it was written: its first tag, at most 80 bytes, and how many lines it has.
std::string dropped_html(std::string_view html) {
    if (html.size() < 2 || html[0] != '<' || !std::isalpha(static_cast<unsigned char>(html[1])))
        return "";
    const std::size_t lines = static_cast<std::size_t>(std::count(html.begin(), html.end(), '\n'));
    const std::size_t tag_end = html.find('>');
    std::string tag(html.substr(0, tag_end == std::string_view::npos ? html.size() : tag_end + 1));
    std::replace(tag.begin(), tag.end(), '\n', ' ');
    if (tag.size() > 80) tag = tag.substr(0, 77) + "...";
    const bool block = lines > 1 || (lines == 1 && html.back() != '\n');
    return tag + (block
                      ? " (a block of " + std::to_string(lines + (html.back() != '\n')) + " lines)"
                      : "");
}

class Finder {
  public:
    Finder(const Page& page, std::string_view body, bool raw_html_allowed)
        : page_(page), body_(body), raw_html_allowed_(raw_html_allowed) {}

    void scan(cmark_node* doc) {
        Nodes n = collect(doc);
        if (!n.paragraphs.empty()) {
            for (cmark_node* p : n.paragraphs)
                include(p);
            n = collect(doc); // without the paragraphs taken out
        }
        for (cmark_node* t : n.texts)
            split_shortcode(t);
        for (cmark_node* t : n.texts)
            shortcodes(t);
        for (cmark_node* h : n.html)
            if (!raw_html_allowed_ && !taken_.contains(h)) raw_html(h);
        for (cmark_node* a : n.links)
            zola_link(a);
        for (cmark_node* p : emptied_)
            drop_if_empty(p);
    }

    // The body line of the first shortcode or include: content another tool would insert there.
    int first_insertion() const {
        int line = 0;
        for (const Found& f : found_)
            if ((f.kind == Kind::shortcode || f.kind == Kind::include) && (!line || f.line < line))
                line = f.line;
        return line;
    }

    void report(Diagnostics& diags) {
        std::stable_sort(found_.begin(), found_.end(), [](const Found& a, const Found& b) {
            return std::pair(a.line, a.byte) < std::pair(b.line, b.byte);
        });
        for (std::size_t i = 0; i < found_.size() && i < listed_per_page; ++i)
            warn(diags, found_[i], found_[i].message);
        if (found_.size() <= listed_per_page) return;
        std::map<Kind, std::size_t> more;
        for (std::size_t i = listed_per_page; i < found_.size(); ++i)
            ++more[found_[i].kind];
        struct Name {
            Kind kind;
            const char *one, *many;
        };
        const Name names[] = {
            {Kind::shortcode, "shortcode", "shortcodes"},
            {Kind::include, "include", "includes"},
            {Kind::zola_link, "\"@/\" link", "\"@/\" links"},
            {Kind::raw_html, "raw HTML element dropped", "raw HTML elements dropped"}};
        std::string counts;
        for (const auto& [kind, one, many] : names)
            if (more.contains(kind))
                counts += (counts.empty() ? "" : ", ") + std::to_string(more[kind]) + " " +
                          (more[kind] == 1 ? one : many);
        warn(diags, found_[listed_per_page],
             std::to_string(found_.size() - listed_per_page) +
                 " more of other tools' syntax in this file from here on, not listed (" + counts +
                 ")");
    }

  private:
    const Page& page_;
    std::string_view body_; // the page's, as parsed
    bool raw_html_allowed_;
    std::vector<Found> found_;
    std::set<cmark_node*> taken_;   // raw HTML that is part of a shortcode
    std::set<cmark_node*> emptied_; // paragraphs that lost text

    static const char* url(cmark_node* n) {
        return cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
    }
    static std::string literal(cmark_node* n) {
        return n && cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
    }
    static bool is(cmark_node* n, cmark_node_type type) {
        return n && cmark_node_get_type(n) == type;
    }

    // The nodes scan reads: paragraphs that may be an include, texts, raw HTML, "@/" links.
    struct Nodes {
        std::vector<cmark_node*> paragraphs, texts, html, links;
    };

    static Nodes collect(cmark_node* doc) {
        Nodes found;
        cmark_iter* it = cmark_iter_new(doc);
        for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
            cmark_node* n = cmark_iter_get_node(it);
            if (ev != CMARK_EVENT_ENTER) continue;
            const auto type = cmark_node_get_type(n);
            if (type == CMARK_NODE_PARAGRAPH) {
                const std::string start = literal(cmark_node_first_child(n));
                if (start.starts_with("--8") || start.starts_with("::: "))
                    found.paragraphs.push_back(n);
            }
            if (type == CMARK_NODE_TEXT) found.texts.push_back(n);
            if (type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK)
                found.html.push_back(n);
            if (type == CMARK_NODE_LINK && std::string_view(url(n)).starts_with("@/"))
                found.links.push_back(n);
        }
        cmark_iter_free(it);
        return found;
    }

    // Found at `offset` bytes into node n (a position in bytes, as cmark counts them).
    void add(cmark_node* n, std::size_t offset, Kind kind, std::string message) {
        found_.push_back({cmark_node_get_start_line(n),
                          static_cast<std::size_t>(cmark_node_get_start_column(n) - 1) + offset,
                          kind, std::move(message)});
    }

    // A warning at what was found: its column counts characters over the line as written.
    void warn(Diagnostics& diags, const Found& f, const std::string& message) const {
        std::string_view text = body_;
        for (int l = 1; l < f.line && !text.empty(); ++l)
            text.remove_prefix(std::min(text.size(), text.find('\n') + 1));
        text = text.substr(0, std::min(f.byte, text.find('\n')));
        diags.warning(page_.source, page_.body_line + f.line - 1, 1 + utf8_length(text), message);
    }

    void set_text(cmark_node* t, const std::string& text) {
        cmark_node_set_literal(t, text.c_str());
        if (cmark_node* p = cmark_node_parent(t); is(p, CMARK_NODE_PARAGRAPH)) emptied_.insert(p);
    }

    // "{{<figure src="x">}}": cmark reads the tag as inline HTML between the texts "{{" and "}}".
    void split_shortcode(cmark_node* t) {
        cmark_node* html = cmark_node_next(t);
        cmark_node* after = html ? cmark_node_next(html) : nullptr;
        const std::string text = literal(t);
        if (!text.ends_with("{{") || !is(html, CMARK_NODE_HTML_INLINE) ||
            !is(after, CMARK_NODE_TEXT) || !literal(after).starts_with("}}"))
            return;
        add(t, text.size() - 2, Kind::shortcode,
            "Hugo's shortcode \"{{" + literal(html) + "}}\"" + not_published);
        taken_.insert(html);
        set_text(t, text.substr(0, text.size() - 2));
        set_text(after, literal(after).substr(2));
    }

    void shortcodes(cmark_node* t) {
        const std::string text = literal(t);
        if (text.find('{') == std::string::npos) return;
        std::string kept;
        std::size_t from = 0;
        for (std::size_t pos = text.find('{'); pos != std::string::npos;
             pos = text.find('{', pos + 1)) {
            if (pos < from) continue;
            const Shortcode code = shortcode_at(text, pos);
            if (code.length == 0) continue;
            add(t, pos, Kind::shortcode, code.name + not_published);
            kept += text.substr(from, pos - from);
            from = pos + code.length;
        }
        if (from == 0) return;
        set_text(t, kept + text.substr(from));
    }

    // A paragraph that is MkDocs' snippet include ("--8<-- \"file.md\"") or a block of a MkDocs
    // plugin ("::: mkdocs-click", mkdocstrings' "::: package.module", with their indented
    // options): left out, as its text is not what the author meant to show.
    void include(cmark_node* p) {
        std::string first; // the paragraph's first line
        for (cmark_node* c = cmark_node_first_child(p);
             c && !is(c, CMARK_NODE_SOFTBREAK) && !is(c, CMARK_NODE_LINEBREAK);
             c = cmark_node_next(c))
            first += node_text(c);
        std::string name;
        if (first.starts_with("--8<--")) {
            name = "MkDocs' snippet include \"" + first + "\"";
        } else if (first.starts_with("::: ")) {
            const std::string_view rest = std::string_view(first).substr(4);
            if (rest.empty() || rest.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") !=
                                    std::string_view::npos)
                return;
            name = "MkDocs' plugin block \"" + first + "\"";
        } else {
            return;
        }
        add(p, 0, Kind::include, name + not_published);
        cmark_node_free(p);
    }

    void raw_html(cmark_node* h) {
        const std::string what = dropped_html(literal(h));
        if (what.empty()) return;
        add(h, 0, Kind::raw_html,
            "raw HTML dropped: " + what + " ([markdown] raw_html = true in site.toml keeps it)");
    }

    // A Zola link to a content file ("@/blog/post.md"): its text stays, without the link.
    void zola_link(cmark_node* a) {
        add(a, 0, Kind::zola_link,
            "Zola's internal link \"" + std::string(url(a)) +
                "\" is published as its text: link to the file by its relative path, or write "
                "[[id]]");
        while (cmark_node* child = cmark_node_first_child(a))
            cmark_node_insert_before(a, child);
        cmark_node_free(a);
    }

    bool blank(cmark_node* c) const {
        return is(c, CMARK_NODE_SOFTBREAK) || is(c, CMARK_NODE_LINEBREAK) || taken_.contains(c) ||
               (is(c, CMARK_NODE_TEXT) && literal(c).find_first_not_of(" \t") == std::string::npos);
    }

    // A paragraph that lost text loses the line breaks and spaces it starts or ends with; one
    // that held only shortcodes is left out.
    void drop_if_empty(cmark_node* p) const {
        while (cmark_node_first_child(p) && blank(cmark_node_first_child(p)))
            cmark_node_free(cmark_node_first_child(p));
        while (cmark_node_last_child(p) && blank(cmark_node_last_child(p)))
            cmark_node_free(cmark_node_last_child(p));
        if (!cmark_node_first_child(p)) cmark_node_free(p);
    }
};

} // namespace

int report_foreign_syntax(const Page& page, std::string_view body, cmark_node* doc,
                          bool raw_html_allowed, Diagnostics& diags) {
    Finder finder(page, body, raw_html_allowed);
    finder.scan(doc);
    finder.report(diags);
    const int line = finder.first_insertion();
    return line ? page.body_line + line - 1 : 0;
}

} // namespace docket

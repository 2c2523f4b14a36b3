#include "markdown_html.h"

#include "docket/href.h"
#include "docket/link_target.h"
#include "docket/links.h"
#include "docket/render.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_map>

namespace docket {

bool safe_url(std::string_view url) {
    std::string scheme;
    for (char c : url) {
        if (c == ':') {
            return !(scheme == "javascript" || scheme == "vbscript" || scheme == "data" ||
                     scheme == "file");
        }
        if (c == '/' || c == '?' || c == '#') return true;
        // Browsers ignore tabs, newlines and leading control characters inside a scheme.
        if (static_cast<unsigned char>(c) <= 0x20) continue;
        scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return true;
}

namespace {

// A relative href written on the page in `from_dir`, for a page in `to_dir`: "#x" and "x/" on
// the one page point to the same places from the other; other hrefs are kept.
std::string rebase_href(const std::string& href, const std::string& from_dir,
                        const std::string& to_dir) {
    std::string buffer;
    const Href h = read_href(href, buffer);
    if (h.kind != Href::relative) return href;
    const auto target = h.path.empty() ? std::optional<std::string>(from_dir + "index.html")
                                       : resolve_site_path(from_dir, h.path);
    if (!target) return href; // above the root: the link check reports it
    return relative_href(to_dir, *target) + std::string(h.query) + std::string(h.fragment);
}

// A static string of cmark's: compared without a copy.
std::string_view type_string(cmark_node* n) {
    return cmark_node_get_type_string(n);
}

// Nodes cmark's iterator reports with ENTER and EXIT (its S_is_leaf is the inverse).
bool is_container(cmark_node* n) {
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
        return false;
    default:
        return true;
    }
}

// Writes blocks as they are walked: a container's elements are opened when it is entered and
// closed when it is left, so no DOM is built for a page's text.
class MarkdownWriter {
  public:
    MarkdownWriter(HtmlWriter& out, const MarkdownOptions& o) : out_(out), o_(o) {
        if (o_.doc)
            for (const auto& h : o_.doc->headings)
                headings_.emplace(h.node, &h);
    }

    void write(cmark_node* root) {
        cmark_iter* it = cmark_iter_new(root);
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            cmark_node* n = cmark_iter_get_node(it);
            if (ev == CMARK_EVENT_EXIT) {
                leave(n);
                continue;
            }
            if (!is_container(n)) {
                leaf(n);
                continue;
            }
            if (cmark_node_get_type(n) == CMARK_NODE_IMAGE && safe_url(url_of(n))) {
                // The alt text is the image's text content; its children are not walked.
                image(n);
                cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
                continue;
            }
            opened_.push_back(enter(n));
        }
        cmark_iter_free(it);
    }

    // Writes footnote definition `def`, the document's note `number`.
    void note(cmark_node* def, int number) {
        footnote_index_ = number - 1;
        write(def);
    }

    // Closes the footnotes, once every block is written.
    void finish() {
        out_.origin();
        if (!footnotes_open_) return;
        out_.close(); // ol
        out_.close(); // section
        footnotes_open_ = false;
    }

  private:
    HtmlWriter& out_;
    const MarkdownOptions& o_;
    std::unordered_map<cmark_node*, const Heading*> headings_; // with their ids and levels
    std::map<int, int> footnote_refs_;                         // number -> references seen
    bool footnotes_open_ = false;                              // the footnotes' <section><ol>
    int footnote_index_ = 0;
    cmark_node* table_ = nullptr; // the table being written (tables do not nest)
    bool tbody_open_ = false;     // its <tbody>
    std::vector<int> opened_;     // per entered container: elements to close when it is left
    int notes_written_ = 0;       // footnotes written so far

    bool excerpt() const { return !o_.excerpt_prefix.empty(); }

    // The links and ids written next come from node `n` of the page's text.
    void at(cmark_node* n) {
        if (o_.page)
            out_.origin(o_.page->source, o_.page->body_line + cmark_node_get_start_line(n) - 1,
                        cmark_node_get_start_column(n));
    }

    static std::string url_of(cmark_node* n) {
        return cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
    }

    bool tight_item_paragraph(cmark_node* n) const {
        cmark_node* item = cmark_node_parent(n);
        if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM) return false;
        cmark_node* list = cmark_node_parent(item);
        return list && cmark_node_get_list_tight(list);
    }

    static const LinkTarget* target_of(cmark_node* n) {
        return static_cast<const LinkTarget*>(cmark_node_get_user_data(n));
    }

    // The href of a link or image: its target's page made relative to where the page is written,
    // else its URL.
    std::string href_of(cmark_node* n) const {
        const LinkTarget* t = target_of(n);
        if (t && o_.in_page)
            if (const auto it = o_.in_page->find(t->page_index); it != o_.in_page->end())
                return "#" + it->second + (t->fragment.empty() ? "" : "--" + t->fragment.substr(1));
        if (t)
            return relative_href(o_.page_dir,
                                 page_href(o_.site->pages[t->page_index]) + t->fragment);
        return resolve_url(encode_href(url_of(n)));
    }

    std::string resolve_url(const std::string& url) const {
        // An excerpt's relative links point where they do on its own page.
        if (excerpt() && o_.page) return rebase_href(url, o_.page->url, o_.page_dir);
        return url;
    }

    void element(std::string_view name, std::initializer_list<HtmlWriter::Attribute> attributes,
                 std::string_view text) {
        out_.open(name, attributes);
        out_.text(text);
        out_.close();
    }

    void leaf(cmark_node* n) {
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_CODE_BLOCK: {
            // The language is the info string's first word, as cmark-gfm writes it.
            const std::string_view info =
                cmark_node_get_fence_info(n) ? cmark_node_get_fence_info(n) : "";
            const std::string lang(info.substr(0, info.find_first_of(" \t\n\v\f\r")));
            // A code block wider than the screen scrolls: focusable, so the keyboard scrolls it
            // too (axe: scrollable-region-focusable).
            out_.open("pre", {{"tabindex", "0"}});
            if (lang.empty())
                element("code", {}, cmark_node_get_literal(n));
            else
                element("code", {{"class", "language-" + lang}}, cmark_node_get_literal(n));
            out_.close();
            return;
        }
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
            if (!o_.allow_raw_html) return;
            at(n);
            raw_html(cmark_node_get_literal(n));
            return;
        case CMARK_NODE_THEMATIC_BREAK:
            out_.open("hr");
            return;
        case CMARK_NODE_TEXT:
            out_.text(cmark_node_get_literal(n));
            return;
        case CMARK_NODE_SOFTBREAK:
            out_.text("\n");
            return;
        case CMARK_NODE_LINEBREAK:
            out_.open("br");
            return;
        case CMARK_NODE_CODE:
            element("code", {}, cmark_node_get_literal(n));
            return;
        default:
            return;
        }
    }

    // Opens the elements of a container; returns how many to close when it is left.
    int enter(cmark_node* n) {
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_DOCUMENT:
            return 0;
        case CMARK_NODE_PARAGRAPH:
            if (tight_item_paragraph(n)) return 0;
            out_.open("p");
            return 1;
        case CMARK_NODE_BLOCK_QUOTE:
            out_.open("blockquote");
            return 1;
        case CMARK_NODE_LIST:
            list(n);
            return 1;
        case CMARK_NODE_ITEM:
            item(n);
            return 1;
        case CMARK_NODE_HEADING:
            heading(n);
            return 1;
        case CMARK_NODE_EMPH:
            out_.open("em");
            return 1;
        case CMARK_NODE_STRONG:
            out_.open("strong");
            return 1;
        case CMARK_NODE_CUSTOM_BLOCK:
            return alert(n);
        case CMARK_NODE_CUSTOM_INLINE: {
            // Made by links/ from "[text]{lang=en}", by markdown/ from "**x**{ #id }".
            const std::string_view marker =
                cmark_node_get_on_enter(n) ? cmark_node_get_on_enter(n) : "";
            if (marker.starts_with("lang="))
                out_.open("span", {{"lang", marker.substr(5)}});
            else if (marker.starts_with("id="))
                out_.open("span", {{"id", o_.excerpt_prefix + std::string(marker.substr(3))}});
            else
                return 0;
            return 1;
        }
        case CMARK_NODE_LINK:
            return link(n);
        case CMARK_NODE_IMAGE:
            out_.open("span", {{"class", "image"}});
            return 1; // unsafe: alt text only
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            footnote_ref(n);
            return 0;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            footnote_def(n);
            return 1;
        default:
            break;
        }
        return enter_extension(n);
    }

    // GitHub's alert (made by markdown/ from "> [!NOTE]"): a note, labelled in the theme's words.
    int alert(cmark_node* n) {
        const std::string_view marker =
            cmark_node_get_on_enter(n) ? cmark_node_get_on_enter(n) : "";
        if (!marker.starts_with("alert=")) return 0;
        const std::string kind(marker.substr(6));
        out_.open("div", {{"class", "alert alert-" + kind}, {"role", "note"}});
        element("p", {{"class", "alert-title"}}, o_.theme->text("alert_" + kind));
        return 1;
    }

    void list(cmark_node* n) {
        if (cmark_node_get_list_type(n) != CMARK_ORDERED_LIST)
            out_.open("ul");
        else if (cmark_node_get_list_start(n) == 1)
            out_.open("ol");
        else
            out_.open("ol", {{"start", std::to_string(cmark_node_get_list_start(n))}});
    }

    // A list item; a task list's item starts with its box and, for screen readers, its state.
    void item(cmark_node* n) {
        out_.open("li");
        if (type_string(n) != "tasklist") return;
        const bool done = cmark_gfm_extensions_get_tasklist_item_checked(n);
        element("span", {{"class", "task"}}, done ? "\u2611 " : "\u2610 ");
        element("span", {{"class", "visually-hidden"}},
                "(" + o_.theme->text(done ? "task_done" : "task_open") + ") ");
    }

    // A heading moved below h6 (a plain page's h6, a document's h6 on a page to print) has no
    // element of its own: a paragraph with the heading role at its level keeps it a heading.
    void heading(cmark_node* n) {
        const auto known = headings_.find(n);
        const Heading* h = known == headings_.end() ? nullptr : known->second;
        const int level = (h ? h->level : cmark_node_get_heading_level(n)) + o_.heading_shift;
        const std::string id = h ? o_.excerpt_prefix + h->id : "";
        std::vector<HtmlWriter::Attribute> attributes;
        if (h) attributes.push_back({"id", id});
        const std::string aria_level = std::to_string(level);
        if (level > 6) {
            attributes.push_back({"role", "heading"});
            attributes.push_back({"aria-level", aria_level});
        }
        at(n);
        out_.open(level > 6 ? "p" : "h" + aria_level, attributes);
    }

    // A table cell: th (with scope) in the header row, td otherwise; its column's alignment as
    // a class.
    void table_cell(cmark_node* n) {
        cmark_node* row = cmark_node_parent(n);
        const bool header = cmark_gfm_extensions_get_table_row_is_header(row);
        int column = 0;
        for (cmark_node* c = cmark_node_first_child(row); c && c != n; c = cmark_node_next(c))
            ++column;
        cmark_node* table = cmark_node_parent(row);
        const uint8_t* align = cmark_gfm_extensions_get_table_alignments(table);
        const char* cls = nullptr;
        if (align && column < cmark_gfm_extensions_get_table_columns(table))
            cls = align[column] == 'l'   ? "align-left"
                  : align[column] == 'r' ? "align-right"
                  : align[column] == 'c' ? "align-center"
                                         : nullptr;
        std::vector<HtmlWriter::Attribute> attributes;
        if (header) attributes.push_back({"scope", "col"});
        if (cls) attributes.push_back({"class", cls});
        out_.open(header ? "th" : "td", attributes);
    }

    // Opens the elements of an extension's node (tables, strikethrough); returns how many.
    int enter_extension(cmark_node* n) {
        const std::string_view ext = type_string(n);
        if (ext == "table") {
            // A table wider than the screen scrolls in its frame: focusable, as a code block is.
            out_.open("div", {{"class", "table-wrap"}, {"tabindex", "0"}});
            out_.open("table");
            table_ = n;
            tbody_open_ = false;
            return 2;
        }
        if (ext == "table_header") {
            out_.open("thead");
            out_.open("tr");
            return 2;
        }
        if (ext == "table_row") {
            if (!tbody_open_) out_.open("tbody");
            tbody_open_ = true;
            out_.open("tr");
            return 1;
        }
        if (ext == "table_cell") {
            table_cell(n);
            return 1;
        }
        if (ext == "strikethrough") {
            out_.open("del");
            return 1;
        }
        return 0; // unknown extension node: its children are written
    }

    void leave(cmark_node* n) {
        const auto type = cmark_node_get_type(n);
        cmark_node* parent = cmark_node_parent(n);
        // A footnote's back-links end its last paragraph, or the footnote itself.
        const bool last_paragraph_of_footnote =
            type == CMARK_NODE_PARAGRAPH && !cmark_node_next(n) && parent &&
            cmark_node_get_type(parent) == CMARK_NODE_FOOTNOTE_DEFINITION;
        const bool footnote_without_final_paragraph =
            type == CMARK_NODE_FOOTNOTE_DEFINITION &&
            !(cmark_node_last_child(n) &&
              cmark_node_get_type(cmark_node_last_child(n)) == CMARK_NODE_PARAGRAPH);
        if (last_paragraph_of_footnote || footnote_without_final_paragraph) footnote_backlinks();
        if (n == table_ && tbody_open_) {
            out_.close(); // tbody
            tbody_open_ = false;
        }
        for (int k = opened_.back(); k > 0; --k)
            out_.close();
        opened_.pop_back();
    }

    void footnote_backlinks() {
        const int number = footnote_index_;
        const int refs = footnote_refs_[number];
        const std::string label = o_.theme->text("footnote_back");
        for (int k = 1; k <= refs; ++k) {
            out_.text(" ");
            const std::string href = "#" + footnote_ref_id(o_.excerpt_prefix, number, k);
            const std::string aria =
                label + " " + std::to_string(number) + (k > 1 ? "." + std::to_string(k) : "");
            element("a", {{"href", href}, {"class", "footnote-back"}, {"aria-label", aria}},
                    "\u21a9");
        }
    }

    int link(cmark_node* n) {
        at(n);
        const LinkTarget* target = target_of(n);
        if (target && target->kind == LinkTarget::term) {
            if (!o_.site || !o_.link_terms) return 0;
            const Page* term = &o_.site->pages[target->page_index];
            out_.open("a",
                      {{"href", relative_href(o_.page_dir, page_href(*term))}, {"class", "term"}});
            if (const std::string exp = term->str("expansion"); !exp.empty()) {
                out_.open("abbr", {{"title", exp}});
                return 2;
            }
            return 1;
        }
        if (!target && !safe_url(url_of(n))) {
            out_.open("span", {{"class", "unsafe-link"}});
            return 1;
        }
        const std::string href = href_of(n);
        if (const char* title = cmark_node_get_title(n); title && *title)
            out_.open("a", {{"href", href}, {"title", title}});
        else
            out_.open("a", {{"href", href}});
        return 1;
    }

    void image(cmark_node* n) {
        at(n);
        out_.open("span", {{"class", "image"}});
        const std::string src = href_of(n), alt = node_text(n);
        if (const char* title = cmark_node_get_title(n); title && *title)
            out_.open("img", {{"src", src}, {"alt", alt}, {"title", title}});
        else
            out_.open("img", {{"src", src}, {"alt", alt}});
        out_.close(); // span
    }

    void footnote_ref(cmark_node* n) {
        at(n);
        const int number = std::atoi(cmark_node_get_literal(n));
        const int k = ++footnote_refs_[number];
        const std::string id = footnote_ref_id(o_.excerpt_prefix, number, k);
        const std::string label = o_.theme->text("footnote");
        out_.open("sup", {{"class", "footnote-ref"}});
        element("a",
                {{"href", "#" + footnote_id(o_.excerpt_prefix, number)},
                 {"id", id},
                 {"aria-label", label + " " + std::to_string(number)}},
                std::to_string(number));
        out_.close();
    }

    void footnote_def(cmark_node* n) {
        at(n);
        const std::string title = o_.theme->text("footnotes");
        if (!footnotes_open_ && excerpt()) {
            // An excerpt's notes follow it, without a heading of their own.
            out_.open("section", {{"class", "footnotes"}, {"aria-label", title}});
            out_.open("ol");
        } else if (!footnotes_open_) {
            const std::string heading = footnotes_heading_id(o_.excerpt_prefix);
            out_.open("section", {{"class", "footnotes"}, {"aria-labelledby", heading}});
            element("h2", {{"id", heading}}, title);
            out_.open("ol");
        }
        footnotes_open_ = true;
        ++footnote_index_;
        const std::string id = footnote_id(o_.excerpt_prefix, footnote_index_);
        // An excerpt shows some of its page's notes: each keeps its number.
        if (++notes_written_ == footnote_index_)
            out_.open("li", {{"id", id}});
        else
            out_.open("li", {{"id", id}, {"value", std::to_string(footnote_index_)}});
    }

    void raw_html(const char* html) {
        pugi::xml_document frag;
        if (frag.load_string(html, pugi::parse_default | pugi::parse_fragment)) out_.children(frag);
    }
};

} // namespace

void write_markdown(HtmlWriter& out, cmark_node* node, const MarkdownOptions& options) {
    MarkdownWriter writer(out, options);
    writer.write(node);
    writer.finish();
}

bool write_section(HtmlWriter& out, cmark_node* doc, const std::string& name,
                   const MarkdownOptions& options) {
    cmark_node* start = nullptr;
    for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 2 &&
            node_text(n) == name) {
            start = n;
            break;
        }
    }
    if (!start) return false;
    MarkdownWriter writer(out, options);
    std::set<int> notes; // the notes the section refers to
    for (cmark_node* n = cmark_node_next(start); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= 2)
            break;
        if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) break;
        writer.write(n);
        cmark_iter* it = cmark_iter_new(n);
        for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;)
            if (ev == CMARK_EVENT_ENTER &&
                cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_FOOTNOTE_REFERENCE)
                notes.insert(std::atoi(cmark_node_get_literal(cmark_iter_get_node(it))));
        cmark_iter_free(it);
    }
    // Its notes follow it (cmark-gfm puts the document's notes last, numbered in that order).
    int number = 0;
    for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
        if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION && notes.contains(++number))
            writer.note(n, number);
    writer.finish();
    return true;
}

} // namespace docket

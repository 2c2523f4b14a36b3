#include "markdown_dom.h"

#include "docket/links.h"
#include "docket/render.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cctype>
#include <map>

namespace docket {

bool safe_url(std::string_view url) {
    std::string scheme;
    for (char c : url) {
        if (c == ':') {
            return !(scheme == "javascript" || scheme == "vbscript" || scheme == "data" || scheme == "file");
        }
        if (c == '/' || c == '?' || c == '#') return true;
        // Browsers ignore tabs, newlines and leading control characters inside a scheme.
        if (static_cast<unsigned char>(c) <= 0x20) continue;
        scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return true;
}

namespace {

std::string type_string(cmark_node* n) { return cmark_node_get_type_string(n); }

class DomWriter {
  public:
    explicit DomWriter(const DomOptions& o) : o_(o) {
        if (o_.doc)
            for (const auto& h : o_.doc->headings) heading_ids_[h.node] = h.id;
    }

    void write(pugi::xml_node parent, cmark_node* root) {
        cmark_iter* it = cmark_iter_new(root);
        cmark_event_type ev;
        std::vector<pugi::xml_node> stack{parent};
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            cmark_node* n = cmark_iter_get_node(it);
            if (ev == CMARK_EVENT_ENTER) {
                pugi::xml_node opened = enter(stack.back(), n);
                if (is_container(n)) stack.push_back(opened);
            } else if (ev == CMARK_EVENT_EXIT) {
                leave(stack.back(), n);
                stack.pop_back();
            }
        }
        cmark_iter_free(it);
    }

  private:
    const DomOptions& o_;
    std::map<cmark_node*, std::string> heading_ids_;
    std::map<int, int> footnote_refs_; // number -> references seen
    pugi::xml_node footnotes_;         // the <ol> of footnotes, once created
    int footnote_index_ = 0;

    static bool is_container(cmark_node* n) {
        // Nodes cmark's iterator reports with ENTER and EXIT (its S_is_leaf is the inverse).
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

    static pugi::xml_node element(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

    // Adjacent text nodes are joined afterwards by tidy: joining them here, as each is
    // appended, copies the growing text every time (minutes for a paragraph of many lines).
    static void text(pugi::xml_node parent, const char* s) { parent.append_child(pugi::node_pcdata).set_value(s); }

    bool tight_item_paragraph(cmark_node* n) const {
        cmark_node* item = cmark_node_parent(n);
        if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM) return false;
        cmark_node* list = cmark_node_parent(item);
        return list && cmark_node_get_list_tight(list);
    }

    std::string resolve_url(const std::string& url) const {
        if (url.starts_with(internal_scheme))
            return relative_href(o_.page_dir, url.substr(internal_scheme.size()));
        return url;
    }

    pugi::xml_node enter(pugi::xml_node parent, cmark_node* n) {
        const std::string ext = type_string(n);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_DOCUMENT: return parent;
        case CMARK_NODE_PARAGRAPH: return tight_item_paragraph(n) ? parent : element(parent, "p");
        case CMARK_NODE_BLOCK_QUOTE: return element(parent, "blockquote");
        case CMARK_NODE_LIST: {
            const bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
            pugi::xml_node list = element(parent, ordered ? "ol" : "ul");
            if (ordered && cmark_node_get_list_start(n) != 1)
                list.append_attribute("start") = cmark_node_get_list_start(n);
            return list;
        }
        case CMARK_NODE_ITEM: {
            pugi::xml_node li = element(parent, "li");
            if (ext == "tasklist") {
                const bool done = cmark_gfm_extensions_get_tasklist_item_checked(n);
                pugi::xml_node mark = element(li, "span");
                mark.append_attribute("class") = "task";
                text(mark, done ? "\u2611 " : "\u2610 ");
                pugi::xml_node hidden = element(li, "span");
                hidden.append_attribute("class") = "visually-hidden";
                text(hidden, done ? "(klar) " : "(ej klar) ");
            }
            return li;
        }
        case CMARK_NODE_HEADING: {
            const int level = cmark_node_get_heading_level(n);
            const std::string name = "h" + std::to_string(level);
            pugi::xml_node h = element(parent, name.c_str());
            if (auto id = heading_ids_.find(n); id != heading_ids_.end()) h.append_attribute("id") = id->second.c_str();
            return h;
        }
        case CMARK_NODE_CODE_BLOCK: {
            pugi::xml_node pre = element(parent, "pre");
            pugi::xml_node code = element(pre, "code");
            std::string info = cmark_node_get_fence_info(n) ? cmark_node_get_fence_info(n) : "";
            info = info.substr(0, info.find(' '));
            std::string lang;
            for (char c : info)
                if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') lang += c;
            if (!lang.empty()) code.append_attribute("class") = ("language-" + lang).c_str();
            text(code, cmark_node_get_literal(n));
            return pre;
        }
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
            if (o_.allow_raw_html) raw_html(parent, cmark_node_get_literal(n));
            return parent;
        case CMARK_NODE_THEMATIC_BREAK: return element(parent, "hr");
        case CMARK_NODE_TEXT: text(parent, cmark_node_get_literal(n)); return parent;
        case CMARK_NODE_SOFTBREAK: text(parent, "\n"); return parent;
        case CMARK_NODE_LINEBREAK: return element(parent, "br");
        case CMARK_NODE_CODE: {
            pugi::xml_node code = element(parent, "code");
            text(code, cmark_node_get_literal(n));
            return code;
        }
        case CMARK_NODE_EMPH: return element(parent, "em");
        case CMARK_NODE_CUSTOM_INLINE: {
            // Made by links/ from "[text]{lang=en}".
            const std::string_view marker = cmark_node_get_on_enter(n) ? cmark_node_get_on_enter(n) : "";
            if (!marker.starts_with("lang=")) return parent;
            pugi::xml_node span = element(parent, "span");
            span.append_attribute("lang") = std::string(marker.substr(5)).c_str();
            return span;
        }
        case CMARK_NODE_STRONG: return element(parent, "strong");
        case CMARK_NODE_LINK: return link(parent, n);
        case CMARK_NODE_IMAGE: return image(parent, n);
        case CMARK_NODE_FOOTNOTE_REFERENCE: footnote_ref(parent, n); return parent; // children: none rendered
        case CMARK_NODE_FOOTNOTE_DEFINITION: return footnote_def(parent);
        default: break;
        }
        if (ext == "table") {
            pugi::xml_node wrap = element(parent, "div");
            wrap.append_attribute("class") = "table-wrap";
            return element(wrap, "table");
        }
        if (ext == "table_header") {
            pugi::xml_node thead = element(parent, "thead");
            return element(thead, "tr");
        }
        if (ext == "table_row") {
            pugi::xml_node tbody = parent.last_child();
            if (!tbody || std::string_view(tbody.name()) != "tbody") tbody = element(parent, "tbody");
            return element(tbody, "tr");
        }
        if (ext == "table_cell") {
            cmark_node* row = cmark_node_parent(n);
            const bool header = cmark_gfm_extensions_get_table_row_is_header(row);
            pugi::xml_node cell = element(parent, header ? "th" : "td");
            if (header) cell.append_attribute("scope") = "col";
            int column = 0;
            for (cmark_node* c = cmark_node_first_child(row); c && c != n; c = cmark_node_next(c)) ++column;
            cmark_node* table = cmark_node_parent(row);
            const uint8_t* align = cmark_gfm_extensions_get_table_alignments(table);
            if (align && column < cmark_gfm_extensions_get_table_columns(table)) {
                const char* cls = align[column] == 'l' ? "align-left" : align[column] == 'r' ? "align-right" : align[column] == 'c' ? "align-center" : nullptr;
                if (cls) cell.append_attribute("class") = cls;
            }
            return cell;
        }
        if (ext == "strikethrough") return element(parent, "del");
        return parent; // unknown extension node: keep its children
    }

    void leave(pugi::xml_node current, cmark_node* n) {
        if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) {
            // Back-links to every reference, appended to the definition's last paragraph.
            pugi::xml_node target = current.last_child();
            if (!target || std::string_view(target.name()) != "p") target = current;
            const int number = footnote_index_;
            const int refs = footnote_refs_[number];
            for (int k = 1; k <= refs; ++k) {
                text(target, " ");
                pugi::xml_node back = element(target, "a");
                std::string href = "#fnref-" + std::to_string(number) + (k > 1 ? "-" + std::to_string(k) : "");
                back.append_attribute("href") = href.c_str();
                back.append_attribute("class") = "footnote-back";
                const std::string label = o_.theme ? o_.theme->text("footnote_back") : "Tillbaka";
                back.append_attribute("aria-label") = (label + " " + std::to_string(number) + (k > 1 ? "." + std::to_string(k) : "")).c_str();
                text(back, "\u21a9");
            }
        }
    }

    pugi::xml_node link(pugi::xml_node parent, cmark_node* n) {
        std::string url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
        if (url.starts_with("docket-term:")) {
            const Page* term = o_.site ? o_.site->find(url.substr(12)) : nullptr;
            if (!term || !o_.link_terms) return parent;
            pugi::xml_node a = element(parent, "a");
            a.append_attribute("href") = relative_href(o_.page_dir, page_href(*term)).c_str();
            a.append_attribute("class") = "term";
            if (const std::string exp = term->str("expansion"); !exp.empty()) {
                pugi::xml_node abbr = element(a, "abbr");
                abbr.append_attribute("title") = exp.c_str();
                return abbr;
            }
            return a;
        }
        if (!safe_url(url)) {
            pugi::xml_node span = element(parent, "span");
            span.append_attribute("class") = "unsafe-link";
            return span;
        }
        pugi::xml_node a = element(parent, "a");
        a.append_attribute("href") = resolve_url(url).c_str();
        if (const char* title = cmark_node_get_title(n); title && *title) a.append_attribute("title") = title;
        return a;
    }

    pugi::xml_node image(pugi::xml_node parent, cmark_node* n) {
        std::string url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
        // The alt text is the image's text content; the children are not rendered inside <img>.
        pugi::xml_node holder = element(parent, "span");
        holder.append_attribute("class") = "image";
        if (!safe_url(url)) return holder;
        pugi::xml_node img = element(holder, "img");
        img.append_attribute("src") = resolve_url(url).c_str();
        img.append_attribute("alt") = node_text(n).c_str();
        // Children (alt text) go to a throwaway node.
        return holder.append_child("docket-discard");
    }

    void footnote_ref(pugi::xml_node parent, cmark_node* n) {
        const int number = std::atoi(cmark_node_get_literal(n));
        const int k = ++footnote_refs_[number];
        pugi::xml_node sup = element(parent, "sup");
        sup.append_attribute("class") = "footnote-ref";
        pugi::xml_node a = element(sup, "a");
        const std::string id = "fnref-" + std::to_string(number) + (k > 1 ? "-" + std::to_string(k) : "");
        a.append_attribute("href") = ("#fn-" + std::to_string(number)).c_str();
        a.append_attribute("id") = id.c_str();
        const std::string label = o_.theme ? o_.theme->text("footnote") : "Fotnot";
        a.append_attribute("aria-label") = (label + " " + std::to_string(number)).c_str();
        text(a, std::to_string(number).c_str());
    }

    pugi::xml_node footnote_def(pugi::xml_node parent) {
        if (!footnotes_) {
            pugi::xml_node section = element(parent, "section");
            section.append_attribute("class") = "footnotes";
            section.append_attribute("aria-labelledby") = "fotnoter";
            pugi::xml_node h = element(section, "h2");
            h.append_attribute("id") = "fotnoter";
            text(h, o_.theme ? o_.theme->text("footnotes").c_str() : "Fotnoter");
            footnotes_ = element(section, "ol");
        }
        ++footnote_index_;
        pugi::xml_node li = element(footnotes_, "li");
        li.append_attribute("id") = ("fn-" + std::to_string(footnote_index_)).c_str();
        return li;
    }

    void raw_html(pugi::xml_node parent, const char* html) {
        pugi::xml_document frag;
        if (frag.load_string(html, pugi::parse_default | pugi::parse_fragment))
            for (auto c : frag.children()) parent.append_copy(c);
    }
};

// Joins each run of adjacent text nodes among `node`'s children, from `from` on, into one node.
void merge_runs(pugi::xml_node node, pugi::xml_node from) {
    for (pugi::xml_node child = from; child; child = child.next_sibling()) {
        if (child.type() != pugi::node_pcdata || child.next_sibling().type() != pugi::node_pcdata) continue;
        std::string joined = child.value();
        while (child.next_sibling().type() == pugi::node_pcdata) {
            joined += child.next_sibling().value();
            node.remove_child(child.next_sibling());
        }
        child.set_value(joined.c_str());
    }
}

// Tidies what a DomWriter appended to `parent` after `before` (its last child until then, null
// when it had none): drops the alt-text holders, then joins runs of adjacent text nodes so the
// DOM stays compact. Only the new children are visited: the glossary appends every term's
// definition to one parent, and walking all of it each time was quadratic.
void tidy(pugi::xml_node parent, pugi::xml_node before) {
    const pugi::xml_node first = before ? before.next_sibling() : parent.first_child();
    std::vector<pugi::xml_node> stack, elements;
    for (pugi::xml_node c = first; c; c = c.next_sibling())
        if (c.type() == pugi::node_element) stack.push_back(c);
    while (!stack.empty()) {
        pugi::xml_node node = stack.back();
        stack.pop_back();
        if (std::string_view(node.name()) == "docket-discard") {
            node.parent().remove_child(node);
            continue;
        }
        elements.push_back(node);
        for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
            if (child.type() == pugi::node_element) stack.push_back(child);
    }
    // Text written straight into `parent` (a tight list item's paragraph) may join `before`.
    merge_runs(parent, before ? before : parent.first_child());
    for (pugi::xml_node node : elements) merge_runs(node, node.first_child());
}

} // namespace

void append_markdown(pugi::xml_node parent, cmark_node* node, const DomOptions& options) {
    const pugi::xml_node before = parent.last_child();
    DomWriter(options).write(parent, node);
    tidy(parent, before);
}

bool append_section(pugi::xml_node parent, cmark_node* doc, const std::string& name, const DomOptions& options) {
    cmark_node* start = nullptr;
    for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 2 &&
            node_text(n) == name) {
            start = n;
            break;
        }
    }
    if (!start) return false;
    const pugi::xml_node before = parent.last_child();
    DomWriter writer(options);
    for (cmark_node* n = cmark_node_next(start); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= 2) break;
        if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) break;
        writer.write(parent, n);
    }
    tidy(parent, before);
    return true;
}

} // namespace docket

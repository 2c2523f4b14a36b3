#include "docket/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <utf8proc.h>

#include <cctype>
#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace docket {

void NodeDeleter::operator()(cmark_node* n) const {
    cmark_node_free(n);
}

namespace {

// GitHub's alert: a top-level block quote whose first line is "[!NOTE]" (or TIP, IMPORTANT,
// WARNING, CAUTION, in any case) alone, with more after it. Its kind ("note"), or "".
std::string alert_kind(cmark_node* quote) {
    cmark_node* para = cmark_node_first_child(quote);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return "";
    cmark_node* marker = cmark_node_first_child(para);
    if (!marker || cmark_node_get_type(marker) != CMARK_NODE_TEXT) return "";
    cmark_node* after = cmark_node_next(marker);
    const bool line_ends = after ? cmark_node_get_type(after) == CMARK_NODE_SOFTBREAK ||
                                       cmark_node_get_type(after) == CMARK_NODE_LINEBREAK
                                 : cmark_node_next(para) != nullptr;
    std::string_view text = cmark_node_get_literal(marker);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (!line_ends || !text.starts_with("[!") || !text.ends_with("]")) return "";
    std::string kind(text.substr(2, text.size() - 3));
    for (char& c : kind)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* known : {"note", "tip", "important", "warning", "caution"})
        if (kind == known) return kind;
    return "";
}

// Each alert becomes a custom block marked "alert=<kind>" holding the quote's blocks, its
// marker line taken out.
void mark_alerts(cmark_node* doc) {
    std::vector<std::pair<cmark_node*, std::string>> alerts;
    for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
        if (cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE)
            if (std::string kind = alert_kind(n); !kind.empty())
                alerts.emplace_back(n, std::move(kind));
    for (auto& [quote, kind] : alerts) {
        cmark_node* para = cmark_node_first_child(quote);
        cmark_node_free(cmark_node_first_child(para)); // the marker
        if (cmark_node* line_break = cmark_node_first_child(para)) cmark_node_free(line_break);
        if (!cmark_node_first_child(para)) cmark_node_free(para);
        cmark_node* alert = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
        cmark_node_set_on_enter(alert, ("alert=" + kind).c_str());
        while (cmark_node* child = cmark_node_first_child(quote))
            cmark_node_append_child(alert, child);
        cmark_node_replace(quote, alert);
        cmark_node_free(quote);
    }
}

} // namespace

MarkdownDoc parse_markdown(std::string_view text) {
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    // cmark-gfm keeps the extensions' special inline characters (autolink's 'w' and ':',
    // strikethrough's '~') in one global table, which the inline phase of every parse adds to
    // and removes from (process_inlines, in cmark_parser_finish): two inline phases at once drop
    // each other's autolinks at random. So that phase runs one at a time, and the block phase
    // (feed) in parallel. That holds for 0.29.0.gfm.6, the version scripts/install-deps pins;
    // later releases toggle the table in the table extension's row parser too, during feed, and
    // tests/unit/markdown (tables full of autolinks, parsed on four threads) would fail there.
    static std::mutex cmark_global_state;
    cmark_parser* parser = cmark_parser_new(CMARK_OPT_FOOTNOTES);
    for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser, ext);
    }
    cmark_parser_feed(parser, text.data(), text.size());
    cmark_node* doc = nullptr;
    {
        std::lock_guard lock(cmark_global_state);
        doc = cmark_parser_finish(parser);
    }
    cmark_parser_free(parser);
    cmark_consolidate_text_nodes(doc);
    mark_alerts(doc);
    // cmark keeps a node's literal, URL, title and fence info as a view into its parent's
    // buffer until the first time it is asked for it, when it copies it and stores the copy: a
    // read that writes. Pages are read by several threads at once later (a page, another page's
    // excerpt of it, the search index), so every such value is asked for once, here.
    // Each getter returns null for a node that has no such value.
    cmark_iter* it = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* n = cmark_iter_get_node(it);
        cmark_node_get_literal(n);
        cmark_node_get_fence_info(n);
        cmark_node_get_url(n);
        cmark_node_get_title(n);
    }
    cmark_iter_free(it);
    return MarkdownDoc(doc);
}

namespace {

std::string collect_text(cmark_node* node, bool blocks) {
    std::string out;
    cmark_iter* it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node* n = cmark_iter_get_node(it);
        if (blocks && ev == CMARK_EVENT_EXIT && n != node) {
            const auto t = cmark_node_get_type(n);
            const bool block = (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
            if (block && !out.empty() && out.back() != '\n') out += '\n';
        }
        if (ev != CMARK_EVENT_ENTER) continue;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            out += cmark_node_get_literal(n);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            out += ' ';
            break;
        case CMARK_NODE_FOOTNOTE_REFERENCE: // a footnote marker is not part of the text
        default:
            break;
        }
    }
    cmark_iter_free(it);
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

} // namespace

std::string node_text(cmark_node* node) {
    return collect_text(node, false);
}
std::string block_text(cmark_node* node) {
    return collect_text(node, true);
}

std::string slugify(std::string_view text) {
    std::string out;
    bool dash = false;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {
            ++p;
            --left;
            continue;
        }
        p += n;
        left -= n;
        cp = utf8proc_tolower(cp);
        // Decompose to strip accents: å -> a, ä -> a, ö -> o, é -> e.
        utf8proc_int32_t parts[8];
        utf8proc_int32_t base = cp;
        int options = UTF8PROC_DECOMPOSE;
        if (utf8proc_decompose_char(cp, parts, 8, static_cast<utf8proc_option_t>(options),
                                    nullptr) > 0)
            base = parts[0];
        if ((base >= 'a' && base <= 'z') || (base >= '0' && base <= '9')) {
            if (dash && !out.empty()) out += '-';
            dash = false;
            out += static_cast<char>(base);
        } else if (base == 0xdf) { // ß
            if (dash && !out.empty()) out += '-';
            dash = false;
            out += "ss";
        } else {
            dash = true;
        }
    }
    return out;
}

namespace {

// A character that GitHub keeps in a heading's id: a word character as Ruby's \p{Word} has it
// (Alphabetic, a mark, a decimal digit, connector punctuation such as '_', or a joiner), a
// space (which becomes '-') or a '-'. github-slugger's generated regex removes all others.
bool github_keeps(UChar32 c) {
    if (c == ' ' || c == '-') return true;
    const auto mask = U_GET_GC_MASK(c);
    return u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_hasBinaryProperty(c, UCHAR_JOIN_CONTROL) ||
           (mask & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0;
}

} // namespace

std::string github_slug(std::string_view text) {
    // Lower case as JavaScript's toLowerCase (ICU's full mapping, language-neutral): 'İ' becomes
    // "i̇" and a word-final 'Σ' becomes 'ς'.
    icu::UnicodeString lower = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    lower.toLower(icu::Locale::getRoot());
    icu::UnicodeString kept;
    for (int32_t i = 0; i < lower.length();) {
        const UChar32 c = lower.char32At(i);
        i += U16_LENGTH(c);
        if (github_keeps(c)) kept.append(c == ' ' ? UChar32('-') : c);
    }
    std::string out;
    kept.toUTF8String(out);
    return out;
}

std::string footnote_id(std::string_view prefix, int note) {
    return std::string(prefix) + "fn-" + std::to_string(note);
}

std::string footnote_ref_id(std::string_view prefix, int note, int ref) {
    return std::string(prefix) + "fnref-" + std::to_string(note) +
           (ref > 1 ? "-" + std::to_string(ref) : "");
}

std::string footnotes_heading_id(std::string_view prefix) {
    return std::string(prefix) + "fotnoter";
}

std::string attribute_list_id(std::string_view list) {
    if (!list.starts_with('{') || !list.ends_with('}')) return "";
    list = list.substr(1, list.size() - 2);
    if (list.starts_with(':')) list.remove_prefix(1);
    std::string id;
    const auto name_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' ||
               c == '.';
    };
    for (std::size_t i = 0; i < list.size();) {
        if (list[i] == ' ' || list[i] == '\t') {
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        while (end < list.size() && name_char(list[end]))
            ++end;
        const std::string_view token = list.substr(i, end - i);
        if (token.size() < 2 || (token[0] != '#' && token[0] != '.')) return "";
        if (token[0] == '#') {
            if (!id.empty()) return "";
            id = token.substr(1);
        }
        i = end;
    }
    return id;
}

std::vector<std::string> attribute_anchors(cmark_node* doc) {
    std::vector<cmark_node*> texts;
    cmark_iter* it = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_TEXT &&
            std::string_view(cmark_node_get_literal(n)).starts_with('{'))
            texts.push_back(n);
    }
    cmark_iter_free(it);
    std::vector<std::string> ids;
    for (cmark_node* t : texts) {
        // A heading's last text is the heading's own list (collect_headings).
        if (!cmark_node_next(t) && cmark_node_get_type(cmark_node_parent(t)) == CMARK_NODE_HEADING)
            continue;
        cmark_node* element = cmark_node_previous(t);
        const auto type = element ? cmark_node_get_type(element) : CMARK_NODE_NONE;
        if (type != CMARK_NODE_EMPH && type != CMARK_NODE_STRONG && type != CMARK_NODE_CODE &&
            type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE)
            continue;
        const std::string text = cmark_node_get_literal(t);
        const std::size_t close = text.find('}');
        const std::string id =
            close == std::string::npos ? "" : attribute_list_id(text.substr(0, close + 1));
        if (id.empty()) continue;
        cmark_node* span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
        cmark_node_set_on_enter(span, ("id=" + id).c_str());
        cmark_node_insert_before(element, span);
        cmark_node_append_child(span, element);
        cmark_node_set_literal(t, text.substr(close + 1).c_str());
        ids.push_back(id);
    }
    return ids;
}

namespace {

// A heading's attribute list ("## Install {#setup}"): its id, taken out of the heading's last
// text; "" when it has none.
std::string heading_attribute_id(cmark_node* heading) {
    cmark_node* last = cmark_node_last_child(heading);
    if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT) return "";
    std::string text = cmark_node_get_literal(last);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.pop_back();
    const std::size_t open = text.rfind('{');
    if (open == std::string::npos) return "";
    std::string id = attribute_list_id(std::string_view(text).substr(open));
    if (id.empty()) return "";
    text.resize(open);
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    cmark_node_set_literal(last, text.c_str());
    return id;
}

// Gives each heading a unique id, none of `taken` (ids already on the page).
class HeadingNamer {
  public:
    HeadingNamer(HeadingIds style, std::unordered_set<std::string> taken)
        : style_(style), taken_(std::move(taken)) {}

    std::string operator()(std::string_view text) {
        return style_ == HeadingIds::github ? github(text) : ascii(text);
    }

    // The author's own id, suffixed as a repeat when the page has it already.
    std::string claim(const std::string& id) {
        std::string unique = id;
        for (int k = 1; !taken_.insert(unique).second; ++k)
            unique = id + "-" + std::to_string(k);
        return unique;
    }

  private:
    // "-2", "-3" for repeats.
    std::string ascii(std::string_view text) {
        std::string base = slugify(text);
        if (base.empty()) base = "avsnitt";
        std::string id = base;
        for (int k = 2; taken_.contains(id); ++k)
            id = base + "-" + std::to_string(k);
        taken_.insert(id);
        return id;
    }

    // As github-slugger counts: a slug's n-th repeat gets "-n" (n from 1), the next free one.
    // A heading without a kept character gets "section" (GitHub's empty id is no valid id).
    std::string github(std::string_view text) {
        std::string base = github_slug(text);
        if (base.empty()) base = "section";
        std::string id = base;
        while (taken_.contains(id))
            id = base + "-" + std::to_string(++repeats_[base]);
        taken_.insert(id);
        return id;
    }

    HeadingIds style_;
    std::unordered_set<std::string> taken_;
    std::unordered_map<std::string, int> repeats_;
};

} // namespace

std::vector<Heading> collect_headings(cmark_node* doc,
                                      const std::unordered_set<std::string>& reserved,
                                      HeadingIds style) {
    std::vector<Heading> out;
    std::vector<cmark_node*> headings;
    std::unordered_set<std::string> taken = reserved;
    // The footnotes' ids, as the renderer numbers them: notes in document order (cmark-gfm moves
    // them to the end, in the order of their first reference), references counted per note.
    int notes = 0;
    std::unordered_map<int, int> refs;
    cmark_iter* it = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER) continue;
        const auto type = cmark_node_get_type(n);
        if (type == CMARK_NODE_HEADING)
            headings.push_back(n);
        else if (type == CMARK_NODE_FOOTNOTE_DEFINITION)
            taken.insert(footnote_id("", ++notes));
        else if (type == CMARK_NODE_FOOTNOTE_REFERENCE) {
            const int note = std::atoi(cmark_node_get_literal(n));
            taken.insert(footnote_ref_id("", note, ++refs[note]));
        }
    }
    cmark_iter_free(it);
    if (notes > 0) taken.insert(footnotes_heading_id(""));
    HeadingNamer name(style, std::move(taken));
    for (cmark_node* n : headings) {
        Heading h;
        h.level = cmark_node_get_heading_level(n);
        const std::string own_id = heading_attribute_id(n);
        h.text = node_text(n);
        // Trim the text as shown.
        while (!h.text.empty() && h.text.back() == ' ')
            h.text.pop_back();
        h.id = own_id.empty() ? name(h.text) : name.claim(own_id);
        h.line = cmark_node_get_start_line(n);
        h.node = n;
        out.push_back(std::move(h));
    }
    return out;
}

} // namespace docket

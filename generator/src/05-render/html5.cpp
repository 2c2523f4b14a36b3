#include "docket/render.h"

#include "html_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace docket {

namespace {

constexpr std::array<std::string_view, 14> void_elements = {
    "area",  "base", "br",   "col",    "embed", "hr",  "img",
    "input", "link", "meta", "source", "track", "wbr", "param"};

// Which bytes need an entity: 1 in text and attribute values, 2 in attribute values only.
constexpr auto escaped = [] {
    std::array<unsigned char, 256> t{};
    t['&'] = t['<'] = t['>'] = 1;
    t['"'] = 2;
    return t;
}();

} // namespace

// Appends runs of plain bytes at once, found by one table look-up per byte: the escaping of
// every text and attribute of every page is a large share of rendering.
void escape_html(std::string& out, std::string_view s, bool attribute) {
    const unsigned char limit = attribute ? 2 : 1;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char kind = escaped[static_cast<unsigned char>(s[i])];
        if (kind == 0 || kind > limit) continue;
        out.append(s.data() + start, i - start);
        switch (s[i]) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += "&quot;";
            break;
        }
        start = i + 1;
    }
    out.append(s.data() + start, s.size() - start);
}

namespace {

bool is_raw_text(std::string_view name) {
    return name == "script" || name == "style";
}

constexpr std::array<std::string_view, 30> phrasing_elements = {
    "a",    "abbr",  "b",    "bdi",    "bdo", "br",  "cite",  "code", "data", "del",
    "dfn",  "em",    "i",    "img",    "ins", "kbd", "label", "mark", "q",    "s",
    "samp", "small", "span", "strong", "sub", "sup", "time",  "u",    "var",  "wbr"};

// Every element a page opens is looked up in both lists, as a number: its name's bytes (every
// name here has at most 8), searched in the sorted numbers of the list's names.
constexpr std::uint64_t name_key(std::string_view name) {
    std::uint64_t key = 0;
    for (const char c : name)
        key = key << 8 | static_cast<unsigned char>(c);
    return key;
}

template <std::size_t N>
constexpr std::array<std::uint64_t, N> sorted_keys(const std::array<std::string_view, N>& names) {
    std::array<std::uint64_t, N> keys{};
    for (std::size_t k = 0; k < N; ++k)
        keys[k] = name_key(names[k]);
    std::sort(keys.begin(), keys.end());
    return keys;
}

template <std::size_t N>
bool has_name(const std::array<std::uint64_t, N>& keys, std::string_view name) {
    return name.size() <= 8 && std::binary_search(keys.begin(), keys.end(), name_key(name));
}

constexpr auto void_keys = sorted_keys(void_elements);
constexpr auto phrasing_keys = sorted_keys(phrasing_elements);

} // namespace

void HtmlWriter::origin(std::string_view file, int line, int column) {
    if (!origins_ || !links_ || !ids_) return;
    origins_->note({static_cast<std::uint32_t>(links_->size()),
                    static_cast<std::uint32_t>(ids_->size()), file, line, column});
}

bool HtmlWriter::is_void(std::string_view name) {
    return has_name(void_keys, name);
}

bool HtmlWriter::is_phrasing(std::string_view name) {
    return has_name(phrasing_keys, name);
}

void HtmlWriter::guard_attribute(const Attribute& a) const {
    const Published where{where_.source, where_.file, "attribute", a.name};
    if (a.name == "href" || a.name == "src" || a.name == "action")
        guard_->check_url(a.value, where);
    else
        guard_->check(a.value, where);
}

void HtmlWriter::end_block() {
    if (block_.empty()) return;
    guard_->check(block_, {where_.source, where_.file, "text"});
    block_.clear();
}

bool HtmlWriter::open(std::string_view name, std::span<const Attribute> attributes) {
    const bool phrasing = guard_ && is_phrasing(name);
    if (guard_) {
        if (!phrasing)
            end_block();
        else if (name == "br")
            block_ += ' ';
        for (const Attribute& a : attributes)
            guard_attribute(a);
    }
    // An <a href> is marked: an output that does not hold its target writes it as text.
    const bool anchor = marks_ && name == "a" &&
                        std::any_of(attributes.begin(), attributes.end(),
                                    [](const Attribute& a) { return a.name == "href"; });
    const std::size_t anchor_mark = anchor ? marks_->size() : 0;
    if (anchor) mark(PageMark::anchor);
    out_ += '<';
    out_ += name;
    write_attributes(attributes, anchor ? anchor_mark : std::string_view::npos);
    if (anchor) (*marks_)[anchor_mark].to = static_cast<std::uint32_t>(out_.size());
    out_ += '>';
    if (is_void(name)) return false;
    stack_.push_back({std::string(name), is_raw_text(name), anchor, phrasing});
    return true;
}

// Writes and notes the attributes; `anchor` is the mark of the <a href> they belong to, if any.
void HtmlWriter::write_attributes(std::span<const Attribute> attributes, std::size_t anchor) {
    for (const Attribute& a : attributes) {
        const std::size_t start = out_.size();
        out_ += ' ';
        out_ += a.name;
        out_ += "=\"";
        const std::size_t value = out_.size();
        escape_html(out_, a.value, true);
        out_ += '"';
        const bool link = a.name == "href" || a.name == "src";
        if (ids_ && a.name == "id") ids_->push_back(a.value);
        if (links_ && link) links_->push_back(a.value);
        if (!marks_) continue;
        const std::uint32_t at = PageMark::offset(start);
        if (a.name == "id")
            marks_->push_back({PageMark::id, at, 0, 0});
        else if (link || a.name == "action")
            marks_->push_back({link ? PageMark::link : PageMark::url, at,
                               static_cast<std::uint32_t>(out_.size()),
                               static_cast<std::uint32_t>(value)});
        else if (a.name == "class" && anchor != std::string_view::npos)
            (*marks_)[anchor].arg = at;
    }
}

void HtmlWriter::close() {
    const Open& open = stack_.back();
    if (guard_ && !open.phrasing) end_block();
    if (open.anchor) mark(PageMark::anchor_end);
    out_ += "</";
    out_ += open.name;
    out_ += '>';
    stack_.pop_back();
}

void HtmlWriter::text(std::string_view s) {
    if (guard_) block_ += s;
    if (!stack_.empty() && stack_.back().raw)
        out_ += s;
    else
        escape_html(out_, s, false);
}

void HtmlWriter::json(const nlohmann::json& value) {
    if (stack_.empty() || stack_.back().name != "script")
        throw std::logic_error("HtmlWriter::json outside a <script> element");
    const std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::size_t start = out_.size();
    out_.reserve(start + text.size());
    for (const char c : text) {
        switch (c) {
        case '<':
            out_ += "\\u003c";
            break;
        case '>':
            out_ += "\\u003e";
            break;
        case '&':
            out_ += "\\u0026";
            break;
        default:
            out_ += c;
        }
    }
    if (guard_) block_.append(out_, start);
}

bool HtmlWriter::open_node(const pugi::xml_node& node) {
    attributes_.clear();
    for (auto a : node.attributes())
        attributes_.push_back({a.name(), a.value()});
    return open(node.name(), attributes_);
}

void HtmlWriter::children(const pugi::xml_node& parent) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        dom(c);
}

void HtmlWriter::dom(const pugi::xml_node& root) {
    if (root.type() == pugi::node_document) {
        children(root);
        return;
    }
    pugi::xml_node node = root;
    while (true) {
        bool descend = false;
        switch (node.type()) {
        case pugi::node_element:
            if (!open_node(node)) break; // void
            if (stack_.back().raw) {
                for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
                    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)
                        text(c.value());
                close();
            } else if (node.first_child()) {
                descend = true;
            } else {
                close();
            }
            break;
        case pugi::node_pcdata:
        case pugi::node_cdata:
            text(node.value());
            break;
        default:
            break; // comments, processing instructions, doctype: not written
        }
        if (descend) {
            node = node.first_child();
            continue;
        }
        // Move to the next sibling, closing every element left on the way up.
        while (node != root && !node.next_sibling()) {
            node = node.parent();
            close();
        }
        if (node == root) return;
        node = node.next_sibling();
    }
}

} // namespace docket

#include "docket/render.h"

#include <array>
#include <string_view>

namespace docket {

namespace {

constexpr std::array<std::string_view, 14> void_elements = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"};

bool is_void(std::string_view name) {
    for (auto v : void_elements)
        if (v == name) return true;
    return false;
}

// Appends runs of plain bytes at once: character-by-character appends were a tenth of a build.
void escape(std::string& out, std::string_view s, bool attribute) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::string_view entity;
        switch (s[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"':
            if (!attribute) continue;
            entity = "&quot;";
            break;
        default: continue;
        }
        out.append(s.data() + start, i - start);
        out += entity;
        start = i + 1;
    }
    out.append(s.data() + start, s.size() - start);
}

void open_tag(std::string& out, const pugi::xml_node& node) {
    out += '<';
    out += node.name();
    for (auto a : node.attributes()) {
        out += ' ';
        out += a.name();
        out += "=\"";
        escape(out, a.value(), true);
        out += '"';
    }
    out += '>';
}

// Iterative, so a deeply nested document (10,000 blockquotes) cannot exhaust the stack.
void write(std::string& out, const pugi::xml_node& root) {
    pugi::xml_node node = root.type() == pugi::node_document ? root.first_child() : root;
    if (!node) return;
    const pugi::xml_node stop = root.type() == pugi::node_document ? pugi::xml_node() : root;
    while (node) {
        bool descend = false;
        switch (node.type()) {
        case pugi::node_element: {
            open_tag(out, node);
            const std::string_view name = node.name();
            if (is_void(name)) break;
            if (name == "script" || name == "style") {
                for (auto c : node.children()) out += c.value();
                out += "</";
                out += name;
                out += '>';
                break;
            }
            if (node.first_child()) descend = true;
            else {
                out += "</";
                out += name;
                out += '>';
            }
            break;
        }
        case pugi::node_pcdata:
        case pugi::node_cdata: escape(out, node.value(), false); break;
        default: break; // comments, processing instructions, doctype: not written
        }
        if (descend) {
            node = node.first_child();
            continue;
        }
        // Move to the next sibling, closing every element we leave.
        while (node && node != stop && !node.next_sibling()) {
            node = node.parent();
            if (!node || node == stop || node.type() == pugi::node_document) {
                if (node && node == stop) {
                    out += "</";
                    out += node.name();
                    out += '>';
                }
                return;
            }
            out += "</";
            out += node.name();
            out += '>';
        }
        if (!node || node == stop) return;
        node = node.next_sibling();
    }
}

} // namespace

std::string serialise_html5(const pugi::xml_node& root, bool doctype) {
    std::string out;
    out.reserve(32 * 1024);
    if (doctype) out += "<!DOCTYPE html>\n";
    write(out, root);
    if (doctype) out += '\n';
    return out;
}

} // namespace docket

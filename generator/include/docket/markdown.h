// markdown/: body -> cmark-gfm AST, heading ids.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct cmark_node;

namespace docket {

struct NodeDeleter {
    void operator()(cmark_node* n) const;
};
using MarkdownDoc = std::unique_ptr<cmark_node, NodeDeleter>;

// Parses with the table, strikethrough, autolink, tasklist and footnote extensions; text nodes
// are consolidated so "[[id]]" is never split across nodes.
MarkdownDoc parse_markdown(std::string_view text);

// The plain text of a node and its descendants (inline content: no separators between blocks).
std::string node_text(cmark_node* node);

// The plain text of a block and its descendants, a newline between blocks and table cells, so
// words of separate paragraphs, list items and cells never run together.
std::string block_text(cmark_node* node);

// "Mål och syfte" -> "mal-och-syfte": lower case, å/ä -> a, ö -> o, other letters stripped of
// accents, anything else collapsed into '-'.
std::string slugify(std::string_view text);

struct Heading {
    int level;
    std::string text;
    std::string id;   // unique within the page
    int line;         // line within the parsed text
    cmark_node* node;
};

// Every heading of the document in order, with unique ids ("-2", "-3" for repeats).
std::vector<Heading> collect_headings(cmark_node* doc);

} // namespace docket

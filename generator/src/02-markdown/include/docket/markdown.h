// markdown/: body -> cmark-gfm AST, heading ids.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
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

// A heading's id as GitHub writes it (github-slugger's `slug`): lower case (Unicode's full
// mapping), every character but letters, marks, digits, '_', '-' and spaces removed, each space
// a '-': "Mål_och syfte!" -> "mål_och-syfte", "A -- B" -> "a----b".
std::string github_slug(std::string_view text);

// How collect_headings makes a heading's id ([markdown] heading_ids in site.toml).
enum class HeadingIds {
    ascii,  // slugify; a repeat gets "-2", "-3" (the default with a site.toml)
    github, // github_slug; a repeat gets "-1", "-2" (the default for a plain folder)
};

struct Heading {
    int level; // 1 to 6; 7 for an h6 that a plain page moves down (content/site.cpp)
    std::string text;
    std::string id; // unique within the page
    int line;       // line within the parsed text
    cmark_node* node;
};

// The ids the renderer gives a document's footnotes: "fn-3" for note 3, "fnref-3" for its first
// reference and "fnref-3-2" for its second, "fotnoter" for the notes' heading; `prefix` keeps the
// notes of an excerpt apart from those of the page that shows it.
std::string footnote_id(std::string_view prefix, int note);
std::string footnote_ref_id(std::string_view prefix, int note, int ref);
std::string footnotes_heading_id(std::string_view prefix);

// The id of an attribute list as Python-Markdown's attr_list, Hugo and Zola read one: "{#id}",
// "{ #id .class }", "{: #id }"; "" when `list` is none, has no id or has more than one.
std::string attribute_list_id(std::string_view list);

// An inline element followed at once by an attribute list with an id ("**locale**{ #x }",
// "[](){#x}", as MkDocs writes anchors) is wrapped in a custom inline node marked "id=x", which
// render/ writes as <span id="x">; the list leaves the text. Returns those ids in order. A
// heading's last text is left to collect_headings.
std::vector<std::string> attribute_anchors(cmark_node* doc);

// Every heading of the document in order, with unique ids (suffixed for repeats as `style`
// says) that are none of `reserved` (the template's ids) and none of the document's footnote ids.
// A heading that ends in an attribute list ("## Install {#setup}") takes its id from it (suffixed
// if the id is taken), and the list leaves its text.
std::vector<Heading> collect_headings(cmark_node* doc,
                                      const std::unordered_set<std::string>& reserved = {},
                                      HeadingIds style = HeadingIds::ascii);

} // namespace docket

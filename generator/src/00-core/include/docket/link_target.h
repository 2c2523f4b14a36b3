// core/: what an internal link in a page's AST points to. links/ hangs one on each link node it
// makes or resolves (cmark_node_set_user_data; the node has no URL then) and render/ writes the
// href from it, relative to where the page is written. The targets of a page's AST are held by
// its PageDoc (site.h), beside the AST, and freed with it: cmark never frees user data.
#pragma once

#include <cstddef>
#include <string>

namespace docket {

struct LinkTarget {
    enum Kind {
        page, // a page of the site, at `fragment` ("#id") or its top ("")
        term, // a term's page, linked from a mention of the term
    } kind = page;
    std::size_t page_index = 0; // in Site::pages
    std::string fragment;
};

} // namespace docket

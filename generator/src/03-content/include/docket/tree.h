// The navigation of a plain tree (pages at their paths): its folders, each folder's page, the
// order of each folder's entries (front matter `weight`, or an mdBook SUMMARY.md) and the
// reading order, which render/ shows as section pages, a sidebar, previous/next and breadcrumbs.
#pragma once

#include "docket/diagnostic.h"
#include "docket/page.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

inline constexpr std::size_t no_index = static_cast<std::size_t>(-1);

// A page or a folder shown in a folder's list. A folder with a page is shown as that page.
struct TreeEntry {
    bool folder = false;
    std::size_t index = 0; // of Site::pages, or of SiteTree::folders
    // SUMMARY.md's nesting among the folder's entries: nested under the nearest entry before it
    // with a smaller depth (0 for a tree without SUMMARY.md).
    unsigned depth = 0;
};

struct TreeFolder {
    std::string path;               // below the content root, "installation" ("" the root)
    std::size_t parent = no_index;  // the root has none
    std::size_t page = no_index;    // its page; none: render/ writes a section page listing it
    std::size_t entry = no_index;   // its place among its parent's entries
    std::vector<TreeEntry> entries; // in order
};

struct SiteTree {
    std::vector<TreeFolder> folders; // the root first, every folder after its parent
    // Per page: the folder it is an entry of (none for the root's page) and its place there, and
    // the folder it is the page of (else none).
    std::vector<std::size_t> folder_of, entry_of, page_of_folder;
    // The reading order: each folder's page (or section page), then its entries, each followed
    // by its own folder's entries; so every folder is one unbroken run that starts at its page.
    std::vector<TreeEntry> order;
    std::vector<std::size_t> page_order, folder_order; // each one's place in `order`

    bool active() const { return !folders.empty(); }
    // A page's or folder's node: a folder with a page is that page.
    TreeEntry node(const TreeEntry& e) const {
        return e.folder && folders[e.index].page != no_index
                   ? TreeEntry{false, folders[e.index].page, e.depth}
                   : e;
    }
};

// The pages SUMMARY.md links to, in its order, with the depth of the list each link is in.
struct SummaryLink {
    std::string file; // below the content root, "installation/index.md"
    unsigned depth = 0;
    int line = 0, column = 0;
};
std::vector<SummaryLink> summary_links(std::string_view text);

// The tree of the plain pages (kind "page") at their paths, ordered by `summary` when it has
// text (its links first, in its order; a link to no page is a warning), else, and after them,
// by `weight` (lower first; pages without come after) and then by path. Empty unless
// `config.page_paths`.
SiteTree make_tree(const SiteConfig& config, const std::vector<Page>& pages, const Summary& summary,
                   Diagnostics& diags);

} // namespace docket

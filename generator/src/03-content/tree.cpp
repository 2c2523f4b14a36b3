#include "docket/tree.h"

#include "docket/href.h"
#include "docket/markdown.h"

#include <algorithm>
#include <cmark-gfm.h>
#include <map>
#include <tuple>
#include <unordered_map>

namespace docket {

std::vector<SummaryLink> summary_links(std::string_view text) {
    std::vector<SummaryLink> out;
    const MarkdownDoc doc = parse_markdown(text);
    cmark_iter* it = cmark_iter_new(doc.get());
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_LINK) continue;
        std::string buffer;
        const char* url = cmark_node_get_url(node);
        const Href href = read_href(url ? url : "", buffer);
        // A draft chapter ("[x]()") and a link out of the book are no page of it.
        if (href.kind != Href::relative || href.path.empty()) continue;
        const auto path = resolve_site_path("", href.path);
        if (!path) continue;
        unsigned depth = 0;
        for (cmark_node* up = cmark_node_parent(node); up; up = cmark_node_parent(up))
            depth += cmark_node_get_type(up) == CMARK_NODE_LIST;
        out.push_back({decode_site_path(*path), depth, cmark_node_get_start_line(node),
                       cmark_node_get_start_column(node)});
    }
    cmark_iter_free(it);
    return out;
}

namespace {

// The folder part of a path below the content root ("a/b/c.md" -> "a/b", "c.md" -> "").
std::string parent_path(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? "" : path.substr(0, slash));
}

// Builds the folders of the plain pages and files each page as an entry or as a folder's page.
class TreeBuilder {
  public:
    TreeBuilder(const std::vector<Page>& pages, SiteTree& tree) : pages_(pages), tree_(tree) {
        tree_.folder_of.assign(pages.size(), no_index);
        tree_.entry_of.assign(pages.size(), no_index);
        tree_.page_of_folder.assign(pages.size(), no_index);
        folder("");
        for (std::size_t i = 0; i < pages.size(); ++i)
            if (plain(i)) folder(parent_path(pages[i].file));
        for (std::size_t i = 0; i < pages.size(); ++i)
            if (plain(i)) file(i);
        for (std::size_t f = 1; f < tree_.folders.size(); ++f)
            tree_.folders[tree_.folders[f].parent].entries.push_back({true, f, 0});
    }

  private:
    const std::vector<Page>& pages_;
    SiteTree& tree_;
    std::unordered_map<std::string, std::size_t> by_path_;

    bool plain(std::size_t i) const { return pages_[i].kind == "page" && !pages_[i].file.empty(); }

    // The folder at `path`, made with its parents when new.
    std::size_t folder(const std::string& path) {
        if (const auto it = by_path_.find(path); it != by_path_.end()) return it->second;
        const std::size_t parent = path.empty() ? no_index : folder(parent_path(path));
        TreeFolder made;
        made.path = path;
        made.parent = parent;
        tree_.folders.push_back(std::move(made));
        return by_path_[path] = tree_.folders.size() - 1;
    }

    // A page at a folder's path is the folder's page (index.md, _index.md, README.md, or
    // "about.md" beside "about/"); any other page is an entry of its file's folder.
    void file(std::size_t i) {
        const Page& p = pages_[i];
        const std::string at = p.url.empty() && p.at_path ? "" : p.id;
        if (const auto it = by_path_.find(at);
            p.at_path && it != by_path_.end() && tree_.folders[it->second].page == no_index) {
            tree_.folders[it->second].page = i;
            tree_.page_of_folder[i] = it->second;
            return;
        }
        const std::size_t f = by_path_.at(parent_path(p.file));
        tree_.folders[f].entries.push_back({false, i, 0});
    }
};

// Where an entry goes among its folder's: SUMMARY.md's rank (none: after every ranked one),
// the page's weight (none: after every weighted one), its path.
struct SortKey {
    std::size_t rank = no_index;
    bool unweighted = true;
    std::int64_t weight = 0;
    std::string_view path;

    bool operator<(const SortKey& o) const {
        return std::tie(rank, unweighted, weight, path) <
               std::tie(o.rank, o.unweighted, o.weight, o.path);
    }
};

class TreeOrder {
  public:
    TreeOrder(const std::vector<Page>& pages, SiteTree& tree) : pages_(pages), tree_(tree) {}

    // Ranks each page by its place in SUMMARY.md (a folder by its first ranked page), sorts each
    // folder's entries and nests them as SUMMARY.md nests their links.
    void sort(const std::vector<SummaryLink>& links, const std::string& source,
              Diagnostics& diags) {
        std::unordered_map<std::string_view, std::size_t> by_file;
        for (const TreeFolder& folder : tree_.folders) {
            if (folder.page != no_index) by_file.emplace(pages_[folder.page].file, folder.page);
            for (const TreeEntry& e : folder.entries)
                if (!e.folder) by_file.emplace(pages_[e.index].file, e.index);
        }
        rank_.assign(pages_.size(), no_index);
        std::vector<std::size_t> page_of_link(links.size(), no_index);
        for (std::size_t k = 0; k < links.size(); ++k) {
            const auto it = by_file.find(links[k].file);
            if (it == by_file.end()) {
                diags.warning(source, links[k].line, links[k].column,
                              "\"" + links[k].file + "\" is no page of the tree");
                continue;
            }
            if (rank_[it->second] == no_index) rank_[it->second] = k, page_of_link[k] = it->second;
        }
        folder_rank_.assign(tree_.folders.size(), no_index);
        for (std::size_t f = tree_.folders.size(); f-- > 0;) {
            const TreeFolder& folder = tree_.folders[f];
            std::size_t& r = folder_rank_[f];
            if (folder.page != no_index) r = std::min(r, rank_[folder.page]);
            for (const TreeEntry& e : folder.entries)
                r = std::min(r, e.folder ? folder_rank_[e.index] : rank_[e.index]);
        }
        for (TreeFolder& folder : tree_.folders)
            std::stable_sort(
                folder.entries.begin(), folder.entries.end(),
                [&](const TreeEntry& a, const TreeEntry& b) { return key(a) < key(b); });
        nest(links, page_of_link);
    }

  private:
    const std::vector<Page>& pages_;
    SiteTree& tree_;
    std::vector<std::size_t> rank_, folder_rank_;

    // The link SUMMARY.md nests each link under: the nearest before it in a shallower list (a
    // stack of the links open, so linear in the links).
    static std::vector<std::size_t> summary_parents(const std::vector<SummaryLink>& links) {
        std::vector<std::size_t> parents(links.size(), no_index), open;
        for (std::size_t k = 0; k < links.size(); ++k) {
            while (!open.empty() && links[open.back()].depth >= links[k].depth)
                open.pop_back();
            if (!open.empty()) parents[k] = open.back();
            open.push_back(k);
        }
        return parents;
    }

    SortKey key(const TreeEntry& e) const {
        SortKey k;
        const TreeFolder* folder = e.folder ? &tree_.folders[e.index] : nullptr;
        const std::size_t page = folder ? folder->page : e.index;
        k.rank = folder ? folder_rank_[e.index] : rank_[e.index];
        k.path = folder ? std::string_view(folder->path) : std::string_view(pages_[page].file);
        if (const Value* w = page == no_index ? nullptr : pages_[page].get("weight");
            w && w->is(FieldType::integer))
            k.unweighted = false, k.weight = w->number;
        return k;
    }

    // A page whose SUMMARY.md link is nested under the link of a page of the same folder is
    // nested under that page's entry; the entries are in SUMMARY.md's order, so it follows it.
    void nest(const std::vector<SummaryLink>& links, const std::vector<std::size_t>& page_of_link) {
        const std::vector<std::size_t> parents = summary_parents(links);
        for (TreeFolder& folder : tree_.folders) {
            std::unordered_map<std::size_t, unsigned> depth_of; // page -> its entry's depth
            for (TreeEntry& e : folder.entries) {
                if (e.folder || rank_[e.index] == no_index) continue;
                const std::size_t parent = parents[rank_[e.index]];
                const auto up =
                    parent == no_index ? depth_of.end() : depth_of.find(page_of_link[parent]);
                e.depth = up == depth_of.end() ? 0 : up->second + 1;
                depth_of[e.index] = e.depth;
            }
            // Never deeper than one below the entry before it.
            for (std::size_t n = 0; n < folder.entries.size(); ++n)
                folder.entries[n].depth =
                    n == 0 ? 0 : std::min(folder.entries[n].depth, folder.entries[n - 1].depth + 1);
        }
    }
};

// The entries' places and the reading order, each folder after its page.
void index_tree(SiteTree& tree, std::size_t pages) {
    for (std::size_t f = 0; f < tree.folders.size(); ++f) {
        const TreeFolder& folder = tree.folders[f];
        for (std::size_t n = 0; n < folder.entries.size(); ++n) {
            const TreeEntry& e = folder.entries[n];
            if (e.folder)
                tree.folders[e.index].entry = n;
            else
                tree.folder_of[e.index] = f, tree.entry_of[e.index] = n;
        }
    }
    tree.page_order.assign(pages, no_index);
    tree.folder_order.assign(tree.folders.size(), no_index);
    // Depth first, without recursion: a stack of (folder, next entry).
    std::vector<std::pair<std::size_t, std::size_t>> stack;
    auto visit = [&](std::size_t f) {
        const TreeEntry node = tree.node({true, f, 0});
        tree.folder_order[f] = tree.order.size();
        if (!node.folder) tree.page_order[node.index] = tree.order.size();
        tree.order.push_back(node);
        stack.emplace_back(f, 0);
    };
    visit(0);
    while (!stack.empty()) {
        auto& [f, n] = stack.back();
        if (n == tree.folders[f].entries.size()) {
            stack.pop_back();
            continue;
        }
        const TreeEntry e = tree.folders[f].entries[n++];
        if (e.folder) {
            visit(e.index);
        } else {
            tree.page_order[e.index] = tree.order.size();
            tree.order.push_back(e);
        }
    }
}

} // namespace

SiteTree make_tree(const SiteConfig& config, const std::vector<Page>& pages, const Summary& summary,
                   Diagnostics& diags) {
    SiteTree tree;
    if (!config.page_paths) return tree;
    TreeBuilder{pages, tree};
    const std::vector<SummaryLink> links =
        summary.text.empty() ? std::vector<SummaryLink>() : summary_links(summary.text);
    TreeOrder(pages, tree).sort(links, summary.source, diags);
    index_tree(tree, pages.size());
    return tree;
}

} // namespace docket

// The data every stage after content/ shares: the configuration, the pages, and each page's
// parsed Markdown.
#pragma once

#include "docket/config.h"
#include "docket/link_target.h"
#include "docket/markdown.h"
#include "docket/page.h"
#include "docket/parallel.h"
#include "docket/personal_data.h"
#include "docket/tree.h"

#include <array>
#include <atomic>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace docket {

struct PageDoc {
    MarkdownDoc doc;
    std::vector<Heading> headings;
    // The ids its attribute lists give inline elements ("**x**{ #id }"): links may name them as
    // they name headings.
    std::vector<std::string> anchors;
    // The line of the first content another tool would have inserted (a shortcode, an include),
    // 0 when none: a link to a heading the page does not have may name one from there.
    int inserted_line = 0;
    // The targets of the AST's internal links (their nodes' user data; a deque, so each stays
    // where it is as more are added), made at the first: an empty deque takes 576 bytes.
    std::unique_ptr<std::deque<LinkTarget>> link_targets;
    // The first sentence of the text (with its links resolved), kept when the AST is dropped
    // (render/'s release_ast).
    std::string first_sentence;
};

// The pages whose file changed (or went) during the build, found when their released body was
// read again (page_text) where nothing can be reported: the build reports each and fails.
class ChangedFiles {
  public:
    void add(const std::string& source);
    void report(Diagnostics& diags) const; // one error per file, in order

  private:
    mutable std::mutex mutex_;
    std::set<std::string> sources_;
};

// The ASTs a build keeps past the links (kept_asts), shared with whatever renders or indexes
// their pages (page_doc). A page's AST goes once its uses are done (its page rendered and
// indexed), so those of the pages rendered first are not all held to the end of the render;
// a use after that parses the page again. Safe from any thread.
class KeptDocs {
  public:
    void resize(std::size_t pages);
    // Keeps page i's AST for `uses` uses (used()), or for the whole build when `uses` is 0.
    void keep(std::size_t i, std::shared_ptr<const PageDoc> doc, int uses);
    std::shared_ptr<const PageDoc> get(std::size_t i) const; // null when not kept
    void used(std::size_t i);                                // one use of page i's AST is done

  private:
    std::mutex& lock(std::size_t i) const { return locks_[i % locks_.size()]; }
    mutable std::array<std::mutex, 64> locks_;
    std::vector<std::shared_ptr<const PageDoc>> docs_;
    std::unique_ptr<std::atomic<int>[]> uses_;
};

// The element ids the theme writes on every page of a kind: a heading's id never takes one.
using ReservedIds = std::function<const std::unordered_set<std::string>&(const std::string& kind)>;

struct Site {
    std::filesystem::path root;
    SiteConfig config;
    std::vector<Page> pages;
    std::vector<PageDoc> docs; // parallel to pages
    std::unordered_map<std::string, std::size_t> by_id;
    // The content tree's other files, published beside the pages (content_assets); when
    // `assets_known`, a relative image that is none of them is an error (`docket markdown`
    // renders a page without its tree).
    std::vector<ContentAsset> assets;
    bool assets_known = false;
    SiteTree tree; // a plain tree's folders and order (make_tree); empty otherwise
    // Reads everything the site publishes (render/, index/, build/); none when unset.
    std::unique_ptr<PersonalDataGuard> guard;
    ReservedIds reserved; // as parse_bodies was given them, for parse_doc
    std::unique_ptr<ChangedFiles> changed = std::make_unique<ChangedFiles>();
    std::unique_ptr<KeptDocs> kept = std::make_unique<KeptDocs>();

    const Page* find(const std::string& id) const {
        auto it = by_id.find(id);
        return it == by_id.end() ? nullptr : &pages[it->second];
    }
};

// Page i's body (page_text's) parsed again as parse_bodies parsed it (its headings, their ids
// and levels, the title's "# " heading left out), links not yet resolved (links/'s page_doc
// resolves them).
PageDoc parse_doc(const Site& site, std::size_t i, std::string_view body);

// Parses every page's body (in parallel), collects its headings and checks its required
// sections; a plain page without a title takes its first "# " heading's text. Fills site.docs
// and site.by_id. The pages `kept_asts` does not hold (when given) have their AST dropped as
// soon as it is read (drop_ast), and their body (release_body): what other pages need of them
// stays, so neither the ASTs nor the bodies of the whole site are in memory at once past this.
// `dropping(i)`, when given, is called with each such page first, on the thread that parsed it
// (links/'s FirstPassLinks resolves its links then; resolve_links reads and parses again, one
// at a time, the pages it did not).
void parse_bodies(Site& site, Diagnostics& diags, unsigned threads,
                  const ReservedIds& reserved = {}, const std::vector<bool>* kept_asts = nullptr,
                  const std::function<void(std::size_t)>& dropping = {});

// The pages whose ASTs a build keeps, their bodies together at most `body_bytes`: the terms
// first (a meeting pack's glossary writes the whole text of each of its terms, so a term's
// text is read for every pack that mentions it), then the pages in order.
std::vector<bool> kept_asts(const std::vector<Page>& pages, std::size_t body_bytes);

// Drops a page's AST and the link targets its nodes hold; its headings (texts, ids, levels),
// anchors and first sentence stay.
void drop_ast(PageDoc& doc);

// Page i's body (page_text's) parsed as parse_bodies parses each (its title from its "# "
// heading too, its sections checked); site.by_id and site.reserved as parse_bodies left them.
PageDoc parse_page_body(Site& site, std::size_t i, std::string_view body, Diagnostics& diags);

// An error at a page whose file changed during the build (page_text found it so).
void report_changed(const Page& page, Diagnostics& diags);

} // namespace docket

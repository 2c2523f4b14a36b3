// content/: files -> Page {front matter, body, source position}.
#pragma once

#include "docket/config.h"
#include "docket/diagnostic.h"
#include "docket/schema.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docket {

// A front matter value, as TOML gave it; validate_page() checks it against the schema.
struct Scalar {
    std::string text;             // strings, and dates as YYYY-MM-DD
    std::string_view unsupported; // TOML's name of a type no key takes ("float", "table"), or ""
    std::int64_t number = 0;
    int line = 0, column = 0; // position in the file: of the key, or of a list's item
    FieldType type = FieldType::string;
    bool flag = false;

    bool is(FieldType t) const { return unsupported.empty() && type == t; }
};

// A scalar's text: a string or date as written, an integer in decimal; "" for anything else.
std::string scalar_text(const Scalar& s);

// Values by key, as a vector sorted by key: a front matter has a few keys, and a std::map's
// node for each (its links, the allocator's rounding) made the front matter of 100,000 pages
// 196 MB; this, with Scalar's members in the order that packs them, 154 MB.
template <class V> class KeyedValues {
  public:
    using value_type = std::pair<std::string, V>;
    using iterator = typename std::vector<value_type>::iterator;
    using const_iterator = typename std::vector<value_type>::const_iterator;

    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    iterator end() { return items_.end(); }
    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    void reserve(std::size_t n) { items_.reserve(n); }

    const_iterator find(std::string_view key) const {
        const auto it = lower_bound(key);
        return it != items_.end() && it->first == key ? it : items_.end();
    }
    iterator find(std::string_view key) {
        return items_.begin() + (std::as_const(*this).find(key) - items_.cbegin());
    }
    bool contains(std::string_view key) const { return find(key) != end(); }
    // The value of `key`, added (default) where there is none.
    V& operator[](std::string_view key) {
        auto it = items_.begin() + (lower_bound(key) - items_.cbegin());
        if (it == items_.end() || it->first != key) it = items_.emplace(it, key, V());
        return it->second;
    }

  private:
    const_iterator lower_bound(std::string_view key) const {
        return std::lower_bound(
            items_.begin(), items_.end(), key,
            [](const value_type& a, std::string_view k) { return a.first < k; });
    }
    std::vector<value_type> items_;
};

// One table of a table-list ([[agenda]]): its keys, and where the table starts.
struct Row {
    KeyedValues<Scalar> fields;
    int line = 0, column = 0;

    const Scalar* get(std::string_view key) const;
    std::string str(std::string_view key) const; // scalar_text() of the key, "" if absent
};

struct Value : Scalar {
    std::vector<Scalar> items; // list
    std::vector<Row> rows;     // table_list
};

using FrontMatter = KeyedValues<Value>;

struct Page {
    std::string id;
    std::string kind = "page";
    std::string title;
    std::string source; // path as shown in diagnostics, relative to the source root
    std::string path;   // absolute path of the file (not a filesystem::path: its components,
                        // a list of their own, held 22 MB at 100,000 pages)
    std::string url;    // site-relative directory URL, "omraden/4-2-trygghetsvandring/"
    std::string
        file; // path below the content root, "guide/install.md" (NFC): its place in the tree
    // The id is the file's path ("guide/install"; "index" for the root's index page, at the
    // site's start): a plain page in a tree whose pages are at their paths, without an "id".
    bool at_path = false;
    FrontMatter meta;
    // The whole file as read (UTF-8, BOM removed, line ends normalised, NFC); empty once the
    // body is released (release_body): page_text reads it again.
    std::string text;
    std::size_t body_offset = 0; // byte offset of the body in `text`
    int body_line = 1;           // line of `text` where the body starts
    // The file's bytes as parse_page read them, their size and hash: page_text tells the file
    // read again from one that changed since.
    std::size_t read_size = 0;
    std::size_t read_hash = 0;
    bool body_released = false;
    std::size_t released_front_matter = 0; // front_matter_hash() of the text release_body let go

    // The body while held; empty once released.
    std::string_view body() const {
        return body_released ? std::string_view() : std::string_view(text).substr(body_offset);
    }
    const Value* get(std::string_view key) const;
    std::string str(std::string_view key) const; // text of a scalar, "" if absent
    std::vector<std::string> list(std::string_view key) const;
};

// Splits the front matter from the body: TOML between "+++" lines, or YAML between "---" lines
// when what they enclose is a YAML mapping (else they are Markdown), blank lines before it
// skipped. Normalises the text to NFC (to_nfc); the file on disk is not changed. Returns false
// (with a diagnostic) when the text is not UTF-8 or the front matter is not closed or not valid
// TOML or YAML; a file without front matter is a plain page. Types are not checked here:
// validate_page() reports every wrong key and type.
bool parse_page(Page& page, Diagnostics& diags);

// Lets the page's text go from memory once its links are resolved or its AST dropped; what is
// read from its front matter stays. The bodies of the whole site are never held at once past
// the first pass.
void release_body(Page& page);

// A hash of the page's front matter, its title's line emptied: the same for two readings of a
// file whose front matter differs at most in its title (the preview server's quick edit). Of
// its text while held, else as release_body left it.
std::size_t front_matter_hash(const Page& page);

// Whether `bytes` are those parse_page read for the page (its file read again).
bool read_unchanged(const Page& page, std::string_view bytes);

// The page's whole text as parse_page left it: `text` while its body is held, else its file read
// and cleaned again into `buffer`; nullopt when the file is gone or no longer the bytes that were
// read (it changed during the build).
std::optional<std::string_view> page_text(const Page& page, std::string& buffer);

// Checks a parsed page against its kind's schema: keys, types (of each list item and of each
// key of each [[table]] too), id. Reports every problem.
void validate_page(const Page& page, Diagnostics& diags);

// Warns once per key name about the keys of plain pages (kind "page") that docket does not
// read (other tools' keys), at the first page that has it: they are kept and ignored.
void warn_unknown_keys(std::span<const Page> pages, Diagnostics& diags);

// Checks the required "## " sections of the kind, in order, against the parsed headings.
void check_sections(const Page& page, std::span<const struct Heading> headings, Diagnostics& diags);

// An mdBook table of contents: the content root's SUMMARY.md in a tree whose pages are at their
// paths, read for the order of the pages (tree.h), never a page itself.
struct Summary {
    std::string source; // as diagnostics name it ("SUMMARY.md")
    std::string text;
};

// Finds every .md file under root/content, reads, parses and validates each (on `threads`
// threads), checks ids are unique, assigns URLs. Pages are returned sorted by source path. With
// pages at their paths, a SUMMARY.md at the content root is no page: its text goes to `summary`.
std::vector<Page> load_content(const std::filesystem::path& root, const SiteConfig& config,
                               Diagnostics& diags, unsigned threads = 1,
                               Summary* summary = nullptr);

// A file of the content tree that is not Markdown (an image, a download): published at the same
// place relative to the content root.
struct ContentAsset {
    std::filesystem::path from;
    std::string to;     // site path, "guide/img/x.png" (NFC)
    std::string source; // as diagnostics name it, relative to the site's folder
};

// Every asset of the content tree that load_content walks, sorted by path; a symbolic link that
// leads out of the content directory is an error.
std::vector<ContentAsset> content_assets(const std::filesystem::path& root,
                                         const SiteConfig& config, Diagnostics& diags);

// The text of a new page of `kind` from its schema (for `docket new`).
std::string new_page_text(const KindSchema& kind, std::string_view id);

} // namespace docket

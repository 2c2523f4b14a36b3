// A small template language over XHTML. Templates are well-formed XHTML files, parsed once
// (pugixml) and compiled into a tree of elements whose directives are already parsed; filling
// one writes HTML straight through an HtmlWriter, without copying a DOM per page:
//   data-text="key"        set the element's text
//   data-attr-NAME="key"   set attribute NAME
//   data-i18n="key"        set the text to an interface string of the theme
//   data-i18n-attr-NAME="key"  set attribute NAME to an interface string
//   data-if="key" / data-unless="key"   keep the element only if key is (not) set
//   data-each="key"        repeat the element for every item of a list
//   data-slot="key"        let C++ write content (rendered Markdown, generated parts) after
//                          the element's own children
//   data-include="_name"   replace the element by the partial templates/_name.html
// Values are always written as escaped text or attribute values, so escaping is correct by
// construction.
#pragma once

#include "html_writer.h"

#include <pugixml.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docket {

class Diagnostics;

class Context {
  public:
    using Slot = std::function<void(HtmlWriter&)>;

    Context& set(std::string_view key, std::string value) {
        if (!value.empty()) put(strings_, key, std::move(value));
        return *this;
    }
    // A value the context does not own: it must outlive the rendering (a page's own text, a
    // kind's label). Links to pages are made by the thousand (backlinks, lists, mentions), and
    // building them, mostly copying titles and summaries, was 9% of a build.
    Context& view(std::string_view key, std::string_view value) {
        if (!value.empty()) put(views_, key, value);
        return *this;
    }
    Context& list(std::string_view key, std::vector<Context> items) {
        if (!items.empty()) put(lists_, key, std::move(items));
        return *this;
    }
    Context& slot(std::string_view key, Slot fill) {
        put(slots_, key, std::move(fill));
        return *this;
    }
    Context& flag(const std::string& key, bool on) { return on ? set(key, "1") : *this; }
    // The element data-each writes for this item is a part of the page written only to the
    // outputs where `condition` holds (a condition of render.h: a page, a set of pages, the
    // archive links).
    Context& when(std::uint32_t condition) {
        condition_ = condition;
        return *this;
    }
    // An element kept by data-if on `key` is such a part (by data-unless: written where the
    // condition does not hold).
    Context& when(std::string_view key, std::uint32_t condition) {
        put(conditions_, key, condition);
        return *this;
    }
    // data-text on `key` writes late text `text` (LateText in render.h), known only once the
    // archives are written; `key` counts as set.
    Context& late(std::string_view key, std::uint32_t text) {
        put(lates_, key, text);
        return *this;
    }

    std::optional<std::string_view> string(std::string_view key) const;
    std::optional<std::uint32_t> condition() const { return condition_; }
    std::optional<std::uint32_t> condition(std::string_view key) const;
    std::optional<std::uint32_t> late_text(std::string_view key) const;
    const std::vector<Context>* items(std::string_view key) const;
    const Slot* find_slot(std::string_view key) const;
    bool truthy(std::string_view key) const;

    // Set while the context is being filled in: a data-each item points to the enclosing
    // context for the duration of its element (mutable, so items are not copied for it).
    mutable const Context* parent = nullptr;

  private:
    // A context holds a handful of keys: a vector searched in order beats a map's allocations.
    template <typename T> using Entries = std::vector<std::pair<std::string, T>>;
    Entries<std::string> strings_;
    Entries<std::string_view> views_;
    Entries<std::vector<Context>> lists_;
    Entries<Slot> slots_;
    Entries<std::uint32_t> conditions_, lates_;
    std::optional<std::uint32_t> condition_;

    template <typename T> static void put(Entries<T>& entries, std::string_view key, T value) {
        for (auto& [k, v] : entries)
            if (k == key) {
                v = std::move(value);
                return;
            }
        entries.emplace_back(key, std::move(value));
    }
    template <typename T> static const T* get(const Entries<T>& entries, std::string_view key) {
        for (const auto& [k, v] : entries)
            if (k == key) return &v;
        return nullptr;
    }
};

// A template file as read: its path (for messages), its text (for line numbers) and its DOM.
struct TemplateSource {
    std::string file;
    std::string text;
    pugi::xml_document doc;

    // Parses `text` into `doc`; reports a document that is not well-formed at its line and column.
    bool parse(Diagnostics& diags);
    // The line and column of a node of `doc`.
    std::pair<int, int> position(const pugi::xml_node& node) const;
};

// A compiled template: the element tree of a template file with its partials included.
class Template {
  public:
    using Partials = std::function<const TemplateSource*(const std::string&)>;
    // Compiles `source`; `find` looks up partials by name and `text` interface strings. A missing
    // partial, a cycle of partials, and a template that would pass max_inlined_bytes or
    // max_depth with its partials inlined are errors at the data-include's file and line.
    static std::optional<Template>
    compile(const TemplateSource& source, const Partials& find,
            const std::function<std::string(const std::string&)>& text, Diagnostics& diags);
    // Bounds on a template with its partials inlined (the default theme's partials are under
    // 400 bytes, its templates 8 elements deep): partials that include each other twice, 31
    // deep, would otherwise inline 2^31 copies; nesting is bounded because compiling and filling
    // recurse over it.
    static constexpr std::size_t max_inlined_bytes = std::size_t{1} << 20;
    static constexpr int max_depth = 256;
    // Writes the filled template.
    void write(HtmlWriter& out, const Context& ctx) const;

    // An id the template writes as it is (not from data-attr-id), and where.
    struct FixedId {
        std::string id, file;
        int line = 0, column = 0;
    };
    // Every fixed id of the template and its partials, in document order.
    const std::vector<FixedId>& fixed_ids() const { return ids_; }

    // A context key the template reads (data-text, data-attr-*, data-if, data-unless, data-each,
    // data-slot), and where: views/ checks them against the keys the page provides.
    struct KeyUse {
        std::string key, file;
        int line = 0, column = 0;
    };
    // Every key use of the template and its partials, in document order.
    const std::vector<KeyUse>& key_uses() const { return keys_; }

  private:
    struct Set {
        bool text;          // the element's text, else attribute `target`
        std::string target; // attribute name
        std::string key;    // context key; empty when `fixed` holds the value (data-i18n*)
        std::string fixed;
    };
    struct Node {
        bool element = true;
        std::string name; // element name, or the text of a text node
        std::vector<std::pair<std::string, std::string>> attributes; // plain ones, in order
        std::optional<std::string> if_key, unless_key, each_key, slot_key;
        std::vector<Set> sets; // in attribute order
        std::vector<Node> children;
        std::string origin_file; // an element with an id: where it is, for messages
        int origin_line = 0, origin_column = 0;
    };
    Node root_;
    std::vector<FixedId> ids_;
    std::vector<KeyUse> keys_;

    struct Compiler;
    static void write(const Node& n, HtmlWriter& out, const Context& ctx);
    static void write_items(const Node& n, HtmlWriter& out, const Context& ctx);
    static void write_element(const Node& n, HtmlWriter& out, const Context& ctx);
};

} // namespace docket

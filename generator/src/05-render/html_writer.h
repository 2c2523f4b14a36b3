// The one place HTML is written: elements opened and closed in order, text and attribute values
// escaped, void elements without end tags. Compiled templates, rendered Markdown and raw HTML (a
// pugixml DOM fragment) all go through it, so it is also where a page's links and ids are noted
// for the link check, where the places that differ between the outputs a page is written to (its
// links, the parts some outputs leave out, the archives' sizes) are marked (`PageMark`), and where
// the personal-data guard reads every text and attribute a page publishes.
#pragma once

#include "docket/personal_data.h"
#include "docket/render.h"

#include <nlohmann/json_fwd.hpp>
#include <pugixml.hpp>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

// Escapes `s` as text or, when `attribute`, as an attribute value, appending to `out`.
void escape_html(std::string& out, std::string_view s, bool attribute);

class HtmlWriter {
  public:
    struct Attribute {
        std::string_view name, value;
    };

    // Appends to `out`. When given, every id is added to `ids` and every href and src to
    // `links`, and where they come from to `origins`; `marks` gets every URL, id, <a href>,
    // part and late text (PageMark), in the order they are written.
    explicit HtmlWriter(std::string& out, std::vector<PageMark>* marks = nullptr,
                        StringList* links = nullptr, StringList* ids = nullptr,
                        Origins* origins = nullptr)
        : out_(out), marks_(marks), links_(links), ids_(ids), origins_(origins) {}

    // What is written from begin() to the matching end() is a part written only to the outputs
    // where `condition` holds (a Condition). Without marks, the part is written as any other.
    void begin(std::uint32_t condition) { mark(PageMark::begin, condition); }
    void end() { mark(PageMark::end); }
    // A text known only once the archives are written (a LateText); without marks, nothing.
    void late(std::uint32_t text) { mark(PageMark::late, text); }

    // The links and ids written from now on come from `file` at `line`:`column` ("": the
    // page's own source), for the messages about them.
    void origin(std::string_view file = {}, int line = 0, int column = 0);

    // Writes the start tag. Returns false for a void element, which has no content and no end
    // tag (close() is then not called for it).
    bool open(std::string_view name, std::span<const Attribute> attributes);
    bool open(std::string_view name, std::initializer_list<Attribute> attributes = {}) {
        return open(name, std::span<const Attribute>(attributes.begin(), attributes.size()));
    }
    void close();
    // Escaped text; inside <script> and <style>, written as it is.
    void text(std::string_view s);
    // The text of the <script> element just opened (a JSON-LD block): `value` serialised by
    // nlohmann-json and written without HTML escaping, with every '<', '>' and '&' written as
    // \u003c, \u003e and \u0026 (they can only be inside JSON strings), so that neither
    // "</script" nor "<!--" can occur in it. The one way JSON reaches a page; the guard reads
    // the JSON text as it is published.
    void json(const nlohmann::json& value);
    // A DOM node and its descendants (a document: its children); iterative, so deep nesting
    // cannot exhaust the stack. Comments and processing instructions are not written.
    void dom(const pugi::xml_node& root);
    // The children of a DOM node.
    void children(const pugi::xml_node& parent);

    // Hands every text, joined across the inline elements of its block so that markup cannot
    // part a number, and every attribute value to `guard`, as published in `where`.
    void guard(const PersonalDataGuard* guard, const Published& where) {
        guard_ = guard;
        where_ = where;
    }

    static bool is_void(std::string_view name);
    // Phrasing content: its text belongs to the enclosing block's.
    static bool is_phrasing(std::string_view name);

  private:
    struct Open {
        std::string name; // a copy: callers may pass a temporary ("h" + level)
        bool raw;         // script, style
        bool anchor;      // an <a href>: its end tag is marked
        bool phrasing;    // phrasing content, when the guard reads the text (else false)
    };
    std::string& out_;
    std::vector<PageMark>* marks_;
    StringList* links_;
    StringList* ids_;
    Origins* origins_;
    std::vector<Open> stack_;
    std::vector<Attribute> attributes_; // reused by dom()
    const PersonalDataGuard* guard_ = nullptr;
    Published where_;
    std::string block_; // the text of the current block, for the guard

    void mark(PageMark::Kind kind, std::uint32_t arg = 0, std::size_t end = 0) {
        if (marks_)
            marks_->push_back(
                {kind, PageMark::offset(out_.size()), static_cast<std::uint32_t>(end), arg});
    }
    void write_attributes(std::span<const Attribute> attributes, std::size_t anchor);
    bool open_node(const pugi::xml_node& node);
    void guard_attribute(const Attribute& a) const;
    void end_block();
};

} // namespace docket

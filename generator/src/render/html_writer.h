// The one place HTML is written: elements opened and closed in order, text and attribute values
// escaped, void elements without end tags. Compiled templates, rendered Markdown and raw HTML (a
// pugixml DOM fragment) all go through it, so it is also where a page's links and ids are noted
// for the link check, where a scoped render (a meeting pack) changes its links, and where the
// personal-data guard reads every text and attribute a page publishes.
#pragma once

#include "docket/personal_data.h"

#include <pugixml.hpp>

#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

class StringList;
struct Origin;

// What a scoped render does with one href, src or action value.
struct UrlChange {
    enum Kind { keep, replace, outside } kind = keep;
    std::string value; // for replace
};

// A scoped render's link policy: `rewrite` decides for every href, src and action; an <a> whose
// href is `outside` becomes <span class="outside-scope"> followed by `outside_note`.
struct LinkScope {
    std::function<UrlChange(std::string_view url)> rewrite;
    std::string outside_note;
};

class HtmlWriter {
  public:
    struct Attribute {
        std::string_view name, value;
    };

    // Appends to `out`. When given, every id is added to `ids` and every href and src (as
    // written, after `scope`) to `links`, and where they come from to `origins`.
    explicit HtmlWriter(std::string& out, const LinkScope* scope = nullptr,
                        StringList* links = nullptr, StringList* ids = nullptr,
                        std::vector<Origin>* origins = nullptr)
        : out_(out), scope_(scope), links_(links), ids_(ids), origins_(origins) {}

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
        bool raw;     // script, style
        bool outside; // an <a> turned into a span: the note follows its content
    };
    std::string& out_;
    const LinkScope* scope_;
    StringList* links_;
    StringList* ids_;
    std::vector<Origin>* origins_;
    std::vector<Open> stack_;
    std::vector<Attribute> attributes_; // reused by dom()
    std::vector<std::string> changed_;  // rewritten values, alive while a start tag is written
    const PersonalDataGuard* guard_ = nullptr;
    Published where_;
    std::string block_; // the text of the current block, for the guard

    bool open_node(const pugi::xml_node& node);
    void guard_attribute(const Attribute& a) const;
    void end_block();
};

} // namespace docket

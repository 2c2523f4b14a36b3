// A small template language over XHTML, applied through the DOM:
//   data-text="key"        set the element's text
//   data-attr-NAME="key"   set attribute NAME
//   data-i18n="key"        set the text to an interface string of the theme
//   data-i18n-attr-NAME="key"  set attribute NAME to an interface string
//   data-if="key" / data-unless="key"   keep the element only if key is (not) set
//   data-each="key"        repeat the element for every item of a list
//   data-slot="key"        let C++ append DOM nodes (rendered Markdown, generated parts)
//   data-include="_name"   replace the element by the partial templates/_name.html
// Values are always set as text or attribute values, so escaping is correct by construction.
#pragma once

#include <pugixml.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace docket {

class Theme;

class Context {
  public:
    using Slot = std::function<void(pugi::xml_node)>;

    Context& set(const std::string& key, std::string value) {
        if (!value.empty()) strings_[key] = std::move(value);
        return *this;
    }
    Context& list(const std::string& key, std::vector<Context> items) {
        if (!items.empty()) lists_[key] = std::move(items);
        return *this;
    }
    Context& slot(const std::string& key, Slot fill) {
        slots_[key] = std::move(fill);
        return *this;
    }
    Context& flag(const std::string& key, bool on) { return on ? set(key, "1") : *this; }

    const std::string* string(const std::string& key) const;
    const std::vector<Context>* items(const std::string& key) const;
    const Slot* find_slot(const std::string& key) const;
    bool truthy(const std::string& key) const;

    // Set while the context is being filled in: a data-each item points to the enclosing
    // context for the duration of its element (mutable, so items are not copied for it).
    mutable const Context* parent = nullptr;

  private:
    std::map<std::string, std::string> strings_;
    std::map<std::string, std::vector<Context>> lists_;
    std::map<std::string, Slot> slots_;
};

// Fills `node` and its descendants in place.
void fill_template(pugi::xml_node node, const Context& ctx, const Theme& theme);

} // namespace docket

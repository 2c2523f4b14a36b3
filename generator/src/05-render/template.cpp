#include "template.h"

#include "views/view.h"

#include "docket/diagnostic.h"
#include "docket/files.h"
#include "docket/render.h"
#include "docket/text.h"

#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace fs = std::filesystem;

namespace docket {

std::optional<std::string_view> Context::string(std::string_view key) const {
    for (const Context* c = this; c; c = c->parent) {
        if (const auto* v = get(c->strings_, key)) return *v;
        if (const auto* v = get(c->views_, key)) return *v;
    }
    return std::nullopt;
}

const std::vector<Context>* Context::items(std::string_view key) const {
    for (const Context* c = this; c; c = c->parent)
        if (const auto* v = get(c->lists_, key)) return v;
    return nullptr;
}

const Context::Slot* Context::find_slot(std::string_view key) const {
    for (const Context* c = this; c; c = c->parent)
        if (const auto* v = get(c->slots_, key)) return v;
    return nullptr;
}

std::optional<std::uint32_t> Context::condition(std::string_view key) const {
    for (const Context* c = this; c; c = c->parent)
        if (const auto* v = get(c->conditions_, key)) return *v;
    return std::nullopt;
}

std::optional<std::uint32_t> Context::late_text(std::string_view key) const {
    for (const Context* c = this; c; c = c->parent)
        if (const auto* v = get(c->lates_, key)) return *v;
    return std::nullopt;
}

bool Context::truthy(std::string_view key) const {
    return string(key) || items(key) || find_slot(key) || late_text(key);
}

bool TemplateSource::parse(Diagnostics& diags) {
    const auto result =
        doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (result) return true;
    const auto [line, column] =
        line_column(text, static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0)));
    diags.error(file, line, column,
                std::string("template is not well-formed XHTML: ") + result.description());
    return false;
}

std::pair<int, int> TemplateSource::position(const pugi::xml_node& node) const {
    // pugixml gives an element's name (a byte offset, -1 if unknown); its '<' is one byte before.
    const std::ptrdiff_t at = node.offset_debug() - (node.type() == pugi::node_element ? 1 : 0);
    return line_column(text, static_cast<std::size_t>(std::max<std::ptrdiff_t>(at, 0)));
}

// Compiles one template, inlining its partials. The template and the partials being inlined
// are kept on a stack, so a partial that includes itself, directly or through others, is found
// at the data-include that closes the cycle. The bytes of the partials inlined so far and the
// depth of elements are bounded: past a bound the compile stops at once, so partials that include
// each other twice cost at most max_inlined_bytes.
struct Template::Compiler {
    Compiler(const Partials& find, const std::function<std::string(const std::string&)>& text,
             Diagnostics& diags, const TemplateSource& root, std::vector<FixedId>& ids,
             std::vector<KeyUse>& keys)
        : find(find), text(text), diags(diags), ids(ids), keys(keys), stack{&root} {}

    const Partials& find;
    const std::function<std::string(const std::string&)>& text;
    Diagnostics& diags;
    std::vector<FixedId>& ids; // the template's fixed ids, partials' included
    std::vector<KeyUse>& keys; // the keys it reads, partials' included
    std::vector<const TemplateSource*> stack;
    std::size_t inlined = 0;
    bool stopped = false;
    std::set<std::pair<const TemplateSource*, std::ptrdiff_t>> reported; // one error per element

    bool error(const pugi::xml_node& at, const std::string& message) {
        if (reported.emplace(stack.back(), at.offset_debug()).second) {
            const auto [line, column] = stack.back()->position(at);
            diags.error(stack.back()->file, line, column, message);
        }
        return false;
    }

    static std::string name_of(const TemplateSource* s) {
        return fs::path(s->file).stem().string();
    }

    bool enter(const TemplateSource& partial, const pugi::xml_node& at) {
        inlined += partial.text.size();
        if (inlined <= max_inlined_bytes) return true;
        stopped = true;
        return error(at, "data-include=\"" + name_of(&partial) +
                             "\": the partials inlined into one template pass " +
                             std::to_string(max_inlined_bytes) +
                             " bytes; do partials include each other repeatedly?");
    }

    bool include(Node& out, const pugi::xml_node& in, const std::string& name, int depth) {
        // The element is replaced by the partial (templates/_name.html).
        const TemplateSource* partial = find(name);
        if (!partial)
            return error(in, "data-include names a missing partial \"" + name + ".html\"");
        if (const auto at = std::find(stack.begin(), stack.end(), partial); at != stack.end()) {
            std::string cycle;
            for (auto s = at; s != stack.end(); ++s)
                cycle += name_of(*s) + " -> ";
            return error(in, "data-include=\"" + name + "\" closes a cycle of partials: " + cycle +
                                 name);
        }
        if (!enter(*partial, in)) return false;
        stack.push_back(partial);
        const bool ok = build(out, partial->doc.document_element(), depth);
        stack.pop_back();
        return ok;
    }

    bool build(Node& out, const pugi::xml_node& in, int depth);
};

std::optional<Template>
Template::compile(const TemplateSource& source, const Partials& find,
                  const std::function<std::string(const std::string&)>& text, Diagnostics& diags) {
    const pugi::xml_node root = source.doc.document_element();
    if (!root) {
        diags.error(source.file, 0, 0, "template has no root element");
        return std::nullopt;
    }
    Template t;
    Compiler compiler(find, text, diags, source, t.ids_, t.keys_);
    if (!compiler.build(t.root_, root, 0)) return std::nullopt;
    return t;
}

bool Template::Compiler::build(Node& out, const pugi::xml_node& in, int depth) {
    if (stopped) return false;
    if (auto a = in.attribute("data-include")) return include(out, in, a.value(), depth);
    if (depth >= max_depth) {
        stopped = true;
        return error(in, "elements nest deeper than " + std::to_string(max_depth) +
                             " levels with the partials inlined");
    }
    out.name = in.name();
    for (auto a : in.attributes()) {
        const std::string_view name = a.name();
        if (name == "data-if")
            out.if_key = a.value();
        else if (name == "data-unless")
            out.unless_key = a.value();
        else if (name == "data-each")
            out.each_key = a.value();
        else if (name == "data-slot")
            out.slot_key = a.value();
        else if (name == "data-text")
            out.sets.push_back({true, {}, a.value(), {}});
        else if (name == "data-i18n")
            out.sets.push_back({true, {}, {}, text(a.value())});
        else if (name.starts_with("data-attr-"))
            out.sets.push_back({false, std::string(name.substr(10)), a.value(), {}});
        else if (name.starts_with("data-i18n-attr-"))
            out.sets.push_back({false, std::string(name.substr(15)), {}, text(a.value())});
        else
            out.attributes.emplace_back(a.name(), a.value());
        if (name == "data-if" || name == "data-unless" || name == "data-each" ||
            name == "data-slot" || name == "data-text" || name.starts_with("data-attr-")) {
            const auto [line, column] = stack.back()->position(in);
            keys.push_back({a.value(), stack.back()->file, line, column});
        }
        if (name == "id" || name == "data-attr-id") {
            // An element with an id notes where it is, for messages about its ids.
            out.origin_file = stack.back()->file;
            std::tie(out.origin_line, out.origin_column) = stack.back()->position(in);
            if (name == "id")
                ids.push_back({a.value(), out.origin_file, out.origin_line, out.origin_column});
        }
    }
    bool ok = true;
    for (pugi::xml_node c = in.first_child(); c && !stopped; c = c.next_sibling()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            Node t;
            t.element = false;
            t.name = c.value();
            out.children.push_back(std::move(t));
        } else if (c.type() == pugi::node_element) {
            Node e;
            ok = build(e, c, depth + 1) && ok;
            out.children.push_back(std::move(e));
        } // comments and processing instructions are not written
    }
    return ok && !stopped;
}

void Template::write(HtmlWriter& out, const Context& ctx) const {
    write(root_, out, ctx);
}

void Template::write(const Node& n, HtmlWriter& out, const Context& ctx) {
    if (!n.element) {
        out.text(n.name);
        return;
    }
    // A data-if or data-unless on a key with a condition makes the element a part of the page.
    std::optional<std::uint32_t> part;
    if (n.if_key) {
        if (!ctx.truthy(*n.if_key)) return;
        part = ctx.condition(*n.if_key);
    }
    if (n.unless_key && ctx.truthy(*n.unless_key)) {
        const auto condition = ctx.condition(*n.unless_key);
        if (!condition || part) return;
        part = *condition | negated;
    }
    if (part) out.begin(*part);
    if (n.each_key)
        write_items(n, out, ctx);
    else
        write_element(n, out, ctx);
    if (part) out.end();
}

void Template::write_items(const Node& n, HtmlWriter& out, const Context& ctx) {
    const auto* items = ctx.items(*n.each_key);
    if (!items) return;
    for (const Context& item : *items) {
        const Context* saved = item.parent;
        item.parent = &ctx;
        if (item.condition()) out.begin(*item.condition());
        write_element(n, out, item);
        if (item.condition()) out.end();
        item.parent = saved;
    }
}

void Template::write_element(const Node& n, HtmlWriter& out, const Context& ctx) {
    std::vector<HtmlWriter::Attribute> attributes;
    attributes.reserve(n.attributes.size() + n.sets.size());
    for (const auto& [name, value] : n.attributes)
        attributes.push_back({name, value});
    std::optional<std::string_view> text;
    std::optional<std::uint32_t> late;
    for (const Set& set : n.sets) {
        const std::optional<std::string_view> value =
            set.key.empty() ? std::string_view(set.fixed) : ctx.string(set.key);
        if (set.text) {
            text = value.value_or(std::string_view());
            if (!value) late = ctx.late_text(set.key);
            continue;
        }
        if (!value) continue;
        auto it = std::find_if(attributes.begin(), attributes.end(),
                               [&](const auto& a) { return a.name == set.target; });
        if (it != attributes.end())
            it->value = *value;
        else
            attributes.push_back({set.target, *value});
    }
    // An element's id is noted with where it is in the theme.
    if (!n.origin_file.empty()) out.origin(n.origin_file, n.origin_line, n.origin_column);
    const bool content = out.open(n.name, attributes);
    if (!n.origin_file.empty()) out.origin();
    if (!content) return; // void element
    if (late)
        out.late(*late);
    else if (text)
        out.text(*text);
    else
        for (const Node& c : n.children)
            write(c, out, ctx);
    if (n.slot_key)
        if (const auto* fill = ctx.find_slot(*n.slot_key)) (*fill)(out);
    out.close();
}

std::unique_ptr<Theme> Theme::load(const fs::path& dir, const std::string& language,
                                   Diagnostics& diags, TomlPosition language_at) {
    auto theme = std::make_unique<Theme>();
    theme->assets_ = dir / "assets";
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir / "templates", ec))
        if (e.path().extension() == ".html") files.push_back(e.path());
    if (ec) {
        diags.error((dir / "templates").string(), 0, 0,
                    "cannot read theme templates: " + ec.message());
        return nullptr;
    }
    bool ok = true;
    std::map<std::string, std::unique_ptr<TemplateSource>> sources; // parsed, until compiled
    for (const auto& f : files) {
        auto source = std::make_unique<TemplateSource>();
        source->file = f.string();
        auto text = read_file(f);
        source->text = text ? std::move(*text) : std::string();
        if (!text) {
            diags.error(source->file, 0, 0, "cannot read template");
            ok = false;
        } else if (source->parse(diags)) {
            sources[f.stem().string()] = std::move(source);
        } else {
            ok = false;
        }
    }
    ok = theme->load_strings(dir, language, language_at, diags) && ok;
    const auto find = [&](const std::string& name) -> const TemplateSource* {
        auto it = sources.find(name);
        return it == sources.end() ? nullptr : it->second.get();
    };
    const auto text = [&](const std::string& key) { return theme->text(key); };
    // Every template is compiled, partials too: an error in a partial is found by each template
    // that includes it, and reported once (Diagnostics keeps one of identical messages).
    for (const auto& [name, source] : sources) {
        auto compiled = Template::compile(*source, find, text, diags);
        if (!compiled) {
            ok = false;
            continue;
        }
        theme->templates_[name] = std::make_unique<Template>(std::move(*compiled));
    }
    for (const char* required : {"base", "start", "list", "page"}) {
        if (!std::any_of(files.begin(), files.end(),
                         [&](const fs::path& f) { return f.stem() == required; })) {
            diags.error((dir / "templates").string(), 0, 0,
                        std::string("theme has no ") + required + ".html template");
            ok = false;
        }
    }
    ok = ok && check_template_keys(theme->templates_, diags);
    return ok && theme->reserve_ids(diags) ? std::move(theme) : nullptr;
}

bool Theme::load_strings(const fs::path& dir, const std::string& language, TomlPosition language_at,
                         Diagnostics& diags) {
    const fs::path strings = dir / "i18n" / (language + ".toml");
    strings_file_ = strings.string();
    std::error_code ec;
    if (!fs::is_regular_file(strings, ec)) {
        const std::string message = "language \"" + language +
                                    "\": the theme has no interface strings for it (" +
                                    strings_file_ + " not found)";
        if (language_at.line > 0)
            diags.error("site.toml", language_at.line, language_at.column, message);
        else
            diags.error(strings_file_, 0, 0, message);
        return false;
    }
    const std::size_t errors = diags.error_count();
    try {
        const toml::table t = toml::parse_file(strings_file_);
        for (const auto& [k, v] : t) {
            auto s = v.value<std::string>();
            if (!s) continue;
            // A URL segment (url_<kind>) becomes part of every link to its pages.
            if (k.str().starts_with("url_") && !s->empty() && !valid_id(*s))
                diags.error(
                    strings_file_, static_cast<int>(v.source().begin.line),
                    static_cast<int>(v.source().begin.column),
                    "\"" + std::string(k.str()) +
                        "\" must be empty or lowercase ASCII letters, digits and '-' (found \"" +
                        *s + "\")");
            strings_[std::string(k.str())] = *s;
        }
    } catch (const toml::parse_error& e) {
        diags.error(strings_file_, static_cast<int>(e.source().begin.line),
                    static_cast<int>(e.source().begin.column), std::string(e.description()));
        return false;
    }
    // The words the code looks up by a kind's name: a theme without one would show its key.
    std::vector<std::string> required = {"url_search", "url_statement"};
    for (const auto& k : all_kinds())
        for (const char* pattern : {"kind_%", "kind_%_plural", "url_%"}) {
            std::string key = pattern;
            required.push_back(key.replace(key.find('%'), 1, k.kind));
        }
    for (const auto& key : required)
        if (!strings_.contains(key))
            diags.error(strings_file_, 0, 0,
                        "no \"" + key +
                            "\" (every kind has kind_<kind>, kind_<kind>_plural and url_<kind>; "
                            "url_search and url_statement name the folders of those pages)");
    return diags.error_count() == errors;
}

bool Theme::reserve_ids(Diagnostics& diags) {
    const std::size_t errors = diags.error_count();
    const Template* base = find("base");
    for (const auto& [name, t] : templates_) {
        if (name.starts_with("_") || name == "base") continue;
        // The ids of a page: the base template's and its content template's.
        std::map<std::string_view, const Template::FixedId*> seen;
        auto& reserved = reserved_[name];
        for (const Template* part : {base, static_cast<const Template*>(t.get())})
            for (const Template::FixedId& id : part->fixed_ids()) {
                reserved.insert(id.id);
                const auto [first, inserted] = seen.emplace(id.id, &id);
                if (!inserted)
                    diags.error(id.file, id.line, id.column,
                                "id \"" + id.id + "\" is on every page of template " + name +
                                    ".html twice (also at " + first->second->file + ":" +
                                    std::to_string(first->second->line) + ")");
            }
    }
    return diags.error_count() == errors;
}

const std::unordered_set<std::string>&
Theme::reserved_ids(const std::string& content_template) const {
    auto it = reserved_.find(content_template);
    if (it == reserved_.end()) it = reserved_.find("page");
    static const std::unordered_set<std::string> none;
    return it == reserved_.end() ? none : it->second;
}

Theme::~Theme() = default;

const Template* Theme::find(const std::string& name) const {
    auto it = templates_.find(name);
    return it == templates_.end() ? nullptr : it->second.get();
}

std::string Theme::text(const std::string& key) const {
    auto it = strings_.find(key);
    return it == strings_.end() ? key : it->second;
}

std::string
Theme::text(const std::string& key,
            std::initializer_list<std::pair<std::string_view, std::string>> values) const {
    const std::string pattern = text(key);
    std::string out;
    std::size_t from = 0;
    for (std::size_t open; (open = pattern.find('{', from)) != std::string::npos;) {
        const std::size_t close = pattern.find('}', open);
        if (close == std::string::npos) break;
        const std::string_view name = std::string_view(pattern).substr(open + 1, close - open - 1);
        const auto value = std::find_if(values.begin(), values.end(),
                                        [&](const auto& v) { return v.first == name; });
        out.append(pattern, from, open - from);
        if (value != values.end())
            out += value->second;
        else
            out.append(pattern, open, close + 1 - open);
        from = close + 1;
    }
    return out.append(pattern, from);
}

void resolve_url_segments(SiteConfig& config, const Theme& theme, Diagnostics& diags) {
    std::vector<std::string> names = {"search", "statement", "diarienummer",
                                      "print",  "mentions",  "backlinks"};
    for (const auto& k : all_kinds())
        names.emplace_back(k.kind);
    for (const auto& name : names) {
        const auto set = config.url_settings.find(name);
        const bool from_site = set != config.url_settings.end();
        const std::string segment = from_site ? set->second.first : theme.text("url_" + name);
        config.url_segments[name] = segment;
        if (!segment.empty() || find_kind(name)) continue;
        const std::string why = " must not be empty: it is the folder of the " + name + " page";
        if (from_site)
            diags.error("site.toml", set->second.second.line, set->second.second.column,
                        "\"" + name + "\" in [urls]" + why);
        else
            diags.error(theme.strings_file(), 0, 0, "\"url_" + name + "\"" + why);
    }
    for (const auto& [key, setting] : config.url_settings)
        if (std::find(names.begin(), names.end(), key) == names.end())
            diags.error("site.toml", setting.second.line, setting.second.column,
                        "unknown key \"" + key +
                            "\" in [urls] (expected a kind name, search, statement, diarienummer, "
                            "print, mentions or backlinks)");
}

} // namespace docket

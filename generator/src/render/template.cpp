#include "template.h"

#include "docket/diagnostic.h"
#include "docket/render.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace docket {

namespace {

// The line and column of a byte offset in a text.
std::pair<int, int> line_column(const std::string& text, std::ptrdiff_t offset) {
    int line = 1, column = 1;
    for (std::ptrdiff_t i = 0; i < offset && i < static_cast<std::ptrdiff_t>(text.size()); ++i) {
        if (text[i] == '\n')
            ++line, column = 1;
        else
            ++column;
    }
    return {line, column};
}

} // namespace

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

bool Context::truthy(std::string_view key) const { return string(key) || items(key) || find_slot(key); }

std::optional<Template> Template::compile(
    const pugi::xml_node& root, const std::string& file,
    const std::function<const pugi::xml_document*(const std::string&)>& find,
    const std::function<std::string(const std::string&)>& text, Diagnostics& diags,
    const std::function<std::pair<int, int>(const std::string&, std::ptrdiff_t)>& position_of) {
    if (!root) {
        diags.error(file, 0, 0, "template has no root element");
        return std::nullopt;
    }
    Template t;
    Build b{find, text, position_of, diags, t.ids_};
    if (!build(t.root_, root, file, b, 0)) return std::nullopt;
    return t;
}

bool Template::build(Node& out, const pugi::xml_node& in, const std::string& file, Build& b,
                     int depth) {
    if (auto a = in.attribute("data-include")) {
        // The element is replaced by the partial (templates/_name.html).
        const pugi::xml_document* partial = b.find(a.value());
        if (!partial) {
            b.diags.error(file, 0, 0,
                          std::string("data-include names a missing partial \"") + a.value() +
                              ".html\"");
            return false;
        }
        if (depth > 32) {
            b.diags.error(file, 0, 0,
                          std::string("data-include of \"") + a.value() +
                              "\" nests too deep (a cycle?)");
            return false;
        }
        const std::string partial_file =
            (fs::path(file).parent_path() / (std::string(a.value()) + ".html")).string();
        return build(out, partial->document_element(), partial_file, b, depth + 1);
    }
    out.name = in.name();
    for (auto a : in.attributes()) {
        const std::string_view name = a.name();
        if (name == "data-if") out.if_key = a.value();
        else if (name == "data-unless") out.unless_key = a.value();
        else if (name == "data-each") out.each_key = a.value();
        else if (name == "data-slot") out.slot_key = a.value();
        else if (name == "data-text") out.sets.push_back({true, {}, a.value(), {}});
        else if (name == "data-i18n")
            out.sets.push_back({true, {}, {}, b.text(a.value())});
        else if (name.starts_with("data-attr-")) out.sets.push_back({false, std::string(name.substr(10)), a.value(), {}});
        else if (name.starts_with("data-i18n-attr-"))
            out.sets.push_back({false, std::string(name.substr(15)), {}, b.text(a.value())});
        else out.attributes.emplace_back(a.name(), a.value());
        if (name == "id" || name == "data-attr-id") {
            out.origin_file = file;
            if (b.position_of) {
                // The offset of the element's name: its '<' is a column before.
                const auto [line, column] = b.position_of(file, in.offset_debug());
                out.origin_line = line;
                out.origin_column = std::max(1, column - 1);
            }
            if (name == "id")
                b.ids.push_back({a.value(), out.origin_file, out.origin_line, out.origin_column});
        }
    }
    bool ok = true;
    for (pugi::xml_node c = in.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            Node t;
            t.element = false;
            t.name = c.value();
            out.children.push_back(std::move(t));
        } else if (c.type() == pugi::node_element) {
            Node e;
            ok = build(e, c, file, b, depth) && ok;
            out.children.push_back(std::move(e));
        } // comments and processing instructions are not written
    }
    return ok;
}

void Template::write(HtmlWriter& out, const Context& ctx) const { write(root_, out, ctx); }

void Template::write(const Node& n, HtmlWriter& out, const Context& ctx) {
    if (!n.element) {
        out.text(n.name);
        return;
    }
    if (n.if_key && !ctx.truthy(*n.if_key)) return;
    if (n.unless_key && ctx.truthy(*n.unless_key)) return;
    if (n.each_key) {
        if (const auto* items = ctx.items(*n.each_key)) {
            for (const Context& item : *items) {
                const Context* saved = item.parent;
                item.parent = &ctx;
                write_element(n, out, item);
                item.parent = saved;
            }
        }
        return;
    }
    write_element(n, out, ctx);
}

void Template::write_element(const Node& n, HtmlWriter& out, const Context& ctx) {
    std::vector<HtmlWriter::Attribute> attributes;
    attributes.reserve(n.attributes.size() + n.sets.size());
    for (const auto& [name, value] : n.attributes) attributes.push_back({name, value});
    std::optional<std::string_view> text;
    for (const Set& set : n.sets) {
        const std::optional<std::string_view> value = set.key.empty() ? std::string_view(set.fixed) : ctx.string(set.key);
        if (set.text) {
            text = value.value_or(std::string_view());
            continue;
        }
        if (!value) continue;
        auto it = std::find_if(attributes.begin(), attributes.end(), [&](const auto& a) { return a.name == set.target; });
        if (it != attributes.end()) it->value = *value;
        else attributes.push_back({set.target, *value});
    }
    // An element's id is noted with where it is in the theme.
    if (!n.origin_file.empty()) out.origin(n.origin_file, n.origin_line, n.origin_column);
    const bool content = out.open(n.name, attributes);
    if (!n.origin_file.empty()) out.origin();
    if (!content) return; // void element
    if (text) out.text(*text);
    else
        for (const Node& c : n.children) write(c, out, ctx);
    if (n.slot_key)
        if (const auto* fill = ctx.find_slot(*n.slot_key)) (*fill)(out);
    out.close();
}

std::unique_ptr<Theme> Theme::load(const fs::path& dir, const std::string& language, Diagnostics& diags) {
    auto theme = std::make_unique<Theme>();
    theme->assets_ = dir / "assets";
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir / "templates", ec))
        if (e.path().extension() == ".html") files.push_back(e.path());
    if (ec) {
        diags.error((dir / "templates").string(), 0, 0, "cannot read theme templates: " + ec.message());
        return nullptr;
    }
    bool ok = true;
    std::map<std::string, std::unique_ptr<pugi::xml_document>> docs; // parsed, until compiled
    std::map<std::string, std::string> texts;                        // file -> its text, for lines
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::stringstream b;
        b << in.rdbuf();
        const std::string& text = texts[f.string()] = b.str();
        auto doc = std::make_unique<pugi::xml_document>();
        const auto result =
            doc->load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata);
        if (!result) {
            // pugixml reports a byte offset; turn it into line:column.
            const auto [line, column] = line_column(text, result.offset);
            diags.error(f.string(), line, column, std::string("template is not well-formed XHTML: ") + result.description());
            ok = false;
            continue;
        }
        docs[f.stem().string()] = std::move(doc);
    }
    const fs::path strings = dir / "i18n" / (language + ".toml");
    try {
        const toml::table t = toml::parse_file(strings.string());
        for (const auto& [k, v] : t) {
            if (auto s = v.value<std::string>()) theme->strings_[std::string(k.str())] = *s;
        }
    } catch (const toml::parse_error& e) {
        diags.error(strings.string(), static_cast<int>(e.source().begin.line),
                    static_cast<int>(e.source().begin.column), std::string(e.description()));
        ok = false;
    }
    const auto find = [&](const std::string& name) -> const pugi::xml_document* {
        auto it = docs.find(name);
        return it == docs.end() ? nullptr : it->second.get();
    };
    const auto text = [&](const std::string& key) { return theme->text(key); };
    const auto position_of = [&](const std::string& file, std::ptrdiff_t offset) {
        const auto it = texts.find(file);
        return it == texts.end() ? std::pair{0, 0} : line_column(it->second, offset);
    };
    for (const auto& [name, doc] : docs) {
        auto compiled = Template::compile(doc->document_element(),
                                          (dir / "templates" / (name + ".html")).string(), find,
                                          text, diags, position_of);
        if (!compiled) {
            ok = false;
            continue;
        }
        theme->templates_[name] = std::make_unique<Template>(std::move(*compiled));
    }
    for (const char* required : {"base", "start", "list", "page"}) {
        if (!theme->templates_.contains(required)) {
            diags.error((dir / "templates").string(), 0, 0, std::string("theme has no ") + required + ".html template");
            ok = false;
        }
    }
    return ok && theme->reserve_ids(diags) ? std::move(theme) : nullptr;
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

} // namespace docket

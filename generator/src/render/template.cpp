#include "template.h"

#include "docket/render.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace docket {

const std::string* Context::string(const std::string& key) const {
    for (const Context* c = this; c; c = c->parent) {
        if (auto it = c->strings_.find(key); it != c->strings_.end()) return &it->second;
    }
    return nullptr;
}

const std::vector<Context>* Context::items(const std::string& key) const {
    for (const Context* c = this; c; c = c->parent) {
        if (auto it = c->lists_.find(key); it != c->lists_.end()) return &it->second;
    }
    return nullptr;
}

const Context::Slot* Context::find_slot(const std::string& key) const {
    for (const Context* c = this; c; c = c->parent) {
        if (auto it = c->slots_.find(key); it != c->slots_.end()) return &it->second;
    }
    return nullptr;
}

bool Context::truthy(const std::string& key) const {
    return string(key) || items(key) || find_slot(key);
}

namespace {

void set_text(pugi::xml_node node, const std::string& text) {
    while (node.first_child()) node.remove_child(node.first_child());
    node.append_child(pugi::node_pcdata).set_value(text.c_str());
}

void process(pugi::xml_node node, const Context& ctx, const Theme& theme) {
    if (node.type() != pugi::node_element) return;

    if (auto a = node.attribute("data-include")) {
        // The element is replaced by the partial (templates/_name.html), which is then filled.
        const pugi::xml_document* partial = theme.find(a.value()); // checked by Theme::load
        pugi::xml_node copy = node.parent().insert_copy_before(partial->document_element(), node);
        node.parent().remove_child(node);
        process(copy, ctx, theme);
        return;
    }

    if (auto a = node.attribute("data-if")) {
        const bool keep = ctx.truthy(a.value());
        node.remove_attribute(a);
        if (!keep) {
            node.parent().remove_child(node);
            return;
        }
    }
    if (auto a = node.attribute("data-unless")) {
        const bool drop = ctx.truthy(a.value());
        node.remove_attribute(a);
        if (drop) {
            node.parent().remove_child(node);
            return;
        }
    }
    if (auto a = node.attribute("data-each")) {
        const std::string key = a.value();
        node.remove_attribute(a);
        if (const auto* items = ctx.items(key)) {
            for (const Context& item : *items) {
                const Context* saved = item.parent;
                item.parent = &ctx;
                pugi::xml_node copy = node.parent().insert_copy_before(node, node);
                process(copy, item, theme);
                item.parent = saved;
            }
        }
        node.parent().remove_child(node);
        return;
    }

    std::vector<pugi::xml_attribute> done;
    for (auto a : node.attributes()) {
        const std::string_view name = a.name();
        if (name == "data-text") {
            const std::string* v = ctx.string(a.value());
            set_text(node, v ? *v : std::string());
            done.push_back(a);
        } else if (name == "data-i18n") {
            set_text(node, theme.text(a.value()));
            done.push_back(a);
        } else if (name.starts_with("data-attr-")) {
            const std::string* v = ctx.string(a.value());
            const std::string target(name.substr(10));
            if (v) {
                auto t = node.attribute(target.c_str());
                if (!t) t = node.append_attribute(target.c_str());
                t.set_value(v->c_str());
            }
            done.push_back(a);
        } else if (name.starts_with("data-i18n-attr-")) {
            const std::string target(name.substr(15));
            auto t = node.attribute(target.c_str());
            if (!t) t = node.append_attribute(target.c_str());
            t.set_value(theme.text(a.value()).c_str());
            done.push_back(a);
        }
    }
    for (auto a : done) node.remove_attribute(a);

    if (auto a = node.attribute("data-slot")) {
        const std::string key = a.value();
        node.remove_attribute(a);
        if (const auto* fill = ctx.find_slot(key)) (*fill)(node);
        return; // slot content is final DOM, not a template
    }

    std::vector<pugi::xml_node> children;
    for (auto c : node.children()) children.push_back(c);
    for (auto c : children) process(c, ctx, theme);
}

} // namespace

void fill_template(pugi::xml_node node, const Context& ctx, const Theme& theme) {
    if (node.type() == pugi::node_document) {
        std::vector<pugi::xml_node> children;
        for (auto c : node.children()) children.push_back(c);
        for (auto c : children) process(c, ctx, theme);
    } else {
        process(node, ctx, theme);
    }
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
    for (const auto& f : files) {
        auto doc = std::make_unique<pugi::xml_document>();
        const auto result = doc->load_file(f.c_str(), pugi::parse_default | pugi::parse_ws_pcdata);
        if (!result) {
            // pugixml reports a byte offset; turn it into line:column.
            std::ifstream in(f, std::ios::binary);
            std::stringstream b;
            b << in.rdbuf();
            const std::string text = b.str();
            int line = 1, column = 1;
            for (std::ptrdiff_t i = 0; i < result.offset && i < static_cast<std::ptrdiff_t>(text.size()); ++i) {
                if (text[i] == '\n') ++line, column = 1;
                else ++column;
            }
            diags.error(f.string(), line, column, std::string("template is not well-formed XHTML: ") + result.description());
            ok = false;
            continue;
        }
        theme->templates_[f.stem().string()] = std::move(doc);
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
    for (const auto& [name, doc] : theme->templates_) {
        for (const auto& x : doc->select_nodes("//*[@data-include]")) {
            const std::string partial = x.node().attribute("data-include").value();
            if (!theme->templates_.contains(partial)) {
                diags.error((dir / "templates" / (name + ".html")).string(), 0, 0,
                            "data-include names a missing partial \"" + partial + ".html\"");
                ok = false;
            }
        }
    }
    for (const char* required : {"base", "start", "list", "page"}) {
        if (!theme->templates_.contains(required)) {
            diags.error((dir / "templates").string(), 0, 0, std::string("theme has no ") + required + ".html template");
            ok = false;
        }
    }
    return ok ? std::move(theme) : nullptr;
}

const pugi::xml_document* Theme::find(const std::string& name) const {
    auto it = templates_.find(name);
    return it == templates_.end() ? nullptr : it->second.get();
}

std::string Theme::text(const std::string& key) const {
    auto it = strings_.find(key);
    return it == strings_.end() ? key : it->second;
}

} // namespace docket

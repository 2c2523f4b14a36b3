#include "docket/page.h"
#include "docket/parallel.h"
#include "docket/markdown.h"
#include "docket/personal_data.h"

#include <toml++/toml.h>
#include <utf8proc.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

namespace fs = std::filesystem;

namespace docket {

const Value* Page::get(std::string_view key) const {
    auto it = meta.find(key);
    return it == meta.end() ? nullptr : &it->second;
}

std::string Page::str(std::string_view key) const {
    const Value* v = get(key);
    if (!v) return {};
    if (v->type == FieldType::integer) return std::to_string(v->number);
    return v->text;
}

std::vector<std::string> Page::list(std::string_view key) const {
    const Value* v = get(key);
    return v ? v->items : std::vector<std::string>{};
}

bool valid_id(std::string_view id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

namespace {

// Returns the byte offset of the first invalid UTF-8 sequence (overlong forms and surrogates
// included, as utf8proc decides), or npos.
std::size_t invalid_utf8_at(std::string_view s) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) { // ASCII, most of a text: no call
            ++i;
            continue;
        }
        utf8proc_int32_t cp;
        const utf8proc_ssize_t len = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
        if (len <= 0) return i;
        i += static_cast<std::size_t>(len);
    }
    return std::string_view::npos;
}

void line_col_of(std::string_view s, std::size_t offset, int& line, int& column) {
    line = 1;
    column = 1;
    for (std::size_t i = 0; i < offset && i < s.size(); ++i) {
        if (s[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) {
            ++column;
        }
    }
}

// CRLF and lone CR become LF, so every later stage sees one kind of line end.
std::string normalise_line_ends(std::string s) {
    if (s.find('\r') == std::string::npos) return s;
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += '\n';
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

Scalar scalar_from(const toml::node& node, int line_offset) {
    Scalar s;
    s.line = static_cast<int>(node.source().begin.line) + line_offset;
    s.column = static_cast<int>(node.source().begin.column);
    if (node.is_string()) {
        s.type = FieldType::string;
        s.text = *node.value<std::string>();
    } else if (node.is_integer()) {
        s.type = FieldType::integer;
        s.number = *node.value<std::int64_t>();
    } else if (node.is_boolean()) {
        s.type = FieldType::boolean;
        s.flag = *node.value<bool>();
    } else if (node.is_date()) {
        s.type = FieldType::date;
        const toml::date d = *node.value<toml::date>();
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
        s.text = buf;
    } else {
        s.type = FieldType::list; // marks "something else"; validation names the real type
        s.text = std::string(toml::impl::node_type_friendly_names[static_cast<int>(node.type())]);
    }
    return s;
}

std::string describe(const toml::node& node) {
    return std::string(toml::impl::node_type_friendly_names[static_cast<int>(node.type())]);
}

} // namespace

bool parse_page(Page& page, Diagnostics& diags) {
    std::string& text = page.text;
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    if (const auto bad = invalid_utf8_at(text); bad != std::string_view::npos) {
        int line, column;
        line_col_of(text, bad, line, column);
        diags.error(page.source, line, column, "invalid UTF-8 (byte 0x" + [&] {
            char b[3];
            std::snprintf(b, sizeof b, "%02X", static_cast<unsigned char>(text[bad]));
            return std::string(b);
        }() + ")");
        return false;
    }
    if (const auto nul = text.find('\0'); nul != std::string::npos) {
        int line, column;
        line_col_of(text, nul, line, column);
        diags.error(page.source, line, column, "NUL byte in text");
        return false;
    }
    text = normalise_line_ends(std::move(text));

    page.body_offset = 0;
    page.body_line = 1;
    if (!(text.starts_with("+++\n") || text == "+++")) return true; // plain Markdown page

    // Find the closing "+++" line.
    std::size_t pos = 4;
    int line = 2;
    std::size_t close = std::string::npos;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        std::string_view l(text.data() + pos, (eol == std::string::npos ? text.size() : eol) - pos);
        if (l == "+++") {
            close = pos;
            break;
        }
        if (eol == std::string::npos) break;
        pos = eol + 1;
        ++line;
    }
    if (close == std::string::npos) {
        diags.error(page.source, 1, 1, "front matter opened with \"+++\" is never closed");
        return false;
    }
    const std::string_view toml_text(text.data() + 4, close - 4);
    const std::size_t after = text.find('\n', close);
    page.body_offset = after == std::string::npos ? text.size() : after + 1;
    page.body_line = line + 1;

    toml::table table;
    try {
        table = toml::parse(toml_text, page.source);
    } catch (const toml::parse_error& e) {
        diags.error(page.source, static_cast<int>(e.source().begin.line) + 1,
                    static_cast<int>(e.source().begin.column),
                    "invalid TOML in front matter: " + std::string(e.description()));
        return false;
    }

    bool ok = true;
    for (const auto& [key, node] : table) {
        Value v;
        static_cast<Scalar&>(v) = scalar_from(node, 1);
        const auto key_line = static_cast<int>(key.source().begin.line) + 1;
        const auto key_col = static_cast<int>(key.source().begin.column);
        if (const auto* arr = node.as_array()) {
            const bool tables = !arr->empty() && arr->is_array_of_tables();
            v.type = tables ? FieldType::table_list : FieldType::list;
            v.text.clear();
            for (const auto& item : *arr) {
                if (tables) {
                    std::map<std::string, Scalar> row;
                    for (const auto& [k, n] : *item.as_table()) {
                        if (n.is_array() || n.is_table()) {
                            diags.error(page.source, static_cast<int>(n.source().begin.line) + 1,
                                        static_cast<int>(n.source().begin.column),
                                        "\"" + std::string(k.str()) + "\" in [[" + std::string(key.str()) +
                                            "]] must be a single value, not " + describe(n));
                            ok = false;
                            continue;
                        }
                        row[std::string(k.str())] = scalar_from(n, 1);
                    }
                    v.rows.push_back(std::move(row));
                } else if (item.is_string()) {
                    v.items.push_back(*item.value<std::string>());
                    v.item_positions.emplace_back(static_cast<int>(item.source().begin.line) + 1,
                                                  static_cast<int>(item.source().begin.column));
                } else {
                    diags.error(page.source, static_cast<int>(item.source().begin.line) + 1,
                                static_cast<int>(item.source().begin.column),
                                "\"" + std::string(key.str()) + "\" must be a list of strings, found " +
                                    describe(item));
                    ok = false;
                }
            }
        } else if (node.is_table()) {
            v.type = FieldType::table_list;
            v.text = "table";
            v.line = key_line;
            v.column = key_col;
            diags.error(page.source, key_line, key_col,
                        "\"" + std::string(key.str()) + "\" is a table; no kind has table keys");
            ok = false;
            continue;
        }
        v.line = key_line;
        v.column = key_col;
        page.meta[std::string(key.str())] = std::move(v);
    }
    if (const Value* kind = page.get("kind"); kind && kind->type == FieldType::string) page.kind = kind->text;
    if (const Value* title = page.get("title"); title && title->type == FieldType::string) page.title = title->text;
    if (const Value* id = page.get("id"); id && id->type == FieldType::string) page.id = id->text;
    return ok;
}

namespace {

bool type_matches(const Value& v, FieldType want) {
    if (want == FieldType::list) return v.type == FieldType::list;
    if (want == FieldType::table_list)
        return v.type == FieldType::table_list || (v.type == FieldType::list && v.items.empty());
    return v.type == want && v.text != "table";
}

// True when `s` shows nothing: empty, or only white space and invisible characters (spaces,
// line and paragraph separators, control and format characters such as U+200B).
bool blank(std::string_view s) {
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    for (utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size()); left > 0;) {
        utf8proc_int32_t cp;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) return false;
        switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_ZS:
        case UTF8PROC_CATEGORY_ZL:
        case UTF8PROC_CATEGORY_ZP:
        case UTF8PROC_CATEGORY_CC:
        case UTF8PROC_CATEGORY_CF:
            break;
        default:
            return false;
        }
        p += n;
        left -= n;
    }
    return true;
}

// A term's title, term and aliases are the texts of links to it: a blank one would be a link
// nobody sees (an alias " " linked every space).
void check_term_texts(const Page& page, Diagnostics& diags) {
    auto check = [&](const char* key, const std::string& text, int line, int column) {
        if (blank(text))
            diags.error(page.source, line, column,
                        "\"" + std::string(key) +
                            "\" is blank; a term's title, term and aliases are link texts");
    };
    for (const char* key : {"title", "term"})
        if (const Value* v = page.get(key); v && v->type == FieldType::string)
            check(key, v->text, v->line, v->column);
    if (const Value* v = page.get("aliases"); v && v->type == FieldType::list)
        for (std::size_t i = 0; i < v->items.size(); ++i)
            check("aliases", v->items[i], v->item_positions[i].first, v->item_positions[i].second);
}

std::string found_type(const Value& v) {
    if (v.type == FieldType::list && !v.text.empty()) return v.text; // an unsupported TOML type
    return std::string(type_name(v.type));
}

} // namespace

void validate_page(const Page& page, Diagnostics& diags) {
    const KindSchema* kind = find_kind(page.kind);
    if (!kind) {
        const Value* k = page.get("kind");
        std::string known;
        for (const auto& s : all_kinds()) known += (known.empty() ? "" : ", ") + std::string(s.kind);
        diags.error(page.source, k ? k->line : 1, k ? k->column : 1,
                    "unknown kind \"" + page.kind + "\" (known kinds: " + known + ")");
        return;
    }
    auto check = [&](const FieldSpec& f) {
        const Value* v = page.get(std::string(f.name));
        if (!v) {
            if (f.required && !(f.name == "title" && page.kind == "page"))
                diags.error(page.source, 1, 1,
                            "missing required key \"" + std::string(f.name) + "\" (kind " +
                                std::string(kind->kind) + ")");
            return;
        }
        if (!type_matches(*v, f.type)) {
            diags.error(page.source, v->line, v->column,
                        "\"" + std::string(f.name) + "\" must be " +
                            (f.type == FieldType::integer ? "an " : "a ") + std::string(type_name(f.type)) +
                            ", found " + found_type(*v));
        }
    };
    std::set<std::string_view> known;
    for (const auto& f : common_fields()) {
        check(f);
        known.insert(f.name);
    }
    for (const auto& f : kind->fields) {
        check(f);
        known.insert(f.name);
    }
    for (const auto& [key, v] : page.meta) {
        if (!known.contains(key))
            diags.error(page.source, v.line, v.column,
                        "unknown key \"" + key + "\" (kind " + std::string(kind->kind) + ")");
    }
    if (page.kind == "term") check_term_texts(page, diags);
    if (!valid_id(page.id)) {
        const Value* id = page.get("id");
        diags.error(page.source, id ? id->line : 1, id ? id->column : 1,
                    "invalid id \"" + page.id +
                        "\": use lowercase ASCII letters, digits and '-' (set \"id\" in the front "
                        "matter or rename the file)");
    }
}

void check_sections(const Page& page, std::span<const Heading> headings, Diagnostics& diags) {
    const KindSchema* kind = find_kind(page.kind);
    if (!kind || kind->sections.empty()) return;
    if (!kind->sections_waived_by.empty()) {
        const Value* w = page.get(std::string(kind->sections_waived_by));
        if (w && w->type == FieldType::boolean && w->flag) return;
    }
    std::size_t next = 0; // index into kind->sections
    int last_line = page.body_line;
    for (const auto& h : headings) {
        if (h.level != 2) continue;
        if (next < kind->sections.size() && h.text == kind->sections[next]) {
            ++next;
            last_line = page.body_line + h.line - 1;
            continue;
        }
        // A required section appearing out of order.
        for (std::size_t k = next + 1; k < kind->sections.size(); ++k) {
            if (h.text == kind->sections[k]) {
                diags.error(page.source, page.body_line + h.line - 1, 1,
                            "section \"## " + h.text + "\" comes before required section \"## " +
                                std::string(kind->sections[next]) + "\" (kind " + std::string(kind->kind) + ")");
                break;
            }
        }
    }
    for (; next < kind->sections.size(); ++next) {
        diags.error(page.source, last_line, 1,
                    "missing required section \"## " + std::string(kind->sections[next]) + "\" (kind " +
                        std::string(kind->kind) + ")");
    }
}

std::vector<Page> load_content(const fs::path& root, const SiteConfig& config, Diagnostics& diags, unsigned threads) {
    std::vector<Page> pages;
    // content/ when it exists; otherwise the folder itself is a plain Markdown tree.
    std::error_code ec;
    const bool has_content_dir = fs::is_directory(root / "content", ec);
    const fs::path content = has_content_dir ? root / "content" : root;
    const fs::path content_real = fs::canonical(content, ec);
    if (ec) {
        diags.error(content.string(), 0, 0, "cannot read the content directory: " + ec.message());
        return pages;
    }
    const fs::path output_real = fs::weakly_canonical(root / config.output, ec);
    // Every .md file below the content root. Symbolic links to directories are not followed
    // (no loops); a directory that cannot be read is an error, not a silent gap.
    std::vector<fs::path> files;
    std::vector<fs::path> dirs{content};
    while (!dirs.empty()) {
        const fs::path dir = std::move(dirs.back());
        dirs.pop_back();
        std::error_code dec;
        for (fs::directory_iterator it(dir, dec), end; !dec && it != end; it.increment(dec)) {
            const fs::path& p = it->path();
            const std::string name = p.filename().string();
            std::error_code sec;
            if (fs::is_directory(it->symlink_status(sec))) {
                if (!name.starts_with(".") && name != "node_modules" && fs::weakly_canonical(p, sec) != output_real)
                    dirs.push_back(p);
            } else if (p.extension() == ".md") {
                files.push_back(p);
            }
        }
        if (dec) {
            const std::string shown = (fs::path(has_content_dir ? "content" : "") / dir.lexically_relative(content)).generic_string();
            diags.error(shown, 0, 0, "cannot read directory: " + dec.message());
        }
    }
    std::sort(files.begin(), files.end());

    // Files are read, parsed and validated in parallel, each into its own slot.
    std::vector<std::optional<Page>> loaded(files.size());
    parallel_for(files.size(), threads, [&](std::size_t i) {
        const fs::path& p = files[i];
        Page page;
        page.path = p;
        // Lexically: fs::relative would resolve a symbolic link and name its target instead.
        page.source = (fs::path(has_content_dir ? "content" : "") / p.lexically_relative(content)).generic_string();
        // Never read outside the source tree, whatever a symbolic link says.
        std::error_code cec;
        const fs::path real = fs::canonical(p, cec);
        if (cec) {
            diags.error(page.source, 0, 0, "cannot resolve path: " + cec.message());
            return;
        }
        const auto rel = real.lexically_relative(content_real);
        if (rel.empty() || *rel.begin() == "..") {
            diags.error(page.source, 0, 0, "symbolic link points outside the content directory (to " +
                                               real.string() + ")");
            return;
        }
        if (!fs::is_regular_file(real, cec)) return;
        std::ifstream in(p, std::ios::binary);
        if (!in) {
            diags.error(page.source, 0, 0, "cannot read file");
            return;
        }
        std::stringstream buffer;
        buffer << in.rdbuf();
        if (in.bad()) {
            diags.error(page.source, 0, 0, "cannot read file");
            return;
        }
        page.text = buffer.str();
        page.id = p.stem().string();
        if (!parse_page(page, diags)) return;
        if (page.title.empty() && page.kind == "page") page.title = page.id;
        validate_page(page, diags);
        check_personal_data(page, diags);
        loaded[i] = std::move(page);
    });
    for (auto& page : loaded)
        if (page) pages.push_back(std::move(*page));

    std::unordered_map<std::string, const Page*> seen;
    for (const Page& page : pages) {
        auto [it, inserted] = seen.emplace(page.id, &page);
        if (!inserted) {
            const Value* id = page.get("id");
            diags.error(page.source, id ? id->line : 1, id ? id->column : 1,
                        "duplicate id \"" + page.id + "\" (also used by " + it->second->source + ")");
        }
    }
    for (Page& page : pages) {
        auto seg = config.url_segments.find(page.kind);
        const std::string segment = seg == config.url_segments.end() ? "" : seg->second;
        page.url = (segment.empty() ? "" : segment + "/") + page.id + "/";
    }
    return pages;
}

std::string new_page_text(const KindSchema& kind, std::string_view id) {
    std::string out = "+++\n";
    out += "title = \"\"\n";
    if (kind.kind != "page") out += "kind = \"" + std::string(kind.kind) + "\"\n";
    out += "id = \"" + std::string(id) + "\"\n";
    for (const auto& f : kind.fields) {
        if (!f.required) continue;
        std::string value;
        switch (f.type) {
        case FieldType::string: value = "\"\""; break;
        case FieldType::integer: value = "0"; break;
        case FieldType::boolean: value = "false"; break;
        case FieldType::date: value = "2000-01-01"; break;
        case FieldType::list: value = "[]"; break;
        case FieldType::table_list: value = "[]"; break;
        }
        out += std::string(f.name) + " = " + value + "  # " + std::string(f.hint) + "\n";
    }
    for (const auto& f : kind.fields) {
        if (f.required) continue;
        out += "# " + std::string(f.name) + " (" + std::string(type_name(f.type)) + "): " + std::string(f.hint) + "\n";
    }
    out += "+++\n";
    for (const auto& s : kind.sections) out += "\n## " + std::string(s) + "\n";
    return out;
}

} // namespace docket

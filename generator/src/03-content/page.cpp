#include "docket/page.h"
#include "docket/date.h"
#include "docket/files.h"
#include "docket/markdown.h"
#include "docket/parallel.h"
#include "docket/text.h"

#include <toml++/toml.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <unordered_map>

namespace fs = std::filesystem;

namespace docket {

std::string scalar_text(const Scalar& s) {
    if (!s.unsupported.empty()) return {};
    if (s.type == FieldType::integer) return std::to_string(s.number);
    return s.text;
}

const Scalar* Row::get(std::string_view key) const {
    auto it = fields.find(key);
    return it == fields.end() ? nullptr : &it->second;
}

std::string Row::str(std::string_view key) const {
    const Scalar* s = get(key);
    return s ? scalar_text(*s) : std::string();
}

const Value* Page::get(std::string_view key) const {
    auto it = meta.find(key);
    return it == meta.end() ? nullptr : &it->second;
}

std::string Page::str(std::string_view key) const {
    const Value* v = get(key);
    return v ? scalar_text(*v) : std::string();
}

std::vector<std::string> Page::list(std::string_view key) const {
    std::vector<std::string> out;
    if (const Value* v = get(key))
        for (const auto& item : v->items)
            out.push_back(scalar_text(item));
    return out;
}

namespace {

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

} // namespace

namespace {

// Front matter starts on the file's second line, after "+++".
constexpr int front_matter_line = 1;

void place(int& line, int& column, const toml::source_region& where) {
    line = static_cast<int>(where.begin.line) + front_matter_line;
    column = static_cast<int>(where.begin.column);
}

// A scalar node; any other type (a float, a time, an array, a table) is named in `unsupported`.
Scalar scalar_from(const toml::node& node) {
    Scalar s;
    place(s.line, s.column, node.source());
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
        s.text = iso_date(std::chrono::year(d.year) / d.month / d.day);
    } else {
        s.unsupported = toml::impl::node_type_friendly_names[static_cast<int>(node.type())];
    }
    return s;
}

// A key's value: a scalar, a list (an array of anything but tables) or a table-list (an array
// of tables), positioned at the key. A list's items keep their own positions; a table's keys
// are positioned at the key, the table at its start.
Value value_from(const toml::key& key, const toml::node& node) {
    Value v;
    static_cast<Scalar&>(v) = scalar_from(node);
    if (const auto* arr = node.as_array()) {
        v.unsupported = {};
        v.type =
            !arr->empty() && arr->is_array_of_tables() ? FieldType::table_list : FieldType::list;
        for (const auto& item : *arr) {
            if (v.type == FieldType::list) {
                v.items.push_back(scalar_from(item));
                continue;
            }
            Row row;
            place(row.line, row.column, item.source());
            for (const auto& [k, n] : *item.as_table()) {
                Scalar field = scalar_from(n);
                place(field.line, field.column, k.source());
                row.fields[std::string(k.str())] = std::move(field);
            }
            v.rows.push_back(std::move(row));
        }
    }
    place(v.line, v.column, key.source());
    return v;
}

} // namespace

bool parse_page(Page& page, Diagnostics& diags) {
    std::string& text = page.text;
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    if (const auto bad = invalid_utf8_at(text); bad != std::string_view::npos) {
        const auto [line, column] = line_column(text, bad);
        diags.error(
            page.source, line, column, "invalid UTF-8 (byte 0x" + [&] {
                char b[3];
                std::snprintf(b, sizeof b, "%02X", static_cast<unsigned char>(text[bad]));
                return std::string(b);
            }() + ")");
        return false;
    }
    if (const auto nul = text.find('\0'); nul != std::string::npos) {
        const auto [line, column] = line_column(text, nul);
        diags.error(page.source, line, column, "NUL byte in text");
        return false;
    }
    text = to_nfc(normalise_line_ends(std::move(text)));

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

    for (const auto& [key, node] : table)
        page.meta[std::string(key.str())] = value_from(key, node);
    if (const Value* kind = page.get("kind"); kind && kind->is(FieldType::string))
        page.kind = kind->text;
    if (const Value* title = page.get("title"); title && title->is(FieldType::string))
        page.title = title->text;
    if (const Value* id = page.get("id"); id && id->is(FieldType::string)) page.id = id->text;
    return true;
}

namespace {

std::string found_type(const Scalar& v) {
    return std::string(v.unsupported.empty() ? type_name(v.type) : v.unsupported);
}

// Checks front matter against the schema, reporting every problem: each key (of the page, and
// of each table of a table-list) present when required, of its type, and known.
class Validator {
  public:
    Validator(const Page& page, std::string_view kind, Diagnostics& diags)
        : page_(page), kind_(kind), diags_(diags) {}

    // `values` are the front matter (`table` empty) or one [[table]] of a table-list starting at
    // line:column. Unknown keys are reported when `closed` (the kind is known).
    template <class Map>
    void keys(const Map& values, std::span<const FieldSpec> fields, std::string_view table,
              int line, int column, bool closed) {
        const std::string in = table.empty() ? "" : " in [[" + std::string(table) + "]]";
        std::set<std::string_view> known;
        for (const auto& f : fields) {
            known.insert(f.name);
            auto it = values.find(f.name);
            if (it != values.end()) {
                value(f, it->second, in);
            } else if (f.required && !(table.empty() && f.name == "title" && kind_ == "page")) {
                error(line, column,
                      "missing required key \"" + std::string(f.name) + "\"" + in + of_kind());
            }
        }
        if (!closed) return;
        for (const auto& [key, v] : values)
            if (!known.contains(key))
                error(v.line, v.column, "unknown key \"" + key + "\"" + in + of_kind());
    }

  private:
    const Page& page_;
    std::string_view kind_;
    Diagnostics& diags_;

    void error(int line, int column, const std::string& message) {
        diags_.error(page_.source, line, column, message);
    }
    std::string of_kind() const { return " (kind " + std::string(kind_) + ")"; }

    // Reports a value of the wrong type; an empty array is an empty list and an empty table-list.
    bool typed(const FieldSpec& f, const Scalar& v, const std::string& in,
               bool empty_array = false) {
        if (v.is(f.type) || (f.type == FieldType::table_list && empty_array)) return true;
        error(v.line, v.column,
              "\"" + std::string(f.name) + "\"" + in + " must be " +
                  (f.type == FieldType::integer ? "an " : "a ") + std::string(type_name(f.type)) +
                  ", found " + found_type(v));
        return false;
    }

    void value(const FieldSpec& f, const Scalar& v, const std::string& in) { typed(f, v, in); }

    void value(const FieldSpec& f, const Value& v, const std::string& in) {
        if (!typed(f, v, in, v.is(FieldType::list) && v.items.empty())) return;
        for (const auto& item : v.items)
            if (!item.is(FieldType::string))
                error(item.line, item.column,
                      "\"" + std::string(f.name) + "\" must be a list of strings, found " +
                          found_type(item));
        for (const auto& row : v.rows)
            keys(row.fields, f.row, f.name, row.line, row.column, true);
    }
};

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
        if (const Value* v = page.get(key); v && v->is(FieldType::string))
            check(key, v->text, v->line, v->column);
    if (const Value* v = page.get("aliases"); v && v->is(FieldType::list))
        for (const Scalar& item : v->items)
            if (item.is(FieldType::string)) check("aliases", item.text, item.line, item.column);
}

} // namespace

void validate_page(const Page& page, Diagnostics& diags) {
    Validator check(page, page.kind, diags);
    const KindSchema* kind = find_kind(page.kind);
    const Value* k = page.get("kind");
    if (!kind && k && k->is(FieldType::string)) {
        std::string known;
        for (const auto& s : all_kinds())
            known += (known.empty() ? "" : ", ") + std::string(s.kind);
        diags.error(page.source, k->line, k->column,
                    "unknown kind \"" + page.kind + "\" (known kinds: " + known + ")");
    }
    // Without a known kind only the common keys can be checked.
    std::vector<FieldSpec> fields(common_fields().begin(), common_fields().end());
    const bool kind_known = kind && (!k || k->is(FieldType::string));
    if (kind_known) fields.insert(fields.end(), kind->fields.begin(), kind->fields.end());
    check.keys(page.meta, fields, {}, 1, 1, kind_known);
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
        if (w && w->is(FieldType::boolean) && w->flag) return;
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
                                std::string(kind->sections[next]) + "\" (kind " +
                                std::string(kind->kind) + ")");
                break;
            }
        }
    }
    for (; next < kind->sections.size(); ++next) {
        diags.error(page.source, last_line, 1,
                    "missing required section \"## " + std::string(kind->sections[next]) +
                        "\" (kind " + std::string(kind->kind) + ")");
    }
}

namespace {

// File names that differ only in Unicode normalisation look the same, and are one file where
// names are normalised (macOS, a pack unzipped there): an error naming both.
void check_file_names(const std::vector<Page>& pages, Diagnostics& diags) {
    std::unordered_map<std::string, const Page*> names;
    for (const Page& page : pages) {
        auto [it, inserted] = names.emplace(to_nfc(page.source), &page);
        if (!inserted)
            diags.error(
                page.source, 0, 0,
                "the file name differs from " + it->second->source +
                    " only in Unicode normalisation (composed letters in one, decomposed "
                    "in the other, as \"a\" + U+030A for \"å\"): they look the same; rename one");
    }
}

} // namespace

namespace {

// Where the content is: content/ when it exists; otherwise the folder itself is a plain Markdown
// tree. `shown` is how messages name a path below it.
struct ContentRoot {
    fs::path dir;
    fs::path real; // dir, every symbolic link resolved
    bool has_content_dir;

    std::string shown(const fs::path& p) const {
        // Lexically: fs::relative would resolve a symbolic link and name its target instead.
        return (fs::path(has_content_dir ? "content" : "") / p.lexically_relative(dir))
            .generic_string();
    }
};

// Every .md file below the content root, sorted. Symbolic links to directories are not followed
// (no loops); hidden folders, node_modules and the output are skipped; a directory that cannot
// be read is an error, not a silent gap.
std::vector<fs::path> markdown_files(const ContentRoot& root, const fs::path& output_real,
                                     Diagnostics& diags) {
    std::vector<fs::path> files;
    std::vector<fs::path> dirs{root.dir};
    while (!dirs.empty()) {
        const fs::path dir = std::move(dirs.back());
        dirs.pop_back();
        std::error_code dec;
        for (fs::directory_iterator it(dir, dec), end; !dec && it != end; it.increment(dec)) {
            const fs::path& p = it->path();
            const std::string name = p.filename().string();
            std::error_code sec;
            if (fs::is_directory(it->symlink_status(sec))) {
                if (!name.starts_with(".") && name != "node_modules" &&
                    fs::weakly_canonical(p, sec) != output_real)
                    dirs.push_back(p);
            } else if (p.extension() == ".md") {
                files.push_back(p);
            }
        }
        if (dec) diags.error(root.shown(dir), 0, 0, "cannot read directory: " + dec.message());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Reads, parses and validates one file; nullopt when it cannot be read or parsed (reported).
std::optional<Page> load_page(const ContentRoot& root, const fs::path& p, Diagnostics& diags) {
    Page page;
    page.path = p;
    page.source = root.shown(p);
    // Never read outside the source tree, whatever a symbolic link says.
    std::error_code cec;
    const fs::path real = fs::canonical(p, cec);
    if (cec) {
        diags.error(page.source, 0, 0, "cannot resolve path: " + cec.message());
        return std::nullopt;
    }
    const auto rel = real.lexically_relative(root.real);
    if (rel.empty() || *rel.begin() == "..") {
        diags.error(page.source, 0, 0,
                    "symbolic link points outside the content directory (to " + real.string() +
                        ")");
        return std::nullopt;
    }
    if (!fs::is_regular_file(real, cec)) return std::nullopt;
    auto text = read_file(p);
    if (!text) {
        diags.error(page.source, 0, 0, "cannot read file");
        return std::nullopt;
    }
    page.text = std::move(*text);
    page.id = to_nfc(p.stem().string());
    if (!parse_page(page, diags)) return std::nullopt;
    if (page.title.empty() && page.kind == "page") page.title = page.id;
    validate_page(page, diags);
    return page;
}

void check_unique_ids(const std::vector<Page>& pages, Diagnostics& diags) {
    std::unordered_map<std::string, const Page*> seen;
    for (const Page& page : pages) {
        auto [it, inserted] = seen.emplace(page.id, &page);
        if (!inserted) {
            const Value* id = page.get("id");
            diags.error(page.source, id ? id->line : 1, id ? id->column : 1,
                        "duplicate id \"" + page.id + "\" (also used by " + it->second->source +
                            ")");
        }
    }
}

} // namespace

std::vector<Page> load_content(const fs::path& root, const SiteConfig& config, Diagnostics& diags,
                               unsigned threads) {
    std::vector<Page> pages;
    std::error_code ec;
    ContentRoot content;
    content.has_content_dir = fs::is_directory(root / "content", ec);
    content.dir = content.has_content_dir ? root / "content" : root;
    content.real = fs::canonical(content.dir, ec);
    if (ec) {
        diags.error(content.dir.string(), 0, 0,
                    "cannot read the content directory: " + ec.message());
        return pages;
    }
    const std::vector<fs::path> files =
        markdown_files(content, fs::weakly_canonical(root / config.output, ec), diags);

    // Files are read, parsed and validated in parallel, each into its own slot.
    std::vector<std::optional<Page>> loaded(files.size());
    parallel_for(files.size(), threads,
                 [&](std::size_t i) { loaded[i] = load_page(content, files[i], diags); });
    for (auto& page : loaded)
        if (page) pages.push_back(std::move(*page));

    check_file_names(pages, diags);
    check_unique_ids(pages, diags);
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
        case FieldType::string:
            value = "\"\"";
            break;
        case FieldType::integer:
            value = "0";
            break;
        case FieldType::boolean:
            value = "false";
            break;
        case FieldType::date:
            value = "2000-01-01";
            break;
        case FieldType::list:
            value = "[]";
            break;
        case FieldType::table_list:
            value = "[]";
            break;
        }
        out += std::string(f.name) + " = " + value + "  # " + std::string(f.hint) + "\n";
    }
    for (const auto& f : kind.fields) {
        if (f.required) continue;
        out += "# " + std::string(f.name) + " (" + std::string(type_name(f.type)) +
               "): " + std::string(f.hint);
        for (const auto& key : f.row)
            out += std::string(&key == f.row.data() ? " with " : ", ") + std::string(key.name) +
                   (key.required ? "" : " (optional)");
        out += "\n";
    }
    out += "+++\n";
    for (const auto& s : kind.sections)
        out += "\n## " + std::string(s) + "\n";
    return out;
}

} // namespace docket

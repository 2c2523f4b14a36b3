#include "docket/page.h"
#include "docket/date.h"
#include "docket/files.h"
#include "docket/markdown.h"
#include "docket/parallel.h"
#include "docket/text.h"

#include <toml++/toml.h>
#include <utf8proc.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
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

// toml++ and yaml-cpp count lines within the front matter; `first_line` is the file's line of the
// front matter's first line (the one after the opening fence).
struct Place {
    int first_line = 2;
    void at(int& line, int& column, const toml::source_region& where) const {
        line = static_cast<int>(where.begin.line) + first_line - 1;
        column = static_cast<int>(where.begin.column);
    }
    void at(int& line, int& column, const YAML::Mark& mark) const {
        line = mark.line + first_line; // yaml-cpp counts from 0
        column = mark.column + 1;
    }
};

// A scalar node; any other type (a float, a time, an array, a table) is named in `unsupported`.
Scalar scalar_from(const toml::node& node, const Place& place) {
    Scalar s;
    place.at(s.line, s.column, node.source());
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
Value value_from(const toml::key& key, const toml::node& node, const Place& place) {
    Value v;
    static_cast<Scalar&>(v) = scalar_from(node, place);
    if (const auto* arr = node.as_array()) {
        v.unsupported = {};
        v.type =
            !arr->empty() && arr->is_array_of_tables() ? FieldType::table_list : FieldType::list;
        for (const auto& item : *arr) {
            if (v.type == FieldType::list) {
                v.items.push_back(scalar_from(item, place));
                continue;
            }
            Row row;
            place.at(row.line, row.column, item.source());
            row.fields.reserve(item.as_table()->size());
            for (const auto& [k, n] : *item.as_table()) {
                Scalar field = scalar_from(n, place);
                place.at(field.line, field.column, k.source());
                row.fields[k.str()] = std::move(field);
            }
            v.rows.push_back(std::move(row));
        }
    }
    place.at(v.line, v.column, key.source());
    return v;
}

// A YAML scalar as YAML 1.2's core schema reads a plain one (true/false, a decimal integer, and
// an ISO date as TOML has them); a quoted one is a string. `text` keeps the scalar as written,
// so a key that takes a string takes `title: 2024` too (yaml_strings()).
Scalar yaml_scalar(const YAML::Node& node, const Place& place) {
    Scalar s;
    place.at(s.line, s.column, node.Mark());
    if (!node.IsScalar()) {
        s.unsupported = node.IsMap() ? "table" : node.IsSequence() ? "array" : "null";
        return s;
    }
    s.text = node.Scalar();
    if (node.Tag() != "?") return s; // quoted, or tagged: a string
    std::int64_t n = 0;
    const char* end = s.text.data() + s.text.size();
    if (s.text == "true" || s.text == "false") {
        s.type = FieldType::boolean;
        s.flag = s.text == "true";
    } else if (!s.text.empty() && std::from_chars(s.text.data(), end, n).ptr == end) {
        s.type = FieldType::integer;
        s.number = n;
    } else if (parse_iso_date(s.text)) {
        s.type = FieldType::date;
    }
    return s;
}

// One map of a sequence of maps: a row of a table-list.
Row yaml_row(const YAML::Node& item, const Place& place) {
    Row row;
    place.at(row.line, row.column, item.Mark());
    row.fields.reserve(item.size());
    for (const auto& kv : item) {
        Scalar field = yaml_scalar(kv.second, place);
        place.at(field.line, field.column, kv.first.Mark());
        row.fields[kv.first.Scalar()] = std::move(field);
    }
    return row;
}

// A key's value from YAML, as value_from() reads TOML: a sequence of maps is a table-list, any
// other sequence a list.
Value yaml_value(const YAML::Node& key, const YAML::Node& node, const Place& place) {
    Value v;
    static_cast<Scalar&>(v) = yaml_scalar(node, place);
    if (node.IsSequence()) {
        v.unsupported = {};
        const bool tables =
            node.size() > 0 &&
            std::all_of(node.begin(), node.end(), [](const YAML::Node& n) { return n.IsMap(); });
        v.type = tables ? FieldType::table_list : FieldType::list;
        for (const YAML::Node& item : node) {
            if (tables)
                v.rows.push_back(yaml_row(item, place));
            else
                v.items.push_back(yaml_scalar(item, place));
        }
    }
    place.at(v.line, v.column, key.Mark());
    return v;
}

// A plain YAML scalar read as a number, flag or date where the schema wants a string (`title:
// 2024`, `summary: yes`) is the string it was written as.
void yaml_strings(Page& page) {
    const auto as_string = [](Scalar& s) {
        if (s.unsupported.empty()) s.type = FieldType::string;
    };
    std::vector<FieldSpec> fields(common_fields().begin(), common_fields().end());
    const std::string kind = page.str("kind");
    if (const KindSchema* k = find_kind(kind.empty() ? "page" : kind))
        fields.insert(fields.end(), k->fields.begin(), k->fields.end());
    for (const FieldSpec& f : fields) {
        const auto it = page.meta.find(f.name);
        if (it == page.meta.end()) continue;
        if (f.type == FieldType::string && it->second.items.empty() && it->second.rows.empty())
            as_string(it->second);
        if (f.type == FieldType::list)
            for (Scalar& item : it->second.items)
                as_string(item);
    }
}

// Where the front matter is: the fenced lines at the start of the text (after blank lines).
struct Fence {
    std::string_view marker; // "+++" (TOML) or "---" (YAML)
    std::size_t begin = 0;   // byte offset of its first line
    std::size_t end = 0;     // byte offset of the closing fence
    int first_line = 0;      // line of `begin`
    int open_line = 0;       // line of the opening fence
    bool closed = false;
    std::size_t body = 0; // byte offset of the body
    int body_line = 1;
};

// The front matter's fence, or nullopt for a page without front matter.
std::optional<Fence> find_fence(std::string_view text) {
    std::size_t pos = 0;
    int line = 1;
    auto line_at = [&](std::size_t p) {
        const std::size_t eol = text.find('\n', p);
        return text.substr(p, (eol == std::string_view::npos ? text.size() : eol) - p);
    };
    while (pos < text.size() && line_at(pos).find_first_not_of(" \t") == std::string_view::npos) {
        pos += line_at(pos).size() + 1;
        ++line;
    }
    if (pos >= text.size()) return std::nullopt;
    Fence f;
    f.marker = line_at(pos);
    if (f.marker != "+++" && f.marker != "---") return std::nullopt;
    f.open_line = line;
    f.first_line = line + 1;
    f.begin = std::min(text.size(), pos + 4);
    for (pos = f.begin, ++line; pos < text.size(); pos += line_at(pos).size() + 1, ++line) {
        if (line_at(pos) != f.marker) continue;
        f.closed = true;
        f.end = pos;
        f.body = std::min(text.size(), pos + 4);
        f.body_line = line + 1;
        break;
    }
    return f;
}

bool parse_toml(Page& page, std::string_view text, const Place& place, Diagnostics& diags) {
    toml::table table;
    try {
        table = toml::parse(text, page.source);
    } catch (const toml::parse_error& e) {
        int line = 0, column = 0;
        place.at(line, column, e.source());
        diags.error(page.source, line, column,
                    "invalid TOML in front matter: " + std::string(e.description()));
        return false;
    }
    page.meta.reserve(table.size());
    for (const auto& [key, node] : table)
        page.meta[key.str()] = value_from(key, node, place);
    return true;
}

// A first line "key:" or "key: value" (a YAML mapping's first key), as opposed to the text
// between two thematic breaks.
bool looks_like_yaml_key(std::string_view text) {
    const std::string_view first = text.substr(0, text.find('\n'));
    const std::size_t colon = first.find(':');
    return colon != std::string_view::npos && colon > 0 && first[0] != ' ' &&
           (colon + 1 == first.size() || first[colon + 1] == ' ');
}

// YAML front matter; nullopt when the fenced text is no YAML mapping, so its "---" lines are
// Markdown's thematic breaks and setext underlines after all.
std::optional<bool> parse_yaml(Page& page, std::string_view text, const Place& place,
                               Diagnostics& diags) {
    YAML::Node doc;
    try {
        doc = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        if (!looks_like_yaml_key(text)) return std::nullopt;
        int line = 0, column = 0;
        place.at(line, column, e.mark);
        diags.error(page.source, line, column, "invalid YAML in front matter: " + e.msg);
        return false;
    }
    if (!doc.IsMap()) return std::nullopt;
    page.meta.reserve(doc.size());
    for (const auto& kv : doc)
        if (kv.first.IsScalar())
            page.meta[kv.first.Scalar()] = yaml_value(kv.first, kv.second, place);
    yaml_strings(page);
    return true;
}

// The text as every later stage reads it: no BOM, valid UTF-8 without NUL, LF line ends, NFC.
bool clean_text(Page& page, Diagnostics& diags) {
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
    return true;
}

// The keys every later stage reads from the front matter.
void read_common_keys(Page& page) {
    if (const Value* kind = page.get("kind"); kind && kind->is(FieldType::string))
        page.kind = kind->text;
    if (const Value* title = page.get("title"); title && title->is(FieldType::string))
        page.title = title->text;
    if (const Value* id = page.get("id"); id && id->is(FieldType::string)) page.id = id->text;
    // Other tools' "description" is a plain page's summary (copied first: adding a key moves
    // the others).
    if (const Value* d = page.get("description"); d && page.kind == "page" && !page.get("summary"))
        page.meta["summary"] = Value(*d);
}

} // namespace

bool parse_page(Page& page, Diagnostics& diags) {
    page.read_size = page.text.size();
    page.read_hash = std::hash<std::string_view>()(page.text);
    if (!clean_text(page, diags)) return false;
    page.body_offset = 0;
    page.body_line = 1;
    const std::string_view text = page.text;
    const auto fence = find_fence(text);
    if (!fence) return true; // plain Markdown page
    const bool yaml = fence->marker == "---";
    if (!fence->closed) {
        if (yaml) return true; // a thematic break
        diags.error(page.source, fence->open_line, 1,
                    "front matter opened with \"+++\" is never closed");
        return false;
    }
    const std::string_view inner =
        text.substr(fence->begin, fence->end > fence->begin ? fence->end - fence->begin : 0);
    const Place place{fence->first_line};
    if (yaml) {
        const auto parsed = parse_yaml(page, inner, place, diags);
        if (!parsed) return true; // Markdown after all
        if (!*parsed) return false;
    } else if (!parse_toml(page, inner, place, diags)) {
        return false;
    }
    page.body_offset = fence->body;
    page.body_line = fence->body_line;
    read_common_keys(page);
    return true;
}

void release_body(Page& page) {
    if (page.body_released) return;
    page.released_front_matter = front_matter_hash(page);
    std::string().swap(page.text);
    page.body_released = true;
}

std::size_t front_matter_hash(const Page& page) {
    if (page.body_released) return page.released_front_matter;
    const Value* title = page.get("title");
    std::string lines(std::string_view(page.text).substr(0, page.body_offset));
    if (title && title->line >= 1) {
        std::size_t begin = 0;
        for (int line = 1; line < title->line && begin != std::string::npos; ++line)
            if ((begin = lines.find('\n', begin)) != std::string::npos) ++begin;
        if (begin != std::string::npos) lines.erase(begin, lines.find('\n', begin) - begin);
    }
    return std::hash<std::string>()(lines);
}

bool read_unchanged(const Page& page, std::string_view bytes) {
    return bytes.size() == page.read_size && std::hash<std::string_view>()(bytes) == page.read_hash;
}

std::optional<std::string_view> page_text(const Page& page, std::string& buffer) {
    if (!page.body_released) return page.text;
    auto bytes = read_file(page.path);
    if (!bytes || !read_unchanged(page, *bytes)) return std::nullopt;
    Page again;
    again.source = page.source;
    again.text = std::move(*bytes);
    Diagnostics reported; // parse_page reported them when the same bytes were read first
    if (!clean_text(again, reported)) return std::nullopt;
    buffer = std::move(again.text);
    return buffer;
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

namespace {

// A path as a page's address: segments of letters (any script), digits, '-', '_' and '.', none
// starting with '.'.
bool valid_path_id(std::string_view id) {
    std::size_t start = 0;
    while (start <= id.size()) {
        const std::size_t end = std::min(id.find('/', start), id.size());
        const std::string_view segment = id.substr(start, end - start);
        if (segment.empty() || segment.front() == '.') return false;
        for (const char c : segment) {
            const auto u = static_cast<unsigned char>(c);
            if (!(u >= 0x80 || std::isalnum(u) || c == '-' || c == '_' || c == '.')) return false;
        }
        start = end + 1;
    }
    return true;
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
    // A plain page's other keys are other tools' (warn_unknown_keys), never errors.
    check.keys(page.meta, fields, {}, 1, 1, kind_known && page.kind != "page");
    if (page.kind == "term") check_term_texts(page, diags);
    if (page.at_path && page.get("id") == nullptr) {
        if (!valid_path_id(page.id))
            diags.error(page.source, 1, 1,
                        "\"" + page.id +
                            "\" cannot be an address: use letters, digits, '-', '_' and '.' in "
                            "file and folder names, or set \"id\" in the front matter");
    } else if (!valid_id(page.id)) {
        const Value* id = page.get("id");
        diags.error(page.source, id ? id->line : 1, id ? id->column : 1,
                    "invalid id \"" + page.id +
                        "\": use lowercase ASCII letters, digits and '-' (set \"id\" in the front "
                        "matter or rename the file)");
    }
}

void warn_unknown_keys(std::span<const Page> pages, Diagnostics& diags) {
    const KindSchema* plain = find_kind("page");
    std::set<std::string_view> known;
    for (const auto& fields : {common_fields(), std::span<const FieldSpec>(plain->fields)})
        for (const FieldSpec& f : fields)
            known.insert(f.name);
    struct Seen {
        const Page* page;
        const Value* value;
        std::size_t files = 0;
    };
    std::map<std::string_view, Seen> unknown; // by name: the first page that has it
    for (const Page& page : pages) {
        if (page.kind != "page") continue;
        for (const auto& [key, value] : page.meta) {
            if (known.contains(key)) continue;
            auto [it, inserted] = unknown.emplace(key, Seen{&page, &value});
            ++it->second.files;
        }
    }
    for (const auto& [key, seen] : unknown)
        diags.warning(seen.page->source, seen.value->line, seen.value->column,
                      "front matter key \"" + std::string(key) + "\" is not docket's; ignored (" +
                          std::to_string(seen.files) +
                          (seen.files == 1 ? " file has it)" : " files have it)"));
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

// The files below the content root, sorted: the .md files, and every other file (the assets).
struct ContentFiles {
    std::vector<fs::path> markdown, assets;
};

// Walks the content root. Symbolic links to directories are not followed (no loops); hidden
// files and folders, node_modules and the output are skipped, and so are site.toml and the
// theme when the site's folder is the content root; a directory that cannot be read is an
// error, not a silent gap.
ContentFiles content_files(const ContentRoot& root, const std::set<fs::path>& skipped,
                           Diagnostics& diags) {
    ContentFiles files;
    std::vector<fs::path> dirs{root.dir};
    while (!dirs.empty()) {
        const fs::path dir = std::move(dirs.back());
        dirs.pop_back();
        std::error_code dec;
        for (fs::directory_iterator it(dir, dec), end; !dec && it != end; it.increment(dec)) {
            const fs::path& p = it->path();
            const std::string name = p.filename().string();
            std::error_code sec;
            if (name.starts_with(".")) continue;
            const bool is_dir = fs::is_directory(it->symlink_status(sec));
            // What is skipped is a directory, or a file at the root (site.toml).
            if ((is_dir || dir == root.dir) && skipped.contains(fs::weakly_canonical(p, sec)))
                continue;
            if (is_dir) {
                if (name != "node_modules") dirs.push_back(p);
            } else {
                (p.extension() == ".md" ? files.markdown : files.assets).push_back(p);
            }
        }
        if (dec) diags.error(root.shown(dir), 0, 0, "cannot read directory: " + dec.message());
    }
    std::sort(files.markdown.begin(), files.markdown.end());
    std::sort(files.assets.begin(), files.assets.end());
    return files;
}

// The content root of the site at `root`, and the files its walk skips; nullopt when it cannot
// be read (reported).
std::optional<ContentRoot> content_root(const fs::path& root, const SiteConfig& config,
                                        std::set<fs::path>& skipped, Diagnostics& diags) {
    std::error_code ec;
    ContentRoot content;
    content.has_content_dir = fs::is_directory(root / "content", ec);
    content.dir = content.has_content_dir ? root / "content" : root;
    content.real = fs::canonical(content.dir, ec);
    if (ec) {
        diags.error(content.dir.string(), 0, 0,
                    "cannot read the content directory: " + ec.message());
        return std::nullopt;
    }
    skipped.insert(fs::weakly_canonical(root / config.output, ec));
    if (!content.has_content_dir) {
        skipped.insert(fs::weakly_canonical(root / "site.toml", ec));
        skipped.insert(fs::weakly_canonical(root / config.theme, ec));
    }
    return content;
}

// A file of the content tree must lie in it, whatever a symbolic link says; false (reported)
// when it does not. `real` is the file's own path, every link resolved.
bool inside_content(const ContentRoot& root, const fs::path& p, const std::string& shown,
                    fs::path& real, Diagnostics& diags) {
    std::error_code cec;
    real = fs::canonical(p, cec);
    if (cec) {
        diags.error(shown, 0, 0, "cannot resolve path: " + cec.message());
        return false;
    }
    const auto rel = real.lexically_relative(root.real);
    if (rel.empty() || *rel.begin() == "..") {
        diags.error(shown, 0, 0,
                    "symbolic link points outside the content directory (to " + real.string() +
                        ")");
        return false;
    }
    return true;
}

// The index page of a folder, in the order other tools prefer them: index.md, _index.md,
// README.md. Returns its rank (0 best), or -1 for any other file.
int index_rank(const fs::path& p) {
    const std::string name = p.filename().string();
    const std::array<std::string_view, 3> names = {"index.md", "_index.md", "README.md"};
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

// The ids of the files at their paths: "guide/install.md" -> "guide/install"; a folder's best
// index page (index_rank) is the folder's ("guide"; "index" at the root), another one keeps its
// own path ("guide/README").
std::vector<std::string> path_ids(const ContentRoot& root, const std::vector<fs::path>& files) {
    std::map<fs::path, int> best; // folder -> its best index page's rank
    for (const fs::path& f : files)
        if (const int rank = index_rank(f); rank >= 0) {
            auto [it, inserted] = best.emplace(f.parent_path(), rank);
            if (!inserted) it->second = std::min(it->second, rank);
        }
    std::vector<std::string> ids;
    for (const fs::path& f : files) {
        const int rank = index_rank(f);
        fs::path rel = f.lexically_relative(root.dir);
        rel = rank >= 0 && best[f.parent_path()] == rank ? rel.parent_path()
                                                         : rel.replace_extension();
        ids.push_back(rel.empty() ? "index" : to_nfc(rel.generic_string()));
    }
    return ids;
}

// The text of the content root's SUMMARY.md, read and cleaned as a page's is (clean_text);
// empty when it cannot be read (reported).
Summary read_summary(const ContentRoot& root, const fs::path& p, Diagnostics& diags) {
    Page file;
    file.source = root.shown(p);
    fs::path real;
    if (!inside_content(root, p, file.source, real, diags)) return {file.source, {}};
    if (auto text = read_file(p)) {
        file.text = std::move(*text);
        if (!clean_text(file, diags)) file.text.clear();
    } else {
        diags.error(file.source, 0, 0, "cannot read file");
    }
    return {file.source, std::move(file.text)};
}

// Reads, parses and validates one file; nullopt when it cannot be read or parsed (reported).
// `path_id`: the page's id at its path, when pages are at their paths.
std::optional<Page> load_page(const ContentRoot& root, const fs::path& p,
                              const std::string* path_id, Diagnostics& diags) {
    Page page;
    page.path = p;
    page.source = root.shown(p);
    page.file = to_nfc(p.lexically_relative(root.dir).generic_string());
    // Never read outside the source tree, whatever a symbolic link says.
    fs::path real;
    if (!inside_content(root, p, page.source, real, diags)) return std::nullopt;
    std::error_code cec;
    if (!fs::is_regular_file(real, cec)) return std::nullopt;
    auto text = read_file(p);
    if (!text) {
        diags.error(page.source, 0, 0, "cannot read file");
        return std::nullopt;
    }
    page.text = std::move(*text);
    page.id = to_nfc(p.stem().string());
    if (!parse_page(page, diags)) return std::nullopt;
    if (path_id && page.kind == "page" && !page.get("id")) {
        page.id = *path_id;
        page.at_path = true;
    }
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
                               unsigned threads, Summary* summary) {
    std::vector<Page> pages;
    std::set<fs::path> skipped;
    const auto content = content_root(root, config, skipped, diags);
    if (!content) return pages;
    std::vector<fs::path> files = content_files(*content, skipped, diags).markdown;
    if (const auto at = std::find(files.begin(), files.end(), content->dir / "SUMMARY.md");
        config.page_paths && at != files.end()) {
        if (summary) *summary = read_summary(*content, *at, diags);
        files.erase(at);
    }

    // Files are read, parsed and validated in parallel, each into its own slot.
    const std::vector<std::string> ids =
        config.page_paths ? path_ids(*content, files) : std::vector<std::string>();
    std::vector<std::optional<Page>> loaded(files.size());
    parallel_for(files.size(), threads, [&](std::size_t i) {
        loaded[i] = load_page(*content, files[i], ids.empty() ? nullptr : &ids[i], diags);
    });
    for (auto& page : loaded)
        if (page) pages.push_back(std::move(*page));

    // Drafts (other tools' `draft = true`) are not published.
    std::erase_if(pages, [](const Page& p) {
        const Value* draft = p.get("draft");
        return p.kind == "page" && draft && draft->is(FieldType::boolean) && draft->flag;
    });
    warn_unknown_keys(pages, diags);
    check_file_names(pages, diags);
    check_unique_ids(pages, diags);
    for (Page& page : pages) {
        auto seg = config.url_segments.find(page.kind);
        const std::string segment = seg == config.url_segments.end() ? "" : seg->second;
        const bool start = page.at_path && page.id == "index"; // the root's index page
        page.url = start ? "" : (segment.empty() ? "" : segment + "/") + page.id + "/";
    }
    return pages;
}

std::vector<ContentAsset> content_assets(const fs::path& root, const SiteConfig& config,
                                         Diagnostics& diags) {
    std::vector<ContentAsset> out;
    std::set<fs::path> skipped;
    Diagnostics walk; // the walk's errors are load_content's to report
    const auto content = content_root(root, config, skipped, walk);
    if (!content) return out;
    for (const fs::path& p : content_files(*content, skipped, walk).assets) {
        fs::path real;
        const std::string shown = content->shown(p);
        std::error_code ec;
        if (!inside_content(*content, p, shown, real, diags) || !fs::is_regular_file(real, ec))
            continue;
        out.push_back({p, to_nfc(p.lexically_relative(content->dir).generic_string()), shown});
    }
    return out;
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

// The content model, defined once: which front matter keys each kind has, their types, which
// ## sections the body must contain, and how its pages relate to others and are shown: the
// relations its keys name, its breadcrumb parent, its display title, its order in lists, its
// place in the navigation, the section other pages excerpt, its search boost and indexed keys,
// and the folder `docket new` writes to. Validation, links/, render/ (views), index/ and
// `docket new` all read this table; content/model.h derives what more than one of them needs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

enum class FieldType : std::uint8_t { string, integer, boolean, date, list, table_list };

std::string_view type_name(FieldType t);

struct FieldSpec {
    std::string_view name;
    FieldType type;
    bool required;
    std::string_view hint;            // shown by `docket new` as a comment
    std::span<const FieldSpec> row{}; // table_list: the keys of each of its tables
    bool indexed = false;             // its text is searched (a table_list: its rows' indexed keys)
};

// A front matter key that names other pages; each becomes an edge of the link graph, so the
// page named lists this one among its backlinks.
struct Relation {
    std::string_view key;                  // "plan"; a table_list key for a row relation
    std::string_view row_key;              // the key of each row that names the page ("case")
    std::vector<std::string_view> targets; // the kinds it may name; empty: any kind
    bool by_diarienummer = false;          // the value is a diarienummer (a case's first), not
                                           // an id; one no page carries is no error
};

// How pages of a kind are ordered where they are listed together.
struct ListOrder {
    enum By { source, number, ascending, newest_first };
    By by = source;            // site order; dotted numbers ("4.10" after "4.2"); text; newest
    std::string_view key = {}; // the key compared
};

// How a kind's pages are shown, linked, searched and created.
struct KindModel {
    std::vector<Relation> relations{};
    std::vector<std::string_view> up{}; // the breadcrumb parent: the first key naming a page
    std::string_view title_number{};    // a key written before the title: "4.2 Trygghetsvandring"
    std::string_view title_qualifier{}; // a key written after it in crumbs and kickers: "2020"
    ListOrder list_order{};             // on the kind's list page
    ListOrder related_order{};          // under the page a relation names (areas of a plan)
    bool listed = true;                 // a kind of its own: a list page, its label above its
                                        // pages' titles (false for plain pages)
    bool in_nav = false;                // its list page is in the site's navigation
    std::string_view nav_section{};     // the kind whose navigation entry its pages are under
    std::string_view excerpt{};         // the section other pages show (the glossary, its area)
    double search_boost = 1;            // pages that define things outrank those mentioning them
    std::string_view folder{};          // content/<folder>/ for `docket new`
};

struct KindSchema {
    // "area"; its names and default URL segment are the theme's (kind_area, kind_area_plural
    // and url_area in i18n/<language>.toml)
    std::string_view kind;
    std::vector<FieldSpec> fields; // kind-specific keys (common keys are in common_fields())
    std::vector<std::string_view> sections; // required "## " sections, in order
    std::string_view sections_waived_by;    // a boolean key that, when true, waives sections
    KindModel model;
};

std::span<const FieldSpec> common_fields();
std::span<const KindSchema> all_kinds();
const KindSchema* find_kind(std::string_view kind);

} // namespace docket

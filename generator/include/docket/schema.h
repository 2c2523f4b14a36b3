// The content model, defined once: which front matter keys each kind has, their types, and
// which ## sections the body must contain, in order. Validation, `docket new` and the templates
// all read this table.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

enum class FieldType { string, integer, boolean, date, list, table_list };

std::string_view type_name(FieldType t);

struct FieldSpec {
    std::string_view name;
    FieldType type;
    bool required;
    std::string_view hint;            // shown by `docket new` as a comment
    std::span<const FieldSpec> row{}; // table_list: the keys of each of its tables
};

struct KindSchema {
    // "area"; its names and default URL segment are the theme's (kind_area, kind_area_plural
    // and url_area in i18n/<language>.toml)
    std::string_view kind;
    std::vector<FieldSpec> fields;  // kind-specific keys (common keys are in common_fields())
    std::vector<std::string_view> sections;  // required "## " sections, in order
    std::string_view sections_waived_by;     // a boolean key that, when true, waives sections
};

std::span<const FieldSpec> common_fields();
std::span<const KindSchema> all_kinds();
const KindSchema* find_kind(std::string_view kind);

} // namespace docket

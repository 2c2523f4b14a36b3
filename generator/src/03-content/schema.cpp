#include "docket/schema.h"

#include <array>

namespace docket {

std::string_view type_name(FieldType t) {
    switch (t) {
    case FieldType::string:
        return "string";
    case FieldType::integer:
        return "integer";
    case FieldType::boolean:
        return "boolean";
    case FieldType::date:
        return "date";
    case FieldType::list:
        return "list";
    case FieldType::table_list:
        return "table-list";
    }
    return "?";
}

namespace {

using T = FieldType;

const std::array<FieldSpec, 5> common = {{
    {"title", T::string, true, "the page's title"},
    {"id", T::string, false, "stable id, [a-z0-9-]; defaults to the file name"},
    {"kind", T::string, false, "the kind of page"},
    {"summary", T::string, false, "one line for lists and search"},
    {"allow_personal_numbers", T::boolean, false,
     "true: the page may contain personal identity numbers"},
}};

// The keys of a meeting's [[agenda]] tables and of a goal's [[indicators]] tables.
const std::array<FieldSpec, 7> agenda_row = {{
    {"section", T::string, true, "Beslutsärenden, Rapporter, Delegationsbeslut or Anmälningar"},
    {"title", T::string, true, "the item's title", {}, true},
    {"number", T::integer, false, "the paragraph number (§)"},
    {"case", T::string, false, "id of the case"},
    {"diarienummer", T::string, false, "e.g. KS 20/0600"},
    {"page", T::integer, false, "the page in the printed pack"},
    {"included", T::boolean, false, "false where the pack names a document without containing it"},
}};

const std::array<FieldSpec, 3> indicator_row = {{
    {"text", T::string, true, "the målindikator", {}, true},
    {"measure", T::string, true, "how it is followed up", {}, true},
    {"note", T::string, false, "a remark"},
}};

const std::vector<KindSchema> kinds = {
    // A plain page also takes the keys other tools use for its order, summary and drafts.
    {"page",
     {{"weight", T::integer, false, "the page's place among its siblings (lower first)"},
      {"description", T::string, false, "one line for lists and search (as summary)"},
      {"draft", T::boolean, false, "true: the page is not published"}},
     {},
     "",
     {.listed = false, .folder = "pages"}},
    {"meeting",
     {{"body", T::string, true, "the committee, e.g. Trygghetsutskottet"},
      {"date", T::date, true, "the meeting date"},
      {"location", T::string, false, "where the meeting is held"},
      {"agenda", T::table_list, false, "one [[agenda]] table per item", agenda_row, true}},
     {},
     "",
     {.relations = {{"agenda", "case", {"case"}}},
      .list_order = {ListOrder::newest_first, "date"},
      .in_nav = true,
      .folder = "meetings"}},
    {"case",
     {{"diarienummer", T::string, true, "e.g. KS 20/0600"},
      {"date", T::date, true, "date of the tjänsteskrivelse"},
      {"unit", T::string, true, "the unit that wrote it"},
      {"officer", T::string, true, "handläggare"},
      {"email", T::string, false, "the officer's work e-mail"},
      {"meeting", T::string, true, "id of the meeting"},
      {"item", T::integer, true, "number on the agenda"},
      {"proposal", T::list, true, "förslag till beslut", {}, true},
      {"attachments", T::list, false, "ids of attached pages"},
      {"signatories", T::list, false, "\"Name, Title\""},
      {"recipients", T::list, false, "beslut sänds till"}},
     {"Sammanfattning", "Ärendet"},
     "",
     {.relations = {{"meeting", "", {"meeting"}}, {"attachments", "", {}}},
      .up = {"meeting"},
      .list_order = {ListOrder::newest_first, "date"},
      .related_order = {ListOrder::number, "item"},
      .in_nav = true,
      .folder = "cases"}},
    {"plan",
     {{"date", T::date, true, "date of the document"},
      {"diarienummer", T::string, false, "e.g. KS 19/0719"},
      {"their_reference", T::string, false, "the other party's reference"},
      {"revised", T::date, false, "date of revision"},
      {"valid_from", T::date, false, "first day in force"},
      {"valid_to", T::date, false, "last day in force"},
      {"owner", T::string, false, "who owns the document"}},
     {},
     "",
     {.in_nav = true, .search_boost = 1.5, .folder = "plans"}},
    {"area",
     {{"plan", T::string, true, "id of the plan"},
      {"number", T::string, true, "the plan's number, e.g. \"4.2\""},
      {"parent", T::string, false, "id of the group area"},
      {"group", T::boolean, false, "true for a group of areas"}},
     {"Definition", "Mål och syfte", "Utmaningar och prioritering", "Åtaganden", "Uppföljning"},
     "group",
     {.relations = {{"plan", "", {"plan"}}, {"parent", "", {"area"}}},
      .up = {"parent", "plan"},
      .title_number = "number",
      .related_order = {ListOrder::number, "number"},
      .nav_section = "plan",
      .excerpt = "Definition",
      .search_boost = 1.5,
      .folder = "areas"}},
    {"followup",
     {{"area", T::string, true, "id of the area followed up"},
      {"period", T::string, true, "e.g. \"2020\""},
      {"case", T::string, true, "id of the case that reports it"},
      {"numbering", T::string, false, "the follow-up document's own number"}},
     {"Uppföljning"},
     "",
     {.relations = {{"area", "", {"area"}}, {"case", "", {"case"}}},
      .up = {"area"},
      .title_qualifier = "period",
      .related_order = {ListOrder::ascending, "period"},
      .excerpt = "Uppföljning",
      .folder = "followups"}},
    {"goal",
     {{"plan", T::string, true, "id of the plan"},
      {"number", T::integer, true, "the goal's number"},
      {"focus", T::string, true, "the focus area", {}, true},
      {"indicators", T::table_list, false, "one [[indicators]] table per indicator", indicator_row,
       true}},
     {},
     "",
     {.relations = {{"plan", "", {"plan"}}},
      .up = {"plan"},
      .related_order = {ListOrder::number, "number"},
      .nav_section = "plan",
      .folder = "goals"}},
    {"decision",
     {{"body", T::string, true, "the body that decided, e.g. Kommunstyrelsen"},
      {"paragraph", T::integer, true, "the paragraph number (§)"},
      {"date", T::date, true, "date of the meeting"},
      {"diarienummer", T::string, false, "e.g. KS 20/0129"}},
     {"Beslut"},
     "",
     {.relations = {{"diarienummer", "", {}, true}},
      .list_order = {ListOrder::newest_first, "date"},
      .folder = "decisions"}},
    {"term",
     {{"term", T::string, true, "the term as written"},
      {"expansion", T::string, false, "what an abbreviation stands for", {}, true},
      {"expansion_lang", T::string, false,
       "language of the expansion when not the site's, e.g. \"en\""},
      {"aliases", T::list, false, "other forms that link here"}},
     {},
     "",
     {.in_nav = true, .search_boost = 1.5, .folder = "terms"}},
};

} // namespace

std::span<const FieldSpec> common_fields() {
    return common;
}
std::span<const KindSchema> all_kinds() {
    return kinds;
}

const KindSchema* find_kind(std::string_view kind) {
    for (const auto& k : kinds)
        if (k.kind == kind) return &k;
    return nullptr;
}

} // namespace docket

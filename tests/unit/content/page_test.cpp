#include "docket/markdown.h"
#include "docket/page.h"
#include "docket/text.h"

#include <doctest/doctest.h>
#include <utf8proc.h>

#include <filesystem>
#include <fstream>

namespace {

docket::Page make(const std::string& text, const std::string& stem = "x") {
    docket::Page p;
    p.id = stem;
    p.source = "content/" + stem + ".md";
    p.text = text;
    return p;
}

// Every diagnostic, sorted and formatted as the CLI prints it.
std::vector<std::string> formatted(const docket::Diagnostics& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags.sorted())
        out.push_back(docket::format(d));
    return out;
}

std::vector<std::string> errors_of(const std::string& text, const std::string& stem = "x") {
    docket::Diagnostics diags;
    docket::Page p = make(text, stem);
    if (docket::parse_page(p, diags)) {
        docket::validate_page(p, diags);
        auto doc = docket::parse_markdown(p.body());
        const auto headings = docket::collect_headings(doc.get());
        docket::check_sections(p, headings, diags);
    }
    return formatted(diags);
}

const char* valid_area =
    "+++\ntitle = \"Trygghetsvandring\"\nkind = \"area\"\nplan = \"p\"\nnumber = \"4.2\"\n+++\n"
    "## Definition\n\nText.\n\n## Mål och syfte\n\n## Utmaningar och prioritering\n\n"
    "## Åtaganden\n\n## Uppföljning\n";

} // namespace

TEST_CASE("front matter: a valid page parses and validates") {
    CHECK(errors_of(valid_area).empty());
    docket::Diagnostics diags;
    docket::Page p = make(valid_area);
    REQUIRE(docket::parse_page(p, diags));
    CHECK(p.kind == "area");
    CHECK(p.title == "Trygghetsvandring");
    CHECK(p.str("number") == "4.2");
    CHECK(p.body_line == 7);
    CHECK(p.body().starts_with("## Definition"));
}

TEST_CASE("front matter: a file without front matter is a plain page") {
    docket::Diagnostics diags;
    docket::Page p = make("# Hej\n\nText.\n", "om");
    REQUIRE(docket::parse_page(p, diags));
    CHECK(p.kind == "page");
    CHECK(p.body_line == 1);
    CHECK(diags.error_count() == 0);
}

TEST_CASE("front matter: BOM and CRLF are normalised") {
    docket::Diagnostics diags;
    docket::Page p = make("\xEF\xBB\xBF+++\r\ntitle = \"T\"\r\n+++\r\nText\r\n");
    REQUIRE(docket::parse_page(p, diags));
    CHECK(p.title == "T");
    CHECK(p.body() == "Text\n");
}

TEST_CASE("a released body is read again from its file, the same text, unless the file changed") {
    const auto path = std::filesystem::temp_directory_path() / "docket-page-text-test.md";
    const std::string bytes = "\xEF\xBB\xBF+++\r\ntitle = \"T\"\r\n+++\r\nCafe\xCC\x81\r\n";
    std::ofstream(path, std::ios::binary) << bytes;
    docket::Diagnostics diags;
    docket::Page p = make(bytes);
    p.path = path;
    REQUIRE(docket::parse_page(p, diags));
    const std::string held = p.text;
    const std::size_t front_matter = docket::front_matter_hash(p);
    docket::release_body(p);
    CHECK(p.text.empty());
    CHECK(p.title == "T"); // what was read from the front matter stays
    CHECK(docket::front_matter_hash(p) == front_matter);
    std::string buffer;
    const auto again = docket::page_text(p, buffer);
    REQUIRE(again);
    CHECK(*again == held);
    CHECK(again->substr(p.body_offset) == "Caf\xC3\xA9\n"); // NFC, LF
    std::ofstream(path, std::ios::binary)
        << "\xEF\xBB\xBF+++\r\ntitle = \"T\"\r\n+++\r\nCaf\xC3\xA9!\r\n"; // as long
    CHECK_FALSE(docket::page_text(p, buffer));
    std::filesystem::remove(path);
    CHECK_FALSE(docket::page_text(p, buffer));
}

TEST_CASE("front matter hash: the same when only the title's line changed") {
    docket::Diagnostics diags;
    const auto hash = [&](const std::string& text) {
        docket::Page p = make(text);
        REQUIRE(docket::parse_page(p, diags));
        return docket::front_matter_hash(p);
    };
    const std::size_t base = hash("+++\ntitle = \"T\"\nkind = \"plan\"\n+++\nText\n");
    CHECK(hash("+++\ntitle = \"Another\"\nkind = \"plan\"\n+++\nText\n") == base);
    CHECK(hash("+++\ntitle = \"T\"\nkind = \"plan\"\n+++\nOther text\n") == base);
    CHECK(hash("+++\ntitle = \"T\"\nkind = \"area\"\n+++\nText\n") != base);
    CHECK(hash("+++\nkind = \"plan\"\ntitle = \"T\"\n+++\nText\n") != base);
    CHECK(hash("+++\ntitle = \"T\"\nkind = \"plan\"\n\n+++\nText\n") != base);
}

TEST_CASE("front matter: each mistake has its own message and position") {
    CHECK(errors_of("+++\ntitle = \"T\"\n") ==
          std::vector<std::string>{
              "content/x.md:1:1: error: front matter opened with \"+++\" is never closed"});
    const auto toml = errors_of("+++\ntitle = \"T\n+++\n");
    REQUIRE(toml.size() == 1);
    CHECK(toml[0].starts_with("content/x.md:2:"));
    CHECK(toml[0].find("invalid TOML in front matter") != std::string::npos);
    CHECK(errors_of("+++\ntitle = 5\n+++\n") ==
          std::vector<std::string>{
              "content/x.md:2:1: error: \"title\" must be a string, found integer"});
    CHECK(errors_of("+++\ntitle = \"T\"\nkind = \"meating\"\n+++\n") ==
          std::vector<std::string>{
              "content/x.md:3:1: error: unknown kind \"meating\" (known kinds: page, meeting, "
              "case, plan, area, followup, goal, decision, term)"});
    CHECK(errors_of("+++\ntitle = \"T\"\nkind = \"term\"\nauthor = \"A\"\nterm = \"T\"\n+++\n") ==
          std::vector<std::string>{"content/x.md:4:1: error: unknown key \"author\" (kind term)"});
    CHECK(errors_of("+++\ntitle = \"T\"\nid = \"Bad Id\"\n+++\n")
              .at(0)
              .starts_with("content/x.md:3:1: error: invalid id \"Bad Id\""));
    CHECK(errors_of("+++\ntitle = \"T\"\n+++\n", "Upper")
              .at(0)
              .starts_with("content/Upper.md:1:1: error: invalid id \"Upper\""));
    CHECK(errors_of("a\xff"
                    "b\n") ==
          std::vector<std::string>{"content/x.md:1:2: error: invalid UTF-8 (byte 0xFF)"});
    // Overlong forms and UTF-16 surrogates are not UTF-8 either.
    CHECK(errors_of("x\n\xc0\xaf\n") ==
          std::vector<std::string>{"content/x.md:2:1: error: invalid UTF-8 (byte 0xC0)"});
    CHECK(errors_of("\xed\xa0\x80\n") ==
          std::vector<std::string>{"content/x.md:1:1: error: invalid UTF-8 (byte 0xED)"});
    CHECK(errors_of("\xf4\x90\x80\x80\n") ==
          std::vector<std::string>{"content/x.md:1:1: error: invalid UTF-8 (byte 0xF4)"});
    CHECK(errors_of("\xc3\xa5\xe2\x80\x93\xf0\x9f\x98\x80\n").empty());
}

TEST_CASE("schema: dates that do not exist are errors") {
    const auto e = errors_of("+++\ntitle = \"T\"\nkind = \"plan\"\ndate = 2021-02-29\n+++\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0].starts_with("content/x.md:4:"));
    CHECK(e[0].find("expected day between 1 and 28") != std::string::npos);
    CHECK(errors_of("+++\ntitle = \"T\"\nkind = \"plan\"\ndate = 2020-02-29\n+++\n").empty());
}

TEST_CASE("schema: required keys and sections of the kind") {
    const auto e = errors_of(
        "+++\ntitle = \"T\"\nkind = \"area\"\nnumber = 4\n+++\n## Definition\n\n## Åtaganden\n");
    CHECK(e ==
          std::vector<std::string>{
              "content/x.md:1:1: error: missing required key \"plan\" (kind area)",
              "content/x.md:4:1: error: \"number\" must be a string, found integer",
              "content/x.md:6:1: error: missing required section \"## Mål och syfte\" (kind area)",
              "content/x.md:6:1: error: missing required section \"## Utmaningar och "
              "prioritering\" (kind area)",
              "content/x.md:6:1: error: missing required section \"## Åtaganden\" (kind area)",
              "content/x.md:6:1: error: missing required section \"## Uppföljning\" (kind area)",
              "content/x.md:8:1: error: section \"## Åtaganden\" comes before required section "
              "\"## Mål och syfte\" (kind area)",
          });
    // A group area waives the sections.
    CHECK(errors_of("+++\ntitle = \"T\"\nkind = \"area\"\nplan = \"p\"\nnumber = \"4\"\ngroup = "
                    "true\n+++\n")
              .empty());
}

TEST_CASE("docket new: the template validates once its values are filled in") {
    const auto* area = docket::find_kind("area");
    REQUIRE(area);
    const std::string text = docket::new_page_text(*area, "ny");
    CHECK(text.find("## Definition\n") != std::string::npos);
    CHECK(text.find("## Uppföljning\n") != std::string::npos);
    // Only the empty title is wrong; the keys, types and sections are right.
    docket::Diagnostics diags;
    docket::Page p = make(text, "ny");
    REQUIRE(docket::parse_page(p, diags));
    docket::validate_page(p, diags);
    CHECK(diags.error_count() == 0);
}

TEST_CASE("ids: lowercase ASCII letters, digits and inner hyphens") {
    CHECK(docket::valid_id("4-2-trygghetsvandring"));
    CHECK_FALSE(docket::valid_id(""));
    CHECK_FALSE(docket::valid_id("-a"));
    CHECK_FALSE(docket::valid_id("a/b"));
    CHECK_FALSE(docket::valid_id(".."));
    CHECK_FALSE(docket::valid_id("å"));
}

TEST_CASE(
    "schema: every [[agenda]] and [[indicators]] table is checked, at its own line and column") {
    const std::string meeting =
        "+++\ntitle = \"M\"\nkind = \"meeting\"\nbody = \"TU\"\ndate = 2020-11-20\n"
        "\n[[agenda]]\nsection = 5\ntitle = \"Ett\"\nsektion = \"x\"\n"
        "\n[[agenda]]\n"
        "\n[[agenda]]\nsection = \"Rapporter\"\ntitle = \"Tre\"\nnumber = \"3\"\nincluded = "
        "\"nej\"\npage = [1]\n+++\n";
    CHECK(
        errors_of(meeting) ==
        std::vector<std::string>{
            "content/x.md:8:1: error: \"section\" in [[agenda]] must be a string, found integer",
            "content/x.md:10:1: error: unknown key \"sektion\" in [[agenda]] (kind meeting)",
            "content/x.md:12:1: error: missing required key \"section\" in [[agenda]] (kind "
            "meeting)",
            "content/x.md:12:1: error: missing required key \"title\" in [[agenda]] (kind meeting)",
            "content/x.md:17:1: error: \"number\" in [[agenda]] must be an integer, found string",
            "content/x.md:18:1: error: \"included\" in [[agenda]] must be a boolean, found string",
            "content/x.md:19:1: error: \"page\" in [[agenda]] must be an integer, found array",
        });
    const std::string goal =
        "+++\ntitle = \"G\"\nkind = \"goal\"\nplan = \"p\"\nnumber = 1\nfocus = \"f\"\n"
        "indicators = [{ text = \"a\" }, { text = 1, measure = \"m\", x = 2 }]\n+++\n";
    CHECK(
        errors_of(goal) ==
        std::vector<std::string>{
            "content/x.md:7:15: error: missing required key \"measure\" in [[indicators]] (kind "
            "goal)",
            "content/x.md:7:33: error: \"text\" in [[indicators]] must be a string, found integer",
            "content/x.md:7:58: error: unknown key \"x\" in [[indicators]] (kind goal)",
        });
    // Complete rows and an empty agenda are valid.
    CHECK(errors_of("+++\ntitle = \"M\"\nkind = \"meeting\"\nbody = \"TU\"\ndate = "
                    "2020-11-20\nagenda = []\n+++\n")
              .empty());
    CHECK(
        errors_of(
            "+++\ntitle = \"M\"\nkind = \"meeting\"\nbody = \"TU\"\ndate = 2020-11-20\n[[agenda]]\n"
            "section = \"Rapporter\"\ntitle = \"T\"\nnumber = 3\ncase = \"c\"\ndiarienummer = \"KS "
            "20/1\"\n"
            "page = 4\nincluded = false\n+++\n")
            .empty());
}

TEST_CASE("front matter: a string whose value is \"table\" is a string") {
    CHECK(errors_of("+++\ntitle = \"table\"\nsummary = \"table\"\n+++\n").empty());
    docket::Diagnostics diags;
    docket::Page p = make("+++\ntitle = \"table\"\n+++\n");
    REQUIRE(docket::parse_page(p, diags));
    CHECK(p.title == "table");
    // A real table is still not a string.
    CHECK(errors_of("+++\ntitle = { a = 1 }\n+++\n") ==
          std::vector<std::string>{
              "content/x.md:2:1: error: \"title\" must be a string, found table"});
}

TEST_CASE("front matter: every key and type error of a file is reported, not just the first") {
    const auto e = errors_of(
        "+++\ntitle = 5\nkind = \"case\"\nproposal = [\"a\", 1, 2.5]\nattachments = \"x\"\n"
        "meta = { a = 1 }\nallow_personal_numbers = \"ja\"\n+++\n");
    CHECK(e ==
          std::vector<std::string>{
              "content/x.md:1:1: error: missing required key \"diarienummer\" (kind case)",
              "content/x.md:1:1: error: missing required key \"date\" (kind case)",
              "content/x.md:1:1: error: missing required key \"unit\" (kind case)",
              "content/x.md:1:1: error: missing required key \"officer\" (kind case)",
              "content/x.md:1:1: error: missing required key \"meeting\" (kind case)",
              "content/x.md:1:1: error: missing required key \"item\" (kind case)",
              "content/x.md:2:1: error: \"title\" must be a string, found integer",
              "content/x.md:4:18: error: \"proposal\" must be a list of strings, found integer",
              "content/x.md:4:21: error: \"proposal\" must be a list of strings, found "
              "floating-point",
              "content/x.md:5:1: error: \"attachments\" must be a list, found string",
              "content/x.md:6:1: error: unknown key \"meta\" (kind case)",
              "content/x.md:7:1: error: \"allow_personal_numbers\" must be a boolean, found string",
              "content/x.md:9:1: error: missing required section \"## Sammanfattning\" (kind case)",
              "content/x.md:9:1: error: missing required section \"## Ärendet\" (kind case)",
          });
    // An unknown kind still has its common keys checked.
    CHECK(errors_of("+++\ntitle = 5\nkind = \"meating\"\n+++\n") ==
          std::vector<std::string>{
              "content/x.md:2:1: error: \"title\" must be a string, found integer",
              "content/x.md:3:1: error: unknown kind \"meating\" (known kinds: page, meeting, "
              "case, plan, area, followup, goal, decision, term)"});
}

TEST_CASE("front matter and body are normalised to NFC: decomposed letters are the composed ones") {
    const std::string a_ring_nfd = "a\xcc\x8a", a_ring = "\xc3\xa5", A_ring_nfd = "A\xcc\x8a";
    CHECK(docket::to_nfc(a_ring_nfd) == a_ring);
    CHECK(docket::to_nfc("Trygghet " + a_ring + "\xe2\x80\x93") ==
          "Trygghet " + a_ring + "\xe2\x80\x93");
    CHECK(docket::to_nfc("ASCII only") == "ASCII only");
    docket::Diagnostics diags;
    docket::Page p = make("+++\ntitle = \"" + A_ring_nfd + "tg" + "a\xcc\x88" +
                          "rder\"\n+++\n\n## " + A_ring_nfd + "taganden\n");
    REQUIRE(docket::parse_page(p, diags));
    CHECK(p.title == "\xc3\x85tg\xc3\xa4rder");
    auto doc = docket::parse_markdown(p.body());
    const auto headings = docket::collect_headings(doc.get());
    REQUIRE(headings.size() == 1);
    CHECK(headings[0].text == "\xc3\x85taganden");
    CHECK(headings[0].id == "ataganden");
    // A required section written with decomposed letters is the section.
    const std::string area = "+++\ntitle = \"T\"\nkind = \"area\"\nplan = \"p\"\nnumber = "
                             "\"4.2\"\n+++\n## Definition\n\n"
                             "## M" +
                             std::string("a\xcc\x8a") +
                             "l och syfte\n\n## Utmaningar och prioritering\n\n## " + A_ring_nfd +
                             "taganden\n\n## Uppf" + "o\xcc\x88" + "ljning\n";
    CHECK(errors_of(area).empty());
}

TEST_CASE("terms: a blank title, term or alias (white space, U+200B) is an error at its position") {
    CHECK(errors_of("+++\ntitle = \"EST\"\nkind = \"term\"\nterm = \"EST\"\naliases = [\"ESTs\", "
                    "\"e s t\"]\n+++\n")
              .empty());
    const std::vector<std::string> want = {
        "content/x.md:2:1: error: \"title\" is blank; a term's title, term and aliases are link "
        "texts",
        "content/x.md:4:1: error: \"term\" is blank; a term's title, term and aliases are link "
        "texts",
        "content/x.md:5:19: error: \"aliases\" is blank; a term's title, term and aliases are link "
        "texts",
        "content/x.md:5:23: error: \"aliases\" is blank; a term's title, term and aliases are link "
        "texts",
        "content/x.md:6:3: error: \"aliases\" is blank; a term's title, term and aliases are link "
        "texts",
        // Columns count characters: U+200B is one.
        "content/x.md:6:8: error: \"aliases\" is blank; a term's title, term and aliases are link "
        "texts",
    };
    CHECK(errors_of("+++\ntitle = \" \\t\"\nkind = \"term\"\nterm = \"\u00a0\"\naliases = "
                    "[\"ord\", \"\", \" \",\n  \"\u200b\", \"\u3000\"]\n+++\n") == want);
}

TEST_CASE(
    "to_nfc normalises only the runs that can change, with the same result as the whole text") {
    // Combining marks after ASCII and after å, a reordering pair (cedilla 220 after acute 230),
    // Hangul jamo, a singleton (U+212B ANGSTROM SIGN), dashes and quotes around them.
    const std::vector<std::string> texts = {
        "a\xcc\x8a\xcc\x81 b",
        "\xc3\xa5\xcc\x81",
        "e\xcc\x81\xcc\xa7 och \xe2\x80\x93 x",
        "\xe1\x84\x80\xe1\x85\xa1 \xe2\x80\x9cq\xe2\x80\x9d",
        "\xe2\x84\xab \xe2\x80\x93\xcc\x8a",
        "slut \xe2\x80\x93",
        "\xcc\x81 b\xc3\xa4r",
    };
    for (const std::string& t : texts) {
        auto* whole = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(t.c_str()));
        REQUIRE(whole);
        CHECK(docket::to_nfc(t) == std::string(reinterpret_cast<const char*>(whole)));
        std::free(whole);
    }
}

namespace {

docket::Page parsed(const std::string& text, docket::Diagnostics& diags) {
    docket::Page p = make(text);
    REQUIRE(docket::parse_page(p, diags));
    return p;
}

} // namespace

TEST_CASE("front matter: YAML between --- lines, with its keys' positions") {
    docket::Diagnostics diags;
    const docket::Page p = parsed("---\ntitle: Install\nweight: 20\ndraft: false\ndescription: "
                                  "'How to: install'\ntags:\n  - a\n  - b\n---\n# Body\n",
                                  diags);
    CHECK(diags.error_count() == 0);
    CHECK(p.title == "Install");
    CHECK(p.body_line == 10);
    CHECK(p.body() == "# Body\n");
    const docket::Value* weight = p.get("weight");
    REQUIRE(weight);
    CHECK(weight->is(docket::FieldType::integer));
    CHECK(weight->number == 20);
    CHECK(weight->line == 3);
    CHECK(weight->column == 1);
    CHECK(p.get("draft")->is(docket::FieldType::boolean));
    CHECK(p.str("summary") == "How to: install"); // description is the summary
    const docket::Value* tags = p.get("tags");
    REQUIRE(tags);
    CHECK(tags->is(docket::FieldType::list));
    CHECK(tags->items.size() == 2);
    CHECK(tags->items[1].line == 8);
    CHECK(tags->items[1].column == 5);
    // A plain scalar where a string is wanted is the string it was written as.
    CHECK(parsed("---\ntitle: 2024\n---\n", diags).title == "2024");
    CHECK(errors_of("---\ntitle: 2024\nweight: ten\n---\n") ==
          std::vector<std::string>{
              "content/x.md:3:1: error: \"weight\" must be an integer, found string"});
}

TEST_CASE("front matter: blank lines before it are skipped, and positions count them") {
    docket::Diagnostics diags;
    const docket::Page toml = parsed("\n  \n+++\ntitle = \"T\"\n+++\nText\n", diags);
    CHECK(toml.title == "T");
    CHECK(toml.body_line == 6);
    CHECK(toml.get("title")->line == 4);
    const docket::Page yaml = parsed("\n---\ntitle: T\n---\nText\n", diags);
    CHECK(yaml.title == "T");
    CHECK(yaml.body() == "Text\n");
    CHECK(diags.error_count() == 0);
    CHECK(errors_of("\n\n---\ntitle: [T\n---\n").at(0).starts_with("content/x.md:5:"));
    CHECK(errors_of("\n+++\ntitle = \"T\n+++\n").at(0).starts_with("content/x.md:3:"));
    CHECK(errors_of("\n+++\ntitle = \"T\"\n") ==
          std::vector<std::string>{
              "content/x.md:2:1: error: front matter opened with \"+++\" is never closed"});
}

TEST_CASE("front matter: --- lines around no YAML mapping are Markdown") {
    docket::Diagnostics diags;
    for (const char* text : {"---\nFoo\n---\nBar\n", "---\n---\n", "---\n- a\n---\n", "---\nx\n",
                             "***\n---\n", "Title\n---\n"}) {
        const docket::Page p = parsed(text, diags);
        CHECK(p.body_line == 1);
        CHECK(p.meta.empty());
    }
    CHECK(diags.error_count() == 0);
}

TEST_CASE("front matter: other tools' keys on plain pages are kept and warned about once") {
    docket::Diagnostics diags;
    std::vector<docket::Page> pages;
    pages.push_back(parsed("+++\ntitle = \"A\"\nweight = 1\nsort_by = \"w\"\n+++\n", diags));
    pages.push_back(parsed("---\ntitle: B\nsort_by: w\naliases: [x]\n---\n", diags));
    pages.push_back(parsed("+++\ntitle = \"C\"\nkind = \"term\"\nterm = \"C\"\n+++\n", diags));
    pages[0].source = "a.md";
    pages[1].source = "b.md";
    for (const auto& p : pages)
        docket::validate_page(p, diags);
    CHECK(diags.error_count() == 0);
    CHECK(pages[1].get("aliases") != nullptr); // kept
    docket::warn_unknown_keys(pages, diags);
    CHECK(formatted(diags) ==
          std::vector<std::string>{
              "a.md:4:1: warning: front matter key \"sort_by\" is not docket's; ignored (2 "
              "files have it)",
              "b.md:4:1: warning: front matter key \"aliases\" is not docket's; ignored (1 "
              "file has it)"});
}

// JSON-LD through the writer (escaped so that a script element cannot be closed or a comment
// opened), and the description's first sentence and cut.
#include "05-render/html_writer.h"
#include "05-render/structured_data.h"
#include "docket/markdown.h"

#include <nlohmann/json.hpp>

#include <doctest/doctest.h>

#include <stdexcept>

TEST_CASE("JSON-LD: written in a script element, with no '<', '>' or '&' left in it") {
    const std::string title = "</script><script>alert(1)</script> <!-- & --> \"x\" \\ \u00e5";
    std::string out;
    docket::HtmlWriter w(out);
    w.open("script", {{"type", "application/ld+json"}});
    w.json({{"name", title}});
    w.close();
    const std::string prefix = "<script type=\"application/ld+json\">";
    REQUIRE(out.starts_with(prefix));
    REQUIRE(out.ends_with("</script>"));
    const std::string text = out.substr(prefix.size(), out.size() - prefix.size() - 9);
    CHECK(text.find('<') == std::string::npos);
    CHECK(text.find('>') == std::string::npos);
    CHECK(text.find('&') == std::string::npos);
    // A JSON parser reads the exact title back.
    CHECK(nlohmann::json::parse(text).at("name") == title);
}

TEST_CASE("JSON-LD: the writer writes JSON only inside a script element") {
    std::string out;
    docket::HtmlWriter w(out);
    CHECK_THROWS_AS(w.json({{"a", 1}}), std::logic_error);
    w.open("p");
    CHECK_THROWS_AS(w.json({{"a", 1}}), std::logic_error);
}

TEST_CASE("description: the first sentence of the first paragraph") {
    auto first = [](const char* md) {
        const docket::MarkdownDoc doc = docket::parse_markdown(md);
        return docket::first_sentence(doc.get());
    };
    CHECK(first("## Rubrik\n\nDet här är *en* mening. Och en till.\n") == "Det här är en mening.");
    CHECK(first("Till exempel t.ex. en förkortning. Nästa.") ==
          "Till exempel t.ex. en förkortning.");
    CHECK(first("Vad gäller? Ärendet gäller\nbudget.") == "Vad gäller?");
    CHECK(first("Utan punkt") == "Utan punkt");
    CHECK(first("| a |\n|---|\n| b |\n") == "");
    CHECK(first("") == "");
    // A paragraph ending in a colon introduces a quotation or a list: the sentence is theirs.
    CHECK(first("I planen, 4.2, Definition:\n\n> Det här är definitionen. Mer.\n") ==
          "Det här är definitionen.");
    CHECK(first("Så här:\n\n- Första punkten. Mer.\n") == "Första punkten.");
    CHECK(first("Bara en inledning:\n") == "Bara en inledning:");
}

TEST_CASE("description: cut at a word boundary") {
    CHECK(docket::shorten("  ett  två\ntre ") == "ett två tre");
    CHECK(docket::shorten("ett två tre", 7) == "ett två\u2026");
    CHECK(docket::shorten("ett två tre", 6) == "ett\u2026");
    CHECK(docket::shorten("åäö åäö", 5) == "åäö\u2026");
    CHECK(docket::shorten("abcdefgh", 3) == "abc\u2026"); // one long word: cut inside it
}

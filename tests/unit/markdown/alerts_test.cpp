#include "docket/markdown.h"

#include <cmark-gfm.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

TEST_CASE("GitHub's alerts become marked blocks without their marker line") {
    auto doc = docket::parse_markdown("> [!NOTE]\n> Useful.\n\n> [!caution]  \n> Careful.\n\n"
                                      "> [!TIP]\n\n> [!NOTE] same line\n\n> [!OTHER]\n> x\n\n"
                                      "- > [!NOTE]\n  > nested\n");
    std::vector<std::string> alerts;
    int quotes = 0;
    for (cmark_node* n = cmark_node_first_child(doc.get()); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE) ++quotes;
        if (cmark_node_get_type(n) != CMARK_NODE_CUSTOM_BLOCK) continue;
        alerts.push_back(cmark_node_get_on_enter(n));
        cmark_node* para = cmark_node_first_child(n);
        REQUIRE(para);
        CHECK(cmark_node_get_type(cmark_node_first_child(para)) == CMARK_NODE_TEXT);
        CHECK(std::string(cmark_node_get_literal(cmark_node_first_child(para))).find("[!") ==
              std::string::npos);
    }
    CHECK(alerts == std::vector<std::string>{"alert=note", "alert=caution"});
    CHECK(quotes == 3); // the marker alone, on one line with text, and an unknown kind
}

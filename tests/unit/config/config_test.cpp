#include "docket/config.h"
#include "docket/render.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

// A temporary site directory holding only site.toml and an empty theme.
struct TempSite {
    fs::path dir;
    explicit TempSite(const std::string& toml) {
        dir = fs::temp_directory_path() / ("docket-config-" + std::to_string(std::rand()));
        fs::create_directories(dir / "themes/default/templates");
        std::ofstream(dir / "site.toml") << toml;
    }
    ~TempSite() { fs::remove_all(dir); }
};

} // namespace

TEST_CASE("site.toml: values are read and defaults kept") {
    TempSite site("title = \"Handlingar\"\norganisation = \"Upplands-Bro kommun\"\nbase_url = "
                  "\"https://example.org/x\"\n"
                  "[urls]\nmeeting = \"moten\"\n[links]\nterms = false\n");
    docket::Diagnostics diags;
    const auto config = docket::load_config(site.dir, diags);
    REQUIRE(config);
    CHECK(diags.error_count() == 0);
    CHECK(config->title == "Handlingar");
    CHECK(config->organisation == "Upplands-Bro kommun");
    CHECK(config->language == "sv");
    CHECK(config->output == "public");
    CHECK(config->base_url == "https://example.org/x/");
    CHECK(config->url_settings.at("meeting").first == "moten");
    CHECK_FALSE(config->url_settings.contains("area")); // the theme's, once it is loaded
    CHECK_FALSE(config->link_terms);
}

TEST_CASE("site.toml: unknown keys are errors with line and column") {
    TempSite site("title = \"T\"\ncolour = \"blue\"\n[urls]\nmeetings = \"x\"\n");
    docket::Diagnostics diags;
    docket::load_config(site.dir, diags);
    const auto all = diags.sorted();
    REQUIRE(all.size() == 1);
    CHECK(docket::format(all[0]) == "site.toml:2:1: error: unknown key \"colour\" in site.toml");
}

TEST_CASE("site.toml: wrong types, invalid TOML and a missing theme are reported") {
    {
        TempSite site("title = 3\n");
        docket::Diagnostics diags;
        docket::load_config(site.dir, diags);
        REQUIRE(diags.error_count() >= 1);
        CHECK(docket::format(diags.sorted()[0]) ==
              "site.toml:1:9: error: \"title\" must be a string");
    }
    {
        TempSite site("title = \"unterminated\n");
        docket::Diagnostics diags;
        CHECK_FALSE(docket::load_config(site.dir, diags));
        REQUIRE(diags.error_count() == 1);
        CHECK(docket::format(diags.sorted()[0]).starts_with("site.toml:1:"));
        CHECK(diags.sorted()[0].message.find("invalid TOML") == 0);
    }
    {
        TempSite site("title = \"T\"\ntheme = \"themes/missing\"\n");
        docket::Diagnostics diags;
        docket::load_config(site.dir, diags);
        REQUIRE(diags.error_count() == 1);
        CHECK(docket::format(diags.sorted()[0])
                  .starts_with("site.toml:2:9: error: theme \"themes/missing\" not found"));
    }
}

TEST_CASE(
    "site.toml: addresses that become links are http(s) (report_url: or mailto:), at the key") {
    auto errors = [](const std::string& toml) {
        TempSite site("title = \"T\"\n" + toml);
        docket::Diagnostics diags;
        const auto config = docket::load_config(site.dir, diags);
        std::vector<std::string> out;
        for (const auto& d : diags.sorted())
            out.push_back(docket::format(d));
        // A refused address is not kept either.
        if (config) CHECK(config->base_url.find("javascript") == std::string::npos);
        return out;
    };
    CHECK(errors("base_url = \"javascript:alert(1)//\"\n") ==
          std::vector<std::string>{
              "site.toml:2:1: error: \"base_url\" must be an address starting with https:// or "
              "http:// (found \"javascript:alert(1)//\")"});
    CHECK(errors("[accessibility]\nreport_url = \"javascript:alert(1)\"\n") ==
          std::vector<std::string>{
              "site.toml:3:1: error: \"report_url\" must be an address starting with https://, "
              "http:// or mailto: (found \"javascript:alert(1)\")"});
    for (const char* bad :
         {"JavaScript:x", "data:text/html,x", "vbscript:x", "//evil.example", "https:///x",
          "http:", " https://example.org", "https://exa mple.org", "https://example.org\\t",
          "mailto:a@b.se", "/relative", "https:\\\\\\\\evil.example"})
        CHECK_MESSAGE(errors("base_url = \"" + std::string(bad) + "\"\n").size() == 1, bad);
    for (const char* good :
         {"https://example.org/x/", "http://example.org", "HTTPS://EXAMPLE.ORG/"})
        CHECK_MESSAGE(errors("base_url = \"" + std::string(good) + "\"\n").empty(), good);
    CHECK(errors("[accessibility]\nreport_url = \"mailto:tillganglighet@example.org\"\n").empty());
    CHECK(errors("[accessibility]\nreport_url = \"https://www.digg.se/anmal\"\n").empty());
}

TEST_CASE("site.toml: site_id and [urls] segments name files and links: lowercase ASCII, digits "
          "and '-'") {
    TempSite site(
        "title = \"T\"\nsite_id = \"javascript:x\"\n[urls]\npage = \"javascript:alert(1)\"\n"
        "meeting = \"Möten\"\ncase = \"../up\"\nterm = \"\"\n");
    docket::Diagnostics diags;
    const auto config = docket::load_config(site.dir, diags);
    std::vector<std::string> out;
    for (const auto& d : diags.sorted())
        out.push_back(docket::format(d));
    CHECK(out == std::vector<std::string>{
                     "site.toml:2:1: error: \"site_id\" must be lowercase ASCII letters, digits "
                     "and '-' (found "
                     "\"javascript:x\")",
                     "site.toml:4:1: error: \"page\" in [urls] must be empty or lowercase ASCII "
                     "letters, digits and "
                     "'-' (found \"javascript:alert(1)\")",
                     "site.toml:5:1: error: \"meeting\" in [urls] must be empty or lowercase ASCII "
                     "letters, digits "
                     "and '-' (found \"Möten\")",
                     "site.toml:6:1: error: \"case\" in [urls] must be empty or lowercase ASCII "
                     "letters, digits and "
                     "'-' (found \"../up\")",
                 });
    REQUIRE(config);
    CHECK(config->url_settings.at("term").first.empty());
}

TEST_CASE(
    "[urls]: the theme's segments unless site.toml sets one; an unknown key is an error at it") {
    TempSite site("title = \"T\"\n[urls]\nmeeting = \"moten\"\nmeetings = \"x\"\nsearch = \"\"\n");
    docket::Diagnostics diags;
    auto config = docket::load_config(site.dir, diags);
    REQUIRE(config);
    const auto theme = docket::Theme::load(DOCKET_SOURCE_DIR "/themes/default", "en", diags);
    REQUIRE(theme);
    REQUIRE(diags.error_count() == 0);
    docket::resolve_url_segments(*config, *theme, diags);
    CHECK(config->url_segments.at("meeting") == "moten");
    CHECK(config->url_segments.at("area") == "areas");
    CHECK(config->url_segments.at("statement") == "accessibility");
    CHECK(config->url_segments.at("page").empty());
    std::vector<std::string> out;
    for (const auto& d : diags.sorted())
        out.push_back(docket::format(d));
    CHECK(out == std::vector<std::string>{
                     "site.toml:4:1: error: unknown key \"meetings\" in [urls] (expected a kind "
                     "name, search, statement, diarienummer, print, mentions or backlinks)",
                     "site.toml:5:1: error: \"search\" in [urls] must not be empty: it is the "
                     "folder of the search page",
                 });
}

TEST_CASE("site.toml: [markdown] heading_ids is \"ascii\" (the default) or \"github\"") {
    {
        TempSite site("title = \"T\"\n");
        docket::Diagnostics diags;
        CHECK_FALSE(docket::load_config(site.dir, diags)->github_heading_ids);
    }
    {
        TempSite site("title = \"T\"\n[markdown]\nheading_ids = \"github\"\n");
        docket::Diagnostics diags;
        CHECK(docket::load_config(site.dir, diags)->github_heading_ids);
        CHECK(diags.error_count() == 0);
    }
    {
        TempSite site("title = \"T\"\n[markdown]\nheading_ids = \"ascii\"\n");
        docket::Diagnostics diags;
        CHECK_FALSE(docket::load_config(site.dir, diags)->github_heading_ids);
        CHECK(diags.error_count() == 0);
    }
    {
        TempSite site("title = \"T\"\n[markdown]\nheading_ids = \"GitHub\"\n");
        docket::Diagnostics diags;
        docket::load_config(site.dir, diags);
        REQUIRE(diags.error_count() == 1);
        CHECK(docket::format(diags.sorted()[0]) ==
              "site.toml:3:15: error: \"heading_ids\" must be \"ascii\" or \"github\" (found "
              "\"GitHub\")");
    }
    {
        TempSite site("title = \"T\"\n[markdown]\nheading_ids = true\n");
        docket::Diagnostics diags;
        docket::load_config(site.dir, diags);
        REQUIRE(diags.error_count() == 1);
        CHECK(docket::format(diags.sorted()[0]) ==
              "site.toml:3:15: error: \"heading_ids\" must be \"ascii\" or \"github\"");
    }
    {
        // A plain folder (no site.toml) takes GitHub's ids.
        const fs::path dir =
            fs::temp_directory_path() / ("docket-plain-" + std::to_string(std::rand()));
        fs::create_directories(dir);
        docket::Diagnostics diags;
        CHECK(docket::load_config(dir, diags)->github_heading_ids);
        fs::remove_all(dir);
    }
}

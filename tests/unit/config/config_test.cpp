#include "docket/config.h"

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
    TempSite site("title = \"Handlingar\"\norganisation = \"Upplands-Bro kommun\"\nbase_url = \"https://example.org/x\"\n"
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
    CHECK(config->url_segments.at("meeting") == "moten");
    CHECK(config->url_segments.at("area") == "omraden");
    CHECK_FALSE(config->link_terms);
}

TEST_CASE("site.toml: unknown keys are errors with line and column") {
    TempSite site("title = \"T\"\ncolour = \"blue\"\n[urls]\nmeetings = \"x\"\n");
    docket::Diagnostics diags;
    docket::load_config(site.dir, diags);
    const auto all = diags.sorted();
    REQUIRE(all.size() == 2);
    CHECK(docket::format(all[0]) == "site.toml:2:1: error: unknown key \"colour\" in site.toml");
    CHECK(docket::format(all[1]) == "site.toml:4:1: error: unknown key \"meetings\" in [urls] (expected a kind name)");
}

TEST_CASE("site.toml: wrong types, invalid TOML and a missing theme are reported") {
    {
        TempSite site("title = 3\n");
        docket::Diagnostics diags;
        docket::load_config(site.dir, diags);
        REQUIRE(diags.error_count() >= 1);
        CHECK(docket::format(diags.sorted()[0]) == "site.toml:1:9: error: \"title\" must be a string");
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
        CHECK(docket::format(diags.sorted()[0]).starts_with("site.toml:2:9: error: theme \"themes/missing\" not found"));
    }
}

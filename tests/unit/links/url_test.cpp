// Links are read as a browser reads them (the WHATWG URL parser; tests/hostile/cases/ids.mjs
// checks the same against node's `new URL`).
#include "docket/check.h"
#include "docket/href.h"
#include "docket/render.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace {

docket::Href read(std::string_view href) {
    static thread_local std::string buffer;
    return docket::read_href(href, buffer);
}

// The links of `from` that the link check reports, given the pages and their ids.
std::vector<std::string> reported(const std::vector<std::string>& links) {
    std::vector<docket::OutputFile> files(3);
    files[0].path = "a/index.html";
    files[0].source = "content/a.md";
    for (const auto& l : links)
        files[0].links.push_back(l);
    files[1].path = "b/index.html";
    files[1].ids.push_back("rubrik");
    files[2].path = "index.html";
    docket::Diagnostics diags;
    docket::check_rendered_links(docket::views(files), {"assets/site.css"}, diags);
    std::vector<std::string> out;
    for (const auto& d : diags.sorted()) {
        const auto start = d.message.find('"') + 1;
        out.push_back(d.message.substr(start, d.message.find("\" in a/index.html") - start));
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE(
    "read_href: spaces and controls cut, tabs and newlines removed, backslashes read as slashes") {
    auto h = read(" \t..\\b\\in\ndex.html?x=1#rub\trik \n");
    CHECK(h.kind == docket::Href::relative);
    CHECK(h.path == "../b/index.html");
    CHECK(h.query == "?x=1");
    CHECK(h.fragment == "#rubrik");
    // A backslash is a slash in the path only.
    h = read("..\\x?a\\b#c\\d");
    CHECK(h.path == "../x");
    CHECK(h.query == "?a\\b");
    CHECK(h.fragment == "#c\\d");
    // The fragment starts at the first '#', the query at the first '?' before it.
    h = read("x#a?b");
    CHECK(h.path == "x");
    CHECK(h.query.empty());
    CHECK(h.fragment == "#a?b");
}

TEST_CASE("read_href: schemes as the URL parser reads them") {
    CHECK(read("HTTPS://example.org/x").kind == docket::Href::absolute);
    CHECK(read("mailto:a@example.org").kind == docket::Href::absolute);
    CHECK(read("  JavaScript:x").scheme == "JavaScript");
    // Not a scheme: a digit first, or a character a scheme cannot hold before the colon.
    CHECK(read("1x:y").kind == docket::Href::relative);
    CHECK(read("a b:c").kind == docket::Href::relative);
    CHECK(read("a/b:c").kind == docket::Href::relative);
    // A special scheme without "//" is relative on an http page, absolute on a file: page.
    CHECK(read("hTtP:../x").kind == docket::Href::scheme_only);
    CHECK(read("http:\\\\host/x").kind == docket::Href::absolute);
    CHECK(read("/x").kind == docket::Href::root);
    CHECK(read("//host/x").kind == docket::Href::network);
    CHECK(read("\\\\host\\x").kind == docket::Href::network);
    CHECK(read("/\\host").kind == docket::Href::network);
}

TEST_CASE("resolve_site_path: %2e dot segments, a path ending in a directory, the root") {
    CHECK(docket::resolve_site_path("l3/", "%2e%2e/l0/index.html") == "l0/index.html");
    CHECK(docket::resolve_site_path("l3/", ".%2E/l0/index.html") == "l0/index.html");
    CHECK(docket::resolve_site_path("l3/", "%2E/x.html") == "l3/x.html");
    CHECK(docket::resolve_site_path("a/b/", "..") == "a/index.html");
    CHECK(docket::resolve_site_path("a/", "../") == "index.html");
    CHECK(docket::resolve_site_path("a/", "..") == "index.html");
    CHECK(docket::resolve_site_path("a/", "x/.") == "a/x/index.html");
    CHECK(docket::resolve_site_path("a/", "%2e%2e/%2e%2e/x") == std::nullopt);
    // "%2e%2e" inside a longer name is a name.
    CHECK(docket::resolve_site_path("a/", "x%2e%2e/y") == "a/x%2e%2e/y");
}

TEST_CASE("decode_site_path: %XX decoded, an encoded slash or backslash kept") {
    CHECK(docket::decode_site_path("l%30/%C3%A5.html") == "l0/\xc3\xa5.html");
    CHECK(docket::decode_site_path("a%2Fb%5cc") == "a%2Fb%5cc");
    CHECK(docket::decode_site_path("100%") == "100%");
    CHECK(docket::decode_site_path("%zz%4") == "%zz%4");
}

TEST_CASE("the link check resolves each link the way the browser does") {
    const auto r = reported({
        "..\\b\\index.html",          // b/index.html: fine
        "%2e%2e/b/index.html#rubrik", // fine
        " ../b/ ",                    // fine
        "../b/index.html#%72ubrik",   // the decoded fragment is tried too
        "..",                         // the start page
        "../b/in\tdex.html",          // the tab is removed
        "//example.org/b/index.html", // another host: outside the check
        "/../b/index.html",           // the server's root: not the site's
        "hTtP:../b/index.html",       // relative on http only
        "1x:../b/index.html",         // not a scheme: a path under a/
        "../b/index.html#Rubrik",     // ids are case-sensitive
        "..%2Fb/index.html",          // an encoded slash separates nothing
    });
    CHECK(r == std::vector<std::string>{"..%2Fb/index.html", "../b/index.html#Rubrik",
                                        "/../b/index.html", "1x:../b/index.html",
                                        "hTtP:../b/index.html"});
}

TEST_CASE("the link check names the file and line a link comes from") {
    std::vector<docket::OutputFile> files(1);
    files[0].path = "begrepp/index.html";
    files[0].links.push_back("#nav");
    files[0].links.push_back("../omraden/a/index.html#saknas");
    files[0].links.push_back("#slut");
    files[0].origins.push_back({1, 0, "content/areas/a.md", 7, 3});
    files[0].origins.push_back({2, 0, "", 0, 0});
    docket::Diagnostics diags;
    docket::check_rendered_links(docket::views(files), {}, diags);
    const auto d = diags.sorted();
    REQUIRE(d.size() == 3);
    CHECK(d[0].file == "begrepp/index.html"); // "#nav" and "#slut": the generated page's own
    CHECK(d[1].file == "begrepp/index.html");
    CHECK(d[2].file == "content/areas/a.md");
    CHECK(d[2].line == 7);
    CHECK(d[2].column == 3);
}

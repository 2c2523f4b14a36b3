// The Atom feeds and the sitemap (render/feeds.h): escaping, order, the cap, the sitemap's split.
#include "../memory_site.h"

#include "docket/feeds.h"

#include <doctest/doctest.h>
#include <pugixml.hpp>

namespace {

const std::string base = "https://example.org/tu/";

// The pages of (id, text) pairs, at base_url.
struct FeedSite : MemorySite {
    explicit FeedSite(std::vector<std::pair<std::string, std::string>> files)
        : MemorySite(std::move(files)) {
        site.config.title = "Test & <test>";
        site.config.organisation = "Kommun";
        site.config.site_id = "tu";
        site.config.base_url = base;
    }
};

std::string meeting(const std::string& date) {
    return "+++\ntitle = \"Möte " + date + "\"\nkind = \"meeting\"\ndate = " + date + "\n+++\n";
}

std::vector<std::string> texts(const pugi::xml_node& parent, const char* path) {
    std::vector<std::string> out;
    for (const auto& x : parent.select_nodes(path))
        out.emplace_back(x.node().text().get());
    return out;
}

} // namespace

TEST_CASE("a feed escapes titles and summaries by construction") {
    FeedSite s({{std::string("a"),
                 "+++\ntitle = \"A & B <c> \\\"d\\\" \\u0001e\"\nkind = \"case\"\n"
                 "summary = \"x </summary><script>alert(1)</script> & y\"\ndate = 2021-03-04\n"
                 "meeting = \"m\"\n+++\n"}});
    const auto feeds = docket::site_feeds(s.site, *s.theme);
    REQUIRE(feeds.size() == 1);
    CHECK(feeds[0].path == "arenden/atom.xml");
    const docket::OutputFile f = docket::write_feed(s.site, *s.theme, feeds[0], {}, {});
    CHECK(f.content.find("A &amp; B &lt;c&gt; \"d\" e") != std::string::npos);
    CHECK(f.content.find("<script>") == std::string::npos);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(f.content.c_str()));
    const pugi::xml_node feed = doc.child("feed");
    CHECK(std::string(feed.attribute("xmlns").value()) == "http://www.w3.org/2005/Atom");
    CHECK(std::string(feed.child("title").text().get()) == "Ärenden – Test & <test>");
    const pugi::xml_node entry = feed.child("entry");
    // The control character, which XML 1.0 cannot hold, is left out; the rest is the text.
    CHECK(std::string(entry.child("title").text().get()) == "A & B <c> \"d\" e");
    CHECK(std::string(entry.child("summary").text().get()) ==
          "x </summary><script>alert(1)</script> & y");
    CHECK(std::string(entry.child("id").text().get()) == "tag:example.org,2021-03-04:tu/a");
    CHECK(std::string(entry.child("updated").text().get()) == "2021-03-04T00:00:00Z");
}

TEST_CASE("a feed holds the newest entries, newest first, a meeting's pack as its enclosure") {
    FeedSite s({{"m1", meeting("2020-01-01")},
                {"m3", meeting("2022-01-01")},
                {"m2b", meeting("2021-01-01")},
                {"m2a", meeting("2021-01-01")}});
    const auto feeds = docket::site_feeds(s.site, *s.theme);
    REQUIRE(feeds.size() == 1);
    docket::ArchiveLinks archives;
    archives.packs["m3"] = "sammantraden/m3/tu-m3.zip";
    archives.packs["m2a"] = "sammantraden/m2a/tu-m2a.zip";
    const docket::OutputFile f = docket::write_feed(s.site, *s.theme, feeds[0], archives,
                                                    {{"sammantraden/m3/tu-m3.zip", 1234}}, 3);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(f.content.c_str()));
    const pugi::xml_node feed = doc.child("feed");
    CHECK(texts(feed, "entry/id") == std::vector<std::string>{"tag:example.org,2022-01-01:tu/m3",
                                                              "tag:example.org,2021-01-01:tu/m2a",
                                                              "tag:example.org,2021-01-01:tu/m2b"});
    CHECK(std::string(feed.child("updated").text().get()) == "2022-01-01T00:00:00Z");
    const auto enclosures = feed.select_nodes("entry/link[@rel='enclosure']");
    REQUIRE(enclosures.size() == 2);
    CHECK(std::string(enclosures[0].node().attribute("href").value()) ==
          base + "sammantraden/m3/tu-m3.zip");
    CHECK(std::string(enclosures[0].node().attribute("length").value()) == "1234");
    // A pack whose size is not known has no length.
    CHECK(enclosures[1].node().attribute("length").empty());
    CHECK(std::string(feed.child("entry").child("link").attribute("href").value()) ==
          base + "sammantraden/m3/");
}

TEST_CASE("no feed without base_url, and a warning when the site has meetings or cases") {
    FeedSite s({{"m1", meeting("2020-01-01")}});
    s.site.config.base_url.clear();
    CHECK(docket::site_feeds(s.site, *s.theme).empty());
    CHECK(docket::published_files(s.site, *s.theme).empty());
    docket::warn_unpublished(s.site, s.diags);
    REQUIRE(s.diags.sorted().size() == 1);
    CHECK(s.diags.sorted()[0].severity == docket::Severity::warning);
    CHECK(s.diags.error_count() == 0);
}

TEST_CASE("the sitemap is one urlset up to the limit, past it an index of urlsets") {
    std::vector<docket::SitemapEntry> entries;
    for (int k = 0; k < 7; ++k)
        entries.push_back({"p" + std::to_string(k) + "/index.html",
                           k % 2 ? "2020-01-0" + std::to_string(k) : ""});
    CHECK(docket::sitemap_paths(7, 7) == std::vector<std::string>{"sitemap.xml"});
    const auto one = docket::write_sitemap(base, entries, 7);
    REQUIRE(one.size() == 1);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(one[0].content.c_str()));
    CHECK(std::string(doc.document_element().name()) == "urlset");
    CHECK(doc.document_element().select_nodes("url").size() == 7);

    const auto split = docket::write_sitemap(base, entries, 3);
    REQUIRE(split.size() == 4);
    CHECK(docket::sitemap_paths(7, 3) == std::vector<std::string>{"sitemap.xml", "sitemap-1.xml",
                                                                  "sitemap-2.xml",
                                                                  "sitemap-3.xml"});
    REQUIRE(doc.load_string(split[0].content.c_str()));
    const pugi::xml_node index = doc.child("sitemapindex");
    CHECK(std::string(index.attribute("xmlns").value()) ==
          "http://www.sitemaps.org/schemas/sitemap/0.9");
    CHECK(texts(index, "sitemap/loc") == std::vector<std::string>{base + "sitemap-1.xml",
                                                                  base + "sitemap-2.xml",
                                                                  base + "sitemap-3.xml"});
    // Each urlset's lastmod in the index is its newest page's.
    CHECK(texts(index, "sitemap/lastmod") == std::vector<std::string>{"2020-01-01", "2020-01-05"});
    std::vector<std::string> locs;
    for (std::size_t k = 1; k < split.size(); ++k) {
        CHECK(split[k].path == "sitemap-" + std::to_string(k) + ".xml");
        REQUIRE(doc.load_string(split[k].content.c_str()));
        const auto urls = texts(doc.child("urlset"), "url/loc");
        CHECK(urls.size() == (k < 3 ? 3 : 1));
        locs.insert(locs.end(), urls.begin(), urls.end());
    }
    REQUIRE(locs.size() == entries.size());
    for (std::size_t k = 0; k < locs.size(); ++k)
        CHECK(locs[k] == base + entries[k].path);
}

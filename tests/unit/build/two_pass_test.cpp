// Also: the offline zip, written a batch at a time, is the same bytes in batches of a few pages
// as in one batch, built afresh and rebuilt over the previous output (copied from its zip).
//
// The build's passes over the bodies: a page whose AST was dropped after it was parsed (its links
// resolved then, or parsed again for them) is parsed again when it is rendered (page_doc), and
// the search index takes its documents from that AST (or parses it again itself). A site
// built with every AST dropped must be the same bytes as built with every AST kept: the real
// site (pages, excerpts, glossary, search index, meeting pack and offline zip) and plain trees
// (title headings taken out of the body, other tools' syntax removed).
#include "docket/build.h"
#include "docket/diagnostic.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string> files_under(const fs::path& root) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        files[e.path().lexically_relative(root).generic_string()] =
            std::string(std::istreambuf_iterator<char>(in), {});
    }
    return files;
}

std::map<std::string, std::string>
build(const fs::path& source, const fs::path& out, std::size_t kept,
      std::size_t zip_batch = docket::BuildOptions{}.zip_batch_bytes,
      std::size_t search_window = docket::BuildOptions{}.search_window) {
    docket::BuildOptions options;
    options.source = source;
    options.out = out;
    options.threads = 2;
    options.kept_body_bytes = kept;
    options.zip_batch_bytes = zip_batch;
    options.search_window = search_window;
    docket::Diagnostics diags;
    const docket::BuildResult result = docket::build_site(options, diags);
    REQUIRE(diags.error_count() == 0);
    CHECK(result.pages >= 10);
    return files_under(out);
}

// The number of zips the site's two builds wrote, the same bytes each.
std::size_t same_both_ways(const fs::path& source) {
    INFO(source.string());
    const fs::path dir = fs::temp_directory_path() / "docket-two-pass-test";
    fs::remove_all(dir);
    const auto kept = build(source, dir / "kept", static_cast<std::size_t>(-1));
    const auto dropped = build(source, dir / "dropped", 0);
    fs::remove_all(dir);
    REQUIRE(kept.size() == dropped.size());
    std::size_t zips = 0;
    for (const auto& file : kept) {
        const std::string& path = file.first; // a name INFO can capture (not a binding)
        INFO(path);
        REQUIRE(dropped.count(path) == 1);
        CHECK(dropped.at(path) == file.second);
        zips += path.ends_with(".zip");
    }
    return zips;
}

} // namespace

TEST_CASE("two passes: a site is the same bytes with every AST dropped as with every AST kept") {
    CHECK(same_both_ways(DOCKET_SOURCE_DIR) == 2); // the meeting's pack and the offline zip
    for (const char* tree : {"rustup-user-guide", "zola-templates"})
        same_both_ways(fs::path(DOCKET_SOURCE_DIR) / "tests/fixtures/trees" / tree);
}

TEST_CASE("the search index is the same bytes made from the render's ASTs as from each page "
          "parsed again") {
    const fs::path dir = fs::temp_directory_path() / "docket-search-feed-test";
    const std::size_t dropped = 0; // the pages parsed again for the render too
    for (const fs::path& source :
         {fs::path(DOCKET_SOURCE_DIR),
          fs::path(DOCKET_SOURCE_DIR) / "tests/fixtures/trees/zola-templates"}) {
        INFO(source.string());
        fs::remove_all(dir);
        const auto fed = build(source, dir / "fed", dropped);
        // Window 0: the render hands over no page; the index parses every page itself.
        const auto parsed =
            build(source, dir / "parsed", dropped, docket::BuildOptions{}.zip_batch_bytes, 0);
        fs::remove_all(dir);
        REQUIRE(fed.size() == parsed.size());
        std::size_t search_files = 0;
        for (const auto& file : fed) {
            const std::string& path = file.first;
            INFO(path);
            REQUIRE(parsed.count(path) == 1);
            CHECK(parsed.at(path) == file.second);
            search_files += path.starts_with("assets/search/");
        }
        CHECK(search_files > 10);
    }
}

TEST_CASE("the offline zip is the same bytes written in batches of a few pages as in one") {
    const fs::path dir = fs::temp_directory_path() / "docket-zip-batch-test";
    fs::remove_all(dir);
    const fs::path source = DOCKET_SOURCE_DIR;
    const std::size_t keep = docket::BuildOptions{}.kept_body_bytes;
    const auto whole = build(source, dir / "whole", keep);
    const auto batched = build(source, dir / "batched", keep, 1);
    // Into an existing output: entries copied from the previous zip, batches of about 16 kB.
    const auto rebuilt = build(source, dir / "batched", keep, 16000);
    fs::remove_all(dir);
    std::size_t zips = 0;
    for (const auto* other : {&batched, &rebuilt}) {
        REQUIRE(other->size() == whole.size());
        for (const auto& file : whole) {
            const std::string& path = file.first;
            INFO(path);
            REQUIRE(other->count(path) == 1);
            CHECK(other->at(path) == file.second);
            zips += path.ends_with("-offline.zip");
        }
    }
    CHECK(zips == 2);
}

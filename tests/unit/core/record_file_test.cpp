#include "docket/files.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

TEST_CASE("RecordFile: records appended from several threads at once read back whole, and "
          "the file is not in its directory") {
    docket::TemporaryDirectory dir(fs::temp_directory_path() / "docket-records-test-XXXXXX");
    REQUIRE(!dir.path().empty());
    docket::RecordFile file(dir.path());
    CHECK(fs::is_empty(dir.path()));
    constexpr int threads = 4, each = 500;
    // Record t * each + k: k + 1 copies of letter t, so that each has its own length and bytes.
    std::vector<docket::RecordFile::Record> records(threads * each);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            for (int k = 0; k < each; ++k)
                records[t * each + k] =
                    file.append(std::string(static_cast<std::size_t>(k + 1), char('a' + t)));
        });
    for (auto& w : workers)
        w.join();
    for (int t = 0; t < threads; ++t)
        for (int k = 0; k < each; ++k) {
            const auto bytes = file.read(records[t * each + k]);
            REQUIRE(bytes);
            CHECK(*bytes == std::string(static_cast<std::size_t>(k + 1), char('a' + t)));
        }
    // A record past the file's end cannot be read.
    CHECK(!file.read({records.back().at + 1'000'000, 10}));
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("RecordFile: a directory it cannot make its file in is an error") {
    CHECK_THROWS_AS(docket::RecordFile(fs::path("/nonexistent-docket-dir")), std::system_error);
}

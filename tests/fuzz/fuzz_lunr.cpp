// Fuzzes the Lunr tokenizer and the Swedish and English index and search pipelines.
#include "lunr/en.h"
#include "lunr/pipeline.h"
#include "lunr/sv.h"
#include "lunr/tokenizer.h"

#include <utf8proc.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// The tokenizer's contract is valid UTF-8 (docket checks every file on reading); utf8proc's
// mapping without options fails on exactly the sequences docket refuses.
bool valid_utf8(std::string_view s) {
    utf8proc_uint8_t* copy = nullptr;
    const utf8proc_ssize_t n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                     static_cast<utf8proc_ssize_t>(s.size()), &copy, utf8proc_option_t{});
    std::free(copy);
    return n >= 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (!valid_utf8(text)) return 0;
    static const lunr::Pipeline index = lunr::index_pipeline_sv();
    static const lunr::Pipeline search = lunr::search_pipeline_sv();
    static const lunr::Pipeline index_en = lunr::index_pipeline_en();
    static const lunr::Pipeline search_en = lunr::search_pipeline_en();
    std::string lowered;
    std::vector<std::string_view> views;
    lunr::tokenize(text, lowered, views);
    const std::vector<std::string> owned = lunr::tokenize(text);
    if (owned.size() != views.size()) __builtin_trap();
    for (std::size_t i = 0; i < owned.size(); ++i) {
        if (owned[i] != views[i] || owned[i].empty()) __builtin_trap();
        std::string a = owned[i], b = owned[i], c = owned[i], d = owned[i];
        index.run(a);
        search.run(b);
        index_en.run(c);
        search_en.run(d);
    }
    return 0;
}

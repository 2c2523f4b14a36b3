// Fuzzes the Lunr tokenizer and the Swedish index and search pipelines.
#include "lunr/pipeline.h"
#include "lunr/sv.h"
#include "lunr/tokenizer.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace {

// The tokenizer's contract is valid UTF-8 (docket checks every file on reading).
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (!valid_utf8(text)) return 0;
    static const lunr::Pipeline index = lunr::index_pipeline_sv();
    static const lunr::Pipeline search = lunr::search_pipeline_sv();
    std::string lowered;
    std::vector<std::string_view> views;
    lunr::tokenize(text, lowered, views);
    const std::vector<std::string> owned = lunr::tokenize(text);
    if (owned.size() != views.size()) __builtin_trap();
    for (std::size_t i = 0; i < owned.size(); ++i) {
        if (owned[i] != views[i] || owned[i].empty()) __builtin_trap();
        std::string a = owned[i], b = owned[i];
        index.run(a);
        search.run(b);
    }
    return 0;
}

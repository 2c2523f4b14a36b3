// Fuzzes the whole page pipeline: front matter, Markdown, links and rendering through the real
// theme. The input is one page, or several separated by NUL bytes.
#include "fuzz_common.h"

#include "docket/links.h"
#include "docket/render.h"

#include <cctype>
#include <memory>

namespace {

// Nothing the content says may become executable markup (raw HTML is off by default): no inline
// <script> but the JSON-LD data block (`type="application/ld+json"`, which a browser does not run;
// its JSON escapes '<', so the content cannot close it), no on* attribute, no javascript:,
// vbscript: or data: URL in href or src. The output escapes '<' in text and '"' in attribute
// values, so every "<x" is a tag and quotes delimit.
bool safe_html(const std::string& html) {
    auto lower = [](std::string s) {
        for (char& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
        if (i + 1 >= html.size() || !std::isalpha(static_cast<unsigned char>(html[i + 1])))
            continue;
        std::size_t k = i + 1;
        while (k < html.size() && std::isalnum(static_cast<unsigned char>(html[k])))
            ++k;
        const std::string name = lower(html.substr(i + 1, k - i - 1));
        bool has_src = false, data_block = false;
        while (k < html.size() && html[k] != '>') {
            while (k < html.size() && (html[k] == ' ' || html[k] == '/'))
                ++k;
            const std::size_t a = k;
            while (k < html.size() && html[k] != '=' && html[k] != ' ' && html[k] != '>')
                ++k;
            const std::string attr = lower(html.substr(a, k - a));
            std::string value;
            if (k < html.size() && html[k] == '=' && k + 1 < html.size() && html[k + 1] == '"') {
                const std::size_t close = html.find('"', k + 2);
                if (close == std::string::npos) return false;
                value = lower(html.substr(k + 2, close - k - 2));
                k = close + 1;
            }
            if (attr.starts_with("on")) return false;
            if (attr == "src") has_src = true;
            if (attr == "type" && value == "application/ld+json") data_block = true;
            if (attr == "href" || attr == "src") {
                // A URL is one of these only by the scheme at its start, as a browser reads it
                // (it drops tabs and newlines and strips leading spaces and controls; here every
                // byte up to and including a space is dropped). "](javascript:x)" is a path.
                std::string url;
                for (char c : value)
                    if (static_cast<unsigned char>(c) > ' ') url += c;
                for (const char* bad : {"javascript:", "vbscript:", "data:"})
                    if (url.starts_with(bad)) return false;
            }
            if (a == k) ++k;
        }
        if (name == "script" && !has_src && !data_block) return false;
        // A data block's text holds no '<' before its end tag: nothing in it closes it early.
        if (name == "script" && data_block) {
            const std::size_t end = html.find("</script>", k);
            if (end == std::string::npos || html.find('<', k) < end) return false;
        }
        if (name == "iframe" || name == "object" || name == "embed") return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static docket::Diagnostics theme_diags;
    static const std::unique_ptr<docket::Theme> theme =
        docket::Theme::load(DOCKET_SOURCE_DIR "/themes/default", "sv", theme_diags);
    if (!theme) __builtin_trap();
    docket::Diagnostics diags;
    docket::Site site = fuzz::make_site(data, size, diags);
    docket::parse_bodies(site, diags, 1);
    const docket::LinkGraph graph = docket::resolve_links(site, diags);
    // As build_site: nothing is rendered once an error is known (render/ relies on valid pages).
    if (diags.error_count() > 0) return 0;
    const auto files =
        docket::render_site(site, graph, *theme, docket::ArchiveLinks{}, 1, diags).files;
    for (const auto& f : files)
        if (!safe_html(f.content)) __builtin_trap();
    return 0;
}

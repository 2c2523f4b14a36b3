// Fuzzes the whole page pipeline: front matter, Markdown, links and rendering through the real
// theme. The input is one page, or several separated by NUL bytes.
#include "fuzz_common.h"

#include "docket/links.h"
#include "docket/render.h"

#include <memory>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static docket::Diagnostics theme_diags;
    static const std::unique_ptr<docket::Theme> theme =
        docket::Theme::load(DOCKET_SOURCE_DIR "/themes/default", "sv", theme_diags);
    if (!theme) __builtin_trap();
    docket::Diagnostics diags;
    docket::Site site = fuzz::make_site(data, size, diags);
    docket::parse_bodies(site, diags, 1);
    const docket::LinkGraph graph = docket::resolve_links(site, diags);
    const auto files = docket::render_site(site, graph, *theme, docket::FooterLinks{}, 1, diags);
    for (const auto& f : files) {
        // Nothing the content says may become executable markup.
        if (f.content.find("javascript:") != std::string::npos) __builtin_trap();
        if (f.content.find("<script>alert") != std::string::npos) __builtin_trap();
    }
    return 0;
}

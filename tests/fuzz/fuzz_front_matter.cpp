// Fuzzes the front matter splitter and the schema validation: one file's bytes in, diagnostics out.
#include "docket/page.h"
#include "docket/personal_data.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    docket::Page page;
    page.source = "content/fuzz.md";
    page.path = "/nonexistent/content/fuzz.md";
    page.id = "fuzz";
    page.text.assign(reinterpret_cast<const char*>(data), size);
    docket::Diagnostics diags;
    if (docket::parse_page(page, diags)) {
        if (page.title.empty() && page.kind == "page") page.title = page.id;
        docket::validate_page(page, diags);
        docket::check_personal_data(page, diags);
    }
    for (const auto& d : diags.sorted())
        (void)docket::format(d);
    return 0;
}

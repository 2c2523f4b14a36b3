// Fuzzes the link resolver: up to 8 pages (separated by NUL bytes) linking to each other by
// [[id]], file links, diarienummer, terms and front matter relations.
#include "fuzz_common.h"

#include "docket/links.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    docket::Diagnostics diags;
    docket::Site site = fuzz::make_site(data, size, diags);
    docket::parse_bodies(site, diags, 1);
    const docket::LinkGraph graph = docket::resolve_links(site, diags);
    for (std::size_t i = 0; i < graph.outgoing.size(); ++i)
        for (std::size_t t : graph.outgoing[i])
            if (t >= site.pages.size()) __builtin_trap();
    return 0;
}

// Writing a rendered page for one output (render.h's OutputScope): one linear copy of its bytes
// with its marks (PageMark) applied. Internal to render/; the unit tests use it directly.
#pragma once

#include "docket/personal_data.h"
#include "docket/render.h"

#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace docket {

// What an output does with one href, src or action value.
struct UrlChange {
    enum Kind { keep, replace, outside } kind = keep;
    std::string value;   // for replace
    bool unread = false; // a value the page did not hold as a part (base_url's): the guard reads it
};

// An output's link policy: `rewrite` decides for every href, src and action; an <a> whose href
// is `outside` becomes <span class="outside-scope"> followed by `outside_note`.
struct LinkScope {
    std::function<UrlChange(std::string_view url)> rewrite;
    std::string outside_note;
};

// How one output writes a page.
struct PageOutput {
    std::string path;                        // where the page is written
    const LinkScope* links = nullptr;        // none: every URL as rendered
    std::function<bool(std::uint32_t)> keep; // whether a part's condition holds (not negated)
    std::function<std::string_view(std::uint32_t)> late; // a late text; none: ""
    const PersonalDataGuard* guard = nullptr;            // reads the values a rewrite marks unread
};

// `page` (its links, ids and origins as rendered) written from `bytes` for `how`: the links and
// ids of the result are those it holds, as written.
OutputFile write_page(const OutputFile& page, std::span<const PageMark> marks,
                      std::string_view bytes, const PageOutput& how);

} // namespace docket

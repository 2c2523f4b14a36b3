#include "docket/preview.h"

#include "docket/render.h"
#include "html_writer.h"

#include <string>

namespace docket {

namespace {

// The page's few rules (the theme's stylesheet may not exist yet: the first build can fail).
constexpr std::string_view errors_style =
    "body{font:1rem/1.5 system-ui,sans-serif;margin:0;padding:1rem 2rem;color:#1a1a1a;"
    "background:#fff}h1{color:#a4000f;font-size:1.5rem}ol{padding-left:1.5rem}"
    "li{margin-bottom:1.5rem}pre{background:#f4f4f4;padding:.5rem;overflow-x:auto;"
    "white-space:pre-wrap}";

void write_error(HtmlWriter& out, const PreviewError& e) {
    out.open("li");
    out.open("p");
    out.open("code");
    out.text(e.place);
    out.close();
    out.text(": " + e.message);
    out.close();
    if (e.line > 0) {
        out.open("pre");
        out.text(std::to_string(e.line) + " | " + e.source_line);
        out.close();
    }
    out.close();
}

} // namespace

std::string preview_script_element(std::string_view src) {
    std::string html;
    HtmlWriter out(html);
    out.open("script", {{"src", src}});
    out.close();
    return html;
}

std::string preview_errors_page(const Theme& theme, const std::string& language,
                                const std::vector<PreviewError>& errors,
                                std::string_view script_src) {
    const std::string title = theme.text("errors_title");
    std::string html = "<!DOCTYPE html>\n";
    HtmlWriter out(html);
    out.open("html", {{"lang", language}});
    out.open("head");
    out.open("meta", {{"charset", "utf-8"}});
    out.open("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
    out.open("title");
    out.text(title);
    out.close();
    out.open("style");
    out.text(errors_style);
    out.close();
    out.close();
    out.open("body");
    out.open("main", {{"id", "docket-errors"}});
    out.open("h1");
    out.text(title);
    out.close();
    out.open("p");
    out.text(theme.text("errors_lead"));
    out.close();
    out.open("ol");
    for (const PreviewError& e : errors)
        write_error(out, e);
    out.close();
    out.close();
    out.open("script", {{"src", script_src}});
    out.close();
    out.close();
    out.close();
    html += '\n';
    return html;
}

} // namespace docket

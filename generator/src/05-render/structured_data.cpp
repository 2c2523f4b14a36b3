#include "structured_data.h"

#include "docket/href.h"
#include "docket/model.h"
#include "docket/render.h"

#include <cmark-gfm.h>
#include <nlohmann/json.hpp>

namespace docket {

namespace {

using nlohmann::json;

// A capital letter (ASCII, or Latin-1's À-Þ such as Å, Ä, Ö, É) or a digit starts `s`.
bool starts_sentence(std::string_view s) {
    if (s.empty()) return false;
    const auto c = static_cast<unsigned char>(s[0]);
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    if (c != 0xc3 || s.size() < 2) return false;
    const auto d = static_cast<unsigned char>(s[1]);
    return d >= 0x80 && d <= 0x9e && d != 0x97; // not U+00D7 ×
}

// The first sentence of a paragraph's text.
std::string sentence_of(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        const char c = text[i];
        if ((c == '.' || c == '!' || c == '?') && text[i + 1] == ' ' &&
            starts_sentence(text.substr(i + 2)))
            return std::string(text.substr(0, i + 1));
    }
    return std::string(text);
}

bool continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// The schema.org Organization that held a meeting: its body, part of the site's organisation.
json organizer(const SiteConfig& config, const std::string& body) {
    json o = {{"@type", "Organization"}, {"name", body}};
    if (!config.organisation.empty())
        o["parentOrganization"] = {{"@type", "Organization"}, {"name", config.organisation}};
    return o;
}

// The glossary's site path, "" when the site has no glossary page (term has no URL segment).
std::string glossary_path(const SiteConfig& config) {
    const auto it = config.url_segments.find("term");
    return it == config.url_segments.end() || it->second.empty() ? "" : it->second + "/index.html";
}

// The glossary as a schema.org DefinedTermSet: its name, and its address with base_url.
json term_set(const Site& site, const Theme& theme) {
    json set = {{"@type", "DefinedTermSet"}, {"name", theme.text("glossary_title")}};
    const std::string path = glossary_path(site.config);
    if (const std::string url = public_url(site.config, path); !url.empty() && !path.empty())
        set["@id"] = set["url"] = url;
    return set;
}

// The schema.org entity a content page is, or null where no type fits its kind.
json page_entity(const HeadSource& s, const std::string& description) {
    const Page& p = *s.page;
    json e;
    if (p.kind == "meeting") {
        e = {{"@type", "Event"}, {"name", shown_title(p)}, {"startDate", p.str("date")}};
        e["organizer"] = organizer(s.site.config, p.str("body"));
        if (const auto where = p.str("location"); !where.empty())
            e["location"] = {{"@type", "Place"}, {"name", where}};
    } else if (p.kind == "case") {
        e = {{"@type", "DigitalDocument"},
             {"name", shown_title(p)},
             {"identifier", p.str("diarienummer")},
             {"dateCreated", p.str("date")}};
        if (const auto officer = p.str("officer"); !officer.empty())
            e["author"] = {{"@type", "Person"}, {"name", officer}};
    } else if (p.kind == "term") {
        const std::string expansion = p.str("expansion");
        // What an abbreviation stands for is its short definition.
        return {{"@type", "DefinedTerm"},
                {"name", p.str("term").empty() ? shown_title(p) : p.str("term")},
                {"description", expansion.empty() ? description : expansion},
                {"inDefinedTermSet", term_set(s.site, s.theme)}};
    } else {
        return nullptr;
    }
    e["description"] = description;
    return e;
}

// The page's breadcrumbs (the context's, as shown) as a schema.org BreadcrumbList; each item's
// address only with base_url (a relative one would not follow the page into a pack).
json breadcrumb_list(const HeadSource& s) {
    const std::vector<Context>* crumbs = s.context.items("breadcrumbs");
    if (!crumbs) return nullptr;
    const std::string dir(s.path.substr(0, s.path.rfind('/') + 1));
    json items = json::array();
    for (const Context& crumb : *crumbs) {
        json item = {{"@type", "ListItem"},
                     {"position", items.size() + 1},
                     {"name", crumb.string("title").value_or("")}};
        const auto target = resolve_site_path(dir, crumb.string("href").value_or(""));
        if (const std::string url = target ? public_url(s.site.config, *target) : ""; !url.empty())
            item["item"] = url;
        items.push_back(std::move(item));
    }
    return {{"@type", "BreadcrumbList"}, {"itemListElement", std::move(items)}};
}

// The description of a page: its summary, else the first sentence of its text, else its kind
// and title in the theme's words; a generated page's from the theme: description_<template>,
// else the lead its page shows (start_lead, glossary_lead, history_lead, print_lead), else
// description_list.
std::string description_of(const HeadSource& s) {
    const std::string title(s.context.string("title").value_or(""));
    const std::string site = s.site.config.title;
    if (!s.page) {
        const std::string name(s.generated);
        std::string text;
        // Theme::text gives the key itself for words the theme does not have.
        for (const std::string& key :
             {"description_" + name, name + "_lead", std::string("description_list")})
            if ((text = s.theme.text(key, {{"title", title}, {"site", site}})) != key) break;
        return shorten(text);
    }
    std::string text = summary_of(s.site, *s.page);
    if (text.empty())
        text = s.theme.text(
            "description_page",
            {{"kind", s.theme.text("kind_" + s.page->kind)}, {"title", title}, {"site", site}});
    return shorten(text);
}

} // namespace

std::string first_sentence(cmark_node* doc) {
    if (!doc) return {};
    // The text of the first paragraph that has any, read no further than a description needs
    // (a paragraph of megabytes costs no more than a short one).
    constexpr std::size_t enough = 4096;
    std::string text, intro;
    cmark_node* paragraph = nullptr;
    cmark_iter* it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && text.size() < enough) {
        cmark_node* n = cmark_iter_get_node(it);
        const auto type = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_EXIT && n == paragraph) {
            // A paragraph ending in a colon ("I Åtgärdsplan 2020, 4.2, Definition:") introduces
            // what follows, a quotation or a list: the sentence is the next paragraph's.
            const std::size_t last = text.find_last_not_of(' ');
            if (last != std::string::npos && text[last] != ':') break;
            if (last != std::string::npos && intro.empty()) intro = std::move(text);
            paragraph = nullptr;
            text.clear();
        }
        if (ev != CMARK_EVENT_ENTER) continue;
        if (!paragraph && type == CMARK_NODE_PARAGRAPH) paragraph = n;
        if (!paragraph) continue;
        if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)
            text += cmark_node_get_literal(n);
        else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
            text += ' ';
    }
    cmark_iter_free(it);
    if (text.find_first_not_of(' ') == std::string::npos) text = std::move(intro);
    return sentence_of(shorten(text, std::string::npos));
}

std::string shorten(std::string_view text, std::size_t max) {
    std::string out;
    std::size_t chars = 0, last_space = std::string::npos;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            if (out.empty() || out.back() == ' ') continue;
            last_space = out.size();
        }
        if (!continuation(c) && ++chars > max) {
            out.resize(last_space == std::string::npos ? out.size() : last_space);
            while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ':'))
                out.pop_back();
            return out + "\u2026";
        }
        out += space ? ' ' : c;
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string summary_of(const Site& site, const Page& page) {
    ShownPages::record(page);
    std::string text = page.str("summary");
    if (text.empty()) {
        const PageDoc& doc = site.docs[static_cast<std::size_t>(&page - site.pages.data())];
        text = doc.doc ? first_sentence(doc.doc.get()) : doc.first_sentence;
    }
    return text;
}

void release_ast(PageDoc& doc) {
    if (!doc.doc) return;
    doc.first_sentence = first_sentence(doc.doc.get());
    drop_ast(doc);
}

std::shared_ptr<const PageDoc> share_ast(PageDoc& doc) {
    auto shared = std::make_shared<PageDoc>();
    shared->headings = doc.headings;
    shared->anchors = doc.anchors;
    shared->inserted_line = doc.inserted_line;
    shared->doc = std::move(doc.doc);
    shared->link_targets = std::move(doc.link_targets);
    shared->first_sentence = first_sentence(shared->doc.get());
    doc.first_sentence = shared->first_sentence;
    drop_ast(doc);
    return shared;
}

Replaced replace_doc(Site& site, std::size_t i, PageDoc doc) {
    PageDoc& old = site.docs[i];
    auto face = [](const Heading& h) { return std::tie(h.level, h.text, h.id); };
    const bool same =
        std::equal(old.headings.begin(), old.headings.end(), doc.headings.begin(),
                   doc.headings.end(),
                   [&](const Heading& a, const Heading& b) { return face(a) == face(b); }) &&
        old.anchors == doc.anchors && (old.inserted_line == 0) == (doc.inserted_line == 0);
    if (!same) return Replaced::none;
    const bool same_summary = (old.doc ? first_sentence(old.doc.get()) : old.first_sentence) ==
                              first_sentence(doc.doc.get());
    const bool kept = old.doc != nullptr;
    old = std::move(doc);
    if (!kept) release_ast(old);
    return same_summary ? Replaced::same_summary : Replaced::new_summary;
}

std::string_view site_address(std::string_view path) {
    constexpr std::string_view index = "index.html";
    if (path == index || path.ends_with("/" + std::string(index))) path.remove_suffix(index.size());
    return path;
}

std::string public_url(const SiteConfig& config, std::string_view path) {
    if (config.base_url.empty()) return {};
    return config.base_url + std::string(site_address(path));
}

void head_metadata(Context& head, const HeadSource& s) {
    const std::string description = description_of(s);
    head.set("description", description);
    head.set("og_type", s.page ? "article" : "website");
    const std::string url = s.generated == "not_found" ? "" : public_url(s.site.config, s.path);
    head.set("canonical", url);
    json graph = json::array();
    if (s.page) {
        json e = page_entity(s, description);
        if (!e.is_null()) {
            if (!url.empty()) e["@id"] = e["url"] = url;
            graph.push_back(std::move(e));
        }
    } else if (s.generated == "glossary") {
        json set = term_set(s.site, s.theme);
        set["description"] = description;
        graph.push_back(std::move(set));
    }
    if (json crumbs = breadcrumb_list(s); !crumbs.is_null()) graph.push_back(std::move(crumbs));
    if (graph.empty()) return;
    json ld = {{"@context", "https://schema.org"}, {"@graph", std::move(graph)}};
    head.slot("json_ld", [ld = std::move(ld)](HtmlWriter& out) { out.json(ld); });
}

} // namespace docket

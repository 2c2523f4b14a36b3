#include "docket/site_index.h"

#include "docket/model.h"
#include "docket/render.h"

#include "lunr/builder.h"
#include "lunr/languages.h"
#include "lunr/serialiser.h"

#include <cmark-gfm.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

namespace docket {

namespace {

constexpr std::size_t min_sections = 3;
constexpr std::size_t excerpt_length = 240;

struct Document {
    std::string ref, title, diarienummer, kind, body;
    double boost = 1;
    std::string url, breadcrumb; // for the store
};

// Plain text of blocks [from, to), blocks separated by newlines.
std::string blocks_text(cmark_node* from, cmark_node* to) {
    std::string out;
    for (cmark_node* n = from; n && n != to; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) continue;
        const std::string t = block_text(n);
        if (t.empty()) continue;
        if (!out.empty()) out += '\n';
        out += t;
    }
    return out;
}

std::string excerpt(const std::string& text) {
    if (text.size() <= excerpt_length) return text;
    std::size_t cut = text.rfind(' ', excerpt_length);
    if (cut == std::string::npos || cut < excerpt_length / 2) cut = excerpt_length;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80)
        --cut; // UTF-8 boundary
    return text.substr(0, cut) + " \u2026";
}

// Text the page shows from its front matter: the keys its kind's schema marks indexed (a case's
// proposal, a term's expansion, a meeting's agenda items...).
std::string front_matter_text(const Page& p, const KindSchema& kind) {
    std::string out;
    auto add = [&](const std::string& s) {
        if (s.empty()) return;
        if (!out.empty()) out += '\n';
        out += s;
    };
    for (const FieldSpec& f : kind.fields) {
        if (!f.indexed) continue;
        if (f.type == FieldType::list)
            for (const auto& s : p.list(f.name))
                add(s);
        else if (f.type != FieldType::table_list)
            add(p.str(f.name));
        else if (const Value* v = p.get(f.name))
            for (const auto& row : v->rows)
                for (const FieldSpec& column : f.row)
                    if (column.indexed) add(row.str(column.name));
    }
    return out;
}

// The titles of the pages above p, as its breadcrumb shows them.
std::string breadcrumb(const Site& site, const Page& p) {
    std::string out;
    for (std::size_t up : breadcrumb_chain(site, p))
        out += (out.empty() ? "" : " \u203a ") + site.pages[up].title;
    return out;
}

// The documents of page i: the page, and its sections when it has enough of them.
std::vector<Document> page_documents(const Site& site, const Theme& theme, std::size_t i) {
    std::vector<Document> docs;
    const Page& p = site.pages[i];
    const KindSchema* kind = find_kind(p.kind);
    Document page;
    page.url = page_href(p);
    page.ref = page.url;
    page.title = display_title(p);
    page.diarienummer = p.str("diarienummer");
    page.kind = theme.text("kind_" + p.kind);
    page.breadcrumb = breadcrumb(site, p);
    page.boost = kind ? kind->model.search_boost : 1;

    cmark_node* doc = site.docs[i].doc.get();
    std::vector<cmark_node*> sections;
    for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 2)
            sections.push_back(n);
    const bool split = sections.size() >= min_sections;
    std::string body = kind ? front_matter_text(p, *kind) : std::string();
    const std::string text =
        blocks_text(cmark_node_first_child(doc), split ? sections.front() : nullptr);
    if (!text.empty()) body += (body.empty() ? "" : "\n") + text;
    page.body = std::move(body);
    docs.push_back(page);
    if (!split) return docs;
    for (std::size_t k = 0; k < sections.size(); ++k) {
        cmark_node* h = sections[k];
        cmark_node* end = k + 1 < sections.size() ? sections[k + 1] : nullptr;
        Document s;
        std::string id;
        for (const auto& hd : site.docs[i].headings)
            if (hd.node == h) id = hd.id;
        s.url = page.url + "#" + id;
        s.ref = s.url;
        s.title = page.title + " \u2013 " + node_text(h);
        s.diarienummer = page.diarienummer;
        s.kind = page.kind;
        s.breadcrumb =
            page.breadcrumb.empty() ? page.title : page.breadcrumb + " \u203a " + page.title;
        s.body = blocks_text(cmark_node_next(h), end);
        s.boost = page.boost;
        docs.push_back(std::move(s));
    }
    return docs;
}

// The index and the store publish every text of a page's documents.
void guard_documents(const PersonalDataGuard& guard, const Page& p,
                     const std::vector<Document>& docs) {
    const Published where{p.source, "assets/search-store.js", "search index"};
    for (const auto& d : docs)
        for (std::string_view text :
             {d.ref, d.title, d.diarienummer, d.kind, d.body, d.url, d.breadcrumb})
            guard.check(text, where);
}

constexpr std::pair<const char*, double> fields[] = {
    {"title", 10}, {"diarienummer", 5}, {"kind", 1}, {"body", 1}};

// The corpus in `docket index`'s format: the index is what lunr.js builds from it.
std::string corpus_json(const std::vector<std::vector<Document>>& pages) {
    nlohmann::ordered_json corpus;
    corpus["ref"] = "id";
    nlohmann::ordered_json field_list = nlohmann::ordered_json::array();
    for (const auto& [name, boost] : fields) {
        nlohmann::ordered_json f = {{"name", name}};
        if (boost != 1) f["boost"] = boost;
        field_list.push_back(std::move(f));
    }
    corpus["fields"] = std::move(field_list);
    nlohmann::ordered_json documents = nlohmann::ordered_json::array();
    for (const auto& docs : pages)
        for (const auto& d : docs) {
            nlohmann::ordered_json doc = {{"id", d.ref},
                                          {"title", d.title},
                                          {"diarienummer", d.diarienummer},
                                          {"kind", d.kind},
                                          {"body", d.body}};
            if (d.boost != 1) doc["boost"] = d.boost;
            documents.push_back(std::move(doc));
        }
    corpus["documents"] = std::move(documents);
    return corpus.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The result store's entries for one page's documents, `"ref":{…}` joined by commas: what the
// search page shows of a hit.
std::string store_entries(const std::vector<Document>& docs) {
    constexpr auto replace_invalid = nlohmann::ordered_json::error_handler_t::replace;
    std::string out;
    for (const auto& d : docs) {
        nlohmann::ordered_json entry = {
            {"t", d.title}, {"u", d.url}, {"k", d.kind}, {"e", excerpt(d.body)}};
        if (!d.breadcrumb.empty()) entry["b"] = d.breadcrumb;
        if (!d.diarienummer.empty()) entry["d"] = d.diarienummer;
        if (!out.empty()) out += ',';
        out += nlohmann::ordered_json(d.ref).dump(-1, ' ', false, replace_invalid);
        out += ':';
        out += entry.dump(-1, ' ', false, replace_invalid);
    }
    return out;
}

} // namespace

bool has_search_pipeline(std::string_view language) {
    return lunr::language(language) != nullptr;
}

SearchFiles build_search(const Site& site, const Theme& theme, const std::vector<std::size_t>* only,
                         unsigned threads, bool with_corpus) {
    const lunr::Language language = lunr::language(site.config.language);
    if (!language)
        throw std::invalid_argument("no search pipeline for language \"" + site.config.language +
                                    "\"");
    // Each page's documents and store entries are made in parallel; the builder, one thread,
    // takes the documents in page order.
    const std::size_t n = only ? only->size() : site.pages.size();
    std::vector<std::vector<Document>> pages(n);
    std::vector<std::string> entries(n);
    parallel_for(n, threads, [&](std::size_t k) {
        const std::size_t i = only ? (*only)[k] : k;
        pages[k] = page_documents(site, theme, i);
        if (site.guard) guard_documents(*site.guard, site.pages[i], pages[k]);
        entries[k] = store_entries(pages[k]);
    });

    lunr::Builder builder;
    builder.use(language);
    for (const auto& [name, boost] : fields)
        builder.field(name, boost);
    SearchFiles out;
    // The store is written page by page: inserting into an ordered_json object searches all of
    // its keys, which made this stage quadratic in the number of documents. Refs are unique.
    std::string store = "window.DOCKET_SEARCH_STORE = {";
    for (std::size_t i = 0; i < pages.size(); ++i) {
        for (const auto& d : pages[i]) {
            const std::string_view texts[] = {d.title, d.diarienummer, d.kind, d.body};
            builder.add(d.ref, texts, d.boost);
            ++out.documents;
        }
        if (entries[i].empty()) continue;
        if (store.back() != '{') store += ',';
        store += entries[i];
        std::string().swap(entries[i]);
    }
    store += "};\n";
    if (with_corpus) out.corpus_json = corpus_json(pages);
    std::vector<std::vector<Document>>().swap(pages); // the builder holds what the index needs
    // The index's JSON is the largest file of a big site (170 MB for 10,000 pages): it is
    // appended in place, never copied.
    std::string index = "window.DOCKET_SEARCH_INDEX = ";
    lunr::append_json(index, builder.build());
    index += ";\n";
    out.files.push_back({std::string(search_index_file), std::move(index), {}, {}, {}, {}});
    out.files.push_back({std::string(search_store_file), std::move(store), {}, {}, {}, {}});
    return out;
}

} // namespace docket

#include "docket/site_index.h"

#include "docket/files.h"
#include "docket/model.h"
#include "docket/render.h"

#include "lunr/builder.h"
#include "lunr/languages.h"
#include "lunr/serialiser.h"
#include "lunr/shards.h"
#include "lunr/varint.h"

#include <cmark-gfm.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <iterator>
#include <mutex>
#include <stdexcept>

namespace docket {

namespace {

constexpr std::size_t min_sections = 3;
// The JSON of a term shard: about 6 kB gzip-compressed, the cost of a query for a rare word.
constexpr std::size_t shard_bytes = 16384;
// Pages whose documents are made at once, then handed to the builder.
constexpr std::size_t search_batch = 1024;

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

// The documents of page i, from its AST (page_doc's): the page, and its sections when it has
// enough of them.
std::vector<Document> page_documents(const Site& site, const Theme& theme, std::size_t i,
                                     const PageDoc& parsed) {
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

    cmark_node* doc = parsed.doc.get();
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
        for (const auto& hd : parsed.headings)
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

// Where part `name` of the search files ("p/3", "t/0", "manifest") goes in the output.
std::string part_path(const std::string& name) {
    return std::string(search_directory) + name + ".js";
}

// The name of the k-th indexed page's part of the result store.
std::string store_part_name(std::size_t k) {
    return "p/" + std::to_string(k);
}

// The index and the store publish every text of a page's documents.
void guard_documents(const PersonalDataGuard& guard, const Page& p,
                     const std::vector<Document>& docs, const std::string& part) {
    const std::string file = part_path(part);
    const Published where{p.source, file, "search index"};
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

// The JSON of page k's part of the result store, "p/<k>": what the search page shows of the
// page's hits, with each document's text as indexed (excerpts are chosen around the matches).
std::string store_part(const std::vector<Document>& docs) {
    constexpr auto replace_invalid = nlohmann::ordered_json::error_handler_t::replace;
    const Document& page = docs.front();
    nlohmann::ordered_json part = {{"k", page.kind}};
    if (!page.diarienummer.empty()) part["d"] = page.diarienummer;
    if (!page.breadcrumb.empty()) part["b"] = page.breadcrumb;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& d : docs)
        list.push_back({{"t", d.title}, {"u", d.url}, {"x", d.body}});
    part["docs"] = std::move(list);
    return part.dump(-1, ' ', false, replace_invalid);
}

// A part of the search files as the script that hands it to the search page.
OutputFile search_part(const std::string& name, const std::string& json) {
    std::string script = "DOCKET_SEARCH_DATA(\"" + name + "\",";
    script += json;
    script += ");\n";
    return {part_path(name), std::move(script), {}, {}, {}, {}};
}

// Page i's documents, from its AST, and its part of the result store as the k-th page indexed
// ("p/<k>"), which the guard reads: handed to `sink`, or put in `files[k]`.
std::vector<Document> documents_and_part(const Site& site, const Theme& theme, std::size_t i,
                                         std::size_t k, const PageDoc& parsed,
                                         const SearchSink& sink, std::vector<OutputFile>& files) {
    std::vector<Document> docs = page_documents(site, theme, i, parsed);
    const std::string name = store_part_name(k);
    if (site.guard) guard_documents(*site.guard, site.pages[i], docs, name);
    OutputFile part = search_part(name, store_part(docs));
    if (sink)
        sink(std::move(part));
    else
        files[k] = std::move(part);
    return docs;
}

// A part of the site's search files as a pack's: its name `name`, not the site's.
std::optional<std::string> renamed_part(const std::string& script, const std::string& name) {
    const std::string head = "DOCKET_SEARCH_DATA(\"";
    const std::size_t comma = script.find("\",");
    if (!script.starts_with(head) || comma == std::string::npos) return std::nullopt;
    return head + name + script.substr(comma);
}

// A builder of the site's search index, with its fields and its language's pipeline.
lunr::Builder search_builder(const Site& site) {
    const lunr::Language language = lunr::language(site.config.language);
    if (!language)
        throw std::invalid_argument("no search pipeline for language \"" + site.config.language +
                                    "\"");
    lunr::Builder builder;
    builder.use(language);
    for (const auto& [name, boost] : fields)
        builder.field(name, boost);
    return builder;
}

// Writes `index` as term shards (the documents' groups: `page_of`) with their manifest,
// vocabulary and counts, to `sink` or `out.files`.
void write_index(lunr::Index index, const std::vector<std::uint32_t>& page_of,
                 const SearchSink& sink, SearchFiles& out) {
    lunr::write_shards(std::move(index), page_of, shard_bytes,
                       [&](const std::string& name, std::string json) {
                           OutputFile part = search_part(name, json);
                           out.paths.push_back(part.path);
                           if (sink)
                               sink(std::move(part));
                           else
                               out.files.push_back(std::move(part));
                       });
}

// A page's documents as analysed, in AnalysedPages' file: the number of documents, then each
// document's ref, boost and fields (length, number of terms, then each term and frequency), the
// numbers as varints (lunr/varint.h) and the boost as its 8 bytes.

struct AnalysedDocument {
    std::string ref;
    double boost = 1;
    std::vector<lunr::AnalysedField> fields;
};

void put_document(std::string& out, std::string_view ref, double boost,
                  std::span<const lunr::AnalysedField> fields) {
    lunr::append_varint(out, ref.size());
    out += ref;
    char bytes[sizeof boost];
    std::memcpy(bytes, &boost, sizeof boost);
    out.append(bytes, sizeof bytes);
    for (const lunr::AnalysedField& f : fields) {
        lunr::append_varint(out, f.length);
        lunr::append_varint(out, f.terms.size());
        for (const auto& [term, frequency] : f.terms) {
            lunr::append_varint(out, term);
            lunr::append_varint(out, frequency);
        }
    }
}

// Reads what put_document wrote; nullopt when the record ends too soon.
class RecordReader {
  public:
    explicit RecordReader(std::string_view bytes) : bytes_(bytes) {}
    std::optional<std::uint64_t> number() {
        const auto* begin = reinterpret_cast<const unsigned char*>(bytes_.data());
        const auto* at = begin + pos_;
        std::uint64_t n = 0;
        const bool whole = lunr::read_varint(at, begin + bytes_.size(), n);
        pos_ = static_cast<std::size_t>(at - begin);
        return whole ? std::optional(n) : std::nullopt;
    }
    std::optional<std::string_view> bytes(std::size_t n) {
        if (bytes_.size() - pos_ < n) return std::nullopt;
        pos_ += n;
        return bytes_.substr(pos_ - n, n);
    }

  private:
    std::string_view bytes_;
    std::size_t pos_ = 0;
};

std::optional<AnalysedDocument> read_document(RecordReader& in, std::size_t field_count) {
    AnalysedDocument d;
    const auto ref_size = in.number();
    const auto ref = ref_size ? in.bytes(*ref_size) : std::nullopt;
    const auto boost = in.bytes(sizeof d.boost);
    if (!ref || !boost) return std::nullopt;
    d.ref = *ref;
    std::memcpy(&d.boost, boost->data(), sizeof d.boost);
    d.fields.resize(field_count);
    for (lunr::AnalysedField& f : d.fields) {
        const auto length = in.number(), terms = in.number();
        if (!length || !terms) return std::nullopt;
        f.length = static_cast<std::uint32_t>(*length);
        for (std::uint64_t t = 0; t < *terms; ++t) {
            const auto term = in.number(), frequency = in.number();
            if (!term || !frequency) return std::nullopt;
            f.terms.emplace_back(static_cast<std::uint32_t>(*term),
                                 static_cast<std::uint32_t>(*frequency));
        }
    }
    return d;
}

} // namespace

AnalysedPages::AnalysedPages(const std::filesystem::path& dir) : file_(dir) {}

void AnalysedPages::append(std::string_view bytes, std::span<const std::size_t> ends) {
    // Appended from one thread, one batch after another: the records are back to back.
    const std::uint64_t at = file_.append(bytes).at;
    for (std::size_t end : ends)
        offsets_.push_back(at + end);
}

std::optional<std::string> AnalysedPages::record(std::size_t i) const {
    if (i + 1 >= offsets_.size()) return std::nullopt;
    return file_.read({offsets_[i], offsets_[i + 1] - offsets_[i]});
}

bool has_search_pipeline(std::string_view language) {
    return lunr::language(language) != nullptr;
}

// The pages SearchFeed was given, as build_search takes them.
struct FedPages {
    enum State : char { pending, given, not_kept };
    FedPages(const Site& s, const Theme& t, SearchSink k, std::size_t w)
        : site(s), theme(t), sink(std::move(k)), window(w), state(s.pages.size(), pending),
          documents(s.pages.size()) {}

    // Page i's documents, once the render gave them; nullopt when it did not keep them or is
    // over without them: then they are build_search's to make.
    std::optional<std::vector<Document>> take(std::size_t i) {
        std::unique_lock lock(mutex);
        next = i;
        changed.wait(lock, [&] { return state[i] != pending || closed; });
        next = i + 1;
        if (state[i] != given) return std::nullopt;
        return std::move(documents[i]);
    }

    const Site& site;
    const Theme& theme;
    const SearchSink sink;
    const std::size_t window;
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<State> state;                     // by page
    std::vector<std::vector<Document>> documents; // by page, given and not yet taken
    std::size_t next = 0;                         // the page build_search takes next
    bool closed = false;
};

SearchFeed::SearchFeed(const Site& site, const Theme& theme, SearchSink sink, std::size_t window)
    : pages_(std::make_unique<FedPages>(site, theme, std::move(sink), window)) {}

SearchFeed::~SearchFeed() = default;

void SearchFeed::give(std::size_t i, const PageDoc& doc) {
    FedPages& f = *pages_;
    {
        std::lock_guard lock(f.mutex);
        if (i >= f.next + f.window) {
            f.state[i] = FedPages::not_kept;
            f.changed.notify_all();
            return;
        }
    }
    std::vector<OutputFile> unused;
    auto documents = documents_and_part(f.site, f.theme, i, i, doc, f.sink, unused);
    std::lock_guard lock(f.mutex);
    f.documents[i] = std::move(documents);
    f.state[i] = FedPages::given;
    f.changed.notify_all();
}

void SearchFeed::close() {
    std::lock_guard lock(pages_->mutex);
    pages_->closed = true;
    pages_->changed.notify_all();
}

namespace {

// Pages [first, first + pages.size()) of those build_search indexes (`only`'s, or the site's):
// their documents, taken from `feed` where it has them, else made here (on `threads` threads)
// from each page parsed again, with their parts of the result store.
void batch_documents(const Site& site, const LinkGraph& graph, const Theme& theme,
                     const std::vector<std::size_t>* only, std::size_t first, unsigned threads,
                     SearchFeed* feed, const SearchSink& sink, SearchFiles& out,
                     std::vector<std::vector<Document>>& pages) {
    std::vector<std::size_t> made; // of the batch
    for (std::size_t b = 0; b < pages.size(); ++b) {
        auto taken = feed ? feed->pages().take(first + b) : std::nullopt;
        if (taken)
            pages[b] = std::move(*taken);
        else
            made.push_back(b);
    }
    parallel_for(made.size(), threads, [&](std::size_t m) {
        const std::size_t k = first + made[m];
        const std::size_t i = only ? (*only)[k] : k;
        const auto parsed = page_doc(site, graph, i); // held while its nodes are read
        pages[made[m]] = documents_and_part(site, theme, i, k, *parsed, sink, out.files);
    });
    if (!only) // the site's index is one use of a kept AST
        for (std::size_t b = 0; b < pages.size(); ++b)
            site.kept->used(first + b);
}

} // namespace

SearchFiles build_search(const Site& site, const LinkGraph& graph, const Theme& theme,
                         const std::vector<std::size_t>* only, unsigned threads, bool with_corpus,
                         bool with_lunr_index, const SearchSink& sink, AnalysedPages* analysed,
                         SearchFeed* feed) {
    lunr::Builder builder = search_builder(site);
    // Each page's documents and store part are made by the render (`feed`), or here in
    // parallel, a batch of pages at a time; the builder, one thread, takes the documents in
    // page order. The documents hold the pages' text: those of the whole site are never in
    // memory at once.
    const std::size_t n = only ? only->size() : site.pages.size();
    SearchFiles out;
    if (!sink) out.files.resize(n);
    std::vector<std::uint32_t> page_of; // the group of each document in the shards: its page
    std::vector<std::vector<Document>> corpus;
    std::vector<lunr::AnalysedField> analysed_fields(analysed ? std::size(fields) : 0);
    std::string records;
    std::vector<std::size_t> ends;
    for (std::size_t first = 0; first < n; first += search_batch) {
        std::vector<std::vector<Document>> pages(std::min(search_batch, n - first));
        batch_documents(site, graph, theme, only, first, threads, feed, sink, out, pages);
        records.clear();
        ends.clear();
        for (std::size_t b = 0; b < pages.size(); ++b) {
            if (analysed) lunr::append_varint(records, pages[b].size());
            for (const auto& d : pages[b]) {
                const std::string_view texts[] = {d.title, d.diarienummer, d.kind, d.body};
                builder.add(d.ref, texts, d.boost, analysed_fields);
                page_of.push_back(static_cast<std::uint32_t>(first + b));
                if (analysed) put_document(records, d.ref, d.boost, analysed_fields);
            }
            ends.push_back(records.size());
        }
        if (analysed) analysed->append(records, ends);
        if (with_corpus) std::move(pages.begin(), pages.end(), std::back_inserter(corpus));
    }
    for (std::size_t k = 0; k < n; ++k)
        out.paths.push_back(part_path(store_part_name(k)));
    out.documents = page_of.size();
    if (with_corpus) out.corpus_json = corpus_json(corpus);
    std::vector<std::vector<Document>>().swap(corpus);
    lunr::Index index = builder.build();
    if (analysed) analysed->vocabulary = lunr::Vocabulary(index.inverted_index);
    if (with_lunr_index) {
        out.lunr_index.reserve(index.document_refs.size() * 4096);
        lunr::append_json(out.lunr_index, index);
    }
    write_index(std::move(index), page_of, sink, out);
    return out;
}

std::optional<SearchFiles> build_pack_search(const Site& site, const AnalysedPages& analysed,
                                             const std::vector<std::size_t>& only,
                                             const SiteFile& site_file, Diagnostics& diags) {
    lunr::Builder builder = search_builder(site);
    SearchFiles out;
    std::vector<std::uint32_t> page_of;
    for (std::size_t k = 0; k < only.size(); ++k) {
        const std::size_t i = only[k];
        const std::string site_path = part_path(store_part_name(i));
        const auto script = site_file(site_path);
        const auto part = script ? renamed_part(*script, store_part_name(k)) : std::nullopt;
        const auto record = analysed.record(i);
        RecordReader in(record ? *record : std::string_view());
        const auto documents = in.number();
        if (!part || !documents) {
            diags.error(site_path, 0, 0, "cannot read the site's search index back for a pack");
            return std::nullopt;
        }
        out.files.push_back({part_path(store_part_name(k)), *part, {}, {}, {}, {}});
        out.paths.push_back(out.files.back().path);
        for (std::uint64_t d = 0; d < *documents; ++d) {
            const auto document = read_document(in, std::size(fields));
            if (!document) {
                diags.error(site_path, 0, 0, "cannot read the site's search index back for a pack");
                return std::nullopt;
            }
            builder.add_analysed(document->ref, document->fields, analysed.vocabulary,
                                 document->boost);
            page_of.push_back(static_cast<std::uint32_t>(k));
        }
    }
    out.documents = page_of.size();
    write_index(builder.build(), page_of, {}, out);
    return out;
}

} // namespace docket

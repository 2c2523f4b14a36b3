#include "scope.h"

#include "docket/href.h"

#include "html_writer.h"

#include "lunr/varint.h"

#include <algorithm>
#include <cerrno>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

namespace docket {

namespace {

// An attribute value as written, unescaped (escape_html's four entities).
std::string unescape_attribute(std::string_view v) {
    static constexpr std::pair<std::string_view, char> entities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}};
    std::string out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size();) {
        bool entity = false;
        for (const auto& [name, c] : entities)
            if (v.substr(i).starts_with(name)) {
                out += c;
                i += name.size();
                entity = true;
                break;
            }
        if (!entity) out += v[i++];
    }
    return out;
}

// One pass over a page's marks, copying the bytes between them.
class PageWriter {
  public:
    PageWriter(const OutputFile& page, std::span<const PageMark> marks, std::string_view bytes,
               const PageOutput& how)
        : page_(page), marks_(marks), bytes_(bytes), how_(how), link_at_(page.links.size() + 1),
          id_at_(page.ids.size() + 1) {}

    OutputFile run() {
        out_ = OutputFile{how_.path, {}, page_.source, {}, {}, {}};
        out_.content.reserve(bytes_.size() + 256);
        for (std::size_t m = 0; m < marks_.size(); ++m) {
            const PageMark& k = marks_[m];
            copy_to(k.at);
            switch (k.kind) {
            case PageMark::begin:
                if (!holds(k.arg)) m = skip_part(m);
                break;
            case PageMark::url:
            case PageMark::link:
                url(m);
                break;
            case PageMark::id:
                id_at_[id_] = static_cast<std::uint32_t>(out_.ids.size());
                out_.ids.push_back(page_.ids[id_++]);
                break;
            case PageMark::anchor:
                anchor(m);
                break;
            case PageMark::anchor_end:
                anchor_end(k);
                break;
            case PageMark::late:
                if (how_.late) escape_html(out_.content, how_.late(k.arg), false);
                break;
            case PageMark::end:
                break;
            }
        }
        copy_to(bytes_.size());
        link_at_.back() = static_cast<std::uint32_t>(out_.links.size());
        id_at_.back() = static_cast<std::uint32_t>(out_.ids.size());
        for (const Origin& o : page_.origins.unpack())
            out_.origins.push_back({link_at_[o.links], id_at_[o.ids], o.file, o.line, o.column});
        return std::move(out_);
    }

  private:
    const OutputFile& page_;
    std::span<const PageMark> marks_;
    std::string_view bytes_;
    const PageOutput& how_;
    OutputFile out_;
    std::size_t pos_ = 0, link_ = 0, id_ = 0;
    // Per link and id of the page: its index in the output's (the next one's when left out).
    std::vector<std::uint32_t> link_at_, id_at_;
    std::vector<bool> outside_; // per open <a href>: written as text
    // The start tag of an <a> written as a span, while it is copied: its class attribute (left
    // out) and its '>' (the new class goes before it).
    std::size_t class_at_ = 0, tag_end_ = 0;
    std::size_t href_mark_ = std::string_view::npos; // the href of the last <a href>, decided
    UrlChange href_change_;

    bool holds(std::uint32_t condition) const {
        return how_.keep(condition & ~negated) != ((condition & negated) != 0);
    }

    void append(std::size_t from, std::size_t to) {
        out_.content.append(bytes_.substr(from, to - from));
    }

    void copy_to(std::size_t at) {
        if (tag_end_ && class_at_ >= pos_ && class_at_ < at) {
            append(pos_, class_at_);
            pos_ = bytes_.find('"', class_at_ + 8) + 1; // after ` class="…"`
            class_at_ = 0;
        }
        if (tag_end_ && tag_end_ <= at) {
            append(pos_, tag_end_);
            out_.content += " class=\"outside-scope\"";
            pos_ = tag_end_;
            tag_end_ = 0;
        }
        append(pos_, at);
        pos_ = at;
    }

    // Skips the part that begins at mark m; returns the mark that ends it.
    std::size_t skip_part(std::size_t m) {
        for (int depth = 0;; ++m) {
            const PageMark& k = marks_[m];
            if (k.kind == PageMark::begin)
                ++depth;
            else if (k.kind == PageMark::end && --depth == 0)
                break;
            else if (k.kind == PageMark::link)
                link_at_[link_++] = static_cast<std::uint32_t>(out_.links.size());
            else if (k.kind == PageMark::id)
                id_at_[id_++] = static_cast<std::uint32_t>(out_.ids.size());
        }
        pos_ = marks_[m].at;
        return m;
    }

    // The change of the URL at mark m, whose link (if it is one) is link `link`.
    UrlChange change_of(std::size_t m, std::size_t link) const {
        const PageMark& k = marks_[m];
        if (!how_.links) return {};
        if (k.kind == PageMark::link) return how_.links->rewrite(page_.links[link]);
        return how_.links->rewrite(unescape_attribute(bytes_.substr(k.arg, k.to - 1 - k.arg)));
    }

    void url(std::size_t m) {
        const PageMark& k = marks_[m];
        UrlChange change = m == href_mark_ ? std::move(href_change_) : change_of(m, link_);
        const bool dropped = m == href_mark_ && !outside_.empty() && outside_.back() && tag_end_;
        if (dropped)
            pos_ = k.to; // the href of an <a> written as text
        else if (change.kind == UrlChange::replace) {
            if (change.unread && how_.guard)
                how_.guard->check_url(change.value, {page_.source, how_.path, "attribute",
                                                     bytes_.substr(k.at + 1, k.arg - k.at - 3)});
            append(k.at, k.arg);
            escape_html(out_.content, change.value, true);
            out_.content += '"';
            pos_ = k.to;
        }
        if (k.kind != PageMark::link) return;
        link_at_[link_] = static_cast<std::uint32_t>(out_.links.size());
        if (!dropped)
            out_.links.push_back(change.kind == UrlChange::replace ? std::string_view(change.value)
                                                                   : page_.links[link_]);
        ++link_;
    }

    // An <a href>: its href decides whether it stays a link.
    void anchor(std::size_t m) {
        const PageMark& k = marks_[m];
        href_mark_ = std::string_view::npos;
        std::size_t link = link_;
        for (std::size_t h = m + 1; h < marks_.size() && marks_[h].at < k.to; ++h) {
            if (marks_[h].kind != PageMark::link) continue;
            if (bytes_.substr(marks_[h].at, 6) == " href=") {
                href_mark_ = h;
                break;
            }
            ++link;
        }
        href_change_ =
            href_mark_ == std::string_view::npos ? UrlChange{} : change_of(href_mark_, link);
        const bool outside = href_change_.kind == UrlChange::outside;
        outside_.push_back(outside);
        if (!outside) return;
        out_.content += "<span";
        pos_ = k.at + 2; // after "<a"
        class_at_ = k.arg;
        tag_end_ = k.to;
    }

    void anchor_end(const PageMark& k) {
        if (outside_.back()) {
            out_.content += "<span class=\"outside-scope-note\">";
            escape_html(out_.content, how_.links->outside_note, false);
            out_.content += "</span></span>";
            pos_ = k.at + 4; // after "</a>"
        }
        outside_.pop_back();
    }
};

// Marks whose `arg` is a position in the page (PageMark): packed as a distance from `at`.
bool arg_is_position(PageMark::Kind kind) {
    return kind == PageMark::url || kind == PageMark::link || kind == PageMark::anchor;
}

constexpr unsigned has_to = 0x10, has_arg = 0x20;

} // namespace

bool completed_late(std::span<const PageMark> marks) {
    return std::any_of(marks.begin(), marks.end(), [](const PageMark& m) {
        return m.kind == PageMark::late || (m.kind == PageMark::begin && (m.arg & negated));
    });
}

PackedMarks::PackedMarks(std::span<const PageMark> marks, RecordFile* file) {
    std::int64_t before = 0;
    for (const PageMark& m : marks) {
        const std::int64_t at = m.at;
        bytes_ += static_cast<char>(m.kind | (m.to ? has_to : 0) | (m.arg ? has_arg : 0));
        lunr::append_varint(bytes_, lunr::zigzag(at - before));
        if (m.to) lunr::append_varint(bytes_, lunr::zigzag(std::int64_t(m.to) - at));
        if (m.arg)
            lunr::append_varint(
                bytes_, arg_is_position(m.kind) ? lunr::zigzag(std::int64_t(m.arg) - at) : m.arg);
        before = at;
    }
    if (!file) {
        bytes_.shrink_to_fit();
        return;
    }
    record_ = file->append(bytes_);
    file_ = file;
    std::string().swap(bytes_);
}

std::vector<PageMark> PackedMarks::unpack() const {
    std::optional<std::string> read;
    if (file_ && !(read = file_->read(record_)))
        throw std::system_error(errno, std::generic_category(),
                                "cannot read a rendered page's marks back from the record file");
    const std::string& bytes = read ? *read : bytes_;
    std::vector<PageMark> marks;
    std::int64_t at = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    auto next = [&] { return lunr::next_varint(p, end); }; // the marks' own bytes
    while (p != end) {
        const unsigned char head = *p++;
        PageMark m;
        m.kind = static_cast<PageMark::Kind>(head & 0x0f);
        at += lunr::unzigzag(next());
        m.at = static_cast<std::uint32_t>(at);
        if (head & has_to) m.to = static_cast<std::uint32_t>(at + lunr::unzigzag(next()));
        if (head & has_arg) {
            const std::uint64_t arg = next();
            m.arg = static_cast<std::uint32_t>(arg_is_position(m.kind) ? at + lunr::unzigzag(arg)
                                                                       : arg);
        }
        marks.push_back(m);
    }
    return marks;
}

OutputFile write_page(const OutputFile& page, std::span<const PageMark> marks,
                      std::string_view bytes, const PageOutput& how) {
    return PageWriter(page, marks, bytes, how).run();
}

// A meeting pack's scope: which pages it holds and where it writes them.
struct OutputScope::Pack {
    RenderScope scope;
    std::size_t site_pages = 0;            // conditions above this are page sets
    std::vector<bool> sets_met;            // per page set: one of its pages is in the scope
    std::string start_href;                // the meeting's site path, written as index.html
    std::unordered_set<std::string> paths; // the site paths the pack writes as they are (decoded)
    std::unordered_set<std::string> generated; // the generated pages it holds
    std::string glossary;                      // the glossary's site path, when the pack has one
    std::unordered_map<std::string, std::string> entries; // a glossary term's page -> its entry
    std::string base;                                     // base_url ending in '/', or ""
    std::string outside_note;
    const PersonalDataGuard* guard = nullptr;

    // Where the pack writes `site_path`, or nullopt when it is outside the scope. The start
    // page (the meeting) becomes index.html, and the site's start page with it.
    std::optional<std::string> scoped_path(const std::string& site_path) const {
        if (site_path == "index.html" || site_path == start_href) return "index.html";
        if (paths.contains(site_path) || site_path.starts_with("assets/")) return site_path;
        // A content file's name may be written percent-encoded ("karta%20bro.png").
        if (site_path.find('%') != std::string::npos && paths.contains(decode_site_path(site_path)))
            return site_path;
        return std::nullopt;
    }

    // The one place a pack changes links: every href, src and action of the page rendered for
    // `from_dir` is made relative to `to_dir`, where it is written; a link to a term of the
    // pack's glossary leads to its entry there; links to pages outside the scope point to
    // base_url, or become text marked "finns på webbplatsen".
    LinkScope link_scope(const std::string& from_dir, const std::string& to_dir) const {
        LinkScope s;
        s.outside_note = outside_note;
        s.rewrite = [this, from_dir, to_dir](std::string_view value) -> UrlChange {
            std::string buffer;
            const Href h = read_href(value, buffer);
            // Absolute links, links within the page and links with a query are kept; the link
            // check reports the others that are not relative.
            if (h.kind != Href::relative || h.path.empty() || !h.query.empty()) return {};
            const auto target = resolve_site_path(from_dir, h.path);
            if (!target) return {}; // the link check reports it
            if (const auto to = scoped_path(*target))
                return {UrlChange::replace, relative_href(to_dir, *to) + std::string(h.fragment)};
            if (const auto e = entries.find(*target); e != entries.end())
                return {UrlChange::replace, relative_href(to_dir, glossary) + "#" + e->second};
            if (!base.empty())
                return {UrlChange::replace, base + *target + std::string(h.fragment), true};
            return {UrlChange::outside, {}};
        };
        return s;
    }
};

OutputScope::OutputScope(const RenderedSite& rendered) : rendered_(rendered) {}
OutputScope::OutputScope(OutputScope&&) noexcept = default;
OutputScope::~OutputScope() = default;

OutputScope OutputScope::site(const RenderedSite& rendered, const ArchiveTexts& texts) {
    OutputScope s(rendered);
    s.texts_ = &texts;
    return s;
}

OutputScope OutputScope::offline(const RenderedSite& rendered) {
    return OutputScope(rendered);
}

OutputScope OutputScope::pack(const RenderedSite& rendered, const Site& site, const Theme& theme,
                              const RenderScope& scope) {
    OutputScope s(rendered);
    s.pack_ = std::make_unique<Pack>();
    Pack& p = *s.pack_;
    p.scope = scope;
    p.scope.start_print = true; // it holds its page to print, rendered for it or the site's
    p.site_pages = site.pages.size();
    p.sets_met.assign(rendered.page_sets.size(), false);
    for (const auto* list : {&scope.pages, &scope.glossary})
        for (std::size_t i : *list)
            if (const auto it = rendered.sets_of_page.find(i); it != rendered.sets_of_page.end())
                for (std::uint32_t set : it->second)
                    p.sets_met[set] = true;
    p.start_href = page_href(site.pages[scope.start_page]);
    for (std::size_t i : scope.pages)
        p.paths.insert(page_href(site.pages[i]));
    p.paths.insert(scope.files.begin(), scope.files.end());
    for (const GeneratedPage& g : generated_pages(site, p.scope)) {
        p.paths.insert(g.path);
        p.generated.insert(g.path);
        if (g.type == GeneratedPage::glossary) p.glossary = g.path;
    }
    if (!p.glossary.empty())
        for (std::size_t i : scope.glossary)
            p.entries.emplace(page_href(site.pages[i]), site.pages[i].id);
    p.base = scope.base_url;
    if (!p.base.empty() && p.base.back() != '/') p.base += '/';
    p.outside_note = " (" + theme.text("outside_scope") + ")";
    p.guard = site.guard.get();
    return s;
}

bool OutputScope::holds(std::size_t k) const {
    // The offline copy is read from disk, where no server shows the page for missing addresses
    // (and with base_url its <base> would lead every link to the public site).
    if (!pack_)
        return texts_ || rendered_.pages[k] != static_cast<std::size_t>(-1) ||
               rendered_.files[k].path != not_found_path;
    const std::size_t page = rendered_.pages[k];
    if (page != static_cast<std::size_t>(-1)) return pack_->scope.holds(page);
    return pack_->generated.contains(rendered_.files[k].path);
}

bool OutputScope::keep(std::uint32_t condition) const {
    if (condition == archive_links) return texts_ != nullptr;
    if (!pack_) return true;
    if (condition < pack_->site_pages) return pack_->scope.lists(condition);
    return pack_->sets_met[condition - pack_->site_pages];
}

OutputFile OutputScope::write(std::size_t k, std::string_view bytes) const {
    const OutputFile& page = rendered_.files[k];
    PageOutput how;
    how.path = page.path;
    how.keep = [this](std::uint32_t c) { return keep(c); };
    if (texts_)
        how.late = [this](std::uint32_t t) -> std::string_view {
            if (t == LateText::offline_label) return texts_->offline_zip_label;
            const auto it = texts_->packs.find((t - 1) / 2);
            if (it == texts_->packs.end()) return {};
            return t % 2 ? it->second.label : it->second.contents;
        };
    std::optional<LinkScope> links;
    if (pack_) {
        how.path = pack_->scoped_path(page.path).value_or(page.path);
        links = pack_->link_scope(page.path.substr(0, page.path.rfind('/') + 1),
                                  how.path.substr(0, how.path.rfind('/') + 1));
        how.links = &*links;
        how.guard = pack_->guard;
    }
    return write_page(page, rendered_.marks[k].unpack(), bytes, how);
}

} // namespace docket

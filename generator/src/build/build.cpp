#include "docket/build.h"

#include "docket/config.h"
#include "docket/links.h"
#include "docket/output.h"
#include "docket/page.h"
#include "docket/render.h"
#include "docket/site.h"
#include "docket/site_index.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;

namespace docket {

namespace {

std::vector<CopiedFile> theme_assets(const fs::path& assets) {
    std::vector<CopiedFile> out;
    std::error_code ec;
    if (!fs::is_directory(assets, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(assets, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (!it->is_regular_file()) continue;
        out.push_back({it->path(), "assets/" + fs::relative(it->path(), assets).generic_string()});
    }
    std::sort(out.begin(), out.end(), [](const CopiedFile& a, const CopiedFile& b) { return a.to < b.to; });
    return out;
}

// lunr.js and the Swedish plugin, from npm: the site's own node_modules, else docket's.
std::vector<CopiedFile> lunr_scripts(const fs::path& source, Diagnostics& diags) {
    const std::pair<const char*, const char*> files[] = {
        {"lunr/lunr.js", "assets/lunr/lunr.js"},
        {"lunr-languages/lunr.stemmer.support.js", "assets/lunr/lunr.stemmer.support.js"},
        {"lunr-languages/lunr.sv.js", "assets/lunr/lunr.sv.js"},
    };
    std::vector<CopiedFile> out;
    for (const fs::path& dir : {source / "node_modules", fs::path(DOCKET_NODE_MODULES)}) {
        out.clear();
        for (const auto& [from, to] : files) {
            std::error_code ec;
            if (fs::is_regular_file(dir / from, ec)) out.push_back({dir / from, to});
        }
        if (out.size() == std::size(files)) return out;
    }
    diags.error("site.toml", 0, 0,
                "search needs lunr.js and lunr-languages from npm (run `npm ci`), or set [search] enabled = false");
    return {};
}

} // namespace

BuildResult build_site(const BuildOptions& options, Diagnostics& diags) {
    const auto started = std::chrono::steady_clock::now();
    BuildResult result;
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());

    Site site;
    site.root = options.source;
    auto config = load_config(options.source, diags);
    if (!config) return result;
    site.config = std::move(*config);
    if (options.search) site.config.search = *options.search;

    site.pages = load_content(options.source, site.config, diags);
    parse_bodies(site, diags, threads);
    const LinkGraph graph = resolve_links(site, diags);
    result.pages = site.pages.size();

    const auto theme = Theme::load(options.source / site.config.theme, site.config.language, diags);
    if (!theme || diags.error_count() > 0) return result;

    FooterLinks footer;
    std::vector<OutputFile> files = render_site(site, graph, *theme, footer, threads, diags);
    auto assets = theme_assets(theme->assets());
    if (site.config.search) {
        SearchFiles search = build_search(site);
        files.insert(files.end(), search.files.begin(), search.files.end());
        const auto lunr = lunr_scripts(options.source, diags);
        assets.insert(assets.end(), lunr.begin(), lunr.end());
        if (!options.emit_search_corpus.empty()) {
            std::ofstream out(options.emit_search_corpus, std::ios::binary);
            out << search.corpus_json;
            if (!out) diags.error(options.emit_search_corpus.string(), 0, 0, "cannot write the search corpus");
        }
    } else if (!options.emit_search_corpus.empty()) {
        diags.error("site.toml", 0, 0, "--emit-search-corpus needs search; it is disabled");
    }
    std::vector<std::string> asset_paths;
    for (const auto& a : assets) asset_paths.push_back(a.to);
    check_rendered_links(files, asset_paths, diags);
    if (diags.error_count() > 0 || !options.write) {
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return result;
    }

    result.out = options.out ? *options.out : options.source / site.config.output;
    OutputDir out(result.out, diags);
    if (!out.ok()) return result;
    if (!out.write(files, diags) || !out.copy(assets, diags)) return result;
    if (!out.commit(diags)) return result;
    result.files = files.size() + assets.size();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace docket

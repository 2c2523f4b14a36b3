// docket: the command line. It parses arguments and calls the pipeline; nothing else.
#include "docket/archive.h"
#include "docket/build.h"
#include "docket/files.h"
#include "docket/output.h"
#include "docket/page.h"
#include "docket/schema.h"
#include "docket/text.h"
#include "index_command.h"
#include "progress.h"
#include "serve_command.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

#include "arguments.h"

namespace fs = std::filesystem;

namespace {

constexpr const char* version_text = "0.1.0";

constexpr const char* main_help = R"(docket: a static site generator for structured Markdown

Usage: docket <command> [options]

Commands:
  build    build the site into the output directory
  check    validate content and links; write nothing
  new      create a new page from a kind's schema
  pack     build one meeting's pack (a zip) without building the site
  index    build a Lunr index from a search corpus
  markdown print the HTML docket writes for a page's Markdown
  serve    preview the site: build, serve, rebuild on save and reload the browser

Options:
  -h, --help     show help (also after a command: docket build --help)
  --version      print the version

Exit codes: 0 success, 1 content errors, 2 usage errors.
)";

constexpr const char* build_help =
    R"(Usage: docket build [--source DIR] [--out DIR] [--force] [--quiet] [--no-search]
                    [--no-archives] [--jobs N] [--timings] [--emit-search-corpus FILE]
                    [--emit-search-index FILE]

Builds the site from DIR/site.toml and DIR/content into the output directory (default: the
"output" of site.toml, "public/"), with a pack (zip) per meeting and the whole site offline
(<site_id>-offline.zip). The site is written to a temporary directory, every zip is reopened
and checked, and the output is swapped in only when the whole build succeeds. Archive
timestamps come from SOURCE_DATE_EPOCH (whole seconds; empty counts as unset), else the
meeting's date.

docket marks its output (.docket-output lists the files it wrote) and keeps the files there that
it did not write. It refuses an existing non-empty directory without that marker. The previous
output's directories are kept beside it (.<name>.docket-spare) for the next build to write in;
they may be deleted.

  --source DIR              the site's directory (default: .)
  --out DIR                 the output directory
  --force                   build into a directory docket did not write: its files are kept,
                            those at paths the site writes are replaced
  --quiet                   print errors only
  --no-search               do not build the search index
  --no-archives             do not build the meeting packs and the offline zip
  --jobs N                  threads to use, 1 to 1024 (default: one per core)
  --timings                 after the summary, print how long each stage took and the
                            peak memory
  --emit-search-corpus FILE also write the search corpus (docket index's input format)
  --emit-search-index FILE  also write the whole search index as one Lunr 2.3.9 JSON file
                            (what lunr.Index.load reads; the site loads it in shards)
)";

constexpr const char* check_help = R"(Usage: docket check [--source DIR] [--quiet]

Validates site.toml, every page's front matter and sections, and every link, reporting all
errors at once. Writes nothing.
)";

constexpr const char* new_help = R"(Usage: docket new KIND ID [--source DIR]

Creates content/<folder>/ID.md with the front matter keys and the required sections of KIND.
Kinds: page, meeting, case, plan, area, followup, goal, decision, term.
)";

constexpr const char* pack_help =
    R"(Usage: docket pack MEETING-ID -o FILE [--source DIR] [--jobs N] [--quiet]

Builds the pack of one meeting into FILE without building the rest of the site: a zip holding
a BagIt bag (bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt) whose data/
is an offline, searchable mini-site of the meeting (index.html is its agenda) with its cases,
their attachments and the documents those belong to, the decisions and follow-ups on the cases
and a glossary of the terms they use, and data/source/ the Markdown sources of those pages. The
bytes are those `docket build` writes for the meeting; timestamps come from SOURCE_DATE_EPOCH,
else the meeting's date.
The zip is checked (every CRC and manifest line) before it replaces FILE.

  -o, --out FILE   the zip to write
  --source DIR     the site's directory (default: .)
  --jobs N         threads to use, 1 to 1024 (default: one per core)
  --quiet          print errors only
)";

constexpr const char* markdown_help = R"(Usage: docket markdown [--source DIR] [FILE]

Reads FILE (default: standard input) as the text of a page of the site in DIR and prints the
HTML docket writes for its body, without the theme around it. The page stands alone on the site,
so a link to another page is an error. Writes no files. tests/content/commonmark-spec.test.mjs
compares it with cmark-gfm's own HTML on the CommonMark and GFM specs' examples.

  --source DIR     the site's directory (default: .)
)";

constexpr const char* serve_help =
    R"(Usage: docket serve [--source DIR] [--port N] [--bind ADDR] [--open]

Builds the site into a private temporary folder (removed when serve stops; never the output
directory, and without the meeting packs and the offline zip: a meeting's page says so), serves
it over HTTP, and watches site.toml, content/ and the theme. When a file is saved, the site is
built again and every open page reloads. A failed rebuild prints its errors as `docket build`
does and shows them in the browser over the last good build; fixing them reloads the page.
Only GET and HEAD are answered, only with files of the site, and only to requests addressed
to localhost, 127.0.0.1, [::1] or ADDR. Ctrl-C stops it.

  --source DIR   the site's directory (default: .)
  --port N       the port to listen on, 1 to 65535 (default: 4180)
  --bind ADDR    the IP address to listen on (default: 127.0.0.1, this machine only)
  --open         open the site in the browser (xdg-open)
)";

int usage_error(const std::string& message, const char* help) {
    std::fprintf(stderr, "docket: %s\n\n%s", message.c_str(), help);
    return 2;
}

// More threads than this is a typing mistake, not a machine.
constexpr unsigned max_jobs = 1024;

// --jobs N: a whole number from 1 to max_jobs, all of it digits ("2abc", "-1", "0" are not).
std::optional<unsigned> jobs_of(const std::string& value) {
    unsigned n = 0;
    const char* end = value.data() + value.size();
    const auto [stop, error] = std::from_chars(value.data(), end, n);
    if (error != std::errc() || stop != end || n < 1 || n > max_jobs) return std::nullopt;
    return n;
}

// One command's words, parsed by CLI11; --help and usage errors show the command's own help.
struct CommandLine {
    explicit CommandLine(const char* help_text) : help_text(help_text) {
        docket::cli::own_help(app, help);
    }

    // Adds --jobs N.
    void add_jobs() { jobs_option = app.add_option("--jobs", jobs)->type_name("N"); }

    // Parses `args` into the options added to `app` (--jobs into `threads`: 0, one per core, when
    // it is not given); the exit status when the command ends here (--help, a usage error, a
    // --jobs that is not a number from 1 to max_jobs).
    std::optional<int> parse(const std::vector<std::string>& args, unsigned* threads = nullptr) {
        if (const std::string problem = docket::cli::parse(app, args); !problem.empty())
            return usage_error(problem, help_text);
        if (help) {
            std::fputs(help_text, stdout);
            return 0;
        }
        if (!jobs_option || jobs_option->count() == 0) return std::nullopt;
        if (const auto n = jobs_of(jobs)) {
            *threads = *n;
            return std::nullopt;
        }
        return usage_error("--jobs needs a whole number from 1 to " + std::to_string(max_jobs) +
                               " (found \"" + jobs + "\")",
                           help_text);
    }

    CLI::App app;
    bool help = false;
    const char* help_text;
    std::string jobs;
    const CLI::Option* jobs_option = nullptr;
};

// The site's directory must be one: a file or a missing path is a usage error, not a content
// error about "." (returns "" when it is a directory).
std::string source_problem(const fs::path& source) {
    std::error_code ec;
    const fs::file_status st = fs::status(source, ec);
    const std::string shown = "--source \"" + source.string() + "\"";
    if (fs::is_directory(st)) return {};
    if (!fs::exists(st)) return shown + ": no such directory";
    if (ec) return shown + ": " + ec.message();
    return shown + " is not a directory";
}

// SOURCE_DATE_EPOCH, when archives are written: a malformed value is a usage error, never a
// silently different date.
std::string epoch_problem() {
    const char* env = std::getenv("SOURCE_DATE_EPOCH");
    if (!env || !*env || docket::source_date_epoch(env)) return {};
    return "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 (found \"" +
           std::string(env) + "\"; unset it to use the meeting's date)";
}

int report(const docket::Diagnostics& diags) {
    // NO_COLOR when present and not empty (no-color.org).
    const char* no_colour = std::getenv("NO_COLOR");
    const bool colour = ::isatty(STDERR_FILENO) && !(no_colour && *no_colour);
    for (const auto& d : diags.sorted())
        std::fprintf(stderr, "%s\n", docket::format(d, colour).c_str());
    return diags.error_count() > 0 ? 1 : 0;
}

// Reads the words after `build` (write) or `check` into `options`; returns the exit status when
// the command ends there (--help, a usage error).
std::optional<int> read_build_options(const std::vector<std::string>& args,
                                      docket::BuildOptions& options, bool& quiet, bool& timings) {
    const bool write = options.write;
    const char* help_text = write ? build_help : check_help;
    bool no_search = false, no_archives = false;
    std::string out;
    CommandLine line(help_text);
    CLI::App& app = line.app;
    app.add_flag("-q,--quiet", quiet);
    app.add_option("--source", options.source)->type_name("DIR");
    const CLI::Option* out_option = nullptr;
    if (write) {
        out_option = app.add_option("--out", out)->type_name("DIR");
        app.add_flag("--force", options.force);
        app.add_flag("--no-search", no_search);
        app.add_flag("--no-archives", no_archives);
        line.add_jobs();
        app.add_flag("--timings", timings);
        app.add_option("--emit-search-corpus", options.emit_search_corpus)->type_name("FILE");
        app.add_option("--emit-search-index", options.emit_search_index)->type_name("FILE");
    }
    if (const auto status = line.parse(args, &options.threads)) return status;
    if (out_option && out_option->count()) options.out = out;
    if (no_search) options.search = false; // otherwise site.toml's [search] enabled decides
    options.archives = !no_archives;
    if (const auto problem = source_problem(options.source); !problem.empty())
        return usage_error(problem, help_text);
    if (const auto problem = write && options.archives ? epoch_problem() : ""; !problem.empty())
        return usage_error(problem, help_text);
    return std::nullopt;
}

int run_build(const std::vector<std::string>& args, bool write) {
    docket::BuildOptions options;
    options.write = write;
    bool quiet = false, timings = false;
    if (const auto status = read_build_options(args, options, quiet, timings)) return *status;
    docket::Diagnostics diags;
    docket::BuildResult result;
    {
        // Progress only on a terminal; its line is cleared before the report.
        docket::Progress progress(!quiet && ::isatty(STDERR_FILENO));
        options.progress = [&progress](const char* stage) { progress.stage(stage); };
        result = docket::build_site(options, diags);
    }
    const int code = report(diags);
    if (code != 0) {
        std::fprintf(stderr, "docket: %zu error%s; %s\n", diags.error_count(),
                     diags.error_count() == 1 ? "" : "s",
                     write ? "nothing was written, the previous output is unchanged"
                           : "check failed");
        return code;
    }
    if (!quiet) {
        if (write)
            std::fprintf(stderr, "built %zu pages (%zu files) into %s in %.2f s\n", result.pages,
                         result.files, result.out.string().c_str(), result.seconds);
        else
            std::fprintf(stderr, "checked %zu pages: no errors\n", result.pages);
    }
    // Asked for explicitly, so printed with --quiet too.
    if (!timings) return 0;
    for (const auto& t : result.stages)
        std::fprintf(stderr, "  %-36s %7.2f s\n", t.stage.c_str(), t.seconds);
    // The most the process held in memory at once (Linux gives KiB), in MiB.
    struct rusage usage {};
    if (::getrusage(RUSAGE_SELF, &usage) == 0)
        std::fprintf(stderr, "  %-36s %7ld MiB\n", "peak memory (resident)",
                     (usage.ru_maxrss + 512) / 1024);
    return 0;
}

int run_new(const std::vector<std::string>& args) {
    fs::path source = ".";
    std::vector<std::string> positional;
    CommandLine line(new_help);
    line.app.add_option("--source", source)->type_name("DIR");
    line.app.add_option("KIND-ID", positional);
    if (const auto status = line.parse(args)) return *status;
    if (positional.size() != 2) return usage_error("expected KIND and ID", new_help);
    if (const auto problem = source_problem(source); !problem.empty())
        return usage_error(problem, new_help);
    const docket::KindSchema* kind = docket::find_kind(positional[0]);
    if (!kind) return usage_error("unknown kind \"" + positional[0] + "\"", new_help);
    if (!docket::valid_id(positional[1]))
        return usage_error("invalid id \"" + positional[1] +
                               "\": use lowercase ASCII letters, digits and '-'",
                           new_help);
    const fs::path dir = source / "content" / kind->model.folder;
    const fs::path file = dir / (positional[1] + ".md");
    std::error_code ec;
    fs::create_directories(dir, ec);
    // Never through a symbolic link: not a folder that leads out of content/, not a link (even
    // a dangling one) where the file would go.
    if (!docket::path_within(dir, source / "content")) {
        std::fprintf(stderr, "%s: error: leads outside %s (a symbolic link); nothing was written\n",
                     dir.c_str(), (source / "content").c_str());
        return 1;
    }
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        std::fprintf(stderr, "%s: error: %s\n", file.c_str(),
                     errno == EEXIST
                         ? "already exists (a file or a symbolic link); nothing was written"
                         : std::strerror(errno));
        return 1;
    }
    const std::string text = docket::new_page_text(*kind, positional[1]);
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    if (::close(fd) != 0 || !written) {
        std::fprintf(stderr, "%s: error: cannot write: %s\n", file.c_str(), std::strerror(errno));
        return 1;
    }
    std::fprintf(stderr, "created %s\n", file.c_str());
    return 0;
}

int run_pack(const std::vector<std::string>& args) {
    docket::PackOptions options;
    bool quiet = false;
    std::vector<std::string> positional;
    CommandLine line(pack_help);
    line.app.add_flag("-q,--quiet", quiet);
    line.app.add_option("-o,--out", options.file)->type_name("FILE");
    line.app.add_option("--source", options.source)->type_name("DIR");
    line.add_jobs();
    line.app.add_option("MEETING-ID", positional);
    if (const auto status = line.parse(args, &options.threads)) return *status;
    if (positional.size() != 1) return usage_error("expected one MEETING-ID", pack_help);
    if (options.file.empty()) return usage_error("-o FILE is required", pack_help);
    if (const auto problem = source_problem(options.source); !problem.empty())
        return usage_error(problem, pack_help);
    if (const auto problem = epoch_problem(); !problem.empty())
        return usage_error(problem, pack_help);
    options.meeting = positional[0];
    docket::Diagnostics diags;
    const auto result = docket::build_pack(options, diags);
    const int code = report(diags);
    if (code != 0) {
        std::fprintf(stderr, "docket: %zu error%s; no pack was written\n", diags.error_count(),
                     diags.error_count() == 1 ? "" : "s");
        return code;
    }
    if (!quiet)
        std::fprintf(stderr, "packed %s: %zu pages, %llu bytes, into %s\n", options.meeting.c_str(),
                     result.pages, static_cast<unsigned long long>(result.bytes),
                     options.file.c_str());
    return 0;
}

int run_serve(const std::vector<std::string>& args) {
    docket::serve::ServeOptions options;
    std::string port;
    CommandLine line(serve_help);
    line.app.add_option("--source", options.source)->type_name("DIR");
    const CLI::Option* port_option = line.app.add_option("--port", port)->type_name("N");
    line.app.add_option("--bind", options.bind)->type_name("ADDR");
    line.app.add_flag("--open", options.open);
    if (const auto status = line.parse(args)) return *status;
    if (port_option->count()) {
        const auto [stop, error] =
            std::from_chars(port.data(), port.data() + port.size(), options.port);
        if (error != std::errc() || stop != port.data() + port.size() || options.port < 1 ||
            options.port > 65535)
            return usage_error(
                "--port needs a whole number from 1 to 65535 (found \"" + port + "\")", serve_help);
    }
    if (const auto problem = source_problem(options.source); !problem.empty())
        return usage_error(problem, serve_help);
    return docket::serve::serve(options, report);
}

int run_markdown(const std::vector<std::string>& args) {
    std::filesystem::path source = ".";
    std::string file;
    CommandLine line(markdown_help);
    line.app.add_option("--source", source)->type_name("DIR");
    line.app.add_option("FILE", file);
    if (const auto status = line.parse(args)) return *status;
    if (const auto problem = source_problem(source); !problem.empty())
        return usage_error(problem, markdown_help);
    std::optional<std::string> text;
    if (file.empty()) {
        text.emplace();
        char buffer[65536];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0;)
            text->append(buffer, n);
    } else {
        text = docket::read_file(file);
    }
    if (!text || (file.empty() && std::ferror(stdin))) {
        std::fprintf(stderr, "%s: error: cannot read\n", file.empty() ? "-" : file.c_str());
        return 1;
    }
    docket::Diagnostics diags;
    const std::string html = docket::render_markdown(source, std::move(*text), diags);
    if (const int code = report(diags); code != 0) return code;
    std::fwrite(html.data(), 1, html.size(), stdout);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    // libzip turns every entry's DOS time into a time_t with mktime when it opens a zip, and
    // glibc's mktime stats /etc/localtime on every call while TZ is unset (125,000 calls at
    // 10,000 pages, a fifth of checking the archives). TZ naming that same file is read once;
    // local time is unchanged, and docket's output never depends on it. A TZ set is kept.
    ::setenv("TZ", ":/etc/localtime", 0);
    if (argc < 2) {
        std::fputs(main_help, stderr);
        return 2;
    }
    using Command = int (*)(const std::vector<std::string>&);
    const std::pair<const char*, Command> commands[] = {
        {"build", [](const std::vector<std::string>& rest) { return run_build(rest, true); }},
        {"check", [](const std::vector<std::string>& rest) { return run_build(rest, false); }},
        {"new", run_new},
        {"pack", run_pack},
        {"index", docket::run_index_command},
        {"markdown", run_markdown},
        {"serve", run_serve},
    };
    CLI::App app;
    bool help = false, version = false;
    docket::cli::own_help(app, help);
    app.add_flag("-V,--version", version);
    app.require_subcommand(0, 1);
    // A command's words are left to the command: each parses its own.
    app.add_subcommand("help")->prefix_command();
    for (const auto& [name, run] : commands)
        app.add_subcommand(name)->prefix_command();
    if (const std::string problem =
            docket::cli::parse(app, {argv + 1, argv + argc}, "unknown command");
        !problem.empty())
        return usage_error(problem, main_help);
    for (const auto& [name, run] : commands)
        if (app.got_subcommand(name)) return run(app.get_subcommand(name)->remaining());
    if (version) {
        std::printf("docket %s\n", version_text);
        return 0;
    }
    if (!help && !app.got_subcommand("help")) return usage_error("no command given", main_help);
    std::fputs(main_help, stdout);
    return 0;
}

#include "index_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <sstream>

#include "docket/files.h"
#include "lunr/corpus.h"

#include "arguments.h"

namespace docket {

namespace {

constexpr const char* kUsage =
    "usage: docket index [--language sv|en] CORPUS.json -o INDEX.json\n"
    "\n"
    "Builds a Lunr 2.3.9 search index from a search corpus, identical to what\n"
    "lunr.js writes: with lunr-languages 1.22.0's lunr.sv (the default), or with\n"
    "lunr.js's own English pipeline for --language en.\n"
    "\n"
    "  CORPUS.json        {\"ref\": \"id\", \"fields\": [{\"name\": \"title\", \"boost\": 10}, "
    "...],\n"
    "                      \"documents\": [{\"id\": \"...\", \"title\": \"...\", \"boost\": 2}, "
    "...]}\n"
    "                     ('-' reads standard input)\n"
    "  -o, --output FILE  where to write the index JSON ('-' for standard output)\n"
    "  --language LANG    the pipeline: sv (lunr.sv) or en (lunr.js's own)\n"
    "  -h, --help         show this help\n";

int usage_error(const std::string& message) {
    std::cerr << "docket index: " << message << "\n" << kUsage;
    return 2;
}

std::optional<std::string> read_all(const std::string& path) {
    if (path == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        if (std::cin.bad()) return std::nullopt;
        return std::move(buffer).str();
    }
    return read_file(path);
}

} // namespace

int run_index_command(const std::vector<std::string>& args) {
    bool help = false;
    std::string corpus_path, output_path;
    CLI::App app;
    cli::own_help(app, help);
    app.add_option("-o,--output", output_path)->type_name("FILE");
    std::string language_code = "sv";
    app.add_option("--language", language_code)->type_name("LANG");
    app.add_option("CORPUS", corpus_path);
    if (const std::string problem = cli::parse(app, args); !problem.empty())
        return usage_error(problem);
    if (help) {
        std::cout << kUsage;
        return 0;
    }
    const lunr::Language language = lunr::language(language_code);
    if (!language) {
        return usage_error("no search pipeline for language '" + language_code +
                           "' (there are sv and en)");
    }
    if (app.count("CORPUS") == 0) return usage_error("no corpus given");
    if (output_path.empty()) return usage_error("no output given (-o INDEX.json)");

    const std::optional<std::string> corpus = read_all(corpus_path);
    if (!corpus) {
        std::cerr << corpus_path << ": error: cannot read: " << std::strerror(errno) << "\n";
        return 1;
    }
    std::string index;
    try {
        index = lunr::build_index_json_from_corpus(*corpus, language);
    } catch (const lunr::CorpusError& e) {
        std::cerr << corpus_path << ": error: " << e.what() << "\n";
        return 1;
    }
    if (output_path == "-") {
        std::cout.write(index.data(), static_cast<std::streamsize>(index.size()));
        std::cout.flush();
        if (std::cout) return 0;
        std::cerr << "docket index: error: cannot write to standard output\n";
        return 1;
    }
    // A reader never sees half an index (nor a device replaced by a file: see replace_file).
    if (const std::string why = replace_file(output_path, index); !why.empty()) {
        std::cerr << output_path << ": error: cannot write: " << why << "\n";
        return 1;
    }
    return 0;
}

} // namespace docket

#include "docket/index_command.h"

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
    "usage: docket index CORPUS.json -o INDEX.json\n"
    "\n"
    "Builds a Lunr 2.3.9 search index (Swedish pipeline of lunr-languages 1.22.0)\n"
    "from a search corpus, identical to what lunr.js with lunr.sv writes.\n"
    "\n"
    "  CORPUS.json        {\"ref\": \"id\", \"fields\": [{\"name\": \"title\", \"boost\": 10}, ...],\n"
    "                      \"documents\": [{\"id\": \"...\", \"title\": \"...\", \"boost\": 2}, ...]}\n"
    "                     ('-' reads standard input)\n"
    "  -o, --output FILE  where to write the index JSON ('-' for standard output)\n"
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

}  // namespace

int run_index_command(const std::vector<std::string>& args) {
  bool help = false;
  std::string corpus_path, output_path;
  CLI::App app;
  cli::own_help(app, help);
  app.add_option("-o,--output", output_path)->type_name("FILE");
  app.add_option("CORPUS", corpus_path);
  if (const std::string problem = cli::parse(app, args); !problem.empty()) return usage_error(problem);
  if (help) {
    std::cout << kUsage;
    return 0;
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
    index = lunr::build_index_json_from_corpus(*corpus);
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

}  // namespace docket

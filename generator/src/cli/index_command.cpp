#include "docket/index_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "docket/output.h"
#include "lunr/corpus.h"

namespace docket {

namespace {

constexpr const char* kUsage =
    "usage: docket index [--language sv|en] CORPUS.json -o INDEX.json\n"
    "\n"
    "Builds a Lunr 2.3.9 search index from a search corpus, identical to what\n"
    "lunr.js writes: with lunr-languages 1.22.0's lunr.sv (the default), or with\n"
    "lunr.js's own English pipeline for --language en.\n"
    "\n"
    "  CORPUS.json        {\"ref\": \"id\", \"fields\": [{\"name\": \"title\", \"boost\": 10}, ...],\n"
    "                      \"documents\": [{\"id\": \"...\", \"title\": \"...\", \"boost\": 2}, ...]}\n"
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
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size > 0) {
    text.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(text.data(), size);
  } else {  // not seekable: read as a stream
    in.clear();
    in.seekg(0);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  if (in.bad()) return std::nullopt;
  return text;
}

}  // namespace

int run_index_command(const std::vector<std::string>& args) {
  std::optional<std::string> corpus_path;
  std::optional<std::string> output_path;
  lunr::Language language = lunr::sv;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "-o" || arg == "--output") {
      if (i + 1 >= args.size()) return usage_error(arg + " needs a file name");
      if (output_path) return usage_error("the output is given twice");
      output_path = args[++i];
    } else if (arg == "--language") {
      if (i + 1 >= args.size()) return usage_error(arg + " needs a language");
      language = lunr::language(args[++i]);
      if (!language) return usage_error("no search pipeline for language '" + args[i] + "' (there are sv and en)");
    } else if (arg.rfind("--output=", 0) == 0) {
      if (output_path) return usage_error("the output is given twice");
      output_path = arg.substr(9);
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usage_error("unknown option '" + arg + "'");
    } else {
      if (corpus_path) return usage_error("more than one corpus given ('" + *corpus_path + "', '" + arg + "')");
      corpus_path = arg;
    }
  }
  if (!corpus_path) return usage_error("no corpus given");
  if (!output_path || output_path->empty()) return usage_error("no output given (-o INDEX.json)");

  const std::optional<std::string> corpus = read_all(*corpus_path);
  if (!corpus) {
    std::cerr << *corpus_path << ": error: cannot read: " << std::strerror(errno) << "\n";
    return 1;
  }
  std::string index;
  try {
    index = lunr::build_index_json_from_corpus(*corpus, language);
  } catch (const lunr::CorpusError& e) {
    std::cerr << *corpus_path << ": error: " << e.what() << "\n";
    return 1;
  }
  if (*output_path == "-") {
    std::cout.write(index.data(), static_cast<std::streamsize>(index.size()));
    std::cout.flush();
    if (std::cout) return 0;
    std::cerr << "docket index: error: cannot write to standard output\n";
    return 1;
  }
  // A reader never sees half an index (nor a device replaced by a file: see replace_file).
  if (const std::string why = replace_file(*output_path, index); !why.empty()) {
    std::cerr << *output_path << ": error: cannot write: " << why << "\n";
    return 1;
  }
  return 0;
}

}  // namespace docket

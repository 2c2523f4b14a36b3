// search_stem: reads words, one per line, and prints the stem of each, as
// lunr::StemmerSv computes it. A test helper for tests/search/stemmer.test.mjs.
#include <iostream>
#include <string>

#include "lunr/stemmer_sv.h"

int main() {
  std::ios::sync_with_stdio(false);
  lunr::StemmerSv stemmer;
  std::string line, out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out += stemmer.stem(line);
    out.push_back('\n');
  }
  std::cout << out;
  return std::cout ? 0 : 1;
}

// search_stem [en]: reads words, one per line, and prints the stem of each, as lunr::StemmerSv
// (or, given "en", lunr::stem_en) computes it. A test helper for tests/search/stemmer.test.mjs.
#include <iostream>
#include <string>
#include <string_view>

#include "lunr/stemmer_en.h"
#include "lunr/stemmer_sv.h"

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    const bool english = argc > 1 && std::string_view(argv[1]) == "en";
    lunr::StemmerSv stemmer;
    std::string line, out;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out += english ? lunr::stem_en(line) : stemmer.stem(line);
        out.push_back('\n');
    }
    std::cout << out;
    return std::cout ? 0 : 1;
}

// The command line's words are parsed by CLI11; each command prints its own help text.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace docket::cli {

// Makes `-h, --help` a plain flag of `app` (the command prints its own help text, not CLI11's).
inline void own_help(CLI::App& app, bool& help) {
    app.set_help_flag();
    app.add_flag("-h,--help", help);
}

// Parses `args` (in order) with `app`: "" when they parse, else what is wrong with them. A word
// `app` does not know is named by docket (CLI11 2.1 lists several in reverse order): an unknown
// option, or `unknown` and the word ("unexpected argument \"x\"").
inline std::string parse(CLI::App& app, const std::vector<std::string>& args,
                         const std::string& unknown = "unexpected argument") {
    app.allow_extras();
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        return e.what();
    }
    const std::vector<std::string> extra = app.remaining();
    if (extra.empty()) return {};
    const bool option = extra[0].size() > 1 && extra[0][0] == '-';
    return (option ? "unknown option" : unknown) + " \"" + extra[0] + "\"";
}

} // namespace docket::cli

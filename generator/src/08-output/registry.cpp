#include "docket/registry.h"

#include "docket/output.h"

#include <algorithm>
#include <unordered_map>

namespace docket {

namespace {

// Reports the collision of `a` and `b` at the one whose position says more.
void collision(const PlannedFile& a, const PlannedFile& b, const std::string& problem,
               Diagnostics& diags) {
    auto rank = [](const PlannedFile& f) { return f.file.empty() ? 0 : f.line > 0 ? 2 : 1; };
    const PlannedFile& at = rank(b) > rank(a) ? b : a;
    diags.error(at.file, at.line, at.column, problem + ": by " + a.what + " and by " + b.what);
}

} // namespace

bool check_output_paths(std::vector<PlannedFile> files, Diagnostics& diags) {
    std::stable_sort(files.begin(), files.end(),
                     [](const PlannedFile& a, const PlannedFile& b) { return a.path < b.path; });
    const std::size_t errors = diags.error_count();
    std::unordered_map<std::string, const PlannedFile*> first;  // path -> its first writer
    std::unordered_map<std::string, const PlannedFile*> folded; // the same, by lower-case path
    for (const PlannedFile& f : files) {
        const bool directory = f.path.ends_with('/');
        if (!safe_relative_path(directory ? f.path.substr(0, f.path.size() - 1) : f.path)) {
            diags.error(f.file, f.line, f.column,
                        "output path \"" + f.path +
                            "\" is not a relative path inside the output directory without control "
                            "characters: by " +
                            f.what);
            continue;
        }
        auto [it, inserted] = first.emplace(f.path, &f);
        if (!inserted) {
            collision(*it->second, f, "output path \"" + f.path + "\" is written twice", diags);
            continue;
        }
        // Windows and macOS see one file where the paths differ only in case (an unzipped
        // offline copy, a site served from there).
        std::string lower = f.path;
        for (char& c : lower)
            c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        auto [other, unique] = folded.emplace(std::move(lower), &f);
        if (!unique)
            collision(*other->second, f,
                      "output paths \"" + other->second->path + "\" and \"" + f.path +
                          "\" differ only in case (one file on Windows and macOS)",
                      diags);
    }
    for (const PlannedFile& f : files) {
        // Every directory above the file must not be a file itself, nor one a writer has whole.
        for (std::size_t slash = f.path.find('/');
             slash != std::string::npos && slash + 1 < f.path.size();
             slash = f.path.find('/', slash + 1)) {
            if (const auto dir = first.find(f.path.substr(0, slash)); dir != first.end())
                collision(*dir->second, f,
                          "output path \"" + dir->first +
                              "\" is written as a file and needed as a directory (for " + f.path +
                              ")",
                          diags);
            if (const auto whole = first.find(f.path.substr(0, slash + 1)); whole != first.end())
                collision(f, *whole->second,
                          "output path \"" + f.path + "\" is inside \"" + whole->first +
                              "\", a directory written whole",
                          diags);
        }
    }
    return diags.error_count() == errors;
}

} // namespace docket

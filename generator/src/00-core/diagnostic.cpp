#include "docket/diagnostic.h"

#include <algorithm>
#include <string_view>
#include <tuple>

namespace docket {

namespace {

// Text as a message shows it: control characters (a tab, a newline, an escape) as \xNN, so a
// file name or link with a line break or a terminal escape in it cannot forge another line.
std::string shown(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
            out += c;
            continue;
        }
        static constexpr char digits[] = "0123456789abcdef";
        out += "\\x";
        out += digits[static_cast<unsigned char>(c) >> 4];
        out += digits[c & 0xf];
    }
    return out;
}

} // namespace

std::string format(const Diagnostic& d, bool colour) {
    std::string out = shown(d.file);
    if (d.line > 0) {
        out += ':' + std::to_string(d.line);
        if (d.column > 0) out += ':' + std::to_string(d.column);
    }
    const bool error = d.severity == Severity::error;
    if (colour) {
        out += error ? ": \x1b[1;31merror:\x1b[0m " : ": \x1b[1;35mwarning:\x1b[0m ";
    } else {
        out += error ? ": error: " : ": warning: ";
    }
    return out + shown(d.message);
}

void Diagnostics::error(std::string file, int line, int column, std::string message) {
    add({std::move(file), line, column, Severity::error, std::move(message)});
}

void Diagnostics::warning(std::string file, int line, int column, std::string message) {
    add({std::move(file), line, column, Severity::warning, std::move(message)});
}

void Diagnostics::add(Diagnostic d) {
    std::lock_guard lock(mutex_);
    // The same problem found again (a page rendered for the site, a pack and the offline zip)
    // is reported once.
    std::string key = d.file + '\0' + std::to_string(d.line) + ':' + std::to_string(d.column) +
                      '\0' + (d.severity == Severity::error ? "e" : "w") + d.message;
    if (!seen_.insert(std::move(key)).second) return;
    items_.push_back(std::move(d));
}

std::size_t Diagnostics::error_count() const {
    std::lock_guard lock(mutex_);
    return std::count_if(items_.begin(), items_.end(),
                         [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> out;
    {
        std::lock_guard lock(mutex_);
        out = items_;
    }
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
    });
    return out;
}

} // namespace docket

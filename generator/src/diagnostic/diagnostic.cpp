#include "docket/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace docket {

std::string format(const Diagnostic& d, bool colour) {
    std::string out = d.file;
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
    return out + d.message;
}

void Diagnostics::error(std::string file, int line, int column, std::string message) {
    add({std::move(file), line, column, Severity::error, std::move(message)});
}

void Diagnostics::warning(std::string file, int line, int column, std::string message) {
    add({std::move(file), line, column, Severity::warning, std::move(message)});
}

void Diagnostics::add(Diagnostic d) {
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(d));
}

std::size_t Diagnostics::error_count() const {
    std::lock_guard lock(mutex_);
    return std::count_if(items_.begin(), items_.end(),
                         [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::size_t Diagnostics::warning_count() const {
    std::lock_guard lock(mutex_);
    return items_.size() - std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
               return d.severity == Severity::error;
           });
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

void Diagnostics::print(std::FILE* out) const {
    const bool colour = false;
    for (const auto& d : sorted()) std::fprintf(out, "%s\n", format(d, colour).c_str());
}

} // namespace docket

// One type for every user-facing message, printed like a compiler:
//   content/areas/x.md:12:3: error: missing required section "## Definition" (kind area)
#pragma once

#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace docket {

enum class Severity { error, warning };

struct Diagnostic {
    std::string file; // path as shown to the user (relative to the source root where possible)
    int line = 0;     // 1-based; 0 = no position
    int column = 0;   // 1-based; 0 = no column
    Severity severity = Severity::error;
    std::string message;
};

// Formats "file:line:col: error: message".
std::string format(const Diagnostic& d, bool colour = false);

// Collects diagnostics from every stage (thread-safe), so one run reports them all.
class Diagnostics {
  public:
    void error(std::string file, int line, int column, std::string message);
    void warning(std::string file, int line, int column, std::string message);
    void add(Diagnostic d);

    std::size_t error_count() const;
    // Sorted by file, line, column, for a stable report.
    std::vector<Diagnostic> sorted() const;

  private:
    mutable std::mutex mutex_;
    std::vector<Diagnostic> items_;
    std::unordered_set<std::string> seen_; // what items_ holds, to report each problem once
};

} // namespace docket

#include "lunr/idf.h"

#include <cmath>

#include "lunr/js_number.h"

namespace lunr {

double idf(std::size_t documents_with_term, std::size_t document_count) {
    const double df = static_cast<double>(documents_with_term);
    const double x = (static_cast<double>(document_count) - df + 0.5) / (df + 0.5);
    return js_log(1 + std::fabs(x));
}

} // namespace lunr

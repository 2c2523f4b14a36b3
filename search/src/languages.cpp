#include "lunr/languages.h"

#include "lunr/en.h"
#include "lunr/sv.h"

namespace lunr {

Language language(std::string_view code) {
    if (code == "en") return en;
    if (code == "sv") return sv;
    return nullptr;
}

} // namespace lunr

#include "lunr/sv.h"

#include <memory>

#include "lunr/builder.h"
#include "lunr/pipeline.h"
#include "lunr/stemmer_sv.h"
#include "lunr/stop_word_filter_sv.h"
#include "lunr/trimmer_sv.h"

namespace lunr {

namespace {

bool trimmer(std::string& token) {
    const std::string_view trimmed = trim_sv(token);
    if (trimmed.size() != token.size()) {
        token.erase(static_cast<std::size_t>(trimmed.data() + trimmed.size() - token.data()));
        token.erase(0, static_cast<std::size_t>(trimmed.data() - token.data()));
    }
    return true;
}

bool stop_word_filter(std::string& token) {
    return !is_stop_word_sv(token);
}

PipelineFunction stemmer() {
    auto shared = std::make_shared<StemmerSv>();
    return [shared](std::string& token) {
        token = shared->stem(token);
        return true;
    };
}

} // namespace

Pipeline index_pipeline_sv() {
    Pipeline p;
    p.add("trimmer-sv", trimmer);
    p.add("stopWordFilter-sv", stop_word_filter);
    p.add("stemmer-sv", stemmer());
    return p;
}

Pipeline search_pipeline_sv() {
    Pipeline p;
    p.add("trimmer-sv", trimmer);
    p.add("stemmer-sv", stemmer());
    return p;
}

void sv(Builder& builder) {
    builder.pipeline() = index_pipeline_sv();
    builder.search_pipeline() = search_pipeline_sv();
}

} // namespace lunr

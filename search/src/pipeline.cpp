#include "lunr/pipeline.h"

namespace lunr {

void Pipeline::add(std::string label, PipelineFunction function) {
    stack_.push_back({std::move(label), std::move(function)});
}

void Pipeline::reset() {
    stack_.clear();
}

bool Pipeline::run(std::string& token) const {
    for (const auto& entry : stack_) {
        if (!entry.function(token)) return false;
    }
    return true;
}

std::vector<std::string> Pipeline::labels() const {
    std::vector<std::string> out;
    out.reserve(stack_.size());
    for (const auto& entry : stack_)
        out.push_back(entry.label);
    return out;
}

} // namespace lunr

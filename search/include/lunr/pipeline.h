// lunr.Pipeline: an ordered list of labelled token functions.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace lunr {

// Rewrites a token in place; returns false to drop it (as a lunr.js pipeline
// function returning undefined). An empty token is not dropped: lunr.js keeps
// the empty string that trimming "--" or "!" leaves, and so does this.
using PipelineFunction = std::function<bool(std::string& token)>;

class Pipeline {
  public:
    // `label` is the name lunr.Pipeline.registerFunction gives the function; it
    // is what an index serialises.
    void add(std::string label, PipelineFunction function);
    void reset();

    // Runs `token` through every function in order; false if one dropped it.
    bool run(std::string& token) const;

    // lunr.Pipeline.prototype.toJSON: the labels, in order.
    std::vector<std::string> labels() const;
    bool empty() const { return stack_.empty(); }

  private:
    struct Entry {
        std::string label;
        PipelineFunction function;
    };
    std::vector<Entry> stack_;
};

} // namespace lunr

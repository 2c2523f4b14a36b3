// lunr.sv (lunr-languages 1.22.0): the Swedish plugin, as `builder.use(lunr::sv)`.
#pragma once

namespace lunr {

class Builder;
class Pipeline;

// Index pipeline: trimmer-sv, stopWordFilter-sv, stemmer-sv.
Pipeline index_pipeline_sv();
// Search pipeline (serialised with the index): trimmer-sv, stemmer-sv.
Pipeline search_pipeline_sv();

// Replaces the builder's pipelines with the two above, as lunr.sv does.
void sv(Builder& builder);

} // namespace lunr

#include "view.h"

namespace docket {

namespace {

void fill(PageView& v) {
    v.link_fact("area", "fact_area");
    v.text_fact("period", "fact_period");
    v.link_fact("case", "fact_case");
    v.text_fact("numbering", "fact_numbering");
}

} // namespace

const View followup_view{"followup", {}, fill};

} // namespace docket

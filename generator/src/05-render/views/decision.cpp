#include "view.h"

namespace docket {

namespace {

void fill(PageView& v) {
    v.text_fact("body", "fact_body");
    v.fact("fact_paragraph", "\u00a7 " + v.page.str("paragraph"));
    v.date_fact("date", "fact_date");
    v.diarienummer_fact();
}

} // namespace

const View decision_view{"decision", {}, fill};

} // namespace docket

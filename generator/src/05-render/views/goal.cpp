#include "view.h"

namespace docket {

namespace {

void fill(PageView& v) {
    v.link_fact("plan", "fact_plan");
    v.text_fact("focus", "fact_focus");
    std::vector<Context> indicators;
    if (const Value* rows = v.page.get("indicators")) {
        for (const auto& row : rows->rows) {
            Context r;
            for (const char* k : {"text", "measure", "note"})
                if (row.get(k)) r.set(k, row.str(k));
            indicators.push_back(std::move(r));
        }
    }
    v.c.list("indicators", std::move(indicators));
}

constexpr std::string_view keys[] = {"indicators", "text", "measure", "note"};

} // namespace

const View goal_view{"goal", keys, fill};

} // namespace docket

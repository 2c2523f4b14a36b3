#include "lunr/corpus.h"

#include "json_reader.h"
#include "lunr/builder.h"
#include "lunr/js_number.h"
#include "lunr/serialiser.h"

namespace lunr {

namespace {

using json::Type;
using json::Value;

[[noreturn]] void fail(const std::string& message) {
    throw CorpusError(message);
}

// String(value) for the scalar JSON values lunr.js would meet as field values.
// Returns false for null; throws std::invalid_argument for arrays and objects.
bool js_string_of(const Value& value, std::string& scratch, std::string_view& out) {
    switch (value.type) {
    case Type::null:
        return false;
    case Type::string:
        out = value.string;
        return true;
    case Type::boolean:
        out = value.boolean ? "true" : "false";
        return true;
    case Type::number:
        scratch = js_number_to_string(value.number);
        out = scratch;
        return true;
    default:
        throw std::invalid_argument("");
    }
}

double boost_of(const Value& object, const std::string& where) {
    const Value* boost = object.find("boost");
    if (!boost || boost->type == Type::null) return 1;
    if (!boost->is_number()) fail(where + ": \"boost\" must be a number");
    return boost->number;
}

} // namespace

Index build_index_from_corpus(std::string_view corpus_json, Language language) {
    json::Reader reader;
    Value corpus;
    try {
        corpus = reader.parse(corpus_json);
    } catch (const json::ParseError& e) {
        fail(std::string("invalid JSON: ") + e.what());
    }
    if (corpus.type != Type::object) fail("the corpus must be a JSON object");

    std::string_view ref = "id";
    if (const Value* value = corpus.find("ref")) {
        if (!value->is_string()) fail("\"ref\" must be a string");
        ref = value->string;
    }
    const Value* fields = corpus.find("fields");
    if (!fields || fields->type != Type::array) fail("\"fields\" must be an array");
    const Value* documents = corpus.find("documents");
    if (!documents || documents->type != Type::array) fail("\"documents\" must be an array");

    Builder builder;
    builder.use(language);
    std::vector<std::string_view> field_names;
    for (std::size_t i = 0; i < fields->items.size(); ++i) {
        const Value& field = fields->items[i];
        const std::string where = "fields[" + std::to_string(i) + "]";
        if (field.type != Type::object) fail(where + " must be an object");
        const Value* name = field.find("name");
        if (!name || !name->is_string()) fail(where + ": \"name\" must be a string");
        try {
            builder.field(name->string, boost_of(field, where));
        } catch (const std::invalid_argument& e) {
            fail(where + ": " + e.what());
        }
        field_names.push_back(name->string);
    }

    std::vector<std::string_view> texts(field_names.size());
    std::vector<std::string> scratch(field_names.size() + 1);
    for (std::size_t i = 0; i < documents->items.size(); ++i) {
        const Value& document = documents->items[i];
        if (document.type != Type::object)
            fail("documents[" + std::to_string(i) + "] must be an object");
        auto where = [i] { return "documents[" + std::to_string(i) + "]"; };
        const Value* ref_value = document.find(ref);
        if (!ref_value || !(ref_value->is_string() || ref_value->is_number())) {
            fail(where() + ": the ref \"" + std::string(ref) + "\" must be a string or a number");
        }
        std::string_view document_ref;
        js_string_of(*ref_value, scratch.back(), document_ref);
        for (std::size_t f = 0; f < field_names.size(); ++f) {
            texts[f] = {};
            const Value* value = document.find(field_names[f]);
            if (!value) continue;
            try {
                js_string_of(*value, scratch[f], texts[f]);
            } catch (const std::invalid_argument&) {
                fail(where() + ": field \"" + std::string(field_names[f]) +
                     "\" must be a string, number, boolean or null");
            }
        }
        double boost = 1;
        if (const Value* value = document.find("boost"); value && value->type != Type::null) {
            if (!value->is_number()) fail(where() + ": \"boost\" must be a number");
            boost = value->number;
        }
        try {
            builder.add(document_ref, texts, boost);
        } catch (const std::invalid_argument& e) {
            fail(where() + ": " + e.what());
        }
    }
    return builder.build();
}

std::string build_index_json_from_corpus(std::string_view corpus_json, Language language) {
    return to_json(build_index_from_corpus(corpus_json, language));
}

} // namespace lunr

#include "lunr/corpus.h"

#include <nlohmann/json.hpp>

#include "lunr/builder.h"
#include "lunr/js_number.h"
#include "lunr/serialiser.h"
#include "lunr/sv.h"

namespace lunr {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& message) { throw CorpusError(message); }

// String(value) for the scalar JSON values lunr.js would meet as field values.
// Returns false for null.
bool js_string_of(const json& value, std::string& scratch, std::string_view& out) {
  switch (value.type()) {
    case json::value_t::null:
      return false;
    case json::value_t::string:
      out = value.get_ref<const std::string&>();
      return true;
    case json::value_t::boolean:
      out = value.get<bool>() ? "true" : "false";
      return true;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      scratch = js_number_to_string(value.get<double>());
      out = scratch;
      return true;
    default:
      throw std::invalid_argument("");
  }
}

double boost_of(const json& object, const std::string& where) {
  auto it = object.find("boost");
  if (it == object.end() || it->is_null()) return 1;
  if (!it->is_number()) fail(where + ": \"boost\" must be a number");
  return it->get<double>();
}

}  // namespace

Index build_index_from_corpus(std::string_view corpus_json) {
  json corpus;
  try {
    corpus = json::parse(corpus_json);
  } catch (const json::parse_error& e) {
    // nlohmann's message starts "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    std::string message = e.what();
    if (auto pos = message.find("] "); pos != std::string::npos) message.erase(0, pos + 2);
    fail("invalid JSON: " + message);
  }
  if (!corpus.is_object()) fail("the corpus must be a JSON object");

  std::string ref = "id";
  if (auto it = corpus.find("ref"); it != corpus.end()) {
    if (!it->is_string()) fail("\"ref\" must be a string");
    ref = it->get<std::string>();
  }

  auto fields_it = corpus.find("fields");
  if (fields_it == corpus.end() || !fields_it->is_array()) fail("\"fields\" must be an array");
  auto documents_it = corpus.find("documents");
  if (documents_it == corpus.end() || !documents_it->is_array()) fail("\"documents\" must be an array");

  Builder builder;
  builder.use(sv);
  std::vector<std::string> field_names;
  for (std::size_t i = 0; i < fields_it->size(); ++i) {
    const json& field = (*fields_it)[i];
    const std::string where = "fields[" + std::to_string(i) + "]";
    if (!field.is_object()) fail(where + " must be an object");
    auto name = field.find("name");
    if (name == field.end() || !name->is_string()) fail(where + ": \"name\" must be a string");
    try {
      builder.field(name->get_ref<const std::string&>(), boost_of(field, where));
    } catch (const std::invalid_argument& e) {
      fail(where + ": " + e.what());
    }
    field_names.push_back(name->get<std::string>());
  }

  std::vector<std::string_view> texts(field_names.size());
  std::vector<std::string> scratch(field_names.size() + 1);
  for (std::size_t i = 0; i < documents_it->size(); ++i) {
    const json& document = (*documents_it)[i];
    const std::string where = "documents[" + std::to_string(i) + "]";
    if (!document.is_object()) fail(where + " must be an object");
    auto ref_it = document.find(ref);
    if (ref_it == document.end() || !(ref_it->is_string() || ref_it->is_number())) {
      fail(where + ": the ref \"" + ref + "\" must be a string or a number");
    }
    std::string_view document_ref;
    js_string_of(*ref_it, scratch.back(), document_ref);
    for (std::size_t f = 0; f < field_names.size(); ++f) {
      texts[f] = {};
      auto value = document.find(field_names[f]);
      if (value == document.end()) continue;
      try {
        js_string_of(*value, scratch[f], texts[f]);
      } catch (const std::invalid_argument&) {
        fail(where + ": field \"" + field_names[f] + "\" must be a string, number, boolean or null");
      }
    }
    try {
      builder.add(document_ref, texts, boost_of(document, where));
    } catch (const std::invalid_argument& e) {
      fail(where + ": " + e.what());
    }
  }
  return builder.build();
}

std::string build_index_json_from_corpus(std::string_view corpus_json) {
  return to_json(build_index_from_corpus(corpus_json));
}

}  // namespace lunr

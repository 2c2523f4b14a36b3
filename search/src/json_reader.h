// A small, strict JSON reader (RFC 8259) for corpus files: the values keep
// views into the input where a string has no escapes, so reading a corpus of
// many megabytes costs little more than one pass over it. Invalid UTF-8, raw
// control characters, lone surrogates and trailing text are errors.
#pragma once

#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lunr::json {

enum class Type { null, boolean, number, string, array, object };

struct Member;

struct Value {
  Type type = Type::null;
  bool boolean = false;
  double number = 0;
  std::string_view string;  // into the input, or into the reader's arena
  std::vector<Value> items;
  // A vector of a type completed below (allowed since C++17); not a std::pair, which would
  // need Value complete here (clang rejects that).
  std::vector<Member> members;

  // The member named `key`; with duplicates the last one, as JSON.parse keeps.
  const Value* find(std::string_view key) const;
  bool is_number() const { return type == Type::number; }
  bool is_string() const { return type == Type::string; }
};

struct Member {
  std::string_view key;
  Value value;
};

inline const Value* Value::find(std::string_view key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->key == key) return &it->value;
  }
  return nullptr;
}

// what() is "line L, column C: ..." (column in bytes, from 1).
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Reader {
 public:
  // The value of the whole text; strings may point into `text` and into this
  // reader, so both must outlive the value.
  Value parse(std::string_view text);

 private:
  [[noreturn]] void fail(const std::string& message) const;
  void skip_space();
  Value parse_value(int depth);
  std::string_view parse_string();
  double parse_number();
  unsigned parse_hex4();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::deque<std::string> arena_;
};

}  // namespace lunr::json

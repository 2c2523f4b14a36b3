// The corpus file's JSON (RFC 8259), read by nlohmann-json's SAX parser into a small tree of
// values that corpus.cpp walks. Strict as JSON.parse is: invalid UTF-8, raw control characters,
// lone surrogates, a byte order mark and trailing text are errors.
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
    std::string_view string; // into the reader's arena
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

// what() is "parse error at line L, column C: ..." (column in bytes, from 1).
class ParseError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Reader {
  public:
    // The value of the whole text; its strings point into this reader, which must outlive it.
    Value parse(std::string_view text);

  private:
    std::deque<std::string> arena_;
};

} // namespace lunr::json

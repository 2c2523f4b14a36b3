#include "json_reader.h"

#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>

namespace lunr::json {

namespace {

// Arrays and objects nested deeper than this are refused: the tree is destroyed recursively.
constexpr std::size_t kMaxDepth = 512;

// A pointer into the text that notes, in `*read`, how far nlohmann's lexer has read: the
// handler's own errors are placed there.
struct Cursor {
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    const char* at;
    const char** read;

    reference operator*() const { return *at; }
    Cursor& operator++() {
        *read = ++at;
        return *this;
    }
    Cursor operator++(int) {
        Cursor before = *this;
        ++*this;
        return before;
    }
    bool operator==(const Cursor& other) const { return at == other.at; }
};

// "parse error at line L, column C: message", as nlohmann words its own errors; `offset` is
// the number of bytes read.
std::string located(std::string_view text, std::size_t offset, const std::string& message) {
    std::size_t line = 1, column = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        column = text[i] == '\n' ? 0 : column + 1;
        line += text[i] == '\n';
    }
    return "parse error at line " + std::to_string(line) + ", column " + std::to_string(column) +
           ": " + message;
}

// nlohmann's SAX events, built into Values.
class Handler {
  public:
    Handler(std::string_view text, const char* const& read, std::deque<std::string>& arena)
        : text_(text), read_(read), arena_(arena) {}

    Value result;

    bool null() { return scalar(Value{}); }
    bool boolean(bool b) {
        Value v;
        v.type = Type::boolean;
        v.boolean = b;
        return scalar(std::move(v));
    }
    // Integers as JSON.parse reads them: the nearest double.
    bool number_integer(std::int64_t n) { return number(static_cast<double>(n)); }
    bool number_unsigned(std::uint64_t n) { return number(static_cast<double>(n)); }
    bool number_float(double n, const std::string&) { return number(n); }
    bool string(std::string& s) {
        Value v;
        v.type = Type::string;
        v.string = keep(s);
        return scalar(std::move(v));
    }
    bool binary(nlohmann::json::binary_t&) { return false; } // never in JSON text
    bool key(std::string& k) {
        key_ = keep(k);
        return true;
    }
    bool start_object(std::size_t) { return open(Type::object); }
    bool start_array(std::size_t) { return open(Type::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception& e) {
        // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
        const std::string_view what = e.what();
        throw ParseError(std::string(what.substr(what.find(']') + 2)));
    }

  private:
    bool number(double n) {
        Value v;
        v.type = Type::number;
        v.number = n;
        return scalar(std::move(v));
    }
    bool scalar(Value&& v) {
        add(std::move(v));
        return true;
    }
    std::string_view keep(std::string& s) { return arena_.emplace_back(std::move(s)); }

    // Puts `v` into the array or object being read (an open one stays where it is until it is
    // closed: nothing is added to its parent before), or makes it the result.
    Value* add(Value&& v) {
        if (open_.empty()) return &(result = std::move(v));
        Value& parent = *open_.back();
        if (parent.type == Type::array) return &parent.items.emplace_back(std::move(v));
        return &parent.members.emplace_back(Member{key_, std::move(v)}).value;
    }
    bool open(Type type) {
        if (open_.size() >= kMaxDepth) {
            throw ParseError(located(text_, static_cast<std::size_t>(read_ - text_.data()),
                                     "arrays and objects nested more than " +
                                         std::to_string(kMaxDepth) + " deep"));
        }
        Value v;
        v.type = type;
        open_.push_back(add(std::move(v)));
        return true;
    }
    bool close() {
        open_.pop_back();
        return true;
    }

    std::string_view text_;
    const char* const& read_;
    std::deque<std::string>& arena_;
    std::vector<Value*> open_;
    std::string_view key_;
};

} // namespace

Value Reader::parse(std::string_view text) {
    // nlohmann skips a byte order mark; JSON.parse refuses it.
    if (text.starts_with("\xEF\xBB\xBF"))
        throw ParseError(located(text, 1, "byte order mark before the JSON text"));
    const char* read = text.data();
    Handler handler(text, read, arena_);
    const Cursor first{text.data(), &read}, last{text.data() + text.size(), &read};
    nlohmann::json::sax_parse(first, last, &handler);
    return std::move(handler.result);
}

} // namespace lunr::json

#include "json_reader.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "utf8.h"

namespace lunr::json {

namespace {

constexpr int kMaxDepth = 512;

// Length of the valid UTF-8 sequence at s[i] (first byte >= 0x80), or 0.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    if (i + k >= s.size()) return false;
    const auto b = static_cast<unsigned char>(s[i + k]);
    return b >= lo && b <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;  // no surrogates
  if (b0 >= 0xE1 && b0 <= 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

}  // namespace

void Reader::fail(const std::string& message) const {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  throw ParseError("line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message);
}

void Reader::skip_space() {
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    ++pos_;
  }
}

Value Reader::parse(std::string_view text) {
  text_ = text;
  pos_ = 0;
  if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") fail("byte order mark before the JSON text");
  Value value = parse_value(0);
  skip_space();
  if (pos_ != text_.size()) fail("unexpected text after the JSON value");
  return value;
}

Value Reader::parse_value(int depth) {
  if (depth > kMaxDepth) fail("nested too deeply");
  skip_space();
  if (pos_ >= text_.size()) fail("unexpected end of input; expected a value");
  Value value;
  const char c = text_[pos_];
  switch (c) {
    case '{': {
      value.type = Type::object;
      ++pos_;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return value;
      }
      while (true) {
        skip_space();
        if (pos_ >= text_.size() || text_[pos_] != '"') fail("expected a string as object key");
        std::string_view key = parse_string();
        skip_space();
        if (pos_ >= text_.size() || text_[pos_] != ':') fail("expected ':' after an object key");
        ++pos_;
        value.members.push_back({key, parse_value(depth + 1)});
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == '}') {
          ++pos_;
          return value;
        }
        fail("expected ',' or '}' in an object");
      }
    }
    case '[': {
      value.type = Type::array;
      ++pos_;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return value;
      }
      while (true) {
        value.items.push_back(parse_value(depth + 1));
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == ']') {
          ++pos_;
          return value;
        }
        fail("expected ',' or ']' in an array");
      }
    }
    case '"':
      value.type = Type::string;
      value.string = parse_string();
      return value;
    case 't':
    case 'f':
    case 'n': {
      const std::string_view word = c == 't' ? "true" : (c == 'f' ? "false" : "null");
      if (text_.substr(pos_, word.size()) != word) fail("invalid literal");
      pos_ += word.size();
      if (c == 'n') return value;
      value.type = Type::boolean;
      value.boolean = c == 't';
      return value;
    }
    default:
      if (c == '-' || (c >= '0' && c <= '9')) {
        value.type = Type::number;
        value.number = parse_number();
        return value;
      }
      fail(std::string("unexpected character '") + c + "'");
  }
}

unsigned Reader::parse_hex4() {
  if (pos_ + 4 > text_.size()) fail("incomplete \\u escape");
  unsigned value = 0;
  for (int k = 0; k < 4; ++k) {
    const char h = text_[pos_++];
    value <<= 4;
    if (h >= '0' && h <= '9') value |= static_cast<unsigned>(h - '0');
    else if (h >= 'a' && h <= 'f') value |= static_cast<unsigned>(h - 'a' + 10);
    else if (h >= 'A' && h <= 'F') value |= static_cast<unsigned>(h - 'A' + 10);
    else fail("invalid \\u escape");
  }
  return value;
}

// At the opening quote; returns the decoded string.
std::string_view Reader::parse_string() {
  ++pos_;
  const std::size_t start = pos_;
  std::string* decoded = nullptr;  // only once an escape is met
  std::size_t run = start;         // start of the bytes not yet copied to `decoded`
  while (true) {
    if (pos_ >= text_.size()) fail("unterminated string");
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') break;
    if (c < 0x20) fail("control character in a string (must be escaped)");
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text_, pos_);
      if (length == 0) fail("invalid UTF-8 in a string");
      pos_ += length;
      continue;
    }
    if (c != '\\') {
      ++pos_;
      continue;
    }
    if (!decoded) decoded = &arena_.emplace_back();
    decoded->append(text_.substr(run, pos_ - run));
    ++pos_;
    if (pos_ >= text_.size()) fail("unterminated string");
    const char e = text_[pos_++];
    switch (e) {
      case '"': decoded->push_back('"'); break;
      case '\\': decoded->push_back('\\'); break;
      case '/': decoded->push_back('/'); break;
      case 'b': decoded->push_back('\b'); break;
      case 'f': decoded->push_back('\f'); break;
      case 'n': decoded->push_back('\n'); break;
      case 'r': decoded->push_back('\r'); break;
      case 't': decoded->push_back('\t'); break;
      case 'u': {
        char32_t code = parse_hex4();
        if (code >= 0xDC00 && code <= 0xDFFF) fail("lone low surrogate in a \\u escape");
        if (code >= 0xD800 && code <= 0xDBFF) {
          if (text_.substr(pos_, 2) != "\\u") fail("high surrogate not followed by a low surrogate");
          pos_ += 2;
          const char32_t low = parse_hex4();
          if (low < 0xDC00 || low > 0xDFFF) fail("high surrogate not followed by a low surrogate");
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        utf8::append(*decoded, code);
        break;
      }
      default:
        fail(std::string("invalid escape '\\") + e + "'");
    }
    run = pos_;
  }
  const std::size_t end = pos_++;
  if (!decoded) return text_.substr(start, end - start);
  decoded->append(text_.substr(run, end - run));
  return *decoded;
}

double Reader::parse_number() {
  const std::size_t start = pos_;
  auto digits = [&] {
    const std::size_t from = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ - from;
  };
  if (text_[pos_] == '-') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '0') {
    ++pos_;
  } else if (digits() == 0) {
    fail("invalid number");
  }
  if (pos_ < text_.size() && text_[pos_] == '.') {
    ++pos_;
    if (digits() == 0) fail("invalid number: no digits after '.'");
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (digits() == 0) fail("invalid number: no digits in the exponent");
  }
  double value = 0;
  const char* first = text_.data() + start;
  auto [ptr, ec] = std::from_chars(first, text_.data() + pos_, value);
  if (ec == std::errc::result_out_of_range) {
    // JSON.parse rounds to ±Infinity or ±0; so does strtod.
    value = std::strtod(std::string(text_.substr(start, pos_ - start)).c_str(), nullptr);
  } else if (ec != std::errc() || ptr != text_.data() + pos_) {
    fail("invalid number");
  }
  return value;
}

}  // namespace lunr::json

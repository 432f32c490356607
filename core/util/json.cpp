// JSON parser (iterative, limit-checked, line/column errors) and writer. See json.hpp.
#include "core/util/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_set>


namespace descent {

const Json* Json::find(std::string_view key) const {
  for (const Member& m : members())
    if (m.first == key) return &m.second;
  return nullptr;
}

Json* Json::find(std::string_view key) {
  if (!box_) return nullptr;
  for (Member& m : box_->o)
    if (m.first == key) return &m.second;
  return nullptr;
}

Json& Json::set(const std::string& key, Json value) {
  if (Json* j = find(key)) {
    *j = std::move(value);
    return *j;
  }
  std::vector<Member>& o = members();
  o.emplace_back(key, std::move(value));
  return o.back().second;
}

const char* json_type_name(Json::Type t) {
  switch (t) {
    case Json::Type::null: return "null";
    case Json::Type::boolean: return "boolean";
    case Json::Type::number: return "number";
    case Json::Type::string: return "string";
    case Json::Type::array: return "array";
    case Json::Type::object: return "object";
  }
  return "null";
}

// ---- parser --------------------------------------------------------------------------------
namespace {

// A hard cap under JsonLimits::max_elements: a parsed value costs 24 bytes (a string, an array
// or an object also its box; it was 56 bytes in wasm32 and about 100 natively before the box)
// and arrays grow by doubling, so 20,000,000 numbers (a 50 MB array) once needed more than the
// 2 GB wasm heap and aborted the module. 2^22 values keep every array within a 2^22 capacity:
// about 0.2 GB at the peak. Enough for inline data of 1,000,000 rows x 2 inputs; bigger data goes
// through CSV.
constexpr std::size_t kMaxValues = std::size_t(1) << 22;  // 4,194,304

class Parser {
 public:
  Parser(std::string_view t, const JsonLimits& l) : t_(t), lim_(l) {}

  Status parse(Json& out) {
    if (t_.size() > lim_.max_bytes)
      return Status::Error("the JSON text is larger than " + std::to_string(lim_.max_bytes) + " bytes");
    if (t_.size() >= 3 && (unsigned char)t_[0] == 0xEF && (unsigned char)t_[1] == 0xBB && (unsigned char)t_[2] == 0xBF) p_ = 3;
    skip_ws();
    if (p_ >= t_.size()) return error("the text is empty; expected a JSON value");
    const std::size_t max_values = std::min(lim_.max_elements, kMaxValues);
    // Iterative descent with an explicit stack of open containers.
    enum State { kOpen, kAfterElement };
    struct Frame { Json* node; State state; std::unique_ptr<std::unordered_set<std::string>> keys; };
    std::vector<Frame> stack;
    Json* slot = &out;
    for (;;) {
      // Parse one value into *slot.
      skip_ws();
      if (p_ >= t_.size()) return error("unexpected end of text; expected a value");
      if (++elements_ > max_values)
        return limit_error("the JSON text has too many values (more than " + std::to_string(max_values) + ")");
      const char c = t_[p_];
      if (c == '{' || c == '[') {
        if (stack.size() >= lim_.max_depth)
          return limit_error("the JSON text has nesting deeper than " + std::to_string(lim_.max_depth) + " levels");
        *slot = c == '{' ? Json::object() : Json::array();
        ++p_;
        stack.push_back({slot, kOpen, nullptr});
      } else {
        Status s = scalar(*slot);
        if (!s.ok()) return s;
      }
      // Find the next slot to fill, closing containers as they end.
      for (;;) {
        if (stack.empty()) {
          skip_ws();
          if (p_ != t_.size()) return error("unexpected text after the JSON value");
          return Status::Ok();
        }
        Frame& f = stack.back();
        const bool is_obj = f.node->is_object();
        const char close = is_obj ? '}' : ']';
        skip_ws();
        if (p_ >= t_.size()) return error(std::string("unexpected end of text; expected '") + close + "'");
        if (t_[p_] == close) {
          ++p_;
          stack.pop_back();
          continue;
        }
        if (f.state == kAfterElement) {
          if (t_[p_] != ',') return error(std::string("expected ',' or '") + close + "'");
          ++p_;
          skip_ws();
          if (p_ < t_.size() && t_[p_] == close) return error(std::string("trailing comma before '") + close + "'");
        }
        f.state = kAfterElement;
        if (is_obj) {
          if (p_ >= t_.size() || t_[p_] != '"') return error("expected a string key in double quotes");
          std::string key;
          Status s = string(key);
          if (!s.ok()) return s;
          // Duplicate keys: a linear scan for small objects, a hash set past 16 keys (no O(n^2)).
          bool dup;
          if (f.keys) {
            dup = !f.keys->insert(key).second;
          } else {
            dup = f.node->find(key) != nullptr;
            if (!dup && f.node->members().size() >= 16) {
              f.keys = std::make_unique<std::unordered_set<std::string>>();
              for (const Json::Member& m : f.node->members()) f.keys->insert(m.first);
              f.keys->insert(key);
            }
          }
          if (dup) return error("duplicate key " + quoted(key));
          skip_ws();
          if (p_ >= t_.size() || t_[p_] != ':') return error("expected ':' after the key");
          ++p_;
          f.node->members().emplace_back(std::move(key), Json());
          slot = &f.node->members().back().second;
        } else {
          f.node->items().emplace_back();
          slot = &f.node->items().back();
        }
        break;
      }
    }
  }

 private:
  void skip_ws() {
    while (p_ < t_.size()) {
      const char c = t_[p_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++p_;
      } else if (c == '\n') {
        ++p_;
      } else {
        break;
      }
    }
  }

  std::string position() const {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < p_ && i < t_.size(); ++i) {
      if (t_[i] == '\n') { ++line; col = 1; }
      else if (((unsigned char)t_[i] & 0xC0) != 0x80) ++col;
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
  }

  Status error(const std::string& what) const { return Status::Error("JSON syntax error at " + position() + ": " + what); }

  // A limit, not a syntax error: "the JSON text has nesting deeper than 64 levels (at line 1, column 65)".
  Status limit_error(const std::string& what) const { return Status::Error(what + " (at " + position() + ")"); }

  bool literal(const char* word) {
    const std::size_t n = std::strlen(word);
    if (t_.substr(p_, n) == word) { p_ += n; return true; }
    return false;
  }

  Status scalar(Json& out) {
    const char c = t_[p_];
    if (c == '"') {
      std::string s;
      Status st = string(s);
      if (!st.ok()) return st;
      out = Json::string(std::move(s));
      return Status::Ok();
    }
    if (c == 't') { if (literal("true")) { out = Json::boolean(true); return Status::Ok(); } }
    else if (c == 'f') { if (literal("false")) { out = Json::boolean(false); return Status::Ok(); } }
    else if (c == 'n') { if (literal("null")) { out = Json(); return Status::Ok(); } }
    else if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    if (c == 'N' || c == 'I') return error("NaN and Infinity are not JSON numbers");
    return error(std::string("unexpected character '") + (c >= 32 && c < 127 ? std::string(1, c) : "?") + "'; expected a value");
  }

  Status number(Json& out) {
    const std::size_t start = p_;
    if (t_[p_] == '-') ++p_;
    auto digits = [&] { std::size_t d = 0; while (p_ < t_.size() && t_[p_] >= '0' && t_[p_] <= '9') { ++p_; ++d; } return d; };
    if (p_ < t_.size() && t_[p_] == '0') {
      ++p_;
      if (p_ < t_.size() && t_[p_] >= '0' && t_[p_] <= '9') return error("numbers may not have leading zeros");
    } else if (digits() == 0) {
      return error("expected digits in a number");
    }
    if (p_ < t_.size() && t_[p_] == '.') {
      ++p_;
      if (digits() == 0) return error("expected digits after the decimal point");
    }
    if (p_ < t_.size() && (t_[p_] == 'e' || t_[p_] == 'E')) {
      ++p_;
      if (p_ < t_.size() && (t_[p_] == '+' || t_[p_] == '-')) ++p_;
      if (digits() == 0) return error("expected digits in the exponent");
    }
    if (p_ - start > 400) return error("number literal is too long");
    const std::string lit(t_.substr(start, p_ - start));
    const double v = std::strtod(lit.c_str(), nullptr);
    if (!std::isfinite(v)) { p_ = start; return error("number " + lit + " is out of range"); }
    out = Json::number(v);
    return Status::Ok();
  }

  static void put_utf8(std::string& s, std::uint32_t cp) {
    if (cp < 0x80) s += char(cp);
    else if (cp < 0x800) { s += char(0xC0 | (cp >> 6)); s += char(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) { s += char(0xE0 | (cp >> 12)); s += char(0x80 | ((cp >> 6) & 0x3F)); s += char(0x80 | (cp & 0x3F)); }
    else { s += char(0xF0 | (cp >> 18)); s += char(0x80 | ((cp >> 12) & 0x3F)); s += char(0x80 | ((cp >> 6) & 0x3F)); s += char(0x80 | (cp & 0x3F)); }
  }

  bool hex4(std::uint32_t& v) {
    if (p_ + 4 > t_.size()) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = t_[p_ + i];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else return false;
    }
    p_ += 4;
    return true;
  }

  // Validates one UTF-8 sequence at p_ and appends it; false if invalid.
  bool utf8_char(std::string& s) {
    const unsigned char c = (unsigned char)t_[p_];
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || p_ + len > t_.size()) return false;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int i = 1; i < len; ++i) {
      const unsigned char d = (unsigned char)t_[p_ + i];
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    s.append(t_.data() + p_, len);
    p_ += len;
    return true;
  }

  Status string(std::string& s) {
    ++p_;  // opening quote
    for (;;) {
      if (p_ >= t_.size()) return error("unterminated string");
      const char c = t_[p_];
      if (c == '"') { ++p_; return Status::Ok(); }
      if ((unsigned char)c < 0x20) return error("control character in a string (escape it)");
      if (c == '\\') {
        ++p_;
        if (p_ >= t_.size()) return error("unterminated string");
        const char e = t_[p_++];
        switch (e) {
          case '"': s += '"'; break;
          case '\\': s += '\\'; break;
          case '/': s += '/'; break;
          case 'b': s += '\b'; break;
          case 'f': s += '\f'; break;
          case 'n': s += '\n'; break;
          case 'r': s += '\r'; break;
          case 't': s += '\t'; break;
          case 'u': {
            std::uint32_t cp;
            if (!hex4(cp)) return error("bad \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              std::uint32_t lo;
              if (p_ + 2 > t_.size() || t_[p_] != '\\' || t_[p_ + 1] != 'u') return error("unpaired surrogate in \\u escape");
              p_ += 2;
              if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return error("unpaired surrogate in \\u escape");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return error("unpaired surrogate in \\u escape");
            }
            put_utf8(s, cp);
            break;
          }
          default: --p_; return error("unknown escape in a string");
        }
        continue;
      }
      if ((unsigned char)c < 0x80) { s += c; ++p_; continue; }
      if (!utf8_char(s)) return error("invalid UTF-8 in a string");
    }
  }

  std::string_view t_;
  const JsonLimits& lim_;
  std::size_t p_ = 0;
  std::size_t elements_ = 0;
};

}  // namespace

Status parse_json(std::string_view text, Json& out, const JsonLimits& limits) {
  out = Json();
  Parser p(text, limits);
  Status s = p.parse(out);
  if (!s.ok()) out = Json();
  return s;
}

// ---- writer --------------------------------------------------------------------------------
std::string json_quote(std::string_view s) { return "\"" + escaped(s, false) + "\""; }

namespace {
void write_value(std::string& o, const Json& j) {
  switch (j.type()) {
    case Json::Type::null: o += "null"; break;
    case Json::Type::boolean: o += j.as_bool() ? "true" : "false"; break;
    case Json::Type::number:
      o += std::isfinite(j.as_number()) ? format_number(j.as_number()) : "null";
      break;
    case Json::Type::string: o += json_quote(j.as_string()); break;
    case Json::Type::array: {
      o += '[';
      bool first = true;
      for (const Json& e : j.items()) {
        if (!first) o += ',';
        first = false;
        write_value(o, e);
      }
      o += ']';
      break;
    }
    case Json::Type::object: {
      o += '{';
      bool first = true;
      for (const Json::Member& m : j.members()) {
        if (!first) o += ',';
        first = false;
        o += json_quote(m.first);
        o += ':';
        write_value(o, m.second);
      }
      o += '}';
      break;
    }
  }
}
}  // namespace

std::string to_json(const Json& j) {
  std::string o;
  write_value(o, j);
  return o;
}

void JsonWriter::comma() {
  if (after_key_) { after_key_ = false; return; }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}
void JsonWriter::begin_object() { comma(); out_ += '{'; first_.push_back(true); }
void JsonWriter::end_object() { out_ += '}'; first_.pop_back(); }
void JsonWriter::begin_array() { comma(); out_ += '['; first_.push_back(true); }
void JsonWriter::end_array() { out_ += ']'; first_.pop_back(); }
void JsonWriter::key(std::string_view k) {
  comma();
  out_ += json_quote(k);
  out_ += ':';
  after_key_ = true;
}
void JsonWriter::value_float(float v) { comma(); out_ += std::isfinite(v) ? format_float(v) : "null"; }
void JsonWriter::value_double(double v) { comma(); out_ += std::isfinite(v) ? format_number(v) : "null"; }
void JsonWriter::value_int(std::int64_t v) { comma(); out_ += std::to_string(v); }
void JsonWriter::value_bool(bool v) { comma(); out_ += v ? "true" : "false"; }
void JsonWriter::value_string(std::string_view s) { comma(); out_ += json_quote(s); }
void JsonWriter::value_null() { comma(); out_ += "null"; }
void JsonWriter::value_json(const Json& j) { comma(); write_value(out_, j); }
void JsonWriter::floats(const float* v, std::size_t n) {
  begin_array();
  for (std::size_t i = 0; i < n; ++i) value_float(v[i]);
  end_array();
}

}  // namespace descent

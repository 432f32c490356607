// A small JSON value, parser and writer for specs and results. Ours (not a library's) so that
// parse errors name line and column, limits (depth, size, elements) are enforced without
// exceptions, and numbers are written the same way natively and in WebAssembly.
// Not a general-purpose JSON library: objects keep insertion order and reject duplicate keys.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/status.hpp"
#include "core/util/text.hpp"

namespace descent {

class Json {
 public:
  enum class Type { null, boolean, number, string, array, object };
  using Member = std::pair<std::string, Json>;

  Json() = default;
  Json(const Json& o) : type_(o.type_), b_(o.b_), d_(o.d_), box_(o.box_ ? new Box(*o.box_) : nullptr) {}
  Json(Json&&) noexcept = default;
  Json& operator=(const Json& o) {
    if (this != &o) *this = Json(o);
    return *this;
  }
  Json& operator=(Json&&) noexcept = default;

  static Json boolean(bool b) { Json j; j.type_ = Type::boolean; j.b_ = b; return j; }
  static Json number(double d) { Json j; j.type_ = Type::number; j.d_ = d; return j; }
  static Json string(std::string s) { Json j; j.type_ = Type::string; j.box().s = std::move(s); return j; }
  static Json array() { Json j; j.type_ = Type::array; return j; }
  static Json object() { Json j; j.type_ = Type::object; return j; }

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::null; }
  bool is_bool() const { return type_ == Type::boolean; }
  bool is_number() const { return type_ == Type::number; }
  bool is_string() const { return type_ == Type::string; }
  bool is_array() const { return type_ == Type::array; }
  bool is_object() const { return type_ == Type::object; }

  bool as_bool() const { return b_; }
  double as_number() const { return d_; }
  const std::string& as_string() const { return box_ ? box_->s : empty().s; }
  const std::vector<Json>& items() const { return box_ ? box_->a : empty().a; }
  std::vector<Json>& items() { return box().a; }
  const std::vector<Member>& members() const { return box_ ? box_->o : empty().o; }
  std::vector<Member>& members() { return box().o; }

  /// Object member by key, or nullptr.
  const Json* find(std::string_view key) const;
  Json* find(std::string_view key);
  /// Sets (replaces or appends) an object member.
  Json& set(const std::string& key, Json value);
  void push(Json value) { items().push_back(std::move(value)); }

 private:
  // A string's text, an array's items, an object's members, out of line: a number (most of a
  // big array of data) costs 24 bytes, where the three in place made every value ~100 bytes
  // natively, 56 in wasm32 (parse time and memory of inline data went with it).
  struct Box {
    std::string s;
    std::vector<Json> a;
    std::vector<Member> o;
  };
  static const Box& empty() {
    static const Box e;
    return e;
  }
  Box& box() {
    if (!box_) box_.reset(new Box());
    return *box_;
  }

  Type type_ = Type::null;
  bool b_ = false;
  double d_ = 0.0;
  std::unique_ptr<Box> box_;
};

/// "null", "boolean", "number", "string", "array", "object".
const char* json_type_name(Json::Type t);

struct JsonLimits {
  std::size_t max_bytes = 64u * 1024u * 1024u;
  std::size_t max_depth = 64;
  std::size_t max_elements = std::size_t(1) << 22;  // values in total (memory: ~0.2 GB at the cap)
};

/// Parses text into out. Errors: "JSON syntax error at line 3, column 14: expected ',' or '}'".
Status parse_json(std::string_view text, Json& out, const JsonLimits& limits = {});

/// Compact serialization; numbers via format_number (shortest round-trip double), non-finite as null.
std::string to_json(const Json& j);

/// Streaming writer for large results: numbers written as float32 (shortest digits that read back
/// as the same float) or double, non-finite as null. Commas are managed for you.
class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view k);
  void value_float(float v);
  void value_double(double v);
  void value_int(std::int64_t v);
  void value_bool(bool v);
  void value_string(std::string_view s);
  void value_null();
  void value_json(const Json& j);
  void floats(const float* v, std::size_t n);  // a whole array
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void comma();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

/// JSON string literal with escapes (control characters, quotes, backslash; UTF-8 passed through).
std::string json_quote(std::string_view s);

}  // namespace descent

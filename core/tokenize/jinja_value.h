#pragma once
// core::tokenize::jinja::Value: the values a chat template computes with, with Python's (Jinja2's)
// semantics where the templates depend on them: truthiness, str() of None/True/1.0, equality of
// 1 and 1.0, strings indexed by code point. Lists and dicts are shared immutably; a namespace()
// is the one mutable value (`{% set ns.x = ... %}`). See docs/ARCHITECTURE.md, "Chat templates".
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace core::tokenize::jinja {

struct Value;
struct MacroDef;
using List = std::vector<Value>;
using Dict = std::vector<std::pair<std::string, Value>>;  // insertion order, as Python's dict

enum class Kind { Undefined, None, Bool, Int, Float, String, List, Dict, Namespace, Macro };

struct Value {
  Kind kind = Kind::Undefined;
  bool b = false;
  std::int64_t i = 0;
  double f = 0;
  std::string s;
  std::shared_ptr<List> list;        // List
  std::shared_ptr<Dict> dict;        // Dict and Namespace (the namespace's attributes)
  std::shared_ptr<const MacroDef> macro;
  std::string name;                  // Undefined: the name that was looked up (for errors)

  static Value undefined(std::string name = {});
  static Value none();
  static Value boolean(bool v);
  static Value integer(std::int64_t v);
  static Value real(double v);
  static Value string(std::string v);
  static Value make_list(List v);
  static Value make_dict(Dict v);

  bool is_undefined() const { return kind == Kind::Undefined; }
  bool is_number() const { return kind == Kind::Int || kind == Kind::Float || kind == Kind::Bool; }
  double as_double() const { return kind == Kind::Float ? f : double(kind == Kind::Bool ? std::int64_t(b) : i); }
  // Dict or namespace member, nullptr when absent.
  const Value* find(std::string_view key) const;
};

bool truthy(const Value& v);
// Python's str(): None, True, 1.0, ['a', 1], {'k': 'v'}; Undefined is "".
std::string to_str(const Value& v);
// Python's repr() (strings quoted as Python quotes them).
std::string repr(const Value& v);
bool equal(const Value& a, const Value& b);
const char* kind_name(Kind k);

// JSON in, for the context (messages, bos_token, ...).
Value from_json(const nlohmann::ordered_json& j);

// Code points of a UTF-8 string and back (strings are indexed, sliced and measured by code point).
std::u32string to_u32(std::string_view s);
std::string to_u8(std::u32string_view s);

}  // namespace core::tokenize::jinja

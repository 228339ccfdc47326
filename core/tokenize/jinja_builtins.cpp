#include "core/tokenize/jinja_builtins.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace core::tokenize::jinja {

std::optional<Value> Args::get(std::size_t n, std::string_view name) const {
  if (n < positional.size()) return positional[n];
  for (const auto& [k, v] : keywords)
    if (k == name) return v;
  return std::nullopt;
}

bool is_py_space(char32_t c) {
  return (c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string py_strip(const std::string& s, const std::optional<std::string>& chars, bool left, bool right) {
  const std::u32string u = to_u32(s), set = chars ? to_u32(*chars) : std::u32string();
  auto strip = [&](char32_t c) { return chars ? set.find(c) != std::u32string::npos : is_py_space(c); };
  std::size_t a = 0, b = u.size();
  if (left)
    while (a < b && strip(u[a])) ++a;
  if (right)
    while (b > a && strip(u[b - 1])) --b;
  return to_u8(std::u32string_view(u).substr(a, b - a));
}

namespace {

std::int64_t want_int(const Value& v, const char* what) {
  if (v.kind == Kind::Int) return v.i;
  if (v.kind == Kind::Bool) return v.b;
  throw EvalError{std::string(what) + " needs an integer, not a " + kind_name(v.kind)};
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (std::uint8_t(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(std::uint8_t(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string py_json(const Value& v, std::optional<int> indent, int level, Budget& budget) {
  budget.step();
  const std::string nl = indent ? "\n" + std::string(std::size_t(*indent) * std::size_t(level + 1), ' ') : "";
  const std::string close = indent ? "\n" + std::string(std::size_t(*indent) * std::size_t(level), ' ') : "";
  const std::string comma = indent ? "," : ", ";
  switch (v.kind) {
    case Kind::None: return "null";
    case Kind::Bool: return v.b ? "true" : "false";
    case Kind::Int:
    case Kind::Float: return to_str(v) == "nan" ? "NaN" : to_str(v);
    case Kind::String: return json_string(v.s);
    case Kind::List: {
      if (v.list->empty()) return "[]";
      std::string out = "[";
      for (std::size_t k = 0; k < v.list->size(); ++k) {
        out += (k ? comma : "") + nl + py_json((*v.list)[k], indent, level + 1, budget);
        budget.check_size(out.size());
      }
      return out + close + "]";
    }
    case Kind::Dict:
    case Kind::Namespace: {
      if (v.dict->empty()) return "{}";
      std::string out = "{";
      bool first = true;
      for (const auto& [k, e] : *v.dict) {
        out += (first ? "" : comma) + nl + json_string(k) + ": " + py_json(e, indent, level + 1, budget);
        budget.check_size(out.size());
        first = false;
      }
      return out + close + "}";
    }
    default: throw EvalError{std::string("tojson cannot write a ") + kind_name(v.kind)};
  }
}

Value slice(const Value& v, std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
            std::optional<std::int64_t> step_opt) {
  const std::int64_t step = step_opt.value_or(1);
  if (step == 0) throw EvalError{"slice step cannot be zero"};
  std::u32string u;
  std::int64_t n = 0;
  if (v.kind == Kind::String) n = std::int64_t((u = to_u32(v.s)).size());
  else if (v.kind == Kind::List) n = std::int64_t(v.list->size());
  else throw EvalError{std::string("cannot slice a ") + kind_name(v.kind)};
  auto clamp = [&](std::optional<std::int64_t> x, std::int64_t dflt) {  // Python's slice.indices
    if (!x) return dflt;
    std::int64_t i = *x < 0 ? *x + n : *x;
    if (step > 0) return std::clamp<std::int64_t>(i, 0, n);
    return std::clamp<std::int64_t>(i, -1, n - 1);
  };
  const std::int64_t a = clamp(start, step > 0 ? 0 : n - 1), b = clamp(stop, step > 0 ? n : -1);
  List items;
  std::u32string chars;
  for (std::int64_t i = a; step > 0 ? i < b : i > b; i += step) {
    if (v.kind == Kind::String) chars.push_back(u[std::size_t(i)]);
    else items.push_back((*v.list)[std::size_t(i)]);
  }
  return v.kind == Kind::String ? Value::string(to_u8(chars)) : Value::make_list(std::move(items));
}

List iterate(const Value& v) {
  switch (v.kind) {
    case Kind::Undefined: return {};
    case Kind::List: return *v.list;
    case Kind::Dict: {
      List keys;
      for (const auto& [k, e] : *v.dict) keys.push_back(Value::string(k));
      return keys;
    }
    case Kind::String: {
      List chars;
      for (const char32_t c : to_u32(v.s)) chars.push_back(Value::string(to_u8(std::u32string(1, c))));
      return chars;
    }
    default: throw EvalError{std::string("cannot loop over a ") + kind_name(v.kind)};
  }
}

bool apply_test(std::string_view name, const Value& v, const Args& args) {
  auto arg = [&](std::size_t n) {
    auto a = args.get(n, "value");
    if (!a) throw EvalError{"the test '" + std::string(name) + "' needs an argument"};
    return *a;
  };
  if (name == "defined") return !v.is_undefined();
  if (name == "undefined") return v.is_undefined();
  if (name == "none") return v.kind == Kind::None;
  if (name == "boolean") return v.kind == Kind::Bool;
  if (name == "true") return v.kind == Kind::Bool && v.b;
  if (name == "false") return v.kind == Kind::Bool && !v.b;
  if (name == "string") return v.kind == Kind::String;
  if (name == "number") return v.kind == Kind::Int || v.kind == Kind::Float;
  if (name == "integer") return v.kind == Kind::Int;
  if (name == "float") return v.kind == Kind::Float;
  if (name == "mapping") return v.kind == Kind::Dict;
  if (name == "iterable") return v.kind == Kind::List || v.kind == Kind::Dict || v.kind == Kind::String;
  if (name == "sequence") return v.kind == Kind::List || v.kind == Kind::Dict || v.kind == Kind::String;
  if (name == "callable") return v.kind == Kind::Macro;
  if (name == "equalto" || name == "eq" || name == "sameas") return equal(v, arg(0));
  if (name == "ne") return !equal(v, arg(0));
  if (name == "odd" || name == "even") return (want_int(v, "odd/even") % 2 != 0) == (name == "odd");
  if (name == "divisibleby") {
    const std::int64_t d = want_int(arg(0), "divisibleby");
    if (d == 0) throw EvalError{"divisibleby 0"};
    return want_int(v, "divisibleby") % d == 0;
  }
  if (name == "lower" || name == "upper") {
    if (v.kind != Kind::String) return false;
    return std::none_of(v.s.begin(), v.s.end(), [&](char c) {
      return name == "lower" ? std::isupper(std::uint8_t(c)) : std::islower(std::uint8_t(c));
    });
  }
  if (name == "in") {
    const Value c = arg(0);
    for (const auto& e : iterate(c))
      if (equal(e, v)) return true;
    return c.kind == Kind::String && v.kind == Kind::String && c.s.find(v.s) != std::string::npos;
  }
  throw EvalError{"unknown test '" + std::string(name) + "'"};
}

}  // namespace core::tokenize::jinja

// The filters and methods of the chat-template subset (see jinja_builtins.h).
#include <algorithm>
#include <cmath>

#include "core/tokenize/jinja_builtins.h"

namespace core::tokenize::jinja {
namespace {

std::string want_string(const Value& v, const char* what) {
  if (v.kind == Kind::String) return v.s;
  throw EvalError{std::string(what) + " needs a string, not a " + kind_name(v.kind)};
}

std::int64_t length_of(const Value& v) {
  switch (v.kind) {
    case Kind::String: return std::int64_t(to_u32(v.s).size());
    case Kind::List: return std::int64_t(v.list->size());
    case Kind::Dict:
    case Kind::Namespace: return std::int64_t(v.dict->size());
    case Kind::Undefined: return 0;
    default: throw EvalError{std::string("a ") + kind_name(v.kind) + " has no length"};
  }
}

std::string ascii_case(std::string s, bool upper) {
  for (char& c : s) c = char(upper ? std::toupper(std::uint8_t(c)) : std::tolower(std::uint8_t(c)));
  return s;
}

std::string capitalize(const std::string& s) {
  std::string out = ascii_case(s, false);
  if (!out.empty()) out[0] = char(std::toupper(std::uint8_t(out[0])));
  return out;
}

std::string title(const std::string& s) {
  std::string out = s;
  bool start = true;
  for (char& c : out) {
    const bool alpha = std::isalpha(std::uint8_t(c));
    c = char(alpha ? (start ? std::toupper(std::uint8_t(c)) : std::tolower(std::uint8_t(c))) : c);
    start = !alpha;
  }
  return out;
}

Value items_of(const Value& v) {
  if (v.kind == Kind::Undefined) return Value::make_list({});
  if (v.kind != Kind::Dict) throw EvalError{std::string("items needs a mapping, not a ") + kind_name(v.kind)};
  List out;
  for (const auto& [k, e] : *v.dict) out.push_back(Value::make_list({Value::string(k), e}));
  return Value::make_list(std::move(out));
}

Value attr_or_undefined(const Value& item, const std::string& attr) {
  const Value* found = item.find(attr);
  return found ? *found : Value::undefined(attr);
}

std::string replace_all(const std::string& s, const std::string& from, const std::string& to,
                        std::int64_t count, Budget& budget) {
  if (from.empty()) throw EvalError{"replace() of an empty string is not supported"};
  std::string out;
  std::size_t pos = 0;
  std::int64_t done = 0;
  for (std::size_t hit; (count < 0 || done < count) && (hit = s.find(from, pos)) != std::string::npos; ++done) {
    out.append(s, pos, hit - pos).append(to);
    budget.check_size(out.size());
    pos = hit + from.size();
  }
  out.append(s, pos);
  budget.check_size(out.size());
  return out;
}

Value split(const std::string& s, const std::optional<Value>& sep, std::int64_t maxsplit) {
  List parts;
  if (!sep || sep->kind == Kind::None) {  // runs of whitespace, the ends ignored
    const std::u32string u = to_u32(s);
    std::size_t i = 0;
    while (true) {
      while (i < u.size() && is_py_space(u[i])) ++i;
      if (i == u.size()) break;
      std::size_t j = i;
      if (maxsplit >= 0 && std::int64_t(parts.size()) == maxsplit) {
        j = u.size();
        while (j > i && is_py_space(u[j - 1])) --j;
      } else {
        while (j < u.size() && !is_py_space(u[j])) ++j;
      }
      parts.push_back(Value::string(to_u8(std::u32string_view(u).substr(i, j - i))));
      i = j;
    }
    return Value::make_list(std::move(parts));
  }
  const std::string d = want_string(*sep, "split()");
  if (d.empty()) throw EvalError{"split() with an empty separator"};
  std::size_t pos = 0;
  for (std::size_t hit; (maxsplit < 0 || std::int64_t(parts.size()) < maxsplit) &&
                        (hit = s.find(d, pos)) != std::string::npos;) {
    parts.push_back(Value::string(s.substr(pos, hit - pos)));
    pos = hit + d.size();
  }
  parts.push_back(Value::string(s.substr(pos)));
  return Value::make_list(std::move(parts));
}

std::optional<std::string> opt_string(const std::optional<Value>& v, const char* what) {
  if (!v || v->kind == Kind::None) return std::nullopt;
  return want_string(*v, what);
}

std::int64_t int_arg(const std::optional<Value>& v, std::int64_t dflt) {
  if (!v || v->kind == Kind::None) return dflt;
  if (v->kind != Kind::Int) throw EvalError{"expected an integer argument"};
  return v->i;
}

bool starts_or_ends(const std::string& s, const Value& what, bool start) {
  auto one = [&](const Value& p) {
    const std::string x = want_string(p, start ? "startswith()" : "endswith()");
    return start ? s.starts_with(x) : s.ends_with(x);
  };
  if (what.kind == Kind::List) return std::any_of(what.list->begin(), what.list->end(), one);
  return one(what);
}

// select/reject/selectattr/rejectattr: items for which `test` (default: truthiness) holds (or not).
Value select(const Value& v, const Args& args, bool by_attr, bool keep) {
  std::size_t n = 0;
  std::string attr;
  if (by_attr) {
    auto a = args.get(n++, "attribute");
    if (!a) throw EvalError{"selectattr/rejectattr need an attribute name"};
    attr = want_string(*a, "selectattr");
  }
  std::optional<std::string> test;
  if (auto t = args.get(n++, "test")) test = want_string(*t, "select");
  Args test_args;
  for (std::size_t k = n; k < args.positional.size(); ++k) test_args.positional.push_back(args.positional[k]);
  List out;
  for (const Value& item : iterate(v)) {
    const Value subject = by_attr ? attr_or_undefined(item, attr) : item;
    const bool hit = test ? apply_test(*test, subject, test_args) : truthy(subject);
    if (hit == keep) out.push_back(item);
  }
  return Value::make_list(std::move(out));
}

}  // namespace

Value apply_filter(std::string_view name, const Value& v, const Args& args, Budget& budget) {
  if (name == "trim") return Value::string(py_strip(to_str(v), opt_string(args.get(0, "chars"), "trim"), true, true));
  if (name == "tojson") {
    std::optional<int> indent;
    if (auto i = args.get(0, "indent"); i && i->kind == Kind::Int) indent = int(std::clamp<std::int64_t>(i->i, 0, 64));
    return Value::string(py_json(v, indent, 0, budget));
  }
  if (name == "length" || name == "count") return Value::integer(length_of(v));
  if (name == "upper" || name == "lower") return Value::string(ascii_case(to_str(v), name == "upper"));
  if (name == "capitalize") return Value::string(capitalize(to_str(v)));
  if (name == "title") return Value::string(title(to_str(v)));
  if (name == "string") return Value::string(to_str(v));
  if (name == "safe") return v;
  if (name == "default" || name == "d") {
    const bool boolean = truthy(args.get(1, "boolean").value_or(Value::boolean(false)));
    if (v.is_undefined() || (boolean && !truthy(v))) return args.get(0, "default_value").value_or(Value::string(""));
    return v;
  }
  if (name == "join") {
    const std::string sep = opt_string(args.get(0, "d"), "join").value_or("");
    const auto attr = opt_string(args.get(1, "attribute"), "join");
    std::string out;
    bool first = true;
    for (const Value& item : iterate(v)) {
      out += (first ? "" : sep) + to_str(attr ? attr_or_undefined(item, *attr) : item);
      budget.check_size(out.size());
      first = false;
    }
    return Value::string(std::move(out));
  }
  if (name == "items" || name == "dictsort") {
    Value out = items_of(v);
    if (name == "dictsort")
      std::stable_sort(out.list->begin(), out.list->end(),
                       [](const Value& a, const Value& b) { return (*a.list)[0].s < (*b.list)[0].s; });
    return out;
  }
  if (name == "list") return Value::make_list(iterate(v));
  if (name == "first" || name == "last") {
    const List items = iterate(v);
    if (items.empty()) return Value::undefined(std::string(name));
    return name == "first" ? items.front() : items.back();
  }
  if (name == "reverse") return v.kind == Kind::String ? slice(v, {}, {}, -1) : slice(Value::make_list(iterate(v)), {}, {}, -1);
  if (name == "int") {
    if (v.kind == Kind::Float) return Value::integer(std::int64_t(v.f));
    if (v.kind == Kind::Int || v.kind == Kind::Bool) return Value::integer(v.kind == Kind::Int ? v.i : v.b);
    try {
      return Value::integer(std::stoll(py_strip(to_str(v), {}, true, true)));
    } catch (...) {
      return args.get(0, "default").value_or(Value::integer(0));
    }
  }
  if (name == "float") {
    if (v.is_number()) return Value::real(v.as_double());
    try {
      return Value::real(std::stod(to_str(v)));
    } catch (...) {
      return args.get(0, "default").value_or(Value::real(0));
    }
  }
  if (name == "abs") {
    if (v.kind == Kind::Int) return Value::integer(v.i < 0 ? -v.i : v.i);
    if (v.kind == Kind::Float) return Value::real(std::fabs(v.f));
    throw EvalError{std::string("abs needs a number, not a ") + kind_name(v.kind)};
  }
  if (name == "replace") {
    const auto from = args.get(0, "old"), to = args.get(1, "new");
    if (!from || !to) throw EvalError{"replace needs the old and the new text"};
    return Value::string(replace_all(to_str(v), want_string(*from, "replace"), want_string(*to, "replace"),
                                     int_arg(args.get(2, "count"), -1), budget));
  }
  if (name == "map") {
    List out;
    const auto attr = opt_string(args.get(99, "attribute"), "map");
    const auto filter = attr ? std::nullopt : opt_string(args.get(0, ""), "map");
    if (!attr && !filter) throw EvalError{"map needs attribute= or a filter name"};
    Args rest;
    for (std::size_t k = 1; k < args.positional.size(); ++k) rest.positional.push_back(args.positional[k]);
    for (const Value& item : iterate(v))
      out.push_back(attr ? attr_or_undefined(item, *attr) : apply_filter(*filter, item, rest, budget));
    return Value::make_list(std::move(out));
  }
  if (name == "select" || name == "reject") return select(v, args, false, name == "select");
  if (name == "selectattr" || name == "rejectattr") return select(v, args, true, name == "selectattr");
  if (name == "indent") {
    const std::int64_t width = std::clamp<std::int64_t>(int_arg(args.get(0, "width"), 4), 0, 64);
    const bool first = truthy(args.get(1, "first").value_or(Value::boolean(false)));
    const std::string pad(std::size_t(width), ' '), s = to_str(v);
    std::string out = first && !s.empty() ? pad : "";
    for (std::size_t i = 0; i < s.size(); ++i) {
      out += s[i];
      if (s[i] == '\n' && i + 1 < s.size() && s[i + 1] != '\n') out += pad;
      budget.check_size(out.size());
    }
    return Value::string(std::move(out));
  }
  throw EvalError{"unknown filter '" + std::string(name) + "'"};
}

std::optional<Value> call_method(const Value& obj, std::string_view name, const Args& args, Budget& budget) {
  if (obj.kind == Kind::String) {
    const std::string& s = obj.s;
    if (name == "startswith" || name == "endswith") {
      auto p = args.get(0, "prefix");
      if (!p) throw EvalError{std::string(name) + "() needs an argument"};
      return Value::boolean(starts_or_ends(s, *p, name == "startswith"));
    }
    if (name == "strip" || name == "lstrip" || name == "rstrip")
      return Value::string(py_strip(s, opt_string(args.get(0, "chars"), "strip()"), name != "rstrip", name != "lstrip"));
    if (name == "split") return split(s, args.get(0, "sep"), int_arg(args.get(1, "maxsplit"), -1));
    if (name == "replace") return apply_filter("replace", obj, args, budget);
    if (name == "upper" || name == "lower") return Value::string(ascii_case(s, name == "upper"));
    if (name == "title") return Value::string(title(s));
    if (name == "capitalize") return Value::string(capitalize(s));
    if (name == "find" || name == "count") {
      auto p = args.get(0, "sub");
      if (!p) throw EvalError{std::string(name) + "() needs an argument"};
      const std::string sub = want_string(*p, "find()");
      if (name == "find") {
        const std::size_t at = s.find(sub);
        return Value::integer(at == std::string::npos ? -1 : std::int64_t(to_u32(s.substr(0, at)).size()));
      }
      std::int64_t n = 0;
      if (sub.empty()) return Value::integer(length_of(obj) + 1);
      for (std::size_t at = s.find(sub); at != std::string::npos; at = s.find(sub, at + sub.size())) ++n;
      return Value::integer(n);
    }
    if (name == "join") return apply_filter("join", args.get(0, "iterable").value_or(Value::make_list({})),
                                            Args{{obj}, {}}, budget);
    return std::nullopt;
  }
  if (obj.kind == Kind::Dict) {
    if (name == "items") return items_of(obj);
    if (name == "keys") return Value::make_list(iterate(obj));
    if (name == "values") {
      List out;
      for (const auto& [k, e] : *obj.dict) out.push_back(e);
      return Value::make_list(std::move(out));
    }
    if (name == "get") {
      auto key = args.get(0, "key");
      if (!key) throw EvalError{"get() needs a key"};
      const Value* found = obj.find(to_str(*key));
      return found ? *found : args.get(1, "default").value_or(Value::none());
    }
    return std::nullopt;
  }
  if (obj.kind == Kind::List && (name == "append" || name == "pop" || name == "insert" || name == "extend"))
    throw EvalError{"a chat template cannot modify a list (" + std::string(name) + ")"};
  return std::nullopt;
}

}  // namespace core::tokenize::jinja

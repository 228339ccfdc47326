// Binary operators of the chat-template subset, with Python's semantics (see jinja_builtins.h).
#include <cmath>

#include "core/tokenize/jinja_builtins.h"

namespace core::tokenize::jinja {
namespace {

std::int64_t int_of(const Value& v) { return v.kind == Kind::Bool ? std::int64_t(v.b) : v.i; }
bool both_int(const Value& l, const Value& r) {
  return (l.kind == Kind::Int || l.kind == Kind::Bool) && (r.kind == Kind::Int || r.kind == Kind::Bool);
}

[[noreturn]] void type_error(const std::string& op, const Value& l, const Value& r) {
  throw EvalError{std::string("cannot apply '") + op + "' to a " + kind_name(l.kind) + " and a " + kind_name(r.kind)};
}

template <class Op>
std::int64_t checked(Op op, std::int64_t a, std::int64_t b) {
  std::int64_t v = 0;
  if (op(a, b, &v)) throw EvalError{"integer overflow"};
  return v;
}
bool add(std::int64_t a, std::int64_t b, std::int64_t* v) { return __builtin_add_overflow(a, b, v); }
bool sub(std::int64_t a, std::int64_t b, std::int64_t* v) { return __builtin_sub_overflow(a, b, v); }
bool mul(std::int64_t a, std::int64_t b, std::int64_t* v) { return __builtin_mul_overflow(a, b, v); }

Value repeat(const Value& seq, std::int64_t n, Budget& budget) {
  if (n <= 0) return seq.kind == Kind::String ? Value::string("") : Value::make_list({});
  if (seq.kind == Kind::String) {
    budget.check_size(seq.s.size() * std::size_t(std::min<std::int64_t>(n, std::int64_t(budget.max_string) + 1)));
    std::string out;
    for (std::int64_t k = 0; k < n; ++k) out += seq.s;
    return Value::string(std::move(out));
  }
  budget.step(std::int64_t(seq.list->size()) * std::min<std::int64_t>(n, budget.max_steps + 1));
  List out;
  for (std::int64_t k = 0; k < n; ++k) out.insert(out.end(), seq.list->begin(), seq.list->end());
  return Value::make_list(std::move(out));
}

int compare(const std::string& op, const Value& l, const Value& r) {
  if (l.is_number() && r.is_number()) {
    if (both_int(l, r)) return int_of(l) < int_of(r) ? -1 : int_of(l) > int_of(r);
    return l.as_double() < r.as_double() ? -1 : l.as_double() > r.as_double();
  }
  if (l.kind == Kind::String && r.kind == Kind::String) return l.s < r.s ? -1 : l.s > r.s;  // UTF-8 order is code point order
  type_error(op, l, r);
}

bool contains(const Value& container, const Value& item) {
  switch (container.kind) {
    case Kind::String:
      if (item.kind != Kind::String) throw EvalError{"'in <string>' needs a string on the left"};
      return container.s.find(item.s) != std::string::npos;
    case Kind::List:
      for (const auto& e : *container.list)
        if (equal(e, item)) return true;
      return false;
    case Kind::Dict:
    case Kind::Namespace: return item.kind == Kind::String && container.find(item.s);
    case Kind::Undefined: return false;
    default: throw EvalError{std::string("'in' needs a string, list or mapping, not a ") + kind_name(container.kind)};
  }
}

}  // namespace

Value apply_binary(const std::string& op, const Value& l, const Value& r, Budget& budget) {
  if (op == "==") return Value::boolean(equal(l, r));
  if (op == "!=") return Value::boolean(!equal(l, r));
  if (op == "<") return Value::boolean(compare(op, l, r) < 0);
  if (op == "<=") return Value::boolean(compare(op, l, r) <= 0);
  if (op == ">") return Value::boolean(compare(op, l, r) > 0);
  if (op == ">=") return Value::boolean(compare(op, l, r) >= 0);
  if (op == "in") return Value::boolean(contains(r, l));
  if (op == "not in") return Value::boolean(!contains(r, l));
  if (op == "~") {
    std::string s = to_str(l) + to_str(r);
    budget.check_size(s.size());
    return Value::string(std::move(s));
  }
  if (op == "+") {
    if (l.kind == Kind::String && r.kind == Kind::String) {
      budget.check_size(l.s.size() + r.s.size());
      return Value::string(l.s + r.s);
    }
    if (l.kind == Kind::List && r.kind == Kind::List) {
      budget.step(std::int64_t(l.list->size() + r.list->size()));
      List out = *l.list;
      out.insert(out.end(), r.list->begin(), r.list->end());
      return Value::make_list(std::move(out));
    }
  }
  if (op == "*") {
    if ((l.kind == Kind::String || l.kind == Kind::List) && both_int(r, r)) return repeat(l, int_of(r), budget);
    if ((r.kind == Kind::String || r.kind == Kind::List) && both_int(l, l)) return repeat(r, int_of(l), budget);
  }
  if (!l.is_number() || !r.is_number()) type_error(op, l, r);
  if (both_int(l, r)) {
    const std::int64_t a = int_of(l), b = int_of(r);
    if (op == "+") return Value::integer(checked(add, a, b));
    if (op == "-") return Value::integer(checked(sub, a, b));
    if (op == "*") return Value::integer(checked(mul, a, b));
    if ((op == "//" || op == "%") && b == 0) throw EvalError{"division by zero"};
    if (op == "//") return Value::integer(a / b - ((a % b != 0) && ((a < 0) != (b < 0))));
    if (op == "%") return Value::integer(((a % b) + b) % b);
    if (op == "**" && b >= 0) {
      std::int64_t p = 1;
      for (std::int64_t k = 0; k < b; ++k) {
        budget.step();
        p = checked(mul, p, a);
      }
      return Value::integer(p);
    }
  }
  const double a = l.as_double(), b = r.as_double();
  if (op == "+") return Value::real(a + b);
  if (op == "-") return Value::real(a - b);
  if (op == "*") return Value::real(a * b);
  if (op == "/" || op == "//" || op == "%") {
    if (b == 0) throw EvalError{"division by zero"};
    if (op == "/") return Value::real(a / b);
    if (op == "//") return Value::real(std::floor(a / b));
    return Value::real(a - b * std::floor(a / b));
  }
  if (op == "**") return Value::real(std::pow(a, b));
  throw EvalError{"unknown operator '" + op + "'"};
}

}  // namespace core::tokenize::jinja

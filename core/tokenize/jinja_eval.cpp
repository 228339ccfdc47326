// The chat-template evaluator: walks the tree of jinja_ast.h with Jinja2's semantics, within Limits.
#include <chrono>
#include <cmath>
#include <ctime>
#include <unordered_map>

#include "core/tokenize/jinja.h"
#include "core/tokenize/jinja_ast.h"
#include "core/tokenize/jinja_builtins.h"

namespace core::tokenize::jinja {

struct Template::Tree {
  Body body;
};

namespace {

enum class Flow { Normal, Break, Continue };

class Renderer {
 public:
  Renderer(const Limits& limits, const Dict& context) : limits_(limits) {
    budget_.steps_left = budget_.max_steps = limits.max_steps;
    budget_.max_string = limits.max_output_bytes;
    scopes_.emplace_back();
    for (const auto& [k, v] : context) scopes_.back()[k] = v;
  }

  std::string run(const Body& body) {
    exec(body);
    return std::move(out_);
  }

 private:
  using Scope = std::unordered_map<std::string, Value>;

  struct Depth {
    Renderer& r;
    Depth(Renderer& renderer, int line) : r(renderer) {
      if (++r.depth_ > r.limits_.max_depth)
        throw EvalError{"nested more than " + std::to_string(r.limits_.max_depth) + " levels deep (macro recursion?)", line};
    }
    ~Depth() { --r.depth_; }
  };

  void emit(const std::string& s, int line) {
    if (out_.size() + s.size() > limits_.max_output_bytes)
      throw EvalError{"the rendered text exceeds the limit of " + std::to_string(limits_.max_output_bytes) + " bytes", line};
    out_ += s;
  }

  Value* lookup(const std::string& name) {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it)
      if (auto f = it->find(name); f != it->end()) return &f->second;
    return nullptr;
  }

  Flow exec(const Body& body) {
    for (const auto& n : body) {
      const Flow f = exec(*n);
      if (f != Flow::Normal) return f;
    }
    return Flow::Normal;
  }

  Flow exec(const Node& n) {
    step(n.line);
    switch (n.kind) {
      case NodeKind::Text: emit(n.text, n.line); break;
      case NodeKind::Output: emit(to_str(eval(*n.expr)), n.line); break;
      case NodeKind::If:
        for (const auto& [cond, body] : n.branches)
          if (!cond || truthy(eval(*cond))) {
            Depth d(*this, n.line);
            return exec(body);
          }
        break;
      case NodeKind::For: return exec_for(n);
      case NodeKind::Set: {
        Value v = eval(*n.expr);
        if (n.attribute_target) {
          Value* ns = lookup(n.targets[0]);
          if (!ns || ns->kind != Kind::Namespace)
            throw EvalError{"'" + n.targets[0] + "' is not a namespace(), so '" + n.targets[1] + "' cannot be set on it", n.line};
          for (auto& [k, e] : *ns->dict)
            if (k == n.targets[1]) {
              e = std::move(v);
              return Flow::Normal;
            }
          ns->dict->emplace_back(n.targets[1], std::move(v));
        } else {
          assign(n.targets, std::move(v), n.line);
        }
        break;
      }
      case NodeKind::SetBlock: {
        std::string saved = std::move(out_);
        out_.clear();
        exec(n.body);
        scopes_.back()[n.targets[0]] = Value::string(std::move(out_));
        out_ = std::move(saved);
        break;
      }
      case NodeKind::Macro: {
        Value m;
        m.kind = Kind::Macro;
        m.macro = std::make_shared<MacroDef>(MacroDef{&n});
        scopes_.back()[n.text] = std::move(m);
        break;
      }
      case NodeKind::Break: return Flow::Break;
      case NodeKind::Continue: return Flow::Continue;
    }
    return Flow::Normal;
  }

  void assign(const std::vector<std::string>& targets, Value v, int line) {
    if (targets.size() == 1) {
      scopes_.back()[targets[0]] = std::move(v);
      return;
    }
    const List items = iterate(v);
    if (items.size() != targets.size())
      throw EvalError{"cannot unpack " + std::to_string(items.size()) + " values into " + std::to_string(targets.size()) + " names", line};
    for (std::size_t k = 0; k < targets.size(); ++k) scopes_.back()[targets[k]] = items[k];
  }

  Flow exec_for(const Node& n) {
    Depth d(*this, n.line);
    List items;
    try {
      items = iterate(eval(*n.expr));
    } catch (EvalError& e) {
      if (!e.line) e.line = n.line;
      throw;
    }
    scopes_.emplace_back();
    if (n.condition) {  // `for x in xs if cond`: loop.length counts the kept items
      List kept;
      for (auto& item : items) {
        assign(n.targets, item, n.line);
        if (truthy(eval(*n.condition))) kept.push_back(std::move(item));
      }
      items = std::move(kept);
    }
    const auto len = std::int64_t(items.size());
    Value loop = Value::make_dict({});
    for (std::int64_t k = 0; k < len; ++k) {
      step(n.line);
      assign(n.targets, items[std::size_t(k)], n.line);
      if (loop.dict.use_count() > 2) loop = Value::make_dict({});  // the template kept the last one
      *loop.dict = {{"index0", Value::integer(k)},
                    {"index", Value::integer(k + 1)},
                    {"revindex0", Value::integer(len - k - 1)},
                    {"revindex", Value::integer(len - k)},
                    {"first", Value::boolean(k == 0)},
                    {"last", Value::boolean(k == len - 1)},
                    {"length", Value::integer(len)},
                    {"previtem", k > 0 ? items[std::size_t(k - 1)] : Value::undefined("previtem")},
                    {"nextitem", k + 1 < len ? items[std::size_t(k + 1)] : Value::undefined("nextitem")}};
      scopes_.back()["loop"] = loop;
      if (exec(n.body) == Flow::Break) break;
    }
    scopes_.pop_back();
    if (len == 0) return exec(n.else_body);
    return Flow::Normal;
  }

  void step(int line) {
    try {
      budget_.step();
    } catch (EvalError& e) {
      e.line = line;
      throw;
    }
  }

  Value eval(const Expr& e) {
    step(e.line);
    Depth d(*this, e.line);
    try {
      return eval_inner(e);
    } catch (EvalError& err) {
      if (!err.line) err.line = e.line;
      throw;
    }
  }

  Args eval_args(const Expr& e, std::size_t first) {
    Args a;
    for (std::size_t k = first; k < e.args.size(); ++k) a.positional.push_back(eval(*e.args[k]));
    for (std::size_t k = 0; k < e.kw_names.size(); ++k) a.keywords.emplace_back(e.kw_names[k], eval(*e.kw_values[k]));
    return a;
  }

  static std::optional<std::int64_t> index_arg(const Value& v) {
    if (v.kind == Kind::None || v.is_undefined()) return std::nullopt;
    if (v.kind != Kind::Int) throw EvalError{std::string("a slice bound must be an integer, not a ") + kind_name(v.kind)};
    return v.i;
  }

  Value member(const Value& obj, const Value& key, const Expr& e) {
    if (obj.is_undefined())
      throw EvalError{"'" + (obj.name.empty() ? std::string("value") : obj.name) + "' is undefined, so it has no '" + to_str(key) + "'"};
    if (obj.kind == Kind::Dict || obj.kind == Kind::Namespace) {
      const Value* f = obj.find(to_str(key));
      return f ? *f : Value::undefined(to_str(key));
    }
    if ((obj.kind == Kind::List || obj.kind == Kind::String) && key.kind == Kind::Int) {
      const std::int64_t n = obj.kind == Kind::List ? std::int64_t(obj.list->size()) : std::int64_t(to_u32(obj.s).size());
      const std::int64_t i = key.i < 0 ? key.i + n : key.i;
      if (i < 0 || i >= n) throw EvalError{"index " + std::to_string(key.i) + " is out of range (length " + std::to_string(n) + ")"};
      if (obj.kind == Kind::List) return (*obj.list)[std::size_t(i)];
      return Value::string(to_u8(std::u32string(1, to_u32(obj.s)[std::size_t(i)])));
    }
    if (e.kind == ExprKind::Attr) return Value::undefined(e.name);
    throw EvalError{std::string("cannot index a ") + kind_name(obj.kind) + " with a " + kind_name(key.kind)};
  }

  Value call(const Expr& e) {
    const Expr& callee = *e.args[0];
    Args args = eval_args(e, 1);
    if (callee.kind == ExprKind::Attr) {
      const Value obj = eval(*callee.args[0]);
      if (obj.kind != Kind::Dict || !obj.find(callee.name)) {
        if (auto r = call_method(obj, callee.name, args, budget_)) return *r;
        throw EvalError{std::string("a ") + kind_name(obj.kind) + " has no method '" + callee.name + "'"};
      }
    }
    if (callee.kind == ExprKind::Name && !lookup(callee.name)) return call_global(callee.name, args);
    const Value f = eval(callee);
    if (f.kind != Kind::Macro) throw EvalError{"'" + callee.name + "' is not callable"};
    return call_macro(*f.macro->node, args, e.line);
  }

  Value call_global(const std::string& name, const Args& args) {
    if (name == "raise_exception")
      throw EvalError{"the template raised an error: " + to_str(args.get(0, "message").value_or(Value::string("")))};
    if (name == "namespace" || name == "dict") {
      Value ns = Value::make_dict(args.keywords);
      if (name == "namespace") ns.kind = Kind::Namespace;
      return ns;
    }
    if (name == "range") {
      std::int64_t a = 0, b = 0, s = 1;
      auto num = [](const Value& v) {
        if (v.kind != Kind::Int) throw EvalError{"range() needs integers"};
        return v.i;
      };
      if (args.positional.size() == 1) b = num(args.positional[0]);
      else if (args.positional.size() >= 2) a = num(args.positional[0]), b = num(args.positional[1]);
      if (args.positional.size() == 3) s = num(args.positional[2]);
      if (s == 0) throw EvalError{"range() step cannot be zero"};
      List out;
      for (std::int64_t i = a; s > 0 ? i < b : i > b; i += s) {
        budget_.step();  // a huge range fails on the step limit before it can exhaust memory
        out.push_back(Value::integer(i));
      }
      return Value::make_list(std::move(out));
    }
    if (name == "strftime_now") {
      const std::time_t t = std::time(nullptr);
      std::tm tm{};
      localtime_r(&t, &tm);
      char buf[256];
      const std::string fmt = to_str(args.get(0, "format").value_or(Value::string("%Y-%m-%d")));
      const std::size_t n = std::strftime(buf, sizeof buf, fmt.c_str(), &tm);
      return Value::string(std::string(buf, n));
    }
    throw EvalError{"unknown function '" + name + "'"};
  }

  Value call_macro(const Node& m, const Args& args, int line) {
    Depth d(*this, line);
    Scope scope;
    for (std::size_t k = 0; k < m.targets.size(); ++k) {
      if (auto v = args.get(k, m.targets[k])) scope[m.targets[k]] = *v;
      else if (m.defaults[k]) scope[m.targets[k]] = eval(*m.defaults[k]);
      else scope[m.targets[k]] = Value::undefined(m.targets[k]);
    }
    std::vector<Scope> saved;
    saved.swap(scopes_);
    scopes_.push_back(saved.front());  // a macro sees the template's top level and its parameters
    scopes_.push_back(std::move(scope));
    std::string out = std::move(out_);
    out_.clear();
    try {
      exec(m.body);
    } catch (...) {
      scopes_.swap(saved);
      throw;
    }
    scopes_.swap(saved);
    std::swap(out, out_);
    return Value::string(std::move(out));
  }

  Value eval_inner(const Expr& e);

  const Limits& limits_;
  Budget budget_;
  std::vector<Scope> scopes_;
  std::string out_;
  int depth_ = 0;
};

Value Renderer::eval_inner(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Literal: return e.literal;
    case ExprKind::Name: {
      if (const Value* v = lookup(e.name)) return *v;
      return Value::undefined(e.name);
    }
    case ExprKind::List:
    case ExprKind::Tuple: {
      List items;
      for (const auto& a : e.args) items.push_back(eval(*a));
      return Value::make_list(std::move(items));
    }
    case ExprKind::Dict: {
      Dict d;
      for (std::size_t k = 0; k + 1 < e.args.size(); k += 2) {
        const Value key = eval(*e.args[k]);
        if (key.kind != Kind::String) throw EvalError{"dict keys must be strings in a chat template"};
        Value v = eval(*e.args[k + 1]);
        bool replaced = false;
        for (auto& [dk, dv] : d)
          if (dk == key.s) dv = v, replaced = true;
        if (!replaced) d.emplace_back(key.s, std::move(v));
      }
      return Value::make_dict(std::move(d));
    }
    case ExprKind::Attr: return member(eval(*e.args[0]), Value::string(e.name), e);
    case ExprKind::Index: {
      const Value obj = eval(*e.args[0]);
      return member(obj, eval(*e.args[1]), e);
    }
    case ExprKind::Slice: {
      const Value obj = eval(*e.args[0]);
      std::optional<std::int64_t> b[3];
      for (int k = 0; k < 3; ++k)
        if (e.args[std::size_t(k) + 1]) b[k] = index_arg(eval(*e.args[std::size_t(k) + 1]));
      return slice(obj, b[0], b[1], b[2]);
    }
    case ExprKind::Call: return call(e);
    case ExprKind::Filter: {
      const Value v = eval(*e.args[0]);
      return apply_filter(e.name, v, eval_args(e, 1), budget_);
    }
    case ExprKind::Test: {
      const Value v = eval(*e.args[0]);
      return Value::boolean(apply_test(e.name, v, eval_args(e, 1)) != e.negated);
    }
    case ExprKind::Unary: {
      const Value v = eval(*e.args[0]);
      if (e.name == "not") return Value::boolean(!truthy(v));
      if (v.kind == Kind::Int) return Value::integer(e.name == "-" ? -v.i : v.i);
      if (v.kind == Kind::Float) return Value::real(e.name == "-" ? -v.f : v.f);
      throw EvalError{"unary " + e.name + " needs a number, not a " + kind_name(v.kind)};
    }
    case ExprKind::Cond: {
      if (truthy(eval(*e.args[1]))) return eval(*e.args[0]);
      return e.args[2] ? eval(*e.args[2]) : Value::undefined();
    }
    case ExprKind::Binary: {
      if (e.name == "and") {
        Value l = eval(*e.args[0]);
        return truthy(l) ? eval(*e.args[1]) : l;
      }
      if (e.name == "or") {
        Value l = eval(*e.args[0]);
        return truthy(l) ? l : eval(*e.args[1]);
      }
      const Value l = eval(*e.args[0]), r = eval(*e.args[1]);
      return apply_binary(e.name, l, r, budget_);
    }
  }
  throw EvalError{"unsupported expression"};
}
}  // namespace

Result<Template> Template::parse(std::string_view source, std::string name, Limits limits) {
  if (source.size() > limits.max_output_bytes)
    return fail(ErrorCode::InvalidInput, "the template is " + std::to_string(source.size()) +
                                             " bytes, above the limit of " + std::to_string(limits.max_output_bytes), name);
  // Jinja2 drops one newline at the end of a template (keep_trailing_newline is off in transformers).
  if (source.ends_with("\r\n")) source.remove_suffix(2);
  else if (source.ends_with("\n")) source.remove_suffix(1);
  auto tokens = lex(source, name);
  if (!tokens) return std::unexpected(tokens.error());
  auto body = jinja::parse(*tokens, name, limits.max_depth);
  if (!body) return std::unexpected(body.error());
  Template t;
  auto tree = std::make_shared<Tree>();
  tree->body = std::move(*body);
  t.tree_ = std::move(tree);
  t.name_ = std::move(name);
  t.limits_ = limits;
  return t;
}

Result<std::string> Template::render(const Dict& context) const {
  try {
    return Renderer(limits_, context).run(tree_->body);
  } catch (const EvalError& e) {
    return fail(ErrorCode::InvalidInput, "template line " + std::to_string(e.line) + ": " + e.what, name_);
  }
}

}  // namespace core::tokenize::jinja

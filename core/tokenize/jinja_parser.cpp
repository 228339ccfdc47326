#include "core/tokenize/jinja_ast.h"

#include <set>

namespace core::tokenize::jinja {
namespace {

// Parse errors travel as an exception inside this file only and leave it as an Error.
struct ParseError {
  int line;
  std::string what;
};

class Parser {
 public:
  Parser(const std::vector<Token>& t, int max_depth) : t_(t), max_depth_(max_depth) {}

  Body parse_template() {
    std::string stop;
    return parse_body({}, stop, 1);
  }

 private:
  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > p.max_depth_)
        throw ParseError{p.peek().line, "nested more than " + std::to_string(p.max_depth_) + " levels deep"};
    }
    ~DepthGuard() { --p.depth_; }
  };

  const Token& peek(std::size_t ahead = 0) const { return t_[std::min(pos_ + ahead, t_.size() - 1)]; }
  const Token& next() { return t_[std::min(pos_++, t_.size() - 1)]; }
  bool is_op(const char* op, std::size_t ahead = 0) const {
    return peek(ahead).type == Tok::Op && peek(ahead).text == op;
  }
  bool is_name(const char* n, std::size_t ahead = 0) const {
    return peek(ahead).type == Tok::Name && peek(ahead).text == n;
  }
  [[noreturn]] void error(const std::string& what) const { throw ParseError{peek().line, what}; }
  static std::string describe(const Token& t) {
    switch (t.type) {
      case Tok::End: return "the end of the template";
      case Tok::VarEnd: return "'}}'";
      case Tok::BlockEnd: return "'%}'";
      case Tok::String: return "a string";
      case Tok::Int:
      case Tok::Float: return "the number " + t.text;
      case Tok::Text: return "text";
      default: return "'" + t.text + "'";
    }
  }
  void expect_op(const char* op) {
    if (!is_op(op)) error(std::string("expected '") + op + "' but found " + describe(peek()));
    ++pos_;
  }
  std::string expect_name() {
    if (peek().type != Tok::Name) error("expected a name but found " + describe(peek()));
    return next().text;
  }
  void expect_block_end() {
    if (peek().type != Tok::BlockEnd) error("expected '%}' but found " + describe(peek()));
    ++pos_;
  }

  // Nodes until `{% w %}` with w in `stops` (consumed up to w; `stop` = w), or the end.
  Body parse_body(const std::set<std::string>& stops, std::string& stop, int open_line) {
    DepthGuard guard(*this);
    Body body;
    while (true) {
      const Token& t = peek();
      if (t.type == Tok::End) {
        if (!stops.empty()) {
          std::string want;
          for (const auto& s : stops) want += (want.empty() ? "" : " or ") + s;
          throw ParseError{open_line, "a block opened here is never closed (expected {% " + want + " %})"};
        }
        return body;
      }
      if (t.type == Tok::Text) {
        auto n = std::make_unique<Node>();
        n->kind = NodeKind::Text;
        n->line = t.line;
        n->text = t.text;
        body.push_back(std::move(n));
        ++pos_;
      } else if (t.type == Tok::VarBegin) {
        ++pos_;
        auto n = std::make_unique<Node>();
        n->kind = NodeKind::Output;
        n->line = t.line;
        n->expr = parse_expr();
        if (peek().type != Tok::VarEnd) error("expected '}}' but found " + describe(peek()));
        ++pos_;
        body.push_back(std::move(n));
      } else if (t.type == Tok::BlockBegin) {
        const Token& word = peek(1);
        if (word.type == Tok::Name && stops.contains(word.text)) {
          pos_ += 2;
          stop = word.text;
          return body;
        }
        if (word.type == Tok::Name && (word.text.starts_with("end") || word.text == "elif" || word.text == "else"))
          throw ParseError{word.line, "{% " + word.text + " %} here has no opening tag it could close"};
        ++pos_;
        if (auto n = parse_statement()) body.push_back(std::move(n));
      } else {
        error("unexpected " + describe(t));
      }
    }
  }

  NodeP parse_statement() {
    const int line = peek().line;
    const std::string word = expect_name();
    auto n = std::make_unique<Node>();
    n->line = line;
    std::string stop;
    if (word == "if") {
      n->kind = NodeKind::If;
      ExprP cond = parse_expr();
      while (true) {
        expect_block_end();
        Body body = parse_body({"elif", "else", "endif"}, stop, line);
        n->branches.emplace_back(std::move(cond), std::move(body));
        if (stop == "endif") break;
        if (stop == "else") {
          expect_block_end();
          n->branches.emplace_back(nullptr, parse_body({"endif"}, stop, line));
          break;
        }
        cond = parse_expr();
      }
    } else if (word == "for") {
      n->kind = NodeKind::For;
      n->targets.push_back(expect_name());
      while (is_op(",")) {
        ++pos_;
        n->targets.push_back(expect_name());
      }
      if (!is_name("in")) error("expected 'in' in a for tag but found " + describe(peek()));
      ++pos_;
      n->expr = parse_cond_free();
      if (is_name("if")) {
        ++pos_;
        n->condition = parse_cond_free();
      }
      if (is_name("recursive")) error("recursive for loops are not supported");
      expect_block_end();
      n->body = parse_body({"else", "endfor"}, stop, line);
      if (stop == "else") {
        expect_block_end();
        n->else_body = parse_body({"endfor"}, stop, line);
      }
    } else if (word == "set") {
      n->kind = NodeKind::Set;
      n->targets.push_back(expect_name());
      if (is_op(".")) {
        ++pos_;
        n->targets.push_back(expect_name());
        n->attribute_target = true;
      } else {
        while (is_op(",")) {
          ++pos_;
          n->targets.push_back(expect_name());
        }
      }
      if (peek().type == Tok::BlockEnd && !n->attribute_target && n->targets.size() == 1) {
        n->kind = NodeKind::SetBlock;  // {% set x %}...{% endset %}
        ++pos_;
        n->body = parse_body({"endset"}, stop, line);
      } else {
        expect_op("=");
        n->expr = parse_expr();
      }
    } else if (word == "macro") {
      n->kind = NodeKind::Macro;
      n->text = expect_name();
      expect_op("(");
      while (!is_op(")")) {
        n->targets.push_back(expect_name());
        if (is_op("=")) {
          ++pos_;
          n->defaults.push_back(parse_expr());
        } else {
          n->defaults.push_back(nullptr);
        }
        if (!is_op(")")) expect_op(",");
      }
      ++pos_;
      expect_block_end();
      n->body = parse_body({"endmacro"}, stop, line);
    } else if (word == "break" || word == "continue") {
      n->kind = word == "break" ? NodeKind::Break : NodeKind::Continue;
    } else if (word == "generation" || word == "endgeneration") {
      expect_block_end();  // transformers' marker of assistant text: no output of its own
      return nullptr;
    } else {
      throw ParseError{line, "unknown tag '" + word + "'"};
    }
    expect_block_end();
    return n;
  }

  ExprP make(ExprKind k, int line) {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->line = line;
    return e;
  }
  ExprP binary(std::string op, ExprP l, ExprP r, int line) {
    auto e = make(ExprKind::Binary, line);
    e->name = std::move(op);
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  }

  // `a if c else b`, or a tuple `a, b` where a statement allows one (not needed by these templates).
  ExprP parse_expr() {
    DepthGuard guard(*this);
    ExprP e = parse_or();
    if (is_name("if")) {
      const int line = next().line;
      auto c = make(ExprKind::Cond, line);
      c->args.push_back(std::move(e));
      c->args.push_back(parse_or());
      if (is_name("else")) {
        ++pos_;
        c->args.push_back(parse_expr());
      } else {
        c->args.push_back(nullptr);
      }
      return c;
    }
    return e;
  }
  // An expression without a trailing `if` (a for loop's iterable, whose `if` filters).
  ExprP parse_cond_free() { return parse_or(); }

  ExprP parse_or() {
    ExprP e = parse_and();
    while (is_name("or")) e = binary("or", std::move(e), (++pos_, parse_and()), peek().line);
    return e;
  }
  ExprP parse_and() {
    ExprP e = parse_not();
    while (is_name("and")) e = binary("and", std::move(e), (++pos_, parse_not()), peek().line);
    return e;
  }
  ExprP parse_not() {
    if (is_name("not")) {
      DepthGuard guard(*this);
      auto e = make(ExprKind::Unary, next().line);
      e->name = "not";
      e->args.push_back(parse_not());
      return e;
    }
    return parse_compare();
  }
  ExprP parse_compare() {
    ExprP e = parse_math1();
    while (true) {
      const int line = peek().line;
      if (peek().type == Tok::Op && (peek().text == "==" || peek().text == "!=" || peek().text == "<" ||
                                     peek().text == ">" || peek().text == "<=" || peek().text == ">=")) {
        const std::string op = next().text;
        e = binary(op, std::move(e), parse_math1(), line);
      } else if (is_name("in")) {
        ++pos_;
        e = binary("in", std::move(e), parse_math1(), line);
      } else if (is_name("not") && is_name("in", 1)) {
        pos_ += 2;
        e = binary("not in", std::move(e), parse_math1(), line);
      } else {
        return e;
      }
    }
  }
  ExprP parse_math1() {
    ExprP e = parse_concat();
    while (is_op("+") || is_op("-")) {
      const Token& op = next();
      e = binary(op.text, std::move(e), parse_concat(), op.line);
    }
    return e;
  }
  ExprP parse_concat() {
    ExprP e = parse_math2();
    while (is_op("~")) {
      const int line = next().line;
      e = binary("~", std::move(e), parse_math2(), line);
    }
    return e;
  }
  ExprP parse_math2() {
    ExprP e = parse_pow();
    while (is_op("*") || is_op("/") || is_op("//") || is_op("%")) {
      const Token& op = next();
      e = binary(op.text, std::move(e), parse_pow(), op.line);
    }
    return e;
  }
  ExprP parse_pow() {
    ExprP e = parse_unary();
    while (is_op("**")) {
      const int line = next().line;
      e = binary("**", std::move(e), parse_unary(), line);
    }
    return e;
  }
  ExprP parse_unary() {
    DepthGuard guard(*this);
    if (is_op("-") || is_op("+")) {
      const Token& op = next();
      auto e = make(ExprKind::Unary, op.line);
      e->name = op.text;
      e->args.push_back(parse_unary());
      return e;
    }
    return parse_filters(parse_postfix(parse_primary()));
  }

  void parse_call_args(Expr& e) {
    expect_op("(");
    while (!is_op(")")) {
      if (peek().type == Tok::Name && is_op("=", 1)) {
        e.kw_names.push_back(next().text);
        ++pos_;
        e.kw_values.push_back(parse_expr());
      } else {
        e.args.push_back(parse_expr());
      }
      if (!is_op(")")) expect_op(",");
    }
    ++pos_;
  }

  ExprP parse_postfix(ExprP e) {
    while (true) {
      const int line = peek().line;
      if (is_op(".")) {
        ++pos_;
        auto a = make(ExprKind::Attr, line);
        a->name = expect_name();
        a->args.push_back(std::move(e));
        e = std::move(a);
      } else if (is_op("[")) {
        ++pos_;
        ExprP parts[3];
        int colons = 0;
        while (!is_op("]")) {
          if (is_op(":")) {
            if (++colons > 2) error("a slice takes at most two ':'");
            ++pos_;
          } else {
            if (parts[colons]) error("expected ']' but found " + describe(peek()));
            parts[colons] = parse_expr();
          }
        }
        ++pos_;
        if (colons == 0) {
          if (!parts[0]) error("empty subscript []");
          auto x = make(ExprKind::Index, line);
          x->args.push_back(std::move(e));
          x->args.push_back(std::move(parts[0]));
          e = std::move(x);
        } else {
          auto x = make(ExprKind::Slice, line);
          x->args.push_back(std::move(e));
          for (auto& p : parts) x->args.push_back(std::move(p));
          e = std::move(x);
        }
      } else if (is_op("(")) {
        auto c = make(ExprKind::Call, line);
        c->args.push_back(std::move(e));
        parse_call_args(*c);
        e = std::move(c);
      } else {
        return e;
      }
    }
  }

  ExprP parse_filters(ExprP e) {
    while (true) {
      const int line = peek().line;
      if (is_op("|")) {
        ++pos_;
        auto f = make(ExprKind::Filter, line);
        f->name = expect_name();
        f->args.push_back(std::move(e));
        if (is_op("(")) parse_call_args(*f);
        e = std::move(f);
      } else if (is_name("is")) {
        ++pos_;
        auto t = make(ExprKind::Test, line);
        if (is_name("not")) {
          ++pos_;
          t->negated = true;
        }
        t->name = expect_name();
        t->args.push_back(std::move(e));
        if (is_op("(")) {
          parse_call_args(*t);
        } else if (peek().type == Tok::String || peek().type == Tok::Int || peek().type == Tok::Float) {
          t->args.push_back(parse_primary());  // `is divisibleby 3`, `is equalto 'x'`
        }
        e = std::move(t);
      } else {
        return e;
      }
    }
  }

  ExprP parse_primary() {
    DepthGuard guard(*this);
    const Token& t = next();
    auto lit = [&](Value v) {
      auto e = make(ExprKind::Literal, t.line);
      e->literal = std::move(v);
      return e;
    };
    switch (t.type) {
      case Tok::String: {
        std::string s = t.text;
        while (peek().type == Tok::String) s += next().text;  // adjacent literals concatenate
        return lit(Value::string(std::move(s)));
      }
      case Tok::Int: return lit(Value::integer(t.i));
      case Tok::Float: return lit(Value::real(t.f));
      case Tok::Name: {
        if (t.text == "true" || t.text == "True") return lit(Value::boolean(true));
        if (t.text == "false" || t.text == "False") return lit(Value::boolean(false));
        if (t.text == "none" || t.text == "None") return lit(Value::none());
        auto e = make(ExprKind::Name, t.line);
        e->name = t.text;
        return e;
      }
      case Tok::Op:
        if (t.text == "(") {
          if (is_op(")")) {
            ++pos_;
            return make(ExprKind::Tuple, t.line);
          }
          ExprP e = parse_expr();
          if (is_op(",")) {
            auto tuple = make(ExprKind::Tuple, t.line);
            tuple->args.push_back(std::move(e));
            while (is_op(",")) {
              ++pos_;
              if (is_op(")")) break;
              tuple->args.push_back(parse_expr());
            }
            e = std::move(tuple);
          }
          expect_op(")");
          return e;
        }
        if (t.text == "[") {
          auto e = make(ExprKind::List, t.line);
          while (!is_op("]")) {
            e->args.push_back(parse_expr());
            if (!is_op("]")) expect_op(",");
          }
          ++pos_;
          return e;
        }
        if (t.text == "{") {
          auto e = make(ExprKind::Dict, t.line);
          while (!is_op("}")) {
            e->args.push_back(parse_expr());
            expect_op(":");
            e->args.push_back(parse_expr());
            if (!is_op("}")) expect_op(",");
          }
          ++pos_;
          return e;
        }
        break;
      default: break;
    }
    --pos_;
    error("expected a value but found " + describe(t));
  }

  const std::vector<Token>& t_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  int max_depth_;
};

}  // namespace

Result<Body> parse(const std::vector<Token>& tokens, const std::string& name, int max_depth) {
  try {
    return Parser(tokens, max_depth).parse_template();
  } catch (const ParseError& e) {
    return fail(ErrorCode::InvalidInput, "template line " + std::to_string(e.line) + ": " + e.what, name);
  }
}

}  // namespace core::tokenize::jinja

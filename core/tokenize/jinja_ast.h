#pragma once
// The chat-template syntax tree and its parser (internal to the Jinja subset, see jinja.h).
// Expressions follow Jinja2's precedence: `a if c else b` < or < and < not < comparisons, `in`
// < + - < ~ < * / // % < ** < unary - < filters `|f`, tests `is t`, `.attr`, `[i]`, `[a:b:c]`, calls.
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/tokenize/jinja_lexer.h"
#include "core/tokenize/jinja_value.h"

namespace core::tokenize::jinja {

struct Expr;
using ExprP = std::unique_ptr<Expr>;

enum class ExprKind { Literal, Name, List, Tuple, Dict, Attr, Index, Slice, Call, Filter, Test, Unary, Binary, Cond };

struct Expr {
  ExprKind kind = ExprKind::Literal;
  int line = 0;
  Value literal;      // Literal
  std::string name;   // Name; Attr's attribute; Filter/Test name; Unary/Binary operator
  bool negated = false;  // Test: `is not`
  // Children. Binary: lhs, rhs. Unary: operand. Attr: object. Index: object, index. Slice: object,
  // start, stop, step (each may be null). Call: callee, positional args. Filter/Test: value, args.
  // Cond: then, condition, else (may be null). List/Tuple: items. Dict: key0, value0, key1, ...
  std::vector<ExprP> args;
  std::vector<std::string> kw_names;  // Call/Filter keyword arguments
  std::vector<ExprP> kw_values;
};

struct Node;
using NodeP = std::unique_ptr<Node>;
using Body = std::vector<NodeP>;

enum class NodeKind { Text, Output, If, For, Set, SetBlock, Macro, Break, Continue };

struct Node {
  NodeKind kind = NodeKind::Text;
  int line = 0;
  std::string text;                  // Text; Macro's name
  ExprP expr;                        // Output; Set's value; For's iterable
  ExprP condition;                   // For: `for x in xs if condition`
  std::vector<std::pair<ExprP, Body>> branches;  // If: (condition, body); a final else has no condition
  std::vector<std::string> targets;  // For/Set: names (several: unpacking); Set on `ns.attr`: {ns, attr}
  bool attribute_target = false;     // Set: `{% set ns.attr = ... %}`
  Body body, else_body;              // For (else: no iteration), Macro, SetBlock
  std::vector<ExprP> defaults;       // Macro: a default per parameter (null: none)
};

struct MacroDef {
  const Node* node = nullptr;  // owned by the Template's tree
};

// Parses tokens into a body. `max_depth` bounds how deeply expressions and blocks nest (a hostile
// template cannot exhaust the stack); errors name `name` and the line.
Result<Body> parse(const std::vector<Token>& tokens, const std::string& name, int max_depth);

}  // namespace core::tokenize::jinja

#pragma once
// Filters, tests and methods of the chat-template subset (internal to jinja.h's implementation).
// Each throws EvalError on misuse; the evaluator adds the template line.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/tokenize/jinja_value.h"

namespace core::tokenize::jinja {

struct EvalError {
  std::string what;
  int line = 0;
};

// The limits while one render runs: every evaluation costs a step; no string outgrows max_string.
struct Budget {
  std::int64_t steps_left = 0;
  std::int64_t max_steps = 0;
  std::size_t max_string = 0;
  void step(std::int64_t n = 1) {
    steps_left -= n;
    if (steps_left < 0)
      throw EvalError{"rendering took more than " + std::to_string(max_steps) +
                      " steps (the limit for a chat template; a loop that never ends?)"};
  }
  void check_size(std::size_t bytes) const {
    if (bytes > max_string)
      throw EvalError{"a string of " + std::to_string(bytes) + " bytes exceeds the limit of " +
                      std::to_string(max_string) + " bytes"};
  }
};

struct Args {
  std::vector<Value> positional;
  Dict keywords;
  // The n-th positional argument or the keyword `name`; nullopt when neither was given.
  std::optional<Value> get(std::size_t n, std::string_view name) const;
};

// Python's whitespace (str.strip() without arguments).
bool is_py_space(char32_t c);
std::string py_strip(const std::string& s, const std::optional<std::string>& chars, bool left, bool right);
// json.dumps as transformers' tojson filter calls it (ensure_ascii=False; indent optional).
std::string py_json(const Value& v, std::optional<int> indent, int level, Budget& budget);

Value apply_filter(std::string_view name, const Value& v, const Args& args, Budget& budget);
bool apply_test(std::string_view name, const Value& v, const Args& args);
// A method of a string, dict or list (`s.startswith('x')`, `d.items()`); nullopt when there is none.
std::optional<Value> call_method(const Value& obj, std::string_view name, const Args& args, Budget& budget);
// Python's slice of a list or string (code points), any step.
Value slice(const Value& v, std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
            std::optional<std::int64_t> step);
// `l op r` for + - * / // % ** ~ == != < <= > >= in, "not in", with Python's semantics.
Value apply_binary(const std::string& op, const Value& l, const Value& r, Budget& budget);
// Items a for loop walks: list items, dict keys, string characters; Undefined gives none.
List iterate(const Value& v);

}  // namespace core::tokenize::jinja

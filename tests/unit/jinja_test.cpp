// The chat-template Jinja subset (core/tokenize/jinja.h): every construct against expectations written
// by hand in tests/unit/data/jinja_cases.json and checked there against the real Jinja2 with
// transformers' settings (tests/unit/data/jinja_cases_check.py); the limits; and malformed templates,
// each one error naming the template and its line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/tokenize/chat_template.h"
#include "core/tokenize/jinja.h"
#include "tests/support/test_support.h"

namespace {

using core::tokenize::jinja::Dict;
using core::tokenize::jinja::Limits;
using core::tokenize::jinja::Template;
using core::tokenize::jinja::Value;

core::Result<std::string> render(const std::string& source,
                                 const nlohmann::ordered_json& context = nlohmann::ordered_json::object(),
                                 Limits limits = {}) {
  auto t = Template::parse(source, "chat.jinja", limits);
  if (!t) return std::unexpected(t.error());
  Dict ctx;
  for (const auto& [k, v] : context.items()) ctx.emplace_back(k, core::tokenize::jinja::from_json(v));
  return t->render(ctx);
}

TEST(Jinja, EveryConstructRendersAsJinja2Does) {
  const auto cases = nlohmann::ordered_json::parse(
      testsupport::read_file(std::filesystem::path(CARTOGRAPH_SOURCE_DIR) / "tests/unit/data/jinja_cases.json"));
  ASSERT_GE(cases.size(), 30u);
  for (const auto& c : cases) {
    const std::string source = c[0];
    auto out = render(source, c[1]);
    ASSERT_TRUE(out) << source << "\n" << out.error().what();
    EXPECT_EQ(*out, c[2].get<std::string>()) << "template: " << source;
  }
}

// Each error is one line a user can act on: the template's file, the line, what is wrong.
void expect_error(const std::string& source, const std::string& line, const std::string& what,
                  const nlohmann::ordered_json& context = nlohmann::ordered_json::object(), Limits limits = {}) {
  auto out = render(source, context, limits);
  ASSERT_FALSE(out) << "rendered: " << *out;
  EXPECT_EQ(out.error().path, "chat.jinja");
  EXPECT_NE(out.error().message.find("template line " + line + ":"), std::string::npos) << out.error().what();
  EXPECT_NE(out.error().message.find(what), std::string::npos) << out.error().what();
}

TEST(Jinja, MalformedTemplatesNameTheTemplateAndTheLine) {
  expect_error("a\n{% if x %}\nno end", "2", "never closed (expected {% elif or else or endif %})");
  expect_error("{% for m in ms %}\n{{ m }}", "1", "never closed");
  expect_error("ok\n\n{{ 'x' | frobnicate }}", "3", "unknown filter 'frobnicate'");
  expect_error("{{ x is frobbed }}", "1", "unknown test 'frobbed'");
  expect_error("one\n{{ 1 + }}", "2", "expected a value but found '}}'");
  expect_error("{{ 'unclosed }}", "1", "a string literal is never closed");
  expect_error("x\ny\n{{ name", "3", "never closed with }}");
  expect_error("{# comment", "1", "comment {# is never closed");
  expect_error("{% include 'other.jinja' %}", "1", "unknown tag 'include'");
  expect_error("{{ x @ y }}", "1", "unexpected character '@'");
  expect_error("{{ 'a' + 1 }}", "1", "cannot apply '+' to a string and a integer");
  expect_error("{{ nothing.attr }}", "1", "'nothing' is undefined");
  expect_error("{{ xs[5] }}", "1", "index 5 is out of range", {{"xs", {1}}});
  expect_error("{{ xs.append(1) }}", "1", "cannot modify a list", {{"xs", {1}}});
  expect_error("{{ 1 // 0 }}", "1", "division by zero");
}

TEST(Jinja, RaiseExceptionBecomesAClearError) {
  expect_error("{% if messages | length == 0 %}\n{{ raise_exception('Conversation roles must alternate') }}{% endif %}",
               "2", "the template raised an error: Conversation roles must alternate", {{"messages", nlohmann::ordered_json::array()}});
}

TEST(Jinja, AStepBudgetStopsARunawayLoop) {
  // 1e4 x 1e4 iterations: far past the default budget of 1e6 steps, stopped long before.
  expect_error("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "1",
               "more than 1000000 steps");
  Limits small;
  small.max_steps = 500;
  expect_error("{% for i in range(100) %}\n{{ i }}{{ i }}{{ i }}{% endfor %}", "2", "more than 500 steps", {}, small);
  EXPECT_TRUE(render("{% for i in range(10) %}{{ i }}{% endfor %}", {}, small));  // a small loop still fits
}

TEST(Jinja, AnOutputLimitStopsAnExplodingTemplate) {
  Limits limits;
  limits.max_output_bytes = 4096;
  expect_error("{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}", "1", "exceeds the limit of 4096 bytes", {}, limits);
  // Doubling a string never allocates past the limit either.
  expect_error("{% set s = 'ab' %}{% for i in range(64) %}{% set s = s + s %}{% endfor %}", "1",
               "exceeds the limit of 4096 bytes", {}, limits);
  expect_error("{{ 'x' * 1000000000000 }}", "1", "exceeds the limit of 1048576 bytes");
  auto ok = render("{% for i in range(40) %}{{ 'x' * 100 }}{% endfor %}", {}, limits);
  ASSERT_TRUE(ok) << ok.error().what();
  EXPECT_EQ(ok->size(), 4000u);
}

TEST(Jinja, ADepthLimitStopsDeepNestingAndRecursion) {
  std::string deep = "{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}";
  expect_error(deep, "1", "nested more than 128 levels deep");
  std::string ifs;
  for (int k = 0; k < 300; ++k) ifs += "{% if true %}";
  expect_error(ifs + "x", "1", "nested more than 128 levels deep");
  expect_error("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}", "1", "nested more than 128 levels deep");
  auto ok = render("{{ " + std::string(20, '(') + "1" + std::string(20, ')') + " }}");
  ASSERT_TRUE(ok) << ok.error().what();
  EXPECT_EQ(*ok, "1");
}

TEST(ChatTemplateConfig, PicksTheDefaultTemplateAndReadsTheSpecials) {
  const std::string config = R"({"bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>",
    "chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{{ eos_token }}{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}"}]})";
  auto chat = core::tokenize::parse_chat_template_config(config, "cfg.json");
  ASSERT_TRUE(chat) << chat.error().what();
  EXPECT_EQ(chat->bos_token, "<s>");
  EXPECT_EQ(chat->eos_token, "</s>");
  const std::vector<core::tokenize::ChatMessage> msgs{{"system", "Be brief."}, {"user", "Hi"}};
  auto text = core::tokenize::render_chat(*chat, msgs, true);
  ASSERT_TRUE(text) << text.error().what();
  EXPECT_EQ(*text, "<s>[system]Be brief.</s>[user]Hi</s>[assistant]");
  auto no_gen = core::tokenize::render_chat(*chat, msgs, false);
  ASSERT_TRUE(no_gen);
  EXPECT_EQ(*no_gen, "<s>[system]Be brief.</s>[user]Hi</s>");

  auto none = core::tokenize::parse_chat_template_config(R"({"bos_token": "<s>"})", "cfg.json");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, core::ErrorCode::NotFound);
  EXPECT_EQ(none.error().path, "cfg.json");
  auto no_default = core::tokenize::parse_chat_template_config(R"({"chat_template": [{"name": "rag", "template": "x"}]})", "cfg.json");
  ASSERT_FALSE(no_default);
  EXPECT_NE(no_default.error().message.find("no template named \"default\" (it has rag)"), std::string::npos);
}

}  // namespace

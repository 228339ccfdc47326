// jsonl_fields: the fields the Run dialog offers for naming a JSONL territory's documents.
#include <gtest/gtest.h>

#include <string>

#include "core/territory/jsonl_fields.h"
#include "core/territory/territory.h"
#include "tests/support/test_support.h"

using core::territory::jsonl_fields;
using testsupport::TempDir;
using testsupport::write_file;
using Fields = std::vector<std::string>;

TEST(JsonlFields, StringAndNumberFieldsInTheOrderTheyFirstAppearWithoutTheText) {
  TempDir dir;
  write_file(dir / "t.jsonl",
             "{\"text\": \"one\", \"slug\": \"a-1\", \"year\": 1901, \"tags\": [\"x\"], \"meta\": {\"k\": 1}}\n"
             "not json\n"
             "\n"
             "{\"text\": \"two\", \"title\": \"Second\", \"slug\": \"a-2\", \"ok\": true, \"none\": null}\n"
             "[1, 2]\n"
             "{\"text\": \"three\", \"id\": 7.5}");  // no newline at the end: still read
  auto fields = jsonl_fields(dir / "t.jsonl");
  ASSERT_TRUE(fields) << fields.error().what();
  EXPECT_EQ(*fields, (Fields{"slug", "year", "title", "id"}));
  // Every field offered names the documents when chosen: the reader accepts it.
  for (const std::string& f : *fields) {
    core::territory::ReadOptions options;
    options.name_field = f;
    auto t = core::territory::read_territory(dir / "t.jsonl", options);
    ASSERT_TRUE(t) << f << ": " << t.error().what();
  }
}

TEST(JsonlFields, OnlyTheFirstLinesAndBytesAreRead) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 60; ++i) content += "{\"text\": \"t\", \"f" + std::to_string(i) + "\": " + std::to_string(i) + "}\n";
  write_file(dir / "t.jsonl", content);
  core::territory::JsonlFieldOptions options;
  options.max_lines = 3;
  EXPECT_EQ(*jsonl_fields(dir / "t.jsonl", options), (Fields{"f0", "f1", "f2"}));
  options.max_lines = 50;
  EXPECT_EQ(jsonl_fields(dir / "t.jsonl", options)->size(), 50u);
  // 2 whole lines fit in 50 bytes (23 bytes each); the third, cut by the limit, is not parsed.
  options.max_bytes = 50;
  EXPECT_EQ(*jsonl_fields(dir / "t.jsonl", options), (Fields{"f0", "f1"}));
  options = {};
  options.text_field = "f1";
  const Fields withF1AsText = *jsonl_fields(dir / "t.jsonl", options);
  EXPECT_EQ(Fields(withF1AsText.begin(), withF1AsText.begin() + 3), (Fields{"text", "f0", "f2"}))
      << "the chosen text field is the one left out";
}

TEST(JsonlFields, AMissingFileIsAnErrorNamingIt) {
  TempDir dir;
  auto fields = jsonl_fields(dir / "absent.jsonl");
  ASSERT_FALSE(fields);
  EXPECT_NE(fields.error().what().find("absent.jsonl"), std::string::npos) << fields.error().what();
}

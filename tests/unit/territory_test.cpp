// Territory readers: what a researcher points Cartograph at, including broken files.
#include <gtest/gtest.h>

#include "core/territory/territory.h"
#include "core/territory/utf8.h"
#include "tests/support/test_support.h"

using core::territory::read_territory;
using testsupport::TempDir;
using testsupport::write_file;

TEST(Utf8, InvalidSequencesAreReplacedAndTheirOffsetsReported) {
  std::vector<std::int64_t> offsets;
  const std::string out = core::territory::sanitize_utf8("ok \xff here \xc3\x28 and \xe2\x82", &offsets);
  EXPECT_EQ(out, "ok \xEF\xBF\xBD here \xEF\xBF\xBD( and \xEF\xBF\xBD");
  EXPECT_EQ(offsets, (std::vector<std::int64_t>{3, 10, 17}));
  EXPECT_TRUE(core::territory::is_valid_utf8(out));
  EXPECT_TRUE(core::territory::is_valid_utf8("héllo wörld — 日本語 🙂"));
  EXPECT_FALSE(core::territory::is_valid_utf8("\xed\xa0\x80"));  // a UTF-16 surrogate
}

TEST(Territory, TextFileIsOneDocument) {
  TempDir dir;
  write_file(dir / "story.txt", "Once upon a time.\nThe end.\n");
  auto t = read_territory(dir / "story.txt");
  ASSERT_TRUE(t) << t.error().what();
  ASSERT_EQ(t->documents.size(), 1u);
  EXPECT_EQ(t->documents[0].name, "story.txt");
  EXPECT_EQ(t->documents[0].text, "Once upon a time.\nThe end.\n");
  EXPECT_EQ(t->content_hash.size(), 64u);
}

TEST(Territory, JsonlKeepsMetadataForSlicingAndReportsBadLines) {
  TempDir dir;
  const std::string content =
             "{\"text\": \"first\", \"category\": \"law\", \"year\": 1901}\n"
             "not json\n"
             "\n"
             "{\"category\": \"no text\"}\n"
             "{\"text\": \"bad \xff byte\", \"category\": \"art\"}\n";
  write_file(dir / "c.jsonl", content);
  auto t = read_territory(dir / "c.jsonl");
  ASSERT_TRUE(t) << t.error().what();
  ASSERT_EQ(t->documents.size(), 2u);
  EXPECT_EQ(t->documents[0].metadata.at("category"), "law");
  EXPECT_EQ(t->documents[0].metadata.at("year"), "1901");
  EXPECT_EQ(t->documents[1].text, "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(t->metadata_fields(), (std::vector<std::string>{"category", "year"}));
  ASSERT_EQ(t->warnings.size(), 3u);
  EXPECT_NE(t->warnings[0].message.find("line 2 is not a JSON object"), std::string::npos);
  EXPECT_NE(t->warnings[1].message.find("line 4 has no string field \"text\""), std::string::npos);
  // The warning points at the invalid byte's offset in the file.
  EXPECT_EQ(t->warnings[2].byte_offset, std::int64_t(content.find('\xff')));
}

TEST(Territory, FolderReadsTxtAndMdRecursivelyWithTheFolderAsMetadata) {
  TempDir dir;
  std::filesystem::create_directories(dir / "law");
  write_file(dir / "law" / "a.txt", "statute");
  write_file(dir / "b.md", "# notes");
  write_file(dir / "ignored.bin", "zzz");
  auto t = read_territory(dir.path());
  ASSERT_TRUE(t) << t.error().what();
  ASSERT_EQ(t->documents.size(), 2u);
  EXPECT_EQ(t->documents[0].name, "b.md");
  EXPECT_EQ(t->documents[1].name, "law/a.txt");
  EXPECT_EQ(t->documents[1].metadata.at("folder"), "law");
}

TEST(Territory, EmptyOrMissingTerritoriesAreClearErrors) {
  TempDir dir;
  write_file(dir / "empty.txt", "");
  auto empty = read_territory(dir / "empty.txt");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().what().find("empty.txt: the territory is empty"), std::string::npos) << empty.error().what();
  auto missing = read_territory(dir / "nope.jsonl");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::NotFound);
  write_file(dir / "junk.jsonl", "junk\nmore junk\n");
  auto junk = read_territory(dir / "junk.jsonl");
  ASSERT_FALSE(junk);
  EXPECT_NE(junk.error().message.find("no usable line"), std::string::npos);
  std::filesystem::create_directories(dir / "nothing");
  EXPECT_FALSE(read_territory(dir / "nothing"));
}

TEST(Territory, AHugeLineStreamsThroughTheJsonlReader) {
  TempDir dir;
  const std::string big(8 << 20, 'x');
  write_file(dir / "big.jsonl", "{\"text\": \"" + big + "\"}\n{\"text\": \"small\"}\n");
  auto t = read_territory(dir / "big.jsonl");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->documents.size(), 2u);
  EXPECT_EQ(t->documents[0].text.size(), big.size());
}

// What every view labels a JSONL document with: the field the user names, else name/title/id, else
// the text's first words; a repeated name gets its line so two documents never share a label.
TEST(Territory, JsonlDocumentsAreNamedByAFieldOrTheirFirstWords) {
  TempDir dir;
  write_file(dir / "c.jsonl",
             "{\"text\": \"Once upon a time there was a dragon who loved tea and cake.\"}\n"
             "{\"text\": \"Second.\", \"title\": \"The Tea Party\", \"id\": 7, \"headline\": \"Tea\"}\n"
             "{\"text\": \"Third.\", \"id\": 8}\n"
             "{\"text\": \"  Short   text\\n\\twith tabs \"}\n"
             "{\"text\": \"Once upon a time there was a dragon who loved tea and cake.\"}\n"
             "{\"text\": \"\\u65e5\\u672c\\u8a9e\\u306e\\u6587\\u7ae0\\u3067\\u3059\\u3002\\u3068\\u3066\\u3082\\u9577\\u3044\\u6587\\u7ae0\\u3067\\u3059\\u3002\\u672c\\u5f53\\u306b\\u9577\\u3044\\u3002\"}\n");
  auto guessed = read_territory(dir / "c.jsonl");
  ASSERT_TRUE(guessed) << guessed.error().what();
  std::vector<std::string> names;
  for (const auto& d : guessed->documents) names.push_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Once upon a time there was a dragon… (line 1)", "The Tea Party", "8",
                                             "Short text with tabs",
                                             "Once upon a time there was a dragon… (line 5)",
                                             // one word of 25 three-byte characters: cut at 60 bytes, on a character
                                             "日本語の文章です。とても長い文章です。本…"}));

  core::territory::ReadOptions chosen;
  chosen.name_field = "headline";
  auto named = read_territory(dir / "c.jsonl", chosen);
  ASSERT_TRUE(named) << named.error().what();
  EXPECT_EQ(named->documents[1].name, "Tea");
  EXPECT_EQ(named->documents[2].name, "Third.") << "a line without the field falls back to its first words";

  chosen.name_field = "author";
  auto missing = read_territory(dir / "c.jsonl", chosen);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().what().find("c.jsonl"), std::string::npos) << missing.error().what();
  EXPECT_NE(missing.error().what().find("\"author\""), std::string::npos) << missing.error().what();
}

// A territory that is not text is refused fast, a document has a stated size limit, and lenient
// reading (skipped lines, replaced bytes) leaves warnings naming file, line and byte, kept in the session.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <random>

#include "core/store/catalog.h"
#include "core/store/convert.h"
#include "core/store/session_file.h"
#include "core/territory/territory.h"
#include "core/territory/text_check.h"
#include "tests/support/test_support.h"

using core::territory::read_territory;
using testsupport::TempDir;
using testsupport::write_file;

namespace {

std::string text_random_bytes(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; i += 8) {
    const std::uint64_t r = rng();
    for (std::size_t k = 0; k < 8 && i + k < n; ++k) out[i + k] = char((r >> (8 * k)) & 0xFF);
  }
  return out;
}

// Bytes this process has read through read(2) so far (Linux /proc/self/io "rchar").
std::int64_t text_bytes_read_so_far() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::int64_t value = 0;
  while (io >> key >> value)
    if (key == "rchar:") return value;
  return -1;
}

}  // namespace

TEST(TerritoryText, RandomBytes20MiBAreRefusedInUnderASecondWithoutBeingReadWhole) {
  TempDir dir;
  const std::string noise = text_random_bytes(20u << 20, 17);
  for (const char* name : {"noise.txt", "noise.jsonl"}) {
    write_file(dir / name, noise);
    const std::int64_t read_before = text_bytes_read_so_far();
    const auto start = std::chrono::steady_clock::now();
    auto t = read_territory(dir / name);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::int64_t read = text_bytes_read_so_far() - read_before;
    ASSERT_FALSE(t) << name << " was accepted as text";
    EXPECT_EQ(t.error().code, core::ErrorCode::InvalidInput);
    EXPECT_NE(t.error().what().find(name), std::string::npos) << t.error().what();
    EXPECT_NE(t.error().what().find("not a text file"), std::string::npos) << t.error().what();
    EXPECT_LT(seconds, 1.0) << "a generous guard; the measured time is printed below";
    ASSERT_GE(read_before, 0) << "/proc/self/io is unreadable";
    EXPECT_LT(read, 1 << 20) << "the file was read far past its sample";
    std::cout << "[measured] " << name << " (20 MiB random) refused in " << seconds * 1e3 << " ms after reading "
              << read << " bytes: " << t.error().what() << "\n";
    RecordProperty(std::string(name) + "_refused_ms", std::to_string(seconds * 1e3));
  }
}

TEST(TerritoryText, NulRunsAndUtf16AreRefusedNamingTheFirstNul) {
  TempDir dir;
  write_file(dir / "nul.txt", std::string("hello world") + std::string(6, '\0') + "more text after the zeros");
  auto t = read_territory(dir / "nul.txt");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().what().find("nul.txt: not a text file: it holds 6 NUL bytes"), std::string::npos)
      << t.error().what();
  EXPECT_NE(t.error().message.find("the first at byte 11"), std::string::npos) << t.error().message;
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("Plain words saved as UTF-16 by a text editor.")) utf16 += std::string{c, '\0'};
  write_file(dir / "wide.txt", utf16);
  auto wide = read_territory(dir / "wide.txt");
  ASSERT_FALSE(wide);
  EXPECT_NE(wide.error().message.find("UTF-16 text must be converted"), std::string::npos) << wide.error().message;
}

TEST(TerritoryText, TextWithAFewBadBytesIsReadWithEachReplacementAtItsByte) {
  TempDir dir;
  std::string latin;
  for (int i = 0; i < 50; ++i) latin += "Le caf\xe9 est ferm\xe9 aujourd'hui, revenez demain.\n";
  write_file(dir / "latin.txt", latin);
  auto t = read_territory(dir / "latin.txt");
  ASSERT_TRUE(t) << t.error().what();
  // 100 replaced bytes: 20 listed one by one, then one summary (core/territory/territory.cpp, clean).
  ASSERT_EQ(t->warnings.size(), 21u);
  std::size_t at = latin.find('\xe9');
  for (std::size_t i = 0; i < 20; ++i, at = latin.find('\xe9', at + 1)) {
    EXPECT_EQ(t->warnings[i].byte_offset, std::int64_t(at));
    EXPECT_EQ(t->warnings[i].path, (dir / "latin.txt").string());
  }
  EXPECT_EQ(t->warnings[20].message, "80 more invalid UTF-8 sequences replaced");
}

TEST(TerritoryText, TextFollowedByBinaryIsRefusedOnceReadWhole) {
  TempDir dir;
  std::string text;
  while (text.size() < std::size_t(core::territory::kTextSampleBytes) + 1000) text += "ordinary words in a line\n";
  write_file(dir / "tail.txt", text + text_random_bytes(400000, 3));
  auto t = read_territory(dir / "tail.txt");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().what().find("tail.txt: not a text file"), std::string::npos) << t.error().what();
  EXPECT_EQ(t.error().message.find("in its first"), std::string::npos) << "the whole file was judged";
}

TEST(TerritoryText, ADocumentOverTheLimitIsRefusedWithTheLimitAndItsSize) {
  TempDir dir;
  write_file(dir / "big.txt", std::string((16 << 20) + 5, 'a'));
  auto t = read_territory(dir / "big.txt");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().what().find("big.txt: a document may be at most 16777216 bytes and this one is 16777221 bytes"),
            std::string::npos)
      << t.error().what();
  core::territory::ReadOptions small;
  small.max_document_bytes = 4096;
  write_file(dir / "five.txt", std::string(5000, 'b'));
  auto five = read_territory(dir / "five.txt", small);
  ASSERT_FALSE(five);
  EXPECT_NE(five.error().message.find("at most 4 KiB and this one is 5 KiB"), std::string::npos) << five.error().message;
  small.max_document_bytes = 5000;
  EXPECT_TRUE(read_territory(dir / "five.txt", small)) << "exactly at the limit is accepted";
}

TEST(TerritoryText, AJsonlLineOverTheLimitIsSkippedNamingLineAndByte) {
  TempDir dir;
  const std::string first = "{\"text\": \"short\"}\n";
  const std::string second = "{\"text\": \"" + std::string(3000, 'x') + "\"}\n";
  write_file(dir / "lines.jsonl", first + second + "{\"text\": \"also short\"}\n");
  core::territory::ReadOptions options;
  options.max_document_bytes = 2048;
  auto t = read_territory(dir / "lines.jsonl", options);
  ASSERT_TRUE(t) << t.error().what();
  ASSERT_EQ(t->documents.size(), 2u);
  EXPECT_EQ(t->documents[1].text, "also short");
  ASSERT_EQ(t->warnings.size(), 1u);
  EXPECT_EQ(t->warnings[0].line, 2);
  EXPECT_EQ(t->warnings[0].byte_offset, std::int64_t(first.size()));
  EXPECT_EQ(core::territory::describe(t->warnings[0]),
            (dir / "lines.jsonl").string() + ", line 2, byte " + std::to_string(first.size()) +
                ": line 2 skipped: a document may be at most 2 KiB and this one is 3 KiB (ReadOptions::max_document_bytes)");
}

TEST(TerritoryText, AFolderSkipsABinaryFileWithAWarningNamingIt) {
  TempDir dir;
  write_file(dir / "a.txt", "a real document");
  write_file(dir / "b.txt", text_random_bytes(100000, 5));
  write_file(dir / "c.md", "another document");
  auto t = read_territory(dir.path());
  ASSERT_TRUE(t) << t.error().what();
  ASSERT_EQ(t->documents.size(), 2u);
  EXPECT_EQ(t->documents[1].name, "c.md");
  ASSERT_EQ(t->warnings.size(), 1u);
  EXPECT_EQ(t->warnings[0].path, (dir / "b.txt").string());
  EXPECT_NE(t->warnings[0].message.find("skipped: not a text file"), std::string::npos) << t->warnings[0].message;
}

TEST(TerritoryText, WarningsAreCappedWithACountOfTheRest) {
  TempDir dir;
  std::string lines = "{\"text\": \"kept\"}\n";
  for (int i = 0; i < 500; ++i) lines += "broken line\n";
  write_file(dir / "many.jsonl", lines);
  auto t = read_territory(dir / "many.jsonl");
  ASSERT_TRUE(t) << t.error().what();
  ASSERT_EQ(t->warnings.size(), core::territory::kMaxWarnings);
  EXPECT_EQ(t->warnings[0].line, 2);
  EXPECT_EQ(t->warnings.back().message,
            std::to_string(500 - core::territory::kMaxWarnings + 1) + " more warnings not listed");
}

TEST(TerritoryText, WarningsAreStoredWithTheTerritoryAndReadBack) {
  TempDir dir;
  const std::string good = "{\"text\": \"fine\"}\n";
  write_file(dir / "c.jsonl", good + "not json\n{\"text\": \"bad \xff byte\"}\n");
  auto t = read_territory(dir / "c.jsonl");
  ASSERT_TRUE(t) << t.error().what();
  ASSERT_EQ(t->warnings.size(), 2u);
  {
    auto session = core::store::SessionFile::create(dir / "s.cartograph");
    ASSERT_TRUE(session) << session.error().what();
    ASSERT_TRUE(core::store::Catalog(*session).add_territory(core::store::territory_record(*t)));
  }
  auto session = core::store::SessionFile::open(dir / "s.cartograph", core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(session) << session.error().what();
  auto all = core::store::Catalog(*session).territories();
  ASSERT_TRUE(all && all->size() == 1u);
  const auto& stored = (*all)[0].warnings;
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].path, (dir / "c.jsonl").string());
  EXPECT_EQ(stored[0].line, 2);
  EXPECT_EQ(stored[0].byte_offset, std::int64_t(good.size()));
  EXPECT_EQ(stored[0].message, "line 2 is not a JSON object; skipped");
  EXPECT_EQ(stored[1].line, 3);
  EXPECT_EQ(stored[1].byte_offset, std::int64_t(good.size() + 9 + 14));  // the \xff in line 3
}

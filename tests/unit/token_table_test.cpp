// Per-token export (core/analysis/token_table.h, core/atomic_write.h): one row per scored position with
// every position metric of every map, in CSV that pandas and R read back (RFC 4180 quoting of token
// texts with commas, quotes, line breaks, NUL) and in JSON Lines; values checked against the tracks
// computed independently here in float64; a slice keeps only its positions; an export that fails
// leaves no file and an existing file is refused without --force.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

#include "core/analysis/fields.h"
#include "core/analysis/token_table.h"
#include "core/atomic_write.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

namespace {

using namespace core::analysis;

// A small RFC 4180 reader, independent of the writer.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = was_quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field), field.clear(), was_quoted = false;
    } else if (c == '\n') {
      rows.back().push_back(field), field.clear(), was_quoted = false;
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  (void)was_quoted;
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// The metric's value computed here from the raw track arrays (float64), NaN where it does not apply.
double expected(const DocumentResult& d, std::size_t m, std::size_t p, std::string_view key) {
  const MapTrack& t = d.maps[m];
  const MapTrack& b = d.maps[0];
  auto at = [p](const std::vector<float>& v) { return p < v.size() ? double(v[p]) : NAN; };
  if (key == "nll") return -at(t.logp);
  if (key == "delta_logp") return m == 0 ? NAN : at(t.logp) - at(b.logp);
  if (key == "kl_bt") return at(t.kl_bt);
  if (key == "kl_tb") return at(t.kl_tb);
  if (key == "js") return at(t.js);
  if (key == "entropy") return at(t.entropy);
  if (key == "delta_entropy") return m == 0 ? NAN : at(t.entropy) - at(b.entropy);
  if (key == "rank") return double(t.rank[p]);
  if (key == "confidence") return at(t.confidence);
  ADD_FAILURE() << "a metric this test does not know: " << key;
  return NAN;
}

void expect_value(double want, const std::string& got, const std::string& where) {
  if (!std::isfinite(want)) {
    EXPECT_TRUE(got.empty() || got == "inf" || got == "-inf") << where << ": got " << got;
    return;
  }
  ASSERT_FALSE(got.empty()) << where;
  EXPECT_NEAR(std::stod(got), want, 1e-6 * std::max(1.0, std::abs(want))) << where;
}

}  // namespace

TEST(TokenTable, CsvHasOneRowPerScoredPositionWithEveryMetricOfEveryMap) {
  auto f = storetest::make_fixture(4);
  f.run.token_texts[4] = "a, \"quoted\"\nline";  // a token text that needs every kind of quoting
  f.run.documents[0].tokens[1] = 4;
  std::ostringstream out;
  core::Job job;
  auto rows = write_token_table(f.run, nullptr, TokenTableFormat::Csv, out, job);
  ASSERT_TRUE(rows) << rows.error().what();
  std::int64_t scored = 0;
  for (const auto& d : f.run.documents) scored += std::int64_t(d.scored());
  EXPECT_EQ(*rows, scored);

  const auto table = parse_csv(out.str());
  ASSERT_EQ(std::int64_t(table.size()), scored + 1) << "a header and one row per scored position";
  const auto& header = table[0];
  const auto metrics = position_metrics();
  ASSERT_EQ(header.size(), 6 + f.run.maps.size() * metrics.size());
  EXPECT_EQ(header[5], "token");
  std::size_t r = 1;
  for (const auto& d : f.run.documents)
    for (std::size_t p = 0; p < d.scored(); ++p, ++r) {
      const auto& row = table[r];
      ASSERT_EQ(row.size(), header.size()) << "row " << r;
      EXPECT_EQ(row[0], std::to_string(d.index));
      EXPECT_EQ(row[1], d.name);
      EXPECT_EQ(row[2], std::to_string(p));
      EXPECT_EQ(row[4], std::to_string(d.tokens[p + 1]));
      const std::int32_t id = d.tokens[p + 1];
      EXPECT_EQ(row[5], std::size_t(id) < f.run.token_texts.size() ? f.run.token_texts[std::size_t(id)] : "");
      std::size_t c = 6;
      for (std::size_t m = 0; m < f.run.maps.size(); ++m)
        for (const auto& metric : metrics) {
          EXPECT_EQ(header[c], std::string(metric.key) + "." + f.run.maps[m].name);
          expect_value(expected(d, m, p, metric.key), row[c], header[c] + " of " + d.name + " at " + std::to_string(p));
          ++c;
        }
    }
  EXPECT_EQ(table[1][5], "a, \"quoted\"\nline") << "quoted fields survive";
}

TEST(TokenTable, JsonLinesHoldTheSameValuesAndNullWhereAMetricDoesNotApply) {
  const auto f = storetest::make_fixture(3, false);
  std::ostringstream out;
  core::Job job;
  ASSERT_TRUE(write_token_table(f.run, nullptr, TokenTableFormat::Jsonl, out, job));
  std::istringstream in(out.str());
  std::string line;
  std::size_t d = 0, p = 0, lines = 0;
  while (std::getline(in, line)) {
    while (d < f.run.documents.size() && p >= f.run.documents[d].scored()) ++d, p = 0;
    ASSERT_LT(d, f.run.documents.size());
    const auto row = nlohmann::json::parse(line);
    const auto& doc = f.run.documents[d];
    EXPECT_EQ(row.at("document").get<std::int64_t>(), doc.index);
    EXPECT_EQ(row.at("position").get<std::size_t>(), p);
    for (std::size_t m = 0; m < f.run.maps.size(); ++m)
      for (const auto& metric : position_metrics()) {
        const std::string key = std::string(metric.key) + "." + f.run.maps[m].name;
        const double want = expected(doc, m, p, metric.key);
        if (std::isfinite(want))
          EXPECT_NEAR(row.at(key).get<double>(), want, 1e-6 * std::max(1.0, std::abs(want))) << key;
        else
          EXPECT_TRUE(row.at(key).is_null()) << key;
      }
    ++p, ++lines;
  }
  std::size_t scored = 0;
  for (const auto& doc : f.run.documents) scored += doc.scored();
  EXPECT_EQ(lines, scored);
}

TEST(TokenTable, ASliceKeepsOnlyItsPositions) {
  const auto f = storetest::make_fixture(4);
  PositionSet kept = PositionSet::sized(f.run);
  kept.flags[1][2] = kept.flags[3][0] = 1;
  kept.count = 2;
  std::ostringstream out;
  core::Job job;
  auto rows = write_token_table(f.run, &kept, TokenTableFormat::Csv, out, job);
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows, 2);
  const auto table = parse_csv(out.str());
  ASSERT_EQ(table.size(), 3u);
  EXPECT_EQ(table[1][0], "1");
  EXPECT_EQ(table[1][2], "2");
  EXPECT_EQ(table[2][0], "3");
  EXPECT_EQ(table[2][2], "0");
}

TEST(TokenTable, AnUnknownFormatIsNamedWithTheFormatsThatExist) {
  auto format = token_table_format("xlsx");
  ASSERT_FALSE(format);
  EXPECT_NE(format.error().message.find("csv, jsonl"), std::string::npos) << format.error().message;
}

TEST(AtomicWrite, AFailedWriteLeavesNoFileAndAnExistingFileNeedsOverwrite) {
  testsupport::TempDir dir;
  const auto target = dir / "tokens.csv";
  auto failing = core::write_atomically(target, {}, [](std::ostream& out) -> core::Result<void> {
    out << "half a row,";
    return core::fail(core::ErrorCode::Cancelled, "cancelled");
  });
  ASSERT_FALSE(failing);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0) << "no file, no temporary left";

  ASSERT_TRUE(core::write_atomically(target, {}, [](std::ostream& out) -> core::Result<void> {
    out << "first\n";
    return {};
  }));
  auto again = core::write_atomically(target, {}, [](std::ostream& out) -> core::Result<void> {
    out << "second\n";
    return {};
  });
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("--force"), std::string::npos) << again.error().message;
  EXPECT_EQ(testsupport::read_file(target), "first\n") << "the existing file is untouched";
  ASSERT_TRUE(core::write_atomically(target, {true}, [](std::ostream& out) -> core::Result<void> {
    out << "second\n";
    return {};
  }));
  EXPECT_EQ(testsupport::read_file(target), "second\n");

  auto missing = core::write_atomically(dir / "no-such-folder" / "x.csv", {}, [](std::ostream&) -> core::Result<void> { return {}; });
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().what().find("no-such-folder"), std::string::npos) << missing.error().what();
}

TEST(AtomicWrite, AStreamThatFailsMidwayIsOneErrorAndLeavesNoFile) {
  // A full disk shows up as a stream in a failed state after the writer returns: the export must say
  // so once and leave neither the target nor its temporary behind.
  testsupport::TempDir dir;
  auto r = core::write_atomically(dir / "big.csv", {}, [](std::ostream& out) -> core::Result<void> {
    out << "a,b\n1,2\n";
    out.setstate(std::ios::badbit);
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("disk full"), std::string::npos) << r.error().message;
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0);
}

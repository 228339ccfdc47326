// The field table is the one spelling of the summary fields: the session file keeps every field in
// it and the round-trip comparison checks every one, so a field added to the table is covered here
// without touching this file.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/analysis/fields.h"
#include "tests/support/store_compare.h"
#include "core/store/detail/json_codec.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::analysis;
using namespace core::store;
using testsupport::first_difference;

namespace {

// A value for field `i` of map `m` that no other field of any map has (whole for counts).
double distinct_value(const SummaryField& f, std::size_t m, std::size_t i) {
  const double v = 1000.0 * double(m + 1) + double(i);
  return is_integral(f) ? v : v + 0.125;
}

}  // namespace

TEST(FieldTable, KeysAreUniqueAndEveryFieldHasALabelAndADescription) {
  for (std::size_t i = 0; i < summary_fields().size(); ++i) {
    const SummaryField& f = summary_fields()[i];
    EXPECT_FALSE(f.label.empty()) << f.key;
    EXPECT_FALSE(f.title.empty()) << f.key;
    EXPECT_TRUE(f.description.starts_with(f.key)) << f.key << ": the tooltip names the JSON key first";
    EXPECT_EQ(find_summary_field(f.key), &f) << f.key << " is spelled twice";
  }
}

TEST(FieldTable, EverySummaryFieldSurvivesTheSessionFile) {
  testsupport::TempDir dir;
  const auto file = dir / "fields.cartograph";
  auto f = storetest::make_fixture(2);
  for (std::size_t m = 0; m < f.run.summaries.size(); ++m)
    for (std::size_t i = 0; i < summary_fields().size(); ++i)
      summary_fields()[i].set(f.run.summaries[m], distinct_value(summary_fields()[i], m, i));
  std::int64_t run_id = 0;
  ASSERT_NO_FATAL_FAILURE(storetest::write_finished_run(file, f, run_id));
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s) << s.error().what();
  auto loaded = RunReader(*s).load_run(run_id);
  ASSERT_TRUE(loaded) << loaded.error().what();
  ASSERT_EQ(loaded->summaries.size(), f.run.summaries.size());
  for (std::size_t m = 0; m < f.run.summaries.size(); ++m)
    for (std::size_t i = 0; i < summary_fields().size(); ++i) {
      const SummaryField& field = summary_fields()[i];
      EXPECT_EQ(field.get(loaded->summaries[m]), distinct_value(field, m, i)) << "map " << m << " " << field.key;
    }
  EXPECT_EQ(first_difference(storetest::without_tracks(f.run), *loaded), "");
}

TEST(FieldTable, TheRoundTripComparisonChecksEveryField) {
  const auto f = storetest::make_fixture(1);
  for (const SummaryField& field : summary_fields()) {
    RunResult changed = f.run;
    field.set(changed.summaries[1], field.get(changed.summaries[1]) + 7);
    EXPECT_NE(first_difference(f.run, changed).find("summaries[1]." + std::string(field.key)), std::string::npos)
        << field.key;
  }
}

TEST(FieldTable, StoredSummariesKeepCountsWholeAndReadOlderFiles) {
  MapSummary s;
  s.tokens = 123456789012;
  s.bytes = 42;
  s.ece = std::nan("");
  const auto j = nlohmann::json::parse(core::store::detail::to_json(s));
  EXPECT_TRUE(j["tokens"].is_number_integer());
  EXPECT_TRUE(j["bytes"].is_number_integer());
  EXPECT_EQ(j["ece"], "NaN");
  auto back = core::store::detail::summary_from_json(j.dump());
  ASSERT_TRUE(back) << back.error().what();
  EXPECT_EQ(back->tokens, 123456789012);
  EXPECT_TRUE(std::isnan(back->ece));
  // A summary written before some fields existed: the missing ones keep their defaults.
  auto old = core::store::detail::summary_from_json(R"({"tokens": 10, "nll_mean": 2.5, "has_zoom": false})");
  ASSERT_TRUE(old) << old.error().what();
  EXPECT_EQ(old->tokens, 10);
  EXPECT_EQ(old->nll_mean, 2.5);
  EXPECT_EQ(old->temperature, 1.0);
  // A count that is not whole is a corrupt file, as before.
  EXPECT_FALSE(core::store::detail::summary_from_json(R"({"tokens": 1.5})").has_value());
}

// `cartograph-cli` reads a slice saved by the GUI: slices made in the workbench and saved through the
// Session are found by name by `compare --slice NAME --session FILE`, and the CLI's summaries over
// them equal those the Overview shows (same definition, same accumulator, through core).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <QSettings>
#include <QTest>

#include "tests/support/test_support.h"
#include "widgets/session/session.h"
#include "widgets/shell/mainwindow.h"

namespace {

using nlohmann::json;

struct GuiSlice {
  std::string name;
  widgets::SliceDefinition definition;
  std::vector<core::analysis::MapSummary> summaries;  // what the Overview shows
  std::int64_t positions = 0;
};

}  // namespace

TEST(CliSlice, CartographCliReadsASliceSavedByTheGui) {
  QSettings().clear();
  testsupport::TempDir dir;
  // Real checkpoints, a territory and a session with their comparison run: the tiny demo.
  const auto built = testsupport::run_cli({"--json", "-q", "demo", "--preset", "tiny", "--out", (dir / "demo").string()});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const json demo = json::parse(built.out);
  const std::string path = demo.at("session");

  std::vector<GuiSlice> slices(4);
  slices[0].name = "the word 'the'";
  slices[0].definition.kind = widgets::SliceDefinition::Kind::Regex;
  slices[0].definition.pattern = "\\bTHE\\b";  // caseless, as the slice dialog's default
  slices[1].name = "sft moved";
  slices[1].definition.kind = widgets::SliceDefinition::Kind::Threshold;
  slices[1].definition.metric = widgets::Metric::KlBaseTuned;
  slices[1].definition.map = demo.at("checkpoints")[1].at("name");
  slices[1].definition.value = 0.05;
  // Combinations of the two, by name (core/analysis/slice.h): the CLI resolves the references in the file.
  const auto ref = [](const std::string& name) {
    widgets::SliceDefinition d;
    d.kind = widgets::SliceDefinition::Kind::Reference;
    d.reference = name;
    return d;
  };
  slices[2].name = "'the' or sft moved";
  slices[2].definition.kind = widgets::SliceDefinition::Kind::Or;
  slices[2].definition.operands = {ref(slices[0].name), ref(slices[1].name)};
  slices[3].name = "not 'the'";
  slices[3].definition.kind = widgets::SliceDefinition::Kind::Not;
  slices[3].definition.operands = {ref(slices[0].name)};
  {
    widgets::MainWindow window;
    window.openSession(QString::fromStdString(path));
    widgets::Session* s = window.session();
    ASSERT_TRUE(QTest::qWaitFor([&] { return s->digest() != nullptr; }, 30000));
    ASSERT_EQ(s->digest()->run->maps.size(), demo.at("checkpoints").size()) << "the demo opens on its comparison";
    for (GuiSlice& g : slices) {
      const qint64 id = s->addSlice(QString::fromStdString(g.name), g.definition);
      s->selection()->setSlice(id);
      ASSERT_TRUE(QTest::qWaitFor([&] { return s->digest() && s->digest()->positions; }, 30000)) << g.name;
      g.summaries = s->digest()->summaries;
      g.positions = s->digest()->positions->count;
      ASSERT_GT(g.positions, 0) << g.name;
      s->selection()->setSlice(0);
      ASSERT_TRUE(QTest::qWaitFor([&] { return s->digest() && !s->digest()->positions; }, 30000));
    }
    s->save();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !s->isModified(); }, 20000));
  }

  for (const GuiSlice& g : slices) {
    std::vector<std::string> args{"--json", "-q", "--threads", "1", "compare", "--corpus", demo.at("territory"),
                                  "--session", path, "--slice", g.name};
    for (std::size_t m = 0; m < demo.at("checkpoints").size(); ++m) {
      const json& c = demo.at("checkpoints")[m];
      args.insert(args.end(), {m == 0 ? "--base" : "--tuned", c.at("path").get<std::string>(), "--name", c.at("name")});
    }
    const auto cli = testsupport::run_cli(args);
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    const json out = json::parse(cli.out);
    EXPECT_EQ(out.at("slice").at("name"), g.name);
    EXPECT_EQ(out.at("slice").at("positions").get<std::int64_t>(), g.positions) << g.name;
    const json& maps = out.at("checkpoints");
    ASSERT_EQ(maps.size(), g.summaries.size());
    for (std::size_t m = 0; m < maps.size(); ++m) {
      const auto& gui = g.summaries[m];
      SCOPED_TRACE(g.name + ", map " + std::to_string(m));
      EXPECT_EQ(maps[m].at("tokens").get<std::int64_t>(), gui.tokens);
      // The CLI scores afresh (another thread count than the demo): equal up to float rounding.
      EXPECT_NEAR(maps[m].at("nll_mean").get<double>(), gui.nll_mean, 1e-4);
      EXPECT_NEAR(maps[m].at("entropy_mean").get<double>(), gui.entropy_mean, 1e-4);
      EXPECT_NEAR(maps[m].at("top1_accuracy").get<double>(), gui.top1_accuracy, 1e-9);
      if (m > 0) {
        EXPECT_NEAR(maps[m].at("kl_bt_mean").get<double>(), gui.kl_bt_mean, 1e-4);
        EXPECT_NEAR(maps[m].at("delta_nll").get<double>(), gui.delta_nll, 1e-4);
      }
      EXPECT_TRUE(maps[m].at("bits_per_byte").is_null()) << "both slices cut documents";
    }
  }
}

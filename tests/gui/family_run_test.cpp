// Each model family's tiny checkpoint (tests/support/family_fixtures.h) added to a session and
// scored through the GUI's real run engine, on a worker: the run completes, and the base's mean
// NLL the Overview reads equals the one the test computes from the model's own forward pass. Then
// the Studio's Sampling view samples greedily and the base column is each next token's argmax.
#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include "app/gui/run_engine.h"
#include "core/model/checkpoint.h"
#include "core/tokenize/tokenizer.h"
#include "tests/gui/gui_helpers.h"
#include "tests/support/family_fixtures.h"
#include "tests/support/test_support.h"
#include "widgets/overview/overviewview.h"
#include "widgets/overview/summarymodel.h"
#include "widgets/runs/runlauncher.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/studio/samplecolumns.h"
#include "widgets/studio/samplepanel.h"

namespace {

// Mean NLL over the scored positions (every token after the first) of `text` under the checkpoint.
double meanNll(const std::filesystem::path& folder, const std::string& text) {
  core::model::LoadOptions o;
  o.hash_weights = false;
  auto cp = core::model::load_checkpoint(folder, o);
  EXPECT_TRUE(cp) << cp.error().what();
  if (!cp) return 0;
  const auto ids = cp->tokenizer->encode(text);
  const at::Tensor input = at::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), at::kLong).unsqueeze(0);
  const at::Tensor lsm = at::log_softmax(cp->model->logits(input)[0].to(at::kDouble), -1);
  double sum = 0;
  for (std::size_t t = 1; t < ids.size(); ++t) sum -= lsm[std::int64_t(t - 1)][ids[t]].item<double>();
  return sum / double(ids.size() - 1);
}

// Greedy continuation of `prompt` under the checkpoint, by full forward passes (no cache).
std::vector<std::int32_t> greedy(const std::filesystem::path& folder, std::vector<std::int64_t> ids, std::size_t n) {
  core::model::LoadOptions o;
  o.hash_weights = false;
  auto cp = core::model::load_checkpoint(folder, o);
  EXPECT_TRUE(cp) << cp.error().what();
  std::vector<std::int32_t> out;
  for (std::size_t i = 0; cp && i < n; ++i) {
    const at::Tensor logits = cp->model->logits(at::tensor(ids, at::kLong).unsqueeze(0))[0];
    out.push_back(std::int32_t(logits[std::int64_t(ids.size()) - 1].argmax().item<std::int64_t>()));
    ids.push_back(out.back());
  }
  return out;
}

// Scores dir/t.jsonl with the family folders dir/base and dir/tuned through the Run dialog's launcher
// and waits for the run to complete and its digest to be shown.
void scoreFromTheDialog(widgets::MainWindow& window, widgets::RunLauncher& launcher, const testsupport::TempDir& dir) {
  widgets::RunRequest request;
  request.base = QString::fromStdString((dir / "base").string());
  request.tuned = {QString::fromStdString((dir / "tuned").string())};
  request.territory = QString::fromStdString((dir / "t.jsonl").string());
  request.settings.top_k = 5;
  request.settings.threads = 1;
  launcher.launch(request);
  ASSERT_TRUE(QTest::qWaitFor([&] {
    return !window.session()->runs().empty() && window.session()->runs()[0].status != core::store::RunStatus::Running;
  }, 60000));
  ASSERT_EQ(window.session()->runs()[0].status, core::store::RunStatus::Complete)
      << window.session()->runs()[0].message.toStdString();
  ASSERT_TRUE(guitest::waitForDigest(*window.session()));
}

}  // namespace

TEST(FamilyRun, EveryFamilyLoadsAndScoresInTheWorkbench) {
  QSettings().clear();
  const std::string text = "the cat ran in the rain, then the other one ran on";
  for (const auto& family : testsupport::family_fixture_names()) {
    SCOPED_TRACE(family);
    testsupport::TempDir dir;
    testsupport::write_family_folder(dir / "base", family, 31);
    testsupport::write_family_folder(dir / "tuned", family, 32);
    testsupport::write_file(dir / "t.jsonl", "{\"text\": \"" + text + "\"}\n");
    widgets::MainWindow window;
    widgets::EngineRunLauncher launcher(window.session(), window.jobs(), gui::runEngine);
    window.session()->create(QString::fromStdString((dir / "run.cartograph").string()));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->isOpen(); }, 5000));
    ASSERT_NO_FATAL_FAILURE(scoreFromTheDialog(window, launcher, dir));
    const auto run = window.session()->currentRun();
    ASSERT_EQ(run->summaries.size(), 2u);
    EXPECT_NEAR(run->summaries[0].nll_mean, meanNll(dir / "base", text), 1e-4);
    EXPECT_NEAR(run->summaries[1].nll_mean, meanNll(dir / "tuned", text), 1e-4);
    EXPECT_GT(run->summaries[1].kl_bt_mean, 0.0) << "two seeds are two different maps";
    widgets::SummaryModel* summary = window.overview()->summary();
    EXPECT_EQ(summary->rowCount(), 2);

    window.session()->undoStack()->setClean();
    // The session file now lists the two maps: reopened, the Studio samples them.
    widgets::MainWindow again;
    again.openSession(QString::fromStdString((dir / "run.cartograph").string()));
    ASSERT_TRUE(QTest::qWaitFor([&] { return again.session()->digest() != nullptr; }, 15000));
    ASSERT_EQ(again.session()->checkpoints().size(), 2u);
    auto* panel = again.findChild<widgets::SamplePanel*>();
    ASSERT_NE(panel, nullptr);
    QTest::keyClicks(panel->promptEdit(), QStringLiteral("the cat"));
    panel->temperatureBox()->setValue(0);
    panel->maxTokensBox()->setValue(6);
    QSignalSpy shown(panel, &widgets::SamplePanel::sampleSetShown);
    QSignalSpy failed(panel, &widgets::SamplePanel::sampleFailed);
    QTest::mouseClick(panel->sampleButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return shown.count() == 1 || failed.count() == 1; }, 60000));
    ASSERT_EQ(failed.count(), 0) << failed.front().front().toString().toStdString();
    const auto set = panel->columns()->sampleSet();
    ASSERT_TRUE(set && !set->columns.empty());
    const auto& sampled = set->columns[0].ids;
    ASSERT_FALSE(sampled.empty());
    const auto expected =
        greedy(dir / "base", std::vector<std::int64_t>(set->prompt_ids.begin(), set->prompt_ids.end()), sampled.size());
    EXPECT_EQ(sampled, expected) << "the base column is the base map's greedy continuation";
  }
}

// With no session open, a run from the Run dialog is recorded in a scratch file of the workbench's
// own and shown as an opened run is: its tracks stay in the file and are read a document at a time,
// so memory follows what is on screen, not the territory. Its numbers are the model's own.
TEST(FamilyRun, WithoutASessionTheRunKeepsNoTracksInMemory) {
  QSettings().clear();
  const std::string text = "the cat ran in the rain, then the other one ran on";
  const std::string family = testsupport::family_fixture_names().front();
  testsupport::TempDir dir;
  testsupport::write_family_folder(dir / "base", family, 31);
  testsupport::write_family_folder(dir / "tuned", family, 32);
  testsupport::write_file(dir / "t.jsonl", "{\"text\": \"" + text + "\"}\n{\"text\": \"" + text + " again\"}\n");
  widgets::MainWindow window;
  widgets::EngineRunLauncher launcher(window.session(), window.jobs(), gui::runEngine);
  ASSERT_FALSE(window.session()->isOpen());
  ASSERT_NO_FATAL_FAILURE(scoreFromTheDialog(window, launcher, dir));
  const auto run = window.session()->currentRun();
  ASSERT_TRUE(run);
  ASSERT_TRUE(run->track_cache) << "the run holds every track in memory";
  ASSERT_EQ(run->documents.size(), 2u);
  for (const auto& d : run->documents) EXPECT_TRUE(d.maps.empty()) << "document " << d.index;
  ASSERT_EQ(run->summaries.size(), 2u);
  EXPECT_NEAR(run->summaries[0].nll_mean,
              (meanNll(dir / "base", text) * double(run->documents[0].scored()) +
               meanNll(dir / "base", text + " again") * double(run->documents[1].scored())) /
                  double(run->documents[0].scored() + run->documents[1].scored()),
              1e-4);
  // The first document's tracks, read from the file: the base's log-probabilities are the model's.
  auto first = run->track_cache->document(*run, 0, false);
  ASSERT_TRUE(first) << first.error().what();
  const auto& logp = (*first)->maps.at(0).logp;
  ASSERT_EQ(logp.size(), run->documents[0].scored());
  double nll = 0;
  for (float v : logp) nll -= v;
  EXPECT_NEAR(nll / double(logp.size()), meanNll(dir / "base", text), 1e-4);
}

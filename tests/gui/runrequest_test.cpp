// The Run dialog's rules (a plain validator), the dialog driven like a user, and the launcher that takes
// its request to the engine and the result back into the Session.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include "tests/gui/gui_helpers.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/runs/rundialog.h"
#include "widgets/runs/runlauncher.h"

using widgets::RunRequest;
using widgets::RunRequestProblem;

namespace {

widgets::PathProbe existing(QStringList paths) {
  return {[paths](const QString& p) { return paths.contains(p); }};
}

RunRequest goodRequest() {
  RunRequest r;
  r.base = QStringLiteral("/m/base");
  r.tuned = {QStringLiteral("/m/sft"), QStringLiteral("/m/rl")};
  r.territory = QStringLiteral("/d/corpus.jsonl");
  return r;
}

bool has(const std::vector<RunRequestProblem>& problems, RunRequestProblem::Field field) {
  return std::any_of(problems.begin(), problems.end(), [field](const auto& p) { return p.field == field; });
}

const widgets::PathProbe kAll = existing({QStringLiteral("/m/base"), QStringLiteral("/m/sft"), QStringLiteral("/m/rl"),
                                          QStringLiteral("/d/corpus.jsonl")});

}  // namespace

TEST(RunRequest, AGoodRequestHasNoProblems) {
  EXPECT_TRUE(widgets::validate(goodRequest(), kAll).empty());
  EXPECT_EQ(goodRequest().displayName(), QStringLiteral("base → sft → rl on corpus.jsonl"));
}

TEST(RunRequest, EachRuleNamesTheFieldAndTheValue) {
  using F = RunRequestProblem::Field;
  RunRequest r = goodRequest();
  r.tuned.clear();
  EXPECT_TRUE(has(widgets::validate(r, kAll), F::Tuned));
  r = goodRequest();
  r.tuned << QStringLiteral("/m/base");
  EXPECT_TRUE(has(widgets::validate(r, kAll), F::Tuned)) << "the base cannot also be a tuned map";
  r = goodRequest();
  r.territory = QStringLiteral("/d/missing.jsonl");
  const auto missing = widgets::validate(r, kAll);
  ASSERT_TRUE(has(missing, F::Territory));
  EXPECT_TRUE(missing[0].message.contains(QStringLiteral("/d/missing.jsonl")));
  r = goodRequest();
  r.settings.top_k = 0;
  EXPECT_TRUE(has(widgets::validate(r, kAll), F::TopK));
  r = goodRequest();
  r.settings.context = 64;
  r.settings.stride = 65;
  const auto stride = widgets::validate(r, kAll);
  ASSERT_TRUE(has(stride, F::Stride));
  EXPECT_TRUE(stride[0].message.contains(QStringLiteral("65")));
  r.settings.stride = 64;
  EXPECT_TRUE(widgets::validate(r, kAll).empty()) << "a stride equal to the window skips nothing";
  r = goodRequest();
  r.settings.device = "tpu";
  EXPECT_TRUE(has(widgets::validate(r, kAll), F::Device));
  r = goodRequest();
  r.settings.threads = -1;
  r.settings.batch = 0;
  const auto two = widgets::validate(r, kAll);
  EXPECT_TRUE(has(two, F::Threads));
  EXPECT_TRUE(has(two, F::Batch));
  r = goodRequest();
  r.tokenizer = QStringLiteral("/t/tokenizer.json");
  const auto tokenizer = widgets::validate(r, kAll);
  ASSERT_TRUE(has(tokenizer, F::Tokenizer));
  EXPECT_TRUE(tokenizer[0].message.contains(QStringLiteral("/t/tokenizer.json")));
  r = goodRequest();
  r.settings.dtype = "int4";
  const auto dtype = widgets::validate(r, kAll);
  ASSERT_TRUE(has(dtype, F::Dtype));
  EXPECT_TRUE(dtype[0].message.contains(QStringLiteral("int4")));
  r.settings.dtype = "bfloat16";
  EXPECT_TRUE(widgets::validate(r, kAll).empty());
}

TEST(RunDialog, OffersTheSessionsCheckpointsAndEmitsTheRequest) {
  auto checkpoint = [](qint64 id, const char* name, const char* path, core::analysis::MapRole role) {
    widgets::CheckpointEntry c;
    c.id = id;
    c.name = QString::fromLatin1(name);
    c.path = QString::fromLatin1(path);
    c.role = role;
    return c;
  };
  const std::vector<widgets::CheckpointEntry> checkpoints = {
      checkpoint(1, "sft", "/m/sft", core::analysis::MapRole::Tuned),
      checkpoint(2, "base", "/m/base", core::analysis::MapRole::Base),
      checkpoint(3, "rl", "/m/rl", core::analysis::MapRole::Tuned)};
  widgets::RunDialog dialog(checkpoints, {{9, QStringLiteral("p"), QStringLiteral("Once upon a time"), {}, {}, {}}});
  dialog.setPathProbe(kAll);
  EXPECT_EQ(dialog.base()->currentData().toString(), QStringLiteral("/m/base")) << "the session's base comes first";
  ASSERT_EQ(dialog.tuned()->count(), 2);
  auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
  EXPECT_FALSE(ok->isEnabled()) << "no territory yet";
  EXPECT_TRUE(dialog.problemsLabel()->text().contains(QStringLiteral("territory")));
  QTest::keyClicks(dialog.territory(), QStringLiteral("/d/corpus.jsonl"));
  EXPECT_TRUE(ok->isEnabled());
  QSignalSpy requested(&dialog, &widgets::RunDialog::runRequested);
  dialog.findChildren<QSpinBox*>()[0]->setValue(20);  // top-k
  ok->click();
  ASSERT_EQ(requested.count(), 1);
  const auto r = requested[0][0].value<RunRequest>();
  EXPECT_EQ(r.base, QStringLiteral("/m/base"));
  EXPECT_EQ(r.tuned, (QStringList{QStringLiteral("/m/sft"), QStringLiteral("/m/rl")}));
  EXPECT_EQ(r.territory, QStringLiteral("/d/corpus.jsonl"));
  EXPECT_EQ(r.settings.top_k, 20);
}

TEST(RunLauncher, AFinishedRunJoinsTheSessionAndIsShown) {
  const auto run = fixture::makeRun({.documents = 4});
  widgets::JobsModel jobs;
  widgets::Session session(&jobs, nullptr);
  std::atomic<bool> offGui{false};
  const auto gui = QThread::currentThread();
  widgets::EngineRunLauncher launcher(&session, &jobs, [&](const RunRequest& r, core::Job& job) -> core::Result<widgets::EngineOutcome> {
    offGui = QThread::currentThread() != gui;
    job.begin("scoring", 10);
    for (int i = 0; i < 10; ++i) {
      QThread::msleep(5);
      if (!job.advance()) return core::fail(core::ErrorCode::Cancelled, "cancelled");
    }
    EXPECT_EQ(r.settings.top_k, 10);
    EXPECT_TRUE(r.sessionPath.isEmpty()) << "no session file is open";
    return widgets::EngineOutcome{0, run};
  });
  launcher.launch(goodRequest());
  ASSERT_EQ(session.runs().size(), 1u);
  EXPECT_EQ(session.runs()[0].status, core::store::RunStatus::Running) << "listed at once, before the engine returns";
  ASSERT_TRUE(QTest::qWaitFor([&] { return session.runs()[0].status == core::store::RunStatus::Complete; }, 5000));
  EXPECT_TRUE(offGui);
  EXPECT_EQ(session.selection()->run(), session.runs()[0].id) << "the first run is shown";
  EXPECT_EQ(session.currentRun(), run);
  ASSERT_TRUE(guitest::waitForDigest(session));
}

TEST(RunLauncher, AFailedRunKeepsItsMessageAndReachesTheIssuesDock) {
  widgets::MainWindow window;
  window.setRunLauncher(std::make_unique<widgets::EngineRunLauncher>(
      window.session(), window.jobs(), [](const RunRequest&, core::Job&) -> core::Result<widgets::EngineOutcome> {
        return core::fail(core::ErrorCode::Mismatch, "tuned vocab 32001 ≠ base 32000", "/m/sft");
      }));
  auto* dialog = window.createRunDialog();
  dialog->setPathProbe(kAll);
  dialog->setRequest(goodRequest());
  ASSERT_TRUE(dialog->canStart());
  dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->runs().size() == 1 && window.session()->runs()[0].status == core::store::RunStatus::Failed; }, 5000));
  EXPECT_TRUE(window.session()->runs()[0].message.contains(QStringLiteral("32001")));
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.issues()->rowCount() > 0; }, 2000));
  EXPECT_TRUE(window.issues()->index(0, widgets::IssuesModel::MessageColumn).data().toString().contains(QStringLiteral("/m/sft: tuned vocab 32001")));
}

TEST(RunRequest, TorchScriptCheckpointsNeedTrust) {
  RunRequest r = goodRequest();
  EXPECT_TRUE(widgets::torchScriptCheckpoints(r).isEmpty());
  EXPECT_FALSE(r.trustTorchScript);  // never trusted by default
  r.tuned << QStringLiteral("/models/rl.pt") << QStringLiteral("/models/sft.TS") << QStringLiteral("/models/x.bin");
  EXPECT_EQ(widgets::torchScriptCheckpoints(r), (QStringList{QStringLiteral("/models/rl.pt"), QStringLiteral("/models/sft.TS")}));
}

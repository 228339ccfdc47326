// A run started from the Run dialog through the real engine (app/gui/run_engine) on the stories260K
// checkpoint, recorded into a session file, shown, and reopened. Needs CARTOGRAPH_TEST_DATA.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QElapsedTimer>
#include <QSettings>
#include <QTest>
#include <cmath>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/gui/run_engine.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/gui/gui_helpers.h"
#include "tests/support/latencyprobe.h"
#include "tests/support/test_support.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/overview/overviewview.h"
#include "widgets/runs/rundialog.h"
#include "widgets/runs/runlauncher.h"
#include "widgets/overview/summarymodel.h"

namespace {

// A "tuned" map with a known relation to the base: the same weights with the final RMSNorm gains
// times `factor`, so its logits are the base's times `factor` (the base at temperature 1 / factor).
void writeSharpenedCopy(const std::filesystem::path& source, const std::filesystem::path& target, float factor) {
  std::ifstream in(source, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 28u);
  std::int32_t h[7];
  std::memcpy(h, bytes.data(), sizeof h);
  const std::int64_t dim = h[0], hidden = h[1], layers = h[2], heads = h[3], kvHeads = h[4], vocab = std::abs(h[5]);
  const std::int64_t kv = dim * kvHeads / heads;
  const std::int64_t before = vocab * dim + layers * dim + layers * dim * dim + 2 * layers * dim * kv +
                              layers * dim * dim + layers * dim + 3 * layers * dim * hidden;
  const std::size_t offset = 28 + std::size_t(before) * 4;
  ASSERT_LE(offset + std::size_t(dim) * 4, bytes.size());
  for (std::int64_t i = 0; i < dim; ++i) {
    float w;
    std::memcpy(&w, bytes.data() + offset + std::size_t(i) * 4, 4);
    w *= factor;
    std::memcpy(bytes.data() + offset + std::size_t(i) * 4, &w, 4);
  }
  std::filesystem::create_directories(target.parent_path());
  std::ofstream(target, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

// The tuned map most tests run beside stories260K: its copy sharpened 1.5x, in a folder of `dir` with
// the base's tokenizer beside it (a llama2.c file has none of its own).
std::filesystem::path sharpTunedMap(const std::filesystem::path& data, const testsupport::TempDir& dir) {
  const auto sharp = dir / "sharp" / "sharp260K.bin";
  writeSharpenedCopy(data / "stories260K" / "stories260K.bin", sharp, 1.5f);
  std::filesystem::copy_file(data / "stories260K" / "tok512.bin", dir / "sharp" / "tok512.bin");
  return sharp;
}

}  // namespace

TEST(EngineRun, ARunFromTheDialogIsComputedRecordedShownAndReopened) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  QSettings().clear();
  testsupport::TempDir dir;
  const auto base = data / "stories260K" / "stories260K.bin";
  const auto sharp = sharpTunedMap(data, dir);
  testsupport::write_file(dir / "stories.jsonl",
                          "{\"text\": \"Once upon a time, there was a little girl named Lily. She loved to play "
                          "outside in the park with her friends.\", \"genre\": \"story\"}\n"
                          "{\"text\": \"Tom had a big red ball. He threw it to his dog and the dog ran fast to get "
                          "it. They were very happy.\", \"genre\": \"story\"}\n"
                          "{\"text\": \"One day, the sun was shining and the birds were singing. Mom said, \\\"Let's "
                          "go for a walk!\\\"\", \"genre\": \"dialog\"}\n");
  const QString session = QString::fromStdString((dir / "run.cartograph").string());
  {
    widgets::MainWindow window;
    window.setRunLauncher(std::make_unique<widgets::EngineRunLauncher>(window.session(), window.jobs(), gui::runEngine));
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    window.session()->create(session);
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->isOpen(); }, 5000));

    widgets::RunRequest request;
    request.base = QString::fromStdString(base.string());
    request.tuned = {QString::fromStdString(sharp.string())};
    request.territory = QString::fromStdString((dir / "stories.jsonl").string());
    request.settings.top_k = 5;
    request.settings.threads = 1;
    auto* dialog = window.createRunDialog();
    dialog->setRequest(request);
    ASSERT_TRUE(dialog->canStart()) << dialog->problems().front().message.toStdString();
    testsupport::LatencyProbe probe(5);
    probe.start();
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window.session()->runs().empty() && window.session()->runs()[0].status != core::store::RunStatus::Running; }, 60000));
    probe.stop();
    ASSERT_EQ(window.session()->runs()[0].status, core::store::RunStatus::Complete) << window.session()->runs()[0].message.toStdString();
    ASSERT_TRUE(guitest::waitForDigest(*window.session()));
    std::cout << "[ measured ] longest event-loop gap while the engine ran: " << probe.maxGapMs() << " ms ("
              << probe.maxWallGapMs() << " ms of wall time, with the wait for a core)\n";
    EXPECT_LT(probe.maxGapMs(), 100.0) << "the GUI stalled more than 100 ms during the run";

    const auto run = window.session()->currentRun();
    ASSERT_EQ(run->maps.size(), 2u);
    // Recorded in the file, the run is shown as File > Open shows it: no track held in memory, each
    // document's read from the file when a view needs it (long documents were streamed).
    ASSERT_TRUE(run->track_cache) << "the run holds every track in memory";
    for (const auto& d : run->documents) EXPECT_TRUE(d.maps.empty()) << "document " << d.index;
    auto first = run->track_cache->document(*run, 0, false);
    ASSERT_TRUE(first) << first.error().what();
    ASSERT_EQ((*first)->maps.size(), 2u);
    EXPECT_EQ((*first)->maps[1].size(), (*first)->scored());
    EXPECT_GT((*first)->scored(), 10u);
    const auto& b = run->summaries[0];
    const auto& t = run->summaries[1];
    EXPECT_GT(t.kl_bt_mean, 0.0);
    EXPECT_LT(t.entropy_mean, b.entropy_mean) << "logits × 1.5 sharpen every distribution";
    // Closed form: a map that is the base at temperature 1/1.5 is recalibrated by 1.5 × the base's T.
    EXPECT_NEAR(t.temperature / b.temperature, 1.5, 0.03);
    // The Overview shows those numbers.
    widgets::SummaryModel* summary = window.overview()->summary();
    ASSERT_EQ(summary->rowCount(), 2);
    EXPECT_DOUBLE_EQ(summary->index(1, summary->column("temperature")).data(widgets::SummaryModel::ValueRole).toDouble(),
                     t.temperature);
    EXPECT_EQ(window.issues()->count(widgets::IssuesModel::Severity::Error), 0);
    window.session()->undoStack()->setClean();
  }
  // The run was recorded in the file: a new window finds it and shows the same numbers.
  widgets::MainWindow again;
  again.openSession(session);
  ASSERT_TRUE(QTest::qWaitFor([&] { return again.session()->digest() != nullptr; }, 15000));
  ASSERT_EQ(again.session()->runs().size(), 1u);
  EXPECT_EQ(again.session()->runs()[0].status, core::store::RunStatus::Complete);
  EXPECT_EQ(again.session()->currentRun()->documents.size(), 3u);
  EXPECT_EQ(again.session()->checkpoints().size(), 2u);
}

// One route for a run: the GUI's engine and the CLI's `compare` both call core::store::execute_run,
// so the same request gives the same numbers; the run id the GUI shows is the id the file lists.
TEST(EngineRun, TheGuiAndTheCliRecordARunThroughExecuteRunUnderTheFilesId) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  QSettings().clear();
  testsupport::TempDir dir;
  const auto base = data / "stories260K" / "stories260K.bin";
  const auto sharp = sharpTunedMap(data, dir);
  testsupport::write_file(dir / "t.jsonl", "{\"text\": \"Once upon a time, there was a little girl named Lily.\"}\n"
                                           "{\"text\": \"Tom had a big red ball. He threw it to his dog.\"}\n");
  const auto file = dir / "run.cartograph";
  widgets::RunRequest request;
  request.base = QString::fromStdString(base.string());
  request.tuned = {QString::fromStdString(sharp.string())};
  request.territory = QString::fromStdString((dir / "t.jsonl").string());
  request.settings.top_k = 5;
  request.settings.threads = 1;
  request.sessionPath = QString::fromStdString(file.string());
  // What the GUI asks core for is what the CLI asks for with the same arguments.
  const core::store::RunOrder order = gui::runOrder(request);
  ASSERT_EQ(order.maps.size(), 2u);
  EXPECT_EQ(order.maps[0].path, base);
  EXPECT_EQ(order.territory_path, dir / "t.jsonl");
  EXPECT_EQ(order.session_path, file);

  widgets::MainWindow window;
  widgets::EngineRunLauncher launcher(window.session(), window.jobs(), gui::runEngine);
  window.session()->create(QString::fromStdString(file.string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->isOpen(); }, 5000));
  launcher.launch(request);
  ASSERT_TRUE(QTest::qWaitFor([&] { return !window.session()->runs().empty() && window.session()->runs()[0].status != core::store::RunStatus::Running; }, 60000));
  ASSERT_EQ(window.session()->runs()[0].status, core::store::RunStatus::Complete) << window.session()->runs()[0].message.toStdString();
  ASSERT_EQ(window.session()->runs().size(), 1u) << "one run, one entry: no second, GUI-made id";
  const qint64 shown = window.session()->runs()[0].id;
  EXPECT_EQ(window.session()->selection()->run(), shown);

  const auto cli = testsupport::run_cli({"compare", "--base", base.string(), "--tuned", sharp.string(), "--corpus",
                                         (dir / "t.jsonl").string(), "--top-k", "5", "--session", file.string(),
                                         "--json", "--threads", "1"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const auto json = nlohmann::json::parse(cli.out);

  auto stored = core::store::SessionFile::open(file, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(stored) << stored.error().what();
  auto listed = core::store::RunReader(*stored).list_runs();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, shown) << "the GUI shows the run under the file's id";
  EXPECT_EQ((*listed)[1].id, json["run_id"].get<std::int64_t>());
  EXPECT_NE((*listed)[0].id, (*listed)[1].id);
  EXPECT_EQ((*listed)[0].window, (*listed)[1].window);
  EXPECT_EQ((*listed)[0].stride, (*listed)[1].stride);
  const auto run = window.session()->currentRun();
  ASSERT_TRUE(run);
  // Same sequence, same numbers, up to float32 summation order: the CLI is another process whose
  // BLAS may split the matrix products over another number of threads (measured: 1e-6 relative).
  const double kl = run->summaries[1].kl_bt_mean;
  EXPECT_NEAR(json["checkpoints"][1]["kl_bt_mean"].get<double>(), kl, 1e-5 * kl)
      << "the same sequence gives the same numbers";
  window.session()->undoStack()->setClean();
}

// Checkpoints with no tokenizer beside them run with the one chosen in the Run dialog's Tokenizer
// field, and the Weights choice reaches the loader: float32 runs, bfloat16 on a llama2c checkpoint
// (computed in float32 only) fails with the loader's message in the Issues dock.
TEST(EngineRun, TheRunDialogsTokenizerAndWeightsReachTheLoader) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  QSettings().clear();
  testsupport::TempDir dir;
  std::filesystem::create_directories(dir / "bare");
  const auto base = dir / "bare" / "stories260K.bin";
  std::filesystem::copy_file(data / "stories260K" / "stories260K.bin", base);
  const auto sharp = dir / "sharp" / "sharp260K.bin";
  writeSharpenedCopy(base, sharp, 1.5f);
  testsupport::write_file(dir / "t.jsonl", "{\"text\": \"Once upon a time, there was a little girl named Lily.\"}\n");
  const QString tokenizer = QString::fromStdString((data / "stories260K" / "tok512.bin").string());

  widgets::MainWindow window;
  const auto file = dir / "run.cartograph";
  window.session()->create(QString::fromStdString(file.string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->isOpen(); }, 5000));
  widgets::EngineRunLauncher launcher(window.session(), window.jobs(), gui::runEngine);
  const auto runWith = [&](const QString& tokenizerPath, const QString& dtype) {
    widgets::RunDialog dialog({}, {});
    widgets::RunRequest r;
    r.base = QString::fromStdString(base.string());
    r.tuned = {QString::fromStdString(sharp.string())};
    r.territory = QString::fromStdString((dir / "t.jsonl").string());
    r.settings.threads = 1;
    dialog.setRequest(r);
    QTest::keyClicks(dialog.tokenizer(), tokenizerPath);
    dialog.dtype()->setCurrentIndex(dialog.dtype()->findData(dtype));
    EXPECT_TRUE(dialog.canStart()) << dialog.problemsLabel()->text().toStdString();
    widgets::RunRequest request = dialog.request();
    request.sessionPath = QString::fromStdString(file.string());
    const std::size_t before = window.session()->runs().size();
    launcher.launch(request);
    return QTest::qWaitFor([&] {
      const auto& runs = window.session()->runs();
      return runs.size() > before && runs.back().status != core::store::RunStatus::Running;
    }, 60000) || window.issues()->count(widgets::IssuesModel::Severity::Error) > 0;
  };

  // The request and the engine's order carry both choices.
  {
    widgets::RunDialog dialog({}, {});
    QTest::keyClicks(dialog.tokenizer(), tokenizer);
    dialog.dtype()->setCurrentIndex(dialog.dtype()->findData(QStringLiteral("bfloat16")));
    const core::store::RunOrder order = gui::runOrder(dialog.request());
    EXPECT_EQ(order.load.tokenizer, tokenizer.toStdString());
    EXPECT_EQ(order.settings.dtype, "bfloat16");
    EXPECT_EQ(order.load.dtype, core::model::WeightDType::BFloat16);
    QTest::keyClicks(dialog.tokenizer(), QStringLiteral(".missing"));
    EXPECT_NE(dialog.problemsLabel()->text().indexOf(QStringLiteral(".missing does not exist")), -1)
        << dialog.problemsLabel()->text().toStdString();
  }
  ASSERT_TRUE(runWith(tokenizer, QStringLiteral("float32")));
  ASSERT_FALSE(window.session()->runs().empty());
  EXPECT_EQ(window.session()->runs().back().status, core::store::RunStatus::Complete)
      << window.session()->runs().back().message.toStdString();
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 15000));
  EXPECT_EQ(window.session()->currentRun()->settings.dtype, "float32");
  EXPECT_EQ(window.session()->currentRun()->documents.size(), 1u);

  ASSERT_TRUE(runWith(tokenizer, QStringLiteral("bfloat16")));
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.issues()->count(widgets::IssuesModel::Severity::Error) > 0; }, 15000));
  bool named = false;
  for (int row = 0; row < window.issues()->rowCount(); ++row)
    for (int column = 0; column < window.issues()->columnCount(); ++column)
      named = named || window.issues()->index(row, column).data().toString().contains(QStringLiteral("bfloat16 is not available"));
  EXPECT_TRUE(named) << "the loader's message reaches the Issues dock";
  window.session()->undoStack()->setClean();
}

// A run started in a session that lists no checkpoints yet writes its maps to the file; the Checkpoints
// dock lists them without reopening (the Studio's sampling reads them), unmodified. Undoing an edit made
// before a later run brought another checkpoint keeps that one, and a save keeps all three.
TEST(EngineRun, TheMapsOfARunJoinTheCheckpointsAndSurviveUndoingOlderEdits) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  QSettings().clear();
  testsupport::TempDir dir;
  const auto base = data / "stories260K" / "stories260K.bin";
  const auto sharp = dir / "sharp" / "sharp260K.bin", flat = dir / "flat" / "flat260K.bin";
  writeSharpenedCopy(base, sharp, 1.5f);
  writeSharpenedCopy(base, flat, 0.7f);
  for (const auto& folder : {dir / "sharp", dir / "flat"})
    std::filesystem::copy_file(data / "stories260K" / "tok512.bin", folder / "tok512.bin");
  testsupport::write_file(dir / "t.jsonl", "{\"text\": \"Once upon a time, there was a little girl named Lily.\"}\n");
  const auto file = dir / "run.cartograph";
  widgets::MainWindow window;
  widgets::Session* s = window.session();
  s->create(QString::fromStdString(file.string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return s->isOpen(); }, 5000));
  ASSERT_TRUE(s->checkpoints().empty());
  widgets::EngineRunLauncher launcher(s, window.jobs(), gui::runEngine);
  const auto run = [&](const std::filesystem::path& tuned) {
    widgets::RunRequest r;
    r.base = QString::fromStdString(base.string());
    r.tuned = {QString::fromStdString(tuned.string())};
    r.territory = QString::fromStdString((dir / "t.jsonl").string());
    r.settings.threads = 1;
    r.sessionPath = QString::fromStdString(file.string());
    launcher.launch(r);
  };
  run(sharp);
  ASSERT_TRUE(QTest::qWaitFor([&] { return s->checkpoints().size() == 2; }, 30000)) << s->checkpoints().size();
  EXPECT_FALSE(s->isModified()) << "checkpoints read from the file are not an unsaved edit";
  const qint64 sharpId = s->checkpoints()[1].id;
  EXPECT_GT(sharpId, 0);
  s->renameCheckpoint(sharpId, QStringLiteral("sharpened"));
  run(flat);
  ASSERT_TRUE(QTest::qWaitFor([&] { return s->checkpoints().size() == 3; }, 30000)) << s->checkpoints().size();
  s->undoStack()->undo();  // the rename, made before the second run's checkpoint arrived
  ASSERT_EQ(s->checkpoints().size(), 3u) << "undoing an older edit must not drop a checkpoint that came since";
  EXPECT_NE(s->checkpoints()[1].name, QStringLiteral("sharpened"));
  s->save();
  ASSERT_TRUE(QTest::qWaitFor([&] { return !s->isModified() && window.jobs()->runningCount() == 0; }, 15000));
  window.jobs()->waitForAll();
  widgets::MainWindow again;
  again.openSession(QString::fromStdString(file.string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return again.session()->isOpen(); }, 15000));
  EXPECT_EQ(again.session()->checkpoints().size(), 3u);
}

// What the GUI's run costs against the CLI's, as users run them: the same compare (stories260K and a
// sharpened copy over the first 200,000 bytes of Tiny Shakespeare, every thread), timed from the
// launch to the run's end in the workbench and as a whole `cartograph-cli compare` process. Printed for
// the README's performance section, not asserted (speed is judged by `cartograph-cli bench`); asserted
// is that both scored the same positions to the same numbers.
TEST(EngineRun, TheGuiAndTheCliRunTheSameCompareAtTheirRates) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  QSettings().clear();
  testsupport::TempDir dir;
  const auto base = data / "stories260K" / "stories260K.bin";
  const auto sharp = sharpTunedMap(data, dir);
  {
    std::ifstream in(data / "corpus" / "tinyshakespeare" / "input.txt", std::ios::binary);
    std::string text(200000, '\0');
    in.read(text.data(), std::streamsize(text.size()));
    text.resize(std::size_t(in.gcount()));
    testsupport::write_file(dir / "shakespeare.txt", text);
  }
  widgets::RunRequest request;
  request.base = QString::fromStdString(base.string());
  request.tuned = {QString::fromStdString(sharp.string())};
  request.territory = QString::fromStdString((dir / "shakespeare.txt").string());
  const auto guiFile = dir / "gui.cartograph", cliFile = dir / "cli.cartograph";
  request.sessionPath = QString::fromStdString(guiFile.string());

  widgets::MainWindow window;
  widgets::EngineRunLauncher launcher(window.session(), window.jobs(), gui::runEngine);
  window.session()->create(request.sessionPath);
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->isOpen(); }, 5000));
  QElapsedTimer timer;
  timer.start();
  launcher.launch(request);
  ASSERT_TRUE(QTest::qWaitFor([&] { return !window.session()->runs().empty() && window.session()->runs()[0].status != core::store::RunStatus::Running; }, 300000));
  const double guiSeconds = double(timer.nsecsElapsed()) / 1e9;
  ASSERT_EQ(window.session()->runs()[0].status, core::store::RunStatus::Complete) << window.session()->runs()[0].message.toStdString();
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->currentRun() != nullptr; }, 60000));
  const auto run = window.session()->currentRun();
  std::int64_t positions = 0;
  for (const auto& d : run->documents) positions += std::int64_t(d.scored());
  ASSERT_GT(positions, 50000);

  timer.restart();
  const auto cli = testsupport::run_cli({"compare", "--base", base.string(), "--tuned", sharp.string(), "--corpus",
                                         (dir / "shakespeare.txt").string(), "--session", cliFile.string(), "--json",
                                         "--quiet"});
  const double cliSeconds = double(timer.nsecsElapsed()) / 1e9;
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const auto json = nlohmann::json::parse(cli.out);
  const double kl = run->summaries[1].kl_bt_mean;
  EXPECT_NEAR(json["checkpoints"][1]["kl_bt_mean"].get<double>(), kl, 1e-5 * kl) << "the same job, the same numbers";
  std::cout << "[ measured ] compare, stories260K and a tuned copy, " << positions << " positions: workbench "
            << guiSeconds << " s (" << double(positions) / guiSeconds << " positions/s, launch to end), cartograph-cli "
            << cliSeconds << " s (" << double(positions) / cliSeconds << " positions/s, whole process); workbench / cli time "
            << guiSeconds / cliSeconds << "\n";
  RecordProperty("gui_seconds", std::to_string(guiSeconds));
  RecordProperty("cli_seconds", std::to_string(cliSeconds));
  window.session()->undoStack()->setClean();
}

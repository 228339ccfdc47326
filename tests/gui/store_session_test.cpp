// The GUI over a real `.cartograph` file: a run written through the store API, opened through
// MainWindow's path (StoreBackend on workers), edited, saved, and reopened in a fresh window.
#include <gtest/gtest.h>

#include <QAbstractItemModel>
#include <QSettings>
#include <QTableView>
#include <QTest>
#include <cmath>

#include "core/store/run_writer.h"
#include "core/store/session.h"
#include "tests/gui/gui_helpers.h"
#include "tests/support/test_support.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/session/sessiondock.h"
#include "widgets/territory/territoryview.h"
#include "widgets/territory/tokenstrip.h"
#include "widgets/territory/topkmodel.h"

namespace {

// Writes `run` into a new session at `path` as the engine's writer would, in two batches.
void writeSession(const std::filesystem::path& path, const core::analysis::RunResult& run) {
  auto session = core::store::Session::create(path);
  ASSERT_TRUE(session.has_value()) << session.error().what();
  core::store::TerritoryRecord territory;
  territory.source = run.territory.source;
  territory.content_hash = run.territory.content_hash;
  for (const auto& d : run.documents) {
    core::store::DocumentRecord r;
    r.index = d.index;
    r.name = d.name;
    r.byte_length = d.byte_length;
    r.metadata = d.metadata;
    for (std::size_t t = 1; t < d.tokens.size(); ++t) r.text += run.token_texts[std::size_t(d.tokens[t])];
    territory.documents.push_back(r);
  }
  core::store::RunWriter writer(*session);
  auto id = writer.begin_run(run, territory);
  ASSERT_TRUE(id.has_value()) << id.error().what();
  const std::size_t half = run.documents.size() / 2;
  ASSERT_TRUE(writer.commit_documents(*id, std::span(run.documents).first(half)).has_value());
  ASSERT_TRUE(writer.commit_documents(*id, std::span(run.documents).subspan(half)).has_value());
  auto finished = writer.finish_run(*id, run.summaries, run.projection, core::store::RunStatus::Complete);
  ASSERT_TRUE(finished.has_value()) << finished.error().what();
}

bool openAndWait(widgets::MainWindow& window, const std::filesystem::path& path) {
  window.openSession(QString::fromStdString(path.string()));
  return QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 15000);
}

}  // namespace

TEST(StoreSession, ARunWrittenByTheStoreOpensInEveryView) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto run = fixture::makeRun({.documents = 6});
  writeSession(dir / "s.cartograph", *run);
  widgets::MainWindow window;  // the default backend: the store
  ASSERT_TRUE(openAndWait(window, dir / "s.cartograph"));
  widgets::Session* session = window.session();
  ASSERT_EQ(session->runs().size(), 1u);
  EXPECT_EQ(session->runs()[0].status, widgets::RunStatus::Finished);
  ASSERT_GE(session->checkpoints().size(), 3u);
  EXPECT_EQ(session->checkpoints()[0].name, QStringLiteral("stories260K"));
  const auto loaded = session->currentRun();
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->documents.size(), run->documents.size());
  ASSERT_EQ(loaded->documents[3].maps.size(), run->maps.size()) << "every document's tracks are loaded";
  // Metrics come back bit for bit; top-k probabilities as float16 (3 significant digits).
  EXPECT_EQ(loaded->documents[3].maps[2].kl_bt, run->documents[3].maps[2].kl_bt);
  EXPECT_NEAR(loaded->documents[3].maps[1].top_p[0], run->documents[3].maps[1].top_p[0], 1e-3);
  EXPECT_DOUBLE_EQ(session->digest()->summaries[1].nll_mean, run->summaries[1].nll_mean);
  // The token strip and the top-k panel read the stored tracks.
  session->selection()->setToken(3, 7);
  EXPECT_EQ(window.territory()->strip()->document(), 3);
  EXPECT_EQ(window.territory()->topK()->index(0, 0).data(widgets::TopKModel::TokenIdRole).toInt(),
            run->documents[3].maps[0].top_ids[7 * std::size_t(run->documents[3].maps[0].top_k)]);
  session->undoStack()->setClean();
}

TEST(StoreSession, EditsAreSavedAndComeBackInANewWindowWithoutDuplicates) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto path = dir / "s.cartograph";
  const auto run = fixture::makeRun({.documents = 4});
  writeSession(path, *run);
  {
    widgets::MainWindow window;
    ASSERT_TRUE(openAndWait(window, path));
    widgets::Session* s = window.session();
    const qint64 sft = s->checkpoints()[1].id;
    s->renameCheckpoint(sft, QStringLiteral("SFT on dialogue"));
    s->setCheckpointNotes(sft, QStringLiteral("lr 2e-5, 3 epochs"));
    widgets::SliceDefinition d;
    d.kind = widgets::SliceDefinition::Kind::Regex;
    d.pattern = "\\bhappy\\b";
    s->addSlice(QStringLiteral("happy"), d);
    s->addPrompt(QStringLiteral("opener"), QStringLiteral("Once upon a time"));
    s->addAnnotation(2, 3, 6, QStringLiteral("first note"));
    s->addAnnotation(1, 0, 0, QStringLiteral("second note"));
    s->save();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !s->isModified(); }, 10000));
    // A second save after more edits must update, not duplicate.
    s->editAnnotation(s->annotations()[0].id, QStringLiteral("first note, edited"));
    s->removeAnnotation(s->annotations()[1].id);
    s->save();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !s->isModified(); }, 10000));
    EXPECT_EQ(window.issues()->count(widgets::IssuesModel::Severity::Error), 0);
  }
  widgets::MainWindow again;
  ASSERT_TRUE(openAndWait(again, path));
  widgets::Session* s = again.session();
  EXPECT_EQ(s->checkpoints()[1].name, QStringLiteral("SFT on dialogue"));
  EXPECT_EQ(s->checkpoints()[1].notes, QStringLiteral("lr 2e-5, 3 epochs"));
  EXPECT_EQ(s->mapName(1), QStringLiteral("SFT on dialogue")) << "the run's map follows the checkpoint's name";
  ASSERT_EQ(s->slices().size(), 1u);
  EXPECT_EQ(s->slices()[0].definition.pattern, "\\bhappy\\b");
  ASSERT_EQ(s->prompts().size(), 1u);
  EXPECT_EQ(s->prompts()[0].text, QStringLiteral("Once upon a time"));
  ASSERT_EQ(s->annotations().size(), 1u);
  EXPECT_EQ(s->annotations()[0].note, QStringLiteral("first note, edited"));
  EXPECT_EQ(s->annotations()[0].document, 2);
  EXPECT_EQ(s->annotations()[0].begin, 4);
  EXPECT_EQ(s->annotations()[0].end, 8);
  EXPECT_EQ(s->annotationsOf(2).size(), 1u) << "pinned to the run's territory";
  QString excerpt;
  for (int t = 4; t < 8; ++t) excerpt += QString::fromStdString(run->token_texts[std::size_t(run->documents[2].tokens[std::size_t(t)])]);
  EXPECT_EQ(again.sessionDock()->annotations()->model()->index(0, 1).data().toString(), excerpt.simplified())
      << "the list shows the noted tokens' text, rebuilt from the run";
  EXPECT_EQ(s->selection()->run(), s->runs()[0].id) << "the view state brings the user back to the run";
}

TEST(StoreSession, AFileThatIsNotASessionIsReportedAndNothingIsOpened) {
  QSettings().clear();
  testsupport::TempDir dir;
  testsupport::write_file(dir / "notes.cartograph", "just some text, not a database\n");
  widgets::MainWindow window;
  window.openSession(QString::fromStdString((dir / "notes.cartograph").string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.issues()->rowCount() > 0; }, 5000));
  const QString message = window.issues()->index(0, widgets::IssuesModel::MessageColumn).data().toString();
  EXPECT_TRUE(message.contains(QStringLiteral("not a Cartograph session"))) << message.toStdString();
  EXPECT_FALSE(window.session()->isOpen());
}

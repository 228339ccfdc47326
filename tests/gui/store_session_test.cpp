// The GUI over a real `.cartograph` file: a run written through the store API, opened through
// MainWindow's path (StoreBackend on workers), edited, saved, and reopened in a fresh window.
#include <gtest/gtest.h>

#include <QAbstractItemModel>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <cmath>

#include "core/store/catalog.h"
#include "core/store/library.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/gui/gui_helpers.h"
#include "tests/support/run_session.h"
#include "tests/support/test_support.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/session/sessiondock.h"
#include "widgets/territory/territoryview.h"
#include "widgets/territory/tokenstrip.h"
#include "widgets/territory/topkmodel.h"

namespace {


bool openAndWait(widgets::MainWindow& window, const std::filesystem::path& path) {
  window.openSession(QString::fromStdString(path.string()));
  return QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 15000);
}

// Everything a user's edit can touch in the file, as text (ids included), to compare before and after.
std::string dumpEdits(const std::filesystem::path& path) {
  auto session = core::store::SessionFile::open(path, core::store::OpenMode::ReadOnly);
  if (!session) return "cannot open: " + session.error().what();
  core::store::Catalog catalog(*session);
  core::store::Library library(*session);
  std::string out;
  const auto checkpoints = catalog.checkpoints().value();
  const auto prompts = library.prompts().value();
  const auto slices = library.slices().value();
  const auto territories = catalog.territories().value();
  for (const auto& c : checkpoints)
    out += "checkpoint " + std::to_string(c.id) + " " + c.name + " " + core::store::role_name(c.role) + " " +
           std::to_string(c.lineage_order) + " " + c.notes + "\n";
  for (const auto& p : prompts)
    out += "prompt " + std::to_string(p.id) + " " + p.name + " " + p.versions.back().text + "\n";
  for (const auto& sl : slices) out += "slice " + std::to_string(sl.id) + " " + sl.name + "\n";
  for (const auto& t : territories) {
    const auto notes = library.annotations(t.id).value();
    for (const auto& a : notes) out += "note " + std::to_string(a.id) + " " + a.note + "\n";
  }
  out += "view " + library.view_state("gui").value().value_or("none") + "\n";
  return out;
}

bool saveAndWait(widgets::Session* s) {
  QSignalSpy saved(s, &widgets::Session::saved);
  s->save();
  return saved.count() > 0 || saved.wait(10000);
}

QStringList checkpointNames(const widgets::Session* s) {
  QStringList names;
  for (const auto& c : s->checkpoints()) names << c.name;
  return names;
}

}  // namespace

// The lost edit: "Remove from Session" was undoable but never reached the file, so the checkpoint came
// back on reopening. Removing one that the run refers to keeps the run whole.
TEST(StoreSession, RemovedCheckpointStaysRemovedAfterSaveAndReopen) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto path = dir / "s.cartograph";
  const auto run = fixture::makeRun({.documents = 4});
  ASSERT_TRUE(testsupport::write_run_session(path, *run, 2));
  QStringList before;
  {
    widgets::MainWindow window;
    ASSERT_TRUE(openAndWait(window, path));
    widgets::Session* s = window.session();
    before = checkpointNames(s);
    ASSERT_EQ(before.size(), 3);
    // Undo before saving brings it back, and a save then keeps it.
    s->removeCheckpoint(s->checkpoints()[2].id);
    EXPECT_EQ(checkpointNames(s).size(), 2);
    s->undoStack()->undo();
    EXPECT_EQ(checkpointNames(s), before);
    s->undoStack()->redo();
    s->undoStack()->undo();
    EXPECT_FALSE(s->isModified()) << "an undone removal leaves the session as it was";
    ASSERT_TRUE(saveAndWait(s));
  }
  {
    widgets::MainWindow window;
    ASSERT_TRUE(openAndWait(window, path));
    widgets::Session* s = window.session();
    EXPECT_EQ(checkpointNames(s), before) << "undone before saving: still there";
    // Remove the run's third map, and a checkpoint added here that no run uses.
    s->addCheckpoints({QString::fromStdString((dir / "unused.bin").string())});
    ASSERT_EQ(s->checkpoints().size(), 4u);
    ASSERT_TRUE(saveAndWait(s));
    ASSERT_GT(s->checkpoints()[3].id, 0) << "the saved checkpoint has the store's id";
    s->removeCheckpoint(s->checkpoints()[3].id);
    s->removeCheckpoint(s->checkpoints()[2].id);
    ASSERT_TRUE(saveAndWait(s));
    EXPECT_EQ(window.issues()->count(widgets::IssuesModel::Severity::Error), 0);
  }
  widgets::MainWindow again;
  ASSERT_TRUE(openAndWait(again, path)) << "the run still opens";
  widgets::Session* s = again.session();
  EXPECT_EQ(checkpointNames(s), before.mid(0, 2)) << "removed, and it stays removed";
  ASSERT_TRUE(s->currentRun());
  EXPECT_EQ(s->currentRun()->maps.size(), run->maps.size()) << "the run keeps every map it measured";
  EXPECT_EQ(s->mapName(2), before[2]) << "the run still names its removed map";
  EXPECT_EQ(again.issues()->count(widgets::IssuesModel::Severity::Error), 0);
}

TEST(StoreSession, UndoAfterSavingARemovalBringsTheCheckpointBackIntoTheFile) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto path = dir / "s.cartograph";
  ASSERT_TRUE(testsupport::write_run_session(path, *fixture::makeRun({.documents = 3}), 2));
  QStringList before;
  {
    widgets::MainWindow window;
    ASSERT_TRUE(openAndWait(window, path));
    widgets::Session* s = window.session();
    before = checkpointNames(s);
    s->removeCheckpoint(s->checkpoints()[1].id);
    ASSERT_TRUE(saveAndWait(s));
    s->undoStack()->undo();
    ASSERT_TRUE(saveAndWait(s));
  }
  widgets::MainWindow again;
  ASSERT_TRUE(openAndWait(again, path));
  EXPECT_EQ(checkpointNames(again.session()), before);
}

// A save is one transaction: when a step fails part way (here the last one, a note on a territory the
// file does not hold, after the renames, removals and additions were written), nothing is kept.
TEST(StoreSession, AFailedSaveLeavesTheFileExactlyAsItWas) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto path = dir / "s.cartograph";
  const auto run = fixture::makeRun({.documents = 4});
  ASSERT_TRUE(testsupport::write_run_session(path, *run, 2));
  widgets::MainWindow window;
  ASSERT_TRUE(openAndWait(window, path));
  widgets::Session* s = window.session();
  s->addPrompt(QStringLiteral("opener"), QStringLiteral("Once upon a time"));
  ASSERT_TRUE(saveAndWait(s));
  const std::string stored = dumpEdits(path);
  ASSERT_NE(stored.find("prompt"), std::string::npos) << stored;

  s->renameCheckpoint(s->checkpoints()[1].id, QStringLiteral("renamed"));
  s->removeCheckpoint(s->checkpoints()[2].id);
  s->removePrompt(s->prompts()[0].id);
  widgets::SliceDefinition d;
  d.kind = widgets::SliceDefinition::Kind::Regex;
  d.pattern = "happy";
  s->addSlice(QStringLiteral("happy"), d);
  // A run computed in memory over a territory the file does not hold; a note on it cannot be saved.
  auto elsewhere = std::make_shared<core::analysis::RunResult>(*run);
  elsewhere->territory.content_hash = "a territory this file does not hold";
  widgets::RunEntry entry;
  entry.name = QStringLiteral("in memory");
  entry.status = core::store::RunStatus::Complete;
  const qint64 id = s->addRun(entry, elsewhere);
  s->selection()->setRun(id);
  ASSERT_TRUE(guitest::waitForDigest(*s));
  ASSERT_NE(s->addAnnotation(1, 0, 2, QStringLiteral("a note")), 0);

  const int errors = window.issues()->count(widgets::IssuesModel::Severity::Error);
  s->save();
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.issues()->count(widgets::IssuesModel::Severity::Error) > errors; },
                              10000));
  EXPECT_TRUE(s->isModified()) << "nothing was saved";
  EXPECT_EQ(dumpEdits(path), stored) << "one transaction: the file is exactly as it was";
  s->undoStack()->setClean();
}

TEST(StoreSession, ARunWrittenByTheStoreOpensInEveryView) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto run = fixture::makeRun({.documents = 6});
  ASSERT_TRUE(testsupport::write_run_session(dir / "s.cartograph", *run, 2));
  widgets::MainWindow window;  // the default backend: the store
  ASSERT_TRUE(openAndWait(window, dir / "s.cartograph"));
  widgets::Session* session = window.session();
  ASSERT_EQ(session->runs().size(), 1u);
  EXPECT_EQ(session->runs()[0].status, core::store::RunStatus::Complete);
  ASSERT_GE(session->checkpoints().size(), 3u);
  EXPECT_EQ(session->checkpoints()[0].name, QStringLiteral("stories260K"));
  const auto loaded = session->currentRun();
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->documents.size(), run->documents.size());
  // The run holds no tracks: each document's are read from the file when needed (docs/ARCHITECTURE.md,
  // "Lazy tracks").
  EXPECT_TRUE(loaded->documents[3].maps.empty());
  auto doc3 = core::analysis::document_with_tracks(*loaded, 3);
  ASSERT_TRUE(doc3) << doc3.error().what();
  ASSERT_EQ((*doc3)->maps.size(), run->maps.size()) << "every map's track is read";
  // Metrics come back bit for bit; top-k probabilities as float16 (3 significant digits).
  EXPECT_EQ((*doc3)->maps[2].kl_bt, run->documents[3].maps[2].kl_bt);
  EXPECT_NEAR((*doc3)->maps[1].top_p[0], run->documents[3].maps[1].top_p[0], 1e-3);
  EXPECT_DOUBLE_EQ(session->digest()->summaries[1].nll_mean, run->summaries[1].nll_mean);
  // The token strip and the top-k panel read the stored tracks.
  session->selection()->setToken(3, 7);
  EXPECT_EQ(window.territory()->strip()->document(), 3) << "document 3 was read just above: shown at once";
  EXPECT_EQ(window.territory()->topK()->index(0, 0).data(widgets::TopKModel::TokenIdRole).toInt(),
            run->documents[3].maps[0].top_ids[7 * std::size_t(run->documents[3].maps[0].top_k)]);
  session->undoStack()->setClean();
}

TEST(StoreSession, EditsAreSavedAndComeBackInANewWindowWithoutDuplicates) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto path = dir / "s.cartograph";
  const auto run = fixture::makeRun({.documents = 4});
  ASSERT_TRUE(testsupport::write_run_session(path, *run, 2));
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

// File → Save a Copy… writes the file with the unsaved edits elsewhere and leaves the session where it
// was; File → Save As… does the same and carries on in the new file. The original file never changes.
TEST(StoreSession, SaveACopyAndSaveAsWriteTheEditsToANewFileAndLeaveTheOriginalAlone) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto path = dir / "s.cartograph", copy = dir / "copy.cartograph", moved = dir / "moved.cartograph";
  ASSERT_TRUE(testsupport::write_run_session(path, *fixture::makeRun({.documents = 4}), 2));
  const std::string original = dumpEdits(path);
  widgets::MainWindow window;
  ASSERT_TRUE(openAndWait(window, path));
  widgets::Session* s = window.session();
  s->renameCheckpoint(s->checkpoints()[1].id, QStringLiteral("renamed before the copy"));
  s->addPrompt(QStringLiteral("terse"), QStringLiteral("Answer in one word."));

  QSignalSpy copied(s, &widgets::Session::copySaved);
  s->saveCopy(QString::fromStdString(copy.string()));
  ASSERT_TRUE(copied.wait(10000));
  EXPECT_EQ(s->path().toStdString(), path.string()) << "a copy leaves the session on its file";
  EXPECT_TRUE(s->isModified()) << "the session's own file still lacks the edits";
  EXPECT_EQ(dumpEdits(path), original);
  const std::string copyDump = dumpEdits(copy);
  EXPECT_NE(copyDump.find("renamed before the copy"), std::string::npos) << copyDump;
  EXPECT_NE(copyDump.find(" terse Answer in one word."), std::string::npos) << copyDump;

  QSignalSpy saved(s, &widgets::Session::saved);
  s->saveAs(QString::fromStdString(moved.string()));
  ASSERT_TRUE(saved.wait(10000));
  EXPECT_EQ(s->path().toStdString(), moved.string());
  EXPECT_FALSE(s->isModified());
  EXPECT_TRUE(window.windowTitle().startsWith(QStringLiteral("moved.cartograph"))) << window.windowTitle().toStdString();
  // Saving goes on in the new file.
  s->renameCheckpoint(s->checkpoints()[2].id, QStringLiteral("renamed after save as"));
  ASSERT_TRUE(saveAndWait(s));
  EXPECT_EQ(dumpEdits(path), original) << "the file the session came from never changed";
  EXPECT_NE(dumpEdits(moved).find("renamed after save as"), std::string::npos);
  EXPECT_EQ(dumpEdits(copy), copyDump) << "the copy is its own file";
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(".part"), std::string::npos) << entry.path();
  EXPECT_EQ(window.issues()->count(widgets::IssuesModel::Severity::Error), 0);

  // The run came along: the new file opens on it in a fresh window.
  widgets::MainWindow again;
  ASSERT_TRUE(openAndWait(again, moved));
  ASSERT_TRUE(again.session()->currentRun());
  EXPECT_EQ(again.session()->currentRun()->documents.size(), 4u);
  EXPECT_EQ(checkpointNames(again.session())[1], QStringLiteral("renamed before the copy"));
}

// A copy that cannot be written is one message in the Issues dock; nothing is left behind and the
// session carries on where it was.
TEST(StoreSession, ACopyIntoAFolderThatDoesNotExistIsOneErrorAndLeavesNoFile) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto path = dir / "s.cartograph";
  ASSERT_TRUE(testsupport::write_run_session(path, *fixture::makeRun({.documents = 2}), 2));
  widgets::MainWindow window;
  ASSERT_TRUE(openAndWait(window, path));
  widgets::Session* s = window.session();
  s->renameCheckpoint(s->checkpoints()[1].id, QStringLiteral("unsaved"));
  const auto target = dir / "missing" / "copy.cartograph";
  s->saveAs(QString::fromStdString(target.string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.issues()->count(widgets::IssuesModel::Severity::Error) == 1; }, 10000));
  EXPECT_EQ(s->path().toStdString(), path.string());
  EXPECT_TRUE(s->isModified());
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_FALSE(std::filesystem::exists(dir / "missing"));
}

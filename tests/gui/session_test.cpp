// widgets::Session: opening through the backend on a worker, the undo stack of every user edit, saving,
// and the slice-restricted digest against naive sums.
#include <gtest/gtest.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

#include "tests/gui/gui_helpers.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/session/session.h"

using core::analysis::MapRole;

namespace {

struct Fixture {
  std::shared_ptr<const core::analysis::RunResult> run = fixture::makeRun();
  std::shared_ptr<fixture::MemoryBackend> backend = std::make_shared<fixture::MemoryBackend>(run);
  widgets::JobsModel jobs;
  widgets::Session session{&jobs, backend};
};

}  // namespace

TEST(Session, OpensOnAWorkerAndShowsTheNewestFinishedRun) {
  Fixture f;
  QSignalSpy opened(&f.session, &widgets::Session::opened);
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  EXPECT_EQ(opened.count(), 1);
  EXPECT_EQ(f.session.path(), f.backend->initial().path);
  ASSERT_EQ(f.session.checkpoints().size(), 3u);
  EXPECT_EQ(f.session.checkpoints()[0].name, QStringLiteral("stories260K"));
  EXPECT_EQ(f.session.selection()->run(), 1);
  EXPECT_EQ(f.session.currentRun(), f.run);
  // No slice: the digest carries the run's own summaries unchanged.
  ASSERT_EQ(f.session.digest()->summaries.size(), f.run->summaries.size());
  EXPECT_DOUBLE_EQ(f.session.digest()->summaries[1].nll_mean, f.run->summaries[1].nll_mean);
  EXPECT_FALSE(f.session.isModified());
}

TEST(Session, CheckpointEditsAreUndoableAndSaved) {
  Fixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  const qint64 sft = f.session.checkpoints()[1].id, rl = f.session.checkpoints()[2].id;
  QSignalSpy changed(&f.session, &widgets::Session::checkpointsChanged);
  f.session.renameCheckpoint(sft, QStringLiteral("SFT (dialog)"));
  f.session.setCheckpointRole(rl, MapRole::Base);
  f.session.moveCheckpoint(rl, 0);
  EXPECT_EQ(changed.count(), 3);
  EXPECT_TRUE(f.session.isModified());
  EXPECT_EQ(f.session.checkpoints()[0].id, rl);
  EXPECT_EQ(f.session.checkpoints()[0].role, MapRole::Base);
  EXPECT_EQ(f.session.checkpoints()[1].role, MapRole::Tuned) << "the old base became a tuned map";
  EXPECT_EQ(f.session.mapName(1), QStringLiteral("SFT (dialog)")) << "views show the renamed checkpoint";

  f.session.undoStack()->undo();  // move
  f.session.undoStack()->undo();  // role
  EXPECT_EQ(f.session.checkpoints()[2].id, rl);
  EXPECT_EQ(f.session.checkpoints()[0].role, MapRole::Base);
  EXPECT_EQ(f.session.checkpoints()[2].role, MapRole::Tuned);
  f.session.undoStack()->undo();  // rename
  EXPECT_EQ(f.session.checkpoints()[1].name, QStringLiteral("sft-dialog"));
  EXPECT_FALSE(f.session.isModified());
  f.session.undoStack()->redo();
  EXPECT_EQ(f.session.checkpoints()[1].name, QStringLiteral("SFT (dialog)"));

  f.session.save();
  ASSERT_TRUE(QTest::qWaitFor([&] { return f.backend->saves() == 1; }, 5000));
  ASSERT_TRUE(QTest::qWaitFor([&] { return !f.session.isModified(); }, 5000));
  EXPECT_EQ(f.backend->lastSaved().checkpoints[1].name, "SFT (dialog)");
  const QJsonObject view =
      QJsonDocument::fromJson(QByteArray::fromStdString(f.backend->lastSaved().view_state.at("gui"))).object();
  EXPECT_EQ(view.value(QStringLiteral("run")).toInt(), 1);
}

TEST(Session, AThresholdSliceRestrictsTheDigestAndUndoRemovesIt) {
  Fixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  widgets::SliceDefinition d;
  d.kind = widgets::SliceDefinition::Kind::Threshold;
  d.metric = widgets::Metric::KlBaseTuned;
  d.map = "rl-happy";
  d.comparison = widgets::SliceDefinition::Comparison::Above;
  d.value = 0.4;
  const qint64 id = f.session.addSlice(QStringLiteral("rl moved"), d);
  f.session.selection()->setSlice(id);
  ASSERT_TRUE(QTest::qWaitFor([&] { return f.session.digest() && f.session.digest()->positions; }, 10000));

  // Independent truth: the positions where rl's KL(base||rl) > 0.4, and sft's mean NLL over them.
  auto keep = [&](int doc, int pos) { return f.run->documents[std::size_t(doc)].maps[2].kl_bt[std::size_t(pos)] > 0.4f; };
  std::int64_t count = 0;
  const double nll = fixture::naiveMean(*f.run, [](const auto& doc, int p) { return -double(doc.maps[1].logp[std::size_t(p)]); },
                                        keep, &count);
  const double base = fixture::naiveMean(*f.run, [](const auto& doc, int p) { return -double(doc.maps[0].logp[std::size_t(p)]); }, keep);
  ASSERT_GT(count, 0);
  EXPECT_EQ(f.session.digest()->positions->count, count);
  EXPECT_EQ(f.session.digest()->summaries[1].tokens, count);
  EXPECT_NEAR(f.session.digest()->summaries[1].nll_mean, nll, 1e-6);
  EXPECT_NEAR(f.session.digest()->summaries[1].delta_nll, nll - base, 1e-6);

  f.session.undoStack()->undo();
  EXPECT_TRUE(f.session.slices().empty());
  EXPECT_EQ(f.session.selection()->slice(), 0) << "removing the shown slice shows every position again";
  ASSERT_TRUE(QTest::qWaitFor([&] { return f.session.digest() && !f.session.digest()->positions; }, 10000));
  EXPECT_DOUBLE_EQ(f.session.digest()->summaries[1].nll_mean, f.run->summaries[1].nll_mean);
}

TEST(Session, AnAnnotationPinsATokenSpanOfTheTerritory) {
  Fixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  const qint64 id = f.session.addAnnotation(2, 5, 8, QStringLiteral("collapse onto 'happy'"));
  ASSERT_NE(id, 0);
  ASSERT_EQ(f.session.annotations().size(), 1u);
  const widgets::AnnotationEntry& a = f.session.annotations()[0];
  EXPECT_EQ(a.territoryHash, QStringLiteral("fixture-territory-hash"));
  EXPECT_EQ(a.document, 2);
  EXPECT_EQ(a.begin, 6) << "scored position 5 is token 6 (token 0 is BOS)";
  EXPECT_EQ(a.end, 10);
  QString expected;
  for (int t = 6; t < 10; ++t)
    expected += QString::fromStdString(f.run->token_texts[std::size_t(f.run->documents[2].tokens[std::size_t(t)])]);
  EXPECT_EQ(a.excerpt, expected);
  EXPECT_EQ(f.session.annotationsOf(2).size(), 1u);
  EXPECT_TRUE(f.session.annotationsOf(3).empty());
  f.session.undoStack()->undo();
  EXPECT_TRUE(f.session.annotations().empty());
}

TEST(Session, DuplicateCheckpointsAreNotAddedTwice) {
  Fixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  QSignalSpy issues(&f.session, &widgets::Session::issue);
  f.session.addCheckpoints({QStringLiteral("/models/sft-dialog.bin"), QStringLiteral("/models/new-rl/")});
  ASSERT_EQ(f.session.checkpoints().size(), 4u);
  EXPECT_EQ(f.session.checkpoints()[3].name, QStringLiteral("new-rl"));
  EXPECT_EQ(f.session.checkpoints()[3].role, MapRole::Tuned);
  EXPECT_EQ(issues.count(), 1);
  f.session.undoStack()->undo();
  EXPECT_EQ(f.session.checkpoints().size(), 3u);
}

TEST(Session, DefaultCheckpointNamesTellModelBinFilesApart) {
  Fixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  f.session.addCheckpoints({QStringLiteral("/runs/sharp/model.bin"), QStringLiteral("/runs/flat/model.bin")});
  ASSERT_EQ(f.session.checkpoints().size(), 5u);
  EXPECT_EQ(f.session.checkpoints()[3].name, QStringLiteral("sharp"));
  EXPECT_EQ(f.session.checkpoints()[4].name, QStringLiteral("flat"));
  // Another sharp/model.bin: a name of its own, the first one keeps its name.
  f.session.addCheckpoints({QStringLiteral("/older/sharp/model.bin")});
  ASSERT_EQ(f.session.checkpoints().size(), 6u);
  EXPECT_EQ(f.session.checkpoints()[3].name, QStringLiteral("sharp"));
  EXPECT_TRUE(f.session.checkpoints()[5].name.startsWith(QStringLiteral("sharp ("))) << f.session.checkpoints()[5].name.toStdString();
  QStringList names;
  for (const auto& c : f.session.checkpoints()) names << c.name;
  EXPECT_EQ(names.removeDuplicates(), 0) << names.join(QStringLiteral(", ")).toStdString();
}

TEST(Session, AFileThatCannotBeOpenedIsReportedInTheIssuesDock) {
  widgets::MainWindow window;  // no session store in this build
  window.openSession(QStringLiteral("/nowhere/missing.cartograph"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.issues()->rowCount() > 0; }, 5000));
  const QString message = window.issues()->index(0, widgets::IssuesModel::MessageColumn).data().toString();
  EXPECT_TRUE(message.contains(QStringLiteral("/nowhere/missing.cartograph"))) << message.toStdString();
  EXPECT_EQ(window.issues()->count(widgets::IssuesModel::Severity::Error), 1);
  EXPECT_FALSE(window.session()->isOpen());
}

TEST(Selection, AnnouncesANewTokenOnlyOnceItIsWhollySet) {
  widgets::Selection sel;
  sel.setRun(1);
  int seenPosition = -2;
  QObject::connect(&sel, &widgets::Selection::documentChanged, &sel, [&](int) { seenPosition = sel.position(); });
  QSignalSpy tokens(&sel, &widgets::Selection::tokenChanged);
  sel.setToken(4, 17);
  EXPECT_EQ(seenPosition, 17) << "listeners to the document see the new token, not the old one";
  ASSERT_EQ(tokens.count(), 1);
  EXPECT_EQ(tokens[0][0].toInt(), 4);
  EXPECT_EQ(tokens[0][1].toInt(), 17);
  EXPECT_EQ(sel.span(), (widgets::Selection::Span{4, 17, 17}));
  sel.setSpan(4, 20, 18);
  EXPECT_EQ(sel.span(), (widgets::Selection::Span{4, 18, 20})) << "a span dragged backwards is ordered";
  sel.setRun(2);
  EXPECT_EQ(sel.document(), -1) << "a new run forgets positions that indexed the old one";
  EXPECT_EQ(sel.position(), -1);
  EXPECT_FALSE(sel.span().isValid());
}

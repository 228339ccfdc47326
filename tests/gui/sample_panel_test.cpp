// The Sampling view driven as a user would, on the tiny demo's real maps and session: settings typed
// into the form, the Sample button clicked, the columns read back. With the same seed the amplified
// column at α = 0 shows the base map's text and at α = 1 the tuned map's; tokens are coloured by how
// unlikely the base map finds them; the sets are stored in the session and reopen in a new window
// without sampling again; bad input is one message; the event loop never stalls.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMessageBox>
#include <QTimer>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <QTextBlock>
#include <QTextEdit>

#include "tests/support/latencyprobe.h"
#include "tests/support/test_support.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/studio/samplecolumns.h"
#include "widgets/studio/samplepanel.h"

namespace {

using nlohmann::json;

const std::string& tinySession() {
  static testsupport::TempDir dir;
  static std::string path;
  if (path.empty()) {
    const auto built = testsupport::run_cli({"--json", "-q", "demo", "--preset", "tiny", "--out", (dir / "demo").string()});
    EXPECT_EQ(built.exit_code, 0) << built.err;
    if (built.exit_code == 0) path = json::parse(built.out).at("session").get<std::string>();
  }
  return path;
}

// A copy of the tiny demo's session of its own, so each test starts with no stored sample sets.
std::string freshCopy(const testsupport::TempDir& dir) {
  const auto file = dir / "copy.cartograph";
  std::filesystem::copy_file(tinySession(), file);
  return file.string();
}

struct Studio {
  widgets::MainWindow window;
  widgets::SamplePanel* panel = nullptr;
  bool open(const std::string& path) {
    window.openSession(QString::fromStdString(path));
    if (!QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 60000)) return false;
    panel = window.findChild<widgets::SamplePanel*>();
    return panel != nullptr;
  }
  // Sets α by the slider, picks the amplified map by name, clicks Sample and waits for the columns.
  bool sampleAt(double alpha, const QString& amplified) {
    panel->amplifiedMapBox()->setCurrentIndex(panel->amplifiedMapBox()->findText(amplified));
    panel->amplificationSlider()->setValue(int(alpha * 20));
    QSignalSpy shown(panel, &widgets::SamplePanel::sampleSetShown);
    QTest::mouseClick(panel->sampleButton(), Qt::LeftButton);
    return QTest::qWaitFor([&] { return shown.count() == 1; }, 120000);
  }
};

void fillSettings(widgets::SamplePanel* p) {
  QTest::keyClicks(p->promptEdit(), QStringLiteral("The secret of life is"));
  p->zoomPromptBox()->setCurrentText(QStringLiteral("[zippy]\n"));
  p->temperatureBox()->setValue(1.2);
  p->topPBox()->setValue(0.95);
  p->seedBox()->setValue(7);
  p->maxTokensBox()->setValue(32);
}

}  // namespace

TEST(SamplePanel, AmplifiedColumnIsTheBaseTextAtZeroAndTheTunedTextAtOne) {
  QSettings().clear();
  ASSERT_FALSE(tinySession().empty());
  testsupport::TempDir copy;
  Studio s;
  ASSERT_TRUE(s.open(freshCopy(copy)));
  fillSettings(s.panel);
  ASSERT_TRUE(s.sampleAt(0.0, QStringLiteral("sft-zippy")));
  widgets::SampleColumnsView* cols = s.panel->columns();
  ASSERT_EQ(cols->columnCount(), 6);  // base, base + prompt, three tuned maps, the amplified map
  EXPECT_EQ(cols->columnTitle(0), QStringLiteral("base"));
  EXPECT_EQ(cols->columnTitle(1), QStringLiteral("base + prompt"));
  EXPECT_EQ(cols->columnTitle(2), QStringLiteral("sft-zippy"));
  EXPECT_EQ(cols->columnTitle(5), QStringLiteral("×0 sft-zippy"));
  EXPECT_FALSE(cols->columnText(0).isEmpty());
  EXPECT_NE(cols->columnText(0), cols->columnText(2)) << "base and tuned texts must differ for the test to mean anything";
  EXPECT_EQ(cols->columnText(5), cols->columnText(0));
  EXPECT_EQ(cols->sampleSet()->columns[5].ids, cols->sampleSet()->columns[0].ids);
  // The GUI thread's own share: laying out and colouring the six columns.
  QElapsedTimer layout;
  layout.start();
  cols->setSampleSet(cols->sampleSet());
  std::cout << "[ measured ] showing the six columns on the GUI thread: " << layout.elapsed() << " ms\n";
  EXPECT_LT(layout.elapsed(), 100);

  ASSERT_TRUE(s.sampleAt(1.0, QStringLiteral("sft-zippy")));
  EXPECT_EQ(cols->columnTitle(5), QStringLiteral("×1 sft-zippy"));
  EXPECT_EQ(cols->columnText(5), cols->columnText(2));
  EXPECT_EQ(cols->sampleSet()->columns[5].ids, cols->sampleSet()->columns[2].ids);
  // The tuned column's settings are the ones typed in: the same seed gives the same base text again.
  EXPECT_EQ(cols->sampleSet()->settings.seed, 7u);
  EXPECT_EQ(cols->sampleSet()->settings.prompt, "The secret of life is");
}

TEST(SamplePanel, TheEventLoopNeverStallsOver100MsWhileTheMapsSample) {
  QSettings().clear();
  ASSERT_FALSE(tinySession().empty());
  testsupport::TempDir copy;
  Studio s;
  ASSERT_TRUE(s.open(freshCopy(copy)));
  fillSettings(s.panel);
  // The opened session's own layout (the charts of the other views sizing their axes, ~85 ms here) is
  // still queued when the digest arrives; it belongs to opening, not to sampling, so it runs first.
  QCoreApplication::sendPostedEvents();
  QCoreApplication::processEvents();
  testsupport::LatencyProbe probe(5);
  probe.start();
  ASSERT_TRUE(s.sampleAt(2.0, QStringLiteral("sft-zippy")));
  probe.stop();
  std::cout << "[ measured ] longest event-loop gap while six columns sampled: " << probe.maxGapMs() << " ms ("
            << probe.maxWallGapMs() << " ms of wall time, with the wait for a core)\n";
  EXPECT_LT(probe.maxGapMs(), 100.0) << "the event loop stalled while the maps sampled";
}

TEST(SamplePanel, TokensTheBaseMapFindsUnlikelyAreRedder) {
  QSettings().clear();
  ASSERT_FALSE(tinySession().empty());
  testsupport::TempDir copy;
  Studio s;
  ASSERT_TRUE(s.open(freshCopy(copy)));
  fillSettings(s.panel);
  ASSERT_TRUE(s.sampleAt(3.0, QStringLiteral("rl-weak-kl")));
  widgets::SampleColumnsView* cols = s.panel->columns();
  const auto& amp = cols->sampleSet()->columns.back();
  ASSERT_GE(amp.ids.size(), 4u);
  // The most and the least likely token under the base map, as the text edit paints them.
  std::size_t lo = 0, hi = 0;
  for (std::size_t i = 0; i < amp.ids.size(); ++i) {
    if (amp.logp[0][i] < amp.logp[0][lo]) lo = i;
    if (amp.logp[0][i] > amp.logp[0][hi]) hi = i;
  }
  ASSERT_LT(amp.logp[0][lo], amp.logp[0][hi] - 1.0f);
  const auto painted = [&](std::size_t token) {
    QTextCursor c(cols->columnEdit(5)->document());
    int at = int(QString::fromStdString(cols->sampleSet()->settings.prompt).size());
    for (std::size_t i = 0; i < token; ++i) at += int(QString::fromStdString(amp.pieces[i]).size());
    c.setPosition(at + 1);  // inside the token: the format of the character before the cursor
    return c.charFormat().background().color();
  };
  const QColor unlikely = painted(lo), likely = painted(hi);
  // White to red: the less likely token has less green and blue (the red channel stays high).
  EXPECT_LT(unlikely.green(), likely.green()) << amp.logp[0][lo] << " vs " << amp.logp[0][hi];
  EXPECT_GT(s.panel->columns()->columnEdit(5)->toPlainText().size(), 10);
}

TEST(SamplePanel, StoredSetsReopenInANewWindowWithoutSamplingAgain) {
  QSettings().clear();
  ASSERT_FALSE(tinySession().empty());
  testsupport::TempDir copy;
  const std::filesystem::path file = freshCopy(copy);
  std::vector<std::string> texts;
  QString amplified;
  {
    Studio s;
    ASSERT_TRUE(s.open(file.string()));
    fillSettings(s.panel);
    // The last tuned map amplified, so that reopening must find it by name (the first is the default).
    amplified = s.panel->amplifiedMapBox()->itemText(s.panel->amplifiedMapBox()->count() - 2);
    ASSERT_NE(amplified, s.panel->amplifiedMapBox()->itemText(0));
    ASSERT_TRUE(s.sampleAt(2.0, amplified));
    for (int c = 0; c < s.panel->columns()->columnCount(); ++c) texts.push_back(s.panel->columns()->columnText(c).toStdString());
    ASSERT_TRUE(QTest::qWaitFor([&] { return s.panel->storedSetsBox()->count() == 1; }, 10000));
    s.window.jobs()->waitForAll();
  }
  Studio again;
  ASSERT_TRUE(again.open(file.string()));
  QComboBox* stored = again.panel->storedSetsBox();
  ASSERT_TRUE(QTest::qWaitFor([&] { return stored->count() == 1; }, 10000));
  QSignalSpy shown(again.panel, &widgets::SamplePanel::sampleSetShown);
  stored->setCurrentIndex(0);
  Q_EMIT stored->activated(0);
  ASSERT_TRUE(QTest::qWaitFor([&] { return shown.count() == 1; }, 10000));
  ASSERT_EQ(again.panel->columns()->columnCount(), int(texts.size()));
  for (int c = 0; c < int(texts.size()); ++c) EXPECT_EQ(again.panel->columns()->columnText(c).toStdString(), texts[std::size_t(c)]);
  EXPECT_EQ(again.panel->promptEdit()->toPlainText(), QStringLiteral("The secret of life is"));
  EXPECT_DOUBLE_EQ(again.panel->amplification(), 2.0);
  EXPECT_EQ(again.panel->amplifiedMapBox()->currentText(), amplified) << "Sample again must amplify the same map";
  // Nothing was sampled in the new window: its jobs are the session's and the reads, none sampling.
  widgets::JobsModel* jobs = again.window.jobs();
  for (int r = 0; r < jobs->rowCount(); ++r)
    EXPECT_FALSE(jobs->index(r, 0).data().toString().startsWith(QStringLiteral("Sampling"))) << r;
}

TEST(SamplePanel, APromptThatLeavesNoRoomIsOneMessageAndNothingIsStored) {
  QSettings().clear();
  ASSERT_FALSE(tinySession().empty());
  testsupport::TempDir copy;
  const std::filesystem::path file = freshCopy(copy);
  Studio s;
  ASSERT_TRUE(s.open(file.string()));
  s.panel->promptEdit()->setPlainText(QString(3000, QLatin1Char('x')));
  QSignalSpy failed(s.panel, &widgets::SamplePanel::sampleFailed);
  QTest::mouseClick(s.panel->sampleButton(), Qt::LeftButton);
  ASSERT_TRUE(QTest::qWaitFor([&] { return failed.count() == 1; }, 60000));
  EXPECT_TRUE(s.panel->messageLabel()->text().contains(QStringLiteral("leaves no room"))) << s.panel->messageLabel()->text().toStdString();
  EXPECT_TRUE(s.panel->messageLabel()->text().contains(QStringLiteral("the prompt \"xxx")));
  EXPECT_EQ(s.panel->columns()->columnCount(), 0);
  s.panel->refreshStoredSets();
  QTest::qWait(300);
  s.window.jobs()->waitForAll();
  QTest::qWait(50);
  EXPECT_EQ(s.panel->storedSetsBox()->count(), 0);
  EXPECT_TRUE(s.panel->sampleButton()->isEnabled());
}

// Delete Set… asks first; Cancel keeps the set, Yes removes it from the file (a new window lists none)
// and clears the columns that showed it.
TEST(SamplePanel, DeletingAStoredSetAsksFirstAndRemovesItFromTheFile) {
  QSettings().clear();
  ASSERT_FALSE(tinySession().empty());
  testsupport::TempDir copy;
  const std::filesystem::path file = freshCopy(copy);
  {
    Studio s;
    ASSERT_TRUE(s.open(file.string()));
    fillSettings(s.panel);
    s.panel->maxTokensBox()->setValue(8);
    ASSERT_TRUE(s.sampleAt(2.0, QStringLiteral("sft-zippy")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return s.panel->storedSetsBox()->count() == 1; }, 10000));
    ASSERT_TRUE(s.panel->deleteSetButton()->isEnabled());
    // Answers the question box the button opens with `button`, as a user would click it.
    const auto answerWith = [&](QMessageBox::StandardButton button) {
      QTimer::singleShot(200, [button] {
        for (QWidget* w : QApplication::topLevelWidgets())
          if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) box->button(button)->click();
      });
      QTest::mouseClick(s.panel->deleteSetButton(), Qt::LeftButton);
    };
    answerWith(QMessageBox::Cancel);
    s.window.jobs()->waitForAll();
    QTest::qWait(100);
    EXPECT_EQ(s.panel->storedSetsBox()->count(), 1);
    EXPECT_EQ(s.panel->columns()->columnCount(), 6);
    QSignalSpy deleted(s.panel, &widgets::SamplePanel::storedSetDeleted);
    answerWith(QMessageBox::Yes);
    ASSERT_TRUE(QTest::qWaitFor([&] { return deleted.count() == 1; }, 10000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return s.panel->storedSetsBox()->count() == 0; }, 10000));
    EXPECT_EQ(s.panel->columns()->columnCount(), 0);
    EXPECT_FALSE(s.panel->deleteSetButton()->isEnabled());
    s.window.jobs()->waitForAll();
  }
  Studio again;
  ASSERT_TRUE(again.open(file.string()));
  again.window.jobs()->waitForAll();
  QSignalSpy listed(again.panel, &widgets::SamplePanel::storedSetsRefreshed);
  again.panel->refreshStoredSets();
  ASSERT_TRUE(QTest::qWaitFor([&] { return listed.count() >= 1; }, 10000));
  EXPECT_EQ(again.panel->storedSetsBox()->count(), 0);
}

// What reading a territory skipped (a broken JSONL line, replaced bytes) is shown in the Issues dock
// whenever the session is opened, not only once after the run: it is stored with the territory.
#include <gtest/gtest.h>

#include <QSettings>
#include <QTest>

#include "core/store/catalog.h"
#include "core/store/convert.h"
#include "core/store/session_file.h"
#include "core/territory/territory.h"
#include "tests/support/test_support.h"
#include "widgets/session/session.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/mainwindow.h"

namespace {

// The messages of every warning row in the Issues dock.
QStringList warningMessages(widgets::IssuesModel* issues) {
  QStringList out;
  for (int row = 0; row < issues->rowCount(); ++row) {
    const QString severity = issues->index(row, widgets::IssuesModel::SeverityColumn).data().toString();
    if (severity.contains(QStringLiteral("arning")))
      out << issues->index(row, widgets::IssuesModel::MessageColumn).data().toString();
  }
  return out;
}

}  // namespace

TEST(TerritoryWarnings, ASkippedLineIsInTheIssuesDockOnEveryOpeningOfTheSession) {
  QSettings().clear();
  testsupport::TempDir dir;
  const std::string good = "{\"text\": \"a usable document\"}\n";
  testsupport::write_file(dir / "corpus.jsonl", good + "{broken json\n{\"text\": \"caf\xe9\"}\n");
  auto territory = core::territory::read_territory(dir / "corpus.jsonl");
  ASSERT_TRUE(territory) << territory.error().what();
  {
    auto session = core::store::SessionFile::create(dir / "s.cartograph");
    ASSERT_TRUE(session) << session.error().what();
    ASSERT_TRUE(core::store::Catalog(*session).add_territory(core::store::territory_record(*territory)));
  }
  const QString skipped = QString::fromStdString((dir / "corpus.jsonl").string() + ", line 2, byte " +
                                                 std::to_string(good.size()) + ": line 2 is not a JSON object; skipped");
  const QString replaced = QString::fromStdString((dir / "corpus.jsonl").string() + ", line 3, byte " +
                                                  std::to_string(good.size() + 13 + 13) +
                                                  ": invalid UTF-8 replaced with U+FFFD");
  for (int opening = 1; opening <= 2; ++opening) {
    widgets::MainWindow window;
    window.openSession(QString::fromStdString((dir / "s.cartograph").string()));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->isOpen(); }, 15000)) << "opening " << opening;
    const QStringList messages = warningMessages(window.issues());
    bool sawSkip = false, sawReplace = false;
    for (const QString& m : messages) {
      sawSkip = sawSkip || m.endsWith(skipped);
      sawReplace = sawReplace || m.endsWith(replaced);
    }
    EXPECT_TRUE(sawSkip) << "opening " << opening << ": " << messages.join(QStringLiteral(" | ")).toStdString();
    EXPECT_TRUE(sawReplace) << "opening " << opening << ": " << messages.join(QStringLiteral(" | ")).toStdString();
  }
}

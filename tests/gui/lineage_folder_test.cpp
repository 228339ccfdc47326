// File > Add Lineage Folder…: a folder of revisions joins the session as checkpoints in step order,
// in one undo step; a folder that cannot be ordered is reported in the Issues dock and changes nothing.
#include <gtest/gtest.h>

#include <QSignalSpy>

#include "tests/gui/gui_helpers.h"
#include "tests/gui/run_fixture.h"
#include "tests/support/test_support.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"

namespace {

struct LineageFixture {
  std::shared_ptr<fixture::MemoryBackend> backend = std::make_shared<fixture::MemoryBackend>(fixture::makeRun());
  widgets::JobsModel jobs;
  widgets::Session session{&jobs, backend};
};

void revision(const std::filesystem::path& p) {
  std::filesystem::create_directories(p);
  testsupport::write_file(p / "config.json", "{}");
}

}  // namespace

TEST(LineageFolder, RevisionsJoinInStepOrderInOneUndoStep) {
  LineageFixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  const std::size_t before = f.session.checkpoints().size();
  testsupport::TempDir dir;
  for (const char* n : {"step143000", "step2000", "step10000", "step1000"}) revision(dir / n);
  f.session.addLineage(QString::fromStdString(dir.path().string()));
  const auto& c = f.session.checkpoints();
  ASSERT_EQ(c.size(), before + 4);
  EXPECT_EQ(c[before + 0].name, QStringLiteral("step1000"));
  EXPECT_EQ(c[before + 1].name, QStringLiteral("step2000"));
  EXPECT_EQ(c[before + 2].name, QStringLiteral("step10000"));
  EXPECT_EQ(c[before + 3].name, QStringLiteral("step143000"));
  f.session.undoStack()->undo();
  EXPECT_EQ(f.session.checkpoints().size(), before);
}

TEST(LineageFolder, AnUnorderableFolderIsReportedAndAddsNothing) {
  LineageFixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  const std::size_t before = f.session.checkpoints().size();
  testsupport::TempDir dir;
  revision(dir / "step1000");
  revision(dir / "final");
  QSignalSpy issues(&f.session, &widgets::Session::issue);
  f.session.addLineage(QString::fromStdString(dir.path().string()));
  EXPECT_EQ(f.session.checkpoints().size(), before);
  ASSERT_EQ(issues.count(), 1);
  EXPECT_TRUE(issues[0][2].toString().contains(QStringLiteral("revision \"final\" has no step number"))) << issues[0][2].toString().toStdString();
}

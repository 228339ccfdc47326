// Two writers on one session: the workbench has the file open while `cartograph-cli compare
// --session` records a run into it. Both succeed (WAL, busy timeouts, short transactions), the
// workbench shows the new run without reopening (SessionWatch), and the file stays consistent.
#include <gtest/gtest.h>

#include <QSettings>
#include <QTest>
#include <sys/wait.h>

#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"
#include "tests/support/tokenizer_fixtures.h"
#include "tests/unit/model_fixtures.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/shell/mainwindow.h"

namespace {

// Two small llama2.c maps (random weights, one shared tokenizer) and a territory, written here.
void writeMaps(const testsupport::TempDir& dir) {
  const std::vector<std::pair<std::string, float>> pieces = {{" ", -1}, {"a", -1}, {"b", -1}, {"ab", 2}, {" ab", 1}};
  fixtures::LlamaSpec spec;
  spec.vocab = 259 + int(pieces.size());
  for (const auto& [name, seed] : {std::pair<std::string, unsigned>{"base", 1}, {"tuned", 2}}) {
    std::filesystem::create_directories(dir / name);
    fixtures::write_llama2c(dir / name / "model.bin", spec, fixtures::random_llama(spec, seed));
    testsupport::write_file(dir / name / "tokenizer.bin", testsupport::make_llama2c_bin(pieces));
  }
  std::string corpus, half;
  for (int d = 0; d < 40; ++d) {
    corpus += "{\"text\": \"ab a b ab " + std::string(std::size_t(5 + d % 9), 'a') + " b ab\"}\n";
    if (d == 19) half = corpus;
  }
  testsupport::write_file(dir / "first.jsonl", half);
  testsupport::write_file(dir / "second.jsonl", corpus);
}

std::vector<std::string> compareArgs(const testsupport::TempDir& dir, const std::string& corpus) {
  return {"-q", "--threads", "1", "compare", "--base", (dir / "base" / "model.bin").string(), "--tuned",
          (dir / "tuned" / "model.bin").string(), "--corpus", (dir / corpus).string(), "--context", "16",
          "--session", (dir / "s.cartograph").string()};
}

}  // namespace

TEST(TwoWriters, TheWorkbenchShowsARunTheCliAddsWhileItHasTheSessionOpenAndBothSucceed) {
  QSettings().clear();
  testsupport::TempDir dir;
  writeMaps(dir);
  const auto first = testsupport::run_cli(compareArgs(dir, "first.jsonl"));
  ASSERT_EQ(first.exit_code, 0) << first.err;

  widgets::MainWindow window;
  widgets::Session* session = window.session();
  session->open(QString::fromStdString((dir / "s.cartograph").string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return session->isOpen() && session->runs().size() == 1; }, 15000));
  const qint64 firstId = session->runs()[0].id;

  // The CLI writes a second run while the workbench keeps the file open...
  const int pid = testsupport::spawn_cli(compareArgs(dir, "second.jsonl"), dir / "cli.out", dir / "cli.err");
  ASSERT_GT(pid, 0);
  // ...and the workbench, meanwhile, saves an edit of its own into the same file.
  session->renameCheckpoint(session->checkpoints()[0].id, QStringLiteral("renamed base"));
  session->save();
  int status = 0;
  ASSERT_TRUE(QTest::qWaitFor([&] { return waitpid(pid, &status, WNOHANG) == pid; }, 120000)) << "the CLI hangs";
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << testsupport::read_file(dir / "cli.err");
  ASSERT_TRUE(QTest::qWaitFor([&] { return !session->isModified(); }, 30000)) << "the workbench's save did not go through";

  // The new run appears without reopening, complete.
  ASSERT_TRUE(QTest::qWaitFor([&] {
    return session->runs().size() == 2 && session->runs()[1].status == core::store::RunStatus::Complete;
  }, 15000)) << "runs shown: " << session->runs().size();
  EXPECT_EQ(session->runs()[0].id, firstId);
  EXPECT_NE(session->runs()[1].id, firstId);

  auto file = core::store::SessionFile::open(dir / "s.cartograph", core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(file) << file.error().what();
  ASSERT_TRUE(file->verify()) << "PRAGMA integrity_check";
  auto runs = core::store::RunReader(*file).list_runs();
  ASSERT_TRUE(runs && runs->size() == 2u);
  EXPECT_EQ((*runs)[1].status, core::store::RunStatus::Complete);
  EXPECT_EQ((*runs)[1].documents_done, 40);
  EXPECT_EQ((*runs)[0].documents_done, 20) << "the first run is intact";
  window.jobs()->waitForAll(10000);
}

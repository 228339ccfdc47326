// Token shift in the Studio on the tiny demo's real maps: run from the Token Shift view on a worker,
// its fractions (and every generated token and rank) equal `cartograph-cli shift`'s for each tuned
// map, it is recorded in the session tied to the prompts' versions, and it reopens unchanged. The
// prompt preview of the same session counts the base map's own tokenizer's tokens.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QPushButton>
#include <QLabel>
#include <QTest>

#include "core/analysis/prompt_template.h"
#include "core/store/prompt_versions.h"
#include "core/store/session_file.h"
#include "core/tokenize/tokenizer.h"
#include "tests/support/test_support.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/session/session.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/studio/prompteditor.h"
#include "widgets/studio/shiftmodel.h"
#include "widgets/studio/shiftview.h"

using nlohmann::json;

namespace {

// One prompt per line, a newline written as the two characters \n (docs: "Token shift"); each prompt
// as the Studio decodes it (its {{ }} escapes resolved).
std::string promptFile(const std::vector<widgets::ShiftRequest::Prompt>& prompts) {
  std::string out;
  for (const auto& p : prompts) {
    auto parts = core::analysis::parse_prompt_template(p.name.toStdString(), p.text.toStdString());
    auto filled = core::analysis::expand_prompt(p.name.toStdString(), *parts, {});
    EXPECT_TRUE(filled) << p.name.toStdString();
    std::string line = *filled;
    EXPECT_EQ(line.find("\\n"), std::string::npos) << "a prompt the file format cannot hold";
    for (std::size_t i = 0; (i = line.find('\n', i)) != std::string::npos;) line.replace(i, 1, "\\n");
    out += line + "\n";
  }
  return out;
}

}  // namespace

TEST(StudioShift, FractionsInTheGuiEqualTheClisOnTheDemoMapsAndReopenFromTheSession) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto built = testsupport::run_cli({"--json", "-q", "demo", "--preset", "tiny", "--out", (dir / "demo").string()});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const json demo = json::parse(built.out);
  const std::string path = demo.at("session");
  constexpr int kTokens = 16;

  std::vector<widgets::ShiftRequest::Prompt> prompts;
  std::vector<double> fractions;  // per tuned map: unshifted, marginal, shifted as the GUI shows them
  {
    widgets::MainWindow window;
    window.openSession(QString::fromStdString(path));
    widgets::Session* s = window.session();
    ASSERT_TRUE(QTest::qWaitFor([&] { return s->isOpen() && !s->prompts().empty(); }, 30000));
    auto* view = window.findChild<widgets::ShiftView*>();
    ASSERT_NE(view, nullptr) << "the Studio has the token shift view";
    view->tokensBox()->setValue(kTokens);
    const widgets::ShiftRequest request = view->request();
    ASSERT_EQ(request.tuned.size(), demo.at("checkpoints").size() - 1);
    ASSERT_EQ(request.prompts.size(), s->prompts().size()) << "every library prompt is ticked at first";
    prompts = request.prompts;
    QSignalSpy finished(view, &widgets::ShiftView::finished);
    QTest::mouseClick(view->runButton(), Qt::LeftButton);
    EXPECT_FALSE(view->runButton()->isEnabled()) << "one token shift at a time";
    ASSERT_TRUE(finished.wait(300000));
    ASSERT_TRUE(finished.front().front().toBool()) << view->statusLabel()->text().toStdString();
    ASSERT_EQ(s->shifts().size(), 1u);
    ASSERT_EQ(view->model()->rowCount(), int(request.tuned.size()));
    for (int r = 0; r < view->model()->rowCount(); ++r)
      for (int c : {widgets::ShiftModel::UnshiftedColumn, widgets::ShiftModel::MarginalColumn,
                    widgets::ShiftModel::ShiftedColumn})
        fractions.push_back(view->model()->index(r, c).data(widgets::ShiftModel::FractionRole).toDouble());

    // The prompt preview of the same session: the base map's tokenizer, loaded on a worker once the
    // editor is seen.
    auto* editor = window.findChild<widgets::PromptEditor*>();
    window.views()->setCurrentIndex(widgets::MainWindow::StudioTab);
    window.studio()->setCurrentIndex(0);
    window.show();
    editor->setCurrentPrompt(s->prompts().front().id);
    ASSERT_TRUE(QTest::qWaitFor([&] { return editor->fit() != nullptr && s->jobs()->runningCount() == 0; }, 60000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return editor->fit()->context == 64; }, 5000)) << "the tiny demo's window";
    const auto tokenizer = core::tokenize::load_tokenizer(demo.at("checkpoints")[0].at("path").get<std::string>());
    ASSERT_TRUE(tokenizer) << tokenizer.error().what();
    const std::string text = s->prompts().front().text.toStdString();
    const auto ids = (*tokenizer)->encode(text, false);
    const std::int64_t expected = std::int64_t(ids.size()) + ((*tokenizer)->adds_bos() ? 1 : 0);
    EXPECT_EQ(editor->fit()->tokens(), expected);
    s->undoStack()->setClean();
  }

  const auto file = dir / "prompts.txt";
  testsupport::write_file(file, promptFile(prompts));
  const json& maps = demo.at("checkpoints");
  widgets::MainWindow again;
  again.openSession(QString::fromStdString(path));
  ASSERT_TRUE(QTest::qWaitFor([&] { return again.session()->shifts().size() == 1; }, 30000))
      << "the recorded shift reopens with the session";
  const core::store::ShiftRecord& record = again.session()->shifts().front();
  ASSERT_EQ(record.maps.size(), maps.size() - 1);
  auto session = core::store::SessionFile::open(path, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(session);
  for (std::size_t m = 1; m < maps.size(); ++m) {
    const std::string tuned = maps[m].at("path");
    SCOPED_TRACE(tuned);
    const auto cli = testsupport::run_cli({"--json", "-q", "shift", "--base", maps[0].at("path"), "--tuned", tuned,
                                           "--prompts", file.string(), "--max-new-tokens", std::to_string(kTokens)});
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    const json out = json::parse(cli.out);
    const core::store::ShiftMapRecord& gui = record.maps[m - 1];
    EXPECT_EQ(gui.path, tuned);
    EXPECT_EQ(gui.positions, out.at("positions").get<std::int64_t>());
    EXPECT_DOUBLE_EQ(fractions[3 * (m - 1)], out.at("unshifted").get<double>());
    EXPECT_DOUBLE_EQ(fractions[3 * (m - 1) + 1], out.at("marginal").get<double>());
    EXPECT_DOUBLE_EQ(fractions[3 * (m - 1) + 2], out.at("shifted").get<double>());
    EXPECT_DOUBLE_EQ(gui.fraction(gui.shifted), out.at("shifted").get<double>()) << "reopened unchanged";
    ASSERT_EQ(gui.prompts.size(), out.at("prompts").size());
    for (std::size_t p = 0; p < gui.prompts.size(); ++p) {
      EXPECT_EQ(gui.prompts[p].generated, out.at("prompts")[p].at("ids").get<std::vector<std::int32_t>>());
      EXPECT_EQ(gui.prompts[p].base_rank, out.at("prompts")[p].at("base_rank").get<std::vector<std::int32_t>>());
      // Each prompt refers to the saved version it was decoded from.
      ASSERT_GT(gui.prompts[p].prompt_version_id, 0);
      auto version = core::store::prompt_version(*session, gui.prompts[p].prompt_version_id);
      ASSERT_TRUE(version) << version.error().what();
      EXPECT_EQ(version->text, gui.prompts[p].prompt_text);
      EXPECT_EQ(QString::fromStdString(version->text), prompts[p].text);
    }
  }
  EXPECT_GT(record.maps[0].positions, 0);
}

TEST(StudioShift, ARequestWithoutPromptsOrWithATemplateIsRefusedByName) {
  widgets::ShiftRequest r;
  r.base = {QStringLiteral("base"), QStringLiteral("/maps/base")};
  EXPECT_FALSE(widgets::shiftRequestProblem(r).isEmpty());
  r.tuned.push_back({QStringLiteral("sft"), QStringLiteral("/maps/sft")});
  EXPECT_EQ(widgets::shiftRequestProblem(r), QStringLiteral("Choose at least one prompt."));
  r.prompts.push_back({1, QStringLiteral("header"), QStringLiteral("[{category}]\n")});
  const QString problem = widgets::shiftRequestProblem(r);
  EXPECT_NE(problem.indexOf(QStringLiteral("“header”")), -1) << problem.toStdString();
  EXPECT_NE(problem.indexOf(QStringLiteral("template")), -1) << problem.toStdString();
  r.prompts.front().text = QStringLiteral("[zippy]\n");
  EXPECT_TRUE(widgets::shiftRequestProblem(r).isEmpty());
  // The worker refuses it too, before loading any map (these paths do not exist).
  core::Job job;
  r.prompts.front().text = QStringLiteral("[{category}]");
  auto refused = widgets::computeShift(r, job);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::InvalidInput);
  EXPECT_NE(refused.error().message.find("\u201cheader\u201d"), std::string::npos) << refused.error().message;
}

// Cancel stops a token shift as the user clicks it: the view says so, nothing is recorded in the
// session, and a second Run (not cancelled) records one shift.
TEST(StudioShift, CancelStopsTheRunAndRecordsNothing) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto built = testsupport::run_cli({"--json", "-q", "demo", "--preset", "tiny", "--out", (dir / "demo").string()});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const std::string path = json::parse(built.out).at("session");
  widgets::MainWindow window;
  window.openSession(QString::fromStdString(path));
  widgets::Session* s = window.session();
  ASSERT_TRUE(QTest::qWaitFor([&] { return s->isOpen() && !s->prompts().empty(); }, 30000));
  auto* view = window.findChild<widgets::ShiftView*>();
  ASSERT_NE(view, nullptr);
  view->tokensBox()->setValue(48);
  QSignalSpy finished(view, &widgets::ShiftView::finished);
  QTest::mouseClick(view->runButton(), Qt::LeftButton);
  ASSERT_TRUE(view->cancelButton()->isEnabled());
  QTest::mouseClick(view->cancelButton(), Qt::LeftButton);  // before the first prompt is decoded
  ASSERT_TRUE(finished.wait(300000));
  EXPECT_FALSE(finished.front().front().toBool());
  EXPECT_EQ(view->statusLabel()->text(), QStringLiteral("Cancelled."));
  EXPECT_TRUE(s->shifts().empty()) << "a cancelled token shift records nothing";
  EXPECT_TRUE(view->runButton()->isEnabled());
  EXPECT_FALSE(view->cancelButton()->isEnabled());
  finished.clear();
  view->tokensBox()->setValue(8);
  QTest::mouseClick(view->runButton(), Qt::LeftButton);
  ASSERT_TRUE(finished.wait(300000));
  EXPECT_TRUE(finished.front().front().toBool()) << view->statusLabel()->text().toStdString();
  EXPECT_EQ(s->shifts().size(), 1u);
  s->undoStack()->setClean();
}

// The workbench's headless subcommands, run as a user runs them on a server: the real `cartograph`
// binary with no DISPLAY, no WAYLAND_DISPLAY and no QT_QPA_PLATFORM (CTest also runs this file under
// `env -u DISPLAY`, see tests/gui/CMakeLists.txt). Exit codes 0/1/2 like cartograph-cli. And the
// per-token export of cartograph-cli against the stored tracks.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <filesystem>
#include <sstream>

#include "core/store/run_reader.h"
#include "tests/gui/export_fixture.h"
#include "tests/support/test_support.h"

namespace {

struct Result {
  int code = -1;
  QString out, err;
};

Result cartograph(const QStringList& args, const QString& shellPrefix = {}) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(QString::fromLatin1(v));
  p.setProcessEnvironment(env);
  if (shellPrefix.isEmpty())
    p.start(QStringLiteral(CARTOGRAPH_GUI_BINARY), args);
  else  // e.g. a file-size limit: `shellPrefix; exec cartograph ARGS`
    p.start(QStringLiteral("bash"), QStringList{QStringLiteral("-c"), shellPrefix + QStringLiteral("; exec \"$0\" \"$@\""),
                                                QStringLiteral(CARTOGRAPH_GUI_BINARY)} + args);
  EXPECT_TRUE(p.waitForFinished(120000));
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace

TEST(HeadlessExport, ExportFigureAndReportRunWithNoDisplay) {
  const auto& s = exportfixture::session();
  testsupport::TempDir dir;
  const QString pdf = QString::fromStdString((dir / "reliability.pdf").string());
  const QString run = QString::number(s.run);

  const Result list = cartograph({QStringLiteral("export-figure"), QStringLiteral("--list")});
  ASSERT_EQ(list.code, 0) << list.err.toStdString();
  for (const char* name : {"reliability", "delta-nll", "kl", "entropy", "quadrants", "lineage", "strip", "map", "topk",
                           "zoom-ranking", "zoom-token", "samples"})
    EXPECT_TRUE(list.out.contains(QString::fromLatin1(name) + QLatin1Char('\t'))) << name;

  const QStringList args{QStringLiteral("export-figure"), QStringLiteral("--session"), s.path, QStringLiteral("--run"), run,
                         QStringLiteral("--figure"), QStringLiteral("reliability"), QStringLiteral("--format"),
                         QStringLiteral("pdf"), QStringLiteral("--out"), pdf};
  const Result ok = cartograph(args);
  ASSERT_EQ(ok.code, 0) << ok.err.toStdString();
  EXPECT_TRUE(ok.err.isEmpty()) << "nothing on stderr when all is well: " << ok.err.toStdString();
  EXPECT_TRUE(QFileInfo(pdf).size() > 1000);
  EXPECT_TRUE(QFileInfo::exists(QString::fromStdString((dir / "reliability.csv").string())));
  EXPECT_TRUE(QFileInfo::exists(QString::fromStdString((dir / "reliability.json").string())));

  const Result again = cartograph(args);
  EXPECT_EQ(again.code, 1);
  EXPECT_TRUE(again.err.startsWith(QStringLiteral("error: ")) && again.err.contains(QStringLiteral("--force")))
      << again.err.toStdString();
  EXPECT_EQ(again.err.count(QLatin1Char('\n')), 1) << "one line: " << again.err.toStdString();
  EXPECT_EQ(cartograph(args + QStringList{QStringLiteral("--force")}).code, 0);

  QStringList wrong = args;
  wrong[6] = QStringLiteral("histogram");
  const Result unknown = cartograph(wrong + QStringList{QStringLiteral("--force")});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_TRUE(unknown.err.contains(QStringLiteral("reliability, quadrants, lineage"))) << unknown.err.toStdString();
  QStringList noRun = args;
  noRun[4] = QStringLiteral("99");
  const Result missingRun = cartograph(noRun + QStringList{QStringLiteral("--force")});
  EXPECT_EQ(missingRun.code, 1);
  EXPECT_TRUE(missingRun.err.contains(QStringLiteral("runs: %1 (").arg(s.run))) << missingRun.err.toStdString();
  EXPECT_EQ(cartograph({QStringLiteral("export-figure"), QStringLiteral("--figure"), QStringLiteral("kl")}).code, 2)
      << "missing --session is a usage error";
  EXPECT_EQ(cartograph(args + QStringList{QStringLiteral("--colour")}).code, 2) << "an unknown option is a usage error";

  const QString html = QString::fromStdString((dir / "report.html").string());
  const Result report = cartograph({QStringLiteral("report"), QStringLiteral("--session"), s.path, QStringLiteral("--run"),
                                    run, QStringLiteral("--out"), html});
  ASSERT_EQ(report.code, 0) << report.err.toStdString();
  EXPECT_TRUE(QFileInfo(html).size() > 10000);
  const Result markdown = cartograph({QStringLiteral("report"), QStringLiteral("--session"), s.path, QStringLiteral("--run"),
                                      run, QStringLiteral("--slice"), s.slice, QStringLiteral("--out"),
                                      QString::fromStdString((dir / "report.md").string())});
  ASSERT_EQ(markdown.code, 0) << markdown.err.toStdString();
  EXPECT_TRUE(QFileInfo::exists(QString::fromStdString((dir / "report_figures" / "map.svg").string())));
  EXPECT_TRUE(testsupport::read_file(dir / "report.md").find("first genre") != std::string::npos) << "the slice is in the provenance";
}

TEST(HeadlessExport, CliExportsEveryPositionOfTheStoredRunAsCsvAndJsonl) {
  const auto& s = exportfixture::session();
  testsupport::TempDir dir;
  auto file = core::store::SessionFile::open(s.path.toStdString(), core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(file);
  core::store::RunReader reader(*file);
  auto stored = reader.load_run(s.run);
  ASSERT_TRUE(stored);
  std::size_t scored = 0;
  for (const auto& d : stored->documents) scored += d.scored();
  const std::string base = stored->maps[0].name, tuned = stored->maps[1].name;

  const std::string csv = (dir / "tokens.csv").string();
  auto r = testsupport::run_cli({"--json", "export-tokens", "--session", s.path.toStdString(), "--run",
                                 std::to_string(s.run), "--format", "csv", "--out", csv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("rows").get<std::size_t>(), scored);
  const std::string header = testsupport::read_file(csv).substr(0, testsupport::read_file(csv).find('\n'));
  EXPECT_NE(header.find(",nll." + base + ","), std::string::npos) << header;

  // JSON Lines: every row against the stored tracks (CSV quoting is pinned by the unit tests).
  const std::string jsonl = (dir / "tokens.jsonl").string();
  r = testsupport::run_cli({"export-tokens", "--session", s.path.toStdString(), "--run", std::to_string(s.run), "--format",
                            "jsonl", "--out", jsonl});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(testsupport::read_file(jsonl));
  std::string line;
  std::size_t rows = 0;
  for (const auto& d : stored->documents) {
    auto tracks = reader.load_tracks(s.run, d.index);
    ASSERT_TRUE(tracks);
    for (std::size_t p = 0; p < d.scored(); ++p, ++rows) {
      ASSERT_TRUE(std::getline(lines, line)) << "row " << rows;
      const auto row = nlohmann::json::parse(line);
      EXPECT_EQ(row.at("document").get<std::int64_t>(), d.index);
      EXPECT_EQ(row.at("token_id").get<std::int32_t>(), d.tokens[p + 1]);
      EXPECT_NEAR(row.at("nll." + base).get<double>(), -double((*tracks)[0].logp[p]), 1e-6);
      EXPECT_NEAR(row.at("kl_bt." + tuned).get<double>(), double((*tracks)[1].kl_bt[p]), 1e-6);
      EXPECT_TRUE(row.at("kl_bt." + base).is_null()) << "KL of the base against itself does not apply";
    }
  }
  EXPECT_EQ(rows, scored);
  EXPECT_FALSE(std::getline(lines, line)) << "no row beyond the scored positions";

  // A saved slice by name: only its positions; an existing file needs --force.
  auto sliced = testsupport::run_cli({"--json", "export-tokens", "--session", s.path.toStdString(), "--run",
                                      std::to_string(s.run), "--slice", s.slice.toStdString(), "--format", "jsonl", "--out",
                                      (dir / "slice.jsonl").string()});
  ASSERT_EQ(sliced.exit_code, 0) << sliced.err;
  const auto kept = nlohmann::json::parse(sliced.out).at("rows").get<std::size_t>();
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, scored) << "the slice keeps one genre's documents only";
  std::size_t written = 0;
  for (char c : testsupport::read_file(dir / "slice.jsonl")) written += c == '\n';
  EXPECT_EQ(written, kept);
  auto again = testsupport::run_cli({"export-tokens", "--session", s.path.toStdString(), "--run", std::to_string(s.run),
                                     "--format", "csv", "--out", csv});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
}

// A full disk, for real: the command runs under a file-size limit of 8 KiB (`ulimit -f`, with SIGXFSZ
// ignored so the write fails with EFBIG as on a full disk instead of killing the process). One clear
// error naming the file; nothing half-written is left, not even QSaveFile's temporary file.
TEST(HeadlessExport, AFullDiskIsOneErrorAndLeavesNoFile) {
  const auto& s = exportfixture::session();
  testsupport::TempDir dir;
  const QString svg = QString::fromStdString((dir / "map.svg").string());
  const Result full = cartograph({QStringLiteral("export-figure"), QStringLiteral("--session"), s.path, QStringLiteral("--run"),
                                  QString::number(s.run), QStringLiteral("--figure"), QStringLiteral("map"), QStringLiteral("--out"), svg},
                                 QStringLiteral("trap '' XFSZ; ulimit -f 8"));
  EXPECT_EQ(full.code, 1) << full.err.toStdString();
  EXPECT_TRUE(full.err.startsWith(QStringLiteral("error: ")) && full.err.contains(QStringLiteral("disk full")) &&
              full.err.contains(svg))
      << full.err.toStdString();
  EXPECT_EQ(full.err.count(QLatin1Char('\n')), 1) << "one line: " << full.err.toStdString();
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "a failed export leaves nothing behind";
  // The same command without the limit writes the figure: the limit, not the command, made it fail.
  const Result ok = cartograph({QStringLiteral("export-figure"), QStringLiteral("--session"), s.path, QStringLiteral("--run"),
                                QString::number(s.run), QStringLiteral("--figure"), QStringLiteral("map"), QStringLiteral("--out"), svg});
  ASSERT_EQ(ok.code, 0) << ok.err.toStdString();
  EXPECT_GT(QFileInfo(svg).size(), 8 * 1024) << "the figure is larger than the limit";
}

// Issue 19: the strip figure's colour range from the command line, as the view chooses it.
TEST(HeadlessExport, TheStripFigureTakesTheColourRange) {
  const auto& s = exportfixture::session();
  testsupport::TempDir dir;
  const QString svg = QString::fromStdString((dir / "strip.svg").string());
  const QStringList args{QStringLiteral("export-figure"), QStringLiteral("--session"), s.path, QStringLiteral("--run"),
                         QString::number(s.run), QStringLiteral("--figure"), QStringLiteral("strip"), QStringLiteral("--out"), svg,
                         QStringLiteral("--no-sidecars"), QStringLiteral("--force")};
  const Result perMap = cartograph(args);
  ASSERT_EQ(perMap.code, 0) << perMap.err.toStdString();
  const std::string robust = testsupport::read_file(dir / "strip.svg");
  EXPECT_NE(robust.find("98th pct"), std::string::npos) << "per map by default: each row names its range";
  EXPECT_NE(robust.find("share of each row"), std::string::npos);
  const Result shared = cartograph(args + QStringList{QStringLiteral("--percentile"), QStringLiteral("100"), QStringLiteral("--shared-scale")});
  ASSERT_EQ(shared.code, 0) << shared.err.toStdString();
  const std::string full = testsupport::read_file(dir / "strip.svg");
  EXPECT_NE(full.find("every row full range"), std::string::npos);
  EXPECT_EQ(full.find("98th pct"), std::string::npos);
  const Result bad = cartograph(args + QStringList{QStringLiteral("--percentile"), QStringLiteral("0")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(bad.err.contains(QStringLiteral("--percentile must be"))) << bad.err.toStdString();
}

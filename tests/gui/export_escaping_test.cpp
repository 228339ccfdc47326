// Document text and metadata are untrusted: a territory whose text, names and metadata hold <script>
// and HTML tags is exported as an HTML report and opened in a real headless chromium, whose DOM must
// show them as text, with no element made from them and no script run.
#include <gtest/gtest.h>

#include <QFile>
#include <QProcess>
#include <QUrl>

#include "core/analysis/slice.h"
#include "core/store/library.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/gui/run_fixture.h"
#include "tests/support/run_session.h"
#include "tests/support/test_support.h"
#include "widgets/export/exportrun.h"
#include "widgets/export/report.h"

namespace {

// Each payload would mark <body> if it ran; the test looks for the mark in chromium's DOM.
const std::string kScript = "<script>document.body.setAttribute('data-ran','script')</script>";
const std::string kImage = "<img src=x onerror=\"document.body.setAttribute('data-ran','img')\">";
const std::string kBold = "<b class=\"hostile\">bold</b>";

QString dumpDom(const QString& html, int* code) {
  QProcess p;
  p.start(QStringLiteral("chromium"),
          {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
           QStringLiteral("--virtual-time-budget=3000"), QStringLiteral("--dump-dom"), QUrl::fromLocalFile(html).toString()});
  EXPECT_TRUE(p.waitForStarted(20000)) << "chromium did not start: is it installed (packaging/install-deps.sh)?";
  EXPECT_TRUE(p.waitForFinished(180000));
  *code = p.exitCode();
  return QString::fromUtf8(p.readAllStandardOutput());
}

}  // namespace

TEST(ExportEscaping, ScriptAndTagsInTheTerritoryAppearAsTextInAHeadlessBrowser) {
  testsupport::TempDir dir;
  fixture::RunSpec spec;
  spec.documents = 3;
  spec.minTokens = 30;
  spec.maxTokens = 50;
  auto run = std::make_shared<core::analysis::RunResult>(*fixture::makeRun(spec));
  run->territory.source = "/data/" + kScript + ".jsonl";
  for (std::size_t i = 0; i < run->token_texts.size(); i += 3) run->token_texts[i] = kScript;
  run->maps[1].name = "sft " + kBold;
  run->warnings.push_back("line 2 " + kImage);
  for (auto& d : run->documents) {
    d.name = "doc " + kImage;
    for (auto& [key, value] : d.metadata.edit()) value = kBold;
  }
  const auto path = dir / "hostile.cartograph";
  std::int64_t runId = 0;
  {
    const auto id = testsupport::write_run_session(path, *run);
    ASSERT_TRUE(id) << id.error().what();
    runId = *id;
    auto file = core::store::SessionFile::open(path);
    ASSERT_TRUE(file) << file.error().what();
    core::analysis::SliceDefinition slice;
    slice.kind = core::analysis::SliceDefinition::Kind::Metadata;
    slice.field = run->documents.front().metadata.begin()->first;
    slice.values = {kBold};
    core::store::Library library(*file);
    ASSERT_TRUE(library.save_slice("slice " + kScript, slice.to_json()));
    auto territoryId = core::store::RunReader(*file).territory_of(runId);
    ASSERT_TRUE(territoryId);
    ASSERT_TRUE(library.add_annotation(*territoryId, 0, 1, 3, "note " + kScript + kImage));
  }
  core::Job job;
  auto exported = widgets::loadExportRun(QString::fromStdString(path.string()), runId, {}, job);
  ASSERT_TRUE(exported) << exported.error().what();
  const QString html = QString::fromStdString((testsupport::artifacts_dir() / "export-hostile-report.html").string());
  QFile::remove(html);
  auto written = widgets::writeReport(*exported, html, false);
  ASSERT_TRUE(written) << written.error().what();

  int code = -1;
  const QString dom = dumpDom(html, &code);
  ASSERT_EQ(code, 0);
  ASSERT_TRUE(dom.contains(QStringLiteral("</body>"))) << "chromium printed no DOM: " << dom.left(500).toStdString();
  EXPECT_FALSE(dom.contains(QStringLiteral("data-ran"), Qt::CaseInsensitive) &&
               dom.contains(QStringLiteral("data-ran=\""), Qt::CaseInsensitive))
      << "a payload ran in the report";
  EXPECT_FALSE(dom.contains(QStringLiteral("<script"), Qt::CaseInsensitive)) << "a <script> element exists";
  EXPECT_FALSE(dom.contains(QStringLiteral("<img"), Qt::CaseInsensitive)) << "an <img> element exists";
  EXPECT_FALSE(dom.contains(QStringLiteral("<b class=\"hostile\""))) << "metadata became markup";
  // ...and the payloads are there as text a reader can see.
  EXPECT_TRUE(dom.contains(QStringLiteral("&lt;script&gt;document.body.setAttribute"))) << "the territory's script tag is not shown";
  EXPECT_TRUE(dom.contains(QStringLiteral("&lt;b class=\"hostile\"&gt;bold&lt;/b&gt;")) ||
              dom.contains(QStringLiteral("&lt;b class=&quot;hostile&quot;&gt;bold&lt;/b&gt;")))
      << "the map name or metadata is not shown as text";
}

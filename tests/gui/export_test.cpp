// Figures, sidecars and reports (widgets/export/): every figure in every format from a session the
// test writes itself (export_fixture.h). SVGs are parsed for their legend labels, axis titles and
// provenance; PDFs are rendered by poppler's pdftoppm (PNGs kept in build/test-artifacts to look at)
// and their metadata read by pdfinfo; sidecar numbers are compared with the run's stored numbers read
// back through core::store; the HTML report is screenshotted by a real headless chromium.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSvgRenderer>
#include <QUrl>
#include <QXmlStreamReader>
#include <cmath>

#include "core/analysis/fields.h"
#include "core/store/run_reader.h"
#include "tests/gui/export_fixture.h"
#include "tests/support/test_support.h"
#include "widgets/export/exportrun.h"
#include "widgets/export/figurefile.h"
#include "widgets/export/report.h"

namespace {

using namespace widgets;

const ExportRun& loaded() {
  static const ExportRun run = [] {
    core::Job job;
    auto r = loadExportRun(exportfixture::session().path, exportfixture::session().run, {}, job);
    EXPECT_TRUE(r) << r.error().what();
    return r ? *r : ExportRun{};
  }();
  return run;
}

QString artifact(const QString& name) {
  return QString::fromStdString((testsupport::artifacts_dir() / name.toStdString()).string());
}

struct SvgText {
  QStringList texts;  // every <text> element's content
  QString title, desc;
};

SvgText readSvg(const QString& path) {
  QFile f(path);
  EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
  QXmlStreamReader xml(&f);
  SvgText out;
  while (!xml.atEnd()) {
    if (xml.readNext() != QXmlStreamReader::StartElement) continue;
    const QString name = xml.name().toString();
    // Qt writes a line of mixed scripts ("Δ NLL") as adjacent <text> runs: keep them in order.
    if (name == QLatin1String("text")) out.texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
    else if (name == QLatin1String("title")) out.title = xml.readElementText();
    else if (name == QLatin1String("desc")) out.desc = xml.readElementText();
  }
  EXPECT_FALSE(xml.hasError()) << path.toStdString() << ": " << xml.errorString().toStdString();
  return out;
}

// Pixels that are neither white nor grey: something coloured was drawn.
int colouredPixels(const QImage& image) {
  int n = 0;
  for (int y = 0; y < image.height(); y += 2)
    for (int x = 0; x < image.width(); x += 2) {
      const QColor c = image.pixelColor(x, y);
      n += std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()}) > 40;
    }
  return n;
}

QProcess::ExitStatus run(const QString& program, const QStringList& args, int* code, QString* output = nullptr,
                         int msecs = 120000) {
  QProcess p;
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(program, args);
  EXPECT_TRUE(p.waitForStarted(20000)) << program.toStdString() << " did not start: is it installed (packaging/install-deps.sh)?";
  EXPECT_TRUE(p.waitForFinished(msecs)) << program.toStdString();
  *code = p.exitCode();
  if (output) *output = QString::fromUtf8(p.readAll());
  return p.exitStatus();
}

}  // namespace

TEST(Export, EveryFigureInEveryFormatCarriesItsLegendAxisTitlesAndProvenance) {
  const ExportRun& r = loaded();
  ASSERT_TRUE(r.source.digest);
  testsupport::TempDir dir;
  for (const FigureKind& kind : figureKinds()) {
    SCOPED_TRACE(kind.name.toStdString());
    auto figure = buildFigure(kind.name, r.source);
    if (kind.studio) {  // this session has no zoom run, sample set or map files: export_demo_test.cpp has them
      ASSERT_FALSE(figure);
      EXPECT_NE(figure.error().message.find("first"), std::string::npos) << "says what to make first: " << figure.error().message;
      continue;
    }
    ASSERT_TRUE(figure) << figure.error().what();
    ASSERT_FALSE(figure->data.rows.isEmpty()) << "a figure with nothing plotted";
    QStringList expected{figure->title};
    for (const FigureLegendEntry& e : figure->legend) expected << e.label;
    for (const FigurePanel& p : figure->panels)
      for (const QString& t : {p.xTitle, p.yTitle})
        if (!t.isEmpty()) expected << t;
    if (figure->colorBar) expected << figure->colorBarTitle;
    if (kind.name != QLatin1String("strip") && kind.name != QLatin1String("map")) {
      EXPECT_GE(figure->legend.size(), 1) << "a figure of several series needs a legend";
    }

    for (const QString& format : {QStringLiteral("svg"), QStringLiteral("pdf"), QStringLiteral("png")}) {
      FigureExportOptions options;
      options.format = *figureFormat(format);
      options.dpi = 150;
      // One name per format: each figure file has its own sidecars.
      const QString path =
          QString::fromStdString((dir / QString(kind.name + QLatin1Char('-') + format + QLatin1Char('.') + format).toStdString()).string());
      auto written = exportFigure(*figure, r.provenance, path, options);
      ASSERT_TRUE(written) << written.error().what();
      ASSERT_EQ(written->size(), 3) << "the figure and its two sidecars";
      for (const QString& w : *written) EXPECT_TRUE(QFileInfo(w).size() > 0) << w.toStdString();
      if (format == QLatin1String("svg")) {
        EXPECT_TRUE(QSvgRenderer(path).isValid());
        const SvgText svg = readSvg(path);
        const QString all = svg.texts.join(QString());
        for (const QString& want : expected)
          EXPECT_TRUE(all.contains(want)) << "the SVG lacks \"" << want.toStdString() << "\"";
        EXPECT_EQ(svg.title, figure->title);
        EXPECT_EQ(svg.desc, r.provenance.caption()) << "the provenance as document metadata";
        EXPECT_TRUE(svg.desc.contains(QStringLiteral("Run %1 of fixture.cartograph").arg(r.runId)));
      } else if (format == QLatin1String("pdf")) {
        int code = -1;
        const QString png = artifact(QStringLiteral("export-%1").arg(kind.name));
        run(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("72"),
                                         QStringLiteral("-singlefile"), path, png},
            &code);
        ASSERT_EQ(code, 0) << "pdftoppm could not render the PDF";
        const QImage page(png + QStringLiteral(".png"));
        ASSERT_FALSE(page.isNull());
        // One page the figure's size (logical pixels at 96 dpi = 0.75 pt), with coloured marks on it.
        EXPECT_NEAR(page.width(), figure->size.width() * 0.75, 2);
        EXPECT_GT(colouredPixels(page), 50) << "the rendered page is blank";
        EXPECT_EQ(page.pixelColor(1, 1), QColor(Qt::white)) << "white background whatever the UI palette";
        QString info;
        run(QStringLiteral("pdfinfo"), {path}, &code, &info);
        EXPECT_TRUE(info.contains(QStringLiteral("Title:") ) && info.contains(figure->title.left(20))) << info.toStdString();
        EXPECT_TRUE(info.contains(QStringLiteral("Cartograph"))) << info.toStdString();
      } else {
        const QImage image(path);
        ASSERT_FALSE(image.isNull());
        EXPECT_NEAR(image.dotsPerMeterX() * 0.0254, 150, 1);
        EXPECT_EQ(image.width(), int(std::ceil(figure->size.width() * 150 / 96.0)));
        EXPECT_EQ(image.text(QStringLiteral("Description")), r.provenance.caption());
        EXPECT_EQ(image.pixelColor(1, 1), QColor(Qt::white));
      }
    }
  }
}

TEST(Export, SidecarNumbersEqualTheRunsStoredNumbers) {
  const ExportRun& r = loaded();
  ASSERT_TRUE(r.source.digest);
  // The stored run, read independently of the export path.
  auto file = core::store::SessionFile::open(exportfixture::session().path.toStdString(), core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(file);
  core::store::RunReader reader(*file);
  auto stored = reader.load_run(exportfixture::session().run);
  ASSERT_TRUE(stored);
  for (auto& d : stored->documents) d.maps = *reader.load_tracks(exportfixture::session().run, d.index);
  auto mapIndex = [&](const QString& name) {
    for (std::size_t m = 0; m < stored->maps.size(); ++m)
      if (QString::fromStdString(stored->maps[m].name) == name) return int(m);
    ADD_FAILURE() << "no map " << name.toStdString();
    return 0;
  };
  auto rows = [&](const QString& name) {
    auto figure = buildFigure(name, r.source);
    EXPECT_TRUE(figure);
    return QJsonDocument::fromJson(sidecarJson(*figure, r.provenance)).object().value(QStringLiteral("rows")).toArray();
  };
  auto num = [](const QJsonValue& v) { return v.toDouble(); };

  int checked = 0;
  for (const QJsonValue& v : rows(QStringLiteral("reliability"))) {
    const QJsonObject o = v.toObject();
    const auto& bin = stored->summaries[std::size_t(mapIndex(o[QStringLiteral("map")].toString()))]
                          .reliability[std::size_t(o[QStringLiteral("bin")].toInt())];
    EXPECT_EQ(o[QStringLiteral("count")].toInteger(), bin.count);
    EXPECT_NEAR(num(o[QStringLiteral("confidence")]), bin.confidence_sum / double(bin.count), 1e-12);
    EXPECT_NEAR(num(o[QStringLiteral("accuracy")]), bin.correct_sum / double(bin.count), 1e-12);
    ++checked;
  }
  for (const QJsonValue& v : rows(QStringLiteral("quadrants"))) {
    const QJsonObject o = v.toObject();
    const auto& q = stored->summaries[std::size_t(mapIndex(o[QStringLiteral("map")].toString()))].quadrants;
    EXPECT_EQ(o[QStringLiteral("known")].toInteger(), q.known);
    EXPECT_EQ(o[QStringLiteral("blank")].toInteger(), q.blank);
    EXPECT_EQ(o[QStringLiteral("misdrawn")].toInteger(), q.misdrawn);
    ++checked;
  }
  for (const QJsonValue& v : rows(QStringLiteral("lineage"))) {
    const QJsonObject o = v.toObject();
    const auto* field = core::analysis::find_summary_field(o[QStringLiteral("field")].toString().toStdString());
    ASSERT_TRUE(field);
    const int m = mapIndex(o[QStringLiteral("map")].toString());
    const double want = (field->format == core::analysis::Format::Percent ? 100 : 1) *
                        core::analysis::summary_value(*field, stored->maps[std::size_t(m)], stored->summaries[std::size_t(m)]);
    if (std::isfinite(want)) EXPECT_NEAR(num(o[QStringLiteral("value")]), want, 1e-9 * std::max(1.0, std::abs(want))) << field->key;
    else EXPECT_TRUE(o[QStringLiteral("value")].isNull()) << field->key;
    ++checked;
  }
  // Entropy histogram: every scored position of every map once; each bin recounted here in float64
  // from the stored tracks (values beyond the range are counted in the edge bins, as the axis says).
  std::map<int, std::int64_t> totals;
  std::map<int, std::vector<std::int64_t>> sidecar;
  std::map<int, std::pair<double, double>> range;  // first bin's low edge, bin width
  for (const QJsonValue& v : rows(QStringLiteral("entropy"))) {
    const QJsonObject o = v.toObject();
    const int m = mapIndex(o[QStringLiteral("map")].toString());
    if (sidecar[m].empty())
      range[m] = {num(o[QStringLiteral("bin_low")]), num(o[QStringLiteral("bin_high")]) - num(o[QStringLiteral("bin_low")])};
    sidecar[m].push_back(o[QStringLiteral("count")].toInteger());
    totals[m] += o[QStringLiteral("count")].toInteger();
  }
  for (const auto& [m, counts] : sidecar) {
    std::vector<std::int64_t> recount(counts.size());
    const auto [lo, width] = range[m];
    for (const auto& d : stored->documents)
      for (float e : d.maps[std::size_t(m)].entropy)
        if (std::isfinite(e))
          ++recount[std::size_t(std::clamp<double>(std::floor((double(e) - lo) / width), 0, double(counts.size() - 1)))];
    for (std::size_t b = 0; b < counts.size(); ++b)
      EXPECT_NEAR(double(counts[b]), double(recount[b]), 1.0) << "bin " << b << " of map " << m;  // float edges
  }
  for (const auto& [m, total] : totals) EXPECT_EQ(total, stored->summaries[std::size_t(m)].tokens);
  for (const QJsonValue& v : rows(QStringLiteral("strip"))) {
    const QJsonObject o = v.toObject();
    const auto& doc = stored->documents[std::size_t(o[QStringLiteral("document")].toInt())];
    const auto& t = doc.maps[std::size_t(mapIndex(o[QStringLiteral("map")].toString()))];
    const std::size_t p = std::size_t(o[QStringLiteral("position")].toInt());
    EXPECT_NEAR(num(o[QStringLiteral("value")]), -double(t.logp[p]), 1e-6) << "nll at " << p;
    EXPECT_EQ(o[QStringLiteral("token_id")].toInt(), doc.tokens[p + 1]);
    ++checked;
  }
  const QJsonArray points = rows(QStringLiteral("map"));
  ASSERT_EQ(points.size(), qsizetype(stored->projection.points.size()));
  for (qsizetype i = 0; i < points.size(); ++i) {
    const QJsonObject o = points[i].toObject();
    EXPECT_FLOAT_EQ(float(num(o[QStringLiteral("x")])), stored->projection.points[std::size_t(i)].x);
    EXPECT_FLOAT_EQ(float(num(o[QStringLiteral("y")])), stored->projection.points[std::size_t(i)].y);
  }
  for (const QJsonValue& v : rows(QStringLiteral("topk"))) {
    const QJsonObject o = v.toObject();
    const auto& doc = stored->documents[std::size_t(o[QStringLiteral("document")].toInt())];
    const auto& t = doc.maps[std::size_t(mapIndex(o[QStringLiteral("map")].toString()))];
    const std::size_t at = std::size_t(o[QStringLiteral("position")].toInt()) * std::size_t(t.top_k) +
                           std::size_t(o[QStringLiteral("rank")].toInt() - 1);
    EXPECT_EQ(o[QStringLiteral("token_id")].toInt(), t.top_ids[at]);
    EXPECT_FLOAT_EQ(float(num(o[QStringLiteral("p")])), t.top_p[at]);
    ++checked;
  }
  EXPECT_GT(checked, 50);
}

TEST(Export, HtmlReportOpensInHeadlessChromiumWithEveryFigure) {
  const ExportRun& r = loaded();
  ASSERT_TRUE(r.source.digest);
  const QString html = artifact(QStringLiteral("export-report.html"));
  QFile::remove(html);
  auto written = writeReport(r, html, false);
  ASSERT_TRUE(written) << written.error().what();
  QFile f(html);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  const QString text = QString::fromUtf8(f.readAll());
  for (const FigureKind& k : figureKinds())
    if (!k.studio) {  // the studio's figures: export_demo_test.cpp
      EXPECT_TRUE(text.contains(QStringLiteral("<figure id=\"figure-%1\"><svg").arg(k.name))) << k.name.toStdString() << " is not inline";
    }
  EXPECT_FALSE(text.contains(QStringLiteral("src=\"http"))) << "self-contained";
  EXPECT_TRUE(text.contains(r.provenance.maps.front().toHtmlEscaped()));
  int code = -1;
  const QString shot = artifact(QStringLiteral("export-report.png"));
  QFile::remove(shot);
  QString output;
  run(QStringLiteral("chromium"),
      {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
       QStringLiteral("--hide-scrollbars"), QStringLiteral("--window-size=1280,9000"), QStringLiteral("--screenshot=") + shot,
       QUrl::fromLocalFile(html).toString()},
      &code, &output, 180000);
  ASSERT_EQ(code, 0) << output.toStdString();
  const QImage image(shot);
  ASSERT_FALSE(image.isNull()) << output.toStdString();
  EXPECT_GT(colouredPixels(image), 2000) << "chromium drew the figures";

  const QString md = artifact(QStringLiteral("export-report.md"));
  QFile::remove(md);
  QDir(artifact(QStringLiteral("export-report_figures"))).removeRecursively();
  auto markdown = writeReport(r, md, false);
  ASSERT_TRUE(markdown) << markdown.error().what();
  for (const FigureKind& k : figureKinds())
    if (!k.studio) {
      EXPECT_TRUE(QFileInfo::exists(artifact(QStringLiteral("export-report_figures/%1.svg").arg(k.name)))) << k.name.toStdString();
    }
}

TEST(Export, BadInputIsOneClearErrorAndLeavesNoFile) {
  const ExportRun& r = loaded();
  ASSERT_TRUE(r.source.digest);
  auto unknown = buildFigure(QStringLiteral("histogram"), r.source);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("reliability, quadrants"), std::string::npos) << unknown.error().message;
  core::Job job;
  auto noRun = loadExportRun(exportfixture::session().path, 99, {}, job);
  ASSERT_FALSE(noRun);
  EXPECT_NE(noRun.error().message.find(std::to_string(exportfixture::session().run) + " ("), std::string::npos)
      << "the runs that exist are listed: " << noRun.error().message;
  auto noSlice = loadExportRun(exportfixture::session().path, exportfixture::session().run, QStringLiteral("nope"), job);
  ASSERT_FALSE(noSlice);
  EXPECT_NE(noSlice.error().message.find("\"first genre\""), std::string::npos) << noSlice.error().message;

  testsupport::TempDir dir;
  auto figure = buildFigure(QStringLiteral("kl"), r.source);
  const QString path = QString::fromStdString((dir / "kl.svg").string());
  testsupport::write_file(dir / "kl.svg", "keep me");
  auto exists = exportFigure(*figure, r.provenance, path, {});
  ASSERT_FALSE(exists);
  EXPECT_NE(exists.error().message.find("--force"), std::string::npos);
  EXPECT_EQ(testsupport::read_file(dir / "kl.svg"), "keep me");
  EXPECT_FALSE(QFileInfo::exists(QString::fromStdString((dir / "kl.csv").string()))) << "nothing written when refused";
  FigureExportOptions force;
  force.overwrite = true;
  ASSERT_TRUE(exportFigure(*figure, r.provenance, path, force));
  EXPECT_NE(testsupport::read_file(dir / "kl.svg"), "keep me");

  // A folder nobody can create files in (not even root): one error naming the file, nothing left.
  auto unwritable = exportFigure(*figure, r.provenance, QStringLiteral("/proc/cartograph-figure.svg"), {});
  ASSERT_FALSE(unwritable);
  EXPECT_NE(unwritable.error().what().find("/proc/cartograph-figure"), std::string::npos) << unwritable.error().what();
  EXPECT_FALSE(QFileInfo::exists(QStringLiteral("/proc/cartograph-figure.svg")));
  auto missing = writeReport(r, QString::fromStdString((dir / "no-folder" / "r.html").string()), false);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().what().find("no-folder"), std::string::npos);
}

// Every figure kind in every format from the DEMO session (issue 15's acceptance), with the studio's
// results in it: the tiny demo (`cartograph-cli demo --preset tiny`: 2 layers, 64 wide, 384 tokens,
// 300 held-out fortunes, four maps; its comparison run) plus a zoom run of that run with the demo's
// five library prompts and one sample set of its four maps side by side (about a minute on 2 cores). ExportDemoSetup makes that session once (CTest runs it as the fixture
// `export_demo`, see tests/gui/CMakeLists.txt); ExportDemo.* read it. Files are kept in
// build/test-artifacts/export-demo/ to look at (the PDFs rendered by pdftoppm as PNGs there too).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

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
#include <filesystem>
#include <iostream>
#include <set>
#include <nlohmann/json.hpp>

#include "core/demo/demo.h"
#include "core/store/execute_zoom.h"
#include "core/store/run_reader.h"
#include "core/store/sample_store.h"
#include "core/store/zoom_store.h"
#include "tests/support/test_support.h"
#include "widgets/export/exportrun.h"
#include "widgets/export/figurefile.h"
#include "widgets/export/report.h"
#include "widgets/studio/samplejob.h"

namespace exportdemo {  // named: the unity build joins this file with export_test.cpp

using namespace widgets;

std::filesystem::path demoFolder() { return testsupport::artifacts_dir() / "export-demo"; }
QString demoFile(const QString& name) { return QString::fromStdString((demoFolder() / name.toStdString()).string()); }

struct DemoSession {
  QString path;
  qint64 run = 0, zoom = 0, sampleSet = 0;
};

// What ExportDemoSetup wrote (ids.json beside the session copy).
DemoSession demoSession() {
  DemoSession s;
  const auto ids = demoFolder() / "ids.json";
  if (!std::filesystem::exists(ids)) {
    ADD_FAILURE() << "no " << ids << ": run ExportDemoSetup first (ctest runs it as the export_demo fixture)";
    return s;
  }
  const auto j = nlohmann::json::parse(testsupport::read_file(ids));
  s.path = demoFile(QStringLiteral("demo.cartograph"));
  s.run = j.at("run").get<qint64>();
  s.zoom = j.at("zoom").get<qint64>();
  s.sampleSet = j.at("sample_set").get<qint64>();
  return s;
}

const ExportRun& demoLoaded() {
  static const ExportRun run = [] {
    const DemoSession s = demoSession();
    core::Job job;
    auto r = loadExportRun(s.path, s.run, {}, job);
    EXPECT_TRUE(r) << r.error().what();
    return r ? *r : ExportRun{};
  }();
  return run;
}

QStringList demoSvgTexts(const QString& path, QString* desc) {
  QFile f(path);
  EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
  QXmlStreamReader xml(&f);
  QStringList texts;
  while (!xml.atEnd()) {
    if (xml.readNext() != QXmlStreamReader::StartElement) continue;
    if (xml.name() == QLatin1String("text")) texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
    else if (xml.name() == QLatin1String("desc")) *desc = xml.readElementText();
  }
  EXPECT_FALSE(xml.hasError()) << path.toStdString() << ": " << xml.errorString().toStdString();
  return texts;
}

int demoColouredPixels(const QImage& image) {
  int n = 0;
  for (int y = 0; y < image.height(); y += 2)
    for (int x = 0; x < image.width(); x += 2) {
      const QColor c = image.pixelColor(x, y);
      n += std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()}) > 40;
    }
  return n;
}

int demoRunProgram(const QString& program, const QStringList& args, QString* output = nullptr, int msecs = 180000) {
  QProcess p;
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(program, args);
  EXPECT_TRUE(p.waitForStarted(20000)) << program.toStdString() << " did not start: is it installed (packaging/install-deps.sh)?";
  EXPECT_TRUE(p.waitForFinished(msecs)) << program.toStdString();
  if (output) *output = QString::fromUtf8(p.readAll());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

QJsonArray demoSidecarRows(const Figure& figure, const Provenance& provenance) {
  return QJsonDocument::fromJson(sidecarJson(figure, provenance)).object().value(QStringLiteral("rows")).toArray();
}

}  // namespace exportdemo

using namespace exportdemo;

// The fixture: the tiny demo (built once into the build tree, shared with zoomstudio_test under the
// same lock), a copy of its session, and a sample set of the four maps stored in the copy.
TEST(ExportDemoSetup, TinyDemoSessionWithAZoomRunAndASampleSet) {
  core::demo::DemoOptions options;
  options.recipe = core::demo::DemoRecipe::tiny();
  options.out = testsupport::artifacts_dir() / "zoom-demo";
  const int lock = ::open((testsupport::artifacts_dir() / "zoom-demo.lock").c_str(), O_CREAT | O_RDWR, 0644);
  if (lock >= 0) ::flock(lock, LOCK_EX);
  core::Job job;
  auto demo = core::demo::build_demo(options, job);
  if (lock >= 0) ::flock(lock, LOCK_UN), ::close(lock);
  ASSERT_TRUE(demo) << demo.error().what();
  ASSERT_EQ(demo->maps.size(), 4u);
  std::filesystem::remove_all(demoFolder());
  std::filesystem::create_directories(demoFolder());
  const auto session = demoFolder() / "demo.cartograph";
  std::filesystem::copy_file(demo->session, session);

  // A zoom run of the comparison run with the demo's library prompts, as the Studio's Zoom tab makes it.
  {
    auto file = core::store::SessionFile::open(session, core::store::OpenMode::ReadOnly);
    ASSERT_TRUE(file);
    auto comparison = core::store::RunReader(*file).load_run(demo->comparison_run);
    ASSERT_TRUE(comparison) << comparison.error().what();
    core::store::ZoomOrder order;
    for (const auto& m : comparison->maps)
      if (m.role != core::analysis::MapRole::Zoomed) order.run.maps.push_back({m.path, m.name, {}});
    order.run.territory_path = comparison->territory.source;
    order.run.settings = comparison->settings;
    order.run.settings.prompt.clear();
    order.run.load.hash_weights = true;  // the stored run is found by the maps' sha256
    order.run.session_path = session;
    for (const auto& p : demo->prompts) order.prompts.push_back({0, p.name, p.text});
    auto zoomed = core::store::execute_zoom(order, job);
    ASSERT_TRUE(zoomed) << zoomed.error().what();
    ASSERT_EQ(zoomed->run_id, demo->comparison_run) << "the zoom reuses the demo's comparison run";
  }

  SampleRequest request;
  request.sessionPath = QString::fromStdString(session.string());
  request.baseName = QString::fromStdString(demo->maps[0].name);
  request.basePath = QString::fromStdString(demo->maps[0].folder.string());
  for (std::size_t m = 1; m < demo->maps.size(); ++m) {
    request.tunedNames << QString::fromStdString(demo->maps[m].name);
    request.tunedPaths << QString::fromStdString(demo->maps[m].folder.string());
  }
  request.settings.prompt = "Q: What";
  request.settings.zoom_prompt = demo->zoom_prompt;
  request.settings.temperature = 0.8;
  request.settings.top_p = 0.95;
  request.settings.seed = 7;
  request.settings.max_new_tokens = 24;
  request.settings.amplified_tuned = 0;
  request.settings.amplification = 2.0;
  auto stored = runSampleRequest(request, job);
  ASSERT_TRUE(stored) << stored.error().what();
  ASSERT_GT(stored->id, 0);
  ASSERT_EQ(stored->set->columns.size(), 6u) << "base, base + prompt, three tuned maps, the amplified map";

  // The zoom run the demo recorded builds on its comparison run.
  auto file = core::store::SessionFile::open(session, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(file);
  core::store::ZoomStore zooms(*file);
  auto listed = zooms.list(demo->comparison_run);
  ASSERT_TRUE(listed);
  ASSERT_FALSE(listed->empty());
  testsupport::write_file(demoFolder() / "ids.json", nlohmann::json{{"run", demo->comparison_run},
                                                                    {"zoom", listed->back().id},
                                                                    {"sample_set", stored->id}}
                                                         .dump());
}

TEST(ExportDemo, EveryFigureKindInEveryFormat) {
  const ExportRun& r = demoLoaded();
  ASSERT_TRUE(r.source.digest);
  ASSERT_FALSE(r.source.zooms.empty()) << "the demo's zoom run is read with the run";
  ASSERT_FALSE(r.source.samples.empty()) << "the stored sample set is read with the run";
  QDir().mkpath(demoFile(QStringLiteral("figures")));
  for (const FigureKind& kind : figureKinds()) {
    SCOPED_TRACE(kind.name.toStdString());
    core::Job job;
    auto figure = buildFigure(kind.name, r.source, {}, job);
    ASSERT_TRUE(figure) << figure.error().what();
    ASSERT_FALSE(figure->data.rows.isEmpty()) << "a figure with nothing plotted";
    QStringList expected{figure->title};
    for (const FigureLegendEntry& e : figure->legend) expected << e.label;
    for (const FigurePanel& p : figure->panels)
      for (const QString& t : {p.xTitle, p.yTitle})
        if (!t.isEmpty()) expected << t;
    if (figure->colorBar) expected << figure->colorBarTitle;
    if (kind.studio) { EXPECT_FALSE(figure->provenance.isEmpty()) << "a studio figure says which prompt or sample set made it"; }
    const QString caption = withFigureProvenance(r.provenance, figure->provenance).caption();
    for (const QString& format : {QStringLiteral("svg"), QStringLiteral("pdf"), QStringLiteral("png")}) {
      FigureExportOptions options;
      options.format = *figureFormat(format);
      options.dpi = 120;
      options.overwrite = true;
      const QString path = demoFile(QStringLiteral("figures/%1-%2.%2").arg(kind.name, format));
      auto written = exportFigure(*figure, r.provenance, path, options);
      ASSERT_TRUE(written) << written.error().what();
      ASSERT_EQ(written->size(), 3) << "the figure and its two sidecars";
      if (format == QLatin1String("svg")) {
        EXPECT_TRUE(QSvgRenderer(path).isValid());
        QString desc;
        const QString all = demoSvgTexts(path, &desc).join(QString());
        for (const QString& want : expected) EXPECT_TRUE(all.contains(want)) << "the SVG lacks \"" << want.toStdString() << "\"";
        EXPECT_EQ(desc, caption) << "the provenance, the figure's own included, as document metadata";
      } else if (format == QLatin1String("pdf")) {
        const QString png = demoFile(QStringLiteral("figures/%1-pdf").arg(kind.name));
        ASSERT_EQ(demoRunProgram(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("72"),
                                                          QStringLiteral("-singlefile"), path, png}),
                  0)
            << "pdftoppm could not render the PDF";
        const QImage page(png + QStringLiteral(".png"));
        ASSERT_FALSE(page.isNull());
        EXPECT_NEAR(page.width(), figure->size.width() * 0.75, 2);
        EXPECT_GT(demoColouredPixels(page), 50) << "the rendered page is blank";
        EXPECT_EQ(page.pixelColor(1, 1), QColor(Qt::white));
      } else {
        const QImage image(path);
        ASSERT_FALSE(image.isNull());
        EXPECT_EQ(image.width(), int(std::ceil(figure->size.width() * 120 / 96.0)));
        EXPECT_EQ(image.text(QStringLiteral("Description")), caption);
        EXPECT_GT(demoColouredPixels(image), 50);
      }
    }
  }
}

TEST(ExportDemo, StudioSidecarsEqualTheStoredNumbers) {
  const ExportRun& r = demoLoaded();
  ASSERT_TRUE(r.source.digest);
  const DemoSession s = demoSession();
  // The stored results, read independently of the export path.
  auto file = core::store::SessionFile::open(s.path.toStdString(), core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(file);
  core::store::ZoomStore zooms(*file);
  auto listed = zooms.list(s.run);
  ASSERT_TRUE(listed);
  const core::store::ZoomListing& zoom = listed->back();
  core::store::SampleStore samples(*file);
  auto set = samples.load(s.sampleSet);
  ASSERT_TRUE(set);
  core::store::RunReader reader(*file);
  auto stored = reader.load_run(s.run);
  ASSERT_TRUE(stored);
  auto mapIndex = [&](const QString& name) {
    for (std::size_t m = 0; m < stored->maps.size(); ++m)
      if (QString::fromStdString(stored->maps[m].name) == name) return int(m);
    return -1;
  };
  core::Job job;
  auto build = [&](const QString& name) {
    auto f = buildFigure(name, r.source, {}, job);
    EXPECT_TRUE(f) << f.error().what();
    return f ? demoSidecarRows(*f, r.provenance) : QJsonArray{};
  };

  // zoom-ranking: one row per prompt × tuned map, the stored K0, KP and share recovered.
  const QJsonArray ranking = build(QStringLiteral("zoom-ranking"));
  ASSERT_EQ(ranking.size(), qsizetype(zoom.rows.size()));
  for (const QJsonValue& v : ranking) {
    const QJsonObject o = v.toObject();
    EXPECT_EQ(o[QStringLiteral("zoom_run")].toInteger(), zoom.id);
    const int m = mapIndex(o[QStringLiteral("map")].toString());
    const auto it = std::find_if(zoom.rows.begin(), zoom.rows.end(), [&](const core::analysis::ZoomRow& z) {
      return z.map == m && zoom.prompts[std::size_t(z.prompt)].version_id == o[QStringLiteral("prompt_version")].toInteger();
    });
    ASSERT_NE(it, zoom.rows.end()) << "no stored row for " << o[QStringLiteral("map")].toString().toStdString();
    EXPECT_EQ(o[QStringLiteral("tokens")].toInteger(), it->tokens);
    EXPECT_DOUBLE_EQ(o[QStringLiteral("k0")].toDouble(), it->k0);
    EXPECT_DOUBLE_EQ(o[QStringLiteral("kp")].toDouble(), it->kp);
    EXPECT_NEAR(o[QStringLiteral("zoom_recovered_percent")].toDouble(), 100 * it->zoom_recovered, 1e-9);
  }

  // samples: every token of every column, −log p under the base and log p under its own map as stored.
  const QJsonArray tokens = build(QStringLiteral("samples"));
  qsizetype want = 0;
  for (const auto& c : set->columns) want += qsizetype(c.ids.size());
  ASSERT_EQ(tokens.size(), want);
  for (const QJsonValue& v : tokens) {
    const QJsonObject o = v.toObject();
    EXPECT_EQ(o[QStringLiteral("sample_set")].toInteger(), s.sampleSet);
    const std::size_t c = std::size_t(o[QStringLiteral("column")].toInt()), i = std::size_t(o[QStringLiteral("index")].toInt());
    const auto& col = set->columns[c];
    EXPECT_EQ(o[QStringLiteral("label")].toString().toStdString(), col.label);
    EXPECT_EQ(o[QStringLiteral("token_id")].toInt(), col.ids[i]);
    EXPECT_FLOAT_EQ(float(o[QStringLiteral("nll_base")].toDouble()), -col.logp[0][i]);
    EXPECT_FLOAT_EQ(float(o[QStringLiteral("logp_own")].toDouble()), col.logp[c][i]);
  }

  // zoom-token: recomputed from the maps' files at the KL peak; every token in a map's stored top-k
  // there has the probability the run stored, and KL(tuned ‖ base) is the run's stored track.
  const QJsonArray zoomed = build(QStringLiteral("zoom-token"));
  ASSERT_FALSE(zoomed.isEmpty());
  const QJsonObject first = zoomed.first().toObject();
  const int document = first[QStringLiteral("document")].toInt(), position = first[QStringLiteral("position")].toInt();
  std::size_t d = 0;
  while (d < stored->documents.size() && stored->documents[d].index != document) ++d;
  ASSERT_LT(d, stored->documents.size());
  auto tracks = reader.load_tracks(s.run, document);
  ASSERT_TRUE(tracks);
  int checked = 0;
  std::set<int> columns;
  for (const QJsonValue& v : zoomed) {
    const QJsonObject o = v.toObject();
    const int m = mapIndex(o[QStringLiteral("column")].toString());
    if (m < 0) continue;  // the base ⊕ prompt column has no stored track in this run
    const auto& t = (*tracks)[std::size_t(m)];
    for (int j = 0; j < t.top_k; ++j) {
      const std::size_t at = std::size_t(position) * std::size_t(t.top_k) + std::size_t(j);
      if (t.top_ids[at] != o[QStringLiteral("token_id")].toInt()) continue;
      EXPECT_NEAR(o[QStringLiteral("p")].toDouble(), double(t.top_p[at]), 2e-4) << o[QStringLiteral("column")].toString().toStdString();
      ++checked;
      columns.insert(m);
    }
    if (m > 0) {
      EXPECT_NEAR(o[QStringLiteral("kl_tuned_base")].toDouble(), double(t.kl_tb[std::size_t(position)]),
                  1e-3 * std::max(1.0, double(t.kl_tb[std::size_t(position)])));
    }
  }
  EXPECT_EQ(columns.size(), 4u) << "the base and the three tuned maps compared with their stored top-k";
  EXPECT_GE(checked, 4 * 5);
}

TEST(ExportDemo, ReportShowsTheStudiosSampleSetsAndZoomRunsInChromium) {
  const ExportRun& r = demoLoaded();
  ASSERT_TRUE(r.source.digest);
  const QString html = demoFile(QStringLiteral("report.html"));
  auto written = writeReport(r, html, true);
  ASSERT_TRUE(written) << written.error().what();
  QFile f(html);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  const QString text = QString::fromUtf8(f.readAll());
  for (const FigureKind& k : figureKinds())
    EXPECT_TRUE(text.contains(QStringLiteral("<figure id=\"figure-%1\"><svg").arg(k.name))) << k.name.toStdString() << " is not inline";
  const auto& set = *r.source.samples.front().set;
  EXPECT_TRUE(text.contains(QStringLiteral("Sample set %1").arg(r.source.samples.front().id)));
  for (const auto& c : set.columns)
    EXPECT_TRUE(text.contains(QString::fromStdString(c.text).toHtmlEscaped())) << "column " << c.label << "'s text";
  EXPECT_TRUE(text.contains(QStringLiteral("Zoom run %1").arg(r.source.zooms.back().id)));
  EXPECT_TRUE(text.contains(QString::fromStdString(r.source.zooms.back().prompts.front().text).toHtmlEscaped()));

  // Bounded: a scatter of more than 4,000 points is one embedded image, not one mark per point.
  const qsizetype mapStart = text.indexOf(QStringLiteral("<figure id=\"figure-map\">"));
  const QString mapFigure = text.mid(mapStart, text.indexOf(QStringLiteral("</figure>"), mapStart) - mapStart);
  const auto points = r.source.digest->run->projection.points.size();
  if (points > 4000) {
    EXPECT_TRUE(mapFigure.contains(QStringLiteral("<image"))) << "the dense scatter is rasterised";
    EXPECT_LT(mapFigure.count(QStringLiteral("<path")) + mapFigure.count(QStringLiteral("<ellipse")) +
                  mapFigure.count(QStringLiteral("<circle")),
              qsizetype(points) / 4);
  }
  std::cout << "[ report ] " << QFileInfo(html).size() << " bytes for " << points << " projected points\n";

  const QString shot = demoFile(QStringLiteral("report.png"));
  QFile::remove(shot);
  QString output;
  ASSERT_EQ(demoRunProgram(QStringLiteral("chromium"),
                       {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
                        QStringLiteral("--hide-scrollbars"), QStringLiteral("--window-size=1280,16000"),
                        QStringLiteral("--screenshot=") + shot, QUrl::fromLocalFile(html).toString()},
                       &output),
            0)
      << output.toStdString();
  const QImage image(shot);
  ASSERT_FALSE(image.isNull()) << output.toStdString();
  EXPECT_GT(demoColouredPixels(image), 5000) << "chromium drew the figures";
}

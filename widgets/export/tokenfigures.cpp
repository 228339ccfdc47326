// The figures over tokens: the token strip over a span, the projection scatter, the top-k comparison.
#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "widgets/display/mapcolors.h"
#include "widgets/display/metric.h"
#include "widgets/display/scalerange.h"
#include "widgets/export/figurepainter.h"
#include "widgets/export/figures.h"

namespace widgets {

namespace {

struct TokenFigures {
  Q_DECLARE_TR_FUNCTIONS(TokenFigures)
};

using core::analysis::DocumentResult;
using core::analysis::RunResult;

struct Peak {
  int document = 0, position = 0;
};

// Where the first tuned map moved furthest from the base (KL(base ‖ map)): the default place to look.
Peak klPeak(const RunResult& run) {
  const auto [document, position] = figureKlPeak(run);
  return Peak{document, position};
}

}  // namespace

std::pair<int, int> figureKlPeak(const RunResult& run) {
  struct {
    int document = 0, position = 0;
  } peak;
  int tuned = -1;
  for (std::size_t m = 1; m < run.maps.size() && tuned < 0; ++m)
    if (run.maps[m].role == core::analysis::MapRole::Tuned) tuned = int(m);
  if (tuned < 0) return {0, 0};
  float best = -1;
  // Every document's tracks, one at a time (a run opened from a session reads them from the file); one
  // that cannot be read has no peak.
  for (std::size_t d = 0; d < run.documents.size(); ++d) {
    if (run.documents[d].scored() == 0) continue;
    const auto doc = core::analysis::document_with_tracks(run, d, false);
    if (!doc) continue;
    for (std::size_t p = 0; p < (*doc)->scored(); ++p) {
      const float v = core::analysis::position_value(**doc, tuned, int(p), Metric::KlBaseTuned);
      if (v > best) {
        best = v;
        peak.document = int(d), peak.position = int(p);
      }
    }
  }
  return {peak.document, peak.position};
}

namespace {

QString tokenOf(const RunResult& run, std::int32_t id) {
  return id >= 0 && std::size_t(id) < run.token_texts.size() ? QString::fromStdString(run.token_texts[std::size_t(id)])
                                                             : QStringLiteral("#%1").arg(id);
}

core::Result<Metric> metricOption(const FigureOptions& options) {
  Metric metric = Metric::Nll;
  if (!options.metric.isEmpty() && !metricFromKey(options.metric, &metric)) {
    QStringList keys;
    for (const auto& m : core::analysis::position_metrics()) keys << QString::fromUtf8(m.key.data(), qsizetype(m.key.size()));
    return core::fail(core::ErrorCode::InvalidInput, "unknown metric \"" + options.metric.toStdString() +
                                                         "\" (metrics: " + keys.join(QStringLiteral(", ")).toStdString() + ")");
  }
  return metric;
}

core::Result<int> documentOption(const RunResult& run, int document, int fallback) {
  const int d = document >= 0 ? document : fallback;
  if (d < 0 || std::size_t(d) >= run.documents.size())
    return core::fail(core::ErrorCode::InvalidInput, "no document " + std::to_string(d) + " in this run (it has " +
                                                         std::to_string(run.documents.size()) + ", numbered from 0)");
  if (run.documents[std::size_t(d)].scored() == 0)
    return core::fail(core::ErrorCode::InvalidInput, "document " + std::to_string(d) + " has no scored positions");
  return d;
}

}  // namespace

core::Result<Figure> buildStripFigure(const FigureSource& source, const FigureOptions& options) {
  const RunResult& run = *source.digest->run;
  auto metric = metricOption(options);
  if (!metric) return std::unexpected(metric.error());
  const Peak peak = klPeak(run);
  auto document = documentOption(run, options.document, peak.document);
  if (!document) return std::unexpected(document.error());
  auto tracks = core::analysis::document_with_tracks(run, std::size_t(*document));
  if (!tracks) return std::unexpected(tracks.error());
  const DocumentResult& doc = **tracks;
  const int n = int(doc.scored());
  const int length = std::clamp(options.length, 1, 400);
  const int start = options.start >= 0 ? options.start : (*document == peak.document ? std::max(0, peak.position - length / 2) : 0);
  if (start >= n)
    return core::fail(core::ErrorCode::InvalidInput, "--start " + std::to_string(start) + " is past the document's " +
                                                         std::to_string(n) + " scored positions");
  const int end = std::min(n, start + length);
  Figure f;
  f.name = QStringLiteral("strip");
  f.title = TokenFigures::tr("%1 of every map over “%2”, positions %3–%4")
                .arg(metricLabel(*metric), QString::fromStdString(doc.name))
                .arg(start)
                .arg(end - 1);
  f.data.columns = {QStringLiteral("document"), QStringLiteral("position"), QStringLiteral("token_id"), QStringLiteral("token"),
                    QStringLiteral("map"), QStringLiteral("metric"), QStringLiteral("value")};
  FigurePanel panel;
  panel.kind = FigurePanel::Kind::Strip;
  for (int p = start; p < end; ++p) panel.tokens << tokenOf(run, doc.tokens[std::size_t(p) + 1]);
  // The range is taken over the shown span, as the view takes it over the shown document.
  ScaleRange range;
  range.percentile = std::clamp(options.scalePercentile, 1.0, 100.0);
  range.perMap = options.scalePerMap;
  std::vector<float> all;
  const QString key = metricKey(*metric);
  for (int m : figureOrder(source)) {
    FigureStripRow row{figureMapName(source, m), mapColor(m), {}, {}, {}};
    std::vector<float> own;
    for (int p = start; p < end; ++p) {
      const float v = metricValue(doc, m, p, *metric);
      row.values << v;
      all.push_back(v);
      own.push_back(v);
      f.data.rows << QVariantList{qint64(doc.index), p, doc.tokens[std::size_t(p) + 1], panel.tokens[p - start], row.map, key,
                                  std::isfinite(v) ? QVariant(double(v)) : QVariant()};
    }
    // A row with nothing to show (the base under a metric against the base) has no range to name.
    if (range.perMap && std::any_of(own.begin(), own.end(), [](float v) { return std::isfinite(v); })) {
      row.scale = rangeScale(*metric, own, range, false);
      row.range = scaleRangeLabel(range, *row.scale);
    }
    panel.rows << row;
  }
  panel.scale = rangeScale(*metric, all, range, false);
  if (range.perMap) {
    // Each row has its own range (beside its name): the bar shows the palette over a row's range.
    f.colorBar = ColorScale(*metric, metricIsLogScaled(*metric) ? 10 : 1, false);
    f.colorBarTitle = metricLabel(*metric) + TokenFigures::tr(" as a share of each row's range (grey: does not apply; "
                                                              "a notch: beyond the range)");
  } else {
    f.colorBar = panel.scale;
    f.colorBarTitle = metricLabel(*metric) + TokenFigures::tr(", every row %1 (grey: does not apply; a notch: beyond the range)")
                                                 .arg(scaleRangeLabel(range, panel.scale));
  }
  f.panels << panel;
  f.size = QSize(1100, 0);
  f.size.setHeight(110 + stripPanelHeight(panel, f.size.width() - 24));
  return f;
}

core::Result<Figure> buildMapFigure(const FigureSource& source, const FigureOptions& options) {
  const RunResult& run = *source.digest->run;
  auto metric = metricOption(options);
  if (!metric) return std::unexpected(metric.error());
  if (run.projection.points.empty())
    return core::fail(core::ErrorCode::InvalidInput, "this run has no projection (no sampled positions)");
  if (options.map < 0 || std::size_t(options.map) >= run.maps.size())
    return core::fail(core::ErrorCode::InvalidInput, "no map " + std::to_string(options.map) + " in this run (it has " +
                                                         std::to_string(run.maps.size()) + ", numbered from 0)");
  Figure f;
  f.name = QStringLiteral("map");
  f.title = TokenFigures::tr("The base map's projection, coloured by %1 of %2")
                .arg(metricLabel(*metric), figureMapName(source, options.map));
  f.size = QSize(760, 700);
  f.data.columns = {QStringLiteral("document"), QStringLiteral("position"), QStringLiteral("x"), QStringLiteral("y"),
                    QStringLiteral("map"), QStringLiteral("metric"), QStringLiteral("value")};
  FigurePanel panel;
  panel.xTitle = TokenFigures::tr("PC 1 (%1 % of variance)").arg(100 * run.projection.explained[0], 0, 'f', 1);
  panel.yTitle = TokenFigures::tr("PC 2 (%1 % of variance)").arg(100 * run.projection.explained[1], 0, 'f', 1);
  FigureSeries series{TokenFigures::tr("positions"), QColor(0x80, 0x80, 0x80), FigureSeries::Style::Points, {}, 0, {}};
  auto read = core::analysis::projection_values(run, options.map, *metric);
  if (!read) return std::unexpected(read.error());
  const std::vector<float>& values = *read;
  double x0 = HUGE_VAL, x1 = -HUGE_VAL, y0 = HUGE_VAL, y1 = -HUGE_VAL;
  for (const auto& pt : run.projection.points) {
    series.points << QPointF(pt.x, pt.y);
    x0 = std::min(x0, double(pt.x)), x1 = std::max(x1, double(pt.x));
    y0 = std::min(y0, double(pt.y)), y1 = std::max(y1, double(pt.y));
  }
  const ColorScale scale(*metric, robustExtent(values), false);
  const QString key = metricKey(*metric), map = figureMapName(source, options.map);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& pt = run.projection.points[i];
    series.pointColors << scale.color(values[i]);
    f.data.rows << QVariantList{qint64(run.documents[std::size_t(pt.document)].index), pt.position, double(pt.x), double(pt.y),
                                map, key, std::isfinite(values[i]) ? QVariant(double(values[i])) : QVariant()};
  }
  const double px = (x1 - x0) * 0.04 + 1e-9, py = (y1 - y0) * 0.04 + 1e-9;
  panel.xMin = x0 - px, panel.xMax = x1 + px, panel.yMin = y0 - py, panel.yMax = y1 + py;
  panel.series << series;
  f.colorBar = scale;
  f.colorBarTitle = metricLabel(*metric);
  f.panels << panel;
  return f;
}

core::Result<Figure> buildTopKFigure(const FigureSource& source, const FigureOptions& options) {
  const RunResult& run = *source.digest->run;
  const Peak peak = klPeak(run);
  auto document = documentOption(run, options.document, peak.document);
  if (!document) return std::unexpected(document.error());
  auto tracks = core::analysis::document_with_tracks(run, std::size_t(*document));
  if (!tracks) return std::unexpected(tracks.error());
  const DocumentResult& doc = **tracks;
  const int position = options.position >= 0 ? options.position : (*document == peak.document ? peak.position : 0);
  if (position >= int(doc.scored()))
    return core::fail(core::ErrorCode::InvalidInput, "--position " + std::to_string(position) + " is past the document's " +
                                                         std::to_string(doc.scored()) + " scored positions");
  const std::int32_t truth = doc.tokens[std::size_t(position) + 1];
  // The tokens any map puts in its top k, most probable under the base first.
  std::vector<std::int32_t> ids;
  for (int m : figureOrder(source)) {
    const auto& t = doc.maps[std::size_t(m)];
    for (int j = 0; j < t.top_k; ++j) {
      const std::int32_t id = t.top_ids[std::size_t(position) * std::size_t(t.top_k) + std::size_t(j)];
      if (std::find(ids.begin(), ids.end(), id) == ids.end() && ids.size() < 14) ids.push_back(id);
    }
  }
  Figure f;
  f.name = QStringLiteral("topk");
  f.title = TokenFigures::tr("Top-%1 of every map at position %2 of “%3” (truth: “%4”)")
                .arg(doc.maps.front().top_k)
                .arg(position)
                .arg(QString::fromStdString(doc.name), tokenOf(run, truth));
  f.size = QSize(1000, 520);
  f.data.columns = {QStringLiteral("document"), QStringLiteral("position"), QStringLiteral("map"), QStringLiteral("rank"),
                    QStringLiteral("token_id"), QStringLiteral("token"), QStringLiteral("p")};
  FigurePanel panel;
  panel.kind = FigurePanel::Kind::Bars;
  panel.xTitle = TokenFigures::tr("candidate next token (✓ = the territory's token; a missing bar: outside that map's top k)");
  panel.yTitle = TokenFigures::tr("probability p");
  for (std::int32_t id : ids) panel.categories << (id == truth ? QStringLiteral("✓ ") : QString()) + tokenOf(run, id);
  for (int m : figureOrder(source)) {
    const auto& t = doc.maps[std::size_t(m)];
    FigureBarGroup g{figureMapName(source, m), mapColor(m), {}};
    g.values = QList<double>(qsizetype(ids.size()), NAN);
    for (int j = 0; j < t.top_k; ++j) {
      const std::size_t at = std::size_t(position) * std::size_t(t.top_k) + std::size_t(j);
      const auto it = std::find(ids.begin(), ids.end(), t.top_ids[at]);
      if (it != ids.end()) g.values[it - ids.begin()] = double(t.top_p[at]);
      f.data.rows << QVariantList{qint64(doc.index), position, g.name, j + 1, t.top_ids[at], tokenOf(run, t.top_ids[at]),
                                  double(t.top_p[at])};
    }
    panel.groups << g;
    f.legend << FigureLegendEntry{g.name, g.color, FigureLegendEntry::Shape::Box};
  }
  f.panels << panel;
  return f;
}

}  // namespace widgets

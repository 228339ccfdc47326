// The run-level figures: histograms, reliability, quadrants, lineage small multiples and metadata bars.
#include "widgets/export/figures.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "core/analysis/fields.h"
#include "widgets/display/format.h"
#include "widgets/display/mapcolors.h"

namespace widgets {

namespace {

struct Figures {
  Q_DECLARE_TR_FUNCTIONS(Figures)
};

using core::analysis::Histogram;

Figure histogramFigure(const FigureSource& source, const QString& name, const QString& title,
                       const std::vector<Histogram>& histograms, bool tunedOnly, const QString& xTitle) {
  Figure f;
  f.name = name;
  f.title = title;
  f.data.columns = {QStringLiteral("map"), QStringLiteral("bin_low"), QStringLiteral("bin_high"), QStringLiteral("count")};
  FigurePanel panel;
  panel.xTitle = xTitle;
  panel.yTitle = Figures::tr("positions (count per bin)");
  bool first = true;
  double ymax = 1;
  for (int m : figureOrder(source)) {
    if (tunedOnly && m == 0) continue;
    const Histogram& h = histograms[std::size_t(m)];
    if (h.counts.empty()) continue;
    FigureSeries s{figureMapName(source, m), mapColor(m), FigureSeries::Style::Steps, {}, 0, {}};
    s.binWidth = (h.hi - h.lo) / double(h.counts.size());
    for (std::size_t b = 0; b < h.counts.size(); ++b) {
      const double lo = h.lo + s.binWidth * double(b);
      s.points << QPointF(lo, double(h.counts[b]));
      ymax = std::max(ymax, double(h.counts[b]));
      f.data.rows << QVariantList{s.name, lo, lo + s.binWidth, qint64(h.counts[b])};
    }
    if (first) {
      panel.xMin = h.lo;
      panel.xMax = h.hi;
      first = false;
    }
    panel.series << s;
    f.legend << FigureLegendEntry{s.name, s.color, FigureLegendEntry::Shape::Box};
  }
  panel.yMax = ymax * 1.06;
  f.panels << panel;
  return f;
}

Figure reliabilityFigure(const FigureSource& source) {
  const RunDigest& d = *source.digest;
  Figure f;
  f.name = QStringLiteral("reliability");
  f.title = Figures::tr("Reliability diagram (%1 equal-width confidence bins)").arg(core::analysis::kCalibrationBins);
  f.size = QSize(720, 640);
  f.data.columns = {QStringLiteral("map"), QStringLiteral("bin"), QStringLiteral("count"), QStringLiteral("confidence"),
                    QStringLiteral("accuracy"), QStringLiteral("ece")};
  FigurePanel panel;
  panel.xTitle = Figures::tr("confidence: max p (share)");
  panel.yTitle = Figures::tr("accuracy: share of argmax = truth");
  panel.diagonal = true;
  for (int m : figureOrder(source)) {
    const auto& s = d.summaries[std::size_t(m)];
    FigureSeries series{figureMapName(source, m), mapColor(m), FigureSeries::Style::Line, {}, 0, {}};
    for (int b = 0; b < core::analysis::kCalibrationBins; ++b) {
      const auto& bin = s.reliability[std::size_t(b)];
      if (bin.count == 0) continue;
      const double conf = bin.confidence_sum / double(bin.count), acc = bin.correct_sum / double(bin.count);
      series.points << QPointF(conf, acc);
      f.data.rows << QVariantList{series.name, b, qint64(bin.count), conf, acc, s.ece};
    }
    panel.series << series;
    f.legend << FigureLegendEntry{Figures::tr("%1 (ECE %2)").arg(series.name).arg(s.ece, 0, 'f', 3), series.color,
                                  FigureLegendEntry::Shape::Line};
  }
  f.legend << FigureLegendEntry{Figures::tr("perfectly calibrated"), QColor(0x70, 0x70, 0x70), FigureLegendEntry::Shape::Dashed};
  f.panels << panel;
  return f;
}

Figure quadrantsFigure(const FigureSource& source) {
  const RunDigest& d = *source.digest;
  const auto& t = source.thresholds;
  Figure f;
  f.name = QStringLiteral("quadrants");
  f.title = Figures::tr("Fidelity quadrants of each map");
  f.data.columns = {QStringLiteral("map"), QStringLiteral("known"), QStringLiteral("blank"), QStringLiteral("misdrawn"),
                    QStringLiteral("known_percent"), QStringLiteral("blank_percent"), QStringLiteral("misdrawn_percent")};
  FigurePanel panel;
  panel.kind = FigurePanel::Kind::Bars;
  panel.stacked = true;
  panel.yTitle = Figures::tr("share of scored positions (%)");
  panel.xTitle = Figures::tr("map");
  panel.groups = {FigureBarGroup{Figures::tr("known (NLL ≤ %1 nats)").arg(t.high_nll), QColor(0x009E73), {}},
                  FigureBarGroup{Figures::tr("blank (NLL > %1, entropy > %2 nats)").arg(t.high_nll).arg(t.high_entropy),
                                 QColor(0x999999), {}},
                  FigureBarGroup{Figures::tr("misdrawn (NLL > %1, entropy ≤ %2 nats)").arg(t.high_nll).arg(t.high_entropy),
                                 QColor(0xD55E00), {}}};
  for (int m : figureOrder(source)) {
    const auto& q = d.summaries[std::size_t(m)].quadrants;
    const double n = double(std::max<std::int64_t>(1, q.known + q.blank + q.misdrawn));
    panel.categories << figureMapName(source, m);
    const double k = 100.0 * double(q.known) / n, b = 100.0 * double(q.blank) / n, x = 100.0 * double(q.misdrawn) / n;
    panel.groups[0].values << k;
    panel.groups[1].values << b;
    panel.groups[2].values << x;
    f.data.rows << QVariantList{figureMapName(source, m), qint64(q.known), qint64(q.blank), qint64(q.misdrawn), k, b, x};
  }
  for (const FigureBarGroup& g : panel.groups) f.legend << FigureLegendEntry{g.name, g.color, FigureLegendEntry::Shape::Box};
  f.panels << panel;
  return f;
}

Figure lineageFigure(const FigureSource& source) {
  const RunDigest& d = *source.digest;
  Figure f;
  f.name = QStringLiteral("lineage");
  f.title = Figures::tr("Every metric along the lineage");
  f.columns = 3;
  f.data.columns = {QStringLiteral("field"), QStringLiteral("unit"), QStringLiteral("map"), QStringLiteral("value")};
  std::vector<int> steps;
  bool zoom = false;
  for (int m : figureOrder(source))
    if (d.run->maps[std::size_t(m)].role != core::analysis::MapRole::Zoomed) {
      steps.push_back(m);
      zoom = zoom || d.summaries[std::size_t(m)].has_zoom;
    }
  for (int m : steps) f.legend << FigureLegendEntry{figureMapName(source, m), mapColor(m), FigureLegendEntry::Shape::Box};
  for (const core::analysis::SummaryField& field : core::analysis::summary_fields()) {
    if (!field.in_table || field.format == core::analysis::Format::Count) continue;
    if (field.applies == core::analysis::Applies::Zoom && !zoom) continue;
    const bool percent = field.format == core::analysis::Format::Percent;
    const QString unit = percent ? QStringLiteral("%") : QString::fromUtf8(field.unit.data(), qsizetype(field.unit.size()));
    FigurePanel panel;
    panel.kind = FigurePanel::Kind::Bars;
    panel.title = fieldTitle(field);
    panel.yTitle = unit.isEmpty() ? fieldLabel(field) : QStringLiteral("%1 (%2)").arg(fieldLabel(field), unit);
    FigureBarGroup group{fieldLabel(field), QColor(0x80, 0x80, 0x80), {}};
    for (int m : steps) {
      const double v = (percent ? 100 : 1) * core::analysis::summary_value(field, d.run->maps[std::size_t(m)],
                                                                            d.summaries[std::size_t(m)]);
      panel.categories << figureMapName(source, m);
      panel.categoryColors << mapColor(m);
      group.values << v;
      f.data.rows << QVariantList{QString::fromUtf8(field.key.data(), qsizetype(field.key.size())), unit,
                                  figureMapName(source, m), std::isfinite(v) ? QVariant(v) : QVariant()};
    }
    panel.groups << group;
    f.panels << panel;
  }
  f.size = QSize(1140, 110 + 250 * int((f.panels.size() + 2) / 3));
  return f;
}

core::Result<Figure> metadataFigure(const FigureSource& source, const FigureOptions& options) {
  const RunDigest& d = *source.digest;
  if (d.metadata.empty())
    return core::fail(core::ErrorCode::InvalidInput, "this run's territory has no metadata fields to group by");
  const core::analysis::MetadataGrouping* grouping = &d.metadata.front();
  QStringList fields;
  for (const auto& g : d.metadata) {
    fields << QString::fromStdString(g.field);
    if (QString::fromStdString(g.field) == options.field) grouping = &g;
  }
  if (!options.field.isEmpty() && QString::fromStdString(grouping->field) != options.field)
    return core::fail(core::ErrorCode::InvalidInput, "no metadata field \"" + options.field.toStdString() +
                                                         "\" (fields: " + fields.join(QStringLiteral(", ")).toStdString() + ")");
  const QString field = QString::fromStdString(grouping->field);
  Figure f;
  f.name = QStringLiteral("metadata");
  f.title = Figures::tr("Mean Δ NLL of each tuned map by %1").arg(field);
  f.data.columns = {QStringLiteral("field"), QStringLiteral("value"), QStringLiteral("map"), QStringLiteral("positions"),
                    QStringLiteral("mean_delta_nll")};
  FigurePanel panel;
  panel.kind = FigurePanel::Kind::Bars;
  panel.xTitle = field;
  panel.yTitle = Figures::tr("mean Δ NLL, map − base (nats)");
  const std::size_t shown = std::min<std::size_t>(12, grouping->groups.size());
  for (std::size_t i = 0; i < shown; ++i) panel.categories << QString::fromStdString(grouping->groups[i].value);
  for (int m : figureOrder(source)) {
    if (m == 0) continue;
    FigureBarGroup g{figureMapName(source, m), mapColor(m), {}};
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& group = grouping->groups[i];
      const double v = core::analysis::group_statistic(group, std::size_t(m), core::analysis::GroupStatistic::MeanDeltaNll);
      g.values << v;
      f.data.rows << QVariantList{field, QString::fromStdString(group.value), g.name, qint64(group.maps[std::size_t(m)].tokens), v};
    }
    panel.groups << g;
    f.legend << FigureLegendEntry{g.name, g.color, FigureLegendEntry::Shape::Box};
  }
  f.panels << panel;
  return f;
}

}  // namespace

const QList<FigureKind>& figureKinds() {
  const auto names = [](std::initializer_list<const char*> list) {
    QStringList out;
    for (const char* n : list) out << QString::fromLatin1(n);
    return out;
  };
  static const QList<FigureKind> kinds = {
      {QStringLiteral("delta-nll"), Figures::tr("histogram of Δ NLL per position, each tuned map against the base")},
      {QStringLiteral("kl"), Figures::tr("histogram of KL(base ‖ map) per position")},
      {QStringLiteral("entropy"), Figures::tr("histogram of each map's entropy per position")},
      {QStringLiteral("reliability"), Figures::tr("reliability diagram (calibration) of every map, with ECE")},
      {QStringLiteral("quadrants"), Figures::tr("fidelity quadrants: known, blank and misdrawn positions per map")},
      {QStringLiteral("lineage"), Figures::tr("small multiples: every summary metric along the lineage")},
      {QStringLiteral("metadata"), Figures::tr("mean Δ NLL per metadata value (--field) for each tuned map"), false, names({"field"})},
      {QStringLiteral("strip"), Figures::tr("token strip over a span (--document, --start, --length) with every map"), false,
       names({"document", "start", "length", "metric", "percentile", "shared-scale"})},
      {QStringLiteral("map"), Figures::tr("the projection scatter coloured by a metric (--metric, --map)"), false, names({"metric", "map"})},
      {QStringLiteral("topk"), Figures::tr("top-k comparison of every map at one position (--document, --position)"), false,
       names({"document", "position"})},
      {QStringLiteral("zoom-ranking"), Figures::tr("share of each tuned map's KL each prompt of a zoom run recovers (--zoom)"), true,
       names({"zoom"})},
      {QStringLiteral("zoom-token"),
       Figures::tr("zoom at a token: base, base ⊕ prompt and tuned maps' probabilities (--zoom, --prompt, --document, --position)"), true,
       names({"zoom", "prompt", "document", "position"})},
      {QStringLiteral("samples"), Figures::tr("a stored sample set's columns side by side, coloured by −log p under the base (--sample-set)"),
       true, names({"sample-set"})},
  };
  return kinds;
}

QStringList figureNames() {
  QStringList names;
  for (const FigureKind& k : figureKinds()) names << k.name;
  return names;
}

QString figureMapName(const FigureSource& source, int map) {
  if (map >= 0 && map < source.mapNames.size()) return source.mapNames[map];
  return QString::fromStdString(source.digest->run->maps[std::size_t(map)].name);
}

std::vector<int> figureOrder(const FigureSource& source) {
  if (!source.order.empty()) return source.order;
  std::vector<int> order(source.digest->run->maps.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = int(i);
  return order;
}

core::Result<Figure> buildFigure(const QString& name, const FigureSource& source, const FigureOptions& options, core::Job& job) {
  if (!source.digest || !source.digest->run)
    return core::fail(core::ErrorCode::InvalidInput, "no run is summarised yet: there is nothing to draw");
  const RunDigest& d = *source.digest;
  if (name == QLatin1String("delta-nll"))
    return histogramFigure(source, name, Figures::tr("Δ NLL per position (map − base)"), d.delta_nll, true,
                           Figures::tr("−log p(map) + log p(base) (nats); > 0: the map is less sure of the truth"));
  if (name == QLatin1String("kl"))
    return histogramFigure(source, name, Figures::tr("KL(base ‖ map) per position"), d.kl_base_tuned, true,
                           Figures::tr("KL(base ‖ map) (nats)"));
  if (name == QLatin1String("entropy"))
    return histogramFigure(source, name, Figures::tr("Entropy of each map per position"), d.entropy, false,
                           Figures::tr("entropy H (nats)"));
  if (name == QLatin1String("reliability")) return reliabilityFigure(source);
  if (name == QLatin1String("quadrants")) return quadrantsFigure(source);
  if (name == QLatin1String("lineage")) return lineageFigure(source);
  if (name == QLatin1String("metadata")) return metadataFigure(source, options);
  if (name == QLatin1String("strip")) return buildStripFigure(source, options);
  if (name == QLatin1String("map")) return buildMapFigure(source, options);
  if (name == QLatin1String("topk")) return buildTopKFigure(source, options);
  if (name == QLatin1String("zoom-ranking")) return buildZoomRankingFigure(source, options);
  if (name == QLatin1String("zoom-token")) return buildZoomTokenFigure(source, options, job);
  if (name == QLatin1String("samples")) return buildSamplesFigure(source, options);
  return core::fail(core::ErrorCode::InvalidInput, "unknown figure \"" + name.toStdString() +
                                                       "\" (figures: " + figureNames().join(QStringLiteral(", ")).toStdString() + ")");
}

}  // namespace widgets

// The studio's figures: the zoom ranking of a zoom run, zoom at a token and a sample set's columns.
// They read what the studio stored (FigureSource::zooms and ::samples, studiosource.h); zoom at a
// token recomputes its one position from the maps' files, as the studio does (core/analysis/token_zoom.h).
#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "core/analysis/token_zoom.h"
#include "core/model/checkpoint.h"
#include "widgets/display/mapcolors.h"
#include "widgets/display/metric.h"
#include "widgets/export/figurepainter.h"
#include "widgets/export/figures.h"

namespace widgets {

namespace {

struct StudioFigures {
  Q_DECLARE_TR_FUNCTIONS(StudioFigures)
};

using core::analysis::RunResult;

// The zoomed base's colour, as the studio's ZoomBars draw it.
const QColor kZoomedColor(110, 80, 170);
// −log p drawn at full colour in the sampling columns (samplecolumns.cpp): e^-8, a token the base all but ruled out.
constexpr double kSampleNllExtent = 8.0;

QString tokenText(const RunResult& run, std::int32_t id) {
  return id >= 0 && std::size_t(id) < run.token_texts.size() ? QString::fromStdString(run.token_texts[std::size_t(id)])
                                                             : QStringLiteral("#%1").arg(id);
}

QString oneLine(QString s) { return s.replace(QLatin1Char('\n'), QStringLiteral("\\n")); }

core::Result<const FigureZoomRun*> zoomRun(const FigureSource& source, qint64 id) {
  if (source.zooms.empty())
    return core::fail(core::ErrorCode::InvalidInput,
                      "this run has no zoom run: zoom it with prompts first (the Studio's Zoom tab, or cartograph-cli zoom "
                      "--session)");
  if (id == 0) return &source.zooms.back();
  QStringList ids;
  for (const FigureZoomRun& z : source.zooms) {
    if (z.id == id) return &z;
    ids << QString::number(z.id);
  }
  return core::fail(core::ErrorCode::InvalidInput, "no zoom run " + std::to_string(id) + " on this run (zoom runs: " +
                                                       ids.join(QStringLiteral(", ")).toStdString() + ")");
}

QString figurePromptLabel(const core::analysis::ZoomPrompt& p) {
  const QString text = oneLine(QString::fromStdString(p.text));
  const QString name = QString::fromStdString(p.name);
  return name.isEmpty() || name == text ? QStringLiteral("“%1”").arg(text) : QStringLiteral("%1: “%2”").arg(name, text);
}

// Short enough for an axis category or a title: the prompt's name, else its text.
QString promptShort(const core::analysis::ZoomPrompt& p) {
  return p.name.empty() ? QStringLiteral("“%1”").arg(oneLine(QString::fromStdString(p.text))) : QString::fromStdString(p.name);
}

QString promptProvenance(const FigureZoomRun& zoom, const core::analysis::ZoomPrompt& p) {
  return StudioFigures::tr("prompt %1 (prompt version %2) of zoom run %3").arg(figurePromptLabel(p)).arg(p.version_id).arg(zoom.id);
}

}  // namespace

core::Result<Figure> buildZoomRankingFigure(const FigureSource& source, const FigureOptions& options) {
  auto found = zoomRun(source, options.zoom);
  if (!found) return std::unexpected(found.error());
  const FigureZoomRun& zoom = **found;
  Figure f;
  f.name = QStringLiteral("zoom-ranking");
  f.title = StudioFigures::tr("Share of each tuned map's KL each prompt recovers (zoom run %1)").arg(zoom.id);
  f.data.columns = {QStringLiteral("zoom_run"), QStringLiteral("prompt"), QStringLiteral("prompt_version"), QStringLiteral("map"),
                    QStringLiteral("tokens"), QStringLiteral("k0"), QStringLiteral("kp"), QStringLiteral("zoom_recovered_percent")};
  FigurePanel panel;
  panel.kind = FigurePanel::Kind::Bars;
  panel.xTitle = StudioFigures::tr("conditioning prompt on the base map");
  panel.yTitle = StudioFigures::tr("zoom recovered: 1 − K_P / K_0 (%)");
  QStringList versions;
  for (const auto& p : zoom.prompts) {
    panel.categories << promptShort(p);
    versions << StudioFigures::tr("%1 (version %2)").arg(figurePromptLabel(p)).arg(p.version_id);
  }
  // One bar group per tuned map, in the figures' order.
  for (int m : figureOrder(source)) {
    if (m == 0 || source.digest->run->maps[std::size_t(m)].role == core::analysis::MapRole::Zoomed) continue;
    FigureBarGroup g{figureMapName(source, m), mapColor(m), QList<double>(qsizetype(zoom.prompts.size()), NAN)};
    bool any = false;
    for (const core::analysis::ZoomRow& r : zoom.rows) {
      if (r.map != m || r.prompt < 0 || std::size_t(r.prompt) >= zoom.prompts.size()) continue;
      const double percent = 100 * r.zoom_recovered;
      g.values[r.prompt] = std::isfinite(percent) ? percent : NAN;
      any = true;
      const auto& p = zoom.prompts[std::size_t(r.prompt)];
      f.data.rows << QVariantList{zoom.id, QString::fromStdString(p.text), qint64(p.version_id), g.name, qint64(r.tokens), r.k0, r.kp,
                                  std::isfinite(percent) ? QVariant(percent) : QVariant()};
    }
    if (!any) continue;
    panel.groups << g;
    f.legend << FigureLegendEntry{g.name, g.color, FigureLegendEntry::Shape::Box};
  }
  f.panels << panel;
  f.size = QSize(std::max(860, 160 + 110 * int(zoom.prompts.size())), 520);
  f.provenance = StudioFigures::tr("zoom run %1 with prompts %2").arg(zoom.id).arg(versions.join(QStringLiteral(", ")));
  return f;
}

core::Result<Figure> buildZoomTokenFigure(const FigureSource& source, const FigureOptions& options, core::Job& job) {
  const RunResult& run = *source.digest->run;
  auto found = zoomRun(source, options.zoom);
  if (!found) return std::unexpected(found.error());
  const FigureZoomRun& zoom = **found;
  if (zoom.prompts.empty()) return core::fail(core::ErrorCode::InvalidInput, "zoom run " + std::to_string(zoom.id) + " has no prompts");
  int prompt = options.prompt;
  if (prompt < 0) {  // the prompt that recovers most of the first tuned map's KL
    double best = -HUGE_VAL;
    prompt = 0;
    for (const auto& r : zoom.rows)
      if (r.map == 1 && r.zoom_recovered > best) best = r.zoom_recovered, prompt = r.prompt;
  }
  if (std::size_t(prompt) >= zoom.prompts.size())
    return core::fail(core::ErrorCode::InvalidInput, "--prompt " + std::to_string(prompt) + ": zoom run " + std::to_string(zoom.id) +
                                                         " has " + std::to_string(zoom.prompts.size()) + " prompts, numbered from 0");
  const auto [peakDocument, peakPosition] = figureKlPeak(run);
  const int document = options.document >= 0 ? options.document : peakDocument;
  if (std::size_t(document) >= run.documents.size())
    return core::fail(core::ErrorCode::InvalidInput, "no document " + std::to_string(document) + " in this run (it has " +
                                                         std::to_string(run.documents.size()) + ", numbered from 0)");
  auto tracks = core::analysis::document_with_tracks(run, std::size_t(document));
  if (!tracks) return std::unexpected(tracks.error());
  const auto& doc = **tracks;
  const int position = options.position >= 0 ? options.position : (document == peakDocument ? peakPosition : 0);
  if (std::size_t(position) >= doc.scored())
    return core::fail(core::ErrorCode::InvalidInput, "--position " + std::to_string(position) + " is past the document's " +
                                                         std::to_string(doc.scored()) + " scored positions");
  // The maps as the studio loads them (zoomstudio.cpp): the run's files, the zoomed base left out.
  std::vector<core::model::Checkpoint> maps;
  std::vector<std::string> names;
  std::vector<int> mapIndex;
  core::model::LoadOptions load;
  load.hash_weights = false;
  for (std::size_t m = 0; m < run.maps.size(); ++m) {
    if (run.maps[m].role == core::analysis::MapRole::Zoomed) continue;
    auto c = core::model::load_checkpoint(run.maps[m].path, load, job);
    if (!c) return std::unexpected(c.error());
    maps.push_back(std::move(*c));
    names.push_back(figureMapName(source, int(m)).toStdString());
    mapIndex.push_back(int(m));
  }
  core::analysis::TokenZoomer zoomer(std::move(maps), names, run.window, run.stride, run.settings.stride, run.settings.top_k);
  const auto& zp = zoom.prompts[std::size_t(prompt)];
  if (auto ok = zoomer.set_prompt(zp.text); !ok) return std::unexpected(ok.error());
  if (auto ok = zoomer.prepare(doc.tokens, job); !ok) return std::unexpected(ok.error());
  auto z = zoomer.at(position);
  if (!z) return std::unexpected(z.error());

  Figure f;
  f.name = QStringLiteral("zoom-token");
  f.title = StudioFigures::tr("Zoom at position %1 of “%2” (truth “%3”), prompt %4")
                .arg(position)
                .arg(QString::fromStdString(doc.name), tokenText(run, z->target), promptShort(zp));
  f.size = QSize(1000, 560);
  f.data.columns = {QStringLiteral("document"), QStringLiteral("position"), QStringLiteral("column"), QStringLiteral("token_id"),
                    QStringLiteral("token"), QStringLiteral("p"), QStringLiteral("kl_tuned_base"), QStringLiteral("kl_tuned_zoomed"),
                    QStringLiteral("recovered")};
  FigurePanel panel;
  panel.kind = FigurePanel::Kind::Bars;
  panel.xTitle = StudioFigures::tr("candidate next token (✓ = the territory's token), the base's most probable first");
  panel.yTitle = StudioFigures::tr("probability p");
  for (std::int32_t id : z->ids) panel.categories << (id == z->target ? QStringLiteral("✓ ") : QString()) + tokenText(run, id);
  for (std::size_t c = 0; c < z->columns.size(); ++c) {
    const QString name = c == 0   ? figureMapName(source, 0)
                         : c == 1 ? StudioFigures::tr("%1 ⊕ prompt").arg(figureMapName(source, 0))
                                  : QString::fromStdString(z->columns[c]);
    const QColor color = c == 0 ? mapColor(0) : c == 1 ? kZoomedColor : mapColor(mapIndex[c - 1]);
    FigureBarGroup g{name, color, {}};
    const bool tuned = c >= 2;
    const QVariant klTb = tuned ? QVariant(z->kl_tb[c - 2]) : QVariant(), klTz = tuned ? QVariant(z->kl_tz[c - 2]) : QVariant();
    const QVariant rec = tuned && std::isfinite(z->recovered[c - 2]) ? QVariant(z->recovered[c - 2]) : QVariant();
    for (std::size_t i = 0; i < z->ids.size(); ++i) {
      g.values << double(z->p[c][i]);
      f.data.rows << QVariantList{qint64(doc.index), position, name, z->ids[i], tokenText(run, z->ids[i]), double(z->p[c][i]), klTb, klTz, rec};
    }
    panel.groups << g;
    QString label = name;
    if (tuned)
      label = StudioFigures::tr("%1: KL to base %2, to base ⊕ prompt %3 nats (%4 % recovered)")
                  .arg(name)
                  .arg(z->kl_tb[c - 2], 0, 'f', 3)
                  .arg(z->kl_tz[c - 2], 0, 'f', 3)
                  .arg(100 * z->recovered[c - 2], 0, 'f', 1);
    f.legend << FigureLegendEntry{label, color, FigureLegendEntry::Shape::Box};
  }
  f.panels << panel;
  f.provenance = promptProvenance(zoom, zp) + StudioFigures::tr(", document %1, scored position %2").arg(doc.index).arg(position);
  return f;
}

core::Result<Figure> buildSamplesFigure(const FigureSource& source, const FigureOptions& options) {
  if (source.samples.empty())
    return core::fail(core::ErrorCode::InvalidInput,
                      "this session stores no sample sets: sample the maps side by side first (the Studio's Sampling tab)");
  const FigureSampleSet* chosen = &source.samples.front();
  if (options.sampleSet != 0) {
    chosen = nullptr;
    QStringList ids;
    for (const FigureSampleSet& s : source.samples) {
      if (s.id == options.sampleSet) chosen = &s;
      ids << QString::number(s.id);
    }
    if (!chosen)
      return core::fail(core::ErrorCode::InvalidInput, "no sample set " + std::to_string(options.sampleSet) +
                                                           " in this session (sample sets: " +
                                                           ids.join(QStringLiteral(", ")).toStdString() + ")");
  }
  const core::analysis::SampleSet& set = *chosen->set;
  const auto& st = set.settings;
  Figure f;
  f.name = QStringLiteral("samples");
  f.title = StudioFigures::tr("The maps sampled side by side from “%1” (sample set %2)")
                .arg(oneLine(QString::fromStdString(st.prompt)))
                .arg(chosen->id);
  f.data.columns = {QStringLiteral("sample_set"), QStringLiteral("column"), QStringLiteral("label"), QStringLiteral("index"),
                    QStringLiteral("token_id"), QStringLiteral("token"), QStringLiteral("nll_base"), QStringLiteral("logp_own")};
  const ColorScale scale(Metric::Nll, kSampleNllExtent);
  f.colorBar = scale;
  f.colorBarTitle = StudioFigures::tr("−log p under the base map (nats)");
  f.size = QSize(1100, 0);
  int tallest = 0, tuned = 0;
  for (std::size_t c = 0; c < set.columns.size(); ++c) {
    const auto& col = set.columns[c];
    const QString label = QString::fromStdString(col.label);
    // Colours as the run's maps have them: tuned maps in order; the amplified map darker than its tuned map.
    QColor color = mapColor(0);
    if (col.kind == core::analysis::ColumnKind::Zoomed) color = kZoomedColor;
    if (col.kind == core::analysis::ColumnKind::Tuned) color = mapColor(1 + tuned++);
    if (col.kind == core::analysis::ColumnKind::Amplified) color = mapColor(1 + std::max(0, st.amplified_tuned)).darker(150);
    FigurePanel panel;
    panel.kind = FigurePanel::Kind::Strip;
    panel.scale = scale;
    FigureStripRow row{label, color, {}, {}, {}};
    double sum = 0;
    for (std::size_t i = 0; i < col.ids.size(); ++i) {
      const QString piece = i < col.pieces.size() ? QString::fromStdString(col.pieces[i]) : QStringLiteral("#%1").arg(col.ids[i]);
      const bool scored = !col.logp.empty() && i < col.logp[0].size();
      const float nll = scored ? -col.logp[0][i] : NAN;
      const bool own = c < col.logp.size() && i < col.logp[c].size();
      panel.tokens << piece;
      row.values << nll;
      if (scored) sum += nll;
      f.data.rows << QVariantList{chosen->id, qint64(c), label, qint64(i), col.ids[i], piece,
                                  scored ? QVariant(double(nll)) : QVariant(), own ? QVariant(double(col.logp[c][i])) : QVariant()};
    }
    panel.rows << row;
    panel.title = StudioFigures::tr("%1: %2 tokens, mean −log p under the base %3 nats, stopped by %4")
                      .arg(label)
                      .arg(col.ids.size())
                      .arg(col.ids.empty() ? 0.0 : sum / double(col.ids.size()), 0, 'f', 2)
                      .arg(QString::fromStdString(col.stop_reason));
    tallest = std::max(tallest, stripPanelHeight(panel, f.size.width() - 24));
    f.legend << FigureLegendEntry{label, color, FigureLegendEntry::Shape::Box};
    f.panels << panel;
  }
  // Every panel gets the tallest one's height (figurepainter.cpp lays panels out in equal cells).
  f.size.setHeight(150 + int(f.panels.size()) * (tallest + 36));
  QString amplified;
  if (st.amplified_tuned >= 0) amplified = StudioFigures::tr(", amplification α = %1").arg(st.amplification);
  f.provenance = StudioFigures::tr("sample set %1: prompt “%2”%3, temperature %4, top-p %5, seed %6, at most %7 new tokens%8")
                     .arg(chosen->id)
                     .arg(oneLine(QString::fromStdString(st.prompt)),
                          st.zoom_prompt.empty() ? QString()
                                                 : StudioFigures::tr(", zoom prompt “%1”").arg(oneLine(QString::fromStdString(st.zoom_prompt))))
                     .arg(st.temperature)
                     .arg(st.top_p)
                     .arg(qulonglong(st.seed))
                     .arg(qlonglong(st.max_new_tokens))
                     .arg(amplified);
  return f;
}

}  // namespace widgets

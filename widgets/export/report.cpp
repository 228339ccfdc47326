#include "widgets/export/report.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <algorithm>

#include "core/analysis/fields.h"
#include "widgets/display/format.h"
#include "widgets/export/figurefile.h"

namespace widgets {

namespace {

struct Report {
  Q_DECLARE_TR_FUNCTIONS(Report)
};

// Above this many points a scatter is one embedded image in the report's SVG (figurepainter.h): the
// full demo's 50,000-point map figure made an 11 MB HTML file; its sidecar keeps every point.
constexpr int kReportVectorPoints = 4000;

QString esc(const QString& s) { return s.toHtmlEscaped(); }
// Markdown table cells: pipes and line breaks would end the cell.
QString md(QString s) { return s.replace(QLatin1Char('|'), QStringLiteral("\\|")).replace(QLatin1Char('\n'), QLatin1Char(' ')); }

// A table as HTML or Markdown.
QString table(ReportFormat format, const QStringList& header, const QList<QStringList>& rows) {
  QString out;
  if (format == ReportFormat::Html) {
    out += QStringLiteral("<table><tr>");
    for (const QString& h : header) out += QStringLiteral("<th>%1</th>").arg(esc(h));
    out += QStringLiteral("</tr>\n");
    for (const QStringList& r : rows) {
      out += QStringLiteral("<tr>");
      for (const QString& c : r) out += QStringLiteral("<td>%1</td>").arg(esc(c));
      out += QStringLiteral("</tr>\n");
    }
    return out + QStringLiteral("</table>\n");
  }
  QStringList cells;
  for (const QString& h : header) cells << md(h);
  out += QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n|");
  for (qsizetype i = 0; i < header.size(); ++i) out += QStringLiteral(" --- |");
  out += QLatin1Char('\n');
  for (const QStringList& r : rows) {
    cells.clear();
    for (const QString& c : r) cells << md(c);
    out += QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
  }
  return out;
}

QString heading(ReportFormat format, const QString& text) {
  return format == ReportFormat::Html ? QStringLiteral("<h2>%1</h2>\n").arg(esc(text)) : QStringLiteral("\n## %1\n\n").arg(text);
}

QString paragraph(ReportFormat format, const QString& text) {
  return format == ReportFormat::Html ? QStringLiteral("<p>%1</p>\n").arg(esc(text)) : text + QStringLiteral("\n\n");
}

QString fieldHeader(const core::analysis::SummaryField& f) {
  return f.unit.empty() ? fieldLabel(f) : QStringLiteral("%1 (%2)").arg(fieldLabel(f), QString::fromUtf8(f.unit.data(), qsizetype(f.unit.size())));
}

QList<QStringList> fieldRows(const ExportRun& run, const QList<const core::analysis::SummaryField*>& fields) {
  const RunDigest& d = *run.source.digest;
  QList<QStringList> rows;
  for (int m : figureOrder(run.source)) {
    QStringList row{figureMapName(run.source, m)};
    for (const auto* f : fields)
      row << QString::fromStdString(core::analysis::format_value(
                 *f, core::analysis::summary_value(*f, d.run->maps[std::size_t(m)], d.summaries[std::size_t(m)])));
    rows << row;
  }
  return rows;
}

QString svgElement(const QByteArray& svg) {
  const QString text = QString::fromUtf8(svg);
  const qsizetype start = text.indexOf(QStringLiteral("<svg"));
  return start < 0 ? text : text.mid(start);
}

}  // namespace

core::Result<ReportFormat> reportFormatFor(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("html") || suffix == QLatin1String("htm")) return ReportFormat::Html;
  if (suffix == QLatin1String("md")) return ReportFormat::Markdown;
  return core::fail(core::ErrorCode::InvalidInput, "a report is .html or .md (got \"" + path.toStdString() + "\")");
}

QString reportText(const ExportRun& run, ReportFormat format, const QString& figureFolder) {
  const RunDigest& d = *run.source.digest;
  const Provenance& p = run.provenance;
  const QString title = Report::tr("Cartograph report: run %1 of %2").arg(run.runId).arg(p.session);
  QString body;
  body += format == ReportFormat::Html ? QStringLiteral("<h1>%1</h1>\n").arg(esc(title)) : QStringLiteral("# %1\n\n").arg(title);
  body += paragraph(format, p.caption());

  QList<const core::analysis::SummaryField*> columns;
  QStringList header{Report::tr("map")};
  for (const auto& f : core::analysis::summary_fields())
    if (f.in_table) {
      columns << &f;
      header << fieldHeader(f);
    }
  body += heading(format, Report::tr("Summary"));
  body += table(format, header, fieldRows(run, columns));

  body += heading(format, Report::tr("Calibration"));
  QList<const core::analysis::SummaryField*> calibration;
  QStringList calibrationHeader{Report::tr("map")};
  for (const char* key : {"ece", "brier", "top1_accuracy", "temperature"})
    if (const auto* f = core::analysis::find_summary_field(key)) {
      calibration << f;
      calibrationHeader << fieldHeader(*f);
    }
  body += table(format, calibrationHeader, fieldRows(run, calibration));

  body += heading(format, Report::tr("Zoom ranking"));
  std::vector<int> zoomed;
  for (int m : figureOrder(run.source))
    if (d.summaries[std::size_t(m)].has_zoom) zoomed.push_back(m);
  if (zoomed.empty()) {
    body += paragraph(format, Report::tr("This run has no conditioning prompt: nothing to rank."));
  } else {
    std::sort(zoomed.begin(), zoomed.end(), [&](int a, int b) {
      return d.summaries[std::size_t(a)].zoom_recovered > d.summaries[std::size_t(b)].zoom_recovered;
    });
    body += paragraph(format, Report::tr("Share of each tuned map's KL that the prompt \"%1\" on the base explains, most first.").arg(p.prompt));
    QList<QStringList> rows;
    for (int m : zoomed) {
      const auto& s = d.summaries[std::size_t(m)];
      rows << QStringList{figureMapName(run.source, m), QString::number(s.k0, 'f', 4), QString::number(s.kp, 'f', 4),
                          QString::number(100 * s.zoom_recovered, 'f', 1) + QStringLiteral(" %")};
    }
    body += table(format, {Report::tr("map"), Report::tr("K0 (nats)"), Report::tr("KP (nats)"), Report::tr("recovered")}, rows);
  }

  for (const FigureZoomRun& zoom : run.source.zooms) {
    body += paragraph(format, Report::tr("Zoom run %1: share of each tuned map's KL each prompt on the base explains.").arg(zoom.id));
    QList<QStringList> rows;
    for (const core::analysis::ZoomRow& r : zoom.rows) {
      const auto& prompt = zoom.prompts[std::size_t(r.prompt)];
      rows << QStringList{QString::fromStdString(prompt.text).replace(QLatin1Char('\n'), QStringLiteral("\\n")),
                          QString::number(prompt.version_id), figureMapName(run.source, r.map), QString::number(r.tokens),
                          QString::number(r.k0, 'f', 4), QString::number(r.kp, 'f', 4),
                          QString::number(100 * r.zoom_recovered, 'f', 1) + QStringLiteral(" %")};
    }
    body += table(format, {Report::tr("prompt"), Report::tr("version"), Report::tr("map"), Report::tr("positions"), Report::tr("K0 (nats)"),
                           Report::tr("KP (nats)"), Report::tr("recovered")},
                  rows);
  }

  body += heading(format, Report::tr("Figures"));
  for (const FigureKind& kind : figureKinds()) {
    auto figure = buildFigure(kind.name, run.source);
    if (!figure) {
      body += paragraph(format, Report::tr("%1: not drawn (%2).").arg(kind.name, QString::fromStdString(figure.error().message)));
      continue;
    }
    if (format == ReportFormat::Html) {
      FigureExportOptions svg;
      svg.caption = false;
      svg.maxVectorPoints = kReportVectorPoints;
      body += QStringLiteral("<figure id=\"figure-%1\">%2<figcaption>%3</figcaption></figure>\n")
                  .arg(kind.name, svgElement(figureBytes(*figure, p, svg)), esc(figure->title + QStringLiteral(": ") + kind.description));
    } else {
      body += QStringLiteral("![%1](%2/%3.svg)\n\n*%1: %4* ([data](%2/%3.csv))\n\n")
                  .arg(figure->title, figureFolder, kind.name, kind.description);
    }
  }

  body += heading(format, Report::tr("Samples"));
  if (run.source.samples.empty()) body += paragraph(format, Report::tr("This session stores no sample sets."));
  for (const FigureSampleSet& stored : run.source.samples) {
    const core::analysis::SampleSettings& st = stored.set->settings;
    body += paragraph(format, Report::tr("Sample set %1: every map continues \"%2\"%3; temperature %4, top-p %5, seed %6, "
                                         "at most %7 new tokens%8. Mean −log p is under the base map.")
                                  .arg(stored.id)
                                  .arg(QString::fromStdString(st.prompt),
                                       st.zoom_prompt.empty() ? QString()
                                                              : Report::tr(" (zoom prompt \"%1\")").arg(QString::fromStdString(st.zoom_prompt)))
                                  .arg(st.temperature)
                                  .arg(st.top_p)
                                  .arg(qulonglong(st.seed))
                                  .arg(qlonglong(st.max_new_tokens))
                                  .arg(st.amplified_tuned >= 0 ? Report::tr(", amplification α = %1").arg(st.amplification) : QString()));
    QList<QStringList> rows;
    for (const core::analysis::SampleColumn& c : stored.set->columns) {
      double sum = 0;
      const std::size_t n = c.logp.empty() ? 0 : c.logp[0].size();
      for (std::size_t i = 0; i < n; ++i) sum -= c.logp[0][i];
      rows << QStringList{QString::fromStdString(c.label), QString::number(c.ids.size()), QString::fromStdString(c.stop_reason),
                          n ? QString::number(sum / double(n), 'f', 3) : QString(), QString::fromStdString(c.text)};
    }
    body += table(format, {Report::tr("column"), Report::tr("tokens"), Report::tr("stopped by"), Report::tr("mean −log p base (nats)"),
                           Report::tr("text")},
                  rows);
  }

  body += heading(format, Report::tr("Slices"));
  QList<QStringList> slices;
  for (const auto& [name, description] : run.slices) slices << QStringList{name, description};
  body += slices.isEmpty() ? paragraph(format, Report::tr("The session has no saved slices."))
                           : table(format, {Report::tr("slice"), Report::tr("definition")}, slices);

  body += heading(format, Report::tr("Annotations"));
  QList<QStringList> notes;
  for (const ExportNote& n : run.annotations)
    notes << QStringList{n.document, QStringLiteral("%1–%2").arg(n.start).arg(n.end), n.note};
  body += notes.isEmpty() ? paragraph(format, Report::tr("No annotations on this territory."))
                          : table(format, {Report::tr("document"), Report::tr("tokens"), Report::tr("note")}, notes);

  body += heading(format, Report::tr("Provenance"));
  QList<QStringList> manifest;
  const QJsonObject json = p.toJson();
  for (auto it = json.begin(); it != json.end(); ++it)
    if (it.key() != QLatin1String("caption"))
      manifest << QStringList{it.key(), it.value().isArray() ? it.value().toVariant().toStringList().join(QStringLiteral("; "))
                                                              : it.value().toVariant().toString()};
  body += table(format, {Report::tr("what"), Report::tr("value")}, manifest);

  if (format == ReportFormat::Markdown) return body;
  return QStringLiteral(
             "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1</title>\n"
             "<meta name=\"generator\" content=\"%2\">\n<style>"
             "body{font-family:'DejaVu Sans',sans-serif;max-width:1180px;margin:24px auto;padding:0 16px;"
             "color:#202020;background:#fff}"
             "table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}"
             "th{background:#f2f2f2}figure{margin:16px 0}figure svg{max-width:100%;height:auto;border:1px solid #ddd}"
             "figcaption{font-size:90%;color:#444}</style></head>\n<body>\n%3</body></html>\n")
      .arg(esc(title), esc(p.exportedBy), body);
}

core::Result<QStringList> writeReport(const ExportRun& run, const QString& path, bool overwrite) {
  auto format = reportFormatFor(path);
  if (!format) return std::unexpected(format.error());
  if (auto ok = checkWritable(path, overwrite); !ok) return std::unexpected(ok.error());
  QStringList written;
  QString folderName;
  if (*format == ReportFormat::Markdown) {
    const QFileInfo info(path);
    folderName = info.completeBaseName() + QStringLiteral("_figures");
    const QString folder = info.dir().filePath(folderName);
    if (QFileInfo::exists(folder) && !overwrite)
      return core::fail(core::ErrorCode::InvalidInput, "the report's figure folder exists already (use --force to replace it)",
                        folder.toStdString());
    if (!QDir().mkpath(folder)) return core::fail(core::ErrorCode::Io, "cannot create the figure folder", folder.toStdString());
    FigureExportOptions svg;
    svg.caption = false;
    svg.maxVectorPoints = kReportVectorPoints;
    svg.overwrite = true;
    for (const FigureKind& kind : figureKinds()) {
      auto figure = buildFigure(kind.name, run.source);
      if (!figure) continue;
      auto files = exportFigure(*figure, run.provenance, QDir(folder).filePath(kind.name + QStringLiteral(".svg")), svg);
      if (!files) return std::unexpected(files.error());
      written << *files;
    }
  }
  if (auto ok = saveFileAtomically(path, reportText(run, *format, folderName).toUtf8(), overwrite); !ok)
    return std::unexpected(ok.error());
  written.prepend(path);
  return written;
}

}  // namespace widgets

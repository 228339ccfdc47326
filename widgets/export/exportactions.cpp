#include "widgets/export/exportactions.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QSpinBox>
#include <algorithm>
#include <memory>
#include <sstream>

#include "core/analysis/fields.h"
#include "core/analysis/token_table.h"
#include "core/atomic_write.h"
#include "widgets/display/metric.h"
#include "widgets/display/scalerange.h"
#include "widgets/export/report.h"
#include "widgets/export/studiosource.h"
#include "widgets/overview/slice.h"
#include "widgets/session/selection.h"
#include "widgets/session/session.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/jobsmodel.h"

namespace widgets {

ExportRun exportRunFromSession(const Session& session) {
  ExportRun out;
  out.source.digest = session.digest();
  out.runId = session.selection()->run();
  out.sessionPath = session.path();
  if (!out.source.digest) return out;
  const auto& run = *out.source.digest->run;
  for (std::size_t m = 0; m < run.maps.size(); ++m) out.source.mapNames << session.mapName(int(m));
  out.source.order = session.lineageOrder();
  out.source.thresholds = session.quadrantThresholds();
  QString slice;
  if (const SliceEntry* s = session.slice(session.selection()->slice()))
    slice = s->name + QStringLiteral(": ") + describeSlice(s->definition);
  out.provenance = makeProvenance(run, out.runId, out.sessionPath, slice, out.source.mapNames);
  for (const SliceEntry& s : session.slices()) out.slices << qMakePair(s.name, describeSlice(s.definition));
  for (const AnnotationEntry& a : session.annotations())
    if (a.territoryHash == QString::fromStdString(run.territory.content_hash))
      out.annotations << ExportNote{a.documentName, a.begin, a.end, a.note};
  return out;
}

ExportActions::ExportActions(Session* session, JobsModel* jobs, IssuesModel* issues, QWidget* parent)
    : QObject(parent), session_(session), jobs_(jobs), issues_(issues), parent_(parent) {}

bool ExportActions::haveRun() {
  if (session_->digest()) return true;
  issues_->add(IssuesModel::Severity::Warning, tr("Export"), tr("Choose a run first: there is nothing to export yet."));
  return false;
}

void ExportActions::finish(const core::Result<QStringList>& result, const QString& what) {
  if (result) {
    issues_->add(IssuesModel::Severity::Info, tr("Export"), tr("%1 written: %2").arg(what, result->join(QStringLiteral(", "))));
    Q_EMIT exported(*result);
  } else {
    const QString message = QString::fromStdString(result.error().what());
    issues_->add(IssuesModel::Severity::Error, tr("Export"), message);
    Q_EMIT failed(message);
  }
}

namespace {

// Builds `figure` on a worker: the studio's figures first read the zoom runs and sample sets from the file.
core::Result<Figure> buildOnWorker(ExportRun run, const QString& figure, const FigureOptions& options, core::Job& job) {
  for (const FigureKind& k : figureKinds())
    if (k.name == figure && k.studio)
      if (auto ok = loadStudioSources(run.sessionPath, run.runId, run.source); !ok) return std::unexpected(ok.error());
  return buildFigure(figure, run.source, options, job);
}

}  // namespace

FigureOptions ExportActions::currentFigureOptions() const {
  FigureOptions o;
  const Selection* s = session_->selection();
  o.document = s->document();
  o.position = s->position();
  if (s->document() >= 0 && s->position() >= 0) o.start = std::max(0, s->position() - o.length / 2);
  o.map = std::max(0, s->map());
  // The token strip's colour range as the Territory view last chose it (it saves every change).
  const ScaleRange range = savedScaleRange();
  o.scalePercentile = range.percentile;
  o.scalePerMap = range.perMap;
  return o;
}

void ExportActions::exportFigure(const QString& figure, const QString& path, const FigureExportOptions& options,
                                 const FigureOptions& figureOptions) {
  if (!haveRun()) return;
  const ExportRun run = exportRunFromSession(*session_);
  jobs_->start<QStringList>(
      tr("Export figure %1").arg(figure),
      [run, figure, path, options, figureOptions](core::Job& job) -> core::Result<QStringList> {
        auto built = buildOnWorker(run, figure, figureOptions, job);
        if (!built) return std::unexpected(built.error());
        return widgets::exportFigure(*built, run.provenance, path, options);
      },
      this, [this](core::Result<QStringList> r) { finish(r, tr("Figure")); });
}

void ExportActions::exportTokens(const QString& path, bool overwrite) {
  if (!haveRun()) return;
  const auto digest = session_->digest();
  jobs_->start<QStringList>(
      tr("Export token data"),
      [digest, path, overwrite](core::Job& job) -> core::Result<QStringList> {
        auto format = core::analysis::token_table_format(QFileInfo(path).suffix().toLower().toStdString());
        if (!format) return std::unexpected(format.error());
        auto written = core::write_atomically(path.toStdString(), core::AtomicWriteOptions{overwrite},
                                              [&](std::ostream& out) -> core::Result<void> {
                                                auto rows = core::analysis::write_token_table(
                                                    *digest->run, digest->positions.get(), *format, out, job);
                                                if (!rows) return std::unexpected(rows.error());
                                                return {};
                                              });
        if (!written) return std::unexpected(written.error());
        return QStringList{path};
      },
      this, [this](core::Result<QStringList> r) { finish(r, tr("Token data")); });
}

void ExportActions::exportReport(const QString& path, bool overwrite) {
  if (!haveRun()) return;
  const ExportRun run = exportRunFromSession(*session_);
  jobs_->start<QStringList>(
      tr("Export report"),
      [run, path, overwrite](core::Job&) -> core::Result<QStringList> {
        ExportRun withStudio = run;
        if (auto ok = loadStudioSources(run.sessionPath, run.runId, withStudio.source); !ok) return std::unexpected(ok.error());
        return writeReport(withStudio, path, overwrite);
      },
      this,
      [this](core::Result<QStringList> r) { finish(r, tr("Report")); });
}

void ExportActions::copyFigure(const QString& figure, const FigureOptions& figureOptions) {
  if (!haveRun()) return;
  const ExportRun run = exportRunFromSession(*session_);
  jobs_->start<QImage>(
      tr("Copy figure %1").arg(figure),
      [run, figure, figureOptions](core::Job& job) -> core::Result<QImage> {
        auto built = buildOnWorker(run, figure, figureOptions, job);
        if (!built) return std::unexpected(built.error());
        return figureImage(*built, {}, 192);
      },
      this, [this](core::Result<QImage> r) {
        if (!r) return finish(std::unexpected(r.error()), tr("Figure"));
        QApplication::clipboard()->setImage(*r);
        finish(QStringList{tr("clipboard")}, tr("Figure"));
      });
}

QDialog* ExportActions::figureDialog(const QString& figure, const FigureOptions& current) {
  auto* dialog = new QDialog(parent_);
  dialog->setObjectName(QStringLiteral("exportFigureDialog"));
  dialog->setWindowTitle(tr("Export Figure"));
  auto* form = new QFormLayout(dialog);
  auto* kind = new QComboBox(dialog);
  kind->setObjectName(QStringLiteral("figureCombo"));
  for (const FigureKind& k : figureKinds()) kind->addItem(QStringLiteral("%1 — %2").arg(k.name, k.description), k.name);
  if (const int i = kind->findData(figure); i >= 0) kind->setCurrentIndex(i);
  auto* format = new QComboBox(dialog);
  format->setObjectName(QStringLiteral("formatCombo"));
  format->addItem(tr("PDF (vector)"), QStringLiteral("pdf"));
  format->addItem(tr("SVG (vector)"), QStringLiteral("svg"));
  format->addItem(tr("PNG (image)"), QStringLiteral("png"));
  auto* dpi = new QSpinBox(dialog);
  dpi->setObjectName(QStringLiteral("dpiSpin"));
  dpi->setRange(72, 1200);
  dpi->setValue(300);
  dpi->setSuffix(tr(" dpi"));
  auto* caption = new QCheckBox(tr("Provenance caption under the figure (always in the file's metadata)"), dialog);
  caption->setObjectName(QStringLiteral("captionCheck"));
  caption->setChecked(true);
  form->addRow(tr("Figure:"), kind);
  form->addRow(tr("Format:"), format);
  form->addRow(tr("PNG resolution:"), dpi);
  form->addRow(caption);

  // The options the headless command takes (--document, --start, ...), offered where the figure reads them.
  struct Row {
    const char* option;
    QString label, help;
    int min, max, value;
  };
  const int documents = session_->digest() ? int(session_->digest()->run->documents.size()) : 0;
  const QList<Row> rows = {
      {"document", tr("Document:"), tr("-1: where the first tuned map's KL peaks"), -1, std::max(0, documents - 1), current.document},
      {"start", tr("First position:"), tr("-1: around the KL peak"), -1, 1000000, current.start},
      {"length", tr("Positions:"), {}, 1, 400, current.length},
      {"position", tr("Position:"), tr("-1: the KL peak"), -1, 1000000, current.position},
      {"map", tr("Map:"), tr("index in the run, 0 = base"), 0, 64, current.map},
      {"zoom", tr("Zoom run:"), tr("0: the newest on this run"), 0, 1 << 30, int(current.zoom)},
      {"prompt", tr("Prompt:"), tr("-1: the one recovering most"), -1, 1000, current.prompt},
      {"sample-set", tr("Sample set:"), tr("0: the newest"), 0, 1 << 30, int(current.sampleSet)},
  };
  QList<QPair<QString, QWidget*>> inputs;
  for (const Row& r : rows) {
    auto* spin = new QSpinBox(dialog);
    spin->setObjectName(QStringLiteral("option-%1").arg(QString::fromLatin1(r.option)));
    spin->setRange(r.min, r.max);
    spin->setValue(std::clamp(r.value, r.min, r.max));
    spin->setToolTip(r.help);
    if (r.min < 0) spin->setSpecialValueText(tr("default"));
    if (QByteArray(r.option) == "zoom" || QByteArray(r.option) == "sample-set") spin->setSpecialValueText(tr("newest"));
    form->addRow(r.label, spin);
    inputs << qMakePair(QString::fromLatin1(r.option), static_cast<QWidget*>(spin));
  }
  auto* metric = new QComboBox(dialog);
  metric->setObjectName(QStringLiteral("option-metric"));
  for (const auto& m : core::analysis::position_metrics()) metric->addItem(metricLabel(m.metric), metricKey(m.metric));
  if (const int i = metric->findData(current.metric.isEmpty() ? QStringLiteral("nll") : current.metric); i >= 0) metric->setCurrentIndex(i);
  form->addRow(tr("Metric:"), metric);
  inputs << qMakePair(QStringLiteral("metric"), static_cast<QWidget*>(metric));
  auto* field = new QComboBox(dialog);
  field->setObjectName(QStringLiteral("option-field"));
  if (session_->digest())
    for (const auto& g : session_->digest()->metadata) field->addItem(QString::fromStdString(g.field));
  form->addRow(tr("Metadata field:"), field);
  inputs << qMakePair(QStringLiteral("field"), static_cast<QWidget*>(field));
  // Only the options the chosen figure reads are enabled (with their labels).
  const auto enable = [form, inputs, kind] {
    QStringList takes;
    for (const FigureKind& k : figureKinds())
      if (k.name == kind->currentData().toString()) takes = k.options;
    for (const auto& [name, widget] : inputs) {
      widget->setEnabled(takes.contains(name));
      if (QWidget* label = form->labelForField(widget)) label->setEnabled(takes.contains(name));
    }
  };
  enable();
  connect(kind, &QComboBox::currentIndexChanged, dialog, enable);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  return dialog;
}

void ExportActions::chooseFigureExport(const QString& figure) { chooseFigureExportWith(figure, currentFigureOptions()); }

void ExportActions::chooseFigureExportWith(const QString& figure, const FigureOptions& defaults) {
  if (!haveRun()) return;
  std::unique_ptr<QDialog> dialog(figureDialog(figure, defaults));
  if (dialog->exec() != QDialog::Accepted) return;
  const auto spin = [&](const char* name) { return dialog->findChild<QSpinBox*>(QStringLiteral("option-%1").arg(QString::fromLatin1(name))); };
  const QString kind = dialog->findChild<QComboBox*>(QStringLiteral("figureCombo"))->currentData().toString();
  const QString ext = dialog->findChild<QComboBox*>(QStringLiteral("formatCombo"))->currentData().toString();
  FigureOptions figureOptions = defaults;  // what the dialog does not offer (the colour range) stays the view's
  figureOptions.document = spin("document")->value();
  figureOptions.start = spin("start")->value();
  figureOptions.length = spin("length")->value();
  figureOptions.position = spin("position")->value();
  figureOptions.map = spin("map")->value();
  figureOptions.zoom = spin("zoom")->value();
  figureOptions.prompt = spin("prompt")->value();
  figureOptions.sampleSet = spin("sample-set")->value();
  figureOptions.metric = dialog->findChild<QComboBox*>(QStringLiteral("option-metric"))->currentData().toString();
  figureOptions.field = dialog->findChild<QComboBox*>(QStringLiteral("option-field"))->currentText();
  FigureExportOptions options;
  options.format = *figureFormat(ext);
  options.dpi = dialog->findChild<QSpinBox*>(QStringLiteral("dpiSpin"))->value();
  options.caption = dialog->findChild<QCheckBox*>(QStringLiteral("captionCheck"))->isChecked();
  options.overwrite = true;  // the file dialog asked
  dialog.reset();
  QString path = QFileDialog::getSaveFileName(parent_, tr("Export Figure"), kind + QLatin1Char('.') + ext,
                                              tr("%1 files (*.%2)").arg(ext.toUpper(), ext));
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + ext;
  exportFigure(kind, path, options, figureOptions);
}

void ExportActions::chooseTokenExport() {
  if (!haveRun()) return;
  QString path = QFileDialog::getSaveFileName(parent_, tr("Export Token Data"), QStringLiteral("tokens.csv"),
                                              tr("CSV (*.csv);;JSON Lines (*.jsonl)"));
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".csv");
  exportTokens(path, true);
}

void ExportActions::chooseReportExport() {
  if (!haveRun()) return;
  QString path = QFileDialog::getSaveFileName(parent_, tr("Export Report"), QStringLiteral("report.html"),
                                              tr("HTML, self-contained (*.html);;Markdown with figure files (*.md)"));
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".html");
  exportReport(path, true);
}

}  // namespace widgets

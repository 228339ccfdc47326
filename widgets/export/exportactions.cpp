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
#include <sstream>

#include "core/analysis/token_table.h"
#include "core/atomic_write.h"
#include "widgets/export/report.h"
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

void ExportActions::exportFigure(const QString& figure, const QString& path, const FigureExportOptions& options) {
  if (!haveRun()) return;
  const ExportRun run = exportRunFromSession(*session_);
  jobs_->start<QStringList>(
      tr("Export figure %1").arg(figure),
      [run, figure, path, options](core::Job&) -> core::Result<QStringList> {
        auto built = buildFigure(figure, run.source);
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
      tr("Export report"), [run, path, overwrite](core::Job&) { return writeReport(run, path, overwrite); }, this,
      [this](core::Result<QStringList> r) { finish(r, tr("Report")); });
}

void ExportActions::copyFigure(const QString& figure) {
  if (!haveRun()) return;
  const ExportRun run = exportRunFromSession(*session_);
  jobs_->start<QImage>(
      tr("Copy figure %1").arg(figure),
      [run, figure](core::Job&) -> core::Result<QImage> {
        auto built = buildFigure(figure, run.source);
        if (!built) return std::unexpected(built.error());
        return figureImage(*built, {}, 192);
      },
      this, [this](core::Result<QImage> r) {
        if (!r) return finish(std::unexpected(r.error()), tr("Figure"));
        QApplication::clipboard()->setImage(*r);
        finish(QStringList{tr("clipboard")}, tr("Figure"));
      });
}

void ExportActions::chooseFigureExport(const QString& figure) {
  if (!haveRun()) return;
  QDialog dialog(parent_);
  dialog.setWindowTitle(tr("Export Figure"));
  auto* form = new QFormLayout(&dialog);
  auto* kind = new QComboBox(&dialog);
  kind->setObjectName(QStringLiteral("figureCombo"));
  for (const FigureKind& k : figureKinds()) kind->addItem(QStringLiteral("%1 — %2").arg(k.name, k.description), k.name);
  if (const int i = kind->findData(figure); i >= 0) kind->setCurrentIndex(i);
  auto* format = new QComboBox(&dialog);
  format->addItem(tr("PDF (vector)"), QStringLiteral("pdf"));
  format->addItem(tr("SVG (vector)"), QStringLiteral("svg"));
  format->addItem(tr("PNG (image)"), QStringLiteral("png"));
  auto* dpi = new QSpinBox(&dialog);
  dpi->setRange(72, 1200);
  dpi->setValue(300);
  dpi->setSuffix(tr(" dpi"));
  auto* caption = new QCheckBox(tr("Provenance caption under the figure (always in the file's metadata)"), &dialog);
  caption->setChecked(true);
  form->addRow(tr("Figure:"), kind);
  form->addRow(tr("Format:"), format);
  form->addRow(tr("PNG resolution:"), dpi);
  form->addRow(caption);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (dialog.exec() != QDialog::Accepted) return;
  const QString ext = format->currentData().toString();
  QString path = QFileDialog::getSaveFileName(parent_, tr("Export Figure"), kind->currentData().toString() + QLatin1Char('.') + ext,
                                              tr("%1 files (*.%2)").arg(ext.toUpper(), ext));
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + ext;
  FigureExportOptions options;
  options.format = *figureFormat(ext);
  options.dpi = dpi->value();
  options.caption = caption->isChecked();
  options.overwrite = true;  // the file dialog asked
  exportFigure(kind->currentData().toString(), path, options);
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

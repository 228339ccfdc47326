#pragma once
// widgets::ExportActions: the GUI's ways out — File → Export Figure…, File → Export Token Data…,
// Report → Export Report… and Copy Figure — over the Session's current run and slice. The files are
// built and written on the Jobs dock's workers (the event loop never waits); failures go to the
// Issues dock; nothing in the session changes. Lives on the GUI thread.
#include <QObject>
#include <QString>

#include "widgets/export/exportrun.h"
#include "widgets/export/figurefile.h"

class QDialog;
class QWidget;

namespace widgets {

class IssuesModel;
class JobsModel;
class Session;

// The current run of `session` over its current slice, as the exports read it (digest, names in
// the user's renames and lineage order, provenance, slices, annotations). Null digest when none.
ExportRun exportRunFromSession(const Session& session);

class ExportActions : public QObject {
  Q_OBJECT
 public:
  ExportActions(Session* session, JobsModel* jobs, IssuesModel* issues, QWidget* parent);

  // Each starts a job; `done` (GUI thread) gets the files written or the error.
  void exportFigure(const QString& figure, const QString& path, const FigureExportOptions& options,
                    const FigureOptions& figureOptions = {});
  void exportTokens(const QString& path, bool overwrite);
  void exportReport(const QString& path, bool overwrite);
  void copyFigure(const QString& figure, const FigureOptions& figureOptions = {});

  // The figure options the export dialog starts from: the selected token, span and map.
  FigureOptions currentFigureOptions() const;
  // The File → Export Figure… dialog for `figure` (the caller owns and runs it): figure, format, dpi,
  // caption and the options the headless command takes, each enabled where the figure reads it.
  QDialog* figureDialog(const QString& figure, const FigureOptions& defaults);

 public Q_SLOTS:
  // Ask with a dialog, then export.
  void chooseFigureExport(const QString& figure = {});
  // The same with the dialog's options starting from `defaults` (a view's span, position, prompt, sample set).
  void chooseFigureExportWith(const QString& figure, const FigureOptions& defaults);
  void chooseTokenExport();
  void chooseReportExport();

 Q_SIGNALS:
  void exported(const QStringList& files);
  void failed(const QString& message);

 private:
  bool haveRun();
  void finish(const core::Result<QStringList>& result, const QString& what);

  Session* session_;
  JobsModel* jobs_;
  IssuesModel* issues_;
  QWidget* parent_;
};

}  // namespace widgets

#include "widgets/export/figuremenu.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QWidget>

#include "widgets/export/exportactions.h"

namespace widgets {

FigureMenu::FigureMenu(QWidget* view, const QString& figure, ExportActions* actions, Options options)
    : QObject(view), figure_(figure), actions_(actions), options_(std::move(options)) {
  setObjectName(QStringLiteral("figureMenu-%1").arg(figure));
  view->installEventFilter(this);
}

FigureMenu* FigureMenu::attach(QWidget* view, const QString& figure, ExportActions* actions, Options options) {
  return new FigureMenu(view, figure, actions, std::move(options));
}

void FigureMenu::addFigureActions(QMenu& menu, const QString& figure, ExportActions* actions, const FigureOptions& options) {
  QAction* exportAction = menu.addAction(tr("Export Figure (%1)…").arg(figure));
  exportAction->setObjectName(QStringLiteral("exportFigureAction"));
  QAction* copyAction = menu.addAction(tr("Copy Figure to Clipboard"));
  copyAction->setObjectName(QStringLiteral("copyFigureAction"));
  connect(exportAction, &QAction::triggered, actions, [actions, figure, options] { actions->chooseFigureExportWith(figure, options); });
  connect(copyAction, &QAction::triggered, actions, [actions, figure, options] { actions->copyFigure(figure, options); });
}

bool FigureMenu::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() != QEvent::ContextMenu) return QObject::eventFilter(watched, event);
  auto* view = qobject_cast<QWidget*>(watched);
  QMenu menu(view);
  addFigureActions(menu, figure_, actions_, options_ ? options_() : actions_->currentFigureOptions());
  menu.exec(static_cast<QContextMenuEvent*>(event)->globalPos());
  return true;
}

}  // namespace widgets

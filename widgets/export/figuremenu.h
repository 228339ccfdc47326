#pragma once
// widgets::FigureMenu: "Export Figure…" and "Copy Figure" in the context menu of every view that shows
// an exportable figure (the charts, the lineage, the map scatter, the token strip, the studio's zoom
// bars, ranking and sampling columns). It filters the view's context-menu event, so a view needs no
// code of its own; a view with its own menu (the token strip) calls addFigureActions instead. The
// options (which span, position, prompt, sample set) are read from the view when the menu opens.
// GUI thread only; owned by the view it is attached to.
#include <QObject>
#include <QString>
#include <functional>

#include "widgets/export/figures.h"

class QMenu;
class QWidget;

namespace widgets {

class ExportActions;

class FigureMenu : public QObject {
  Q_OBJECT
 public:
  using Options = std::function<FigureOptions()>;
  // `options` empty: the selection's (ExportActions::currentFigureOptions).
  static FigureMenu* attach(QWidget* view, const QString& figure, ExportActions* actions, Options options = {});
  // Appends the two actions to `menu` (a view's own context menu).
  static void addFigureActions(QMenu& menu, const QString& figure, ExportActions* actions, const FigureOptions& options);

  QString figure() const { return figure_; }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  FigureMenu(QWidget* view, const QString& figure, ExportActions* actions, Options options);
  QString figure_;
  ExportActions* actions_;
  Options options_;
};

}  // namespace widgets

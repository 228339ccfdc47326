#pragma once
// widgets::ChartPanel: the frame every Cartograph chart lives in: a Qt Charts view styled from the
// application palette (light or dark), with export to PNG and SVG for papers (context menu).
// Qt Charts is used only under widgets/charts/; this header names its classes only by declaration.
// GUI thread only.
#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace widgets {

class ChartPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ChartPanel(const QString& title, QWidget* parent = nullptr);
  ~ChartPanel() override;

  QString title() const;
  void setTitle(const QString& title);
  // The chart as an image at `scale` × its on-screen size (2 = print quality).
  QImage renderImage(double scale = 2.0) const;
  bool exportPng(const QString& path, double scale = 2.0) const;
  bool exportSvg(const QString& path) const;
  // The text of every series name in the legend (what a reader sees as the key).
  QStringList legendTexts() const;
  // The titles of the chart's axes.
  QStringList axisTitles() const;
  // The exportable figure this chart shows (widgets/export/figures.h); when set, the context menu
  // offers Export Figure… (PNG/SVG/PDF with provenance and data) and Copy Figure.
  void setFigureName(const QString& name) { figureName_ = name; }
  QString figureName() const { return figureName_; }

 Q_SIGNALS:
  // After an export the user asked for; `ok` false when the file could not be written.
  void exported(const QString& path, bool ok);
  void figureExportRequested(const QString& figure);
  void figureCopyRequested(const QString& figure);

 protected:
  QChart* chart() const { return chart_; }
  // Subclasses rebuild their series from stored data; called again when the palette changes.
  virtual void rebuild() = 0;
  // Colours the axes, grid, legend and title after series and axes were (re)created.
  void styleChart();
  void changeEvent(QEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;

 private:
  void settle() const;
  QChartView* view_;
  QChart* chart_;
  QString figureName_;
};

}  // namespace widgets

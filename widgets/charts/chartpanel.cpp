#include "widgets/charts/chartpanel.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QGraphicsLayout>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QLegendMarker>
#include <QMenu>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QVBoxLayout>

namespace widgets {

ChartPanel::ChartPanel(const QString& title, QWidget* parent)
    : QWidget(parent), view_(new QChartView(this)), chart_(new QChart()) {
  chart_->setTitle(title);
  chart_->setAnimationOptions(QChart::NoAnimation);
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  view_->setChart(chart_);
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setMinimumSize(340, 250);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
  setToolTip(tr("Right-click to export this chart as PNG or SVG"));
}

ChartPanel::~ChartPanel() = default;

QString ChartPanel::title() const { return chart_->title(); }
void ChartPanel::setTitle(const QString& title) { chart_->setTitle(title); }

void ChartPanel::styleChart() {
  const QPalette& pal = palette();
  const QColor text = pal.color(QPalette::WindowText);
  QColor grid = pal.color(QPalette::Mid);
  grid.setAlpha(110);
  chart_->setBackgroundBrush(pal.color(QPalette::Base));
  chart_->setTitleBrush(text);
  QFont titleFont = font();
  titleFont.setBold(true);
  chart_->setTitleFont(titleFont);
  chart_->legend()->setLabelColor(text);
  chart_->legend()->setFont(font());
  for (QAbstractAxis* axis : chart_->axes()) {
    axis->setLabelsBrush(text);
    axis->setTitleBrush(text);
    axis->setLabelsFont(font());
    axis->setTitleFont(font());
    axis->setGridLineColor(grid);
    axis->setLinePenColor(pal.color(QPalette::Mid));
  }
}

void ChartPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) rebuild();
  QWidget::changeEvent(event);
}

void ChartPanel::settle() const {
  // Qt Charts lays out axes and legend on a posted LayoutRequest; an export made right after new
  // data arrived would otherwise catch the chart half built (series without axes or legend).
  QCoreApplication::sendPostedEvents(chart_, QEvent::LayoutRequest);
  if (chart_->layout()) chart_->layout()->activate();
  QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

QImage ChartPanel::renderImage(double scale) const {
  settle();
  const QSize size = view_->size().isEmpty() ? view_->sizeHint() : view_->size();
  QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(scale);
  image.fill(palette().color(QPalette::Base));
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  view_->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), view_->viewport()->rect());
  return image;
}

bool ChartPanel::exportPng(const QString& path, double scale) const { return renderImage(scale).save(path, "PNG"); }

bool ChartPanel::exportSvg(const QString& path) const {
  settle();
  const QSize size = view_->size().isEmpty() ? view_->sizeHint() : view_->size();
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  svg.setTitle(chart_->title());
  svg.setDescription(tr("Exported from Cartograph"));
  QPainter painter;
  if (!painter.begin(&svg)) return false;
  view_->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), view_->viewport()->rect());
  return painter.end();
}

QStringList ChartPanel::legendTexts() const {
  QStringList texts;
  for (QLegendMarker* marker : chart_->legend()->markers())
    if (!marker->label().isEmpty()) texts << marker->label();  // unnamed guides (diagonal, zero) are hidden
  return texts;
}

QStringList ChartPanel::axisTitles() const {
  QStringList titles;
  for (QAbstractAxis* axis : chart_->axes()) titles << axis->titleText();
  return titles;
}

void ChartPanel::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  QAction* figure = nullptr;
  QAction* copy = nullptr;
  if (!figureName_.isEmpty()) {
    figure = menu.addAction(tr("Export Figure (PNG, SVG or PDF, with data)…"));
    copy = menu.addAction(tr("Copy Figure"));
    menu.addSeparator();
  }
  menu.addAction(tr("Export as PNG…"));
  QAction* svg = menu.addAction(tr("Export as SVG…"));
  QAction* chosen = menu.exec(event->globalPos());
  if (!chosen) return;
  if (chosen == figure) return Q_EMIT figureExportRequested(figureName_);
  if (chosen == copy) return Q_EMIT figureCopyRequested(figureName_);
  const bool asSvg = chosen == svg;
  QString name = chart_->title().toLower().replace(QLatin1Char(' '), QLatin1Char('-'));
  name.remove(QRegularExpression(QStringLiteral("[^a-z0-9_-]")));
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export Chart"), name + (asSvg ? QStringLiteral(".svg") : QStringLiteral(".png")),
      asSvg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  const bool ok = asSvg ? exportSvg(path) : exportPng(path);
  Q_EMIT exported(path, ok);
}

}  // namespace widgets

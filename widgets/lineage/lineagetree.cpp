#include "widgets/lineage/lineagetree.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace widgets {
namespace {
constexpr qreal kColumn = 190, kLane = 34, kBoxW = 150, kBoxH = 24, kMargin = 8;
}

LineageTree::LineageTree(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("lineageTree"));
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void LineageTree::setTree(QStringList names, QList<QColor> colors, std::vector<core::model::LineageLink> links) {
  names_ = std::move(names);
  colors_ = std::move(colors);
  links_ = std::move(links);
  layout_ = core::model::layout_lineage(links_);
  setFixedHeight(sizeHint().height());
  updateGeometry();
  update();
}

QSize LineageTree::sizeHint() const {
  int depth = 0;
  for (int d : layout_.depth) depth = std::max(depth, d);
  return {int(2 * kMargin + depth * kColumn + kBoxW), int(2 * kMargin + std::max(1, layout_.rows) * kLane)};
}

QRectF LineageTree::box(std::size_t i) const {
  return {kMargin + layout_.depth[i] * kColumn, kMargin + layout_.row[i] * kLane + (kLane - kBoxH) / 2, kBoxW, kBoxH};
}

void LineageTree::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QColor text = palette().color(QPalette::WindowText);
  for (std::size_t i = 0; i < links_.size() && i < layout_.depth.size(); ++i) {
    if (!links_[i].parent) continue;
    const QRectF from = box(*links_[i].parent), to = box(i);
    QPainterPath edge(QPointF(from.right(), from.center().y()));
    const qreal mid = (from.right() + to.left()) / 2;
    edge.cubicTo(QPointF(mid, from.center().y()), QPointF(mid, to.center().y()), QPointF(to.left(), to.center().y()));
    QPen pen(palette().color(QPalette::Mid), 2, links_[i].guessed ? Qt::DashLine : Qt::SolidLine);
    p.setPen(pen);
    p.drawPath(edge);
  }
  QFont italic = font();
  italic.setItalic(true);
  for (std::size_t i = 0; i < layout_.depth.size() && int(i) < names_.size(); ++i) {
    const QRectF r = box(i);
    const QColor c = int(i) < colors_.size() ? colors_[int(i)] : palette().color(QPalette::Highlight);
    p.setPen(QPen(c, 2));
    p.setBrush(palette().color(QPalette::Base));
    p.drawRoundedRect(r, 5, 5);
    p.setBrush(c);
    p.setPen(Qt::NoPen);
    p.drawEllipse(QRectF(r.left() + 6, r.center().y() - 4, 8, 8));
    p.setPen(text);
    const bool guessed = i < links_.size() && links_[i].guessed;
    p.setFont(guessed ? italic : font());
    const QRectF label = r.adjusted(18, 0, -4, 0);
    p.drawText(label, Qt::AlignVCenter | Qt::AlignLeft,
               p.fontMetrics().elidedText(names_[int(i)], Qt::ElideMiddle, int(label.width())));
  }
}

}  // namespace widgets

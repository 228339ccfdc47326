#include "widgets/studio/promptpieces.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace widgets {
namespace {
constexpr int kPad = 3, kGap = 2, kLineGap = 3;
}

PromptPieces::PromptPieces(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
  setMouseTracking(true);
}

QString PromptPieces::visible(const QString& text) {
  QString out = text;
  out.replace(QLatin1Char(' '), QChar(0x00B7));
  out.replace(QLatin1Char('\n'), QChar(0x21B5));
  out.replace(QLatin1Char('\t'), QChar(0x2192));
  out.replace(QLatin1Char('\r'), QString());
  return out;
}

void PromptPieces::setPieces(std::vector<Piece> pieces) {
  pieces_ = std::move(pieces);
  rects_ = layoutFor(width());
  updateGeometry();
  update();
}

std::vector<QRect> PromptPieces::layoutFor(int width) const {
  std::vector<QRect> rects;
  rects.reserve(pieces_.size());
  const QFontMetrics fm(font());
  const int h = fm.height() + 2 * kPad;
  int x = 0, y = 0;
  for (const Piece& p : pieces_) {
    const int w = std::max(fm.horizontalAdvance(visible(p.text)) + 2 * kPad, 8);
    if (x > 0 && x + w > width) {
      x = 0;
      y += h + kLineGap;
    }
    rects.emplace_back(x, y, w, h);
    x += w + kGap;
  }
  return rects;
}

QRect PromptPieces::pieceRect(int i) const {
  return i >= 0 && std::size_t(i) < rects_.size() ? rects_[std::size_t(i)] : QRect();
}

int PromptPieces::heightForWidth(int width) const {
  const auto rects = layoutFor(width);
  return rects.empty() ? QFontMetrics(font()).height() + 2 * kPad : rects.back().bottom() + 1;
}

QSize PromptPieces::sizeHint() const { return {400, heightForWidth(std::max(width(), 400))}; }

void PromptPieces::resizeEvent(QResizeEvent*) { rects_ = layoutFor(width()); }

void PromptPieces::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  const QPalette& pal = palette();
  const QColor shades[2] = {pal.color(QPalette::Base), pal.color(QPalette::AlternateBase)};
  QColor border = pal.color(QPalette::Mid);
  for (std::size_t i = 0; i < pieces_.size() && i < rects_.size(); ++i) {
    const QRect r = rects_[i];
    const Piece& p = pieces_[i];
    painter.fillRect(r, p.fill.isValid() ? p.fill : shades[i % 2]);
    painter.setPen(border);
    painter.drawRect(r.adjusted(0, 0, -1, -1));
    painter.setPen(pal.color(QPalette::Text));
    if (p.fill.isValid() && p.fill.lightness() < 140) painter.setPen(Qt::white);
    painter.drawText(r.adjusted(kPad, 0, -kPad, 0), Qt::AlignVCenter | Qt::AlignLeft, visible(p.text));
  }
}

bool PromptPieces::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    const auto* help = static_cast<QHelpEvent*>(event);
    for (std::size_t i = 0; i < rects_.size(); ++i)
      if (rects_[i].contains(help->pos()) && !pieces_[i].tooltip.isEmpty()) {
        QToolTip::showText(help->globalPos(), pieces_[i].tooltip, this, rects_[i]);
        return true;
      }
    QToolTip::hideText();
    event->ignore();
    return true;
  }
  return QWidget::event(event);
}

}  // namespace widgets

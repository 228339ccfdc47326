#include "widgets/studio/zoombars.h"

#include <QPainter>
#include <QPaintEvent>
#include <algorithm>

#include "widgets/display/mapcolors.h"

namespace widgets {
namespace {

constexpr int kBarsRow = 20, kBarsMargin = 8;

}  // namespace

ZoomBars::ZoomBars(QWidget* parent) : QWidget(parent) {
  setMessage(tr("Choose a token in the Territory view and a prompt to zoom at it."));
}

void ZoomBars::setZoom(const core::analysis::TokenZoom& zoom, const QStringList& tokens, const QString& truth) {
  zoom_ = zoom;
  tokens_ = tokens;
  truth_ = truth;
  message_.clear();
  updateGeometry();
  update();
}

void ZoomBars::setMessage(const QString& message) {
  zoom_.reset();
  message_ = message;
  update();
}

QSize ZoomBars::sizeHint() const {
  const int rows = zoom_ ? int(zoom_->ids.size()) : 4;
  return {900, 5 * fontMetrics().height() + kBarsMargin * 4 + rows * kBarsRow};
}

void ZoomBars::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QPalette& pal = palette();
  p.fillRect(rect(), pal.base());
  if (!zoom_) {
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(rect().adjusted(kBarsMargin, kBarsMargin, -kBarsMargin, -kBarsMargin), Qt::AlignCenter | Qt::TextWordWrap, message_);
    return;
  }
  const auto& z = *zoom_;
  const QFontMetrics fm = fontMetrics();
  int labelWidth = fm.horizontalAdvance(tr("token"));
  for (const QString& t : tokens_) labelWidth = std::max(labelWidth, fm.horizontalAdvance(t));
  labelWidth = std::min(labelWidth + 2 * kBarsMargin, width() / 5);
  const int columns = int(z.columns.size());
  const int columnWidth = std::max(60, (width() - labelWidth - kBarsMargin) / std::max(1, columns));
  const int top = 4 * fm.height() + 2 * kBarsMargin;
  float most = 0;
  for (const auto& col : z.p)
    for (float v : col) most = std::max(most, v);
  most = std::max(most, 1e-6f);

  // Token labels, the territory's token in bold.
  for (int i = 0; i < int(z.ids.size()); ++i) {
    const QRect cell(kBarsMargin, top + i * kBarsRow, labelWidth - kBarsMargin, kBarsRow);
    QFont f = font();
    f.setBold(z.ids[std::size_t(i)] == z.target);
    p.setFont(f);
    p.setPen(pal.color(QPalette::Text));
    p.drawText(cell, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(tokens_.value(i), Qt::ElideRight, cell.width()));
    if (z.ids[std::size_t(i)] == z.target)
      p.fillRect(QRect(labelWidth, cell.top(), columns * columnWidth, kBarsRow), QColor(255, 200, 0, 40));
  }
  p.setFont(font());
  for (int c = 0; c < columns; ++c) {
    const int x = labelWidth + c * columnWidth;
    const QColor color = c == 0 ? QColor(90, 90, 90) : c == 1 ? QColor(110, 80, 170) : mapColor(c - 1);
    // Header: the map, and for a tuned map its KLs at this position.
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(color);
    p.drawText(QRect(x + 4, kBarsMargin, columnWidth - 8, fm.height()), Qt::AlignLeft,
               fm.elidedText(QString::fromStdString(z.columns[std::size_t(c)]), Qt::ElideRight, columnWidth - 8));
    p.setFont(font());
    p.setPen(pal.color(QPalette::Text));
    if (c >= 2) {
      const std::size_t t = std::size_t(c - 2);
      const QString lines[] = {tr("KL(map ‖ base) %1").arg(z.kl_tb[t], 0, 'f', 3),
                               tr("KL(map ‖ zoomed) %1").arg(z.kl_tz[t], 0, 'f', 3),
                               tr("recovered here %1 %").arg(100 * z.recovered[t], 0, 'f', 1)};
      for (int l = 0; l < 3; ++l)
        p.drawText(QRect(x + 4, kBarsMargin + (l + 1) * fm.height(), columnWidth - 8, fm.height()), Qt::AlignLeft,
                   fm.elidedText(lines[l], Qt::ElideRight, columnWidth - 8));
    } else {
      p.drawText(QRect(x + 4, kBarsMargin + fm.height(), columnWidth - 8, fm.height()), Qt::AlignLeft,
                 fm.elidedText(c == 0 ? tr("the base map") : tr("the base map under the prompt"), Qt::ElideRight,
                               columnWidth - 8));
    }
    for (int i = 0; i < int(z.ids.size()); ++i) {
      const float v = z.p[std::size_t(c)][std::size_t(i)];
      const int barMax = columnWidth - 60;
      const QRect bar(x + 4, top + i * kBarsRow + 3, std::max(1, int(barMax * v / most)), kBarsRow - 6);
      p.fillRect(bar, color);
      p.setPen(pal.color(QPalette::Text));
      p.drawText(QRect(bar.right() + 4, top + i * kBarsRow, 56, kBarsRow), Qt::AlignLeft | Qt::AlignVCenter,
                 QString::number(v, 'f', 3));
    }
  }
  p.setPen(pal.color(QPalette::PlaceholderText));
  p.drawText(QRect(kBarsMargin, top + int(z.ids.size()) * kBarsRow + kBarsMargin, width() - 2 * kBarsMargin, fm.height()),
             Qt::AlignLeft, tr("next token in the territory: %1 (bold); bars: probability, one shared token order").arg(truth_));
}

}  // namespace widgets

#include "widgets/territory/tokenstrip.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "widgets/display/mapcolors.h"
#include "widgets/territory/topkmodel.h"

namespace widgets {

TokenStrip::TokenStrip(QWidget* parent) : QAbstractScrollArea(parent) {
  setObjectName(QStringLiteral("tokenStrip"));
  setFocusPolicy(Qt::StrongFocus);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  viewport()->setMouseTracking(false);
  viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
  setToolTip(tr("Click a token to select it in every view; drag or shift-click to select a span, "
                "right-click to annotate it"));
  measure();
}

QFont TokenStrip::labelFont() const {
  QFont small = font();
  small.setPointSizeF(std::max(6.0, font().pointSizeF() - 1.5));
  return small;
}

void TokenStrip::measure() {
  const QFontMetrics fm(font());
  textHeight_ = fm.height() + 4;
  // A row is as tall as its label, so every map's name sits beside its own colours.
  cellHeight_ = std::max(8, QFontMetrics(labelFont()).height());
  gap_ = std::max(6, fm.height() / 2);
  widthCache_.clear();
  layoutWidth_ = -1;
}

void TokenStrip::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) {
    measure();
    relayout();
  }
  if (event->type() == QEvent::PaletteChange) rescale();
  QAbstractScrollArea::changeEvent(event);
}

void TokenStrip::setDocument(std::shared_ptr<const core::analysis::RunResult> run, int document) {
  std::shared_ptr<const core::analysis::DocumentResult> tracks;
  if (run && document >= 0) {
    auto read = core::analysis::document_with_tracks(*run, std::size_t(document));
    if (read) tracks = std::move(*read);
  }
  setDocument(std::move(run), document, std::move(tracks));
}

void TokenStrip::setDocument(std::shared_ptr<const core::analysis::RunResult> run, int document,
                             std::shared_ptr<const core::analysis::DocumentResult> tracks) {
  if (run != run_) widthCache_.clear();
  run_ = std::move(run);
  document_ = run_ && tracks && document >= 0 && std::size_t(document) < run_->documents.size() ? document : -1;
  doc_ = document_ >= 0 ? std::move(tracks) : nullptr;
  current_ = spanFirst_ = spanLast_ = anchor_ = -1;
  annotated_.clear();
  layoutWidth_ = -1;
  relayout();
  rescale();
  verticalScrollBar()->setValue(0);
}

void TokenStrip::setRows(const std::vector<int>& maps, const QStringList& names) {
  rows_ = maps;
  rowNames_ = names;
  measureGutter();
  layoutWidth_ = -1;
  relayout();
  rescale();
}

void TokenStrip::measureGutter() {
  const QFontMetrics small(labelFont());
  gutter_ = 12;
  for (const QString& n : rowNames_) gutter_ = std::max(gutter_, small.horizontalAdvance(n) + 14);
  if (zoom_) gutter_ = std::max(gutter_, small.horizontalAdvance(zoomName_) + 14);
  gutter_ = std::min(gutter_, 180);
}

void TokenStrip::setZoomRow(std::shared_ptr<const core::analysis::ZoomResult> zoom, int prompt, int tunedMap,
                            const QString& name) {
  const bool valid = zoom && prompt >= 0 && std::size_t(prompt) < zoom->kl_tz.size() && tunedMap >= 1 &&
                     std::size_t(tunedMap - 1) < zoom->kl_tz[std::size_t(prompt)].size();
  zoom_ = valid ? std::move(zoom) : nullptr;
  zoomPrompt_ = prompt;
  zoomMap_ = tunedMap;
  zoomName_ = valid ? name : QString();
  measureGutter();
  layoutWidth_ = -1;
  relayout();
  rescale();
}

float TokenStrip::zoomValue(int position) const {
  if (!zoom_ || document_ < 0 || position < 0 || metric_ != Metric::KlTunedBase) return kNoValue;
  // A zoom run's tracks are by the document's place in its run, as the strip's document is.
  const auto& documents = zoom_->kl_tz[std::size_t(zoomPrompt_)][std::size_t(zoomMap_ - 1)];
  if (std::size_t(document_) >= documents.size()) return kNoValue;
  const auto& kl = documents[std::size_t(document_)];
  return std::size_t(position) < kl.size() ? kl[std::size_t(position)] : kNoValue;
}

void TokenStrip::setMetric(Metric metric) {
  metric_ = metric;
  rescale();
}

void TokenStrip::setPositions(std::shared_ptr<const PositionSet> positions) {
  positions_ = std::move(positions);
  viewport()->update();
}

void TokenStrip::setCurrent(int position) {
  if (position == current_) return;
  current_ = position;
  viewport()->update();
}

void TokenStrip::setSpan(int first, int last) {
  if (first > last) std::swap(first, last);
  spanFirst_ = first;
  spanLast_ = last;
  viewport()->update();
}

void TokenStrip::setAnnotations(const std::vector<std::pair<int, int>>& spans, const QStringList& notes) {
  annotationSpans_ = spans;
  annotationNotes_ = notes;
  annotated_.assign(x_.size(), 0);
  for (const auto& [first, last] : spans)
    for (int p = std::max(0, first); p <= last && std::size_t(p) < annotated_.size(); ++p) annotated_[std::size_t(p)] = 1;
  viewport()->update();
}

QString TokenStrip::tokenText(int position) const {
  const auto& doc = *doc_;
  const std::int32_t id = doc.tokens[std::size_t(position) + 1];
  if (id < 0 || std::size_t(id) >= run_->token_texts.size()) return QStringLiteral("⟨%1⟩").arg(id);
  QString s = QString::fromStdString(run_->token_texts[std::size_t(id)]);
  s.replace(QLatin1Char('\n'), QStringLiteral("↵")).replace(QLatin1Char('\t'), QStringLiteral("⇥"));
  s.remove(QLatin1Char('\r'));
  return s.isEmpty() ? QStringLiteral("∅") : s;
}

int TokenStrip::tokenWidth(std::int32_t id) {
  const auto it = widthCache_.constFind(id);
  if (it != widthCache_.constEnd()) return *it;
  // Every token of one id has the same text, so one measurement serves the whole document.
  QString s;
  if (id >= 0 && std::size_t(id) < run_->token_texts.size()) s = QString::fromStdString(run_->token_texts[std::size_t(id)]);
  s.replace(QLatin1Char('\n'), QStringLiteral("↵")).replace(QLatin1Char('\t'), QStringLiteral("⇥"));
  if (s.isEmpty()) s = QStringLiteral("∅");
  const int w = std::max(6, QFontMetrics(font()).horizontalAdvance(s) + 3);
  widthCache_.insert(id, w);
  return w;
}

void TokenStrip::relayout() {
  x_.clear();
  width_.clear();
  line_.clear();
  lineStart_.clear();
  if (document_ < 0) {
    updateScrollBar();
    viewport()->update();
    return;
  }
  layoutWidth_ = viewport()->width();
  const auto& doc = *doc_;
  const int n = int(doc.scored());
  const int avail = std::max(80, layoutWidth_ - gutter_ - 6);
  x_.resize(std::size_t(n));
  width_.resize(std::size_t(n));
  line_.resize(std::size_t(n));
  int x = 0, line = 0;
  bool breakAfter = false;
  for (int p = 0; p < n; ++p) {
    const std::int32_t id = doc.tokens[std::size_t(p) + 1];
    const int w = tokenWidth(id);
    if (p == 0 || breakAfter || (x + w > avail && x > 0)) {
      if (p > 0) ++line;
      x = 0;
      lineStart_.push_back(p);
    }
    x_[std::size_t(p)] = x;
    width_[std::size_t(p)] = w;
    line_[std::size_t(p)] = line;
    x += w;
    breakAfter = id >= 0 && std::size_t(id) < run_->token_texts.size() &&
                 run_->token_texts[std::size_t(id)].find('\n') != std::string::npos;
  }
  if (annotated_.size() != std::size_t(n)) setAnnotations(annotationSpans_, annotationNotes_);
  updateScrollBar();
  viewport()->update();
}

QString TokenStrip::rowName(int row) const {
  if (row == int(rows_.size()) && zoom_) return zoomName_;
  return row >= 0 && row < rowNames_.size() ? rowNames_[row] : QString();
}

QRect TokenStrip::cellRect(int row, int p) const {
  if (row < 0 || row >= rowCount() || p < 0 || std::size_t(p) >= x_.size()) return {};
  return {gutter_ + x_[std::size_t(p)],
          line_[std::size_t(p)] * blockHeight() - verticalScrollBar()->value() + textHeight_ + row * cellHeight_,
          width_[std::size_t(p)] - 1, cellHeight_ - 1};
}

void TokenStrip::updateScrollBar() {
  const int total = int(lineStart_.size()) * blockHeight();
  verticalScrollBar()->setRange(0, std::max(0, total - viewport()->height()));
  verticalScrollBar()->setPageStep(viewport()->height());
  verticalScrollBar()->setSingleStep(blockHeight());
}

void TokenStrip::resizeEvent(QResizeEvent* event) {
  QAbstractScrollArea::resizeEvent(event);
  if (viewport()->width() != layoutWidth_) {
    const int keep = current_;
    relayout();
    if (keep >= 0) ensureVisible(keep);
  } else {
    updateScrollBar();
  }
}

void TokenStrip::ensureVisible(int position) {
  if (position < 0 || std::size_t(position) >= line_.size()) return;
  const int top = line_[std::size_t(position)] * blockHeight();
  const int y = verticalScrollBar()->value();
  if (top < y || top + blockHeight() > y + viewport()->height())
    verticalScrollBar()->setValue(top - viewport()->height() / 3);
}

int TokenStrip::positionAt(const QPoint& pt) const {
  if (document_ < 0 || lineStart_.empty()) return -1;
  const int y = pt.y() + verticalScrollBar()->value();
  const int line = y / blockHeight();
  if (y < 0 || line >= int(lineStart_.size()) || y % blockHeight() >= blockHeight() - gap_) return -1;
  const int x = pt.x() - gutter_;
  const int first = lineStart_[std::size_t(line)];
  const int end = line + 1 < int(lineStart_.size()) ? lineStart_[std::size_t(line) + 1] : int(x_.size());
  const auto it = std::upper_bound(x_.begin() + first, x_.begin() + end, x);
  const int p = int(it - x_.begin()) - 1;
  if (p < first || x >= x_[std::size_t(p)] + width_[std::size_t(p)]) return -1;
  return p;
}

QRect TokenStrip::tokenRect(int p) const {
  if (p < 0 || std::size_t(p) >= x_.size()) return {};
  return {gutter_ + x_[std::size_t(p)], line_[std::size_t(p)] * blockHeight() - verticalScrollBar()->value(),
          width_[std::size_t(p)], textHeight_};
}

namespace {

// A value beyond the scale's range is drawn at the end colour; a notch in the background colour (the
// end colours are the strongest, so it stands out on them) says the colour understates it: in the
// top right corner above the range, the bottom right corner below it.
void paintClipNotch(QPainter& painter, const QRect& cell, int clipped, const QColor& base) {
  const int s = std::max(3, std::min(cell.height(), cell.width()) / 2);
  const QPoint corner = clipped > 0 ? cell.topRight() + QPoint(1, 0) : cell.bottomRight() + QPoint(1, 1);
  const int dy = clipped > 0 ? s : -s;
  const QPoint notch[3] = {corner, corner - QPoint(s, 0), corner + QPoint(0, dy)};
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.setPen(Qt::NoPen);
  painter.setBrush(base);
  painter.drawPolygon(notch, 3);
  painter.restore();
}

}  // namespace

void TokenStrip::paintEvent(QPaintEvent*) {
  QPainter painter(viewport());
  const QPalette& pal = palette();
  const QColor base = pal.color(QPalette::Base);
  painter.fillRect(viewport()->rect(), base);
  if (document_ < 0) {
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect(), Qt::AlignCenter, tr("Choose a document to see its tokens"));
    return;
  }
  const int bh = blockHeight();
  const int scroll = verticalScrollBar()->value();
  const int firstLine = std::max(0, scroll / bh);
  const int lastLine = std::min(int(lineStart_.size()) - 1, (scroll + viewport()->height()) / bh);
  const int n = int(x_.size());
  const QFontMetrics fm(font());
  const QFont small = labelFont();
  const QColor text = pal.color(QPalette::Text);
  QColor faded = text;
  faded.setAlpha(90);
  const QColor highlight = pal.color(QPalette::Highlight);
  QColor spanColor = highlight;
  spanColor.setAlpha(70);
  const QColor annotation(230, 140, 0);
  auto fade = [&base](QRgb c) {
    return qRgb((qRed(c) + 3 * base.red()) / 4, (qGreen(c) + 3 * base.green()) / 4, (qBlue(c) + 3 * base.blue()) / 4);
  };

  for (int line = firstLine; line <= lastLine; ++line) {
    const int y0 = line * bh - scroll;
    const int first = lineStart_[std::size_t(line)];
    const int end = line + 1 < int(lineStart_.size()) ? lineStart_[std::size_t(line) + 1] : n;
    // Gutter: where the line starts, then the name of each map row.
    painter.setFont(small);
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(QRect(2, y0, gutter_ - 8, textHeight_), Qt::AlignVCenter | Qt::AlignRight, QString::number(first));
    for (std::size_t r = 0; r < std::size_t(rowCount()); ++r) {
      const bool zoomRow = r == rows_.size();
      painter.setPen(mapColor(zoomRow ? 0 : rows_[r]));
      const QString name = zoomRow ? zoomName_ : r < std::size_t(rowNames_.size()) ? rowNames_[int(r)] : QString();
      painter.drawText(QRect(2, y0 + textHeight_ + int(r) * cellHeight_, gutter_ - 8, cellHeight_),
                       Qt::AlignVCenter | Qt::AlignRight, name);
    }
    painter.setFont(font());
    for (int p = first; p < end; ++p) {
      const QRect cell(gutter_ + x_[std::size_t(p)], y0, width_[std::size_t(p)], textHeight_);
      const bool kept = !positions_ || positions_->contains(document_, p);
      const bool inSpan = spanFirst_ >= 0 && p >= spanFirst_ && p <= spanLast_ && spanLast_ > spanFirst_;
      if (p == current_) painter.fillRect(cell, highlight);
      else if (inSpan) painter.fillRect(cell, spanColor);
      if (std::size_t(p) < annotated_.size() && annotated_[std::size_t(p)])
        painter.fillRect(QRect(cell.left(), cell.bottom() - 1, cell.width(), 2), annotation);
      painter.setPen(p == current_ ? pal.color(QPalette::HighlightedText) : kept ? text : faded);
      painter.drawText(cell.adjusted(1, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, tokenText(p));
      for (std::size_t r = 0; r < std::size_t(rowCount()); ++r) {
        const std::size_t i = r * std::size_t(n) + std::size_t(p);
        const QRect colour(cell.left(), y0 + textHeight_ + int(r) * cellHeight_, cell.width() - 1, cellHeight_ - 1);
        painter.fillRect(colour, QColor::fromRgb(kept ? colors_[i] : fade(colors_[i])));
        if (clipped_[i] != 0) paintClipNotch(painter, colour, clipped_[i], base);
      }
    }
    if (current_ >= first && current_ < end) {
      const QRect column(gutter_ + x_[std::size_t(current_)] - 1, y0, width_[std::size_t(current_)] + 1,
                         textHeight_ + rowCount() * cellHeight_);
      painter.setPen(QPen(highlight, 2));
      painter.setBrush(Qt::NoBrush);
      painter.drawRect(column);
    }
  }
}

void TokenStrip::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QAbstractScrollArea::mousePressEvent(event);
  const int p = positionAt(event->position().toPoint());
  if (p < 0) return;
  if ((event->modifiers() & Qt::ShiftModifier) && current_ >= 0) {
    setSpan(std::min(current_, p), std::max(current_, p));
    Q_EMIT spanSelected(spanFirst_, spanLast_);
    return;
  }
  anchor_ = p;
  dragging_ = true;
  setSpan(p, p);
}

void TokenStrip::mouseMoveEvent(QMouseEvent* event) {
  if (!dragging_) return;
  const int p = positionAt(event->position().toPoint());
  if (p >= 0) setSpan(std::min(anchor_, p), std::max(anchor_, p));
}

void TokenStrip::mouseReleaseEvent(QMouseEvent* event) {
  if (!dragging_ || event->button() != Qt::LeftButton) return;
  dragging_ = false;
  const int p = positionAt(event->position().toPoint());
  if (p >= 0) setSpan(std::min(anchor_, p), std::max(anchor_, p));
  if (spanFirst_ == spanLast_) Q_EMIT tokenClicked(anchor_);
  else Q_EMIT spanSelected(spanFirst_, spanLast_);
}

void TokenStrip::keyPressEvent(QKeyEvent* event) {
  const int n = int(x_.size());
  if (n == 0) return QAbstractScrollArea::keyPressEvent(event);
  int p = current_;
  switch (event->key()) {
    case Qt::Key_Left: p = std::max(0, current_ - 1); break;
    case Qt::Key_Right: p = std::min(n - 1, current_ + 1); break;
    case Qt::Key_Home: p = 0; break;
    case Qt::Key_End: p = n - 1; break;
    default: return QAbstractScrollArea::keyPressEvent(event);
  }
  if (p != current_) {
    Q_EMIT tokenClicked(p);
    ensureVisible(p);
  }
}

void TokenStrip::contextMenuEvent(QContextMenuEvent* event) {
  if (document_ < 0) return;
  const int at = positionAt(event->pos());
  int first = spanFirst_, last = spanLast_;
  if (first < 0 || (at >= 0 && (at < first || at > last))) first = last = at >= 0 ? at : current_;
  QMenu menu(this);
  QAction* annotate = menu.addAction(tr("Annotate Span…"));
  annotate->setEnabled(first >= 0);
  QAction* copy = menu.addAction(tr("Copy Text"));
  copy->setEnabled(first >= 0);
  menu.addSeparator();
  Q_EMIT menuAboutToShow(&menu, first, last);  // the window adds Export Figure / Copy Figure
  QAction* chosen = menu.exec(event->globalPos());
  if (chosen == annotate) Q_EMIT annotateRequested(first, last);
  if (chosen == copy) {
    QString s;
    for (int p = first; p <= last; ++p) s += tokenText(p);
    QApplication::clipboard()->setText(s);
  }
}

QString TokenStrip::tooltipAt(int position) const {
  QString html = topKHtml(*run_, *doc_, position, rows_, rowNames_);
  if (zoom_) {
    const float v = zoomValue(position);
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(zoomName_.toHtmlEscaped(),
                     std::isnan(v) ? tr("shows KL(map ‖ base) only: choose that metric")
                                   : tr("KL(tuned ‖ zoomed base) %1 nats").arg(double(v), 0, 'f', 3));
  }
  for (int r = 0; r < rowCount(); ++r)
    if (clippedAt(r, position) != 0)
      html += QStringLiteral("<p>%1</p>").arg(tr("%1: beyond the colour range (%2), drawn at its end colour")
                                                   .arg(rowName(r).toHtmlEscaped(), scaleRangeLabel(range_, rowScale(r))));
  for (std::size_t i = 0; i < annotationSpans_.size(); ++i)
    if (position >= annotationSpans_[i].first && position <= annotationSpans_[i].second &&
        int(i) < annotationNotes_.size())
      html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Note:"), annotationNotes_[int(i)].toHtmlEscaped());
  return html;
}

bool TokenStrip::viewportEvent(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int p = positionAt(help->pos());
    if (p >= 0) QToolTip::showText(help->globalPos(), tooltipAt(p), viewport(), tokenRect(p));
    else QToolTip::showText(help->globalPos(), toolTip(), viewport());
    return true;
  }
  return QAbstractScrollArea::viewportEvent(event);
}

}  // namespace widgets

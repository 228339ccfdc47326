#pragma once
// widgets::TokenStrip: one document's scored tokens as flowing text, with one coloured row per map under
// every line (the metric at that position, on a ColorScale). Click chooses a token, drag or shift-click
// chooses a span, the context menu annotates it, and a tooltip shows every map's top-k side by side.
//
// Painted by hand (no widget per token): the layout is computed once per width as arrays, and a paint
// touches only the visible lines, so documents of 100k tokens scroll smoothly.
// GUI thread only; reads the run it is given, never modifies it.
#include <QAbstractScrollArea>
#include <QHash>
#include <memory>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/analysis/zoom_run.h"
#include "widgets/display/colorscale.h"
#include "widgets/display/scalerange.h"
#include "widgets/overview/slice.h"

class QMenu;

namespace widgets {

class TokenStrip : public QAbstractScrollArea {
  Q_OBJECT
 public:
  explicit TokenStrip(QWidget* parent = nullptr);

  // The document to show (null run or -1: nothing), `tracks` that document with its tracks
  // (core::analysis::document_with_tracks); keeps the metric, rows and scale. Without `tracks` they are
  // read here, on the calling thread: the territory view reads them on a worker first.
  void setDocument(std::shared_ptr<const core::analysis::RunResult> run, int document,
                   std::shared_ptr<const core::analysis::DocumentResult> tracks);
  void setDocument(std::shared_ptr<const core::analysis::RunResult> run, int document);
  // The shown document with its tracks (null when none).
  const std::shared_ptr<const core::analysis::DocumentResult>& shown() const { return doc_; }
  // Which maps get a row, in order, and what each row is called.
  void setRows(const std::vector<int>& maps, const QStringList& names);
  // The zoomed base map's row (base ⊕ a prompt of a zoom run stored for the run), under the maps' rows
  // on the same colour scale. A zoom run keeps KL(tuned ‖ base ⊕ prompt) per position for each tuned
  // map, so the row has values when the metric is KL(map ‖ base): what is left of `tunedMap`'s
  // distortion once the base is zoomed, to read against that map's own row. Other metrics leave it
  // empty (the zoom run did not measure them). Null `zoom`: no row.
  void setZoomRow(std::shared_ptr<const core::analysis::ZoomResult> zoom, int prompt, int tunedMap, const QString& name);
  bool hasZoomRow() const { return zoom_ != nullptr; }
  // The maps' rows, in order (the zoom row, when there is one, follows them).
  const std::vector<int>& rowMaps() const { return rows_; }
  // The value the zoom row shows at scored `position` of the shown document; NaN where it has none.
  float zoomValue(int position) const;
  // Rows drawn under each line: the maps' rows, then the zoom row when there is one.
  int rowCount() const { return int(rows_.size()) + (zoom_ ? 1 : 0); }
  void setMetric(Metric metric);
  Metric metric() const { return metric_; }
  // How far the colours reach: a percentile of |value|, per row or shared by every row (see
  // display/scalerange.h). Per row, the zoom row takes its tuned map's scale, so the two read alike.
  void setScaleRange(const ScaleRange& range);
  const ScaleRange& scaleRange() const { return range_; }
  // Positions outside the slice are drawn faded; null = every position kept.
  void setPositions(std::shared_ptr<const PositionSet> positions);
  void setCurrent(int position);
  void setSpan(int first, int last);  // -1, -1 clears
  // Scored-position spans [first, last] that carry an annotation (underlined), with their notes.
  void setAnnotations(const std::vector<std::pair<int, int>>& spans, const QStringList& notes);
  void ensureVisible(int position);

  int document() const { return document_; }
  int current() const { return current_; }
  // The scale over every row's values (what every row uses when the range is shared).
  const ColorScale& scale() const { return scale_; }
  // The scale row `row` is drawn with (0..rowCount()-1; the zoom row last).
  const ColorScale& rowScale(int row) const;
  // Where row `row`'s value at `position` lies beyond its scale (drawn at the end colour and marked
  // with a notch): -1 below, +1 above, 0 inside.
  int clippedAt(int row, int position) const;
  // Whether anything in row `row` is clipped below (first) or above (second) its range.
  std::pair<bool, bool> rowClipped(int row) const;
  // The name beside row `row` in the gutter.
  QString rowName(int row) const;
  // Viewport coordinates of row `row`'s colour cell under the token at `position`.
  QRect cellRect(int row, int position) const;  int positionAt(const QPoint& viewportPoint) const;  // -1 when no token is there
  QRect tokenRect(int position) const;                // viewport coordinates of the token's text cell
  int lineCount() const { return int(lineStart_.size()); }

 Q_SIGNALS:
  void tokenClicked(int position);
  void spanSelected(int first, int last);
  void annotateRequested(int first, int last);
  // The context menu is about to show for the span first..last (-1: none): listeners may add actions.
  void menuAboutToShow(QMenu* menu, int first, int last);
  // The rows' scales or what they clip changed (the legend reads rowScale and rowClipped).
  void scalesChanged();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;
  bool viewportEvent(QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void measure();
  QFont labelFont() const;
  void relayout();
  void rescale();
  void updateScrollBar();
  QString tokenText(int position) const;
  int tokenWidth(std::int32_t id);
  int blockHeight() const { return textHeight_ + rowCount() * cellHeight_ + gap_; }
  void measureGutter();
  QString tooltipAt(int position) const;

  std::shared_ptr<const core::analysis::RunResult> run_;
  int document_ = -1;
  std::shared_ptr<const core::analysis::DocumentResult> doc_;  // run_'s document_, with its tracks
  std::vector<int> rows_;
  QStringList rowNames_;
  std::shared_ptr<const core::analysis::ZoomResult> zoom_;
  int zoomPrompt_ = 0, zoomMap_ = 1;
  QString zoomName_;
  Metric metric_ = Metric::DeltaLogp;
  ColorScale scale_;
  ScaleRange range_;
  std::vector<ColorScale> scales_;  // per row
  std::shared_ptr<const PositionSet> positions_;
  int current_ = -1;
  int spanFirst_ = -1, spanLast_ = -1;
  int anchor_ = -1;
  bool dragging_ = false;
  std::vector<std::uint8_t> annotated_;
  std::vector<std::pair<int, int>> annotationSpans_;
  QStringList annotationNotes_;
  // Layout: per position its x and line; per line its first position.
  std::vector<int> x_, width_, line_;
  std::vector<int> lineStart_;
  std::vector<QRgb> colors_;         // [row * n + position]
  std::vector<std::int8_t> clipped_;  // [row * n + position]: ColorScale::clipped
  QHash<std::int32_t, int> widthCache_;
  int layoutWidth_ = -1;
  int gutter_ = 60;
  int textHeight_ = 18, cellHeight_ = 7, gap_ = 8;
};

}  // namespace widgets

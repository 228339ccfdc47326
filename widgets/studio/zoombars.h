#pragma once
// widgets::ZoomBars: zoom at a token, drawn — one column of horizontal probability bars per map
// (base, base ⊕ prompt, each tuned map) over one shared token order, the territory's token marked,
// and under each tuned map's name KL(tuned ‖ base), KL(tuned ‖ base ⊕ prompt) and the share recovered.
// Painted directly (no Qt Charts): it is a small multiple of bar lists, not a chart with axes.
// GUI thread only; holds a copy of the values it shows.
#include <QStringList>
#include <QWidget>
#include <optional>

#include "core/analysis/token_zoom.h"

namespace widgets {

class ZoomBars : public QWidget {
  Q_OBJECT
 public:
  explicit ZoomBars(QWidget* parent = nullptr);
  // `tokens` are the display texts of zoom.ids, in order; `truth` the territory's token text.
  void setZoom(const core::analysis::TokenZoom& zoom, const QStringList& tokens, const QString& truth);
  void setMessage(const QString& message);  // shown instead of bars (loading, errors, nothing chosen)
  const std::optional<core::analysis::TokenZoom>& zoom() const { return zoom_; }
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::optional<core::analysis::TokenZoom> zoom_;
  QStringList tokens_;
  QString truth_, message_;
};

}  // namespace widgets

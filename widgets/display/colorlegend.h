#pragma once
// widgets::ColorLegend: the key of a ColorScale: a gradient bar with its metric's name and values at
// both ends (and 0 for signed metrics), so a colour in a strip or scatter can be read as a number.
#include <QWidget>

#include "widgets/display/colorscale.h"

namespace widgets {

class ColorLegend : public QWidget {
  Q_OBJECT
 public:
  explicit ColorLegend(QWidget* parent = nullptr);
  void setScale(const ColorScale& scale);
  const ColorScale& scale() const { return scale_; }
  // Off where a combo box next to the legend already names the metric.
  void setTitleVisible(bool visible);
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  ColorScale scale_;
  bool title_ = true;
};

}  // namespace widgets

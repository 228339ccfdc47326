#pragma once
// widgets::paintFigure: draws a Figure (figure.h) onto any QPainter — a widget, a QImage, a
// QSvgGenerator or a QPdfWriter — in logical pixels (figure.size at 96 dpi). Always a white page with
// black text and fixed fonts, whatever the UI palette; title, legend, colour bar, panels with axis
// titles, and the provenance caption under the figure when `caption` is not empty.
// Stateless; any thread that owns the painter.
#include <QString>

#include "widgets/export/figure.h"

class QPainter;

namespace widgets {

// `maxVectorPoints` > 0: a scatter with more points is drawn as one embedded image (2 px per logical
// pixel) instead of one mark per point, which bounds an SVG's size (the report); 0: every point a mark.
void paintFigure(QPainter& painter, const Figure& figure, const QString& caption = {}, int maxVectorPoints = 0);

// The page height paintFigure needs for `caption` under a figure of figure.size (wrapped to its width).
int figureHeightWithCaption(const Figure& figure, const QString& caption);

// Round axis ticks covering [lo, hi]: about `count` values at 1, 2 or 5 times a power of ten.
QList<double> niceTicks(double lo, double hi, int count = 5);

}  // namespace widgets

namespace widgets {
// The height a strip panel needs at `width` logical pixels (its rows wrap like lines of text).
int stripPanelHeight(const FigurePanel& panel, int width);
}  // namespace widgets

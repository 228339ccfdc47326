#pragma once
// widgets::ColorScale: how a metric value becomes a colour in the token strip, the projection and their
// legends. By default one diverging palette (ColorBrewer RdBu, readable with the common colour-vision
// deficiencies): signed metrics use both halves around a white 0 (red = below 0, where the map lost
// probability or collapsed); non-negative metrics use the white-to-red half. Rank is scaled on log10.
// On a dark background the neutral middle is dark instead of white, so that large values, not
// ordinary ones, are what catches the eye. The palette is a preference (ColorPalette): ColorBrewer PuOr
// (orange = below 0) is the other diverging one, Viridis a perceptually uniform sequential one (dark
// purple = below 0 or, on a light background, large).
// A value type; cheap to copy; any thread.
#include <QColor>
#include <QString>
#include <array>
#include <optional>

#include "widgets/display/metric.h"

namespace widgets {

enum class ColorPalette { RdBu, PuOr, Viridis };

// The palette's name in the settings ("RdBu", "PuOr", "Viridis"), and back (nullopt for an unknown name).
QString paletteKey(ColorPalette palette);
std::optional<ColorPalette> paletteFromKey(const QString& key);

class ColorScale {
 public:
  // Every scale made afterwards, on any thread, uses `palette` (default RdBu). Process-wide rather than
  // a constructor argument: scales are made in a dozen places (views, legends, figures on export
  // workers), and the palette is the user's one preference for all of them (MainWindow sets it from
  // the preferences and asks the views to recolour).
  static void setDefaultPalette(ColorPalette palette);
  static ColorPalette defaultPalette();
  // `palette` as a signed metric shows it on a light background, t in 0..1 (the Preferences' samples).
  static QRgb swatch(ColorPalette palette, double t);

  ColorScale() = default;
  // `extent`: the magnitude drawn at full colour (values beyond are clamped).
  ColorScale(Metric metric, double extent, bool darkBackground = false);

  QRgb color(float value) const;  // NaN: a neutral grey; beyond the range: the end colour
  // Where a finite value lies beyond the range, so its colour (the end colour) understates it:
  // -1 below low(), +1 above high(), 0 inside (and for NaN).
  int clipped(float value) const;
  Metric metric() const { return metric_; }
  ColorPalette palette() const { return palette_; }
  bool darkBackground() const { return dark_; }
  bool isSigned() const { return signed_; }
  // The value range the legend spans: [-extent, extent] or [0 (1 for rank), extent].
  double low() const;
  double high() const { return extent_; }
  // Position of `value` along the legend, 0..1.
  double fraction(double value) const;
  // The value at a legend position, 0..1.
  double valueAt(double fraction) const;

  static QRgb missingColor() { return qRgb(190, 190, 190); }

 private:
  Metric metric_ = Metric::DeltaLogp;
  double extent_ = 1;
  bool signed_ = true;
  bool log_ = false;
  bool dark_ = false;
  ColorPalette palette_ = ColorPalette::RdBu;
  std::array<QRgb, 256> lut_{};
};

}  // namespace widgets

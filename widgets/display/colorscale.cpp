#include "widgets/display/colorscale.h"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace widgets {
namespace {

// ColorBrewer RdBu and PuOr (11 classes), the end shown below 0 first; Viridis (matplotlib), dark end first.
constexpr QRgb kRdBu[11] = {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7,
                            0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061};
constexpr QRgb kPuOr[11] = {0x7f3b08, 0xb35806, 0xe08214, 0xfdb863, 0xfee0b6, 0xf7f7f7,
                            0xd8daeb, 0xb2abd2, 0x8073ac, 0x542788, 0x2d004b};
constexpr QRgb kViridis[11] = {0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
                               0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725};
// The diverging palettes for dark backgrounds: bright ends, dark neutral middle.
constexpr QRgb kDarkRdBu[5] = {0xff6b5b, 0xb03a3a, 0x34343a, 0x2f5f9f, 0x6cb4ff};
constexpr QRgb kDarkPuOr[5] = {0xfdb863, 0xb35806, 0x34343a, 0x6a5a9e, 0xc9c1ee};

QRgb lerp(QRgb a, QRgb b, double t) {
  auto mix = [t](int x, int y) { return int(std::lround(x + (y - x) * t)); };
  return qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
}

// u in [0, 1] along evenly spaced colour stops.
template <std::size_t N>
QRgb along(const QRgb (&stops)[N], double u) {
  const double x = std::clamp(u, 0.0, 1.0) * double(N - 1);
  const int i = std::min(int(x), int(N) - 2);
  return lerp(stops[i], stops[i + 1], x - i);
}

// t in [0, 1] along the legend (0 = its low end). Diverging palettes: signed metrics use both halves
// around the neutral middle, non-negative ones run from the middle to the end shown below 0. Viridis is
// sequential: it runs dark to bright, except for non-negative metrics on a light background, which run
// bright (near the background) to dark, so that large values stand out as they do in the others.
QRgb paletteColor(ColorPalette palette, bool isSigned, bool dark, double t) {
  if (palette == ColorPalette::Viridis) return along(kViridis, isSigned || dark ? t : 1 - t);
  const double u = isSigned ? t : 0.5 - 0.5 * t;
  const bool puor = palette == ColorPalette::PuOr;
  if (dark) return puor ? along(kDarkPuOr, u) : along(kDarkRdBu, u);
  return puor ? along(kPuOr, u) : along(kRdBu, u);
}

std::atomic<ColorPalette> defaultPalette_{ColorPalette::RdBu};

}  // namespace

QString paletteKey(ColorPalette palette) {
  switch (palette) {
    case ColorPalette::PuOr: return QStringLiteral("PuOr");
    case ColorPalette::Viridis: return QStringLiteral("Viridis");
    case ColorPalette::RdBu: break;
  }
  return QStringLiteral("RdBu");
}

std::optional<ColorPalette> paletteFromKey(const QString& key) {
  for (ColorPalette p : {ColorPalette::RdBu, ColorPalette::PuOr, ColorPalette::Viridis})
    if (paletteKey(p) == key) return p;
  return std::nullopt;
}

void ColorScale::setDefaultPalette(ColorPalette palette) { defaultPalette_.store(palette); }
ColorPalette ColorScale::defaultPalette() { return defaultPalette_.load(); }
QRgb ColorScale::swatch(ColorPalette palette, double t) { return paletteColor(palette, true, false, t); }

ColorScale::ColorScale(Metric metric, double extent, bool darkBackground)
    : metric_(metric), extent_(extent > 0 && std::isfinite(extent) ? extent : 1.0),
      signed_(metricIsSigned(metric)), log_(metricIsLogScaled(metric)), dark_(darkBackground),
      palette_(defaultPalette()) {
  if (log_) extent_ = std::max(extent_, 2.0);
  for (int i = 0; i < 256; ++i) {
    const double t = i / 255.0;  // 0 = most negative (or 0), 1 = largest
    // RdBu: signed, -extent is dark red, +extent dark blue; non-negative, white to dark red.
    lut_[std::size_t(i)] = paletteColor(palette_, signed_, dark_, t);
  }
}

double ColorScale::low() const { return signed_ ? -extent_ : (log_ ? 1.0 : 0.0); }

double ColorScale::fraction(double v) const {
  if (log_) return std::clamp(std::log10(std::max(v, 1.0)) / std::log10(extent_), 0.0, 1.0);
  if (signed_) return std::clamp(0.5 + 0.5 * v / extent_, 0.0, 1.0);
  return std::clamp(v / extent_, 0.0, 1.0);
}

double ColorScale::valueAt(double f) const {
  if (log_) return std::pow(10.0, f * std::log10(extent_));
  if (signed_) return (2 * f - 1) * extent_;
  return f * extent_;
}

QRgb ColorScale::color(float v) const {
  if (!std::isfinite(v)) return missingColor();
  return lut_[std::size_t(std::lround(fraction(v) * 255.0))];
}

int ColorScale::clipped(float v) const {
  if (!std::isfinite(v)) return 0;
  if (double(v) > high()) return 1;
  // Non-negative metrics: a value a rounding error below 0 is drawn as 0, which is what it means.
  return signed_ && double(v) < low() ? -1 : 0;
}

}  // namespace widgets

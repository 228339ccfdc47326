#include "widgets/display/colorscale.h"

#include <algorithm>
#include <cmath>

namespace widgets {
namespace {

// ColorBrewer RdBu (11 classes), red end first.
constexpr QRgb kRdBu[11] = {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7,
                            0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061};

QRgb lerp(QRgb a, QRgb b, double t) {
  auto mix = [t](int x, int y) { return int(std::lround(x + (y - x) * t)); };
  return qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
}

// u in [0, 1] along RdBu (0 = dark red, 0.5 = white, 1 = dark blue).
QRgb rdbu(double u) {
  const double x = std::clamp(u, 0.0, 1.0) * 10.0;
  const int i = std::min(int(x), 9);
  return lerp(kRdBu[i], kRdBu[i + 1], x - i);
}

// The same idea for dark backgrounds: bright red, dark neutral middle, bright blue.
constexpr QRgb kDark[5] = {0xff6b5b, 0xb03a3a, 0x34343a, 0x2f5f9f, 0x6cb4ff};

QRgb darkScale(double u) {
  const double x = std::clamp(u, 0.0, 1.0) * 4.0;
  const int i = std::min(int(x), 3);
  return lerp(kDark[i], kDark[i + 1], x - i);
}

}  // namespace

ColorScale::ColorScale(Metric metric, double extent, bool darkBackground)
    : metric_(metric), extent_(extent > 0 && std::isfinite(extent) ? extent : 1.0),
      signed_(metricIsSigned(metric)), log_(metricIsLogScaled(metric)), dark_(darkBackground) {
  if (log_) extent_ = std::max(extent_, 2.0);
  for (int i = 0; i < 256; ++i) {
    const double t = i / 255.0;  // 0 = most negative (or 0), 1 = largest
    // Signed: -extent is dark red, +extent dark blue. Non-negative: white to dark red.
    const double u = signed_ ? t : 0.5 - 0.5 * t;
    lut_[std::size_t(i)] = dark_ ? darkScale(u) : rdbu(u);
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

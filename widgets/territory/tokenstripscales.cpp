// TokenStrip's colour scales: one per row from its own values or one shared by every row, at the
// chosen percentile (see docs/ARCHITECTURE.md, "Colour scales"), and which cells they clip.
#include "widgets/territory/tokenstrip.h"

#include <algorithm>

namespace widgets {

void TokenStrip::setScaleRange(const ScaleRange& range) {
  if (range == range_) return;
  range_ = range;
  rescale();
}

void TokenStrip::rescale() {
  colors_.clear();
  clipped_.clear();
  scales_.clear();
  const bool dark = palette().color(QPalette::Base).lightness() < 128;
  if (document_ < 0) {
    scale_ = ColorScale(metric_, 1, dark);
    scales_.assign(std::size_t(rowCount()), scale_);
    Q_EMIT scalesChanged();
    viewport()->update();
    return;
  }
  const auto& doc = *doc_;
  const std::size_t n = doc.scored();
  std::vector<float> values(std::size_t(rowCount()) * n);
  for (std::size_t r = 0; r < rows_.size(); ++r)
    for (std::size_t p = 0; p < n; ++p) values[r * n + p] = metricValue(doc, rows_[r], int(p), metric_);
  if (zoom_)
    for (std::size_t p = 0; p < n; ++p) values[rows_.size() * n + p] = zoomValue(int(p));
  scale_ = rangeScale(metric_, values, range_, dark);
  scales_.assign(std::size_t(rowCount()), scale_);
  if (range_.perMap) {
    const auto rowValues = [&](std::size_t r) {
      return std::vector<float>(values.begin() + std::ptrdiff_t(r * n), values.begin() + std::ptrdiff_t((r + 1) * n));
    };
    for (std::size_t r = 0; r < rows_.size(); ++r) scales_[r] = rangeScale(metric_, rowValues(r), range_, dark);
    if (zoom_) {
      // The zoom row reads against its tuned map's row: the same scale, so equal colours mean equal KL.
      const auto tuned = std::find(rows_.begin(), rows_.end(), zoomMap_);
      scales_[rows_.size()] = tuned != rows_.end() ? scales_[std::size_t(tuned - rows_.begin())]
                                                   : rangeScale(metric_, rowValues(rows_.size()), range_, dark);
    }
  }
  colors_.resize(values.size());
  clipped_.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const ColorScale& scale = scales_[i / std::max<std::size_t>(1, n)];
    colors_[i] = scale.color(values[i]);
    clipped_[i] = std::int8_t(scale.clipped(values[i]));
  }
  Q_EMIT scalesChanged();
  viewport()->update();
}

const ColorScale& TokenStrip::rowScale(int row) const {
  return row >= 0 && std::size_t(row) < scales_.size() ? scales_[std::size_t(row)] : scale_;
}

int TokenStrip::clippedAt(int row, int position) const {
  const std::size_t n = x_.size();
  if (row < 0 || row >= rowCount() || position < 0 || std::size_t(position) >= n) return 0;
  const std::size_t i = std::size_t(row) * n + std::size_t(position);
  return i < clipped_.size() ? clipped_[i] : 0;
}

std::pair<bool, bool> TokenStrip::rowClipped(int row) const {
  const std::size_t n = x_.size();
  std::pair<bool, bool> out{false, false};
  if (row < 0 || row >= rowCount() || std::size_t(row + 1) * n > clipped_.size()) return out;
  for (std::size_t p = 0; p < n; ++p) {
    const std::int8_t c = clipped_[std::size_t(row) * n + p];
    out.first = out.first || c < 0;
    out.second = out.second || c > 0;
  }
  return out;
}

}  // namespace widgets

#include "core/analysis/summary.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace core::analysis {

int calibration_bin(float confidence) {
  // NaN (a checkpoint with NaN weights) and values past [0, 1] go to the end bins: casting them to int
  // would be undefined.
  if (!(confidence > 0)) return 0;
  if (confidence >= 1) return kCalibrationBins - 1;
  return std::min(int(std::floor(double(confidence) * kCalibrationBins)), kCalibrationBins - 1);
}

SummaryAccumulator::SummaryAccumulator(std::size_t maps, QuadrantThresholds thresholds, int zoomed_index)
    : sums_(maps), thresholds_(thresholds), zoomed_(zoomed_index) {}

void SummaryAccumulator::add(const DocumentResult& doc, std::span<const std::uint8_t> mask) {
  if (doc.maps.empty()) return;
  const std::size_t n = doc.maps[0].size();
  const bool all = mask.empty();
  if (all) bytes_ += doc.byte_length;
  else whole_documents_ = false;
  const MapTrack& base = doc.maps[0];
  for (std::size_t m = 0; m < sums_.size() && m < doc.maps.size(); ++m) {
    const MapTrack& t = doc.maps[m];
    Sums& s = sums_[m];
    const bool vs_base = !t.kl_bt.empty();
    const bool zoom = !t.kl_tz.empty();
    const bool added = !t.added_mass.empty();
    for (std::size_t i = 0; i < n; ++i) {
      if (!all && (i >= mask.size() || !mask[i])) continue;
      const double nll = -double(t.logp[i]);
      ++s.n;
      s.nll += nll;
      s.entropy += t.entropy[i];
      s.base_nll += -double(base.logp[i]);
      s.base_entropy += base.entropy[i];
      // correct = [argmax = x_t]; the argmax is the first top-k id (rank 1 when top-k was not kept).
      const bool correct = t.top_k > 0 ? t.top_ids[i * std::size_t(t.top_k)] == doc.tokens[i + 1] : t.rank[i] == 1;
      s.correct += correct;
      s.brier += 1.0 - 2.0 * std::exp(double(t.logp[i])) + double(t.sum_p2[i]);
      ReliabilityBin& bin = s.bins[std::size_t(calibration_bin(t.confidence[i]))];
      ++bin.count;
      bin.confidence_sum += t.confidence[i];
      bin.correct_sum += correct;
      if (vs_base) {
        s.kl_bt += t.kl_bt[i];
        s.kl_tb += t.kl_tb[i];
        s.js += t.js[i];
      }
      if (zoom) s.kl_tz += t.kl_tz[i];
      if (added) s.added += t.added_mass[i];
      const bool high_nll = nll > thresholds_.high_nll;
      if (!high_nll) ++s.quadrants.known;
      else if (t.entropy[i] > thresholds_.high_entropy) ++s.quadrants.blank;
      else ++s.quadrants.misdrawn;
    }
    // Temperature statistics are kept per document; a partial selection cannot reuse them.
    if (all)
      for (std::size_t k = 0; k < s.temperature.size(); ++k) s.temperature[k] += t.temperature_stats[k];
  }
}

std::vector<MapSummary> SummaryAccumulator::finish() const {
  std::vector<MapSummary> out(sums_.size());
  for (std::size_t m = 0; m < sums_.size(); ++m) {
    const Sums& s = sums_[m];
    MapSummary& r = out[m];
    r.tokens = s.n;
    r.bytes = whole_documents_ ? bytes_ : 0;
    r.reliability = s.bins;
    r.quadrants = s.quadrants;
    if (s.n == 0) continue;
    const double n = double(s.n);
    r.nll_mean = s.nll / n;
    r.perplexity = std::exp(r.nll_mean);
    r.bits_per_byte = r.bytes > 0 ? s.nll / std::numbers::ln2 / double(r.bytes) : 0.0;
    r.delta_nll = m == 0 ? 0.0 : (s.nll - s.base_nll) / n;
    r.entropy_mean = s.entropy / n;
    r.delta_entropy = m == 0 ? 0.0 : (s.entropy - s.base_entropy) / n;
    r.kl_bt_mean = s.kl_bt / n;
    r.kl_tb_mean = s.kl_tb / n;
    r.js_mean = s.js / n;
    r.added_mass_mean = s.added / n;
    r.brier = s.brier / n;
    r.top1_accuracy = double(s.correct) / n;
    double ece = 0;
    for (const ReliabilityBin& b : s.bins)
      if (b.count) ece += double(b.count) / n * std::abs(b.correct_sum / double(b.count) - b.confidence_sum / double(b.count));
    r.ece = ece;
    r.temperature = solve_temperature(s.temperature).value_or(1.0);
    if (zoomed_ >= 0 && m != 0 && int(m) != zoomed_ && s.kl_tz > 0) {
      r.has_zoom = true;
      r.k0 = r.kl_tb_mean;
      r.kp = s.kl_tz / n;
      r.zoom_recovered = r.k0 > 0 ? 1.0 - r.kp / r.k0 : 0.0;
    }
  }
  return out;
}

std::vector<MapSummary> summarize(const RunResult& run, QuadrantThresholds thresholds) {
  SummaryAccumulator acc(run.maps.size(), thresholds, run.zoomed_index());
  for (const DocumentResult& d : run.documents) acc.add(d);
  return acc.finish();
}

std::vector<DocumentStats> document_stats(const DocumentResult& doc) {
  std::vector<DocumentStats> out(doc.maps.size());
  for (std::size_t m = 0; m < doc.maps.size(); ++m) {
    const MapTrack& t = doc.maps[m];
    DocumentStats& s = out[m];
    s.tokens = std::int64_t(t.size());
    if (t.size() == 0) continue;
    double nll = 0, entropy = 0, correct = 0, kl_bt = 0, kl_tb = 0, js = 0, kl_max = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
      nll -= t.logp[i];
      entropy += t.entropy[i];
      correct += t.top_k > 0 ? t.top_ids[i * std::size_t(t.top_k)] == doc.tokens[i + 1] : t.rank[i] == 1;
      if (!t.kl_bt.empty()) {
        kl_bt += t.kl_bt[i];
        kl_tb += t.kl_tb[i];
        js += t.js[i];
        kl_max = std::max(kl_max, double(t.kl_bt[i]));
      }
    }
    const double n = double(t.size());
    s.nll_mean = nll / n;
    s.entropy_mean = entropy / n;
    s.top1_accuracy = correct / n;
    s.kl_bt_mean = kl_bt / n;
    s.kl_tb_mean = kl_tb / n;
    s.js_mean = js / n;
    s.kl_max = kl_max;
    s.bits_per_byte = doc.byte_length > 0 ? nll / std::numbers::ln2 / double(doc.byte_length) : 0.0;
  }
  return out;
}

std::optional<double> solve_temperature(const std::array<double, 3 * kTemperatureGrid>& stats) {
  const auto g = [&](int j) { return stats[std::size_t(3 * j + 1)]; };   // dNLL/dbeta
  const auto dg = [&](int j) { return stats[std::size_t(3 * j + 2)]; };  // d2NLL/dbeta2
  bool any = false;
  for (double v : stats) any |= v != 0.0;
  if (!any) return std::nullopt;
  constexpr int last = kTemperatureGrid - 1;
  // NLL is convex in beta, so dNLL/dbeta increases: the optimum is where it crosses zero.
  if (g(0) >= 0) return 1.0 / temperature_grid_beta(0);
  if (g(last) <= 0) return 1.0 / temperature_grid_beta(last);
  int j = 0;
  while (g(j + 1) < 0) ++j;
  const double b0 = temperature_grid_beta(j), b1 = temperature_grid_beta(j + 1), h = b1 - b0;
  const auto hermite = [&](double t) {
    const double t2 = t * t, t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * g(j) + (t3 - 2 * t2 + t) * h * dg(j) + (-2 * t3 + 3 * t2) * g(j + 1) +
           (t3 - t2) * h * dg(j + 1);
  };
  double lo = 0, hi = 1;
  for (int it = 0; it < 60; ++it) {
    const double mid = 0.5 * (lo + hi);
    (hermite(mid) < 0 ? lo : hi) = mid;
  }
  return 1.0 / (b0 + 0.5 * (lo + hi) * h);
}

}  // namespace core::analysis

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
  Document part = start();
  add_positions(part, doc, doc.maps[0].size(), mask);
  fold(part, doc, mask.empty());
}

void SummaryAccumulator::add_positions(Document& part, const DocumentResult& doc, std::size_t count,
                                       std::span<const std::uint8_t> mask) const {
  if (doc.maps.empty()) return;
  const std::size_t from = std::size_t(doc.tracks_from);
  const bool all = mask.empty();
  const MapTrack& base = doc.maps[0];
  for (std::size_t m = 0; m < part.sums.size() && m < doc.maps.size(); ++m) {
    const MapTrack& t = doc.maps[m];
    Sums& s = part.sums[m];
    const bool vs_base = !t.kl_bt.empty();
    const bool zoom = !t.kl_tz.empty();
    const bool added = !t.added_mass.empty();
    for (std::size_t j = 0; j < count; ++j) {
      const std::size_t i = from + j;  // the position in the document; j in the tracks held
      if (!all && (i >= mask.size() || !mask[i])) continue;
      const double nll = -double(t.logp[j]);
      ++s.n;
      s.nll += nll;
      s.entropy += t.entropy[j];
      s.base_nll += -double(base.logp[j]);
      s.base_entropy += base.entropy[j];
      // correct = [argmax = x_t]; the argmax is the first top-k id (rank 1 when top-k was not kept).
      const bool correct = t.top_k > 0 ? t.top_ids[j * std::size_t(t.top_k)] == doc.tokens[i + 1] : t.rank[j] == 1;
      s.correct += correct;
      s.brier += 1.0 - 2.0 * std::exp(double(t.logp[j])) + double(t.sum_p2[j]);
      ReliabilityBin& bin = s.bins[std::size_t(calibration_bin(t.confidence[j]))];
      ++bin.count;
      bin.confidence_sum += t.confidence[j];
      bin.correct_sum += correct;
      if (vs_base) {
        s.kl_bt += t.kl_bt[j];
        s.kl_tb += t.kl_tb[j];
        s.js += t.js[j];
      }
      if (zoom) s.kl_tz += t.kl_tz[j];
      if (added) s.added += t.added_mass[j];
      const bool high_nll = nll > thresholds_.high_nll;
      if (!high_nll) ++s.quadrants.known;
      else if (t.entropy[j] > thresholds_.high_entropy) ++s.quadrants.blank;
      else ++s.quadrants.misdrawn;
    }
  }
}

void SummaryAccumulator::fold(const Document& part, const DocumentResult& doc, bool whole_document) {
  if (doc.maps.empty()) return;
  if (whole_document) bytes_ += doc.byte_length;
  else whole_documents_ = false;
  for (std::size_t m = 0; m < sums_.size() && m < part.sums.size() && m < doc.maps.size(); ++m) {
    const Sums& d = part.sums[m];
    Sums& s = sums_[m];
    s.n += d.n, s.correct += d.correct;
    s.nll += d.nll, s.entropy += d.entropy, s.kl_bt += d.kl_bt, s.kl_tb += d.kl_tb, s.js += d.js;
    s.kl_tz += d.kl_tz, s.brier += d.brier, s.added += d.added;
    s.base_nll += d.base_nll, s.base_entropy += d.base_entropy;
    for (std::size_t b = 0; b < s.bins.size(); ++b) {
      s.bins[b].count += d.bins[b].count;
      s.bins[b].confidence_sum += d.bins[b].confidence_sum;
      s.bins[b].correct_sum += d.bins[b].correct_sum;
    }
    s.quadrants.known += d.quadrants.known;
    s.quadrants.blank += d.quadrants.blank;
    s.quadrants.misdrawn += d.quadrants.misdrawn;
    // Temperature statistics are kept per document; a partial selection cannot reuse them.
    const MapTrack& t = doc.maps[m];
    if (whole_document)
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

void DocumentStatsSums::add(const DocumentResult& doc, std::size_t count) {
  if (sums_.size() < doc.maps.size()) sums_.resize(doc.maps.size());
  for (std::size_t m = 0; m < doc.maps.size(); ++m) {
    const MapTrack& t = doc.maps[m];
    Sums& s = sums_[m];
    const std::size_t held = std::min(count, t.size());  // a map without a track has no statistics
    for (std::size_t j = 0; j < held; ++j) {
      const std::size_t i = std::size_t(doc.tracks_from) + j;  // the position in the document
      s.nll -= t.logp[j];
      s.entropy += t.entropy[j];
      s.correct += t.top_k > 0 ? t.top_ids[j * std::size_t(t.top_k)] == doc.tokens[i + 1] : t.rank[j] == 1;
      if (!t.kl_bt.empty()) {
        s.kl_bt += t.kl_bt[j];
        s.kl_tb += t.kl_tb[j];
        s.js += t.js[j];
        s.kl_max = std::max(s.kl_max, double(t.kl_bt[j]));
      }
    }
    s.n += std::int64_t(held);
  }
}

std::vector<DocumentStats> DocumentStatsSums::finish(const DocumentResult& doc) const {
  std::vector<DocumentStats> out(doc.maps.size());
  for (std::size_t m = 0; m < out.size() && m < sums_.size(); ++m) {
    const Sums& s = sums_[m];
    DocumentStats& r = out[m];
    r.tokens = s.n;
    if (s.n == 0) continue;
    const double n = double(s.n);
    r.nll_mean = s.nll / n;
    r.entropy_mean = s.entropy / n;
    r.top1_accuracy = s.correct / n;
    r.kl_bt_mean = s.kl_bt / n;
    r.kl_tb_mean = s.kl_tb / n;
    r.js_mean = s.js / n;
    r.kl_max = s.kl_max;
    r.bits_per_byte = doc.byte_length > 0 ? s.nll / std::numbers::ln2 / double(doc.byte_length) : 0.0;
  }
  return out;
}

std::vector<DocumentStats> document_stats(const DocumentResult& doc) {
  DocumentStatsSums sums;
  sums.add(doc, doc.maps.empty() ? 0 : doc.maps[0].size());
  return sums.finish(doc);
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

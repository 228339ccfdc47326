#include "widgets/rundigest.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace widgets {
namespace {

using core::analysis::DocumentResult;
using core::analysis::MapSummary;
using core::analysis::RunResult;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The calibration grid of run_result.h: beta_j = 2^((j - 12) / 4). Kept here until the analysis
// library (which defines core::analysis::temperature_grid_beta) is linked into the GUI.
double gridBeta(int j) { return std::exp2((j - 12) / 4.0); }

bool kept(const PositionSet* s, std::size_t doc, std::size_t pos) {
  return s == nullptr || s->contains(int(doc), int(pos));
}

void addTo(Histogram& h, double v) {
  if (!std::isfinite(v) || h.counts.empty()) return;
  const double w = (h.hi - h.lo) / double(h.counts.size());
  const auto bin = std::clamp<std::int64_t>(std::int64_t(std::floor((v - h.lo) / w)), 0,
                                            std::int64_t(h.counts.size()) - 1);
  ++h.counts[std::size_t(bin)];
}

Histogram emptyHistogram(double lo, double hi) {
  Histogram h;
  h.lo = lo;
  h.hi = hi > lo ? hi : lo + 1;
  h.counts.assign(kHistogramBins, 0);
  return h;
}

// The q-quantile of |v| over a strided sample of the values (ranges only need to be robust, not exact).
double sampledQuantile(std::vector<float> v, double q) {
  std::erase_if(v, [](float x) { return !std::isfinite(x); });
  if (v.empty()) return 1.0;
  for (float& x : v) x = std::fabs(x);
  const std::size_t k = std::min(v.size() - 1, std::size_t(q * double(v.size())));
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(k), v.end());
  return v[k] > 0 ? v[k] : 1.0;
}

}  // namespace

std::int64_t Histogram::total() const {
  std::int64_t n = 0;
  for (std::int64_t c : counts) n += c;
  return n;
}

double temperatureFromStats(const std::array<double, 3 * core::analysis::kTemperatureGrid>& stats) {
  // stats[3j + 0..2] = sum nll(beta_j), d/dbeta, d2/dbeta2. Take the grid point with the lowest NLL and
  // one Newton step on the derivative, kept within the neighbouring grid points.
  int best = -1;
  for (int j = 0; j < core::analysis::kTemperatureGrid; ++j)
    if (stats[std::size_t(3 * j)] != 0 && (best < 0 || stats[std::size_t(3 * j)] < stats[std::size_t(3 * best)]))
      best = j;
  if (best < 0) return kNaN;
  double beta = gridBeta(best);
  const double d1 = stats[std::size_t(3 * best + 1)], d2 = stats[std::size_t(3 * best + 2)];
  if (d2 > 0) {
    const double lo = gridBeta(std::max(0, best - 1));
    const double hi = gridBeta(std::min(core::analysis::kTemperatureGrid - 1, best + 1));
    beta = std::clamp(beta - d1 / d2, lo, hi);
  }
  return 1.0 / beta;
}

MapSummary summarizePositions(const RunResult& run, int map, const PositionSet* positions,
                              const core::analysis::QuadrantThresholds& thresholds) {
  MapSummary s;
  const std::size_t m = std::size_t(map);
  double nll = 0, baseNll = 0, entropy = 0, baseEntropy = 0, klbt = 0, kltb = 0, js = 0, kltz = 0;
  double brier = 0, top1 = 0, added = 0, bytes = 0;
  std::int64_t zoomCount = 0;
  bool wholeDocuments = true;
  std::array<double, 3 * core::analysis::kTemperatureGrid> temperature{};
  for (std::size_t d = 0; d < run.documents.size(); ++d) {
    const DocumentResult& doc = run.documents[d];
    if (m >= doc.maps.size()) continue;
    const core::analysis::MapTrack& t = doc.maps[m];
    const core::analysis::MapTrack& b = doc.maps[0];
    std::int64_t keptHere = 0;
    for (std::size_t p = 0; p < t.size(); ++p) {
      if (!kept(positions, d, p)) continue;
      ++keptHere;
      const double lp = t.logp[p];
      nll -= lp;
      baseNll -= b.logp[p];
      entropy += t.entropy[p];
      baseEntropy += b.entropy[p];
      if (p < t.kl_bt.size()) klbt += t.kl_bt[p];
      if (p < t.kl_tb.size()) kltb += t.kl_tb[p];
      if (p < t.js.size()) js += t.js[p];
      if (p < t.kl_tz.size()) { kltz += t.kl_tz[p]; ++zoomCount; }
      if (p < t.added_mass.size()) added += t.added_mass[p];
      brier += 1.0 - 2.0 * std::exp(lp) + (p < t.sum_p2.size() ? t.sum_p2[p] : 0.0);
      const bool correct = t.rank[p] == 1;
      top1 += correct;
      const double conf = p < t.confidence.size() ? t.confidence[p] : 0.0;
      const int bin = std::min(int(conf * core::analysis::kCalibrationBins), core::analysis::kCalibrationBins - 1);
      auto& rb = s.reliability[std::size_t(std::max(bin, 0))];
      ++rb.count;
      rb.confidence_sum += conf;
      rb.correct_sum += correct;
      if (-lp <= thresholds.high_nll) ++s.quadrants.known;
      else if (t.entropy[p] > thresholds.high_entropy) ++s.quadrants.blank;
      else ++s.quadrants.misdrawn;
    }
    if (keptHere == 0) continue;
    s.tokens += keptHere;
    // A partial document counts its bytes in proportion to the positions kept.
    bytes += double(doc.byte_length) * double(keptHere) / double(std::max<std::size_t>(1, t.size()));
    if (std::size_t(keptHere) == t.size()) {
      for (std::size_t i = 0; i < temperature.size(); ++i) temperature[i] += t.temperature_stats[i];
    } else {
      wholeDocuments = false;
    }
  }
  if (s.tokens == 0) {
    s.temperature = kNaN;
    return s;
  }
  const double n = double(s.tokens);
  s.bytes = std::int64_t(std::llround(bytes));
  s.nll_mean = nll / n;
  s.perplexity = std::exp(s.nll_mean);
  s.bits_per_byte = bytes > 0 ? nll / std::log(2.0) / bytes : 0;
  s.delta_nll = map == 0 ? 0 : s.nll_mean - baseNll / n;
  s.entropy_mean = entropy / n;
  s.delta_entropy = map == 0 ? 0 : s.entropy_mean - baseEntropy / n;
  s.kl_bt_mean = klbt / n;
  s.kl_tb_mean = kltb / n;
  s.js_mean = js / n;
  s.added_mass_mean = added / n;
  s.brier = brier / n;
  s.top1_accuracy = top1 / n;
  double ece = 0;
  for (const auto& rb : s.reliability)
    if (rb.count > 0) ece += double(rb.count) / n * std::fabs(rb.correct_sum / rb.count - rb.confidence_sum / rb.count);
  s.ece = ece;
  s.temperature = wholeDocuments ? temperatureFromStats(temperature) : kNaN;
  if (zoomCount > 0) {
    s.has_zoom = true;
    s.k0 = s.kl_tb_mean;
    s.kp = kltz / double(zoomCount);
    s.zoom_recovered = s.k0 > 0 ? 1.0 - s.kp / s.k0 : 0;
  }
  return s;
}

core::Result<std::shared_ptr<const RunDigest>> digestRun(std::shared_ptr<const RunResult> run,
                                                         std::shared_ptr<const PositionSet> positions,
                                                         const core::analysis::QuadrantThresholds& thresholds,
                                                         core::Job& job) {
  if (!run) return core::fail(core::ErrorCode::Internal, "no run to summarise");
  const std::size_t maps = run->maps.size();
  for (const DocumentResult& doc : run->documents)
    if (doc.scored() > 0 && doc.maps.size() != maps)
      return core::fail(core::ErrorCode::Internal, "the tracks of document '" + doc.name + "' are not loaded");
  auto digest = std::make_shared<RunDigest>();
  digest->run = run;
  digest->positions = positions;
  const PositionSet* keep = positions.get();
  job.begin("summarising", std::int64_t(maps));
  const bool ownSummaries = keep == nullptr && run->summaries.size() == maps;
  for (std::size_t m = 0; m < maps; ++m) {
    digest->summaries.push_back(ownSummaries ? run->summaries[m]
                                             : summarizePositions(*run, int(m), keep, thresholds));
    if (!job.advance()) return core::fail(core::ErrorCode::Cancelled, "cancelled");
  }

  // Shared histogram ranges, from a strided sample of every map's values.
  std::vector<float> dn, kl, en;
  std::int64_t total = 0;
  for (const DocumentResult& doc : run->documents) total += std::int64_t(doc.scored()) * std::int64_t(maps);
  const std::int64_t stride = std::max<std::int64_t>(1, total / 200000);
  std::int64_t counter = 0;
  for (std::size_t d = 0; d < run->documents.size(); ++d) {
    const DocumentResult& doc = run->documents[d];
    for (std::size_t m = 0; m < doc.maps.size(); ++m)
      for (std::size_t p = 0; p < doc.scored(); ++p) {
        if (counter++ % stride != 0 || !kept(keep, d, p)) continue;
        en.push_back(doc.maps[m].entropy[p]);
        if (m == 0) continue;
        dn.push_back(doc.maps[0].logp[p] - doc.maps[m].logp[p]);
        if (p < doc.maps[m].kl_bt.size()) kl.push_back(doc.maps[m].kl_bt[p]);
      }
  }
  const double dnExtent = sampledQuantile(dn, 0.99), klExtent = sampledQuantile(kl, 0.99);
  const double enExtent = sampledQuantile(en, 0.995);
  job.begin("histograms", std::int64_t(run->documents.size()));
  for (std::size_t m = 0; m < maps; ++m) {
    digest->deltaNll.push_back(m == 0 ? Histogram{} : emptyHistogram(-dnExtent, dnExtent));
    digest->klBaseTuned.push_back(m == 0 ? Histogram{} : emptyHistogram(0, klExtent));
    digest->entropy.push_back(emptyHistogram(0, enExtent));
  }
  digest->documents.assign(run->documents.size(), std::vector<DocumentSums>(maps));
  for (std::size_t d = 0; d < run->documents.size(); ++d) {
    const DocumentResult& doc = run->documents[d];
    for (std::size_t m = 0; m < doc.maps.size(); ++m) {
      const auto& t = doc.maps[m];
      DocumentSums& sums = digest->documents[d][m];
      for (std::size_t p = 0; p < t.size(); ++p) {
        if (!kept(keep, d, p)) continue;
        ++sums.tokens;
        sums.nll -= t.logp[p];
        sums.entropy += t.entropy[p];
        sums.top1 += t.rank[p] == 1;
        addTo(digest->entropy[m], t.entropy[p]);
        if (m == 0) continue;
        addTo(digest->deltaNll[m], double(doc.maps[0].logp[p]) - t.logp[p]);
        if (p < t.kl_bt.size()) {
          sums.kl_bt += t.kl_bt[p];
          addTo(digest->klBaseTuned[m], t.kl_bt[p]);
        }
        if (p < t.kl_tb.size()) sums.kl_tb += t.kl_tb[p];
      }
    }
    if (!job.advance()) return core::fail(core::ErrorCode::Cancelled, "cancelled");
  }
  return std::shared_ptr<const RunDigest>(std::move(digest));
}

}  // namespace widgets

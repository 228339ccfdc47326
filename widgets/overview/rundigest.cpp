#include "widgets/overview/rundigest.h"

#include "core/analysis/summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace widgets {
namespace {

using core::analysis::DocumentResult;
using core::analysis::MapSummary;
using core::analysis::RunResult;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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

std::vector<MapSummary> summarizePositions(const RunResult& run, const PositionSet* positions,
                                          const core::analysis::QuadrantThresholds& thresholds) {
  core::analysis::SummaryAccumulator acc(run.maps.size(), thresholds, run.zoomed_index());
  bool wholeDocuments = true;
  for (std::size_t d = 0; d < run.documents.size(); ++d) {
    const DocumentResult& doc = run.documents[d];
    if (!positions || positions->containsWholeDocument(int(d))) {
      acc.add(doc);  // an empty mask: the whole document, with its bytes and temperature statistics
    } else if (positions->containsDocument(int(d))) {
      acc.add(doc, positions->flags[d]);
      wholeDocuments = false;
    }
  }
  std::vector<MapSummary> out = acc.finish();
  if (!wholeDocuments)
    for (MapSummary& s : out) s.temperature = s.bits_per_byte = kNaN;
  return out;
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
  digest->summaries = keep == nullptr && run->summaries.size() == maps ? run->summaries
                                                                      : summarizePositions(*run, keep, thresholds);
  if (!job.advance(std::int64_t(maps))) return core::fail(core::ErrorCode::Cancelled, "cancelled");

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

#include "core/analysis/digest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/analysis/summary.h"

namespace core::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool kept(const PositionSet* s, std::size_t doc, std::size_t pos) {
  return s == nullptr || s->contains(int(doc), int(pos));
}

// The q-quantile of |v| over a strided sample of the values (ranges only need to be robust, not exact).
double sampled_quantile(std::vector<float> v, double q) {
  std::erase_if(v, [](float x) { return !std::isfinite(x); });
  if (v.empty()) return 1.0;
  for (float& x : v) x = std::fabs(x);
  const std::size_t k = std::min(v.size() - 1, std::size_t(q * double(v.size())));
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(k), v.end());
  return v[k] > 0 ? v[k] : 1.0;
}

// Adds document `d` (read with its tracks) to `acc`: whole, with its bytes and temperature statistics,
// when `positions` keeps all of it (or is null), else its kept positions. False when it was cut.
bool add_kept(SummaryAccumulator& acc, const DocumentResult& doc, const PositionSet* positions, std::size_t d) {
  if (!positions || positions->contains_whole_document(int(d))) {
    acc.add(doc);  // an empty mask: the whole document
    return true;
  }
  acc.add(doc, positions->flags[d]);
  return false;
}

// The sums of one map over a whole document, from its statistics (means over its scored positions).
DocumentSums document_sums(const DocumentStats& s) {
  const double n = double(s.tokens);
  return {s.tokens, s.nll_mean * n, s.entropy_mean * n, s.kl_bt_mean * n, s.kl_tb_mean * n, s.top1_accuracy * n};
}

}  // namespace

DocumentSums& DocumentSums::operator+=(const DocumentSums& o) {
  tokens += o.tokens;
  nll += o.nll;
  entropy += o.entropy;
  kl_bt += o.kl_bt;
  kl_tb += o.kl_tb;
  top1 += o.top1;
  return *this;
}

double group_statistic(const MetadataGroup& group, std::size_t map, GroupStatistic statistic) {
  if (map >= group.maps.size()) return kNaN;
  const DocumentSums& s = group.maps[map];
  const DocumentSums& base = group.maps[0];
  const double k = double(std::max<std::int64_t>(1, s.tokens));
  switch (statistic) {
    case GroupStatistic::MeanNll: return s.nll / k;
    case GroupStatistic::MeanDeltaNll: return (s.nll - base.nll) / k;
    case GroupStatistic::MeanKlBaseTuned: return s.kl_bt / k;
    case GroupStatistic::MeanEntropy: return s.entropy / k;
    case GroupStatistic::Top1Percent: return 100.0 * s.top1 / k;
  }
  return kNaN;
}

MetadataGrouping group_by_metadata(const RunResult& run, const std::vector<std::vector<DocumentSums>>& documents,
                                   const std::string& field) {
  std::map<std::string, std::vector<DocumentSums>> groups;
  const std::size_t maps = run.maps.size();
  for (std::size_t d = 0; d < run.documents.size() && d < documents.size(); ++d) {
    const auto& md = run.documents[d].metadata;
    const auto it = md.find(field);
    auto& g = groups[it == md.end() ? std::string("(none)") : it->second];
    g.resize(maps);
    for (std::size_t m = 0; m < maps && m < documents[d].size(); ++m) g[m] += documents[d][m];
  }
  MetadataGrouping out{field, {}};
  for (auto& [value, sums] : groups) out.groups.push_back({value, std::move(sums)});
  auto size = [](const MetadataGroup& g) { return g.maps.empty() ? std::int64_t(0) : g.maps[0].tokens; };
  std::sort(out.groups.begin(), out.groups.end(), [&](const MetadataGroup& a, const MetadataGroup& b) {
    return size(a) != size(b) ? size(a) > size(b) : a.value > b.value;
  });
  return out;
}

Result<std::vector<MapSummary>> summarize_positions(const RunResult& run, const PositionSet* positions,
                                                    const QuadrantThresholds& thresholds) {
  SummaryAccumulator acc(run.maps.size(), thresholds, run.zoomed_index());
  bool whole_documents = true;
  for (std::size_t d = 0; d < run.documents.size(); ++d) {
    if (positions && !positions->contains_document(int(d))) continue;
    auto doc = document_with_tracks(run, d, false);
    if (!doc) return std::unexpected(doc.error());
    if (!add_kept(acc, **doc, positions, d)) whole_documents = false;
  }
  std::vector<MapSummary> out = acc.finish();
  if (!whole_documents)
    for (MapSummary& s : out) s.temperature = s.bits_per_byte = kNaN;
  return out;
}

HistogramPass::HistogramPass(std::size_t maps) : delta_nll_(maps), kl_base_tuned_(maps), entropy_(maps) {}

namespace {

// The ranges are robust, not exact: a quantile of |value| over every `stride`-th value of a kind, the
// maps' values taken one map after another (base first), with stride = max(1, values / 200,000).
std::int64_t sample_stride(std::int64_t values) { return std::max<std::int64_t>(1, values / 200000); }

// Empty histograms over the shared ranges the three samples give.
RunHistograms empty_histograms(std::size_t maps, std::vector<float> delta_nll, std::vector<float> kl_base_tuned,
                               std::vector<float> entropy) {
  const double dn_extent = sampled_quantile(std::move(delta_nll), 0.99);
  const double kl_extent = sampled_quantile(std::move(kl_base_tuned), 0.99);
  const double en_extent = sampled_quantile(std::move(entropy), 0.995);
  RunHistograms out;
  for (std::size_t m = 0; m < maps; ++m) {
    out.delta_nll.push_back(m == 0 ? Histogram{} : Histogram::empty(-dn_extent, dn_extent, kHistogramBins));
    out.kl_base_tuned.push_back(m == 0 ? Histogram{} : Histogram::empty(0, kl_extent, kHistogramBins));
    out.entropy.push_back(Histogram::empty(0, en_extent, kHistogramBins));
  }
  return out;
}

// Every map's values of one kind, in the order the sample stride counts them.
// Every value the histograms count in one document (its kept positions; every one when `keep` is
// null), for maps below `maps`: each(histograms' member, map, value), map by map in position order.
void for_each_value(const std::vector<MapTrack>& tracks, const PositionSet* keep, std::size_t d, std::size_t maps,
                    auto&& each) {
  for (std::size_t m = 0; m < tracks.size() && m < maps; ++m) {
    const MapTrack& t = tracks[m];
    for (std::size_t p = 0; p < t.size(); ++p) {
      if (!kept(keep, d, p)) continue;
      each(&RunHistograms::entropy, m, t.entropy[p]);
      if (m == 0) continue;
      each(&RunHistograms::delta_nll, m, tracks[0].logp[p] - t.logp[p]);
      if (p < t.kl_bt.size()) each(&RunHistograms::kl_base_tuned, m, t.kl_bt[p]);
    }
  }
}

using HistogramKind = std::vector<Histogram> RunHistograms::*;

}  // namespace

void HistogramPass::add(const std::vector<MapTrack>& tracks, const PositionSet* keep, std::size_t d) {
  for_each_value(tracks, keep, d, entropy_.size(), [&](HistogramKind kind, std::size_t m, float v) {
    auto& values = kind == &RunHistograms::entropy ? entropy_ : kind == &RunHistograms::delta_nll ? delta_nll_ : kl_base_tuned_;
    values[m].push_back(v);
  });
}

RunHistograms HistogramPass::finish() const {
  const auto sample = [](const std::vector<std::vector<float>>& values) {
    std::int64_t total = 0;
    for (const auto& v : values) total += std::int64_t(v.size());
    const std::int64_t stride = sample_stride(total);
    std::vector<float> out;
    std::int64_t counter = 0;
    for (const auto& v : values)
      for (float x : v)
        if (counter++ % stride == 0) out.push_back(x);
    return out;
  };
  RunHistograms out = empty_histograms(entropy_.size(), sample(delta_nll_), sample(kl_base_tuned_), sample(entropy_));
  for (std::size_t m = 0; m < entropy_.size(); ++m) {
    for (float v : entropy_[m]) out.entropy[m].add(v);
    if (m == 0) continue;
    for (float v : delta_nll_[m]) out.delta_nll[m].add(v);
    for (float v : kl_base_tuned_[m]) out.kl_base_tuned[m].add(v);
  }
  return out;
}

TwoReadHistograms::TwoReadHistograms(std::vector<Totals> totals) {
  const auto plan = [&](Kind& kind, std::int64_t Totals::*member) {
    std::int64_t at = 0;
    for (const Totals& t : totals) {
      kind.offset.push_back(at);
      at += t.*member;
    }
    kind.seen.assign(totals.size(), 0);
    kind.stride = sample_stride(at);
  };
  plan(delta_nll_, &Totals::delta_nll);
  plan(kl_base_tuned_, &Totals::kl_base_tuned);
  plan(entropy_, &Totals::entropy);
}

void TwoReadHistograms::take(Kind& kind, std::size_t map, float v) {
  if ((kind.offset[map] + kind.seen[map]++) % kind.stride == 0) kind.sample.push_back(v);
}

void TwoReadHistograms::add(const std::vector<MapTrack>& tracks, bool first) {
  const std::size_t maps = entropy_.offset.size();
  if (first) {
    for_each_value(tracks, nullptr, 0, maps, [&](HistogramKind kind, std::size_t m, float v) {
      take(kind == &RunHistograms::entropy ? entropy_ : kind == &RunHistograms::delta_nll ? delta_nll_ : kl_base_tuned_, m, v);
    });
    return;
  }
  if (!counted_) counted_ = empty_histograms(maps, delta_nll_.sample, kl_base_tuned_.sample, entropy_.sample);
  RunHistograms& h = *counted_;
  for_each_value(tracks, nullptr, 0, maps, [&](HistogramKind kind, std::size_t m, float v) { (h.*kind)[m].add(v); });
}

RunHistograms TwoReadHistograms::finish() {
  if (!counted_) counted_ = empty_histograms(entropy_.offset.size(), delta_nll_.sample, kl_base_tuned_.sample, entropy_.sample);
  return *counted_;
}

Result<std::shared_ptr<const RunDigest>> digest_run(std::shared_ptr<const RunResult> run,
                                                    std::shared_ptr<const PositionSet> positions,
                                                    const QuadrantThresholds& thresholds, Job& job) {
  if (!run) return fail(ErrorCode::Internal, "no run to summarise");
  const std::size_t maps = run->maps.size();
  auto digest = std::make_shared<RunDigest>();
  digest->run = run;
  digest->positions = positions;
  const PositionSet* keep = positions.get();
  const bool stored = keep == nullptr && run->summaries.size() == maps;
  if (stored) digest->summaries = run->summaries;
  // Everything over every position is in the store: no track is read (docs/ARCHITECTURE.md,
  // "Aggregates from the store").
  const bool from_store = stored && run->histograms && run->histograms->entropy.size() == maps &&
                          run->histograms->delta_nll.size() == maps && run->histograms->kl_base_tuned.size() == maps;
  SummaryAccumulator acc(maps, thresholds, run->zoomed_index());
  HistogramPass values(maps);
  bool whole_documents = true;

  // One pass over the documents, each read once (a run opened without its tracks reads them one
  // document at a time, docs/ARCHITECTURE.md "Lazy tracks"): per-document sums, the slice's summary,
  // and the values the histograms count. A document kept whole is summed from its statistics.
  digest->documents.assign(run->documents.size(), std::vector<DocumentSums>(maps));
  job.begin("summarising", std::int64_t(run->documents.size()));
  for (std::size_t d = 0; d < run->documents.size(); ++d) {
    const DocumentResult& listed = run->documents[d];
    const bool any = !keep || keep->contains_document(int(d));
    // A document kept whole is summed from its statistics, one cut by the slice from its positions.
    const bool summed = (!keep || keep->contains_whole_document(int(d))) && listed.stats.size() == maps;
    if (listed.scored() > 0 && any && summed)
      for (std::size_t m = 0; m < maps; ++m) digest->documents[d][m] = document_sums(listed.stats[m]);
    if (listed.scored() == 0 || !any || from_store) {
      if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
      continue;
    }
    auto read = document_with_tracks(*run, d, false);
    if (!read) return std::unexpected(read.error());
    const DocumentResult& doc = **read;
    if (!stored && !add_kept(acc, doc, keep, d)) whole_documents = false;
    values.add(doc.maps, keep, d);
    if (!summed)
      for (std::size_t m = 0; m < doc.maps.size() && m < maps; ++m) {
        const auto& t = doc.maps[m];
        DocumentSums& sums = digest->documents[d][m];
        for (std::size_t p = 0; p < t.size(); ++p) {
          if (!kept(keep, d, p)) continue;
          ++sums.tokens;
          sums.nll -= t.logp[p];
          sums.entropy += t.entropy[p];
          sums.top1 += t.rank[p] == 1;
          if (m == 0) continue;
          if (p < t.kl_bt.size()) sums.kl_bt += t.kl_bt[p];
          if (p < t.kl_tb.size()) sums.kl_tb += t.kl_tb[p];
        }
      }
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
  }
  if (!stored) {
    digest->summaries = acc.finish();
    if (!whole_documents)
      for (MapSummary& s : digest->summaries) s.temperature = s.bits_per_byte = kNaN;
  }
  RunHistograms histograms = from_store ? *run->histograms : values.finish();
  digest->delta_nll = std::move(histograms.delta_nll);
  digest->kl_base_tuned = std::move(histograms.kl_base_tuned);
  digest->entropy = std::move(histograms.entropy);

  // Per metadata value, for the per-group bars: every field, so choosing one needs no recomputation.
  std::set<std::string> fields;
  for (const DocumentResult& doc : run->documents)
    for (const auto& [k, v] : doc.metadata) fields.insert(k);
  for (const std::string& field : fields) digest->metadata.push_back(group_by_metadata(*run, digest->documents, field));
  return std::shared_ptr<const RunDigest>(std::move(digest));
}

}  // namespace core::analysis

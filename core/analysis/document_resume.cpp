#include "core/analysis/document_resume.h"

#include <algorithm>

namespace core::analysis {
namespace {

// Which arrays a map's track has in this run (as allocate_tracks makes them).
struct TrackShape {
  bool divergence = false, kl_tz = false, added = false;
};

TrackShape track_shape(const RunPlan& plan, std::size_t m, bool zoom) {
  return {m != 0, zoom && plan.maps[m].role == MapRole::Tuned, plan.maps[m].added_vocab > 0};
}

bool sized(std::size_t have, bool present, std::size_t n) { return have == (present ? n : 0); }

bool part_fits(const PartialDocument& part, std::int64_t expected, const RunPlan& plan, std::int32_t top_k,
               bool zoom) {
  if (part.positions != expected || part.maps.size() != plan.maps.size()) return false;
  const std::size_t n = std::size_t(part.positions), k = std::size_t(top_k);
  for (std::size_t m = 0; m < part.maps.size(); ++m) {
    const MapTrack& t = part.maps[m];
    const TrackShape s = track_shape(plan, m, zoom);
    if (t.top_k != top_k || t.logp.size() != n || t.entropy.size() != n || t.rank.size() != n ||
        t.confidence.size() != n || t.sum_p2.size() != n || t.top_ids.size() != n * k || t.top_p.size() != n * k)
      return false;
    if (!sized(t.kl_bt.size(), s.divergence, n) || !sized(t.kl_tb.size(), s.divergence, n) ||
        !sized(t.js.size(), s.divergence, n) || !sized(t.kl_tz.size(), s.kl_tz, n) ||
        !sized(t.added_mass.size(), s.added, n))
      return false;
  }
  for (std::int32_t p : part.sample_positions)
    if (p < 0 || p >= part.positions) return false;
  return part.sample_positions.empty() ? part.samples.empty() : part.samples.size() % part.sample_positions.size() == 0;
}

template <class T>
void copy_prefix(const std::vector<T>& from, std::vector<T>& to) {
  std::copy(from.begin(), from.end(), to.begin());
}

}  // namespace

void allocate_tracks(DocumentResult& doc, const RunPlan& plan, std::int32_t top_k, bool zoom) {
  hold_tracks(doc, plan, top_k, zoom, doc.scored() - std::size_t(doc.tracks_from));
}

void hold_tracks(DocumentResult& doc, const RunPlan& plan, std::int32_t top_k, bool zoom, std::size_t n) {
  const std::size_t k = std::size_t(top_k);
  doc.maps.resize(plan.maps.size());
  for (std::size_t m = 0; m < plan.maps.size(); ++m) {
    MapTrack& t = doc.maps[m];
    const TrackShape s = track_shape(plan, m, zoom);
    t.logp.resize(n), t.entropy.resize(n), t.rank.resize(n), t.confidence.resize(n), t.sum_p2.resize(n);
    t.top_k = top_k;
    t.top_ids.resize(n * k), t.top_p.resize(n * k);
    if (s.divergence) t.kl_bt.resize(n), t.kl_tb.resize(n), t.js.resize(n);
    if (s.kl_tz) t.kl_tz.resize(n);
    if (s.added) t.added_mass.resize(n);
  }
}

namespace {
template <class T>
void drop_front(std::vector<T>& values, std::size_t count) {
  values.erase(values.begin(), values.begin() + std::ptrdiff_t(std::min(count, values.size())));
}
}  // namespace

void drop_held_positions(DocumentResult& doc, std::size_t count) {
  for (MapTrack& t : doc.maps) {
    const std::size_t k = std::size_t(t.top_k);
    drop_front(t.logp, count), drop_front(t.entropy, count), drop_front(t.rank, count);
    drop_front(t.confidence, count), drop_front(t.sum_p2, count), drop_front(t.kl_bt, count);
    drop_front(t.kl_tb, count), drop_front(t.js, count), drop_front(t.kl_tz, count);
    drop_front(t.added_mass, count), drop_front(t.top_ids, count * k), drop_front(t.top_p, count * k);
  }
  doc.tracks_from += std::int64_t(count);
}

std::int64_t resume_window(std::span<const Window> group, std::int64_t batch,
                           const std::map<std::int64_t, PartialDocument*>& parts, const RunPlan& plan,
                           std::int32_t top_k, bool zoom, std::int64_t& restored) {
  restored = 0;
  std::int64_t at = 0;
  for (const Window& w : group)
    if (auto it = parts.find(w.document); it != parts.end()) at = std::max(at, it->second->group_windows);
  // Only whole batches were ever handed over, and never the group's last one.
  if (at <= 0 || at >= std::int64_t(group.size()) || at % batch != 0) return 0;
  std::map<std::int64_t, std::int64_t> scored;  // per document: positions its first windows score
  for (std::int64_t i = 0; i < at; ++i) {
    const Window& w = group[std::size_t(i)];
    std::int64_t& p = scored[w.document];
    p = std::max(p, w.end - 1);
  }
  std::int64_t total = 0;
  for (const Window& w : group) {
    const auto it = parts.find(w.document);
    const auto expected = scored.find(w.document);
    if (it == parts.end()) {
      if (expected != scored.end()) return 0;  // positions were scored but not committed
      continue;
    }
    if (expected == scored.end() || !part_fits(*it->second, expected->second, plan, top_k, zoom)) return 0;
  }
  for (const auto& [document, positions] : scored) total += positions;
  restored = total;
  return at;
}

void restore_part(DocumentResult& doc, const PartialDocument& part) {
  for (std::size_t m = 0; m < part.maps.size(); ++m) {
    const MapTrack& from = part.maps[m];
    MapTrack& to = doc.maps[m];
    copy_prefix(from.logp, to.logp), copy_prefix(from.entropy, to.entropy), copy_prefix(from.rank, to.rank);
    copy_prefix(from.confidence, to.confidence), copy_prefix(from.sum_p2, to.sum_p2);
    copy_prefix(from.kl_bt, to.kl_bt), copy_prefix(from.kl_tb, to.kl_tb), copy_prefix(from.js, to.js);
    copy_prefix(from.kl_tz, to.kl_tz), copy_prefix(from.added_mass, to.added_mass);
    copy_prefix(from.top_ids, to.top_ids), copy_prefix(from.top_p, to.top_p);
    to.temperature_stats = from.temperature_stats;
  }
  doc.sample_positions = part.sample_positions;
  doc.samples = part.samples;
}

}  // namespace core::analysis

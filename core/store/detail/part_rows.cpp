#include "core/store/detail/part_rows.h"

#include <map>

#include "core/store/blob_codec.h"
#include "core/store/detail/access.h"
#include "core/store/detail/sqlite.h"

namespace core::store {
namespace detail {
namespace {

using analysis::MapTrack;

// The slice [first, last) of an array of `width` values per position; empty stays empty.
template <class T>
std::span<const T> slice(const std::vector<T>& values, std::int64_t first, std::int64_t last, std::size_t width = 1) {
  if (values.empty()) return {};
  return std::span<const T>(values).subspan(std::size_t(first) * width, std::size_t(last - first) * width);
}

template <class T>
bool covers(const std::vector<T>& values, std::size_t n, bool optional, std::size_t width = 1) {
  return values.size() == n * width || (optional && values.empty());
}

Result<void> check_part(const Connection& c, const DocumentPart& p) {
  const analysis::DocumentResult& d = *p.document;
  // The tracks hold scored positions [tracks_from, scored) at most (a streamed document: fewer).
  const std::int64_t from = d.tracks_from;
  const std::string doc = "document " + std::to_string(d.index);
  if (from < 0 || std::size_t(from) > d.scored() || d.maps.empty())
    return fail(ErrorCode::InvalidInput, doc + ": its tracks do not hold a range of its scored positions", c.path());
  const std::size_t n = d.maps[0].size();
  if (p.first < from || p.last <= p.first || p.last > from + std::int64_t(n) ||
      p.first_sample > d.sample_positions.size())
    return fail(ErrorCode::InvalidInput,
                doc + ": positions " + std::to_string(p.first) + ".." + std::to_string(p.last) +
                    " are not a range of the " + std::to_string(n) + " scored positions its tracks hold from " +
                    std::to_string(from),
                c.path());
  for (std::size_t m = 0; m < d.maps.size(); ++m) {
    const MapTrack& t = d.maps[m];
    const std::size_t k = std::size_t(std::max(0, t.top_k));
    if (!covers(t.logp, n, false) || !covers(t.entropy, n, false) || !covers(t.rank, n, false) ||
        !covers(t.confidence, n, false) || !covers(t.sum_p2, n, false) || !covers(t.kl_bt, n, true) ||
        !covers(t.kl_tb, n, true) || !covers(t.js, n, true) || !covers(t.kl_tz, n, true) ||
        !covers(t.added_mass, n, true) || !covers(t.top_ids, n, false, k) || !covers(t.top_p, n, false, k))
      return fail(ErrorCode::InvalidInput,
                  doc + ", map " + std::to_string(m) + ": a track array does not cover the document", c.path());
  }
  const std::size_t samples = d.sample_positions.size();
  if (samples > 0 && d.samples.size() % samples != 0)
    return fail(ErrorCode::InvalidInput, doc + ": sample values are not a whole number of rows", c.path());
  return {};
}

}  // namespace

Result<void> insert_part(Connection& c, std::int64_t run_id, const DocumentPart& p) {
  STORE_TRY(check_part(c, p));
  // A part from the document's first position on supersedes whatever an earlier run committed of it.
  if (p.first == 0) STORE_TRY(delete_parts(c, run_id, p.document->index));
  const analysis::DocumentResult& d = *p.document;
  const std::int64_t a = p.first - d.tracks_from, b = p.last - d.tracks_from;  // in the tracks held
  const std::size_t dim = d.sample_positions.empty() ? 0 : d.samples.size() / d.sample_positions.size();
  for (std::size_t m = 0; m < d.maps.size(); ++m) {
    const MapTrack& t = d.maps[m];
    const std::size_t k = std::size_t(t.top_k);
    STORE_ASSIGN(q, c.prepare("INSERT INTO document_parts (run_id, doc_index, map_index, first_position, "
                              "positions, group_windows, top_k, temperature_stats, logp, entropy, rank, "
                              "confidence, sum_p2, kl_bt, kl_tb, js, kl_tz, added_mass, top_ids, top_p, "
                              "sample_positions, samples) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(1, run_id).bind(2, d.index).bind(3, m).bind(4, p.first).bind(5, b - a).bind(6, p.group_windows).bind(7, t.top_k);
    // Bound without copying: each blob needs its own scratch on big-endian hosts (empty elsewhere).
    std::vector<std::byte> s[15];
    q.bind_blob(8, le_bytes(std::span<const double>(t.temperature_stats), s[0]));
    q.bind_blob(9, le_bytes(slice(t.logp, a, b), s[1]));
    q.bind_blob(10, le_bytes(slice(t.entropy, a, b), s[2]));
    q.bind_blob(11, le_bytes(slice(t.rank, a, b), s[3]));
    q.bind_blob(12, le_bytes(slice(t.confidence, a, b), s[4]));
    q.bind_blob(13, le_bytes(slice(t.sum_p2, a, b), s[5]));
    q.bind_blob(14, le_bytes(slice(t.kl_bt, a, b), s[6]));
    q.bind_blob(15, le_bytes(slice(t.kl_tb, a, b), s[7]));
    q.bind_blob(16, le_bytes(slice(t.js, a, b), s[8]));
    q.bind_blob(17, le_bytes(slice(t.kl_tz, a, b), s[9]));
    q.bind_blob(18, le_bytes(slice(t.added_mass, a, b), s[10]));
    q.bind_blob(19, le_bytes(slice(t.top_ids, a, b, k), s[11]));
    q.bind_blob(20, le_bytes(slice(t.top_p, a, b, k), s[12]));
    if (m == 0 && p.first_sample < d.sample_positions.size()) {
      const std::size_t from = p.first_sample, rows = d.sample_positions.size() - from;
      q.bind_blob(21, le_bytes(std::span<const std::int32_t>(d.sample_positions).subspan(from), s[13]));
      q.bind_blob(22, le_bytes(std::span<const float>(d.samples).subspan(from * dim, rows * dim), s[14]));
    }
    STORE_TRY(q.run());
  }
  return {};
}

Result<void> delete_parts(Connection& c, std::int64_t run_id, std::int64_t doc) {
  if (doc < 0) {
    STORE_ASSIGN(q, c.prepare("DELETE FROM document_parts WHERE run_id = ?"));
    q.bind(1, run_id);
    return q.run();
  }
  STORE_ASSIGN(q, c.prepare("DELETE FROM document_parts WHERE run_id = ? AND doc_index = ?"));
  q.bind(1, run_id).bind(2, doc);
  return q.run();
}

}  // namespace detail

namespace {

using analysis::MapTrack;
using analysis::PartialDocument;

// Appends one blob of `count` values of T to `out`; false when its size is wrong (an empty blob is an
// absent optional array and appends nothing).
template <class T>
bool append(std::span<const std::byte> blob, std::size_t count, std::vector<T>& out) {
  if (blob.empty()) return true;
  if (blob.size() != count * sizeof(T)) return false;
  std::vector<T> values;
  unpack_le(blob, values);
  out.insert(out.end(), values.begin(), values.end());
  return true;
}

// One row appended to its track; false when it does not continue the track or its arrays are malformed.
bool append_row(const detail::Statement& q, MapTrack& t, std::int64_t& filled, std::vector<std::int32_t>& sample_positions,
                std::vector<float>& samples) {
  const std::int64_t first = q.column_int64(3), n = q.column_int64(4), top_k = q.column_int64(5);
  if (first != filled || n <= 0 || top_k < 0 || top_k > (1 << 20) || (filled > 0 && top_k != t.top_k)) return false;
  t.top_k = std::int32_t(top_k);
  const auto count = std::size_t(n), k = std::size_t(top_k);
  std::vector<double> stats;
  const auto blob = q.column_blob(6);
  if (blob.size() != t.temperature_stats.size() * sizeof(double)) return false;
  unpack_le(blob, stats);
  std::copy(stats.begin(), stats.end(), t.temperature_stats.begin());
  bool ok = append(q.column_blob(7), count, t.logp) && append(q.column_blob(8), count, t.entropy) &&
            append(q.column_blob(9), count, t.rank) && append(q.column_blob(10), count, t.confidence) &&
            append(q.column_blob(11), count, t.sum_p2) && append(q.column_blob(12), count, t.kl_bt) &&
            append(q.column_blob(13), count, t.kl_tb) && append(q.column_blob(14), count, t.js) &&
            append(q.column_blob(15), count, t.kl_tz) && append(q.column_blob(16), count, t.added_mass) &&
            append(q.column_blob(17), count * k, t.top_ids) && append(q.column_blob(18), count * k, t.top_p);
  const auto positions = q.column_blob(19), values = q.column_blob(20);
  if (positions.size() % sizeof(std::int32_t) != 0 || values.size() % sizeof(float) != 0) return false;
  ok = ok && append(positions, positions.size() / sizeof(std::int32_t), sample_positions) &&
       append(values, values.size() / sizeof(float), samples);
  filled += n;
  return ok;
}

}  // namespace

Result<std::vector<PartialDocument>> load_document_parts(SessionFile& session, std::int64_t run_id) {
  detail::Connection& c = detail::connection(session);
  detail::ReadSnapshot snapshot(c);
  STORE_ASSIGN(q, c.prepare("SELECT doc_index, map_index, group_windows, first_position, positions, top_k, "
                            "temperature_stats, logp, entropy, rank, confidence, sum_p2, kl_bt, kl_tb, js, "
                            "kl_tz, added_mass, top_ids, top_p, sample_positions, samples "
                            "FROM document_parts WHERE run_id = ? ORDER BY doc_index, map_index, first_position"));
  q.bind(1, run_id);
  struct Joined {
    PartialDocument doc;
    std::vector<std::int64_t> filled;  // per map
    bool ok = true;
  };
  std::map<std::int64_t, Joined> docs;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    Joined& j = docs[q.column_int64(0)];
    j.doc.index = q.column_int64(0);
    const std::int64_t map = q.column_int64(1);
    if (!j.ok) continue;
    if (map < 0 || map > std::int64_t(j.doc.maps.size())) {  // maps come in order, none skipped
      j.ok = false;
      continue;
    }
    if (map == std::int64_t(j.doc.maps.size())) j.doc.maps.emplace_back(), j.filled.push_back(0);
    j.doc.group_windows = std::max(j.doc.group_windows, q.column_int64(2));
    std::vector<std::int32_t> ignored_positions;
    std::vector<float> ignored_samples;
    const bool base = map == 0;
    j.ok = append_row(q, j.doc.maps[std::size_t(map)], j.filled[std::size_t(map)],
                      base ? j.doc.sample_positions : ignored_positions, base ? j.doc.samples : ignored_samples);
  }
  std::vector<PartialDocument> out;
  for (auto& [index, j] : docs) {
    if (!j.ok || j.filled.empty()) continue;
    bool same = true;
    for (std::int64_t f : j.filled) same = same && f == j.filled.front();
    if (!same) continue;
    j.doc.positions = j.filled.front();
    out.push_back(std::move(j.doc));
  }
  return out;
}

}  // namespace core::store

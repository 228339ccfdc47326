#include "core/store/detail/streamed_track.h"

#include <array>
#include <optional>
#include <string>

#include "core/store/blob_codec.h"
#include "core/store/detail/sqlite.h"

namespace core::store::detail {
namespace {

using analysis::MapTrack;

// The per-position arrays in the column order of both `tracks` and `document_parts`.
constexpr std::array<const char*, 12> kColumns = {"logp",  "entropy", "rank",  "confidence", "sum_p2",     "kl_bt",
                                                   "kl_tb", "js",      "kl_tz", "added_mass", "top_ids", "top_p"};
constexpr std::size_t kTopIds = 10, kTopP = 11;

// Values per position of column `i` (top-k ones: k), and its bytes per value in `tracks` (top_p is
// float16 there, float32 in parts).
std::size_t width(std::size_t i, std::size_t k) { return i >= kTopIds ? k : 1; }
std::size_t stored_bytes(std::size_t i) { return i == kTopP ? 2 : 4; }

// The tracks' column `i` as float32 / int32 values held in memory.
std::span<const std::byte> held_bytes(const MapTrack& t, std::size_t i, std::vector<std::byte>& scratch) {
  const auto f = [&](const std::vector<float>& v) { return le_bytes(std::span<const float>(v), scratch); };
  switch (i) {
    case 0: return f(t.logp);
    case 1: return f(t.entropy);
    case 2: return le_bytes(std::span<const std::int32_t>(t.rank), scratch);
    case 3: return f(t.confidence);
    case 4: return f(t.sum_p2);
    case 5: return f(t.kl_bt);
    case 6: return f(t.kl_tb);
    case 7: return f(t.js);
    case 8: return f(t.kl_tz);
    case 9: return f(t.added_mass);
    case 10: return le_bytes(std::span<const std::int32_t>(t.top_ids), scratch);
    default: return f(t.top_p);
  }
}

// The bytes a part's column `i` adds to the row (top_p narrowed to float16).
std::span<const std::byte> part_bytes(std::span<const std::byte> blob, std::size_t i, std::vector<float>& floats,
                                      std::vector<std::byte>& half) {
  if (i != kTopP) return blob;
  unpack_le(blob, floats);
  pack_half(floats, half);
  return half;
}

}  // namespace

Result<void> insert_streamed_track(Connection& c, std::int64_t run_id, const analysis::DocumentResult& d,
                                   std::size_t map) {
  const MapTrack& t = d.maps[map];
  const std::size_t k = std::size_t(std::max(0, t.top_k)), held = t.size();
  const std::int64_t from = d.tracks_from, total = from + std::int64_t(held);
  const auto corrupt = [&](const std::string& what) {
    return fail(ErrorCode::Corrupt,
                "the session file is corrupt: document " + std::to_string(d.index) + ", map " +
                    std::to_string(map) + ": its committed parts " + what,
                c.path());
  };
  // First the parts' shape: they must join into [0, from), with one set of arrays.
  std::array<std::optional<bool>, kColumns.size()> present;  // unknown until held positions or a part say
  std::vector<std::byte> scratch;
  for (std::size_t i = 0; i < kColumns.size(); ++i)
    if (held > 0) present[i] = !held_bytes(t, i, scratch).empty();
  {
    STORE_ASSIGN(q, c.prepare("SELECT first_position, positions, top_k, length(logp), length(entropy), "
                              "length(rank), length(confidence), length(sum_p2), length(kl_bt), length(kl_tb), "
                              "length(js), length(kl_tz), length(added_mass), length(top_ids), length(top_p) "
                              "FROM document_parts WHERE run_id = ? AND doc_index = ? AND map_index = ? "
                              "ORDER BY first_position"));
    q.bind(1, run_id).bind(2, d.index).bind(3, map);
    std::int64_t joined = 0;
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      const std::int64_t first = q.column_int64(0), n = q.column_int64(1);
      if (first != joined || n <= 0 || first + n > from)
        return corrupt("do not join into its positions 0.." + std::to_string(from));
      if (q.column_int64(2) != t.top_k) return corrupt("have another top-k than its tracks");
      for (std::size_t i = 0; i < kColumns.size(); ++i) {
        const auto bytes = std::size_t(q.column_int64(int(3 + i)));
        const bool has = bytes > 0;
        if (has && bytes != std::size_t(n) * width(i, k) * 4)
          return corrupt(std::string("have a ") + kColumns[i] + " array of the wrong size");
        if (present[i] && *present[i] != has) return corrupt(std::string("disagree on the ") + kColumns[i] + " array");
        present[i] = has;
      }
      joined = first + n;
    }
    if (joined != from) return corrupt("do not join into its positions 0.." + std::to_string(from));
  }
  // The row, each present column a zeroblob of its whole size.
  {
    STORE_ASSIGN(q, c.prepare("INSERT INTO tracks (run_id, doc_index, map_index, positions, top_k, "
                              "temperature_stats, logp, entropy, rank, confidence, sum_p2, kl_bt, kl_tb, "
                              "js, kl_tz, added_mass, top_ids, top_p) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    std::vector<std::byte> stats;
    q.bind(1, run_id).bind(2, d.index).bind(3, map).bind(4, total).bind(5, t.top_k);
    q.bind_blob(6, le_bytes(std::span<const double>(t.temperature_stats), stats));
    for (std::size_t i = 0; i < kColumns.size(); ++i)
      q.bind_zeroblob(int(7 + i), present[i].value_or(false) ? std::uint64_t(total) * width(i, k) * stored_bytes(i) : 0);
    STORE_TRY(q.run());
  }
  const std::int64_t rowid = c.last_insert_rowid();
  std::array<std::unique_ptr<Blob>, kColumns.size()> blobs;
  for (std::size_t i = 0; i < kColumns.size(); ++i)
    if (present[i].value_or(false)) {
      STORE_ASSIGN(blob, Blob::open(c, "tracks", kColumns[i], rowid, true, "writing a long document's tracks"));
      blobs[i] = std::move(blob);
    }
  // Then the parts, one row in memory at a time, and the positions held.
  std::vector<float> floats;
  std::vector<std::byte> half;
  STORE_ASSIGN(q, c.prepare("SELECT first_position, logp, entropy, rank, confidence, sum_p2, kl_bt, kl_tb, js, "
                            "kl_tz, added_mass, top_ids, top_p FROM document_parts "
                            "WHERE run_id = ? AND doc_index = ? AND map_index = ? ORDER BY first_position"));
  q.bind(1, run_id).bind(2, d.index).bind(3, map);
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    const auto first = std::size_t(q.column_int64(0));
    for (std::size_t i = 0; i < kColumns.size(); ++i)
      if (present[i].value_or(false))
        STORE_TRY(blobs[i]->write(part_bytes(q.column_blob(int(1 + i)), i, floats, half),
                                 first * width(i, k) * stored_bytes(i)));
  }
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    if (!present[i].value_or(false)) continue;
    std::span<const std::byte> bytes = held_bytes(t, i, scratch);
    if (i == kTopP) {
      pack_half(t.top_p, half);
      bytes = half;
    }
    STORE_TRY(blobs[i]->write(bytes, std::size_t(from) * width(i, k) * stored_bytes(i)));
  }
  return {};
}

}  // namespace core::store::detail

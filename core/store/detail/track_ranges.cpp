#include "core/store/detail/track_ranges.h"

#include <algorithm>
#include <memory>
#include <string>

#include "core/store/blob_codec.h"
#include "core/store/detail/sqlite.h"

namespace core::store::detail {

Result<void> for_each_track_range(Connection& c, std::int64_t run_id, std::int64_t doc, int maps, std::size_t range,
                                  const std::function<void(const std::vector<analysis::MapTrack>&)>& each) {
  struct Row {
    std::int64_t id = -1, positions = -1;
    bool kl = false;
  };
  std::vector<Row> rows(std::size_t(std::max(0, maps)));
  const auto corrupt = [&](std::int64_t map, const std::string& what) {
    return fail(ErrorCode::Corrupt,
                "the session file is corrupt: document " + std::to_string(doc) + ", map " + std::to_string(map) +
                    ": " + what,
                c.path());
  };
  {
    STORE_ASSIGN(q, c.prepare("SELECT id, map_index, positions, length(logp), length(entropy), length(kl_bt) "
                              "FROM tracks WHERE run_id = ? AND doc_index = ?"));
    q.bind(1, run_id).bind(2, doc);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      const std::int64_t m = q.column_int64(1), n = q.column_int64(2);
      if (m < 0 || m >= maps) return corrupt(m, "a track of a map the run does not have");
      const auto bytes = [&](int column) { return q.column_is_null(column) ? 0 : q.column_int64(column); };
      if (n < 0 || bytes(3) != 4 * n || bytes(4) != 4 * n || (bytes(5) != 0 && bytes(5) != 4 * n))
        return corrupt(m, "its track arrays do not hold its " + std::to_string(n) + " positions");
      rows[std::size_t(m)] = {q.column_int64(0), n, bytes(5) > 0};
    }
  }
  for (std::size_t m = 0; m < rows.size(); ++m) {
    if (rows[m].id < 0) return corrupt(std::int64_t(m), "the document has no track for it");
    if (rows[m].positions != rows[0].positions)
      return corrupt(std::int64_t(m), "its track has " + std::to_string(rows[m].positions) +
                                          " positions and the base map's " + std::to_string(rows[0].positions));
  }
  const std::size_t n = rows.empty() ? 0 : std::size_t(rows[0].positions);
  if (n == 0) return {};
  constexpr const char* kDoing = "reading a document's tracks";
  struct Columns {
    std::unique_ptr<Blob> logp, entropy, kl_bt;
  };
  std::vector<Columns> blobs(rows.size());
  for (std::size_t m = 0; m < rows.size(); ++m) {
    STORE_ASSIGN(logp, Blob::open(c, "tracks", "logp", rows[m].id, false, kDoing));
    STORE_ASSIGN(entropy, Blob::open(c, "tracks", "entropy", rows[m].id, false, kDoing));
    blobs[m].logp = std::move(logp), blobs[m].entropy = std::move(entropy);
    if (rows[m].kl) {
      STORE_ASSIGN(kl, Blob::open(c, "tracks", "kl_bt", rows[m].id, false, kDoing));
      blobs[m].kl_bt = std::move(kl);
    }
  }
  std::vector<analysis::MapTrack> tracks(rows.size());
  std::vector<std::byte> bytes;
  const auto read = [&](Blob& blob, std::size_t first, std::size_t count, std::vector<float>& out) -> Result<void> {
    bytes.resize(count * sizeof(float));
    STORE_TRY(blob.read(bytes, first * sizeof(float)));
    unpack_le(std::span<const std::byte>(bytes), out);
    return {};
  };
  for (std::size_t first = 0; first < n; first += range) {
    const std::size_t count = std::min(range, n - first);
    for (std::size_t m = 0; m < rows.size(); ++m) {
      STORE_TRY(read(*blobs[m].logp, first, count, tracks[m].logp));
      STORE_TRY(read(*blobs[m].entropy, first, count, tracks[m].entropy));
      if (blobs[m].kl_bt) STORE_TRY(read(*blobs[m].kl_bt, first, count, tracks[m].kl_bt));
    }
    each(tracks);
  }
  return {};
}

}  // namespace core::store::detail

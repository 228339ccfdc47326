#include "core/store/detail/document_statistics.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "core/store/blob_codec.h"
#include "core/store/detail/sqlite.h"

namespace core::store::detail {

namespace {

using analysis::DocumentStats;

std::array<std::uint64_t, 9> fields(const DocumentStats& s) {
  const auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v); };
  return {std::uint64_t(s.tokens), bits(s.nll_mean),   bits(s.entropy_mean), bits(s.top1_accuracy),
          bits(s.kl_bt_mean),      bits(s.kl_tb_mean), bits(s.js_mean),      bits(s.kl_max),
          bits(s.bits_per_byte)};
}

DocumentStats from_fields(const std::uint64_t* f) {
  const auto real = [](std::uint64_t v) { return std::bit_cast<double>(v); };
  DocumentStats s;
  s.tokens = std::int64_t(f[0]);
  s.nll_mean = real(f[1]);
  s.entropy_mean = real(f[2]);
  s.top1_accuracy = real(f[3]);
  s.kl_bt_mean = real(f[4]);
  s.kl_tb_mean = real(f[5]);
  s.js_mean = real(f[6]);
  s.kl_max = real(f[7]);
  s.bits_per_byte = real(f[8]);
  return s;
}

}  // namespace

void pack_statistics(std::span<const DocumentStats> stats, std::vector<std::byte>& out) {
  out.clear();
  out.reserve(stats.size() * kStatisticsBytesPerMap);
  std::vector<std::byte> scratch;  // stays empty on little-endian hosts
  for (const DocumentStats& s : stats) {
    const auto record = fields(s);
    const auto bytes = le_bytes(std::span<const std::uint64_t>(record), scratch);
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
}

bool unpack_statistics(std::span<const std::byte> bytes, std::size_t maps, std::vector<DocumentStats>& out) {
  if (bytes.empty()) {
    out.assign(maps, DocumentStats{});
    return true;
  }
  if (bytes.size() != maps * kStatisticsBytesPerMap) return false;
  out.resize(maps);
  if constexpr (std::endian::native == std::endian::little) {
    std::uint64_t f[9];
    for (std::size_t m = 0; m < maps; ++m) {
      std::memcpy(f, bytes.data() + m * kStatisticsBytesPerMap, sizeof f);
      out[m] = from_fields(f);
    }
  } else {
    std::vector<std::uint64_t> words;
    unpack_le(bytes, words);
    for (std::size_t m = 0; m < maps; ++m) out[m] = from_fields(words.data() + m * 9);
  }
  return true;
}


// Packs the rows of each (run, document) into its blob; the statement is reset before the table goes.
static Result<void> pack_rows(Connection& c) {
  STORE_ASSIGN(rows, c.prepare("SELECT run_id, doc_index, map_index, tokens, nll_mean, entropy_mean, top1_accuracy, "
                               "kl_bt_mean, kl_tb_mean, js_mean, kl_max, bits_per_byte FROM document_stats "
                               "ORDER BY run_id, doc_index, map_index"));
  std::int64_t run = 0, doc = 0;
  std::vector<DocumentStats> stats;
  bool impossible = false;  // a map index no run can have
  std::vector<std::byte> blob;
  const auto flush = [&]() -> Result<void> {
    if (stats.empty() && !impossible) return {};
    // A row for a map the run lacks leaves a blob the reader cannot take for the run's maps, so
    // reading the run reports the damage as it did when the row was its own.
    if (impossible) blob.assign(1, std::byte{0});
    else pack_statistics(stats, blob);
    STORE_ASSIGN(update, c.prepare("UPDATE run_documents SET stats = ? WHERE run_id = ? AND doc_index = ?"));
    update.bind_blob(1, blob).bind(2, run).bind(3, doc);
    STORE_TRY(update.run());
    stats.clear();
    impossible = false;
    return {};
  };
  while (true) {
    STORE_ASSIGN(stepped, rows.step());
    if (!stepped) break;
    const std::int64_t r = rows.column_int64(0), d = rows.column_int64(1), m = rows.column_int64(2);
    if (r != run || d != doc) {
      STORE_TRY(flush());
      run = r;
      doc = d;
    }
    if (m < 0 || m >= 4096) {
      impossible = true;
      continue;
    }
    if (stats.size() <= std::size_t(m)) stats.resize(std::size_t(m) + 1);
    DocumentStats& s = stats[std::size_t(m)];
    s.tokens = rows.column_int64(3);
    s.nll_mean = rows.column_double(4);
    s.entropy_mean = rows.column_double(5);
    s.top1_accuracy = rows.column_double(6);
    s.kl_bt_mean = rows.column_double(7);
    s.kl_tb_mean = rows.column_double(8);
    s.js_mean = rows.column_double(9);
    s.kl_max = rows.column_double(10);
    s.bits_per_byte = rows.column_double(11);
  }
  return flush();
}

Result<void> pack_document_stats_table(Connection& c) {
  STORE_TRY(pack_rows(c));
  return c.exec("DROP TABLE document_stats");
}

}  // namespace core::store::detail

#include "core/model/llama2c_header.h"

#include <climits>
#include <cstring>

namespace core::model {
namespace {

constexpr std::uint32_t kV1Magic = 0x616b3432;  // "ak42" little-endian
constexpr std::int64_t kV1HeaderBytes = 256;
constexpr std::int64_t kMaxField = std::int64_t(1) << 24;  // larger than any real model's dims

}  // namespace

Result<Llama2cHeader> parse_llama2c_header(std::string_view bytes, const std::string& path) {
  const std::string& p = path;
  const std::int64_t size = std::int64_t(bytes.size());
  Llama2cHeader out;
  auto& h = out.sizes;
  bool& v1 = out.v1;
  bool& shared = out.shared;
  std::int64_t& header_bytes = out.header_bytes;
  if (size < 28)
    return fail(ErrorCode::Corrupt, "truncated llama2.c checkpoint: shorter than its 28-byte header", p,
                std::to_string(size) + " bytes");

  std::uint32_t magic = 0;
  std::memcpy(&magic, bytes.data(), 4);
  if (magic == kV1Magic) {
    if (size < kV1HeaderBytes) return fail(ErrorCode::Corrupt, "truncated llama2.c v1 header", p);
    std::int32_t version = 0;
    std::memcpy(&version, bytes.data() + 4, 4);
    if (version != 1)
      return fail(ErrorCode::Unsupported,
                  "llama2.c export version " + std::to_string(version) +
                      " is not supported (float32 legacy and version 1 are)",
                  p);
    std::memcpy(&h, bytes.data() + 8, sizeof h);
    shared = bytes[8 + sizeof h] != 0;
    v1 = true;
    header_bytes = kV1HeaderBytes;
  } else {
    std::memcpy(&h, bytes.data(), sizeof h);
    // The sign of vocab_size flags an untied classifier; the most negative int32 has no positive
    // counterpart, and negating it is undefined (found by tests/fuzz/llama2c_header_fuzz.cpp).
    if (h.vocab_size == INT32_MIN)
      return fail(ErrorCode::Corrupt, "llama2.c header: vocab_size is -2147483648, which no checkpoint has", p);
    shared = h.vocab_size > 0;
    h.vocab_size = h.vocab_size < 0 ? -h.vocab_size : h.vocab_size;
  }

  const std::string fields = "dim=" + std::to_string(h.dim) + " hidden_dim=" + std::to_string(h.hidden_dim) +
                             " n_layers=" + std::to_string(h.n_layers) + " n_heads=" + std::to_string(h.n_heads) +
                             " n_kv_heads=" + std::to_string(h.n_kv_heads) + " vocab_size=" +
                             std::to_string(h.vocab_size) + " seq_len=" + std::to_string(h.seq_len);
  for (std::int32_t v : {h.dim, h.hidden_dim, h.n_layers, h.n_heads, h.n_kv_heads, h.vocab_size, h.seq_len})
    if (v <= 0 || v > kMaxField)
      return fail(ErrorCode::Corrupt, "llama2.c header holds a size that is not positive and plausible; not a llama2.c checkpoint?",
                  p, fields);
  if (h.dim % h.n_heads != 0 || h.n_heads % h.n_kv_heads != 0 || (h.dim / h.n_heads) % 2 != 0)
    return fail(ErrorCode::Corrupt, "llama2.c header: dim must split into n_heads even-sized heads and n_heads into n_kv_heads",
                p, fields);

  const std::int64_t d = h.dim, F = h.hidden_dim, L = h.n_layers, V = h.vocab_size, S = h.seq_len;
  const std::int64_t hd = d / h.n_heads, kv = std::int64_t(h.n_kv_heads) * hd;
  // Every field is below 2^24, so a product of three reaches 2^72: the sizes are computed in 128 bits
  // (in 64 they overflowed, found by tests/fuzz/llama2c_header_fuzz.cpp).
  using Wide = __int128;
  Wide floats = Wide(V) * d + Wide(L) * d + Wide(L) * d * d + Wide(2) * L * d * kv + Wide(L) * d * d + Wide(L) * d +
                Wide(3) * L * d * F + d;
  if (!v1) floats += Wide(S) * hd;  // legacy freq_cis_real and freq_cis_imag tables, [S, hd/2] each
  if (!shared) floats += Wide(V) * d;
  const Wide expected = header_bytes + 4 * floats;
  if (Wide(size) != expected) {
    const std::string want = expected > Wide(INT64_MAX) ? std::string("more than 2^63")
                                                         : std::to_string(std::int64_t(expected));
    return fail(ErrorCode::Corrupt,
                "llama2.c checkpoint size does not match its header: expected " + want + " bytes, the file has " +
                    std::to_string(size) + (Wide(size) < expected ? " (truncated?)" : ""),
                p, fields);
  }

  out.fields = fields;
  return out;
}

}  // namespace core::model

#pragma once
// A byte-level GGUF writer for the reader's corrupt-file tests: it writes whatever it is told,
// including lies (counts, lengths, offsets), so each test can break exactly one thing.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace fixtures {

class GgufBytes {
 public:
  void u8(std::uint8_t v) { raw(&v, 1); }
  void u32(std::uint32_t v) { raw(&v, 4); }
  void u64(std::uint64_t v) { raw(&v, 8); }
  void f32(float v) { raw(&v, 4); }
  void str(const std::string& s) { u64(s.size()), bytes.append(s); }
  void raw(const void* p, std::size_t n) { bytes.append(static_cast<const char*>(p), n); }
  void pad(std::size_t alignment) { bytes.append((alignment - bytes.size() % alignment) % alignment, '\0'); }
  std::string bytes;
};

enum : std::uint32_t { kU32 = 4, kF32 = 6, kBool = 7, kString = 8, kArray = 9 };

// A GGUF assembled from parts: metadata entries (already encoded), tensor infos, data.
struct GgufSpec {
  struct Tensor {
    std::string name;
    std::vector<std::uint64_t> ne;  // ggml order: innermost first
    std::uint32_t type = 0;
    std::uint64_t offset = 0;
    std::string data;
  };
  std::uint32_t version = 3;
  std::vector<std::string> kvs;  // each: key, type, value bytes
  std::vector<Tensor> tensors;
  std::uint64_t alignment = 32;
  std::int64_t tensor_count = -1;  // -1: the real count
  std::int64_t kv_count = -1;

  void kv_string(const std::string& key, const std::string& value) {
    GgufBytes b;
    b.str(key), b.u32(kString), b.str(value);
    kvs.push_back(b.bytes);
  }
  void kv_u32(const std::string& key, std::uint32_t value) {
    GgufBytes b;
    b.str(key), b.u32(kU32), b.u32(value);
    kvs.push_back(b.bytes);
  }
  void kv_f32(const std::string& key, float value) {
    GgufBytes b;
    b.str(key), b.u32(kF32), b.f32(value);
    kvs.push_back(b.bytes);
  }
  // Adds a float32 tensor of zeros at the next aligned offset (shape in PyTorch order).
  void f32_tensor(const std::string& name, std::vector<std::uint64_t> torch_shape) {
    Tensor t{name, {torch_shape.rbegin(), torch_shape.rend()}, 0, next_offset(), {}};
    std::uint64_t n = 1;
    for (auto d : torch_shape) n *= d;
    t.data.assign(n * 4, '\0');
    tensors.push_back(t);
  }
  std::uint64_t next_offset() const {
    std::uint64_t end = 0;
    for (const auto& t : tensors) end = std::max(end, t.offset + t.data.size());
    return (end + alignment - 1) / alignment * alignment;
  }
  std::string write() const {
    GgufBytes b;
    b.raw("GGUF", 4);
    b.u32(version);
    b.u64(tensor_count >= 0 ? std::uint64_t(tensor_count) : tensors.size());
    b.u64(kv_count >= 0 ? std::uint64_t(kv_count) : kvs.size());
    for (const auto& kv : kvs) b.bytes += kv;
    for (const auto& t : tensors) {
      b.str(t.name);
      b.u32(std::uint32_t(t.ne.size()));
      for (auto n : t.ne) b.u64(n);
      b.u32(t.type);
      b.u64(t.offset);
    }
    b.pad(alignment);
    const std::size_t start = b.bytes.size();
    for (const auto& t : tensors) {
      if (b.bytes.size() < start + t.offset) b.bytes.resize(start + t.offset, '\0');
      b.bytes.replace(start + t.offset, t.data.size(), t.data);
    }
    return b.bytes;
  }
};

// The metadata and zero weights of a tiny llama GGUF (dim 8, 2 heads, 1 layer, vocab 16), no tokenizer.
inline GgufSpec tiny_llama_gguf() {
  GgufSpec s;
  s.kv_string("general.architecture", "llama");
  s.kv_u32("llama.context_length", 32);
  s.kv_u32("llama.embedding_length", 8);
  s.kv_u32("llama.block_count", 1);
  s.kv_u32("llama.feed_forward_length", 12);
  s.kv_u32("llama.attention.head_count", 2);
  s.kv_u32("llama.attention.head_count_kv", 2);
  s.kv_f32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
  s.f32_tensor("token_embd.weight", {16, 8});
  s.f32_tensor("output_norm.weight", {8});
  for (const char* n : {"attn_norm", "ffn_norm"}) s.f32_tensor(std::string("blk.0.") + n + ".weight", {8});
  for (const char* n : {"attn_q", "attn_k", "attn_v", "attn_output"}) s.f32_tensor(std::string("blk.0.") + n + ".weight", {8, 8});
  s.f32_tensor("blk.0.ffn_gate.weight", {12, 8});
  s.f32_tensor("blk.0.ffn_up.weight", {12, 8});
  s.f32_tensor("blk.0.ffn_down.weight", {8, 12});
  return s;
}

}  // namespace fixtures

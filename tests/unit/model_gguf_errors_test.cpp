// Malformed GGUF files: each is refused with one error that names the file and says what is wrong,
// before anything sized by the file is allocated, without crashing (see docs/ARCHITECTURE.md, "GGUF").
#include <gtest/gtest.h>

#include "core/model/checkpoint.h"
#include "core/model/gguf_file.h"
#include "tests/support/test_support.h"
#include "tests/unit/gguf_builder.h"
#include "tests/unit/model_fixtures.h"

using namespace core::model;
using core::ErrorCode;
using fixtures::GgufSpec;
using testsupport::TempDir;

namespace {

// Loads `bytes` as a checkpoint and returns its error (failing the test if it loads).
core::Error gguf_load_error(const TempDir& dir, const std::string& bytes) {
  const auto path = dir / "model.gguf";
  testsupport::write_file(path, bytes);
  auto cp = load_checkpoint(path, fixtures::no_hash());
  EXPECT_FALSE(cp.has_value()) << "loaded although broken";
  if (cp) return {};
  EXPECT_EQ(cp.error().path, path.string()) << cp.error().what();
  EXPECT_NE(cp.error().code, ErrorCode::Internal) << "an unexpected failure, not a refusal: " << cp.error().what();
  return cp.error();
}

bool gguf_says(const core::Error& e, const std::string& words) {
  return e.message.find(words) != std::string::npos;
}

}  // namespace

TEST(GgufErrors, TheValidFixtureLoads) {  // so that every refusal below is about the one thing broken
  TempDir dir;
  testsupport::write_file(dir / "ok.gguf", fixtures::tiny_llama_gguf().write());
  auto cp = load_checkpoint(dir / "ok.gguf", fixtures::no_hash());
  ASSERT_TRUE(cp) << cp.error().what();
  EXPECT_EQ(cp->info.format, "gguf");
  EXPECT_EQ(cp->info.vocab_size, 16);
}

TEST(GgufErrors, TruncatedAtEveryByteIsRefused) {
  const std::string whole = fixtures::tiny_llama_gguf().write();
  TempDir dir;
  // Every prefix: inside the magic, version, counts, each key, value, tensor info, padding and data.
  for (std::size_t n = 4; n < whole.size(); n += (n < 1200 ? 1 : 97)) {
    SCOPED_TRACE("cut at byte " + std::to_string(n) + " of " + std::to_string(whole.size()));
    const auto e = gguf_load_error(dir, whole.substr(0, n));
    EXPECT_TRUE(e.code == ErrorCode::Corrupt) << e.what();
    EXPECT_TRUE(gguf_says(e, "truncated") || gguf_says(e, "past the end")) << e.what();
  }
}

TEST(GgufErrors, AbsurdCountsAreRefusedBeforeAllocating) {
  TempDir dir;
  for (std::int64_t count : {std::int64_t(1) << 62, std::int64_t(1'000'000)}) {
    GgufSpec s = fixtures::tiny_llama_gguf();
    s.tensor_count = count;  // a reserve() of this many would throw (caught as Internal) or take gigabytes
    auto e = gguf_load_error(dir, s.write());
    EXPECT_EQ(e.code, ErrorCode::Corrupt);
    EXPECT_TRUE(gguf_says(e, "claims " + std::to_string(count) + " tensors")) << e.what();
    s = fixtures::tiny_llama_gguf();
    s.kv_count = count;
    e = gguf_load_error(dir, s.write());
    EXPECT_TRUE(gguf_says(e, "claims " + std::to_string(count) + " metadata entries")) << e.what();
  }
}

TEST(GgufErrors, StringAndArrayLengthsPastTheEndAreRefused) {
  TempDir dir;
  GgufSpec s = fixtures::tiny_llama_gguf();
  fixtures::GgufBytes key;  // a key whose length is 2^40
  key.u64(std::uint64_t(1) << 40);
  key.raw("x", 1);
  s.kvs.insert(s.kvs.begin(), key.bytes);
  auto e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "the key of metadata entry 0 is 1099511627776 bytes, past the end")) << e.what();

  s = fixtures::tiny_llama_gguf();
  fixtures::GgufBytes array;  // 2^50 strings claimed, none there
  array.str("tokenizer.ggml.tokens"), array.u32(fixtures::kArray), array.u32(fixtures::kString), array.u64(std::uint64_t(1) << 50);
  s.kvs.push_back(array.bytes);
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "the array \"tokenizer.ggml.tokens\" claims 1125899906842624 elements, past the end")) << e.what();

  s = fixtures::tiny_llama_gguf();
  fixtures::GgufBytes value;  // a string value longer than the file
  value.str("general.name"), value.u32(fixtures::kString), value.u64(50000), value.raw("abc", 3);
  s.kvs.push_back(value.bytes);
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "metadata \"general.name\" is 50000 bytes, past the end")) << e.what();
}

TEST(GgufErrors, AbsurdDimensionsAreRefused) {
  TempDir dir;
  GgufSpec s = fixtures::tiny_llama_gguf();
  s.tensors[0].ne = {std::uint64_t(1) << 40, std::uint64_t(1) << 40};  // 2^80 elements: overflows
  auto e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "tensor token_embd.weight has dimension 1099511627776, zero or too large")) << e.what();
  s = fixtures::tiny_llama_gguf();
  s.tensors[0].ne = {8, 1u << 30};  // 2^33 floats, inside int64 but far past the end of the file
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "tensor token_embd.weight (34359738368 bytes at data offset 0) runs past the end")) << e.what();
  s = fixtures::tiny_llama_gguf();
  s.tensors[0].ne = {8, 16, 1, 1, 1};
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "tensor token_embd.weight has 5 dimensions")) << e.what();
}

TEST(GgufErrors, OffsetsPastTheEndMisalignedOrOverlappingAreRefused) {
  TempDir dir;
  GgufSpec s = fixtures::tiny_llama_gguf();
  s.tensors.back().offset = 1u << 20;  // the file ends where its data would begin
  s.tensors.back().data.clear();
  auto e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "tensor blk.0.ffn_down.weight (384 bytes at data offset 1048576) runs past the end")) << e.what();
  s = fixtures::tiny_llama_gguf();
  s.tensors[1].offset += 4;
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "not a multiple of the alignment 32")) << e.what();
  s = fixtures::tiny_llama_gguf();
  s.tensors[2].offset = s.tensors[1].offset;
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "share bytes")) << e.what();
}

TEST(GgufErrors, TypesCartographDoesNotReadAreNamed) {
  TempDir dir;
  GgufSpec s = fixtures::tiny_llama_gguf();
  s.tensors[3].type = 3;  // Q4_1
  auto e = gguf_load_error(dir, s.write());
  EXPECT_EQ(e.code, ErrorCode::Unsupported);
  EXPECT_TRUE(gguf_says(e, "tensor " + s.tensors[3].name + " has ggml type 3 (Q4_1) which Cartograph does not read")) << e.what();
  s.tensors[3].type = 250;
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "has ggml type 250 (unknown)")) << e.what();
  s = fixtures::tiny_llama_gguf();
  s.kvs.push_back([] {
    fixtures::GgufBytes b;
    b.str("general.weird"), b.u32(77);
    return b.bytes;
  }());
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "metadata \"general.weird\" has value type 77")) << e.what();
  s = fixtures::tiny_llama_gguf();
  s.tensors[0].type = 8;  // Q8_0 rows of 8 values: not whole blocks of 32
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "tensor token_embd.weight has rows of 8 values, not a whole number of Q8_0 blocks of 32")) << e.what();
}

TEST(GgufErrors, HeaderProblemsAreNamed) {
  TempDir dir;
  GgufSpec s = fixtures::tiny_llama_gguf();
  s.version = 1;
  EXPECT_TRUE(gguf_says(gguf_load_error(dir, s.write()), "GGUF version 1 is not read"));
  s.version = 0x03000000u;
  EXPECT_TRUE(gguf_says(gguf_load_error(dir, s.write()), "big-endian"));
  s.version = 7;
  EXPECT_TRUE(gguf_says(gguf_load_error(dir, s.write()), "GGUF version 7 is unknown"));
  s = fixtures::tiny_llama_gguf();
  s.kv_u32("general.alignment", 48);
  EXPECT_TRUE(gguf_says(gguf_load_error(dir, s.write()), "general.alignment must be a power of two"));
  s = fixtures::tiny_llama_gguf();
  s.tensors.push_back(s.tensors[0]);
  s.tensors.back().offset = s.next_offset();
  EXPECT_TRUE(gguf_says(gguf_load_error(dir, s.write()), "tensor token_embd.weight appears twice"));
}

TEST(GgufErrors, ShapesAndArchitectureAreCheckedAgainstTheMetadata) {
  TempDir dir;
  GgufSpec s = fixtures::tiny_llama_gguf();
  s.tensors[4].ne = {12, 8};  // blk.0.attn_q.weight as [8, 12]: rows of 12 where the metadata says 8
  s.tensors[4].data.resize(12 * 8 * 4);
  for (std::size_t i = 5; i < s.tensors.size(); ++i) s.tensors[i].offset += 32 * 4;
  auto e = gguf_load_error(dir, s.write());
  EXPECT_EQ(e.code, ErrorCode::Mismatch);
  EXPECT_TRUE(gguf_says(e, "tensor blk.0.attn_q.weight has shape [8, 12], the GGUF's metadata needs [8, 8]")) << e.what();

  s = fixtures::tiny_llama_gguf();
  s.tensors.erase(s.tensors.begin() + 5);  // blk.0.attn_k.weight
  e = gguf_load_error(dir, s.write());
  EXPECT_TRUE(gguf_says(e, "tensor blk.0.attn_k.weight is missing")) << e.what();

  s = fixtures::tiny_llama_gguf();
  s.kvs.erase(s.kvs.begin());
  s.kv_string("general.architecture", "falcon");
  e = gguf_load_error(dir, s.write());
  EXPECT_EQ(e.code, ErrorCode::Unsupported);
  EXPECT_TRUE(gguf_says(e, "GGUF architecture \"falcon\" is not supported")) << e.what();

  s = fixtures::tiny_llama_gguf();
  s.kv_string("llama.rope.scaling.type", "yarn");
  EXPECT_TRUE(gguf_says(gguf_load_error(dir, s.write()), "rope scaling \"yarn\" is not computed"));
}

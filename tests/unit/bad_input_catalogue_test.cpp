// The bad-input catalogue: for each reader, the broken inputs a user may hand Cartograph and the one
// message each gets (printed as a table row, "catalogue | reader | case | message", for the docs).
// Every case must fail with an Error naming the file and saying what is wrong; nothing may crash.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/model/checkpoint.h"
#include "core/model/llama2c_header.h"
#include "core/model/safetensors_header.h"
#include "core/store/session_file.h"
#include "core/territory/territory.h"
#include "core/tokenize/gpt2_files.h"
#include "core/tokenize/llama2c_tokenizer.h"
#include "core/tokenize/tokenizer_json.h"
#include "tests/support/family_fixtures.h"
#include "tests/support/test_support.h"
#include "tests/unit/gguf_builder.h"
#include "tests/unit/model_fixtures.h"

using namespace std::string_literals;
using testsupport::TempDir;
using testsupport::write_file;

namespace {

struct BadInput {
  std::string name;      // what is wrong, in the user's words
  std::string bytes;     // the file
  std::string expected;  // a fragment of the message the user must see
};

void expect_refused(const std::string& reader, const BadInput& c, const core::Error& e, const std::string& file) {
  const std::string shown = e.what();
  EXPECT_NE(shown.find(c.expected), std::string::npos) << reader << " / " << c.name << ": " << shown;
  EXPECT_NE(shown.find(file), std::string::npos) << reader << " / " << c.name << " does not name " << file << ": " << shown;
  std::cout << "catalogue | " << reader << " | " << c.name << " | " << shown << "\n";
}

std::string cat_le32(std::int32_t v) {
  std::string s(4, '\0');
  std::memcpy(s.data(), &v, 4);
  return s;
}

std::string cat_le64(std::uint64_t v) {
  std::string s(8, '\0');
  std::memcpy(s.data(), &v, 8);
  return s;
}

std::string cat_safetensors(const std::string& header, const std::string& data) { return cat_le64(header.size()) + header + data; }

std::string cat_llama2c(std::int32_t dim, std::int32_t hidden, std::int32_t layers, std::int32_t heads, std::int32_t kv,
                    std::int32_t vocab, std::int32_t seq) {
  return cat_le32(dim) + cat_le32(hidden) + cat_le32(layers) + cat_le32(heads) + cat_le32(kv) + cat_le32(vocab) + cat_le32(seq);
}

}  // namespace

TEST(BadInputCatalogue, SafetensorsHeader) {
  const std::string f32x2 = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  const std::vector<BadInput> cases = {
      {"shorter than the length field", "abc", "shorter than its 8-byte header length"},
      {"header length past the end", cat_le64(1000) + "{}", "header length runs past the end of the file"},
      {"header not JSON", cat_safetensors("{not json", ""), "header is not valid JSON"},
      {"header not an object", cat_safetensors("[1,2]", ""), "header is not a JSON object"},
      {"tensor without offsets", cat_safetensors(R"({"a":{"dtype":"F32","shape":[2]}})", std::string(8, '\0')),
       "tensor 'a' lacks dtype, shape or data_offsets"},
      {"integer dtype", cat_safetensors(R"({"a":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}})", "ab"),
       "tensor 'a' has dtype I8; Cartograph reads F32, F16 and BF16"},
      {"unknown dtype", cat_safetensors(R"({"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,2]}})", "ab"),
       "tensor 'a' has unknown dtype 'Q4'"},
      {"negative shape", cat_safetensors(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", std::string(8, '\0')),
       "shape holds a value that is not a non-negative integer"},
      {"overflowing shape", cat_safetensors(R"({"a":{"dtype":"F32","shape":[281474976710656,281474976710656],"data_offsets":[0,8]}})", std::string(8, '\0')),
       "shape is impossibly large"},
      {"offsets past the end (truncated)", cat_safetensors(f32x2, std::string(4, '\0')), "data_offsets run past the end of the file"},
      {"shape and span disagree", cat_safetensors(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::string(8, '\0')),
       "shape [3] x F32 needs 12 bytes but data_offsets span 8"},
      {"overlapping tensors",
       cat_safetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                   std::string(12, '\0')),
       "tensors 'a' and 'b' overlap"},
  };
  for (const BadInput& c : cases) {
    auto r = core::model::parse_safetensors_header(c.bytes, "model.safetensors");
    ASSERT_FALSE(r) << c.name << " was accepted";
    expect_refused("safetensors", c, r.error(), "model.safetensors");
  }
}

TEST(BadInputCatalogue, TokenizerJson) {
  const std::vector<BadInput> cases = {
      {"not JSON", "{\"model\": ", "not valid JSON"},
      {"not an object", "[1, 2]", "tokenizer.json must hold a JSON object"},
      {"no model", R"({"version": "1.0"})", "no \"model\" object: this is not a Hugging Face tokenizer.json"},
      {"no vocabulary", R"({"model": {"type": "BPE", "merges": []}})", "model.vocab is missing"},
      {"no merges", R"({"model": {"type": "BPE", "vocab": {"a": 0}}})", "model.merges is missing"},
      {"malformed merge", R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["ab"]}})",
       "model.merges[0] is not \"left right\""},
      {"id out of range", R"({"model": {"type": "BPE", "vocab": {"a": -5}, "merges": []}})", "outside 0.."},
      {"two tokens, one id", R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 0}, "merges": []}})",
       "id 0 is given to both"},
      {"unknown unk_token", R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "unk_token": "<unk>"}})",
       "model.unk_token \"<unk>\" is not in the vocabulary"},
  };
  for (const BadInput& c : cases) {
    auto r = core::tokenize::parse_tokenizer_json(c.bytes, "", "tokenizer.json");
    ASSERT_FALSE(r) << c.name << " was accepted";
    expect_refused("tokenizer.json", c, r.error(), "tokenizer.json");
  }
}

TEST(BadInputCatalogue, VocabJsonAndMerges) {
  TempDir dir;
  struct Pair {
    BadInput c;
    std::string merges;
    std::string file;  // which file the message must name
  };
  const std::vector<Pair> cases = {
      {{"vocab.json not JSON", "{\"a\": ", "not valid JSON at byte"}, "a b\n", "vocab.json"},
      {{"vocab.json not an object", "[\"a\"]", "must be a JSON object of token -> id"}, "a b\n", "vocab.json"},
      {{"vocab.json empty", "{}", "the vocabulary is empty"}, "a b\n", "vocab.json"},
      {{"id not an integer", R"({"a": "zero"})", "the id of \"a\" is not an integer"}, "a b\n", "vocab.json"},
      {{"merge line without a space", R"({"a": 0, "b": 1, "ab": 2})", "line 2 is not a merge \"left right\""},
       "#version: 0.2\nab\n", "merges.txt"},
      {{"no merges", R"({"a": 0, "b": 1})", "no merges in the file"}, "#version: 0.2\n", "merges.txt"},
  };
  for (const Pair& p : cases) {
    write_file(dir / "vocab.json", p.c.bytes);
    write_file(dir / "merges.txt", p.merges);
    auto r = core::tokenize::load_gpt2_files(dir / "vocab.json", dir / "merges.txt");
    ASSERT_FALSE(r) << p.c.name << " was accepted";
    expect_refused("vocab.json + merges.txt", p.c, r.error(), p.file);
  }
}

TEST(BadInputCatalogue, Llama2cHeader) {
  const std::vector<BadInput> cases = {
      {"shorter than the header", "abc", "shorter than its 28-byte header"},
      {"zero dimension", cat_llama2c(0, 16, 1, 2, 2, 16, 8), "holds a size that is not positive and plausible"},
      {"absurd vocabulary", cat_llama2c(8, 16, 1, 2, 2, 1 << 30, 8), "holds a size that is not positive and plausible"},
      {"most negative vocabulary (untied flag overflow)", cat_llama2c(8, 16, 1, 2, 2, INT32_MIN, 8),
       "vocab_size is -2147483648, which no checkpoint has"},
      {"heads do not divide dim", cat_llama2c(9, 16, 1, 2, 2, 16, 8), "dim must split into n_heads even-sized heads"},
      {"weights missing (truncated)", cat_llama2c(8, 16, 1, 2, 2, 16, 8) + std::string(64, '\0'),
       "checkpoint size does not match its header"},
      {"version-1 magic, other version", cat_le32(0x616b3432) + cat_le32(2) + std::string(248, '\0'),
       "export version 2 is not supported"},
  };
  for (const BadInput& c : cases) {
    auto r = core::model::parse_llama2c_header(c.bytes, "model.bin");
    ASSERT_FALSE(r) << c.name << " was accepted";
    expect_refused("llama2.c model", c, r.error(), "model.bin");
  }
}

TEST(BadInputCatalogue, Llama2cTokenizer) {
  const std::vector<BadInput> cases = {
      {"too short", "ab", "too short for the max_token_length header"},
      {"max_token_length zero", cat_le32(0) + "xxxx", "max_token_length is 0"},
      {"entry cut short", cat_le32(8) + "abcd", "fewer than its 8-byte score and length"},
      {"negative length", cat_le32(8) + cat_le32(0) + cat_le32(-3), "has negative length -3"},
      {"length past the end", cat_le32(8) + cat_le32(0) + cat_le32(6) + "ab", "claims 6 bytes but only 2 remain"},
      {"longer than max_token_length", cat_le32(2) + cat_le32(0) + cat_le32(4) + "abcd", "longer than the header's max_token_length 2"},
      {"too few entries", cat_le32(4) + cat_le32(0) + cat_le32(1) + "a", "it needs at least 259"},
  };
  for (const BadInput& c : cases) {
    auto r = core::tokenize::parse_llama2c_tokenizer(c.bytes, "tokenizer.bin");
    ASSERT_FALSE(r) << c.name << " was accepted";
    expect_refused("llama2.c tokenizer", c, r.error(), "tokenizer.bin");
  }
}

TEST(BadInputCatalogue, TerritoryFiles) {
  TempDir dir;
  std::string noise(100000, '\0');
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = char((i * 2654435761u) >> 13);
  const std::vector<std::pair<std::string, BadInput>> cases = {
      {"t.txt", {"empty file", "", "the territory is empty"}},
      {"t.txt", {"binary (random bytes)", noise, "not a text file"}},
      {"t.txt", {"NUL bytes", "text\0\0\0\0\0more"s, "holds 5 NUL bytes"}},
      {"t.txt", {"UTF-16", "\xFF\xFEh\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0"s, "UTF-16 text must be converted"}},
      {"t.jsonl", {"no line is a JSON object", "junk\nmore junk\n", "no usable line: 2 lines"}},
      {"t.jsonl", {"no line has the text field", "{\"body\": \"x\"}\n", "lack a string \"text\" field"}},
      {"t.jsonl", {"binary named .jsonl", noise, "not a text file"}},
  };
  for (const auto& [file, c] : cases) {
    write_file(dir / file, c.bytes);
    auto r = core::territory::read_territory(dir / file);
    ASSERT_FALSE(r) << c.name << " was accepted";
    expect_refused(file.ends_with(".jsonl") ? "JSONL territory" : "plain-text territory", c, r.error(), file);
  }
  core::territory::ReadOptions small;
  small.max_document_bytes = 1000;
  const BadInput big{"document over the size limit", std::string(2000, 'a'), "a document may be at most 1000 bytes"};
  write_file(dir / "big.txt", big.bytes);
  auto r = core::territory::read_territory(dir / "big.txt", small);
  ASSERT_FALSE(r);
  expect_refused("plain-text territory", big, r.error(), "big.txt");
}

TEST(BadInputCatalogue, SessionFile) {
  TempDir dir;
  const std::vector<BadInput> cases = {
      {"empty file", "", "not a Cartograph session (the file is empty)"},
      {"a text file", "just some notes\n", "not a Cartograph session (not a SQLite database)"},
      {"SQLite header, garbage after", std::string("SQLite format 3\0", 16) + std::string(4000, 'x'), "session"},
  };
  for (const BadInput& c : cases) {
    write_file(dir / "s.cartograph", c.bytes);
    auto r = core::store::SessionFile::open(dir / "s.cartograph", core::store::OpenMode::ReadOnly);
    ASSERT_FALSE(r) << c.name << " was accepted";
    expect_refused("session file", c, r.error(), "s.cartograph");
  }
  auto missing = core::store::SessionFile::open(dir / "none.cartograph", core::store::OpenMode::ReadOnly);
  ASSERT_FALSE(missing);
  expect_refused("session file", {"no such file", "", "no session file here"}, missing.error(), "none.cartograph");
}

// GGUF (core/model/gguf_header.cpp, gguf_loader.cpp, core/tokenize/gguf_vocab.cpp), loaded as a user
// loads a checkpoint: header, metadata, tensor infos, the model's shapes and the vocabulary.
TEST(BadInputCatalogue, GgufFile) {
  using fixtures::GgufBytes;
  using fixtures::GgufSpec;
  TempDir dir;
  const auto raw_kv = [](const std::string& key, std::uint32_t type, const std::string& value) {
    GgufBytes b;
    b.str(key), b.u32(type), b.raw(value.data(), value.size());
    return b.bytes;
  };
  const auto spec = [](auto edit) {
    GgufSpec s = fixtures::tiny_llama_gguf();
    edit(s);
    return s.write();
  };
  const std::string valid = fixtures::tiny_llama_gguf().write();
  const std::vector<BadInput> cases = {
      {"the magic alone", "GGUF", "truncated: the version needs 4 bytes at byte 4"},
      {"version 1", spec([](GgufSpec& s) { s.version = 1; }), "GGUF version 1 is not read"},
      {"big-endian", spec([](GgufSpec& s) { s.version = 0x03000000u; }), "big-endian GGUF"},
      {"truncated header", valid.substr(0, 10), "truncated: the tensor count needs 8 bytes"},
      {"absurd metadata count", spec([](GgufSpec& s) { s.kv_count = std::int64_t(1) << 40; }),
       "metadata entries, more than the"},
      {"absurd tensor count", spec([](GgufSpec& s) { s.tensor_count = std::int64_t(1) << 40; }), "tensors, more than the"},
      {"string length past the end", spec([&](GgufSpec& s) { s.kvs.push_back(raw_kv("name", fixtures::kString, cat_le64(std::uint64_t(1) << 40))); }),
       "the length of metadata \"name\" is 1099511627776 bytes, past the end of the file"},
      {"undefined value type", spec([&](GgufSpec& s) { s.kvs.push_back(raw_kv("odd", 99, "")); }),
       "metadata \"odd\" has value type 99, which GGUF does not define"},
      {"array length past the end", spec([&](GgufSpec& s) { s.kvs.push_back(raw_kv("list", fixtures::kArray, cat_le32(4) + cat_le64(std::uint64_t(1) << 40))); }),
       "the array \"list\" claims 1099511627776 elements, past the end of the file"},
      {"duplicate key", spec([](GgufSpec& s) { s.kv_u32("llama.block_count", 1); }),
       "metadata key \"llama.block_count\" appears twice"},
      {"alignment not a power of two", spec([](GgufSpec& s) { s.kv_u32("general.alignment", 48); }),
       "general.alignment must be a power of two"},
      {"no dimensions", spec([](GgufSpec& s) { s.tensors[1].ne.clear(); }), "has 0 dimensions (1 to 4 allowed)"},
      {"overflowing dimensions", spec([](GgufSpec& s) { s.tensors[1].ne = {std::uint64_t(1) << 40, std::uint64_t(1) << 40}; }),
       "its element count overflows"},
      {"type Cartograph does not read", spec([](GgufSpec& s) { s.tensors[1].type = 16; }), "which Cartograph does not read"},
      {"misaligned offset", spec([](GgufSpec& s) { s.tensors[1].offset += 4; }), "not a multiple of the alignment 32"},
      {"weights cut off (truncated)", valid.substr(0, valid.size() - 64), "runs past the end of the file"},
      {"overlapping tensors", spec([](GgufSpec& s) { s.tensors[2].offset = s.tensors[1].offset; }), "share bytes"},
      {"no architecture", spec([](GgufSpec& s) { s.kvs.erase(s.kvs.begin()); }), "GGUF metadata lacks general.architecture"},
      {"a tensor missing", spec([](GgufSpec& s) { s.tensors.pop_back(); }), "tensor blk.0.ffn_down.weight is missing from the GGUF"},
      {"vocabulary of the wrong type", spec([](GgufSpec& s) { s.kv_string("tokenizer.ggml.tokens", "a b c"); }),
       "GGUF metadata tokenizer.ggml.tokens must be an array of strings"},
      {"special token outside the vocabulary", spec([&](GgufSpec& s) {
         GgufBytes tokens;
         tokens.u32(fixtures::kString), tokens.u64(2), tokens.str("a"), tokens.str("b");
         s.kvs.push_back(raw_kv("tokenizer.ggml.tokens", fixtures::kArray, tokens.bytes));
         s.kv_string("tokenizer.ggml.model", "gpt2");
         s.kv_u32("tokenizer.ggml.bos_token_id", 7);
       }), "special token id 7 is outside the 2-token vocabulary"},
  };
  for (const BadInput& c : cases) {
    write_file(dir / "model.gguf", c.bytes);
    auto r = core::model::load_checkpoint(dir / "model.gguf", fixtures::no_hash());
    ASSERT_FALSE(r) << c.name << " was accepted";
    EXPECT_NE(r.error().code, core::ErrorCode::Internal) << c.name << ": " << r.error().what();
    expect_refused("GGUF", c, r.error(), "model.gguf");
  }
}

// The Hugging Face family folders (core/model/hf_*.cpp): config.json, the weights, the index and the
// tokenizer, each broken one way in a fixture folder of the family, loaded as a user loads it.
TEST(BadInputCatalogue, HuggingFaceFamilyFolder) {
  namespace fs = std::filesystem;
  struct FolderCase {
    BadInput c;  // bytes: unused; the edit breaks the folder
    std::string family;
    std::function<void(const fs::path&)> edit;
    std::string file;  // which file (or folder) the message must name
  };
  const auto config_edit = [](auto change) {
    return [change](const fs::path& m) {
      auto j = nlohmann::json::parse(testsupport::read_file(m / "config.json"));
      change(j);
      write_file(m / "config.json", j.dump());
    };
  };
  const std::vector<FolderCase> cases = {
      {{"config.json not JSON", "", "config.json is not valid JSON"}, "neox", [](const fs::path& m) { write_file(m / "config.json", "{\"hidden_size\": "); }, "config.json"},
      {{"config.json not an object", "", "config.json is not a JSON object"}, "gemma2", [](const fs::path& m) { write_file(m / "config.json", "[1]"); }, "config.json"},
      {{"size not an integer", "", "\"hidden_size\" must be a positive integer"}, "qwen3",
       config_edit([](nlohmann::json& j) { j["hidden_size"] = "large"; }), "config.json"},
      {{"NeoX heads do not divide the width", "", "hidden_size must split into num_attention_heads heads"}, "neox",
       config_edit([](nlohmann::json& j) { j["num_attention_heads"] = 7; }), "config.json"},
      {{"NeoX rotary_pct absurd", "", "rotary_pct must turn an even, non-empty part of each head"}, "neox",
       config_edit([](nlohmann::json& j) { j["rotary_pct"] = 1e300; }), "config.json"},
      {{"Gemma heads do not group", "", "num_attention_heads must split into num_key_value_heads groups"}, "gemma2",
       config_edit([](nlohmann::json& j) { j["num_key_value_heads"] = 3; }), "config.json"},
      {{"weights not safetensors", "", "header length runs past the end of the file"}, "neox",
       [](const fs::path& m) { write_file(m / "model.safetensors", "hello, this is not a safetensors file"); }, "model.safetensors"},
      {{"weights cut off (truncated)", "", "run past the end of the file"}, "gemma2",
       [](const fs::path& m) { fs::resize_file(m / "model.safetensors", fs::file_size(m / "model.safetensors") - 100); }, "model.safetensors"},
      {{"index not JSON", "", "the safetensors index is not valid JSON"}, "qwen3",
       [](const fs::path& m) { fs::remove(m / "model.safetensors"); write_file(m / "model.safetensors.index.json", "{"); },
       "model.safetensors.index.json"},
      {{"index names a shard outside", "", "is not a file name inside the folder"}, "neox",
       [](const fs::path& m) { fs::rename(m / "model.safetensors", m / "shard.safetensors");
         write_file(m / "model.safetensors.index.json", R"({"weight_map": {"gpt_neox.embed_in.weight": "../shard.safetensors"}})"); },
       "model.safetensors.index.json"},
      {{"config.json a link outside", "", "'config.json' is a link to"}, "gemma2",
       [](const fs::path& m) { fs::rename(m / "config.json", m.parent_path() / "elsewhere.json");
         fs::create_symlink(m.parent_path() / "elsewhere.json", m / "config.json"); }, "model"},
      {{"tokenizer.json not JSON", "", "not valid JSON"}, "qwen3", [](const fs::path& m) { write_file(m / "tokenizer.json", "{\"model\": "); },
       "tokenizer.json"},
  };
  for (const FolderCase& fc : cases) {
    TempDir dir;
    testsupport::write_family_folder(dir / "model", fc.family);
    fc.edit(dir / "model");
    auto r = core::model::load_checkpoint(dir / "model", testsupport::fixture_load_options());
    ASSERT_FALSE(r) << fc.c.name << " was accepted";
    EXPECT_NE(r.error().code, core::ErrorCode::Internal) << fc.c.name << ": " << r.error().what();
    expect_refused("Hugging Face folder (" + fc.family + ")", fc.c, r.error(), fc.file);
  }
}

// Safetensors reading and writing, checked against hand-built files (bytes laid out in the test from
// the format's specification) and closed-form rounding of known values.
#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstring>

#include "core/model/safetensors.h"
#include "core/model/safetensors_writer.h"
#include "tests/support/test_support.h"

using namespace core::model;
using core::ErrorCode;
using testsupport::TempDir;

namespace {

// 8-byte little-endian header length, the header, then the data section.
std::string safetensors_bytes(const std::string& header, const std::string& data, std::int64_t claimed = -1) {
  const std::uint64_t n = claimed >= 0 ? std::uint64_t(claimed) : header.size();
  std::string out(8, '\0');
  std::memcpy(out.data(), &n, 8);
  return out + header + data;
}

std::string floats(std::initializer_list<float> v) {
  std::string s(v.size() * 4, '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

core::Error open_error(const TempDir& dir, const std::string& bytes) {
  testsupport::write_file(dir / "bad.safetensors", bytes);
  auto f = SafetensorsFile::open(dir / "bad.safetensors");
  EXPECT_FALSE(f.has_value());
  return f ? core::Error{} : f.error();
}

}  // namespace

TEST(Safetensors, ReadsAHandBuiltFileWithMetadataAndUnalignedTensor) {
  TempDir dir;
  // "h" (F16 [1] = 1.5 as 0x3E00) sits first, so "f" (F32) starts 2 bytes into the data section.
  std::string header =
      R"({"__metadata__":{"format":"pt"},"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},)"
      R"("f":{"dtype":"F32","shape":[2,1],"data_offsets":[2,10]},"b":{"dtype":"BF16","shape":[],"data_offsets":[10,12]}})";
  header.append((8 - header.size() % 8) % 8, ' ');  // data section 8-aligned, so "f" is not
  std::string data = std::string("\x00\x3e", 2) + floats({0.25f, -7.0f}) + std::string("\xc0\xc0", 2);  // bf16 -6 = 0xC0C0
  testsupport::write_file(dir / "x.safetensors", safetensors_bytes(header, data));
  auto f = SafetensorsFile::open(dir / "x.safetensors");
  ASSERT_TRUE(f) << f.error().what();
  EXPECT_EQ((*f)->metadata().at("format"), "pt");
  ASSERT_EQ((*f)->tensors().size(), 3u);
  EXPECT_EQ((*f)->tensors()[0].name, "h");  // file order
  const auto* ft = (*f)->find("f");
  ASSERT_TRUE(ft);
  const at::Tensor t = (*f)->to_float(*ft);
  EXPECT_EQ(t.sizes(), (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(t[0][0].item<float>(), 0.25f);
  EXPECT_EQ(t[1][0].item<float>(), -7.0f);
  EXPECT_FALSE((*f)->maps(t.data_ptr()));  // unaligned: copied
  EXPECT_EQ((*f)->to_float(*(*f)->find("h")).item<float>(), 1.5f);
  EXPECT_EQ((*f)->to_float(*(*f)->find("b")).item<float>(), -6.0f);
}

TEST(Safetensors, AlignedFloat32IsAZeroCopyViewThatOutlivesTheFileObject) {
  TempDir dir;
  const auto data = at::arange(12, at::kFloat).view({3, 4});
  ASSERT_TRUE(write_safetensors(dir / "a.safetensors", {{"w", data}}));
  at::Tensor view;
  {
    auto f = SafetensorsFile::open(dir / "a.safetensors");
    ASSERT_TRUE(f);
    view = (*f)->to_float(*(*f)->find("w"));
    // The writer pads the header to 8 bytes, so the data is aligned and the tensor points into the
    // mapping; a float16 tensor would be a converted copy.
    EXPECT_TRUE((*f)->maps(view.data_ptr()));
  }
  EXPECT_TRUE(at::equal(view, data));  // the mapping is still alive
}

// What CPU models compute with: the bytes read into memory of their own, so the tensor stays intact
// when the file is rewritten underneath (a view of the mapping would change, or fault, with it).
TEST(Safetensors, ReadFloatCopiesTheWeightsIntoMemoryOfTheirOwn) {
  TempDir dir;
  // 9 MiB: several units of parallel reading and huge-page-backed memory; plus a small tensor and a
  // bfloat16 one, which take the other paths.
  const at::Tensor large = at::randn({1536, 1536});
  const at::Tensor small = at::arange(6, at::kFloat).view({2, 3});
  ASSERT_TRUE(write_safetensors(dir / "w.safetensors", {{"large", large}, {"small", small}}));
  auto f = SafetensorsFile::open(dir / "w.safetensors");
  ASSERT_TRUE(f) << f.error().what();
  auto got_large = (*f)->read_float(*(*f)->find("large"));
  auto got_small = (*f)->read_float(*(*f)->find("small"));
  ASSERT_TRUE(got_large) << got_large.error().what();
  ASSERT_TRUE(got_small) << got_small.error().what();
  EXPECT_TRUE(at::equal(*got_large, large));
  EXPECT_TRUE(at::equal(*got_small, small));
  EXPECT_FALSE((*f)->maps(got_large->data_ptr()));
  EXPECT_FALSE((*f)->maps(got_small->data_ptr()));
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(got_large->data_ptr()) % 64, 0u);

  // Rewrite the file with other values: what was read does not move.
  ASSERT_TRUE(write_safetensors(dir / "w.safetensors", {{"large", large * 2}, {"small", small * 2}}));
  EXPECT_TRUE(at::equal(*got_large, large));
  EXPECT_TRUE(at::equal(*got_small, small));

  SafetensorsWriteOptions bf;
  bf.dtype = DType::BF16;
  ASSERT_TRUE(write_safetensors(dir / "b.safetensors", {{"small", small}}, bf));
  auto b = SafetensorsFile::open(dir / "b.safetensors");
  ASSERT_TRUE(b);
  auto converted = (*b)->read_float(*(*b)->find("small"));
  ASSERT_TRUE(converted);
  EXPECT_TRUE(at::equal(*converted, small));  // 0..5 are exact in bfloat16
}

// A file cut short after its header was validated (another process truncating it) is an error that
// names the file, not a crash: reading, unlike touching a mapping past the end, cannot raise SIGBUS.
TEST(Safetensors, ReadFloatOfAFileCutShortAfterOpeningFailsNamingIt) {
  TempDir dir;
  const at::Tensor large = at::randn({1024, 1024});
  const at::Tensor small = at::ones({4});
  ASSERT_TRUE(write_safetensors(dir / "t.safetensors", {{"large", large}, {"small", small}}));
  auto f = SafetensorsFile::open(dir / "t.safetensors");
  ASSERT_TRUE(f) << f.error().what();
  std::filesystem::resize_file(dir / "t.safetensors", 4096);
  for (const char* name : {"large", "small"}) {
    auto t = (*f)->read_float(*(*f)->find(name));
    ASSERT_FALSE(t) << name;
    EXPECT_EQ(t.error().code, ErrorCode::Io) << name;
    EXPECT_NE(std::string(t.error().what()).find("t.safetensors"), std::string::npos) << t.error().what();
  }
}

TEST(Safetensors, WriterRoundsToHalfAndBfloat16ToNearest) {
  TempDir dir;
  const at::Tensor third = at::full({1}, 1.0f / 3.0f);
  const at::Tensor exact = at::tensor({0.5f, -2.25f, 1024.0f});
  // Nearest binary16 to 1/3 is 0x3555 = 0.333251953125; nearest bfloat16 is 0x3EAB = 0.333984375.
  for (auto [dtype, want] : {std::pair{DType::F16, 0.333251953125}, std::pair{DType::BF16, 0.333984375}}) {
    SafetensorsWriteOptions o;
    o.dtype = dtype;
    ASSERT_TRUE(write_safetensors(dir / "r.safetensors", {{"third", third}, {"exact", exact}}, o));
    auto f = SafetensorsFile::open(dir / "r.safetensors");
    ASSERT_TRUE(f);
    EXPECT_EQ((*f)->find("third")->dtype, dtype);
    EXPECT_EQ((*f)->find("third")->end - (*f)->find("third")->begin, 2u);
    EXPECT_EQ((*f)->to_float(*(*f)->find("third")).item<double>(), want);
    EXPECT_TRUE(at::equal((*f)->to_float(*(*f)->find("exact")), exact));
  }
}

TEST(Safetensors, WrittenFileFollowsTheSpecificationByteForByte) {
  TempDir dir;
  SafetensorsWriteOptions o;
  o.metadata = {{"format", "pt"}};
  ASSERT_TRUE(write_safetensors(dir / "s.safetensors", {{"b", at::tensor({1.0f, 2.0f})}, {"a", at::tensor({3.0f})}}, o));
  const std::string bytes = testsupport::read_file(dir / "s.safetensors");
  std::uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  EXPECT_EQ(n % 8, 0u);
  ASSERT_EQ(bytes.size(), 8 + n + 12);
  const auto header = nlohmann::json::parse(bytes.substr(8, n));
  EXPECT_EQ(header["__metadata__"]["format"], "pt");
  EXPECT_EQ(header["b"]["dtype"], "F32");
  EXPECT_EQ(header["b"]["data_offsets"], nlohmann::json({0, 8}));
  EXPECT_EQ(header["a"]["data_offsets"], nlohmann::json({8, 12}));
  EXPECT_EQ(bytes.substr(8 + n), floats({1.0f, 2.0f, 3.0f}));
}

TEST(Safetensors, ShardedFolderWithIndexResolvesEveryTensor) {
  TempDir dir;
  std::vector<NamedTensor> ts;
  // Names built with append: GCC 12 warns falsely (-Wrestrict) on "t" + std::to_string(i).
  auto name = [](int i) { return std::string("t").append(std::to_string(i)); };
  for (int i = 0; i < 5; ++i) ts.push_back({name(i), at::full({100}, float(i))});
  SafetensorsWriteOptions o;
  o.max_shard_bytes = 900;  // two 400-byte tensors per shard
  auto written = write_safetensors_folder(dir.path(), ts, o);
  ASSERT_TRUE(written);
  EXPECT_EQ(written->size(), 4u);  // three shards + index
  EXPECT_TRUE(std::filesystem::exists(dir / "model-00003-of-00003.safetensors"));
  auto w = SafetensorsWeights::open_folder(dir.path());
  ASSERT_TRUE(w) << w.error().what();
  EXPECT_EQ(w->files().size(), 3u);
  for (int i = 0; i < 5; ++i) {
    const auto* ref = w->find(name(i));
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->file->to_float(*ref->info)[7].item<float>(), float(i));
  }
}

TEST(Safetensors, IndexErrorsNameTheProblem) {
  TempDir dir;
  ASSERT_TRUE(write_safetensors(dir / "model-00001-of-00001.safetensors", {{"a", at::ones({2})}}));
  testsupport::write_file(dir / "model.safetensors.index.json",
                          R"({"weight_map": {"a": "model-00001-of-00001.safetensors", "b": "model-00001-of-00001.safetensors"}})");
  auto w = SafetensorsWeights::open_folder(dir.path());
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::NotFound);
  EXPECT_NE(w.error().message.find("'b'"), std::string::npos) << w.error().what();

  testsupport::write_file(dir / "model.safetensors.index.json", R"({"weight_map": {"a": "../../etc/passwd"}})");
  w = SafetensorsWeights::open_folder(dir.path());
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::InvalidInput);

  testsupport::write_file(dir / "model.safetensors.index.json", "{ not json");
  w = SafetensorsWeights::open_folder(dir.path());
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(w.error().path.find("index.json"), std::string::npos);
}

TEST(Safetensors, MalformedFilesAreRefusedWithTheRightCode) {
  TempDir dir;
  const std::string ok_header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  const std::string ok_data = floats({1, 2});
  struct Case {
    const char* what;
    std::string bytes;
    ErrorCode code;
    const char* says;
  } cases[] = {
      {"empty file", "", ErrorCode::Corrupt, "truncated"},
      {"shorter than the length", "abc", ErrorCode::Corrupt, "truncated"},
      {"length lies", safetensors_bytes(ok_header, ok_data, 5000), ErrorCode::Corrupt, "past the end"},
      {"length absurd", safetensors_bytes(ok_header, ok_data, std::int64_t(1) << 60), ErrorCode::Corrupt, "past the end"},
      {"json garbage", safetensors_bytes("{\"a\": [1, 2,, }", ok_data), ErrorCode::Corrupt, "not valid JSON"},
      {"json not object", safetensors_bytes("[1,2,3]", ok_data), ErrorCode::Corrupt, "not a JSON object"},
      {"truncated data", safetensors_bytes(ok_header, ok_data.substr(0, 5)), ErrorCode::Corrupt, "past the end"},
      {"unsupported dtype",
       safetensors_bytes(R"({"a":{"dtype":"I8","shape":[8],"data_offsets":[0,8]}})", ok_data), ErrorCode::Unsupported,
       "I8"},
      {"unknown dtype",
       safetensors_bytes(R"({"a":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}})", ok_data), ErrorCode::Corrupt,
       "unknown dtype"},
      {"shape vs span",
       safetensors_bytes(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", ok_data), ErrorCode::Corrupt,
       "needs 12 bytes"},
      {"negative shape",
       safetensors_bytes(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", ok_data), ErrorCode::Corrupt,
       "non-negative"},
      {"overflowing shape",
       safetensors_bytes(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}})", ok_data),
       ErrorCode::Corrupt, "impossibly large"},
      {"offsets reversed",
       safetensors_bytes(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", ok_data), ErrorCode::Corrupt,
       "end before"},
      {"overlap",
       safetensors_bytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                         ok_data),
       ErrorCode::Corrupt, "overlap"},
      {"missing field", safetensors_bytes(R"({"a":{"dtype":"F32","shape":[2]}})", ok_data), ErrorCode::Corrupt,
       "lacks"},
  };
  for (const auto& c : cases) {
    const auto e = open_error(dir, c.bytes);
    EXPECT_EQ(e.code, c.code) << c.what << ": " << e.what();
    EXPECT_NE(e.message.find(c.says), std::string::npos) << c.what << ": " << e.what();
    EXPECT_NE(e.path.find("bad.safetensors"), std::string::npos) << c.what;
  }
}

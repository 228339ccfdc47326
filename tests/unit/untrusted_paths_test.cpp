// A sharded checkpoint's index is untrusted content: the shards it names cannot lead out of the
// checkpoint's folder, by name ("..", absolute paths) or through a symlink. Links that stay inside, and
// the Hugging Face hub cache's links into its own blobs/ folder, still load.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "core/model/safetensors.h"
#include "core/model/safetensors_writer.h"
#include "tests/support/test_support.h"

using core::ErrorCode;
using core::model::SafetensorsWeights;
using core::model::write_safetensors;
using testsupport::TempDir;
namespace fs = std::filesystem;

namespace {

void untrusted_write_index(const fs::path& folder, const std::string& shard) {
  testsupport::write_file(folder / "model.safetensors.index.json",
                          R"({"weight_map": {"a": ")" + shard + R"("}})");
}

}  // namespace

TEST(UntrustedIndex, ShardNamesThatLeaveTheFolderAreRefused) {
  TempDir dir;
  fs::create_directories(dir / "model");
  ASSERT_TRUE(write_safetensors(dir / "outside.safetensors", {{"a", at::ones({2})}}));
  for (const std::string bad : {"../outside.safetensors", "/etc/passwd", "..", "sub/../../outside.safetensors",
                                "..\\\\outside.safetensors"}) {
    untrusted_write_index(dir / "model", bad);
    auto w = SafetensorsWeights::open_folder(dir / "model");
    ASSERT_FALSE(w) << bad << " was followed";
    EXPECT_EQ(w.error().code, ErrorCode::InvalidInput) << bad;
    EXPECT_NE(w.error().what().find("model.safetensors.index.json: weight_map entry for 'a' is not a file name inside the folder"),
              std::string::npos)
        << w.error().what();
  }
}

TEST(UntrustedIndex, ASymlinkedShardPointingOutsideIsRefusedByName) {
  TempDir dir;
  fs::create_directories(dir / "model");
  ASSERT_TRUE(write_safetensors(dir / "outside.safetensors", {{"a", at::ones({2})}}));
  fs::create_symlink(dir / "outside.safetensors", dir / "model" / "shard.safetensors");
  untrusted_write_index(dir / "model", "shard.safetensors");
  auto w = SafetensorsWeights::open_folder(dir / "model");
  ASSERT_FALSE(w) << "a link out of the folder was followed";
  EXPECT_EQ(w.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(w.error().message.find("shard 'shard.safetensors', a link to " + fs::canonical(dir / "outside.safetensors").string() +
                                   ", outside the checkpoint's folder"),
            std::string::npos)
      << w.error().what();
  // A relative link climbing out is the same.
  fs::remove(dir / "model" / "shard.safetensors");
  fs::create_symlink("../outside.safetensors", dir / "model" / "shard.safetensors");
  EXPECT_FALSE(SafetensorsWeights::open_folder(dir / "model"));
}

TEST(UntrustedIndex, LinksInsideTheFolderAndIntoTheHubCacheBlobsLoad) {
  TempDir dir;
  fs::create_directories(dir / "model" / "real");
  ASSERT_TRUE(write_safetensors(dir / "model" / "real" / "weights.safetensors", {{"a", at::full({2}, 3.0f)}}));
  fs::create_symlink("real/weights.safetensors", dir / "model" / "shard.safetensors");
  untrusted_write_index(dir / "model", "shard.safetensors");
  auto inside = SafetensorsWeights::open_folder(dir / "model");
  ASSERT_TRUE(inside) << inside.error().what();
  EXPECT_EQ(inside->find("a")->file->to_float(*inside->find("a")->info)[1].item<float>(), 3.0f);

  // ~/.cache/huggingface/hub/models--org--name/snapshots/<revision>/ links into ../../blobs/.
  const fs::path repo = dir / "models--org--name";
  fs::create_directories(repo / "blobs");
  fs::create_directories(repo / "snapshots" / "abc123");
  ASSERT_TRUE(write_safetensors(repo / "blobs" / "9f86d08", {{"a", at::full({2}, 5.0f)}}));
  fs::create_symlink("../../blobs/9f86d08", repo / "snapshots" / "abc123" / "model-00001-of-00001.safetensors");
  untrusted_write_index(repo / "snapshots" / "abc123", "model-00001-of-00001.safetensors");
  auto hub = SafetensorsWeights::open_folder(repo / "snapshots" / "abc123");
  ASSERT_TRUE(hub) << hub.error().what();
  EXPECT_EQ(hub->find("a")->file->to_float(*hub->find("a")->info)[0].item<float>(), 5.0f);
}

// A sharded checkpoint's index is untrusted content: the shards it names cannot lead out of the
// checkpoint's folder, by name ("..", absolute paths) or through a symlink. Links that stay inside, and
// the Hugging Face hub cache's links into its own blobs/ folder, still load. The same holds for every
// file a model family's folder reader opens (config.json, model.safetensors, the index, the tokenizer
// it finds), through load_checkpoint as a user loads them.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "core/model/checkpoint.h"
#include "core/model/safetensors.h"
#include "core/model/safetensors_writer.h"
#include "core/tokenize/tokenizer.h"
#include "tests/support/family_fixtures.h"
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

namespace {

// Loads `folder` as a user would and returns the refusal (failing the test when it loads).
core::Error untrusted_refusal(const fs::path& folder, const std::string& what) {
  auto cp = core::model::load_checkpoint(folder, testsupport::fixture_load_options());
  EXPECT_FALSE(cp) << what << " was followed out of the folder";
  return cp ? core::Error{} : cp.error();
}

}  // namespace

// The model families added with the Hugging Face readers (core/model/hf_*.cpp): each file they open
// from a folder, replaced by a link (absolute or relative) to a copy outside, is refused by name,
// before it is read.
TEST(UntrustedFolder, EveryFileOfAFamilyFolderLinkedFromOutsideIsRefusedByName) {
  for (const std::string family : {"neox", "gemma2", "qwen3"}) {
    for (const std::string file : {"config.json", "model.safetensors", "tokenizer.json"}) {
      for (const bool relative : {false, true}) {
        TempDir dir;
        const fs::path model = dir / "model";
        testsupport::write_family_folder(model, family);
        fs::create_directories(dir / "outside");
        fs::rename(model / file, dir / "outside" / file);
        fs::create_symlink(relative ? fs::path("../outside") / file : dir / "outside" / file, model / file);
        const std::string what = family + " " + file + (relative ? " (relative link)" : "");
        const auto e = untrusted_refusal(model, what);
        EXPECT_EQ(e.code, ErrorCode::InvalidInput) << what << ": " << e.what();
        EXPECT_EQ(e.path, model.string()) << what << ": the error names the checkpoint folder";
        EXPECT_NE(e.message.find("'" + file + "' is a link to " + fs::canonical(dir / "outside" / file).string() +
                                 ", outside the folder"),
                  std::string::npos)
            << what << ": " << e.what();
      }
    }
  }
}

TEST(UntrustedFolder, AnIndexLinkedFromOutsideOrNamingAShardOutsideIsRefused) {
  TempDir dir;
  const fs::path model = dir / "model";
  testsupport::write_family_folder(model, "neox");
  fs::create_directories(dir / "outside");
  // Sharded: the weights move out, and the index names them through "..".
  fs::rename(model / "model.safetensors", dir / "outside" / "shard.safetensors");
  std::string map;
  for (const auto& t : testsupport::family_fixture("neox").tensors)
    map += std::string(map.empty() ? "" : ", ") + "\"" + t.name + "\": \"../outside/shard.safetensors\"";
  testsupport::write_file(model / "model.safetensors.index.json", "{\"weight_map\": {" + map + "}}");
  auto e = untrusted_refusal(model, "an index naming ../outside/shard.safetensors");
  EXPECT_EQ(e.code, ErrorCode::InvalidInput) << e.what();
  EXPECT_NE(e.what().find("model.safetensors.index.json: weight_map entry for"), std::string::npos) << e.what();
  EXPECT_NE(e.what().find("is not a file name inside the folder"), std::string::npos) << e.what();
  // The index itself a link to one outside.
  testsupport::write_file(dir / "outside" / "model.safetensors.index.json", "{\"weight_map\": {}}");
  fs::remove(model / "model.safetensors.index.json");
  fs::create_symlink(dir / "outside" / "model.safetensors.index.json", model / "model.safetensors.index.json");
  e = untrusted_refusal(model, "an index linked from outside");
  EXPECT_EQ(e.code, ErrorCode::InvalidInput) << e.what();
  EXPECT_NE(e.message.find("'model.safetensors.index.json' is a link to"), std::string::npos) << e.what();
}

TEST(UntrustedFolder, FilesLinkedWithinTheFolderStillLoad) {
  TempDir dir;
  const fs::path model = dir / "model";
  testsupport::write_family_folder(model, "gemma2");
  fs::create_directories(model / "real");
  for (const std::string file : {"config.json", "model.safetensors", "tokenizer.json"}) {
    fs::rename(model / file, model / "real" / file);
    fs::create_symlink(fs::path("real") / file, model / file);
  }
  auto cp = core::model::load_checkpoint(model, testsupport::fixture_load_options());
  ASSERT_TRUE(cp) << cp.error().what();
  ASSERT_TRUE(cp->tokenizer) << "the linked tokenizer.json is found";
  EXPECT_EQ(cp->tokenizer->vocab_size(), testsupport::kFamilyVocab);
  EXPECT_EQ(cp->info.architecture, "gemma2");
}

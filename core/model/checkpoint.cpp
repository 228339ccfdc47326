#include "core/model/checkpoint.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <fstream>

#include "core/contained_path.h"
#include "core/model/gguf_file.h"
#include "core/model/loaders.h"
#include "core/sha256.h"
#include "core/tokenize/locate.h"

namespace core::model {

namespace {

namespace fs = std::filesystem;

// TorchScript archives hold their code under `<name>/code/`; a plain torch.save() zip does not.
bool zip_holds_code(const fs::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  const std::streamoff size = in.tellg();
  const std::streamoff tail = std::min<std::streamoff>(size, 4 << 20);  // the central directory lives at the end
  std::string buf(std::size_t(tail), '\0');
  in.seekg(size - tail);
  in.read(buf.data(), tail);
  return buf.find("/code/") != std::string::npos;
}

Result<LoadedModel> load_model(const fs::path& path, const LoadOptions& options, Job& job) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return fail(ErrorCode::NotFound, "model not found", path.string());
  if (fs::is_directory(path, ec)) return load_hf_folder(path, options, job);
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (path.filename() == "config.json" || path.extension() == ".safetensors" || path.filename() == "model.safetensors.index.json") {
    if (fs::is_regular_file(parent / "config.json", ec)) return load_hf_folder(parent, options, job);
    return fail(ErrorCode::NotFound, "a safetensors file needs the config.json of its folder", path.string());
  }
  if (options.device != "cpu")
    return fail(ErrorCode::Unsupported,
                "device " + options.device + " runs Hugging Face folders only; this file is loaded on the CPU alone "
                "(use --device cpu)",
                path.string());
  if (looks_like_gguf(path)) return load_gguf(path, options, job);
  if (looks_like_zip(path)) {
    if (!zip_holds_code(path))
      return fail(ErrorCode::Unsupported,
                  "this is a PyTorch pickle archive (torch.save), which can run code and is not read; convert it to "
                  "safetensors or export TorchScript",
                  path.string());
    return load_torchscript(path, options, job);
  }
  return load_llama2c(path, options, job);
}

Result<void> hash_weights(CheckpointInfo& info, Job& job) {
  std::int64_t total = 0;
  for (const auto& w : info.weights) total += w.bytes;
  job.begin("hashing weights", total);
  for (auto& w : info.weights) {
    auto h = sha256_file(w.path, job);
    if (!h) return std::unexpected(h.error());
    w.sha256 = *h;
  }
  job.flush();
  if (info.weights.size() == 1) {
    info.sha256 = info.weights[0].sha256;
  } else {
    Sha256 all;
    std::vector<const WeightFile*> sorted;
    for (const auto& w : info.weights) sorted.push_back(&w);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
      return fs::path(a->path).filename() < fs::path(b->path).filename();
    });
    for (const auto* w : sorted) all.update(w->sha256 + "  " + fs::path(w->path).filename().string() + "\n");
    info.sha256 = all.hex();
  }
  return {};
}

Result<std::shared_ptr<const tokenize::Tokenizer>> find_tokenizer(const fs::path& path, const LoadOptions& options,
                                                                   CheckpointInfo& info) {
  if (!options.tokenizer.empty()) return tokenize::load_tokenizer(options.tokenizer);
  auto located = tokenize::locate_tokenizer(path);
  std::error_code ec;
  // The converter writes llama2.c vocabularies into HF folders as tokenizer.bin.
  if (!located && fs::is_directory(path, ec) && fs::is_regular_file(path / "tokenizer.bin", ec))
    located = path / "tokenizer.bin";
  if (!located) {
    info.warnings.push_back("no tokenizer loaded: " + located.error().message);
    return std::shared_ptr<const tokenize::Tokenizer>();
  }
  // Found, not given: like the weights, it must not lead out of the checkpoint's folder by a link.
  const fs::path folder = fs::is_directory(path, ec) ? path : path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (auto ok = require_inside_folder(folder, *located); !ok) return std::unexpected(ok.error());
  return tokenize::load_tokenizer(*located);
}

}  // namespace

Result<Checkpoint> load_checkpoint(const fs::path& path, const LoadOptions& options, Job& job) {
  if (options.device != "cpu" && options.device != "cuda")
    return fail(ErrorCode::Unsupported, "device \"" + options.device + "\" is unknown: use cpu or cuda", path.string());
  if (options.device == "cuda" && !at::hasCUDA())
    return fail(ErrorCode::Unsupported,
                "device cuda: this LibTorch was built without CUDA; build Cartograph against a CUDA LibTorch "
                "(README, \"CUDA\") or use --device cpu",
                path.string());
  try {
    auto loaded = load_model(path, options, job);
    if (!loaded) return std::unexpected(loaded.error());
    Checkpoint cp;
    cp.model = loaded->model;
    cp.info = std::move(loaded->info);
    cp.info.weights_dtype = cp.model->weights_dtype();
    // A format that cannot keep half-precision weights (llama2.c and TorchScript compute in float32).
    if ((options.dtype == WeightDType::Float16 || options.dtype == WeightDType::BFloat16) &&
        cp.info.weights_dtype != to_string(options.dtype))
      return fail(ErrorCode::Unsupported,
                  std::string("--dtype ") + to_string(options.dtype) + " is not available for a " + cp.info.format +
                      " checkpoint, which is computed in " + cp.info.weights_dtype +
                      "; use --dtype auto or float32, or convert it to a Hugging Face folder (convert --dtype)",
                  path.string());
    if (options.hash_weights)
      if (auto r = hash_weights(cp.info, job); !r) return std::unexpected(r.error());
    if (loaded->tokenizer && options.tokenizer.empty()) {
      cp.tokenizer = loaded->tokenizer;  // the checkpoint's own (GGUF metadata)
    } else {
      auto tokenizer = find_tokenizer(path, options, cp.info);
      if (!tokenizer) return std::unexpected(tokenizer.error());
      cp.tokenizer = *tokenizer;
    }
    if (cp.tokenizer && cp.tokenizer->vocab_size() > cp.info.vocab_size)
      return fail(ErrorCode::Mismatch,
                  "tokenizer vocabulary " + std::to_string(cp.tokenizer->vocab_size()) + " > model vocabulary " +
                      std::to_string(cp.info.vocab_size) + ": this tokenizer does not belong to this model",
                  path.string());
    return cp;
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return fail(ErrorCode::Internal, "loading the checkpoint failed unexpectedly", path.string(), what);
  }
}

}  // namespace core::model

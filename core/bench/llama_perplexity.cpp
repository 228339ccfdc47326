#include "core/bench/llama_perplexity.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <regex>
#include <sstream>

#include "core/bench/gguf_writer.h"
#include "core/bench/synthetic_model.h"
#include "core/model/safetensors.h"

namespace core::bench {
namespace {

namespace fs = std::filesystem;

// The bench's random GPT-2 with GPT-2's tokenizer files beside it, for `score`: the weights hard-linked
// (copied where the cache cannot link), the tokenizer copied.
Result<fs::path> scoring_folder(const fs::path& model, const Gpt2TokenizerFiles& tok, const fs::path& cache_dir) {
  const fs::path out = cache_dir / (model.filename().string() + "-gpt2-tokenizer");
  std::error_code ec;
  fs::create_directories(out, ec);
  for (const char* name : {"config.json", "model.safetensors"}) {
    const fs::path target = out / name;
    if (fs::exists(target, ec) && fs::file_size(target, ec) == fs::file_size(model / name, ec)) continue;
    fs::remove(target, ec);
    fs::create_hard_link(model / name, target, ec);
    if (ec) fs::copy_file(model / name, target, fs::copy_options::overwrite_existing, ec);
    if (ec) return fail(ErrorCode::Io, "cannot place the model beside GPT-2's tokenizer: " + ec.message(), target.string());
  }
  fs::copy_file(tok.vocab, out / "vocab.json", fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::copy_file(tok.merges, out / "merges.txt", fs::copy_options::overwrite_existing, ec);
  if (ec) return fail(ErrorCode::Io, "cannot copy GPT-2's tokenizer: " + ec.message(), out.string());
  return out;
}

}  // namespace

Result<Gpt2TokenizerFiles> find_gpt2_tokenizer(const fs::path& folder) {
  for (auto [vocab, merges] : {std::pair{"vocab.json", "merges.txt"}, std::pair{"encoder.json", "vocab.bpe"}})
    if (fs::is_regular_file(folder / vocab) && fs::is_regular_file(folder / merges))
      return Gpt2TokenizerFiles{folder / vocab, folder / merges};
  return fail(ErrorCode::NotFound, "no GPT-2 tokenizer here: need vocab.json and merges.txt (or encoder.json and vocab.bpe)",
              folder.string());
}

Result<void> write_gpt2_gguf(const fs::path& folder, const Gpt2TokenizerFiles& tokenizer, const fs::path& gguf) {
  nlohmann::json config, vocab;
  try {
    config = nlohmann::json::parse(read_text(folder / "config.json"));
    vocab = nlohmann::json::parse(read_text(tokenizer.vocab));
  } catch (const std::exception& e) {
    return fail(ErrorCode::Corrupt, "cannot read the model's config.json or GPT-2's vocabulary", folder.string(), e.what());
  }
  auto weights = model::SafetensorsWeights::open_folder(folder);
  if (!weights) return std::unexpected(weights.error());
  const auto tensor = [&](const std::string& name) -> Result<at::Tensor> {
    const auto* ref = weights->find(name);
    if (!ref) return fail(ErrorCode::Corrupt, "the model has no tensor " + name, folder.string());
    return ref->file->to_float(*ref->info);
  };
  const std::int64_t d = config.value("n_embd", 0), layers = config.value("n_layer", 0);
  const std::int64_t ff = config.contains("n_inner") && config["n_inner"].is_number() ? config["n_inner"].get<std::int64_t>() : 4 * d;

  GgufWriter w;
  w.add_string("general.architecture", "gpt2");
  w.add_string("general.name", folder.filename().string());
  w.add_u32("general.file_type", 0);  // all float32
  w.add_u32("gpt2.context_length", config.value("n_positions", 1024u));
  w.add_u32("gpt2.embedding_length", std::uint32_t(d));
  w.add_u32("gpt2.feed_forward_length", std::uint32_t(ff));
  w.add_u32("gpt2.block_count", std::uint32_t(layers));
  w.add_u32("gpt2.attention.head_count", config.value("n_head", 12u));
  w.add_f32("gpt2.attention.layer_norm_epsilon", config.value("layer_norm_epsilon", 1e-5f));
  std::vector<std::string> tokens(vocab.size());
  for (const auto& [piece, id] : vocab.items()) {
    const auto i = id.get<std::int64_t>();
    if (i < 0 || i >= std::int64_t(tokens.size()))
      return fail(ErrorCode::Corrupt, "token id " + std::to_string(i) + " is outside the vocabulary", tokenizer.vocab.string());
    tokens[std::size_t(i)] = piece;
  }
  std::vector<std::string> merges;
  {
    std::istringstream in(read_text(tokenizer.merges));
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && !line.starts_with("#version")) merges.push_back(line);
  }
  w.add_string("tokenizer.ggml.model", "gpt2");
  w.add_string("tokenizer.ggml.pre", "gpt-2");
  w.add_strings("tokenizer.ggml.tokens", tokens);
  w.add_i32s("tokenizer.ggml.token_type", std::vector<std::int32_t>(tokens.size(), 1));  // normal
  w.add_strings("tokenizer.ggml.merges", merges);
  const auto eos = vocab.contains("<|endoftext|>") ? vocab["<|endoftext|>"].get<std::uint32_t>() : std::uint32_t(tokens.size() - 1);
  w.add_u32("tokenizer.ggml.bos_token_id", eos);
  w.add_u32("tokenizer.ggml.eos_token_id", eos);
  w.add_bool("tokenizer.ggml.add_bos_token", false);

  // Conv1D stores [in, out]; llama.cpp's converter writes [out, in] (ne = {in, out}).
  const auto add = [&](const std::string& name, const std::string& from, bool conv1d) -> Result<void> {
    auto t = tensor(from);
    if (!t) return std::unexpected(t.error());
    w.add_tensor(name, conv1d ? t->t() : *t);
    return {};
  };
  const std::vector<std::tuple<std::string, std::string, bool>> top = {
      {"token_embd.weight", "transformer.wte.weight", false},
      {"position_embd.weight", "transformer.wpe.weight", false},
      {"output_norm.weight", "transformer.ln_f.weight", false},
      {"output_norm.bias", "transformer.ln_f.bias", false},
      {"output.weight", weights->find("lm_head.weight") ? "lm_head.weight" : "transformer.wte.weight", false}};
  for (const auto& [name, from, conv] : top)
    if (auto ok = add(name, from, conv); !ok) return ok;
  for (std::int64_t l = 0; l < layers; ++l) {
    const std::string hf = "transformer.h." + std::to_string(l) + ".", gg = "blk." + std::to_string(l) + ".";
    const std::vector<std::tuple<std::string, std::string, bool>> block = {
        {"attn_norm.weight", "ln_1.weight", false},    {"attn_norm.bias", "ln_1.bias", false},
        {"attn_qkv.weight", "attn.c_attn.weight", true}, {"attn_qkv.bias", "attn.c_attn.bias", false},
        {"attn_output.weight", "attn.c_proj.weight", true}, {"attn_output.bias", "attn.c_proj.bias", false},
        {"ffn_norm.weight", "ln_2.weight", false},     {"ffn_norm.bias", "ln_2.bias", false},
        {"ffn_up.weight", "mlp.c_fc.weight", true},    {"ffn_up.bias", "mlp.c_fc.bias", false},
        {"ffn_down.weight", "mlp.c_proj.weight", true}, {"ffn_down.bias", "mlp.c_proj.bias", false}};
    for (const auto& [name, from, conv] : block)
      if (auto ok = add(gg + name, hf + from, conv); !ok) return ok;
  }
  return w.write(gguf);
}

Result<LlamaPerplexityReport> parse_llama_perplexity(const std::string& output) {
  LlamaPerplexityReport r;
  std::smatch m;
  // "calculating perplexity over N chunks": both modes at llama.cpp commit c392e50 and the default
  // mode at v0.5.0; "computing over N chunks": the strided mode at v0.5.0.
  static const std::regex chunks(R"((?:calculating perplexity|computing) over (\d+) chunks)");
  static const std::regex n_ctx(R"(n_ctx=(\d+))"), chunk(R"(Calculation chunk = (\d+))");
  static const std::regex have(R"(have (\d+) tokens)"), final_estimate(R"(Final estimate: PPL = (\S+))");
  static const std::regex running(R"(\[(\d+)\]([^,\s]+),)");
  if (!std::regex_search(output, m, chunks))
    return fail(ErrorCode::InvalidInput, "llama-perplexity printed no \"... over N chunks\" line");
  // Counts too long for 64 bits and numbers such as "-nan" read as missing, never as a throw.
  r.chunks = to_count(m[1].str()).value_or(0);
  if (std::regex_search(output, m, n_ctx) || std::regex_search(output, m, chunk)) r.n_ctx = to_count(m[1].str()).value_or(0);
  if (std::regex_search(output, m, have)) r.tokens = to_count(m[1].str()).value_or(0);
  if (std::regex_search(output, m, final_estimate)) {
    r.perplexity = to_number(m[1].str()).value_or(0);
  } else {
    for (auto it = std::sregex_iterator(output.begin(), output.end(), running); it != std::sregex_iterator(); ++it)
      r.perplexity = to_number((*it)[2].str()).value_or(0);
  }
  if (!(r.perplexity > 0) || !std::isfinite(r.perplexity) || r.n_ctx <= 0 || r.chunks <= 0)
    return fail(ErrorCode::InvalidInput, "llama-perplexity printed no perplexity or no context size");
  return r;
}

Result<LlamaComparison> compare_llama_perplexity(const LlamaComparisonOptions& o, Job& job) {
  if (!fs::is_regular_file(o.text)) return fail(ErrorCode::NotFound, "no text to score", o.text.string());
  auto tok = find_gpt2_tokenizer(o.tokenizer);
  if (!tok) return std::unexpected(tok.error());
  const auto shape = find_shape("gpt2-124m");
  auto model = random_hf_model(*shape, o.cache_dir, 1, job);
  if (!model) return std::unexpected(model.error());
  auto folder = scoring_folder(*model, *tok, o.cache_dir);
  if (!folder) return std::unexpected(folder.error());
  LlamaComparison out;
  const fs::path gguf = o.cache_dir / (model->filename().string() + "-f32.gguf");
  out.gguf = gguf.string();
  std::error_code ec;
  if (!fs::is_regular_file(gguf, ec)) {
    job.begin("writing the GGUF for llama.cpp", 1);
    if (auto ok = write_gpt2_gguf(*model, *tok, gguf); !ok) return std::unexpected(ok.error());
  }
  out.gguf_bytes = std::int64_t(fs::file_size(gguf, ec));

  const std::string threads = std::to_string(o.threads);
  job.begin("llama-perplexity and cartograph-cli score", 3);
  const auto llama = [&](std::vector<std::string> extra, const char* log, std::int64_t scored_per_chunk_offset,
                         bool strided) -> Result<ProcessMeasure> {
    std::vector<std::string> args = {o.llama_perplexity.string(), "-m", gguf.string(), "-f", o.text.string(), "-t", threads};
    args.insert(args.end(), extra.begin(), extra.end());
    auto m = run_measured(args, o.cache_dir / log, true);
    if (!m) return m;
    auto report = parse_llama_perplexity(read_text(o.cache_dir / log));
    if (!report) return fail(report.error().code, report.error().message, (o.cache_dir / log).string());
    m->perplexity = report->perplexity;
    m->forwarded = report->chunks * report->n_ctx;
    // Strided: every window scores its last (stride) positions; default: the second half less one.
    m->scored = report->chunks * (strided ? scored_per_chunk_offset : report->n_ctx - 1 - report->n_ctx / 2);
    return m;
  };
  auto every = llama({"-c", "513", "-b", "513", "--ppl-stride", "1023"}, "llama-every-token.log", 1023, true);
  if (!every) return std::unexpected(every.error());
  out.llama_every_token = *every;
  job.advance();
  auto standard = llama({"-c", "1024"}, "llama-default.log", 0, false);
  if (!standard) return std::unexpected(standard.error());
  out.llama_default = *standard;
  job.advance();

  const fs::path log = o.cache_dir / "cartograph-score.log";
  auto ours = run_measured({o.cartograph_cli.string(), "--threads", threads, "score", "--model", folder->string(),
                            "--text-file", o.text.string(), "--context", "1024", "--stride", "1024", "--batch", "4"},
                           log);
  if (!ours) return std::unexpected(ours.error());
  if (auto total = read_score_total(read_text(log), *ours); !total)
    return fail(total.error().code, total.error().message, log.string());
  out.ours = *ours;
  job.advance();
  return out;
}

}  // namespace core::bench

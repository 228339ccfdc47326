#include "core/analysis/shift.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <fstream>

#include "core/sha256.h"

namespace core::analysis {
namespace {

// Greedy continuation of `ids` by `model`, stopping at EOS, the context limit or `max_new`.
std::vector<std::int32_t> greedy(const model::LanguageModel& model, std::vector<std::int32_t> ids,
                                 std::optional<std::int32_t> eos, std::int64_t max_new, std::int64_t context) {
  std::vector<std::int32_t> out;
  const auto tensor = [](const std::vector<std::int32_t>& v) {
    return at::tensor(std::vector<std::int64_t>(v.begin(), v.end()), at::kLong).unsqueeze(0);
  };
  auto cache = model.new_cache(1);
  at::Tensor logits;
  if (cache) logits = model.decode_step(tensor(ids), *cache);
  while (std::int64_t(out.size()) < max_new && std::int64_t(ids.size()) < context) {
    if (!cache) {
      const at::Tensor f = model.trunk(tensor(ids));
      logits = model.head(f.select(0, 0).narrow(0, f.size(1) - 1, 1));
    }
    const std::int32_t next = std::int32_t(logits.reshape({-1}).argmax().item<std::int64_t>());
    if (eos && next == *eos) break;
    out.push_back(next);
    ids.push_back(next);
    if (cache && std::int64_t(out.size()) < max_new) logits = model.decode_step(tensor({next}), *cache);
  }
  return out;
}

}  // namespace

Result<ShiftResult> token_shift(const model::Checkpoint& base, const model::Checkpoint& tuned,
                                const std::vector<std::string>& prompts, const ShiftOptions& options, Job& job) {
  if (prompts.empty()) return fail(ErrorCode::InvalidInput, "no prompts to decode from");
  for (const model::Checkpoint* map : {&base, &tuned})
    if (!map->tokenizer)
      return fail(ErrorCode::InvalidInput, "this map has no tokenizer to encode the prompts with", map->info.path);
  try {
    c10::InferenceMode inference;
    const std::int64_t vb = base.model->config().vocab_size;
    std::int64_t context = std::min(base.info.context_length > 0 ? base.info.context_length : 1 << 20,
                                    tuned.info.context_length > 0 ? tuned.info.context_length : 1 << 20);
    ShiftResult result;
    job.begin("token shift", std::int64_t(prompts.size()));
    for (const std::string& prompt : prompts) {
      const auto tuned_ids = tuned.tokenizer->encode(prompt);
      const auto base_ids = base.tokenizer->encode(prompt);
      if (tuned_ids != base_ids)
        return fail(ErrorCode::Mismatch, "base and tuned tokenizers split the prompt \"" + prompt + "\" differently",
                    tuned.info.path);
      std::vector<std::int32_t> ids(tuned_ids.begin(), tuned_ids.end());
      if (std::int64_t(ids.size()) >= context)
        return fail(ErrorCode::InvalidInput, "the prompt \"" + prompt.substr(0, 40) + "\" fills the context window");
      PromptShift shift;
      shift.prompt = prompt;
      shift.generated = greedy(*tuned.model, ids, tuned.tokenizer->eos_id(), options.max_new_tokens, context);
      if (!shift.generated.empty()) {
        // The base map scores the whole continuation in one pass, each token given the same prefix.
        std::vector<std::int64_t> all(ids.begin(), ids.end());
        all.insert(all.end(), shift.generated.begin(), shift.generated.end());
        const at::Tensor f = base.model->trunk(at::tensor(all, at::kLong).unsqueeze(0));
        const std::int64_t first = std::int64_t(ids.size()) - 1, n = std::int64_t(shift.generated.size());
        const at::Tensor logits = base.model->head(f.select(0, 0).narrow(0, first, n)).to(at::kFloat);
        for (std::int64_t i = 0; i < n; ++i) {
          const std::int64_t tok = shift.generated[std::size_t(i)];
          const at::Tensor row = logits[i].narrow(0, 0, vb);
          const std::int32_t rank =
              tok >= vb ? std::int32_t(vb + 1) : std::int32_t((row > row[tok]).sum().item<std::int64_t>() + 1);
          shift.base_rank.push_back(rank);
          ++result.positions;
          if (rank == 1) ++result.unshifted;
          else if (rank <= 3) ++result.marginal;
          else ++result.shifted;
        }
      }
      result.prompts.push_back(std::move(shift));
      if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    }
    return result;
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, "token shift failed", tuned.info.path, e.what());
  }
}

Result<std::vector<std::string>> read_prompt_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::NotFound, "cannot open the prompt file", path.string());
  std::vector<std::string> prompts;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::string p;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
        p += '\n';
        ++i;
      } else {
        p += line[i];
      }
    }
    prompts.push_back(std::move(p));
  }
  if (prompts.empty()) return fail(ErrorCode::InvalidInput, "the prompt file holds no prompt", path.string());
  return prompts;
}

std::string prompt_set_sha256(const std::vector<std::string>& prompts) {
  Sha256 h;
  for (const std::string& p : prompts) {
    h.update(std::to_string(p.size()) + ":");
    h.update(p);
  }
  return h.hex();
}

}  // namespace core::analysis

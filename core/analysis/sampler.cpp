#include "core/analysis/sampler.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "core/model/sampling.h"

namespace core::analysis {
namespace {

using model::LanguageModel;
using tokenize::TokenId;
using Clock = std::chrono::steady_clock;

std::string quoted(const std::string& text) {
  return "\"" + (text.size() > 40 ? text.substr(0, 40) + "…" : text) + "\"";
}

std::string number(double v) {
  char s[32];
  std::snprintf(s, sizeof s, "%g", v);
  return s;
}

// Vocabularies from which the columns pick their tokens in parallel (GPT-2's 50,257, Llama 3's 128k).
constexpr std::int64_t kParallelPickVocab = 16384;

// Maps under this many multiply-adds per token (model::decode_work: the demo's, stories260K, a few
// hundred thousand) decode their streams side by side, one stream per thread, each stream's kernels
// on its own thread: a step of such a map is dozens of kernels of a few microseconds, and one
// parallel region per step costs less than waking the threads for every kernel. Larger maps decode
// one stream after another, each kernel on all threads.
constexpr std::int64_t kStreamParallelWork = 4'000'000;

// One model decoding several rows in one cache; every row starts from the same prefix.
struct Stream {
  const LanguageModel* model = nullptr;
  const std::vector<std::int32_t>* prefix = nullptr;
  std::vector<int> row_column;  // the column whose tokens each row is fed
  std::unique_ptr<model::KvCache> cache;
  at::Tensor logits;  // [rows, V] float32, the next token's logits of each row
};

struct Source {
  int stream = -1, row = 0;
};

struct ColumnPlan {
  ColumnKind kind;
  std::string label;
  Source main, base;  // base: only for the amplified column (main is then its tuned row)
  int tuned = -1;     // the tuned map (index into `tuned`) for Tuned and Amplified columns
  std::int64_t max_new = 0;
  std::uint64_t state = 0;
  bool done = false;
  std::string stop_reason;
};

at::Tensor ids_tensor(const std::vector<std::int64_t>& ids, std::int64_t rows) {
  return at::tensor(ids, at::kLong).view({1, std::int64_t(ids.size())}).repeat({rows, 1});
}

Result<void> check_compatible(const NamedCheckpoint& base, const NamedCheckpoint& other, const SampleSettings& s) {
  const auto& bt = *base.checkpoint->tokenizer;
  if (!other.checkpoint->tokenizer) return fail(ErrorCode::InvalidInput, "map '" + other.name + "' has no tokenizer");
  const auto& ot = *other.checkpoint->tokenizer;
  const std::int64_t vb = base.checkpoint->model->config().vocab_size, vo = other.checkpoint->model->config().vocab_size;
  if (vb != vo || bt.vocab_size() != ot.vocab_size())
    return fail(ErrorCode::Mismatch, "map '" + other.name + "' has a vocabulary of " + std::to_string(vo) +
                                         " tokens, the base map '" + base.name + "' " + std::to_string(vb) +
                                         ": they cannot be sampled side by side",
                other.checkpoint->info.path);
  for (TokenId id = 0; id < bt.vocab_size(); ++id)
    if (bt.piece(id) != ot.piece(id))
      return fail(ErrorCode::Mismatch, "map '" + other.name + "' has token " + std::to_string(id) + " = " +
                                           quoted(ot.piece(id)) + " where the base map '" + base.name + "' has " +
                                           quoted(bt.piece(id)) + ": its tokenizer differs",
                  other.checkpoint->info.path);
  for (const std::string* text : {&s.prompt, &s.zoom_prompt})
    if (bt.encode(*text) != ot.encode(*text))
      return fail(ErrorCode::Mismatch, "map '" + other.name + "' splits the prompt " + quoted(*text) +
                                           " differently from the base map '" + base.name + "'",
                  other.checkpoint->info.path);
  return {};
}

}  // namespace

std::vector<TokenId> sample_stop_ids(const tokenize::Tokenizer& tokenizer) {
  std::vector<TokenId> ids;
  if (auto eos = tokenizer.eos_id()) ids.push_back(*eos);
  if (auto bos = tokenizer.bos_id(); bos && std::find(ids.begin(), ids.end(), *bos) == ids.end()) ids.push_back(*bos);
  return ids;
}

Result<void> check_sample_maps(const NamedCheckpoint& base, const std::vector<NamedCheckpoint>& tuned,
                               const SampleSettings& settings) {
  // Everything the user can get wrong is checked before any forward pass.
  if (!base.checkpoint || !base.checkpoint->model) return fail(ErrorCode::InvalidInput, "no base map to sample");
  if (!base.checkpoint->tokenizer) return fail(ErrorCode::InvalidInput, "the base map '" + base.name + "' has no tokenizer");
  if (!(settings.temperature >= 0) || !(settings.top_p > 0 && settings.top_p <= 1))
    return fail(ErrorCode::InvalidInput, "temperature must be >= 0 and top-p in (0, 1]");
  if (settings.max_new_tokens < 1) return fail(ErrorCode::InvalidInput, "max tokens must be at least 1");
  const bool amplify = settings.amplified_tuned >= 0;
  if (amplify && std::size_t(settings.amplified_tuned) >= tuned.size())
    return fail(ErrorCode::InvalidInput, "the amplified column needs a tuned map to amplify");
  if (amplify && !(settings.amplification >= model::kMinAmplification &&
                   settings.amplification <= model::kMaxAmplification))
    return fail(ErrorCode::InvalidInput, "amplification " + number(settings.amplification) + " of map '" +
                                             tuned[std::size_t(settings.amplified_tuned)].name +
                                             "' is outside [-1, 4]");
  for (const auto& t : tuned) {
    if (!t.checkpoint || !t.checkpoint->model) return fail(ErrorCode::InvalidInput, "map '" + t.name + "' is not loaded");
    if (auto ok = check_compatible(base, t, settings); !ok) return std::unexpected(ok.error());
  }

  return {};
}

Result<SampleSet> sample_side_by_side(const NamedCheckpoint& base, const std::vector<NamedCheckpoint>& tuned,
                                      const SampleSettings& settings, Job& job) {
  if (auto ok = check_sample_maps(base, tuned, settings); !ok) return std::unexpected(ok.error());
  const bool amplify = settings.amplified_tuned >= 0;
  const auto& tok = *base.checkpoint->tokenizer;
  SampleSet set;
  set.settings = settings;
  {
    const auto ids = tok.encode(settings.prompt);
    set.prompt_ids.assign(ids.begin(), ids.end());
    if (set.prompt_ids.empty()) {  // an empty prompt starts from BOS (or GPT-2's <|endoftext|>), as `sample` does
      if (auto start = tok.bos_id() ? tok.bos_id() : tok.eos_id()) set.prompt_ids.push_back(*start);
    }
    if (set.prompt_ids.empty()) return fail(ErrorCode::InvalidInput, "the prompt has no tokens and the tokenizer no BOS");
  }
  const bool zoom = !settings.zoom_prompt.empty();
  if (zoom) {
    // P ⊕ c as the zoom metric builds it (docs/ARCHITECTURE.md, "Zoom"): BOS, the prompt's tokens,
    // then the continued text's tokens without their own BOS.
    const bool bos = tok.adds_bos() && tok.bos_id();
    if (bos) set.zoom_ids.push_back(*tok.bos_id());
    for (TokenId id : tok.encode(settings.zoom_prompt, false)) set.zoom_ids.push_back(id);
    const std::size_t skip = bos && !set.prompt_ids.empty() && set.prompt_ids[0] == *tok.bos_id() ? 1 : 0;
    set.zoom_ids.insert(set.zoom_ids.end(), set.prompt_ids.begin() + std::ptrdiff_t(skip), set.prompt_ids.end());
  }
  std::int64_t context = base.checkpoint->model->config().max_seq_len;
  for (const auto& t : tuned)
    if (auto c = t.checkpoint->model->config().max_seq_len; c > 0 && (context <= 0 || c < context)) context = c;
  if (context <= 0) context = std::int64_t(1) << 30;
  const auto room = [&](const std::vector<std::int32_t>& prefix) { return context - std::int64_t(prefix.size()); };
  if (room(set.prompt_ids) < 1)
    return fail(ErrorCode::InvalidInput, "the prompt " + quoted(settings.prompt) + " leaves no room: " +
                                             std::to_string(set.prompt_ids.size()) + " tokens in a context of " +
                                             std::to_string(context));
  if (zoom && room(set.zoom_ids) < 1)
    return fail(ErrorCode::InvalidInput, "the zoom prompt " + quoted(settings.zoom_prompt) + " leaves no room: with the prompt it takes " +
                                             std::to_string(set.zoom_ids.size()) + " tokens of a context of " +
                                             std::to_string(context));

  // The streams and which rows feed which column.
  std::vector<Stream> streams;
  std::vector<ColumnPlan> plans;
  const auto add_stream = [&](const LanguageModel* m, const std::vector<std::int32_t>* prefix) {
    streams.push_back({m, prefix, {}, nullptr, {}});
    return int(streams.size() - 1);
  };
  const auto add_row = [&](int stream, int column) {
    streams[std::size_t(stream)].row_column.push_back(column);
    return Source{stream, int(streams[std::size_t(stream)].row_column.size() - 1)};
  };
  const auto add_column = [&](ColumnKind kind, std::string label, int stream, int tuned_index) {
    ColumnPlan p{kind, std::move(label), {}, {}, tuned_index, 0, settings.seed, false, {}};
    plans.push_back(std::move(p));
    const int column = int(plans.size() - 1);
    plans.back().main = add_row(stream, column);
    // Every column stops where the longest prefix leaves room, so that each sample can be
    // cross-scored under every map, the zoomed one included, within the context.
    plans.back().max_new = std::min(settings.max_new_tokens, room(zoom ? set.zoom_ids : set.prompt_ids));
    return column;
  };
  const int base_stream = add_stream(base.checkpoint->model.get(), &set.prompt_ids);
  add_column(ColumnKind::Base, "base", base_stream, -1);
  if (zoom) add_column(ColumnKind::Zoomed, "base + prompt", add_stream(base.checkpoint->model.get(), &set.zoom_ids), -1);
  std::vector<int> tuned_streams;
  for (std::size_t k = 0; k < tuned.size(); ++k) {
    tuned_streams.push_back(add_stream(tuned[k].checkpoint->model.get(), &set.prompt_ids));
    add_column(ColumnKind::Tuned, tuned[k].name, tuned_streams.back(), int(k));
  }
  if (amplify) {
    const int k = settings.amplified_tuned;
    const int column = add_column(ColumnKind::Amplified, "×" + number(settings.amplification) + " " + tuned[std::size_t(k)].name,
                                  tuned_streams[std::size_t(k)], k);
    plans[std::size_t(column)].base = add_row(base_stream, column);
  }

  const std::vector<TokenId> stop_ids = sample_stop_ids(tok);
  model::SampleOptions choice;
  choice.temperature = settings.temperature;
  choice.top_p = settings.top_p;

  std::vector<std::vector<TokenId>> ids(plans.size());
  try {
    c10::InferenceMode inference;
    std::int64_t longest = 0;
    for (const auto& p : plans) longest = std::max(longest, p.max_new);
    job.begin("sampling side by side", longest);
    for (auto& s : streams) {
      const std::int64_t rows = std::int64_t(s.row_column.size());
      s.cache = s.model->new_cache(rows);
      s.logits = s.model->decode_step(ids_tensor({s.prefix->begin(), s.prefix->end()}, rows), *s.cache)
                     .to(at::kCPU, at::kFloat).contiguous();
    }
    const auto start = Clock::now();
    // Each column picks its token from its own logits and random state, so the columns pick at once
    // on the intra-op threads: a top-p pick sorts most of a 50k vocabulary when the distribution is
    // flat, which costs as much as a small map's decoding step.
    // On small vocabularies a pick costs less than waking the threads: one column after another there.
    std::vector<std::vector<float>> rows(plans.size());
    std::vector<TokenId> picked(plans.size());
    const std::int64_t columns = std::int64_t(plans.size());
    const std::int64_t grain = streams.front().logits.size(1) >= kParallelPickVocab ? 1 : columns;
    bool small = model::decode_work(base.checkpoint->model->config()) < kStreamParallelWork;
    for (const auto& t : tuned) small = small && model::decode_work(t.checkpoint->model->config()) < kStreamParallelWork;
    const std::int64_t stream_grain = small ? 1 : std::int64_t(streams.size());
    // Feeds each row of a stream its column's last token (a finished column's rows keep decoding
    // while another row of the stream needs it).
    const auto advance = [&](Stream& s) {
      bool needed = false;
      std::vector<std::int64_t> next;
      for (int column : s.row_column) {
        needed = needed || !plans[std::size_t(column)].done;
        next.push_back(ids[std::size_t(column)].back());
      }
      if (!needed) return;
      s.logits = s.model->decode_step(at::tensor(next, at::kLong).view({std::int64_t(next.size()), 1}), *s.cache)
                     .to(at::kCPU, at::kFloat).contiguous();
    };
    while (true) {
      at::parallel_for(0, columns, grain, [&](std::int64_t from, std::int64_t to) {
        for (std::int64_t i = from; i < to; ++i) {
          ColumnPlan& p = plans[std::size_t(i)];
          if (p.done) continue;
          const at::Tensor& main = streams[std::size_t(p.main.stream)].logits;
          const std::int64_t vocab = main.size(1);
          const float* logits = main.data_ptr<float>() + p.main.row * vocab;
          if (p.kind == ColumnKind::Amplified) {
            std::vector<float>& row = rows[std::size_t(i)];
            row.assign(logits, logits + vocab);
            const at::Tensor& b = streams[std::size_t(p.base.stream)].logits;
            model::amplify_logits(row.data(), b.data_ptr<float>() + p.base.row * vocab, vocab, settings.amplification);
            logits = row.data();
          }
          picked[std::size_t(i)] = model::pick_token(logits, vocab, choice, p.state);
        }
      });
      bool active = false;
      for (std::size_t c = 0; c < plans.size(); ++c) {
        ColumnPlan& p = plans[c];
        if (p.done) continue;
        const TokenId token = picked[c];
        ids[c].push_back(token);
        if (std::find(stop_ids.begin(), stop_ids.end(), token) != stop_ids.end()) {
          p.done = true;
          p.stop_reason = "stop_token";
        } else if (std::int64_t(ids[c].size()) >= p.max_new) {
          p.done = true;
          p.stop_reason = p.max_new < settings.max_new_tokens ? "context" : "max_new_tokens";
        }
        active = active || !p.done;
      }
      ++set.steps;
      if (!job.advance()) return fail(ErrorCode::Cancelled, "sampling cancelled");
      if (!active) break;
      at::parallel_for(0, std::int64_t(streams.size()), stream_grain, [&](std::int64_t from, std::int64_t to) {
        const c10::InferenceMode stream_inference;  // per thread: the caches are inference tensors
        for (std::int64_t i = from; i < to; ++i) advance(streams[std::size_t(i)]);
      });
    }
    set.decode_seconds = seconds_since(start);
    job.flush();
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return fail(ErrorCode::InvalidInput, "sampling side by side failed", {}, what);
  }

  set.columns.resize(plans.size());
  for (std::size_t c = 0; c < plans.size(); ++c) {
    SampleColumn& col = set.columns[c];
    col.kind = plans[c].kind;
    col.label = plans[c].label;
    col.stop_reason = plans[c].stop_reason;
    col.ids.assign(ids[c].begin(), ids[c].end());
    for (TokenId id : ids[c]) col.pieces.push_back(tok.token_text(id));
    // Decoded with the prompt in front so spacing at the seam is the tokenizer's, then cut.
    std::vector<TokenId> all(set.prompt_ids.begin(), set.prompt_ids.end());
    all.insert(all.end(), ids[c].begin(), ids[c].end());
    const std::string head = tok.decode(std::vector<TokenId>(set.prompt_ids.begin(), set.prompt_ids.end()));
    const std::string full = tok.decode(all);
    col.text = full.starts_with(head) ? full.substr(head.size()) : tok.decode(ids[c]);
  }
  if (auto scored = cross_score(set, base, tuned, job); !scored) return std::unexpected(scored.error());
  return set;
}

}  // namespace core::analysis

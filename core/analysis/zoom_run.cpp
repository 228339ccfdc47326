// The zoom run (see zoom_run.h); rows and best prompts are in zoom_rows.cpp.
#include "core/analysis/zoom_run.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>

#include "core/analysis/shard.h"
#include "core/analysis/token_metrics.h"
#include "core/analysis/windows.h"
#include "core/model/cpu_allocator.h"
#include "core/threads.h"

namespace core::analysis {
namespace {

// The engine's batch group size in windows for a batch (engine_run.cpp).
std::int64_t windows_per_group(std::int32_t batch) { return std::int64_t(std::max(1, batch)) * 8; }

// Documents scored together (their features at scored positions are held for every map and prompt, a
// span at a time: zoom_spans): the engine's batch groups (shard.h) over the source run's windows, so
// that a zoom of a shard batches exactly the windows a zoom of the whole territory does and its KL is
// bit-identical (docs/ARCHITECTURE.md, "Sharded runs"). A source run of some shards only holds whole
// groups; groups are formed afresh after every gap in its document indices.
std::vector<DocumentRange> zoom_groups(const RunResult& source, std::int32_t batch) {
  std::vector<DocumentRange> out;
  const std::int64_t per_group = windows_per_group(batch);
  std::size_t first = 0;
  while (first < source.documents.size()) {
    std::size_t last = first + 1;
    while (last < source.documents.size() && source.documents[last].index == source.documents[last - 1].index + 1)
      ++last;
    std::vector<std::int64_t> windows;
    for (std::size_t d = first; d < last; ++d) {
      const auto& doc = source.documents[d];
      windows.push_back(std::int64_t(
          plan_windows(std::int32_t(doc.index), std::int64_t(doc.tokens.size()), source.window, source.stride).size()));
    }
    for (const DocumentRange& g : batch_groups(windows, per_group)) out.push_back({first + g.first, first + g.last});
    first = last;
  }
  return out;
}

// A group's scored positions [from, to) (flat: in document, then position order).
struct Span {
  std::int64_t from = 0, to = 0;
};

// The spans a group is zoomed in, whose features are held at once. A group whose source windows
// stay under twice the engine's group size (per_group windows: every group without a document
// longer than that) is one span, batched exactly as before. A long document's group is cut after
// every 2 * per_group source windows, so memory is bounded by the batch, not by the document's length
// (docs/ARCHITECTURE.md, "Long documents"). Depends only on the group, window, stride and batch, so a
// shard's zoom cuts its groups the same way and stays bit-identical.
std::vector<Span> zoom_spans(const RunResult& source, const DocumentRange& group, std::int32_t batch) {
  const std::int64_t per_span = 2 * windows_per_group(batch);
  std::vector<Span> out;
  std::int64_t first = 0, windows = 0, span_from = 0;
  for (std::size_t d = group.first; d < group.last; ++d) {
    const auto& doc = source.documents[d];
    for (const Window& w : plan_windows(std::int32_t(doc.index), std::int64_t(doc.tokens.size()), source.window,
                                        source.stride)) {
      if (windows == per_span) {
        const std::int64_t cut = first + w.score_from - 1;  // this window's first scored position
        out.push_back({span_from, cut});
        span_from = cut;
        windows = 0;
      }
      ++windows;
    }
    first += std::int64_t(doc.scored());
  }
  out.push_back({span_from, first});
  return out;
}

struct Row {
  std::vector<std::int64_t> ids;
  std::vector<std::int64_t> offsets;  // row offset of each scored position's prediction
  std::vector<std::int64_t> targets;  // flat index into the group's positions
};

// Features at the scored positions `span` of documents [d0, d1), each scored with `prefix` before
// windows of `window` tokens (stride `stride`): only the windows that score a position of the span
// run. Returns [span.to - span.from, F] in document, position order.
at::Tensor scored_features(const model::LanguageModel& model, const RunResult& source, std::size_t d0, std::size_t d1,
                           Span span, const std::vector<std::int32_t>& prefix, std::int64_t window,
                           std::int64_t stride, std::optional<std::int32_t> bos, std::int32_t batch, Job& job) {
  std::vector<Row> rows;
  std::int64_t first = 0;  // flat index of the document's first scored position in the group
  for (std::size_t d = d0; d < d1; ++d) {
    const auto& tokens = source.documents[d].tokens;
    const std::int64_t n = std::int64_t(tokens.size());
    if (n >= 2) {
      for (const Window& w : plan_windows(std::int32_t(d), n, window, stride)) {
        if (first + w.end - 1 <= span.from || first + w.score_from - 1 >= span.to) continue;  // scores none of it
        const bool skip_bos = !prefix.empty() && w.start == 0 && bos && tokens.front() == *bos;
        const std::int64_t from = skip_bos ? 1 : w.start;
        Row r;
        r.ids.assign(prefix.begin(), prefix.end());
        for (std::int64_t j = from; j < w.end; ++j) r.ids.push_back(tokens[std::size_t(j)]);
        const std::int64_t plen = std::int64_t(prefix.size());
        for (std::int64_t j = w.score_from; j < w.end; ++j) {
          if (first + j - 1 < span.from || first + j - 1 >= span.to) continue;
          r.offsets.push_back(plen + j - from - 1);
          r.targets.push_back(first + j - 1 - span.from);
        }
        rows.push_back(std::move(r));
      }
    }
    first += std::max<std::int64_t>(0, n - 1);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.ids.size() > b.ids.size(); });
  at::Tensor out;
  for (std::size_t b0 = 0; b0 < rows.size(); b0 += std::size_t(batch)) {
    const std::size_t b1 = std::min(rows.size(), b0 + std::size_t(batch));
    const std::int64_t len = std::int64_t(rows[b0].ids.size());
    at::Tensor ids = at::zeros({std::int64_t(b1 - b0), len}, at::kLong);
    // Features from the first position any row reads (trunk_from): the rest are context only.
    std::int64_t from = len - 1;
    for (std::size_t r = b0; r < b1; ++r)
      for (const std::int64_t offset : rows[r].offsets) from = std::min(from, offset);
    std::vector<std::int64_t> flat, targets;
    for (std::size_t r = b0; r < b1; ++r) {
      std::copy(rows[r].ids.begin(), rows[r].ids.end(), ids.data_ptr<std::int64_t>() + std::int64_t(r - b0) * len);
      for (std::size_t i = 0; i < rows[r].offsets.size(); ++i) {
        flat.push_back(std::int64_t(r - b0) * (len - from) + rows[r].offsets[i] - from);
        targets.push_back(rows[r].targets[i]);
      }
    }
    const at::Tensor h = model.trunk_from(ids, from);
    const at::Tensor picked = h.reshape({-1, h.size(-1)}).index_select(0, at::tensor(flat, at::kLong).to(h.device())).to(at::kFloat);
    // Features stay on the map's device (the heads run there); only the KL comes back to the host.
    if (!out.defined()) out = at::empty({span.to - span.from, picked.size(1)}, picked.options());
    out.index_copy_(0, at::tensor(targets, at::kLong).to(picked.device()), picked);
    if (job.cancelled()) return {};
  }
  if (!out.defined()) out = at::empty({0, 1}, at::kFloat);
  return out;
}

// Copies `count` values of the group's flat positions from `at` on (documents from d0) into their
// documents' tracks.
void scatter(std::vector<std::vector<float>>& tracks, const RunResult& source, std::size_t d0, std::int64_t at,
             const float* values, std::int64_t count) {
  std::size_t d = d0;
  while (count > 0) {
    const std::int64_t scored = std::int64_t(source.documents[d].scored());
    if (at >= scored) {
      at -= scored, ++d;
      continue;
    }
    const std::int64_t take = std::min(count, scored - at);
    std::copy(values, values + take, tracks[d].begin() + at);
    values += take, count -= take, at = 0, ++d;
  }
}

std::optional<std::int32_t> bos_of(const model::Checkpoint& base) {
  const auto& tok = *base.tokenizer;
  if (tok.adds_bos() && tok.bos_id()) return std::int32_t(*tok.bos_id());
  return std::nullopt;
}

}  // namespace

Result<std::vector<std::int64_t>> check_prompts(const model::Checkpoint& base, const std::vector<ZoomPrompt>& prompts,
                                                std::int64_t window) {
  std::vector<std::int64_t> lengths;
  for (const ZoomPrompt& p : prompts) {
    const std::string label = "prompt \"" + (p.name.empty() ? p.text.substr(0, 40) : p.name) + "\"";
    if (p.text.empty()) return fail(ErrorCode::InvalidInput, label + " is empty: a zoom needs a prompt");
    const std::int64_t n = std::int64_t(base.tokenizer->encode(p.text, false).size()) + (bos_of(base) ? 1 : 0);
    if (n + 2 > window)
      return fail(ErrorCode::InvalidInput, label + ": its " + std::to_string(n) + " tokens leave no room in the " +
                                               std::to_string(window) + "-token context window");
    lengths.push_back(n);
  }
  return lengths;
}

Result<ZoomResult> zoom_run(const ZoomSpec& spec, Job& job) {
  if (!spec.source) return fail(ErrorCode::InvalidInput, "a zoom run needs the unprompted run it builds on");
  const RunResult& source = *spec.source;
  if (spec.maps.size() < 2) return fail(ErrorCode::InvalidInput, "a zoom run needs a base and at least one tuned map");
  if (spec.maps.size() + (source.zoomed_index() >= 0 ? 1 : 0) != source.maps.size())
    return fail(ErrorCode::InvalidInput, "the zoom's maps are not the maps of the run it builds on");
  for (std::size_t m = 0; m < spec.maps.size(); ++m) {
    const auto& c = spec.maps[m].checkpoint;
    if (!c.model || !c.tokenizer) return fail(ErrorCode::InvalidInput, "checkpoint is not loaded", c.info.path);
    if (!c.info.sha256.empty() && !source.maps[m].sha256.empty() && c.info.sha256 != source.maps[m].sha256)
      return fail(ErrorCode::Mismatch, "map " + source.maps[m].name + ": the checkpoint's weights are not the ones the run measured",
                  c.info.path);
  }
  if (spec.prompts.empty()) return fail(ErrorCode::InvalidInput, "a zoom run needs at least one prompt");
  for (const DocumentResult& d : source.documents)
    if (d.maps.size() < spec.maps.size())
      return fail(ErrorCode::InvalidInput, "document " + d.name + " of the run has no tracks loaded");
  const model::Checkpoint& base = spec.maps[0].checkpoint;
  auto lengths = check_prompts(base, spec.prompts, source.window);
  if (!lengths) return std::unexpected(lengths.error());

  try {
    c10::InferenceMode inference;
    const ThreadLimit thread_limit(spec.threads);
    model::use_caching_cpu_allocator();
    const std::optional<std::int32_t> bos = bos_of(base);
    const std::size_t P = spec.prompts.size(), T = spec.maps.size() - 1, D = source.documents.size();
    const std::int64_t base_vocab = source.maps[0].vocab_size;
    ZoomResult out;
    out.prompts = spec.prompts;
    out.window = source.window;
    out.batch = spec.batch;
    for (std::size_t m = 1; m < spec.maps.size(); ++m) out.map_names.push_back(source.maps[m].name);
    std::vector<std::vector<std::int32_t>> prefixes;
    for (const ZoomPrompt& p : spec.prompts) {
      std::vector<std::int32_t> prefix;
      if (bos) prefix.push_back(*bos);
      for (auto id : base.tokenizer->encode(p.text, false)) prefix.push_back(std::int32_t(id));
      out.prefix_tokens.push_back(std::int64_t(prefix.size()));
      prefixes.push_back(std::move(prefix));
    }
    out.kl_tz.assign(P, std::vector<std::vector<std::vector<float>>>(T, std::vector<std::vector<float>>(D)));
    std::int64_t positions = 0;
    for (const DocumentResult& d : source.documents) positions += std::int64_t(d.scored());
    const std::int32_t batch = std::max(1, spec.batch);
    const std::int64_t chunk = std::max<std::int64_t>(1, spec.chunk_positions);
    job.begin("zooming", positions * std::int64_t(P + 1));
    for (const DocumentRange& group : zoom_groups(source, batch)) {
      const std::size_t d0 = group.first, d1 = group.last;
      for (std::size_t p = 0; p < P; ++p)
        for (std::size_t t = 0; t < T; ++t)
          for (std::size_t d = d0; d < d1; ++d) out.kl_tz[p][t][d].resize(source.documents[d].scored());
      for (const Span& span : zoom_spans(source, group, batch)) {
        const std::int64_t n = span.to - span.from;
        // The tuned maps' features in the source run's windows: computed once, shared by every prompt.
        std::vector<at::Tensor> tuned(T);
        for (std::size_t t = 0; t < T; ++t) {
          tuned[t] = scored_features(*spec.maps[t + 1].checkpoint.model, source, d0, d1, span, {}, source.window,
                                     source.stride, bos, batch, job);
          if (job.cancelled()) return fail(ErrorCode::Cancelled, "zoom run cancelled");
        }
        if (!job.advance(n)) return fail(ErrorCode::Cancelled, "zoom run cancelled");
        for (std::size_t p = 0; p < P; ++p) {
          const std::int64_t w = source.window - std::int64_t(prefixes[p].size());
          // The stride as the engine resolves it for a prompted run (engine.cpp, plan_run).
          const std::int64_t asked =
              source.settings.stride > 0 ? source.settings.stride : std::max<std::int64_t>(1, w / 2);
          const std::int64_t s = std::min(asked, w - 1);
          const at::Tensor zoomed = scored_features(*base.model, source, d0, d1, span, prefixes[p], w, s, bos, batch, job);
          if (job.cancelled()) return fail(ErrorCode::Cancelled, "zoom run cancelled");
          for (std::int64_t c0 = 0; c0 < n; c0 += chunk) {
            const std::int64_t rows = std::min(chunk, n - c0);
            const ChunkDistribution z = distribution(base.model->head(zoomed.narrow(0, c0, rows)), base_vocab);
            for (std::size_t t = 0; t < T; ++t) {
              const auto& model = *spec.maps[t + 1].checkpoint.model;
              const ChunkDistribution dt = distribution(model.head(tuned[t].narrow(0, c0, rows)), base_vocab);
              const at::Tensor k = kl(dt, z).to(at::kCPU, at::kFloat).contiguous();
              scatter(out.kl_tz[p][t], source, d0, span.from + c0, k.data_ptr<float>(), rows);
            }
            if (!job.advance(rows)) return fail(ErrorCode::Cancelled, "zoom run cancelled");
          }
        }
      }
    }
    job.flush();
    return out;
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, "the zoom run failed", source.territory.source, e.what());
  }
}

}  // namespace core::analysis

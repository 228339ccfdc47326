// The scoring loop of core::analysis::run (the plan is made in engine.cpp).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <span>

#include "core/analysis/document_resume.h"
#include "core/analysis/engine.h"
#include "core/analysis/projection.h"
#include "core/analysis/summary.h"
#include "core/analysis/token_metrics.h"
#include "core/analysis/windows.h"
#include "core/model/cpu_allocator.h"
#include "core/threads.h"
#include "core/version.h"

namespace core::analysis {
namespace {

struct Pending {
  DocumentResult doc;
  std::size_t windows_left = 0;
  std::int64_t positions = 0;  // scored positions [0, positions) filled: its windows come in order
  // Sums of the positions already dropped from its tracks (a streamed document), then of all of them.
  SummaryAccumulator::Document summary;
  DocumentStatsSums stats;

  // Adds the first `count` positions its tracks hold to both sums.
  void sum_held(const SummaryAccumulator& acc, std::size_t count) {
    acc.add_positions(summary, doc, count);
    stats.add(doc, count);
  }
};

// A batch group's windows in scoring order, and the window an interrupted run's parts resume it at.
struct GroupWindows {
  std::vector<Window> windows;
  std::int64_t resume_at = 0;
};

struct Slot {
  std::int64_t flat = 0, flat_zoomed = 0;
  std::int32_t document = 0;
  std::int64_t index = 0;  // scored-position index in the document (token index - 1)
  std::int64_t target = 0;
};

// Copies one chunk's metrics for one map into the documents' tracks.
void scatter(std::span<const Slot> slots, std::map<std::int32_t, Pending>& pending, std::size_t map,
             const OwnMetrics& own, const Divergence* div, const at::Tensor* kl_tz, const at::Tensor& added) {
  const float* logp = own.logp.data_ptr<float>();
  const float* entropy = own.entropy.data_ptr<float>();
  const float* conf = own.confidence.data_ptr<float>();
  const float* p2 = own.sum_p2.data_ptr<float>();
  const std::int32_t* rank = own.rank.data_ptr<std::int32_t>();
  const std::size_t k = std::size_t(own.top_p.size(1));
  const float* top_p = own.top_p.data_ptr<float>();
  const std::int32_t* top_i = own.top_ids.data_ptr<std::int32_t>();
  const double* temp = own.temperature.data_ptr<double>();
  constexpr std::size_t kStats = 3 * kTemperatureGrid;
  for (std::size_t r = 0; r < slots.size(); ++r) {
    const Slot& s = slots[r];
    DocumentResult& doc = pending.at(s.document).doc;
    MapTrack& t = doc.maps[map];
    const std::size_t i = std::size_t(s.index - doc.tracks_from);  // where the tracks hold it
    t.logp[i] = logp[r], t.entropy[i] = entropy[r], t.confidence[i] = conf[r], t.sum_p2[i] = p2[r];
    t.rank[i] = rank[r];
    std::copy_n(top_p + r * k, k, t.top_p.begin() + std::ptrdiff_t(i * k));
    std::copy_n(top_i + r * k, k, t.top_ids.begin() + std::ptrdiff_t(i * k));
    for (std::size_t j = 0; j < kStats; ++j) t.temperature_stats[j] += temp[r * kStats + j];
    if (div) {
      t.kl_bt[i] = div->kl_bt.data_ptr<float>()[r];
      t.kl_tb[i] = div->kl_tb.data_ptr<float>()[r];
      t.js[i] = div->js.data_ptr<float>()[r];
    }
    if (kl_tz) t.kl_tz[i] = kl_tz->data_ptr<float>()[r];
    if (added.defined() && !t.added_mass.empty()) t.added_mass[i] = added.data_ptr<float>()[r];
  }
}

// One map's metrics over one chunk of a batch's scored positions.
struct MapChunk {
  OwnMetrics own;
  std::optional<Divergence> div;  // against the base; none for the base itself
  at::Tensor kl_tz;               // against the zoomed base: tuned maps of a run with a prompt only
  at::Tensor added;               // mass beyond the base vocabulary; undefined when none
};

// A batch's metrics, computed before any of them goes into the documents' tracks, so that batches can
// be computed on several threads at once and still be delivered in order.
struct ScoredBatch {
  std::vector<Slot> slots;
  std::vector<std::vector<MapChunk>> chunks;  // [chunk][map], chunks of `chunk_` slots in order
  std::vector<std::size_t> sampled;           // slots whose base features the projection samples
  at::Tensor samples;                         // those features, CPU float32 [sampled, dim]
};

// Evaluates batches of windows for every map (compute) and puts their metrics into the documents
// (deliver).
class BatchScorer {
 public:
  BatchScorer(const RunSpec& spec, const RunPlan& plan, std::int64_t chunk, double sample_rate)
      : spec_(spec), plan_(plan), chunk_(chunk), sample_rate_(sample_rate) {
    device_ = at::Device(spec.settings.device == "cuda" ? at::kCUDA : at::kCPU);
    zoomed_ = int(plan.maps.size()) - 1;
    if (plan.prefix.empty()) zoomed_ = -1;
    hidden_dim_ = spec.maps[0].checkpoint.model->has_hidden_states() ? spec.maps[0].checkpoint.model->config().dim : 0;
  }

  // Every map's metrics over one batch; reads no document, so several threads may compute batches at
  // once. `advance` is told each chunk's positions as they are done; returning false cancels (nullopt).
  std::optional<ScoredBatch> compute(std::span<const Window> windows,
                                     const std::function<bool(std::int64_t)>& advance) const {
    ScoredBatch out;
    std::vector<Slot>& slots = out.slots;
    const std::int64_t rows = std::int64_t(windows.size());
    std::int64_t len = 0;
    for (const Window& w : windows) len = std::max(len, w.length());
    const std::int64_t plen = std::int64_t(plan_.prefix.size());
    const std::int64_t zlen = plen + len;
    at::Tensor ids = at::zeros({rows, len}, at::kLong);
    at::Tensor zids = zoomed_ >= 0 ? at::zeros({rows, zlen}, at::kLong) : at::Tensor();
    for (std::int64_t r = 0; r < rows; ++r) {
      const Window& w = windows[std::size_t(r)];
      const auto& tokens = plan_.tokens[std::size_t(w.document)];
      auto* row = ids.data_ptr<std::int64_t>() + r * len;
      for (std::int64_t j = w.start; j < w.end; ++j) row[j - w.start] = tokens[std::size_t(j)];
      // The zoomed row: prefix, then the window without the document's own BOS.
      const auto& tok = *spec_.maps[0].checkpoint.tokenizer;
      const bool skip_bos = w.start == 0 && tok.adds_bos() && tok.bos_id() && tokens.front() == *tok.bos_id();
      const std::int64_t zstart = skip_bos ? 1 : w.start;
      if (zoomed_ >= 0) {
        auto* zrow = zids.data_ptr<std::int64_t>() + r * zlen;
        for (std::int64_t j = 0; j < plen; ++j) zrow[j] = plan_.prefix[std::size_t(j)];
        for (std::int64_t j = zstart; j < w.end; ++j) zrow[plen + j - zstart] = tokens[std::size_t(j)];
      }
      for (std::int64_t j = w.score_from; j < w.end; ++j)
        slots.push_back({r * len + (j - w.start - 1), r * zlen + (plen + j - zstart - 1), w.document, j - 1,
                         tokens[std::size_t(j)]});
    }
    const std::int64_t n = std::int64_t(slots.size());
    // The trunks' features from the first position any window reads (its earlier positions are context
    // only: with the default stride, the first half of every window but a document's first), as
    // trunk_from computes them; slots index those rows.
    std::int64_t from = len - 1, zfrom = zlen - 1;
    for (const Slot& slot : slots) from = std::min(from, slot.flat % len), zfrom = std::min(zfrom, slot.flat_zoomed % zlen);
    at::Tensor flat = at::empty({n}, at::kLong), zflat = at::empty({n}, at::kLong), targets = at::empty({n}, at::kLong);
    for (std::int64_t i = 0; i < n; ++i) {
      const Slot& slot = slots[std::size_t(i)];
      flat.data_ptr<std::int64_t>()[i] = slot.flat / len * (len - from) + slot.flat % len - from;
      zflat.data_ptr<std::int64_t>()[i] = slot.flat_zoomed / zlen * (zlen - zfrom) + slot.flat_zoomed % zlen - zfrom;
      targets.data_ptr<std::int64_t>()[i] = slot.target;
    }
    flat = flat.to(device_), zflat = zflat.to(device_), targets = targets.to(device_);
    ids = ids.to(device_);

    // Trunks: one pass per map; keep only the features at scored positions.
    const std::size_t maps = plan_.maps.size();
    std::vector<at::Tensor> features(maps);
    for (std::size_t m = 0; m < maps; ++m) {
      const bool zoomed = int(m) == zoomed_;
      const auto& model = *spec_.maps[zoomed ? 0 : m].checkpoint.model;
      at::Tensor h = zoomed ? model.trunk_from(zids.to(device_), zfrom) : model.trunk_from(ids, from);
      features[m] = h.reshape({-1, h.size(-1)}).index_select(0, zoomed ? zflat : flat);
      if (!advance(0)) return std::nullopt;
    }
    pick_samples(out, features[0]);

    const std::int64_t base_vocab = plan_.maps[0].vocab_size;
    const std::int64_t top_k = spec_.settings.top_k;
    for (std::int64_t c0 = 0; c0 < n; c0 += chunk_) {
      const std::int64_t m_rows = std::min(chunk_, n - c0);
      const at::Tensor tgt = targets.narrow(0, c0, m_rows);
      const auto dist = [&](std::size_t m) {
        const bool zoomed = int(m) == zoomed_;
        const auto& model = *spec_.maps[zoomed ? 0 : m].checkpoint.model;
        return distribution(model.head(features[m].narrow(0, c0, m_rows)), base_vocab, maps > 1);
      };
      std::vector<MapChunk>& chunk = out.chunks.emplace_back(maps);
      const ChunkDistribution base = dist(0);
      chunk[0] = {own_metrics(base, tgt, top_k), std::nullopt, {}, base.added_mass};
      ChunkDistribution zoom;
      if (zoomed_ >= 0) {
        zoom = dist(std::size_t(zoomed_));
        chunk[std::size_t(zoomed_)] = {own_metrics(zoom, tgt, top_k), divergence(base, zoom), {}, zoom.added_mass};
      }
      for (std::size_t m = 1; m < maps; ++m) {
        if (int(m) == zoomed_) continue;
        const ChunkDistribution d = dist(m);
        chunk[m] = {own_metrics(d, tgt, top_k), divergence(base, d), zoomed_ >= 0 ? kl(d, zoom) : at::Tensor(),
                    d.added_mass};
      }
      if (!advance(m_rows)) return std::nullopt;
    }
    return out;
  }

  // Copies a computed batch's metrics and samples into its documents' tracks.
  void deliver(const ScoredBatch& batch, std::map<std::int32_t, Pending>& pending) const {
    for (std::size_t c = 0; c < batch.chunks.size(); ++c) {
      const std::size_t c0 = c * std::size_t(chunk_);
      const std::span<const Slot> part(batch.slots.data() + c0, std::min(std::size_t(chunk_), batch.slots.size() - c0));
      for (std::size_t m = 0; m < batch.chunks[c].size(); ++m) {
        const MapChunk& k = batch.chunks[c][m];
        scatter(part, pending, m, k.own, k.div ? &*k.div : nullptr, k.kl_tz.defined() ? &k.kl_tz : nullptr, k.added);
      }
    }
    if (batch.sampled.empty()) return;
    const float* p = batch.samples.data_ptr<float>();
    for (std::size_t r = 0; r < batch.sampled.size(); ++r) {
      const Slot& s = batch.slots[batch.sampled[r]];
      DocumentResult& doc = pending.at(s.document).doc;
      doc.sample_positions.push_back(std::int32_t(s.index));
      doc.samples.insert(doc.samples.end(), p + r * std::size_t(hidden_dim_), p + (r + 1) * std::size_t(hidden_dim_));
    }
  }

 private:
  void pick_samples(ScoredBatch& out, const at::Tensor& base_features) const {
    if (hidden_dim_ <= 0) return;
    std::vector<std::int64_t> rows;
    for (std::size_t i = 0; i < out.slots.size(); ++i)
      if (sampled(spec_.settings.seed, out.slots[i].document, out.slots[i].index, sample_rate_)) {
        rows.push_back(std::int64_t(i));
        out.sampled.push_back(i);
      }
    if (rows.empty()) return;
    out.samples = base_features.index_select(0, at::tensor(rows, at::kLong).to(base_features.device()))
                      .to(at::kCPU, at::kFloat)
                      .contiguous();
  }

  const RunSpec& spec_;
  const RunPlan& plan_;
  std::int64_t chunk_;
  double sample_rate_;
  at::Device device_{at::kCPU};
  int zoomed_ = -1;
  std::int64_t hidden_dim_ = 0;
};

// Sample positions in document order after a batch group (batches inside a group are length-sorted).
void sort_samples(DocumentResult& doc, std::int64_t dim) {
  if (dim <= 0 || doc.sample_positions.size() < 2) return;
  std::vector<std::size_t> order(doc.sample_positions.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return doc.sample_positions[a] < doc.sample_positions[b]; });
  std::vector<std::int32_t> pos;
  std::vector<float> rows;
  for (std::size_t i : order) {
    pos.push_back(doc.sample_positions[i]);
    rows.insert(rows.end(), doc.samples.begin() + std::ptrdiff_t(i * std::size_t(dim)),
                doc.samples.begin() + std::ptrdiff_t((i + 1) * std::size_t(dim)));
  }
  doc.sample_positions = std::move(pos);
  doc.samples = std::move(rows);
}

// Maps this small (parameters each) compute batches side by side, one thread each: their kernels are
// too short to share. Measured on stories260K (0.26M parameters, 2 cores): each parallel region's start
// and end, and OpenMP's and OpenBLAS's workers handing the cores to each other, cost a fifth of
// `score`; two batches at once, one per core, scored the same bits 20 % faster. A larger map's kernels
// fill every core on their own, and one batch at a time holds one batch's activations
// (docs/ARCHITECTURE.md, "Threads").
constexpr std::int64_t kSideBySideParameters = 16'000'000;

// Whether a run's maps are small maps loaded from checkpoint files (whose forward passes keep no
// state between calls) on the CPU: their batches go side by side, a thread each.
bool small_maps(const RunSpec& spec) {
  if (spec.settings.device != "cpu") return false;
  for (const MapSpec& m : spec.maps) {
    const std::string& format = m.checkpoint.info.format;
    if (format != "llama2c" && format != "hf-safetensors" && format != "gguf") return false;
    if (m.checkpoint.info.parameters > kSideBySideParameters) return false;
  }
  return true;
}

// How many batches a run computes at once: one per thread of this worker for small maps, else 1.
std::size_t batch_streams(const RunSpec& spec) {
  return small_maps(spec) ? std::size_t(std::max(1, at::get_num_threads())) : 1;
}

// Small maps' forward passes take at most this many windows, whatever --batch asks: a thread's
// activations then stay in its core's caches. Measured on 2026-12-07 (AMD EPYC, 2 cores, 512 KiB
// of second-level cache each): stories260K `score` over 250,078 tokens 5.14-5.49 s at 2 windows
// against 5.30-5.77 s at 8, where each product's result (8 x 512 rows of up to 172 floats, 2.8 MB)
// was zeroed and written through memory. Larger maps keep --batch. Independent of the thread count,
// so a run computes the same bits on any number of threads.
constexpr std::size_t kSmallMapWindows = 2;

// Puts one computed batch, the group's batch `index`, into the documents and the commits.
using DeliverBatch = std::function<Result<void>(std::size_t index, ScoredBatch& computed)>;

// Computes a group's batches and delivers each in order on the calling thread.
// Progress is counted once per batch: as its chunks finish when there is one stream, else as it is
// delivered. One stream: one batch at a time with every thread its kernels may use. Several: as many batches at once as there are threads, one thread each (the
// kernels inside a parallel region run on their own thread), each thread taking the next batch as
// soon as it comes free, so that none waits for a slower neighbour (pairs of batches computed in
// step waited 2-3 % of a stories260K `score`). The calling thread delivers the batches that are ready,
// in order, between its own; at most 2 per thread are computed and not yet delivered. A batch's bits
// do not depend on its neighbours in time or on the thread: its kernels compute each row alike on any
// number of threads, and while the run holds SerialBlas every product runs on one thread, alone or
// beside another.
Result<void> score_batches(const BatchScorer& scorer, std::span<const std::span<const Window>> batches,
                           std::size_t streams, Job& job, const DeliverBatch& deliver) {
  const std::size_t n = batches.size();
  if (streams <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<ScoredBatch> computed = scorer.compute(batches[i], [&](std::int64_t m) { return job.advance(m); });
      if (!computed) return fail(ErrorCode::Cancelled, "run cancelled");
      if (auto ok = deliver(i, *computed); !ok) return ok;
    }
    return {};
  }
  std::vector<std::optional<ScoredBatch>> done(n);
  std::vector<std::atomic<bool>> ready(n);
  std::atomic<std::size_t> next{0};      // the first batch no thread has taken
  std::atomic<std::size_t> delivered{0};  // batches delivered, in order
  std::atomic<bool> stop{false};         // cancelled, failed or thrown: take no more
  std::atomic<std::uint64_t> tick{0};    // moves on every change the others may wait for
  const auto signal = [&] {
    tick.fetch_add(1);
    tick.notify_all();
  };
  const std::size_t ahead = 2 * streams;
  Result<void> outcome;
  at::parallel_for(0, std::int64_t(streams), 1, [&](std::int64_t first, std::int64_t) {
    c10::InferenceMode inference;  // per thread: the pool's threads do not inherit the caller's
    const bool caller = first == 0;  // the calling thread (OpenMP's thread 0) delivers
    // However this thread leaves (finished, failed or thrown), the others stop waiting for it.
    struct Leave {
      std::atomic<bool>& stop;
      const std::function<void()> signal;
      bool finished = false;
      ~Leave() {
        if (!finished) stop = true;
        signal();
      }
    } leave{stop, signal};
    for (;;) {
      const std::uint64_t seen = tick.load();
      if (caller) {
        for (std::size_t i = delivered.load(); i < n && ready[i].load() && outcome; i = delivered.load()) {
          if (!done[i]) outcome = fail(ErrorCode::Cancelled, "run cancelled");
          else if (auto ok = deliver(i, *done[i]); !ok) outcome = ok;
          else if (!job.advance(std::int64_t(done[i]->slots.size()))) outcome = fail(ErrorCode::Cancelled, "run cancelled");
          done[i].reset();
          delivered = i + 1;
          signal();
        }
        if (!outcome) return;  // `leave` stops the others
        if (delivered.load() == n) break;
      }
      if (stop.load()) break;
      std::size_t i = next.load();
      if (i >= n || i >= delivered.load() + ahead) {
        if (i >= n && !caller) break;  // nothing left to take; the caller delivers the rest
        tick.wait(seen);              // for a batch to be computed or delivered
        continue;
      }
      if (!next.compare_exchange_strong(i, i + 1)) continue;
      done[i] = scorer.compute(batches[i], [&](std::int64_t) { return !job.cancelled() && !stop.load(); });
      ready[i] = true;
      signal();
    }
    leave.finished = true;
  });
  if (outcome && delivered.load() < n) return fail(ErrorCode::Cancelled, "run cancelled");
  return outcome;
}

}  // namespace

Result<std::shared_ptr<const RunResult>> run(const RunSpec& spec, const RunPlan& plan, Job& job,
                                             const RunOptions& options) {
  try {
    c10::InferenceMode inference;
    const RunSettings& settings = spec.settings;
    // Fewer threads for this run's kernels, on this worker only: the process's count stays (another job
    // may be computing), see core/threads.h.
    const ThreadLimit thread_limit(settings.threads);
    const bool zoom = !plan.prefix.empty();
    const auto& base_model = *spec.maps[0].checkpoint.model;
    const std::int64_t dim = base_model.has_hidden_states() ? base_model.config().dim : 0;

    std::set<std::int64_t> done;
    for (const DocumentResult& d : options.resumed) done.insert(d.index);
    // Windows are scored in batch groups of whole consecutive documents, formed over the whole territory
    // whatever is skipped: a document's batches then hold the same windows in a shard run as in an
    // unsharded one, so its metrics are bit-identical (a batched forward's last bits depend on its
    // neighbours; docs/ARCHITECTURE.md, "Sharded runs"). Shards are whole groups.
    const std::size_t batch = std::size_t(std::max(1, settings.batch));
    const std::size_t group = batch * 8;
    const std::size_t forward = small_maps(spec) ? std::min(batch, kSmallMapWindows) : batch;  // per pass
    std::vector<std::vector<Window>> document_windows(plan.tokens.size());
    std::vector<std::int64_t> window_counts(plan.tokens.size());
    for (std::size_t d = 0; d < plan.tokens.size(); ++d) {
      document_windows[d] = plan_windows(std::int32_t(d), std::int64_t(plan.tokens[d].size()), plan.window, plan.stride);
      window_counts[d] = std::int64_t(document_windows[d].size());
    }
    const std::vector<DocumentRange> groups = batch_groups(window_counts, std::int64_t(group));
    const std::vector<std::int64_t> shard_of =
        options.shard ? shard_documents(plan.tokens, groups, options.shard->count) : std::vector<std::int64_t>();
    std::map<std::int64_t, PartialDocument*> parts;
    if (options.partial)
      for (PartialDocument& p : *options.partial)
        if (!done.count(p.index)) parts[p.index] = &p;
    std::vector<GroupWindows> group_windows;
    std::map<std::int32_t, std::size_t> window_count;
    std::int64_t todo = 0;
    for (const DocumentRange& range : groups) {
      GroupWindows g;
      bool some_done = false;
      for (std::size_t d = range.first; d < range.last; ++d) {
        if (done.count(std::int64_t(d))) {
          some_done = true;
          continue;
        }
        if (options.shard && shard_of[d] != options.shard->index) continue;
        window_count[std::int32_t(d)] = document_windows[d].size();
        for (const Window& x : document_windows[d]) todo += x.scored();
        g.windows.insert(g.windows.end(), document_windows[d].begin(), document_windows[d].end());
      }
      if (g.windows.empty()) continue;
      // Equal-length windows batch together: sort the group by length (stable keeps document order).
      std::stable_sort(g.windows.begin(), g.windows.end(),
                       [](const Window& a, const Window& b) { return a.length() > b.length(); });
      // A group that lost committed documents batches differently from the run that wrote its parts.
      if (!some_done && !parts.empty()) {
        std::int64_t restored = 0;
        g.resume_at = resume_window(g.windows, std::int64_t(forward), parts, plan, settings.top_k, zoom, restored);
        todo -= restored;
        if (g.resume_at == 0)  // not trusted: scored again, so free them
          for (const Window& w : g.windows)
            if (auto part = parts.find(w.document); part != parts.end()) *part->second = {};
      }
      group_windows.push_back(std::move(g));
    }
    // Bounded memory for the projection: at most 64 MiB of float32 hidden states.
    const std::int64_t cap = dim > 0 ? std::min<std::int64_t>(settings.projection_samples, (64ll << 20) / (4 * dim)) : 0;
    const double rate = plan.scored_positions > 0 ? std::min(1.0, double(cap) / double(plan.scored_positions)) : 0.0;

    auto result = std::make_shared<RunResult>();
    result->settings = settings;
    result->maps = plan.maps;
    result->window = plan.window;
    result->stride = plan.stride;
    result->warnings = plan.warnings;
    result->territory = {spec.territory.source, spec.territory.content_hash,
                         std::int64_t(spec.territory.documents.size()), spec.territory.total_bytes()};
    for (const auto& w : spec.territory.warnings) result->warnings.push_back(territory::describe(w));
    result->versions = run_versions(settings);
    if (options.shard) {
      result->shard_count = options.shard->count;
      result->shards_present = {options.shard->index};
    }

    SummaryAccumulator acc(plan.maps.size(), spec.thresholds, zoom ? int(plan.maps.size()) - 1 : -1);
    for (const DocumentResult& d : options.resumed) acc.add(d);
    std::vector<DocumentResult> finished;

    std::map<std::int32_t, Pending> pending;
    // Streamed documents hold only their positions since the last commit (RunOptions::keep_tracks).
    const bool streaming = !options.keep_tracks && (options.part_sink || !options.sink);
    model::use_caching_cpu_allocator();  // every batch reuses the same large buffers (cpu_allocator.h)
    const BatchScorer scorer(spec, plan, std::max<std::int64_t>(1, options.chunk_positions), rate);
    std::size_t streams = batch_streams(spec);
    std::optional<SerialBlas> serial_blas;  // side by side, each batch's products on its own thread
    if (streams > 1 && !serial_blas.emplace().granted()) streams = 1, serial_blas.reset();
    job.begin("scoring", todo);
    for (GroupWindows& g : group_windows) {
      const std::vector<Window>& grp = g.windows;
      for (const Window& w : grp) {
        auto [it, fresh] = pending.try_emplace(w.document);
        if (fresh) {
          const territory::Document& src = spec.territory.documents[std::size_t(w.document)];
          DocumentResult& doc = it->second.doc;
          doc.index = w.document;
          doc.name = src.name;
          doc.metadata = src.metadata;
          doc.byte_length = std::int64_t(src.text.size());
          doc.text = src.text;
          doc.tokens = plan.tokens[std::size_t(w.document)];
          it->second.summary = acc.start();
          it->second.windows_left = window_count[w.document];
          std::size_t restored = 0;
          if (g.resume_at > 0)
            if (auto part = parts.find(w.document); part != parts.end()) restored = std::size_t(part->second->positions);
          if (streaming) hold_tracks(doc, plan, settings.top_k, zoom, restored);
          else allocate_tracks(doc, plan, settings.top_k, zoom);
          if (restored > 0) {
            restore_part(doc, *parts.at(w.document));
            *parts.at(w.document) = {};  // copied: free it
          }
        }
      }
      const auto scored = [&](const Window& w) {
        Pending& p = pending.at(w.document);
        --p.windows_left;
        p.positions = std::max(p.positions, w.end - 1);
      };
      for (std::int64_t i = 0; i < g.resume_at; ++i) scored(grp[std::size_t(i)]);
      std::vector<std::span<const Window>> batches;  // the group's batches still to score, in order
      for (std::size_t at = std::size_t(g.resume_at); at < grp.size(); at += forward)
        batches.emplace_back(grp.data() + at, std::min(forward, grp.size() - at));
      // Delivered in order: each batch then reaches the tracks, the sinks and the commits as it did
      // when batches were computed one at a time.
      std::size_t end = std::size_t(g.resume_at);
      const DeliverBatch deliver = [&](std::size_t index, ScoredBatch& computed) -> Result<void> {
        const std::span<const Window> part = batches[index];
        end += part.size();
        if (streaming)  // room for the batch's windows after what each document holds
          for (const Window& w : part) {
            DocumentResult& doc = pending.at(w.document).doc;
            const std::size_t need = std::size_t(w.end - 1 - doc.tracks_from);
            if (doc.maps.empty() || doc.maps[0].size() < need) hold_tracks(doc, plan, settings.top_k, zoom, need);
          }
        scorer.deliver(computed, pending);
        for (const Window& w : part) scored(w);
        bool committed = false;
        if (options.part_sink && end < grp.size()) {
          GroupProgress progress{std::int64_t(end), g.resume_at, {}};
          for (const auto& [index, p] : pending)
            if (p.positions > 0) progress.documents.push_back({&p.doc, p.positions});
          auto ok = options.part_sink(progress);
          if (!ok) return std::unexpected(ok.error());
          committed = *ok;
        }
        // What is committed (or, with no sink, what nobody will read again) is summed and dropped.
        if (streaming && (committed || !options.sink))
          for (auto& [index, p] : pending) {
            const std::size_t done = std::size_t(p.positions - p.doc.tracks_from);
            if (p.positions <= p.doc.tracks_from) continue;
            p.sum_held(acc, done);
            drop_held_positions(p.doc, done);
          }
        return {};
      };
      if (auto ok = score_batches(scorer, batches, streams, job, deliver); !ok) return std::unexpected(ok.error());
      for (auto it = pending.begin(); it != pending.end();) {
        if (it->second.windows_left) { ++it; continue; }
        Pending done = std::move(it->second);
        it = pending.erase(it);
        DocumentResult& doc = done.doc;
        sort_samples(doc, dim);
        done.sum_held(acc, doc.maps.empty() ? 0 : doc.maps[0].size());
        doc.stats = done.stats.finish(doc);
        acc.fold(done.summary, doc);
        if (options.sink)
          if (auto ok = options.sink(doc); !ok) return std::unexpected(ok.error());
        if (!options.keep_tracks) doc.maps.clear(), doc.tracks_from = 0;
        finished.push_back(std::move(doc));
      }
    }
    serial_blas.reset();  // the projection's products may use every thread again
    job.flush();
    for (const DocumentResult& d : options.resumed) finished.push_back(d);
    std::sort(finished.begin(), finished.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
    result->documents = std::move(finished);
    result->summaries = acc.finish();
    if (dim > 0) result->projection = project(result->documents, dim);
    result->token_texts = plan.token_texts;
    return std::shared_ptr<const RunResult>(std::move(result));
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, "the run failed", spec.territory.source, e.what());
  }
}

}  // namespace core::analysis

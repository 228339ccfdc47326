// The scoring loop of core::analysis::run (the plan is made in engine.cpp).
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <map>

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

// Evaluates one batch of windows for every map and scatters the metrics.
class BatchScorer {
 public:
  BatchScorer(const RunSpec& spec, const RunPlan& plan, std::int64_t chunk, double sample_rate)
      : spec_(spec), plan_(plan), chunk_(chunk), sample_rate_(sample_rate) {
    device_ = at::Device(spec.settings.device == "cuda" ? at::kCUDA : at::kCPU);
    zoomed_ = int(plan.maps.size()) - 1;
    if (plan.prefix.empty()) zoomed_ = -1;
    hidden_dim_ = spec.maps[0].checkpoint.model->has_hidden_states() ? spec.maps[0].checkpoint.model->config().dim : 0;
  }

  // Returns false when cancelled.
  bool score(std::span<const Window> windows, std::map<std::int32_t, Pending>& pending, Job& job) {
    const std::int64_t rows = std::int64_t(windows.size());
    std::int64_t len = 0;
    for (const Window& w : windows) len = std::max(len, w.length());
    const std::int64_t plen = std::int64_t(plan_.prefix.size());
    const std::int64_t zlen = plen + len;
    at::Tensor ids = at::zeros({rows, len}, at::kLong);
    at::Tensor zids = zoomed_ >= 0 ? at::zeros({rows, zlen}, at::kLong) : at::Tensor();
    std::vector<Slot> slots;
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
      if (job.cancelled()) return false;
    }
    collect_samples(slots, features[0], pending);

    const std::int64_t base_vocab = plan_.maps[0].vocab_size;
    const std::int64_t top_k = spec_.settings.top_k;
    for (std::int64_t c0 = 0; c0 < n; c0 += chunk_) {
      const std::int64_t m_rows = std::min(chunk_, n - c0);
      const std::span<const Slot> part(slots.data() + c0, std::size_t(m_rows));
      const at::Tensor tgt = targets.narrow(0, c0, m_rows);
      const auto dist = [&](std::size_t m) {
        const bool zoomed = int(m) == zoomed_;
        const auto& model = *spec_.maps[zoomed ? 0 : m].checkpoint.model;
        return distribution(model.head(features[m].narrow(0, c0, m_rows)), base_vocab);
      };
      const ChunkDistribution base = dist(0);
      scatter(part, pending, 0, own_metrics(base, tgt, top_k), nullptr, nullptr, base.added_mass);
      ChunkDistribution zoom;
      if (zoomed_ >= 0) {
        zoom = dist(std::size_t(zoomed_));
        const Divergence div = divergence(base, zoom);
        scatter(part, pending, std::size_t(zoomed_), own_metrics(zoom, tgt, top_k), &div, nullptr, zoom.added_mass);
      }
      for (std::size_t m = 1; m < maps; ++m) {
        if (int(m) == zoomed_) continue;
        const ChunkDistribution d = dist(m);
        const Divergence div = divergence(base, d);
        at::Tensor tz;
        if (zoomed_ >= 0) tz = kl(d, zoom);
        scatter(part, pending, m, own_metrics(d, tgt, top_k), &div, zoomed_ >= 0 ? &tz : nullptr, d.added_mass);
      }
      if (!job.advance(m_rows)) return false;
    }
    return true;
  }

 private:
  void collect_samples(const std::vector<Slot>& slots, const at::Tensor& base_features,
                       std::map<std::int32_t, Pending>& pending) {
    if (hidden_dim_ <= 0) return;
    std::vector<std::int64_t> rows;
    for (std::size_t i = 0; i < slots.size(); ++i)
      if (sampled(spec_.settings.seed, slots[i].document, slots[i].index, sample_rate_)) rows.push_back(std::int64_t(i));
    if (rows.empty()) return;
    const at::Tensor picked =
        base_features.index_select(0, at::tensor(rows, at::kLong).to(base_features.device())).to(at::kCPU, at::kFloat).contiguous();
    const float* p = picked.data_ptr<float>();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const Slot& s = slots[std::size_t(rows[r])];
      DocumentResult& doc = pending.at(s.document).doc;
      doc.sample_positions.push_back(std::int32_t(s.index));
      doc.samples.insert(doc.samples.end(), p + r * std::size_t(hidden_dim_), p + (r + 1) * std::size_t(hidden_dim_));
    }
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
        g.resume_at = resume_window(g.windows, std::int64_t(batch), parts, plan, settings.top_k, zoom, restored);
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
    BatchScorer scorer(spec, plan, std::max<std::int64_t>(1, options.chunk_positions), rate);
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
      for (std::size_t b0 = std::size_t(g.resume_at); b0 < grp.size(); b0 += batch) {
        const std::span<const Window> part(grp.data() + b0, std::min(batch, grp.size() - b0));
        if (streaming)  // room for the batch's windows after what each document holds
          for (const Window& w : part) {
            DocumentResult& doc = pending.at(w.document).doc;
            const std::size_t need = std::size_t(w.end - 1 - doc.tracks_from);
            if (doc.maps.empty() || doc.maps[0].size() < need) hold_tracks(doc, plan, settings.top_k, zoom, need);
          }
        if (!scorer.score(part, pending, job)) return fail(ErrorCode::Cancelled, "run cancelled");
        for (const Window& w : part) scored(w);
        bool committed = false;
        if (options.part_sink && b0 + part.size() < grp.size()) {
          GroupProgress progress{std::int64_t(b0 + part.size()), g.resume_at, {}};
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
      }
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

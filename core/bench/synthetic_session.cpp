#include "core/bench/synthetic_session.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/analysis/digest.h"
#include "core/bench/machine.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "core/store/track_reader.h"

namespace core::bench {

using namespace core::store;  // the session API this benchmark exercises

namespace {

using Clock = std::chrono::steady_clock;


// splitmix64: fast, deterministic, good enough for filler values.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  float uniform() { return float(next() >> 40) / float(1 << 24); }
  std::int32_t below(std::int64_t n) { return std::int32_t(next() % std::uint64_t(n)); }
};

analysis::DocumentResult synthetic_document(std::int64_t index, std::int64_t scored, int maps, int top_k,
                                            std::int64_t vocab, Random& rng) {
  analysis::DocumentResult d;
  d.index = index;
  d.tokens.resize(std::size_t(scored + 1));
  for (auto& t : d.tokens) t = rng.below(vocab);
  const auto n = std::size_t(scored);
  for (int m = 0; m < maps; ++m) {
    analysis::MapTrack t;
    auto fill = [&](std::vector<float>& v, float scale) {
      v.resize(n);
      for (auto& x : v) x = rng.uniform() * scale;
    };
    fill(t.logp, -8.f);
    fill(t.entropy, 6.f);
    fill(t.confidence, 1.f);
    fill(t.sum_p2, 1.f);
    t.rank.resize(n);
    for (auto& r : t.rank) r = 1 + std::int32_t(rng.next() % 64);
    if (m > 0) {
      fill(t.kl_bt, 2.f);
      fill(t.kl_tb, 2.f);
      fill(t.js, 0.7f);
    }
    t.top_k = top_k;
    t.top_ids.resize(n * std::size_t(top_k));
    for (auto& id : t.top_ids) id = rng.below(vocab);
    t.top_p.resize(n * std::size_t(top_k));
    for (auto& p : t.top_p) p = rng.uniform();
    for (auto& s : t.temperature_stats) s = rng.uniform();
    analysis::DocumentStats st;
    st.tokens = scored;
    st.nll_mean = rng.uniform() * 4;
    st.entropy_mean = rng.uniform() * 4;
    st.top1_accuracy = rng.uniform();
    st.bits_per_byte = rng.uniform() * 2;
    if (m > 0) st.kl_bt_mean = st.kl_tb_mean = st.js_mean = st.kl_max = rng.uniform();
    d.stats.push_back(st);
    d.maps.push_back(std::move(t));
  }
  return d;
}

}  // namespace

Result<SyntheticReport> write_synthetic_session(const std::filesystem::path& path, std::int64_t positions,
                                                int maps, Job& job, const SyntheticOptions& options) {
  if (positions <= 0 || maps <= 0 || options.positions_per_document <= 0 || options.top_k < 0 ||
      options.batch_documents <= 0 || options.vocab <= 0)
    return fail(ErrorCode::InvalidInput, "the synthetic session needs positive sizes", path.string());
  const auto start = Clock::now();
  auto session = SessionFile::create(path);
  if (!session) return std::unexpected(session.error());

  const std::int64_t per_doc = options.positions_per_document;
  const std::int64_t documents = (positions + per_doc - 1) / per_doc;
  auto scored_in = [&](std::int64_t d) { return std::min(per_doc, positions - d * per_doc); };

  TerritoryRecord territory;
  territory.source = "synthetic";
  territory.content_hash = "synthetic-" + std::to_string(positions) + "-" + std::to_string(options.seed);
  for (std::int64_t d = 0; d < documents; ++d) {
    DocumentRecord doc;
    doc.index = d;
    doc.name = "doc" + std::to_string(d) + ".txt";
    doc.metadata = {{"split", d % 2 ? "odd" : "even"}};
    doc.text.assign(std::size_t(scored_in(d) + 1) * 4, 'x');
    doc.byte_length = std::int64_t(doc.text.size());
    territory.documents.push_back(std::move(doc));
  }

  analysis::RunResult header;
  header.settings.top_k = options.top_k;
  header.window = header.settings.context = 512;
  header.stride = header.settings.stride = 256;
  for (int m = 0; m < maps; ++m) {
    analysis::MapInfo info;
    info.name = m == 0 ? "base" : "tuned-" + std::to_string(m);
    info.role = m == 0 ? analysis::MapRole::Base : analysis::MapRole::Tuned;
    info.path = "/synthetic/" + info.name;
    info.format = "llama2c";
    info.architecture = "llama";
    info.dtype = "float32";
    info.sha256 = std::string(63, '0') + char('a' + (m % 26)) + std::to_string(m);
    info.parameters = 260000;
    info.vocab_size = options.vocab;
    info.context_length = 512;
    header.maps.push_back(info);
  }
  for (std::int64_t v = 0; v < options.vocab; ++v) header.token_texts.push_back("<" + std::to_string(v) + ">");
  header.versions = {{"cartograph", "synthetic"}};

  RunWriter writer(*session);
  auto run = writer.begin_run(header, territory);
  if (!run) return std::unexpected(run.error());

  SyntheticReport report;
  report.run_id = *run;
  report.documents = documents;
  report.positions = positions;
  report.maps = maps;
  Random rng{options.seed};
  job.begin("writing a synthetic session", documents);
  std::vector<analysis::DocumentResult> batch;
  for (std::int64_t d = 0; d < documents; ++d) {
    batch.push_back(synthetic_document(d, scored_in(d), maps, options.top_k, options.vocab, rng));
    if (std::int64_t(batch.size()) == options.batch_documents || d + 1 == documents) {
      const auto t = Clock::now();
      if (auto r = writer.commit_documents(*run, batch); !r) return std::unexpected(r.error());
      report.commit_seconds += seconds_since(t);
      batch.clear();
    }
    if (!job.advance()) {
      (void)writer.finish_run(*run, {}, {}, RunStatus::Cancelled);
      return fail(ErrorCode::Cancelled, "cancelled", path.string());
    }
  }
  std::vector<analysis::MapSummary> summaries(static_cast<std::size_t>(maps));
  for (auto& s : summaries) {
    s.tokens = positions;
    s.nll_mean = rng.uniform() * 4;
    s.perplexity = std::exp(s.nll_mean);
  }
  analysis::Projection projection;
  const std::int64_t points = std::min<std::int64_t>(positions, 50000);
  for (std::int64_t i = 0; i < points; ++i)
    projection.points.push_back({std::int32_t(i % documents), std::int32_t(i / documents), rng.uniform(), rng.uniform()});
  if (auto r = writer.finish_run(*run, summaries, projection, RunStatus::Complete); !r)
    return std::unexpected(r.error());
  if (auto r = session->checkpoint(); !r) return std::unexpected(r.error());
  job.flush();
  report.total_seconds = seconds_since(start);
  std::error_code ec;
  report.file_bytes = std::int64_t(std::filesystem::file_size(path, ec));
  return report;
}

Result<OpenListTiming> measure_open_and_list(const std::filesystem::path& path, int repeats) {
  OpenListTiming timing;
  timing.repeats = std::max(1, repeats);
  std::vector<double> totals;
  for (int i = 0; i < timing.repeats; ++i) {
    const auto t0 = Clock::now();
    auto session = SessionFile::open(path, OpenMode::ReadWrite);
    if (!session) return std::unexpected(session.error());
    const double open_ms = seconds_since(t0) * 1000;
    const auto t1 = Clock::now();
    RunReader reader(*session);
    auto runs = reader.list_runs();
    if (!runs) return std::unexpected(runs.error());
    const double list_ms = seconds_since(t1) * 1000;
    timing.runs = runs->size();
    totals.push_back(open_ms + list_ms);
    if (i == 0 || open_ms + list_ms < timing.best_ms) {
      timing.best_ms = open_ms + list_ms;
      timing.open_ms = open_ms;
      timing.list_ms = list_ms;
    }
  }
  std::sort(totals.begin(), totals.end());
  timing.median_ms = totals[totals.size() / 2];
  return timing;
}

Result<RunViewTiming> measure_run_view(const std::filesystem::path& path) {
  RunViewTiming timing;
  std::int64_t run_id = 0;
  {
    auto session = SessionFile::open(path, OpenMode::ReadOnly);
    if (!session) return std::unexpected(session.error());
    auto runs = RunReader(*session).list_runs();
    if (!runs) return std::unexpected(runs.error());
    if (runs->empty()) return fail(ErrorCode::InvalidInput, "the session has no run", path.string());
    run_id = runs->front().id;
  }
  // Memory freed by what ran before (writing the session) would otherwise be reused unseen.
  malloc_trim(0);
  const std::int64_t before = current_rss_bytes();
  const auto t0 = Clock::now();
  auto read = read_run_lazily(path, run_id);
  if (!read) return std::unexpected(read.error());
  auto run = std::make_shared<const analysis::RunResult>(std::move(*read));
  timing.run_ms = seconds_since(t0) * 1000;
  if (!run->documents.empty()) {
    auto first = analysis::document_with_tracks(*run, 0);
    if (!first) return std::unexpected(first.error());
    for (const analysis::MapTrack& t : (*first)->maps)
      timing.whole_track_bytes += std::int64_t(t.size()) * std::int64_t(10 * 4 + t.top_k * 8);
    // The document's share of the whole, scaled to every scored position.
    std::int64_t scored = 0;
    for (const analysis::DocumentResult& d : run->documents) scored += std::int64_t(d.scored());
    if ((*first)->scored() > 0) timing.whole_track_bytes = timing.whole_track_bytes * scored / std::int64_t((*first)->scored());
  }
  timing.first_document_ms = seconds_since(t0) * 1000;
  timing.added_bytes_shown = current_rss_bytes() - before;
  reset_peak_rss();
  const std::int64_t reads_before = run->track_cache ? run->track_cache->reads() : 0;
  const auto t1 = Clock::now();
  auto digest = analysis::digest_run(run, nullptr, {}, Job::silent());
  if (!digest) return std::unexpected(digest.error());
  timing.digest_seconds = seconds_since(t1);
  timing.added_bytes_digest = peak_rss_bytes() - before;
  timing.digest_track_reads = (run->track_cache ? run->track_cache->reads() : 0) - reads_before;
  digest->reset();
  {
    // The same run without its stored histograms: the pass over every track.
    auto unstored = std::make_shared<analysis::RunResult>(*run);
    unstored->histograms.reset();
    reset_peak_rss();
    const auto t = Clock::now();
    auto pass = analysis::digest_run(unstored, nullptr, {}, Job::silent());
    if (!pass) return std::unexpected(pass.error());
    timing.pass_seconds = seconds_since(t);
    timing.added_bytes_pass = peak_rss_bytes() - before;
  }
  run.reset();

  malloc_trim(0);
  const std::int64_t before_whole = current_rss_bytes();
  const auto t2 = Clock::now();
  {
    auto session = SessionFile::open(path, OpenMode::ReadOnly);
    if (!session) return std::unexpected(session.error());
    RunReader reader(*session);
    auto whole = reader.load_run(run_id);
    if (!whole) return std::unexpected(whole.error());
    for (analysis::DocumentResult& d : whole->documents) {
      auto tracks = reader.load_tracks(run_id, d.index);
      if (!tracks) return std::unexpected(tracks.error());
      d.maps = std::move(*tracks);
    }
    timing.whole_read_seconds = seconds_since(t2);
    timing.added_bytes_whole = current_rss_bytes() - before_whole;
  }
  return timing;
}

}  // namespace core::bench

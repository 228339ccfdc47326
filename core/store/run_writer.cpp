#include "core/store/run_writer.h"

#include <optional>

#include "core/analysis/digest.h"
#include "core/store/run_reader.h"

#include "core/store/detail/access.h"
#include "core/store/detail/catalog_ops.h"
#include "core/store/detail/document_writes.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/part_rows.h"
#include "core/store/detail/run_header_writes.h"
#include "core/store/detail/run_rows.h"
#include "core/store/detail/sqlite.h"
#include "core/store/detail/track_ranges.h"

namespace core::store {

using analysis::DocumentResult;
using detail::Connection;
using detail::Transaction;
// The row writers (detail/document_writes.h, detail/run_header_writes.h).
using detail::append_warnings;
using detail::BlobScratch;
using detail::count_documents_done;
using detail::insert_run_maps;
using detail::insert_run_row;
using detail::insert_run_shards;
using detail::mark_finished;
using detail::replace_histograms;
using detail::replace_summaries;
using detail::store_vocabulary;
using detail::upsert_map_checkpoints;
using detail::validate_batch;
using detail::write_document;
using detail::write_projection;

namespace {

bool owned_by_someone_else(const detail::RunState& s) {
  return s.status == RunStatus::Running && s.owner != detail::current_owner() && detail::owner_alive(s.owner);
}

Error locked_by_writer(std::int64_t run_id, const std::string& path) {
  return Error{ErrorCode::Locked, "run " + std::to_string(run_id) + " is being written by another process",
               path, {}};
}

// Marks a run as being written again, by this process (resuming it, or adding shards to a merge).
Result<void> claim_run(Connection& c, std::int64_t run_id) {
  STORE_ASSIGN(q, c.prepare("UPDATE runs SET status = 'running', owner = ?, finished_ms = NULL WHERE id = ?"));
  const std::string owner = detail::current_owner();
  q.bind(1, std::string_view(owner)).bind(2, run_id);
  return q.run();
}

// The histograms of a run over every committed document, counted from its stored tracks as the
// digest's pass counts them (core/analysis/histogram.h), so the two agree count for count. Two reads
// of the tracks, a range of one document's positions at a time, keep memory to that range and a
// bounded sample, whatever the run's or a document's size.
Result<analysis::RunHistograms> histograms_of(SessionFile& session, std::int64_t run_id, int maps) {
  Connection& c = detail::connection(session);
  std::vector<analysis::TwoReadHistograms::Totals> totals(std::size_t(std::max(0, maps)));
  {
    STORE_ASSIGN(q, c.prepare("SELECT map_index, sum(positions), sum(CASE WHEN length(kl_bt) > 0 THEN positions "
                              "ELSE 0 END) FROM tracks WHERE run_id = ? GROUP BY map_index"));
    q.bind(1, run_id);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      const std::int64_t m = q.column_int64(0);
      if (m < 0 || m >= maps) continue;  // the reads below report such a row
      totals[std::size_t(m)] = {q.column_int64(1), m == 0 ? 0 : q.column_int64(1), m == 0 ? 0 : q.column_int64(2)};
    }
  }
  STORE_ASSIGN(done, detail::completed_documents(c, run_id));
  // A range of positions at a time: each map's values still come in position order, which is all the
  // per-map sample counters depend on, and a long document is never read whole.
  constexpr std::size_t kRange = 4096;  // 16 KB per array and map
  analysis::TwoReadHistograms histograms(std::move(totals));
  for (const bool first : {true, false})
    for (std::int64_t d : done)
      STORE_TRY(detail::for_each_track_range(c, run_id, d, maps, kRange,
                                             [&](const std::vector<analysis::MapTrack>& tracks) { histograms.add(tracks, first); }));
  return histograms.finish();
}

// Inside the write transaction: another process may have marked the run interrupted between
// writable_run's check and taking the lock.
Result<void> check_still_ours(Connection& c, std::int64_t run_id) {
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (state.status != RunStatus::Running || state.owner != detail::current_owner())
    return fail(ErrorCode::InvalidInput,
                "run " + std::to_string(run_id) + " was marked " + to_string(state.status) +
                    " by another process; resume it before writing to it",
                c.path());
  return {};
}

}  // namespace

RunWriter::RunWriter(SessionFile& session, Hooks hooks) : session_(session), hooks_(std::move(hooks)) {}

RunWriter::~RunWriter() {
  for (std::int64_t id : std::set<std::int64_t>(owned_)) (void)mark_interrupted(id);
}

Result<std::int64_t> RunWriter::begin_run(const analysis::RunResult& header, const TerritoryRecord& territory) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "starting a run"));
  STORE_ASSIGN(territory_id, detail::upsert_territory(c, territory));
  STORE_ASSIGN(run_id, insert_run(header, territory_id));
  STORE_TRY(tx.commit());
  owned_.insert(run_id);
  return run_id;
}

Result<std::int64_t> RunWriter::begin_run(const analysis::RunResult& header, std::int64_t territory_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "starting a run"));
  STORE_ASSIGN(run_id, insert_run(header, territory_id));
  STORE_TRY(tx.commit());
  owned_.insert(run_id);
  return run_id;
}

Result<std::int64_t> RunWriter::insert_run(const analysis::RunResult& header, std::int64_t territory_id) {
  Connection& c = detail::connection(session_);
  if (header.maps.empty())
    return fail(ErrorCode::InvalidInput, "a run needs at least the base map", c.path());
  if (header.maps[0].role != MapRole::Base)
    return fail(ErrorCode::InvalidInput, "a run's first map must be its base", c.path());
  STORE_ASSIGN(territory, detail::read_territory(c, territory_id));
  STORE_ASSIGN(checkpoints, upsert_map_checkpoints(c, header.maps));
  STORE_ASSIGN(vocabulary_id, store_vocabulary(c, header.token_texts));
  STORE_ASSIGN(run_id, insert_run_row(c, header, territory_id, territory, vocabulary_id));
  STORE_TRY(insert_run_maps(c, run_id, header.maps, checkpoints));
  STORE_TRY(insert_run_shards(c, run_id, header));
  return run_id;
}

Result<RunWriter::RunShape> RunWriter::writable_run(std::int64_t run_id, const char* doing) {
  Connection& c = detail::connection(session_);
  STORE_TRY(c.require_writable(doing));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (state.status != RunStatus::Running)
    return fail(ErrorCode::InvalidInput,
                "run " + std::to_string(run_id) + " is " + to_string(state.status) +
                    "; resume it before writing to it",
                c.path());
  if (state.owner != detail::current_owner()) {
    if (detail::owner_alive(state.owner)) return std::unexpected(locked_by_writer(run_id, c.path()));
    return fail(ErrorCode::InvalidInput,
                "run " + std::to_string(run_id) + " was started by a process that is gone; resume it first",
                c.path());
  }
  return RunShape{state.maps, state.documents_total};
}

Result<void> RunWriter::commit_documents(std::int64_t run_id, std::span<const DocumentResult> documents) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(shape, writable_run(run_id, "saving documents"));
  STORE_TRY(validate_batch(documents, shape.maps, shape.documents_total, c.path()));
  if (documents.empty()) return {};

  STORE_ASSIGN(tx, Transaction::begin(c, "saving documents"));
  STORE_TRY(check_still_ours(c, run_id));
  BlobScratch scratch;
  std::int64_t added = 0;
  const std::int64_t now = detail::now_ms();
  for (const DocumentResult& d : documents) {
    STORE_ASSIGN(existed, write_document(c, run_id, d, now, scratch));
    if (!existed) ++added;
    if (hooks_.after_document_written) hooks_.after_document_written(d.index);
  }
  STORE_TRY(count_documents_done(c, run_id, added));
  return tx.commit();
}

Result<void> RunWriter::commit_parts(std::int64_t run_id, std::span<const DocumentPart> parts) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(shape, writable_run(run_id, "saving part of a document"));
  for (const DocumentPart& p : parts)
    if (!p.document || p.document->index < 0 || p.document->index >= shape.documents_total ||
        p.document->maps.size() != std::size_t(shape.maps))
      return fail(ErrorCode::InvalidInput, "a document part does not belong to run " + std::to_string(run_id),
                  c.path());
  if (parts.empty()) return {};
  STORE_ASSIGN(tx, Transaction::begin(c, "saving part of a document"));
  STORE_TRY(check_still_ours(c, run_id));
  for (const DocumentPart& p : parts) STORE_TRY(detail::insert_part(c, run_id, p));
  return tx.commit();
}

Result<void> RunWriter::finish_run(std::int64_t run_id, std::span<const analysis::MapSummary> summaries,
                                   const analysis::Projection& projection, RunStatus status,
                                   std::span<const std::string> warnings) {
  Connection& c = detail::connection(session_);
  if (status == RunStatus::Running)
    return fail(ErrorCode::InvalidInput, "a run cannot finish as 'running'", c.path());
  STORE_ASSIGN(shape, writable_run(run_id, "finishing a run"));
  if (!summaries.empty() && summaries.size() != std::size_t(shape.maps))
    return fail(ErrorCode::InvalidInput,
                std::to_string(summaries.size()) + " summaries for a run of " + std::to_string(shape.maps) +
                    " maps",
                c.path());
  // Read before the transaction: this writer owns the run, so its documents cannot change meanwhile.
  std::optional<analysis::RunHistograms> histograms;
  if (status == RunStatus::Complete) {
    STORE_ASSIGN(counted, histograms_of(session_, run_id, shape.maps));
    histograms = std::move(counted);
  }
  STORE_ASSIGN(tx, Transaction::begin(c, "finishing a run"));
  STORE_TRY(replace_summaries(c, run_id, summaries));
  STORE_TRY(replace_histograms(c, run_id, histograms ? &*histograms : nullptr));
  STORE_TRY(write_projection(c, run_id, projection));
  if (!warnings.empty()) STORE_TRY(append_warnings(c, run_id, warnings));
  // A complete run has every document whole; parts are only kept to resume an unfinished one.
  if (status == RunStatus::Complete) STORE_TRY(detail::delete_parts(c, run_id, -1));
  STORE_TRY(mark_finished(c, run_id, status));
  STORE_TRY(tx.commit());
  owned_.erase(run_id);
  return {};
}

Result<std::set<std::int64_t>> RunWriter::completed_documents(std::int64_t run_id) {
  return detail::completed_documents(detail::connection(session_), run_id);
}

Result<void> RunWriter::resume_run(std::int64_t run_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "resuming a run"));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (state.status == RunStatus::Complete)
    return fail(ErrorCode::InvalidInput, "run " + std::to_string(run_id) + " is complete; nothing to resume",
                c.path());
  if (owned_by_someone_else(state)) return std::unexpected(locked_by_writer(run_id, c.path()));
  STORE_TRY(claim_run(c, run_id));
  STORE_TRY(tx.commit());
  owned_.insert(run_id);
  return {};
}

Result<void> RunWriter::extend_sharded_run(std::int64_t run_id, const analysis::RunResult& header) {
  Connection& c = detail::connection(session_);
  STORE_TRY(c.require_writable("adding shards to a run"));
  STORE_ASSIGN(tx, Transaction::begin(c, "adding shards to a run"));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (state.status != RunStatus::Complete)
    return fail(ErrorCode::InvalidInput,
                "run " + std::to_string(run_id) + " is " + to_string(state.status) + "; only a complete merge takes more shards",
                c.path());
  std::set<std::int64_t> held;
  {
    STORE_ASSIGN(q, c.prepare("SELECT shard_index, shard_count FROM run_shards WHERE run_id = ?"));
    q.bind(1, run_id);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      if (q.column_int64(1) != header.shard_count)
        return fail(ErrorCode::Mismatch,
                    "run " + std::to_string(run_id) + " is cut into " + std::to_string(q.column_int64(1)) +
                        " shards, not " + std::to_string(header.shard_count),
                    c.path());
      held.insert(q.column_int64(0));
    }
  }
  if (held.empty())
    return fail(ErrorCode::InvalidInput, "run " + std::to_string(run_id) + " is not a sharded run", c.path());
  analysis::RunResult added;
  added.shard_count = header.shard_count;
  for (std::size_t i = 0; i < header.shards_present.size(); ++i) {
    if (held.count(header.shards_present[i])) continue;
    added.shards_present.push_back(header.shards_present[i]);
    added.shard_sources.push_back(i < header.shard_sources.size() ? header.shard_sources[i] : std::string());
  }
  STORE_TRY(insert_run_shards(c, run_id, added));
  STORE_TRY(replace_histograms(c, run_id, nullptr));  // counted again when the extended run finishes
  STORE_TRY(claim_run(c, run_id));
  STORE_TRY(tx.commit());
  owned_.insert(run_id);
  return {};
}

Result<void> RunWriter::mark_interrupted(std::int64_t run_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "marking a run interrupted"));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (owned_by_someone_else(state)) return std::unexpected(locked_by_writer(run_id, c.path()));
  if (state.status == RunStatus::Running) {
    STORE_ASSIGN(q, c.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ?"));
    q.bind(1, run_id);
    STORE_TRY(q.run());
  }
  STORE_TRY(tx.commit());
  owned_.erase(run_id);
  return {};
}

Result<std::vector<std::int64_t>> RunWriter::mark_orphaned_runs_interrupted() {
  Connection& c = detail::connection(session_);
  STORE_TRY(c.require_writable("marking interrupted runs"));
  return detail::interrupt_orphaned_runs(c);
}

Result<void> RunWriter::delete_run(std::int64_t run_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "deleting a run"));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (owned_by_someone_else(state)) return std::unexpected(locked_by_writer(run_id, c.path()));
  {
    STORE_ASSIGN(q, c.prepare("DELETE FROM runs WHERE id = ?"));
    q.bind(1, run_id);
    STORE_TRY(q.run());
  }
  {
    // Vocabularies are shared between runs; drop the ones no run uses any more.
    STORE_ASSIGN(q, c.prepare("DELETE FROM vocabularies WHERE id NOT IN "
                              "(SELECT vocabulary_id FROM runs WHERE vocabulary_id IS NOT NULL)"));
    STORE_TRY(q.run());
  }
  STORE_TRY(tx.commit());
  owned_.erase(run_id);
  return {};
}

}  // namespace core::store


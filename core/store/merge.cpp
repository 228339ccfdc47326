#include "core/store/merge.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>

#include "core/analysis/projection.h"
#include "core/analysis/summary.h"
#include "core/store/catalog.h"
#include "core/store/detail/access.h"
#include "core/store/detail/merge_parts.h"
#include "core/store/detail/merge_shifts.h"
#include "core/store/detail/sqlite.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/zoom_store.h"

namespace core::store {
namespace {

using analysis::RunResult;
using detail::difference;
using detail::holds;
using detail::Part;
using detail::ParentLink;
using detail::shards_text;
using detail::zoom_difference;
using detail::zoom_key;

Result<void> load_zooms(SessionFile& session, Part& part) {
  ZoomStore store(session);
  auto listed = store.list(part.run_id);
  if (!listed) return std::unexpected(listed.error());
  for (const ZoomListing& l : *listed) {
    auto z = store.load(l.id);
    if (!z) return std::unexpected(z.error());
    part.zooms.push_back(std::move(*z));
    part.zoom_ids.push_back(l.id);
  }
  return {};
}

std::string checkpoint_key(const CheckpointRecord& r) { return r.sha256.empty() ? "path:" + r.path : r.sha256; }

// The parents set in a session, as links between checkpoint keys.
Result<std::vector<ParentLink>> read_parents(SessionFile& session) {
  auto all = Catalog(session).checkpoints();
  if (!all) return std::unexpected(all.error());
  std::map<std::int64_t, std::string> key;
  for (const CheckpointRecord& r : *all) key[r.id] = checkpoint_key(r);
  std::vector<ParentLink> out;
  for (const CheckpointRecord& r : *all)
    if (r.parent_id != 0 && key.count(r.parent_id)) out.push_back({key[r.id], key[r.parent_id]});
  return out;
}

// Carries the shards' lineage into the output: a checkpoint whose parent the output has not set gets
// the one a shard session set (the first shard that sets one wins; the output's own choice stays).
Result<void> write_parents(detail::Connection& c, const std::vector<const Part*>& parts) {
  const auto id_of = [&c](const std::string& key) -> Result<std::int64_t> {
    const bool by_path = key.starts_with("path:");
    STORE_ASSIGN(q, c.prepare(by_path ? "SELECT id FROM checkpoints WHERE sha256 = '' AND path = ? LIMIT 1"
                                      : "SELECT id FROM checkpoints WHERE sha256 = ? LIMIT 1"));
    const std::string value = by_path ? key.substr(5) : key;
    q.bind(1, std::string_view(value));
    STORE_ASSIGN(row, q.step());
    return row ? q.column_int64(0) : 0;
  };
  for (const Part* p : parts)
    for (const ParentLink& link : p->parents) {
      STORE_ASSIGN(child, id_of(link.child));
      STORE_ASSIGN(parent, id_of(link.parent));
      if (child == 0 || parent == 0 || child == parent) continue;
      STORE_ASSIGN(q, c.prepare("UPDATE checkpoints SET parent_id = ? WHERE id = ? AND parent_id IS NULL"));
      q.bind(1, parent).bind(2, child);
      STORE_TRY(q.run());
    }
  return {};
}

// The one complete sharded run of a session, or 0 when it has none (`required`: an error then).
Result<std::int64_t> sharded_run(SessionFile& session, bool required) {
  RunReader reader(session);
  auto runs = reader.list_runs();
  if (!runs) return std::unexpected(runs.error());
  std::vector<std::int64_t> ids;
  for (const RunListing& r : *runs)
    if (r.shard_count > 0 && r.status == RunStatus::Complete) ids.push_back(r.id);
  if (ids.size() > 1)
    return fail(ErrorCode::InvalidInput,
                "holds " + std::to_string(ids.size()) + " sharded runs; merge takes sessions that hold one each",
                session.path().string());
  if (ids.empty() && required)
    return fail(ErrorCode::InvalidInput,
                "holds no complete sharded run (made by `compare --shard I/N`, run to its end); nothing to merge",
                session.path().string());
  return ids.empty() ? 0 : ids[0];
}

Result<RunResult> load_whole(SessionFile& session, std::int64_t run_id, Job& job) {
  RunReader reader(session);
  auto run = reader.load_run(run_id, {.samples = true});
  if (!run) return std::unexpected(run.error());
  for (analysis::DocumentResult& d : run->documents) {
    auto tracks = reader.load_tracks(run_id, d.index);
    if (!tracks) return std::unexpected(tracks.error());
    d.maps = std::move(*tracks);
    if (job.cancelled()) return fail(ErrorCode::Cancelled, "merge cancelled");
  }
  return run;
}

Result<Part> read_part(SessionFile& session, const std::filesystem::path& path, std::int64_t id, Job& job) {
  auto run = load_whole(session, id, job);
  if (!run) return std::unexpected(run.error());
  Part part{path.string(), id, std::move(*run), {}, {}, {}};
  if (auto z = load_zooms(session, part); !z) return std::unexpected(z.error());
  auto parents = read_parents(session);
  if (!parents) return std::unexpected(parents.error());
  part.parents = std::move(*parents);
  return part;
}

// The whole territory, texts included, as the shard session recorded it.
Result<TerritoryRecord> read_territory_record(const std::filesystem::path& path, std::int64_t run_id) {
  auto session = SessionFile::open(path, OpenMode::ReadOnly);
  if (!session) return std::unexpected(session.error());
  auto territory_id = RunReader(*session).territory_of(run_id);
  if (!territory_id) return std::unexpected(territory_id.error());
  Catalog catalog(*session);
  auto record = catalog.territory(*territory_id);
  if (!record) return std::unexpected(record.error());
  auto documents = catalog.documents(*territory_id);
  if (!documents) return std::unexpected(documents.error());
  for (DocumentRecord& d : *documents) {
    auto text = catalog.document_text(*territory_id, d.index);
    if (!text) return std::unexpected(text.error());
    d.text = std::move(*text);
  }
  record->documents = std::move(*documents);
  return record;
}

// Writes the merged run in one transaction. Into an output that holds an earlier (partial) merge,
// `extend` names that run: it keeps its id (and whatever the session ties to it), takes the new shards'
// documents (`fresh`) and the summaries over all of them. Else a new run with every document.
// The output's earlier zoom runs (`replaced_zooms`) give way to the folded ones (`zooms`), whose rows
// are made over the merged run. Cancelled before the commit: nothing is written.
Result<std::int64_t> write_merged(SessionFile& session, const RunResult& merged, const TerritoryRecord& territory,
                                  std::int64_t extend, std::span<const analysis::DocumentResult> fresh,
                                  std::vector<analysis::ZoomResult> zooms, const std::vector<std::int64_t>& replaced_zooms,
                                  const std::vector<const Part*>& parts, Job& job) {
  detail::Connection& c = detail::connection(session);
  auto tx = detail::Transaction::begin(c, "merging shards");
  if (!tx) return std::unexpected(tx.error());
  RunWriter writer(session);
  std::int64_t id = extend;
  if (extend) {
    if (auto r = writer.extend_sharded_run(extend, merged); !r) return std::unexpected(r.error());
    if (auto r = writer.commit_documents(id, fresh); !r) return std::unexpected(r.error());
    if (!job.flush()) return fail(ErrorCode::Cancelled, "merge cancelled");
  } else {
    auto begun = writer.begin_run(merged, territory);
    if (!begun) return std::unexpected(begun.error());
    id = *begun;
    if (auto r = writer.commit_documents(id, merged.documents); !r) return std::unexpected(r.error());
    if (!job.flush()) return fail(ErrorCode::Cancelled, "merge cancelled");
  }
  if (auto r = writer.finish_run(id, merged.summaries, merged.projection, RunStatus::Complete); !r)
    return std::unexpected(r.error());
  ZoomStore store(session);
  for (std::int64_t z : replaced_zooms)
    if (auto r = store.remove(z); !r) return std::unexpected(r.error());
  for (analysis::ZoomResult& z : zooms) {
    if (auto ids = store.prompt_versions(z.prompts); !ids) return std::unexpected(ids.error());
    if (auto r = store.save(id, z, analysis::zoom_rows(z, merged)); !r) return std::unexpected(r.error());
  }
  if (auto r = write_parents(c, parts); !r) return std::unexpected(r.error());
  // A stop asked for now (Ctrl-C, the cancel hook) rolls everything back: the output stays as it was.
  if (!job.flush()) return fail(ErrorCode::Cancelled, "merge cancelled");
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return id;
}

// Summaries and projection over every document, in document order (as summary.h defines them).
void summarize_merged(RunResult& merged) {
  const int zoomed = merged.zoomed_index();
  analysis::SummaryAccumulator acc(merged.maps.size(), {}, zoomed);
  for (const analysis::DocumentResult& d : merged.documents) acc.add(d);
  merged.summaries = acc.finish();
  std::int64_t dim = 0;
  for (const analysis::DocumentResult& d : merged.documents)
    if (!d.sample_positions.empty()) {
      dim = std::int64_t(d.samples.size() / d.sample_positions.size());
      break;
    }
  merged.projection = dim > 0 ? analysis::project(merged.documents, dim) : analysis::Projection{};
}

// Every zoom run folded over the merged run's documents: a document's KL comes from the part its run
// tracks came from (`owner`: document index -> part), placed where the document is in `merged`.
std::vector<analysis::ZoomResult> fold_zooms(const std::vector<const Part*>& all, const RunResult& merged,
                                             const std::map<std::int64_t, const Part*>& owner) {
  std::map<std::int64_t, std::size_t> place;
  for (std::size_t i = 0; i < merged.documents.size(); ++i) place[merged.documents[i].index] = i;
  std::vector<analysis::ZoomResult> out;
  for (const analysis::ZoomResult& first : all.front()->zooms) {
    analysis::ZoomResult z;
    z.prompts = first.prompts;
    for (auto& p : z.prompts) p.version_id = 0;  // the output's own library versions are found on writing
    z.map_names = first.map_names;
    z.prefix_tokens = first.prefix_tokens;
    z.window = first.window;
    z.batch = first.batch;
    z.kl_tz.assign(first.kl_tz.size(), std::vector<std::vector<std::vector<float>>>(
                                           first.map_names.size(), std::vector<std::vector<float>>(merged.documents.size())));
    const std::string key = zoom_key(first);
    for (const Part* part : all) {
      const auto it = std::find_if(part->zooms.begin(), part->zooms.end(),
                                   [&key](const analysis::ZoomResult& x) { return zoom_key(x) == key; });
      if (it == part->zooms.end()) continue;  // cannot happen: zoom_difference refused it
      for (std::size_t i = 0; i < part->run.documents.size(); ++i) {
        const std::int64_t index = part->run.documents[i].index;
        if (owner.at(index) != part) continue;
        for (std::size_t p = 0; p < z.kl_tz.size(); ++p)
          for (std::size_t t = 0; t < z.kl_tz[p].size(); ++t)
            if (i < it->kl_tz[p][t].size()) z.kl_tz[p][t][place.at(index)] = it->kl_tz[p][t][i];
      }
    }
    out.push_back(std::move(z));
  }
  return out;
}

}  // namespace

Result<MergeReport> merge_shards(const std::filesystem::path& out, const std::vector<std::filesystem::path>& shards,
                                 Job& job) {
  if (shards.empty()) return fail(ErrorCode::InvalidInput, "merge needs at least one shard session", out.string());
  // Everything is read and checked before the output is opened for writing.
  std::vector<Part> parts;
  std::vector<detail::ShiftPart> shift_parts;
  bool with_run = false, with_shift = false;  // the kinds the first input holds; every other must hold them too
  job.begin("reading shards", std::int64_t(shards.size()));
  for (const auto& path : shards) {
    std::error_code ec;
    if (std::filesystem::exists(out) && std::filesystem::equivalent(path, out, ec))
      return fail(ErrorCode::InvalidInput, "is the output itself; name it only once, as OUT", path.string());
    if (!std::filesystem::exists(path)) return fail(ErrorCode::NotFound, "no such shard session", path.string());
    auto session = SessionFile::open(path, OpenMode::ReadOnly);
    if (!session) return std::unexpected(session.error());
    auto id = sharded_run(*session, false);
    if (!id) return std::unexpected(id.error());
    auto shift = detail::sharded_shift(*session);
    if (!shift) return std::unexpected(shift.error());
    if (!*id && !*shift)
      return fail(ErrorCode::InvalidInput,
                  "holds no complete sharded run (made by `compare --shard I/N`, run to its end) and no sharded token "
                  "shift (`shift --shard I/N`); nothing to merge",
                  path.string());
    const bool first_input = parts.empty() && shift_parts.empty();
    const std::string first_path = first_input ? std::string() : !parts.empty() ? parts.front().path : shift_parts.front().path;
    if (first_input) {
      with_run = *id != 0;
      with_shift = bool(*shift);
    } else if (with_run != (*id != 0) || with_shift != bool(*shift)) {
      return fail(ErrorCode::Mismatch,
                  "shard session " + path.string() + " cannot be merged with " + first_path + ": it holds " +
                      holds(*id != 0, bool(*shift)) + " where the first shard holds " + holds(with_run, with_shift) +
                      "; merge only the shards of one run (and of one token shift)",
                  path.string());
    }
    if (*id) {
      auto part = read_part(*session, path, *id, job);
      if (!part) return std::unexpected(part.error());
      if (!parts.empty()) {
        if (auto d = difference(parts.front().run, part->run, "the first shard"))
          return fail(ErrorCode::Mismatch,
                      "shard session " + part->path + " (" + shards_text(part->run) + ") cannot be merged with " +
                          parts.front().path + ": it " + *d + "; merge only the shards of one run",
                      part->path);
        if (auto d = zoom_difference(parts.front(), *part, "the first shard"))
          return fail(ErrorCode::Mismatch,
                      "shard session " + part->path + " (" + shards_text(part->run) + ") cannot be merged with " +
                          parts.front().path + ": it " + *d + "; zoom every shard with the same prompts and --batch",
                      part->path);
      }
      parts.push_back(std::move(*part));
    }
    if (*shift) {
      detail::ShiftPart part{path.string(), std::move(**shift)};
      if (!shift_parts.empty())
        if (auto r = detail::check_shift_part(shift_parts.front(), part); !r) return std::unexpected(r.error());
      shift_parts.push_back(std::move(part));
    }
    if (!job.advance()) return fail(ErrorCode::Cancelled, "merge cancelled");
  }

  const bool existed = std::filesystem::exists(out);
  std::optional<Part> earlier;  // the output's own sharded run (an earlier, partial merge)
  std::optional<detail::ShiftPart> earlier_shift;  // and its own sharded token shift
  if (existed) {
    auto session = SessionFile::open(out, OpenMode::ReadOnly);
    if (!session) return std::unexpected(session.error());
    if (with_run) {
      const RunResult& first = parts.front().run;
      auto id = sharded_run(*session, false);
      if (!id) return std::unexpected(id.error());
      if (*id) {
        auto run = load_whole(*session, *id, job);
        if (!run) return std::unexpected(run.error());
        if (auto d = difference(*run, first, "the output's merge"))
          return fail(ErrorCode::Mismatch,
                      "shard session " + parts.front().path + " (" + shards_text(first) + ") cannot be merged into " +
                          out.string() + ", which holds " + shards_text(*run) + " of another run: it " + *d +
                          "; merge into another file",
                      parts.front().path);
        earlier = Part{out.string(), *id, std::move(*run), {}, {}, {}};
        if (auto z = load_zooms(*session, *earlier); !z) return std::unexpected(z.error());
        if (auto d = zoom_difference(*earlier, parts.front(), "the output's merge"))
          return fail(ErrorCode::Mismatch,
                      "shard session " + parts.front().path + " (" + shards_text(first) + ") cannot be merged into " +
                          out.string() + ": it " + *d + "; zoom every shard with the same prompts and --batch",
                      parts.front().path);
      }
    }
    if (with_shift) {
      auto shift = detail::earlier_shift(*session, out, shift_parts.front());
      if (!shift) return std::unexpected(shift.error());
      earlier_shift = std::move(*shift);
    }
  }

  MergeReport report;
  std::optional<detail::ShiftFold> shift_fold;
  if (with_shift) {
    shift_fold = detail::fold_shifts(earlier_shift, shift_parts);
    report.shift = detail::shift_report(*shift_fold);
  }
  const bool shift_news = with_shift && !(earlier_shift && shift_fold->added.empty());

  // The union, by document index and shard; the output's earlier merge first, so its documents stay.
  RunResult merged;
  std::vector<const Part*> all;
  std::map<std::int64_t, const Part*> owner;  // document index -> the part its results come from
  std::vector<analysis::DocumentResult> fresh;
  bool run_news = false;
  if (with_run) {
    const RunResult& first = parts.front().run;
    merged.settings = first.settings;
    merged.maps = first.maps;
    merged.territory = first.territory;
    merged.token_texts = first.token_texts;
    merged.warnings = first.warnings;
    merged.versions = first.versions;
    merged.window = first.window;
    merged.stride = first.stride;
    merged.shard_count = first.shard_count;
    std::map<std::int64_t, std::string> sources;  // shard -> the session it came from
    std::map<std::int64_t, const analysis::DocumentResult*> documents;
    if (earlier) all.push_back(&*earlier);
    for (const Part& p : parts) all.push_back(&p);
    for (const Part* p : all)
      for (std::size_t i = 0; i < p->run.shards_present.size(); ++i) {
        const std::int64_t shard = p->run.shards_present[i];
        if (sources.count(shard)) continue;
        const bool from_output = earlier && p == &*earlier;
        sources[shard] = from_output && i < p->run.shard_sources.size() ? p->run.shard_sources[i] : p->path;
        if (!from_output) report.added.push_back(shard);
      }
    for (const Part* p : all)
      for (const analysis::DocumentResult& d : p->run.documents)
        if (documents.try_emplace(d.index, &d).second) owner[d.index] = p;
    report.shard_count = merged.shard_count;
    for (const auto& [shard, source] : sources) {
      merged.shards_present.push_back(shard);
      merged.shard_sources.push_back(source);
    }
    for (std::int64_t s = 0; s < merged.shard_count; ++s)
      if (!sources.count(s)) report.missing.push_back(s);
    report.present = merged.shards_present;
    report.documents = std::int64_t(documents.size());
    report.documents_total = first.territory.documents;
    std::sort(report.added.begin(), report.added.end());
    run_news = !(earlier && report.added.empty());
    if (earlier) report.run_id = earlier->run_id;
    std::set<std::int64_t> held;  // documents the output's earlier merge already has
    if (earlier)
      for (const analysis::DocumentResult& d : earlier->run.documents) held.insert(d.index);
    for (const auto& [index, d] : documents) {
      merged.documents.push_back(*d);
      if (!held.count(index)) fresh.push_back(*d);
    }
  }
  if (!run_news && !shift_news) return report;  // idempotent: nothing new, the file is not touched

  std::vector<analysis::ZoomResult> zooms;
  std::optional<TerritoryRecord> territory;
  if (run_news) {
    summarize_merged(merged);
    zooms = fold_zooms(all, merged, owner);
    auto read = read_territory_record(parts.front().path, parts.front().run_id);
    if (!read) return std::unexpected(read.error());
    territory = std::move(*read);
  }
  if (job.cancelled()) return fail(ErrorCode::Cancelled, "merge cancelled");

  job.begin(run_news ? "writing the merged run" : "writing the merged token shift", 1);
  std::int64_t shift_id = 0;
  const auto write = [&]() -> Result<std::int64_t> {
    auto session = SessionFile::open(out, OpenMode::CreateIfMissing);
    if (!session) return std::unexpected(session.error());
    if (session->read_only())
      return fail(ErrorCode::ReadOnly, "the output session is read-only; nothing was merged", out.string());
    // One outer transaction: the run's and the shift's writes are savepoints of it, all or nothing.
    auto tx = detail::Transaction::begin(detail::connection(*session), "merging shards");
    if (!tx) return std::unexpected(tx.error());
    std::int64_t run_id = report.run_id;
    if (run_news) {
      std::vector<const Part*> shard_parts;
      for (const Part& p : parts) shard_parts.push_back(&p);
      auto id = write_merged(*session, merged, *territory, earlier ? earlier->run_id : 0, fresh, std::move(zooms),
                             earlier ? earlier->zoom_ids : std::vector<std::int64_t>{}, shard_parts, job);
      if (!id) return std::unexpected(id.error());
      run_id = *id;
    }
    if (shift_news) {
      auto id = detail::write_shift_fold(*session, *shift_fold);
      if (!id) return std::unexpected(id.error());
      shift_id = *id;
    }
    if (!job.flush()) return fail(ErrorCode::Cancelled, "merge cancelled");
    if (auto r = tx->commit(); !r) return std::unexpected(r.error());
    return run_id;
  };
  auto id = write();  // the session is closed again here
  if (!id) {
    std::error_code ec;
    if (!existed)  // leave no half-made file behind
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(out.string() + suffix, ec);
    return std::unexpected(id.error());
  }
  job.advance();
  report.run_id = *id;
  if (report.shift && shift_news) report.shift->shift_id = shift_id;
  return report;
}

}  // namespace core::store

#include "widgets/session/storebackend.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <map>

#include "core/store/catalog.h"
#include "core/store/edits.h"
#include "core/store/library.h"
#include "core/store/prompt_versions.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "core/store/token_shifts.h"
#include "core/store/track_reader.h"
#include "core/territory/territory.h"

namespace widgets {
namespace {

namespace store = core::store;

QString q(const std::string& s) { return QString::fromStdString(s); }
// A class lupdate can see, so that these strings reach translations/ (a function wrapping
// QCoreApplication::translate hid them from it).
struct StoreBackendText {
  Q_DECLARE_TR_FUNCTIONS(StoreBackend)
};
std::string s(const QString& q) { return q.toStdString(); }
QDateTime fromMs(std::int64_t ms) { return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms) : QDateTime(); }

// Turns a failed store call into the error of this operation (the store's errors already name the file).
#define CARTOGRAPH_TRY(var, expr)                        \
  auto var = (expr);                                     \
  if (!var) return std::unexpected(var.error())

RunEntry runEntry(const store::RunListing& r) {
  RunEntry e;
  e.id = r.id;
  e.status = r.status;
  e.territory = q(r.territory_source);
  QStringList names;
  for (std::size_t m = 0; m < r.map_names.size(); ++m)
    if (m >= r.map_roles.size() || r.map_roles[m] != core::analysis::MapRole::Zoomed) names << q(r.map_names[m]);
  e.checkpoints = names;
  e.prompt = q(r.prompt);
  e.name = names.join(QStringLiteral(" → ")) + StoreBackendText::tr(" on %1").arg(QFileInfo(e.territory).fileName());
  if (!e.prompt.isEmpty()) e.name += StoreBackendText::tr(" (zoomed)");
  e.created = fromMs(r.created_ms);
  if (r.status == store::RunStatus::Interrupted || r.status == store::RunStatus::Running)
    e.message = StoreBackendText::tr("%1 of %2 documents committed").arg(r.documents_done).arg(r.documents_total);
  e.shardCount = r.shard_count;
  for (std::int64_t i : r.shards_present) e.shardsPresent << i;
  if (const QList<qint64> missing = e.missingShards(); !missing.isEmpty()) {
    QStringList shards;
    for (qint64 i : missing) shards << QString::number(i);
    e.message = StoreBackendText::tr("Partial merge: %1 of %2 shards present (%3 of %4 documents); missing shard %5 "
                               "(counted from 0). Merge them into this file with cartograph-cli merge to complete it.")
                    .arg(qlonglong(r.shards_present.size()))
                    .arg(r.shard_count)
                    .arg(r.documents_done)
                    .arg(r.documents_total)
                    .arg(shards.join(QStringLiteral(", ")));
  }
  return e;
}

}  // namespace

core::Result<SessionContents> StoreBackend::open(const QString& path, core::Job& job) {
  job.begin("reading session", 5);
  CARTOGRAPH_TRY(session, store::SessionFile::open(s(path), store::OpenMode::ReadWrite));
  store::Catalog catalog(*session);
  store::Library library(*session);
  store::RunReader reader(*session);
  SessionContents c;
  c.path = path;
  for (const std::string& w : session->warnings()) c.warnings << q(w);

  CARTOGRAPH_TRY(checkpoints, catalog.checkpoints());
  for (const store::CheckpointRecord& r : *checkpoints) {
    CheckpointEntry e;
    e.id = r.id;
    e.name = q(r.name);
    e.path = q(r.path);
    e.role = r.role;
    e.format = q(r.format);
    e.sha256 = q(r.sha256);
    e.notes = q(r.notes);
    e.parent = r.parent_id;
    e.config = q(r.config_json);
    c.checkpoints.push_back(e);
  }
  job.advance();
  CARTOGRAPH_TRY(territories, catalog.territories());
  std::map<std::int64_t, QString> hashOf;
  for (const store::TerritoryRecord& t : *territories) {
    c.territories.push_back({t.id, q(t.source), q(t.content_hash), t.document_count, t.bytes});
    hashOf[t.id] = q(t.content_hash);
    // What reading the territory skipped or replaced stays visible on every opening (schema 6).
    for (const store::TerritoryWarning& w : t.warnings)
      c.warnings << StoreBackendText::tr("Territory %1: %2")
                        .arg(q(t.source), q(core::territory::describe({w.path, w.line, w.byte_offset, w.message})));
  }
  job.advance();
  CARTOGRAPH_TRY(runs, reader.list_runs());
  for (const store::RunListing& r : *runs) {
    c.runs.push_back(runEntry(r));
    // A partial merge says what it lacks where the user looks first (the Issues dock), not only in a tooltip.
    if (!c.runs.back().missingShards().isEmpty())
      c.warnings << StoreBackendText::tr("Run %1 (%2): %3").arg(r.id).arg(c.runs.back().name, c.runs.back().message);
  }
  job.advance();
  CARTOGRAPH_TRY(prompts, library.prompts());
  for (const store::PromptRecord& p : *prompts) {
    PromptEntry e{p.id, q(p.name), p.versions.empty() ? QString() : q(p.versions.back().text), {}, q(p.note), {}};
    for (const std::string& t : p.tags) e.tags << q(t);
    for (std::size_t v = 0; v + 1 < p.versions.size(); ++v) e.history << q(p.versions[v].text);
    c.prompts.push_back(std::move(e));
  }
  CARTOGRAPH_TRY(shifts, store::token_shifts(*session));
  c.shifts = std::move(*shifts);
  CARTOGRAPH_TRY(slices, library.slices());
  for (const store::SliceRecord& r : *slices) {
    auto definition = SliceDefinition::from_json(r.definition_json);
    if (!definition) {
      c.warnings << StoreBackendText::tr("Slice “%1” was skipped: %2").arg(q(r.name), q(definition.error().message));
      continue;
    }
    c.slices.push_back({r.id, q(r.name), *definition});
  }
  job.advance();
  for (const store::TerritoryRecord& t : *territories) {
    CARTOGRAPH_TRY(notes, library.annotations(t.id));
    if (notes->empty()) continue;
    CARTOGRAPH_TRY(documents, catalog.documents(t.id));
    std::map<std::int64_t, QString> names;
    for (const store::DocumentRecord& d : *documents) names[d.index] = q(d.name);
    for (const store::AnnotationRecord& a : *notes) {
      AnnotationEntry e;
      e.id = a.id;
      e.territoryHash = hashOf[t.id];
      e.document = int(a.document_index);
      e.documentName = names[a.document_index];
      e.begin = int(a.span_start);
      e.end = int(a.span_end);
      e.textBegin = a.text_start;
      e.textEnd = a.text_end;
      e.note = q(a.note);
      e.created = fromMs(a.created_ms);
      c.annotations.push_back(e);
    }
  }
  CARTOGRAPH_TRY(view, library.view_state("gui"));
  if (*view) c.viewState = QJsonDocument::fromJson(QByteArray::fromStdString(**view)).object();
  job.advance();
  return c;
}

core::Result<SessionContents> StoreBackend::create(const QString& path, core::Job&) {
  CARTOGRAPH_TRY(session, store::SessionFile::create(s(path)));
  SessionContents c;
  c.path = path;
  return c;
}

core::Result<std::shared_ptr<const core::analysis::RunResult>> StoreBackend::loadRun(const QString& path,
                                                                                     qint64 runId, core::Job& job) {
  // Documents, their statistics and the run's summaries now; each document's tracks when a view or a
  // pass over the run needs them (docs/ARCHITECTURE.md, "Lazy tracks"): opening costs the same for a
  // thousand positions and for millions.
  job.begin("reading run", 1);
  CARTOGRAPH_TRY(run, store::read_run_lazily(s(path), runId));
  job.advance();
  return std::make_shared<const core::analysis::RunResult>(std::move(*run));
}

core::Result<store::SavedEdits> StoreBackend::save(const QString& path, const store::SessionEdits& edits,
                                                  core::Job& job) {
  job.begin("saving session", 1);
  CARTOGRAPH_TRY(session, store::SessionFile::open(s(path), store::OpenMode::ReadWrite));
  if (session->read_only())
    return core::fail(core::ErrorCode::ReadOnly, "the session file is read-only: the changes were not saved",
                      s(path));
  auto saved = store::save_edits(*session, edits);
  job.advance();
  return saved;
}

core::Result<store::SavedEdits> StoreBackend::saveCopy(const QString& from, const QString& to,
                                                      const store::SessionEdits& edits, core::Job& job) {
  namespace fs = std::filesystem;
  job.begin("copying session", 3);
  const fs::path target = s(to);
  // Appended in place: GCC 12 warns -Wrestrict (a false positive) on "." + std::string&&.
  std::string partName = ".";
  partName += target.filename().string();
  partName += ".part";
  const fs::path part = target.parent_path() / partName;
  const auto removeFile = [](const fs::path& p) {
    std::error_code ec;
    fs::remove(p, ec);
    fs::remove(p.string() + "-wal", ec);
    fs::remove(p.string() + "-shm", ec);
  };
  removeFile(part);  // left by an earlier attempt that was killed
  {
    CARTOGRAPH_TRY(source, store::SessionFile::open(s(from), store::OpenMode::ReadOnly));
    if (auto copied = source->save_copy(part); !copied) {
      removeFile(part);
      return std::unexpected(copied.error());
    }
  }
  job.advance();
  core::Result<store::SavedEdits> saved = [&]() -> core::Result<store::SavedEdits> {
    CARTOGRAPH_TRY(copy, store::SessionFile::open(part, store::OpenMode::ReadWrite));
    CARTOGRAPH_TRY(ids, store::save_edits(*copy, edits));
    // Everything into the main file before it is renamed: a -wal file does not follow a rename.
    if (auto folded = copy->checkpoint(); !folded) return std::unexpected(folded.error());
    return ids;
  }();
  job.advance();
  if (!saved) {
    removeFile(part);
    return saved;
  }
  // A replaced session's -wal and -shm belong to the old file and must not be read with the new one.
  std::error_code ec;
  fs::remove(target.string() + "-wal", ec);
  fs::remove(target.string() + "-shm", ec);
  fs::rename(part, target, ec);
  if (ec) {
    removeFile(part);
    return core::fail(core::ErrorCode::Io, "cannot write the session copy: " + ec.message(), target.string());
  }
  job.advance();
  return saved;
}

core::Result<store::ShiftRecord> StoreBackend::recordShift(const QString& path, store::ShiftRecord record,
                                                         const std::vector<qint64>& promptIds, core::Job& job) {
  job.begin("recording the token shift", 1);
  CARTOGRAPH_TRY(session, store::SessionFile::open(s(path), store::OpenMode::ReadWrite));
  if (session->read_only())
    return core::fail(core::ErrorCode::ReadOnly, "the session file is read-only: the token shift was not recorded",
                      s(path));
  for (store::ShiftMapRecord& map : record.maps)
    for (std::size_t i = 0; i < map.prompts.size() && i < promptIds.size(); ++i) {
      if (promptIds[i] <= 0) continue;  // a prompt made since the last save has no version yet
      CARTOGRAPH_TRY(version, store::find_prompt_version(*session, promptIds[i], map.prompts[i].prompt_text));
      if (*version) map.prompts[i].prompt_version_id = (*version)->version_id;
    }
  CARTOGRAPH_TRY(id, store::record_token_shift(*session, record));
  CARTOGRAPH_TRY(all, store::token_shifts(*session));
  job.advance();
  for (store::ShiftRecord& r : *all)
    if (r.id == *id) return std::move(r);
  return core::fail(core::ErrorCode::Internal, "the recorded token shift could not be read back", s(path));
}

#undef CARTOGRAPH_TRY

}  // namespace widgets

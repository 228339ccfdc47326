#include "widgets/session/storebackend.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <map>
#include <set>

#include "core/store/catalog.h"
#include "core/store/library.h"
#include "core/store/run_reader.h"
#include "core/store/session.h"

namespace widgets {
namespace {

namespace store = core::store;

QString q(const std::string& s) { return QString::fromStdString(s); }
QString trStoreBackend(const char* text) { return QCoreApplication::translate("StoreBackend", text); }
std::string s(const QString& q) { return q.toStdString(); }
QDateTime fromMs(std::int64_t ms) { return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms) : QDateTime(); }

// Turns a failed store call into the error of this operation (the store's errors already name the file).
#define CARTOGRAPH_TRY(var, expr)                        \
  auto var = (expr);                                     \
  if (!var) return std::unexpected(var.error())

RunStatus statusOf(store::RunStatus status) {
  switch (status) {
    case store::RunStatus::Running: return RunStatus::Running;
    case store::RunStatus::Interrupted: return RunStatus::Interrupted;
    case store::RunStatus::Cancelled: return RunStatus::Cancelled;
    case store::RunStatus::Failed: return RunStatus::Failed;
    case store::RunStatus::Complete: return RunStatus::Finished;
  }
  return RunStatus::Failed;
}

RunEntry runEntry(const store::RunListing& r) {
  RunEntry e;
  e.id = r.id;
  e.status = statusOf(r.status);
  e.territory = q(r.territory_source);
  QStringList names;
  for (std::size_t m = 0; m < r.map_names.size(); ++m)
    if (m >= r.map_roles.size() || r.map_roles[m] != core::analysis::MapRole::Zoomed) names << q(r.map_names[m]);
  e.checkpoints = names;
  e.prompt = q(r.prompt);
  e.name = names.join(QStringLiteral(" → ")) + trStoreBackend(" on %1").arg(QFileInfo(e.territory).fileName());
  if (!e.prompt.isEmpty()) e.name += trStoreBackend(" (zoomed)");
  e.created = fromMs(r.created_ms);
  if (r.status == store::RunStatus::Interrupted || r.status == store::RunStatus::Running)
    e.message = trStoreBackend("%1 of %2 documents committed").arg(r.documents_done).arg(r.documents_total);
  return e;
}

}  // namespace

core::Result<SessionContents> StoreBackend::open(const QString& path, core::Job& job) {
  job.begin("reading session", 5);
  CARTOGRAPH_TRY(session, store::Session::open(s(path), store::OpenMode::ReadWrite));
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
    c.checkpoints.push_back(e);
  }
  job.advance();
  CARTOGRAPH_TRY(territories, catalog.territories());
  std::map<std::int64_t, QString> hashOf;
  for (const store::TerritoryRecord& t : *territories) {
    c.territories.push_back({t.id, q(t.source), q(t.content_hash), t.document_count, t.bytes});
    hashOf[t.id] = q(t.content_hash);
  }
  job.advance();
  CARTOGRAPH_TRY(runs, reader.list_runs());
  for (const store::RunListing& r : *runs) c.runs.push_back(runEntry(r));
  job.advance();
  CARTOGRAPH_TRY(prompts, library.prompts());
  for (const store::PromptRecord& p : *prompts)
    c.prompts.push_back({p.id, q(p.name), p.versions.empty() ? QString() : q(p.versions.back().text)});
  CARTOGRAPH_TRY(slices, library.slices());
  for (const store::SliceRecord& r : *slices) {
    auto definition = SliceDefinition::from_json(r.definition_json);
    if (!definition) {
      c.warnings << trStoreBackend("Slice “%1” was skipped: %2").arg(q(r.name), q(definition.error().message));
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
  CARTOGRAPH_TRY(session, store::Session::create(s(path)));
  SessionContents c;
  c.path = path;
  return c;
}

core::Result<std::shared_ptr<const core::analysis::RunResult>> StoreBackend::loadRun(const QString& path,
                                                                                     qint64 runId, core::Job& job) {
  CARTOGRAPH_TRY(session, store::Session::open(s(path), store::OpenMode::ReadOnly));
  store::RunReader reader(*session);
  CARTOGRAPH_TRY(run, reader.load_run(runId));
  // The views show any document at once and slices cut across all of them: load every track now.
  job.begin("loading tracks", std::int64_t(run->documents.size()));
  for (core::analysis::DocumentResult& doc : run->documents) {
    CARTOGRAPH_TRY(tracks, reader.load_tracks(runId, doc.index));
    doc.maps = std::move(*tracks);
    if (!job.advance()) return core::fail(core::ErrorCode::Cancelled, "cancelled");
  }
  return std::make_shared<const core::analysis::RunResult>(std::move(*run));
}

core::Result<void> StoreBackend::save(const SessionContents& c, core::Job& job) {
  job.begin("saving session", 5);
  CARTOGRAPH_TRY(session, store::Session::open(s(c.path), store::OpenMode::ReadWrite));
  if (session->read_only())
    return core::fail(core::ErrorCode::ReadOnly, "the session file is read-only: the changes were not saved",
                      s(c.path));
  store::Catalog catalog(*session);
  store::Library library(*session);

  // Checkpoints: found (or added) by path, then named, given their role and notes, and ordered.
  std::vector<std::int64_t> order;
  for (const CheckpointEntry& e : c.checkpoints) {
    store::CheckpointRecord r;
    r.name = s(e.name);
    r.path = s(e.path);
    r.format = s(e.format);
    r.sha256 = s(e.sha256);
    r.role = e.role;
    r.notes = s(e.notes);
    CARTOGRAPH_TRY(id, catalog.add_checkpoint(r));
    CARTOGRAPH_TRY(stored, catalog.checkpoint(*id));
    if (stored->name != r.name) {
      CARTOGRAPH_TRY(renamed, catalog.rename_checkpoint(*id, r.name));
    }
    if (stored->role != r.role) {
      CARTOGRAPH_TRY(role, catalog.set_checkpoint_role(*id, r.role));
    }
    if (stored->notes != r.notes) {
      CARTOGRAPH_TRY(notes, catalog.set_checkpoint_notes(*id, r.notes));
    }
    order.push_back(*id);
  }
  CARTOGRAPH_TRY(ordered, catalog.set_lineage_order(order));
  job.advance();

  // Prompts and slices: by name. A rename is the old name removed and the new one saved.
  std::set<std::string> promptNames;
  for (const PromptEntry& p : c.prompts) {
    CARTOGRAPH_TRY(saved, library.save_prompt(s(p.name), s(p.text)));
    promptNames.insert(s(p.name));
  }
  CARTOGRAPH_TRY(prompts, library.prompts());
  for (const store::PromptRecord& p : *prompts)
    if (!promptNames.count(p.name)) {
      CARTOGRAPH_TRY(gone, library.delete_prompt(p.id));
    }
  job.advance();
  std::set<std::string> sliceNames;
  for (const SliceEntry& e : c.slices) {
    CARTOGRAPH_TRY(saved, library.save_slice(s(e.name), e.definition.to_json()));
    sliceNames.insert(s(e.name));
  }
  CARTOGRAPH_TRY(slices, library.slices());
  for (const store::SliceRecord& r : *slices)
    if (!sliceNames.count(r.name)) {
      CARTOGRAPH_TRY(gone, library.delete_slice(r.id));
    }
  job.advance();

  // Annotations: matched by (territory, document, span); notes updated, the rest added or removed.
  CARTOGRAPH_TRY(territories, catalog.territories());
  std::map<QString, std::int64_t> territoryOf;
  for (const store::TerritoryRecord& t : *territories) territoryOf[q(t.content_hash)] = t.id;
  using Key = std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t>;
  std::multimap<Key, store::AnnotationRecord> stored;
  for (const store::TerritoryRecord& t : *territories) {
    CARTOGRAPH_TRY(notes, library.annotations(t.id));
    for (const store::AnnotationRecord& a : *notes)
      stored.emplace(Key{a.territory_id, a.document_index, a.span_start, a.span_end}, a);
  }
  for (const AnnotationEntry& a : c.annotations) {
    const auto t = territoryOf.find(a.territoryHash);
    if (t == territoryOf.end())
      return core::fail(core::ErrorCode::NotFound,
                        "a note refers to a territory this session does not hold (content " + s(a.territoryHash) + ")",
                        s(c.path));
    const Key key{t->second, a.document, a.begin, a.end};
    const auto match = stored.find(key);
    if (match == stored.end()) {
      CARTOGRAPH_TRY(added, library.add_annotation(t->second, a.document, a.begin, a.end, s(a.note)));
    } else {
      if (match->second.note != s(a.note)) {
        CARTOGRAPH_TRY(updated, library.update_annotation(match->second.id, s(a.note)));
      }
      stored.erase(match);
    }
  }
  for (const auto& [key, a] : stored) {
    CARTOGRAPH_TRY(gone, library.delete_annotation(a.id));
  }
  job.advance();

  const QByteArray view = QJsonDocument(c.viewState).toJson(QJsonDocument::Compact);
  CARTOGRAPH_TRY(viewSaved, library.set_view_state("gui", view.toStdString()));
  job.advance();
  return {};
}

#undef CARTOGRAPH_TRY

}  // namespace widgets

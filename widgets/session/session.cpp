#include "widgets/session/session.h"
#include "core/analysis/text_anchor.h"
#include "widgets/session/sessionwatch.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>

#include "widgets/shell/jobsmodel.h"
#include "widgets/session/sessionbackend.h"
#include "widgets/session/entrylookup.h"
#include "widgets/session/sessioncommands.h"

namespace widgets {
namespace {


using core::analysis::MapRole;
using core::analysis::RunResult;
using RunPtr = std::shared_ptr<const RunResult>;

}  // namespace

QString toDisplayString(core::store::RunStatus status) {
  using core::store::RunStatus;
  switch (status) {
    case RunStatus::Running: return Session::tr("Running");
    case RunStatus::Complete: return Session::tr("Finished");
    case RunStatus::Failed: return Session::tr("Failed");
    case RunStatus::Cancelled: return Session::tr("Cancelled");
    case RunStatus::Interrupted: return Session::tr("Interrupted");
  }
  return {};
}

QList<qint64> RunEntry::missingShards() const {
  QList<qint64> missing;
  for (qint64 i = 0; i < shardCount; ++i)
    if (!shardsPresent.contains(i)) missing << i;
  return missing;
}

namespace {
QString shardList(const QList<qint64>& shards) {
  QStringList s;
  for (qint64 i : shards) s << QString::number(i);
  return s.join(QStringLiteral(", "));
}
}  // namespace

QString runStatusText(const RunEntry& run) {
  const QString status = toDisplayString(run.status);
  if (run.shardCount == 0) return status;
  const QList<qint64> missing = run.missingShards();
  if (missing.isEmpty()) return Session::tr("%1, all %2 shards").arg(status).arg(run.shardCount);
  return Session::tr("%1 shards of %2, missing %3").arg(run.shardsPresent.size()).arg(run.shardCount).arg(shardList(missing));
}

Session::Session(JobsModel* jobs, std::shared_ptr<SessionBackend> backend, QObject* parent)
    : QObject(parent), jobs_(jobs), backend_(std::move(backend)), selection_(new Selection(this)) {
  if (!backend_) backend_ = std::make_shared<UnavailableBackend>();
  watch_ = new SessionWatch(this, jobs_, backend_);
  connect(selection_, &Selection::runChanged, this, &Session::onRunSelected);
  connect(selection_, &Selection::sliceChanged, this, &Session::recomputeDigest);
  connect(&undo_, &QUndoStack::cleanChanged, this, [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

Session::~Session() = default;

void Session::report(const core::Error& error, const QString& source) {
  Q_EMIT issue(IssuesModel::Severity::Error, source, QString::fromStdString(error.what()));
}

qint64 Session::nextId() { return --lastProvisional_; }

// ---------------------------------------------------------------- the file

void Session::open(const QString& path) {
  auto backend = backend_;
  jobs_->start<SessionContents>(
      tr("Open %1").arg(QFileInfo(path).fileName()),
      [backend, path](core::Job& job) { return backend->open(path, job); }, this,
      [this](core::Result<SessionContents> r) {
        if (r) adopt(std::move(*r));  // failures reach the Issues dock through JobsModel
      });
}

void Session::create(const QString& path) {
  auto backend = backend_;
  jobs_->start<SessionContents>(
      tr("Create %1").arg(QFileInfo(path).fileName()),
      [backend, path](core::Job& job) { return backend->create(path, job); }, this,
      [this](core::Result<SessionContents> r) {
        if (r) adopt(std::move(*r));
      });
}

void Session::save() {
  if (!isOpen()) return;
  auto backend = backend_;
  const QString path = contents_.path;
  const core::store::SessionEdits written = edits();
  const int cleanIndex = undo_.index();
  jobs_->start<core::store::SavedEdits>(
      tr("Save %1").arg(QFileInfo(path).fileName()),
      [backend, path, written](core::Job&) -> core::Result<core::store::SavedEdits> {
        // A save is never cancelled half-way (quitting cancels every job): it reports to a Job of its own.
        core::Job own;
        return backend->save(path, written, own);
      },
      this,
      [this, cleanIndex, path, written](core::Result<core::store::SavedEdits> r) {
        if (!r || path != contents_.path) return;
        adoptSaved(*r, written);
        // Edits made while saving stay unsaved: the clean state is the one that was written.
        if (undo_.index() == cleanIndex) undo_.setClean();
        Q_EMIT saved(path);
      });
}

void Session::saveAs(const QString& to) { writeCopy(to, true); }
void Session::saveCopy(const QString& to) { writeCopy(to, false); }

void Session::writeCopy(const QString& to, bool moveThere) {
  if (!isOpen()) return;
  auto backend = backend_;
  const QString from = contents_.path;
  const core::store::SessionEdits written = edits();
  const int cleanIndex = undo_.index();
  jobs_->start<core::store::SavedEdits>(
      (moveThere ? tr("Save as %1") : tr("Save a copy as %1")).arg(QFileInfo(to).fileName()),
      [backend, from, to, written](core::Job&) -> core::Result<core::store::SavedEdits> {
        core::Job own;  // never cancelled half-way, as save()
        return backend->saveCopy(from, to, written, own);
      },
      this,
      [this, cleanIndex, from, to, written, moveThere](core::Result<core::store::SavedEdits> r) {
        if (!r || from != contents_.path) return;
        if (!moveThere) {
          Q_EMIT copySaved(to);
          return;
        }
        // The copy holds every stored row under the same id, so the session carries on there.
        adoptSaved(*r, written);
        contents_.path = to;
        watch_->stop();
        watch_->start();
        if (undo_.index() == cleanIndex) undo_.setClean();
        Q_EMIT saved(to);
      });
}

core::store::SessionEdits Session::edits() const {
  namespace store = core::store;
  const auto str = [](const QString& q) { return q.toStdString(); };
  store::SessionEdits e;
  auto removed = [](const std::set<qint64>& stored, const auto& list, std::vector<std::int64_t>& out) {
    std::set<qint64> kept;
    for (const auto& entry : list) kept.insert(entry.id);
    for (qint64 id : stored)
      if (!kept.count(id)) out.push_back(id);
  };
  for (const CheckpointEntry& c : contents_.checkpoints)
    e.checkpoints.push_back({c.id, str(c.name), str(c.path), str(c.format), str(c.sha256), c.role, str(c.notes), c.parent});
  removed(stored_.checkpoints, contents_.checkpoints, e.removed_checkpoints);
  for (const PromptEntry& p : contents_.prompts) {
    store::PromptEdit edit{p.id, str(p.name), str(p.text), {}, str(p.note), {}};
    for (const QString& t : p.tags) edit.tags.push_back(str(t));
    for (const QString& h : p.history) edit.history.push_back(str(h));
    e.prompts.push_back(std::move(edit));
  }
  removed(stored_.prompts, contents_.prompts, e.removed_prompts);
  for (const SliceEntry& sl : contents_.slices)
    e.slices.push_back({sl.id, str(sl.name), sl.definition.to_json()});
  removed(stored_.slices, contents_.slices, e.removed_slices);
  for (const AnnotationEntry& a : contents_.annotations)
    e.annotations.push_back({a.id, str(a.territoryHash), a.document, a.begin, a.end, a.textBegin, a.textEnd, str(a.note)});
  removed(stored_.annotations, contents_.annotations, e.removed_annotations);
  e.view_state["gui"] = QJsonDocument(contents().viewState).toJson(QJsonDocument::Compact).toStdString();
  return e;
}

void Session::adoptSaved(const core::store::SavedEdits& saved, const core::store::SessionEdits& written) {
  // The undo stack's copies first, so that an undo after this save addresses the stored rows.
  for (int i = 0; i < undo_.count(); ++i)
    if (auto* command = dynamic_cast<SessionCommand*>(const_cast<QUndoCommand*>(undo_.command(i))))
      command->remapIds(saved);
  const auto remapList = [this, &saved](auto& list, EntryList which, void (Session::*changed)(const EntryChange&)) {
    auto copy = list;
    if (!remapIds(copy, saved)) return;
    const EntryChange change{EntryChange::Type::Changed, 0, int(copy.size()) - 1};
    Q_EMIT entriesAboutToChange(which, change);
    list = std::move(copy);
    Q_EMIT(this->*changed)(change);
  };
  remapList(contents_.checkpoints, EntryList::Checkpoints, &Session::checkpointsChanged);
  remapList(contents_.prompts, EntryList::Prompts, &Session::promptsChanged);
  remapList(contents_.slices, EntryList::Slices, &Session::slicesChanged);
  remapList(contents_.annotations, EntryList::Annotations, &Session::annotationsChanged);
  if (const auto it = saved.slices.find(selection_->slice()); it != saved.slices.end())
    selection_->setSlice(it->second);

  const auto storedOf = [](const auto& list, const std::map<std::int64_t, std::int64_t>& ids) {
    std::set<qint64> out;
    for (const auto& e : list) {
      const auto it = ids.find(e.id);
      out.insert(it == ids.end() ? e.id : it->second);
    }
    return out;
  };
  stored_.checkpoints = storedOf(written.checkpoints, saved.checkpoints);
  stored_.prompts = storedOf(written.prompts, saved.prompts);
  stored_.slices = storedOf(written.slices, saved.slices);
  stored_.annotations = storedOf(written.annotations, saved.annotations);
}

void Session::resetAll(const std::function<void()>& change) {
  const EntryChange reset;
  for (EntryList list : {EntryList::Checkpoints, EntryList::Territories, EntryList::Runs, EntryList::Prompts,
                         EntryList::Slices, EntryList::Annotations})
    Q_EMIT entriesAboutToChange(list, reset);
  change();
  Q_EMIT checkpointsChanged(reset);
  Q_EMIT territoriesChanged(reset);
  Q_EMIT runsChanged(reset);
  Q_EMIT promptsChanged(reset);
  Q_EMIT slicesChanged(reset);
  Q_EMIT annotationsChanged(reset);
}

void Session::close() {
  watch_->stop();
  ++digestGeneration_;
  resetAll([this] {
    contents_ = {};
    stored_ = {};
    lastProvisional_ = 0;
  });
  loaded_.clear();
  loading_.clear();
  digest_.reset();
  positions_.reset();
  undo_.clear();
  selection_->setSlice(0);
  selection_->setRun(0);
  Q_EMIT digestChanged();
  Q_EMIT shiftsChanged();
  Q_EMIT closed();
}

void Session::adopt(SessionContents contents) {
  close();
  resetAll([this, &contents] {
    contents_ = std::move(contents);
    const auto ids = [](const auto& list) {
      std::set<qint64> out;
      for (const auto& e : list) out.insert(e.id);
      return out;
    };
    stored_ = {ids(contents_.checkpoints), ids(contents_.prompts), ids(contents_.slices), ids(contents_.annotations)};
  });
  for (const QString& w : contents_.warnings) Q_EMIT issue(IssuesModel::Severity::Warning, contents_.path, w);
  watch_->start();
  Q_EMIT shiftsChanged();
  Q_EMIT opened(contents_.path);

  // Where the user left off, else the newest finished run.
  const QJsonObject& view = contents_.viewState;
  qint64 run = qint64(view.value(QStringLiteral("run")).toDouble());
  if (!runEntry(run)) {
    run = 0;
    for (const RunEntry& r : contents_.runs)
      if (r.status == core::store::RunStatus::Complete) run = r.id;
  }
  const qint64 slice = qint64(view.value(QStringLiteral("slice")).toDouble());
  if (this->slice(slice)) selection_->setSlice(slice);
  if (view.contains(QStringLiteral("map"))) selection_->setMap(view.value(QStringLiteral("map")).toInt());
  selection_->setRun(run);
}

SessionContents Session::contents() const {
  SessionContents c = contents_;
  QJsonObject view;
  view[QStringLiteral("run")] = double(selection_->run());
  view[QStringLiteral("document")] = selection_->document();
  view[QStringLiteral("position")] = selection_->position();
  view[QStringLiteral("map")] = selection_->map();
  view[QStringLiteral("slice")] = double(selection_->slice());
  c.viewState = view;
  return c;
}

int Session::startTokenShift(const QString& title, ShiftCompute compute, std::vector<qint64> promptIds,
                             std::function<void(const core::Result<core::store::ShiftRecord>&)> done) {
  if (!isOpen()) {
    const core::Result<core::store::ShiftRecord> refused =
        core::fail(core::ErrorCode::InvalidInput, tr("Open or create a session first: token shifts are kept in it.").toStdString());
    if (done) done(refused);
    return 0;
  }
  auto backend = backend_;
  const QString path = contents_.path;
  return jobs_->start<core::store::ShiftRecord>(
      title,
      [backend, path, compute, promptIds](core::Job& job) -> core::Result<core::store::ShiftRecord> {
        auto record = compute(job);
        if (!record) return record;
        return backend->recordShift(path, std::move(*record), promptIds, job);
      },
      this,
      [this, path, done](core::Result<core::store::ShiftRecord> r) {
        if (r && path == contents_.path) {
          contents_.shifts.push_back(*r);
          Q_EMIT shiftsChanged();
        }
        if (done) done(r);
      });
}

const CheckpointEntry* Session::checkpoint(qint64 id) const { return entries::entryById(contents_.checkpoints, id); }
const RunEntry* Session::runEntry(qint64 id) const { return entries::entryById(contents_.runs, id); }
const SliceEntry* Session::slice(qint64 id) const { return entries::entryById(contents_.slices, id); }

// ---------------------------------------------------------------- runs

qint64 Session::addRun(RunEntry entry, RunPtr result, qint64 replacing) {
  if (entry.id == 0) entry.id = nextId();
  if (result) {
    if (entry.territory.isEmpty()) entry.territory = QString::fromStdString(result->territory.source);
    if (entry.checkpoints.isEmpty())
      for (const auto& m : result->maps) entry.checkpoints << QString::fromStdString(m.name);
    for (const std::string& w : result->warnings)
      Q_EMIT issue(IssuesModel::Severity::Warning, entry.name, QString::fromStdString(w));
  }
  const qint64 id = entry.id;
  auto runs = contents_.runs;
  if (replacing != 0 && replacing != id) {
    const auto old = entries::findById(runs, replacing);
    if (old != runs.end()) runs.erase(old);
  }
  const auto it = entries::findById(runs, id);
  if (it != runs.end()) *it = std::move(entry);
  else runs.push_back(std::move(entry));
  const EntryChange change = diffEntries(contents_.runs, runs);
  Q_EMIT entriesAboutToChange(EntryList::Runs, change);
  contents_.runs = std::move(runs);
  if (result) loaded_[id] = std::move(result);
  Q_EMIT runsChanged(change);
  if (loaded_.count(id)) Q_EMIT runLoaded(id);
  if (replacing != 0 && replacing != id && selection_->run() == replacing) selection_->setRun(id);
  else if (selection_->run() == id) recomputeDigest();
  else if (selection_->run() == 0 && loaded_.count(id)) selection_->setRun(id);
  return id;
}

void Session::setRunStatus(qint64 id, core::store::RunStatus status, const QString& message) {
  const auto it = entries::findById(contents_.runs, id);
  if (it == contents_.runs.end()) return;
  const int row = int(it - contents_.runs.begin());
  const EntryChange change{EntryChange::Type::Changed, row, row};
  Q_EMIT entriesAboutToChange(EntryList::Runs, change);
  it->status = status;
  it->message = message;
  Q_EMIT runsChanged(change);
}

void Session::loadRun(qint64 id) {
  if (loaded_.count(id)) {
    Q_EMIT runLoaded(id);
    return;
  }
  if (loading_.count(id) || !runEntry(id) || !isOpen()) return;
  auto backend = backend_;
  const QString path = contents_.path;
  loading_[id] = jobs_->start<RunPtr>(
      tr("Load run %1").arg(runEntry(id)->name),
      [backend, path, id](core::Job& job) { return backend->loadRun(path, id, job); }, this,
      [this, id, path](core::Result<RunPtr> r) {
        loading_.erase(id);
        if (!r || path != contents_.path) return;
        for (const std::string& w : (*r)->warnings)
          Q_EMIT issue(IssuesModel::Severity::Warning, runEntry(id) ? runEntry(id)->name : QString(),
                       QString::fromStdString(w));
        loaded_[id] = std::move(*r);
        Q_EMIT runLoaded(id);
        if (selection_->run() == id) recomputeDigest();
      });
}

RunPtr Session::run(qint64 id) const {
  const auto it = loaded_.find(id);
  return it == loaded_.end() ? nullptr : it->second;
}

void Session::onRunSelected(qint64 id) {
  ++digestGeneration_;
  digest_.reset();
  positions_.reset();
  Q_EMIT digestChanged();
  if (id == 0) return;
  if (run(id)) recomputeDigest();
  else loadRun(id);
}

void Session::recomputeDigest() {
  const int generation = ++digestGeneration_;
  RunPtr current = currentRun();
  if (!current) return;
  const SliceEntry* sliceEntry = slice(selection_->slice());
  const bool sliced = sliceEntry != nullptr;
  // A combined slice refers to other slices by name: resolved against the slices as they are now.
  const core::Result<SliceDefinition> definition =
      sliced ? resolvedSlice(sliceEntry->id) : core::Result<SliceDefinition>(SliceDefinition{});
  if (!definition)
    Q_EMIT issue(IssuesModel::Severity::Warning, tr("Slices"),
                 tr("Slice %1: %2").arg(sliceEntry->name, QString::fromStdString(definition.error().message)));
  const auto thresholds = thresholds_;
  jobs_->start<std::shared_ptr<const RunDigest>>(
      sliced ? tr("Summarise slice %1").arg(sliceEntry->name) : tr("Summarise run"),
      [current, sliced, definition, thresholds](core::Job& job) -> core::Result<std::shared_ptr<const RunDigest>> {
        std::shared_ptr<const PositionSet> kept;
        if (sliced) {
          if (!definition) return std::unexpected(definition.error());
          auto s = core::analysis::evaluate_slice(*current, *definition);
          if (!s) return std::unexpected(s.error());
          kept = std::make_shared<const PositionSet>(std::move(*s));
        }
        return core::analysis::digest_run(current, kept, thresholds, job);
      },
      this,
      [this, generation](core::Result<std::shared_ptr<const RunDigest>> r) {
        if (generation != digestGeneration_) return;
        if (!r) {
          if (selection_->slice() != 0) {
            Q_EMIT issue(IssuesModel::Severity::Warning, tr("Slices"),
                         tr("The slice does not apply to this run; showing every position instead."));
            selection_->setSlice(0);
          }
          return;
        }
        digest_ = *r;
        positions_ = digest_->positions;
        Q_EMIT digestChanged();
      });
}

core::Result<SliceDefinition> Session::resolvedSlice(qint64 id) const {
  const SliceEntry* entry = slice(id);
  if (!entry) return core::fail(core::ErrorCode::NotFound, "no such slice");
  core::analysis::NamedSlices named;
  for (const SliceEntry& e : contents_.slices) named.emplace(e.name.toStdString(), e.definition);
  return core::analysis::resolve_references(entry->definition, named, entry->name.toStdString());
}

QString Session::mapName(int map) const {
  const RunPtr r = currentRun();
  if (!r || map < 0 || std::size_t(map) >= r->maps.size()) return {};
  const auto& info = r->maps[std::size_t(map)];
  if (info.role != MapRole::Zoomed) {
    const QString path = QString::fromStdString(info.path);
    for (const CheckpointEntry& c : contents_.checkpoints)
      if (!path.isEmpty() && QDir::cleanPath(c.path) == QDir::cleanPath(path)) return c.name;
  }
  return QString::fromStdString(info.name);
}

std::vector<int> Session::lineageOrder() const {
  const RunPtr r = currentRun();
  std::vector<int> order;
  if (!r) return order;
  auto rankOf = [&](int m) -> double {
    const auto& info = r->maps[std::size_t(m)];
    if (info.role == MapRole::Base) return -1;
    if (info.role == MapRole::Zoomed) return 1e9;
    const QString path = QDir::cleanPath(QString::fromStdString(info.path));
    for (std::size_t i = 0; i < contents_.checkpoints.size(); ++i)
      if (QDir::cleanPath(contents_.checkpoints[i].path) == path) return double(i);
    return 1e6 + m;  // not in the session: after the known ones, in run order
  };
  for (int m = 0; m < int(r->maps.size()); ++m) order.push_back(m);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return rankOf(a) < rankOf(b); });
  return order;
}

std::optional<std::pair<int, int>> Session::annotationTokens(const AnnotationEntry& a) const {
  const RunPtr r = currentRun();
  if (!r || QString::fromStdString(r->territory.content_hash) != a.territoryHash || a.document < 0 ||
      std::size_t(a.document) >= r->documents.size())
    return std::nullopt;
  const auto& doc = r->documents[std::size_t(a.document)];
  if (a.textBegin >= 0) {
    // Anchored to the text: this run's own tokens over those bytes, whatever its tokenizer.
    const auto spans = core::analysis::token_spans(*r, doc);
    if (!spans.empty()) return core::analysis::positions_of(spans, std::size_t(a.textBegin), std::size_t(a.textEnd));
  }
  // Token-anchored (or a run read without its texts): the token indices as they were made.
  const int first = std::max(0, a.begin - 1), last = std::min(a.end - 2, int(doc.scored()) - 1);
  if (last < first) return std::nullopt;
  return std::pair{first, last};
}

std::vector<AnnotationEntry> Session::annotationsOf(int document) const {
  std::vector<AnnotationEntry> out;
  const RunPtr r = currentRun();
  if (!r) return out;
  const QString hash = QString::fromStdString(r->territory.content_hash);
  for (const AnnotationEntry& a : contents_.annotations)
    if (a.territoryHash == hash && a.document == document) out.push_back(a);
  return out;
}

}  // namespace widgets

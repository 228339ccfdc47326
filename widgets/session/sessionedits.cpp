// widgets::Session's undoable edits: each builds the list as it should be and pushes a command that
// swaps it in (sessioncommands.h); the Session then announces which rows changed.
#include "widgets/session/session.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>

#include "core/analysis/map_names.h"
#include "core/model/lineage.h"
#include "core/model/lineage_tree.h"
#include "core/analysis/text_anchor.h"
#include "widgets/session/entrylookup.h"
#include "widgets/session/sessioncommands.h"

namespace widgets {
namespace {

using core::analysis::MapRole;

QString guessFormat(const QFileInfo& info) {
  if (info.isDir()) return QStringLiteral("hf-safetensors");
  const QString suffix = info.suffix().toLower();
  if (suffix == QLatin1String("bin")) return QStringLiteral("llama2c");
  if (suffix == QLatin1String("gguf")) return QStringLiteral("gguf");
  if (suffix == QLatin1String("pt") || suffix == QLatin1String("pth") || suffix == QLatin1String("ts"))
    return QStringLiteral("torchscript");
  return {};
}

}  // namespace

// ---------------------------------------------------------------- edits

template <class Entry>
void Session::replaceList(std::vector<Entry>& list, std::vector<Entry> v, EntryList which,
                          void (Session::*changed)(const EntryChange&)) {
  const EntryChange change = diffEntries(list, v);
  Q_EMIT entriesAboutToChange(which, change);
  list = std::move(v);
  Q_EMIT(this->*changed)(change);
}

int Session::adoptStoredCheckpoints(const std::vector<CheckpointEntry>& inFile) {
  auto after = contents_.checkpoints;
  int added = 0;
  for (const CheckpointEntry& c : inFile) {
    if (c.id <= 0 || stored_.checkpoints.count(c.id)) continue;  // known: still listed, or removed by the user
    // One the user added and has not saved yet (a provisional id) with the same file: it is that one.
    const QString path = QDir::cleanPath(c.path);
    if (std::any_of(after.begin(), after.end(), [&](const CheckpointEntry& e) { return QDir::cleanPath(e.path) == path; }))
      continue;
    stored_.checkpoints.insert(c.id);
    after.push_back(c);
    ++added;
  }
  if (added) replaceCheckpoints(std::move(after));
  return added;
}

void Session::replaceCheckpoints(std::vector<CheckpointEntry> v) {
  replaceList(contents_.checkpoints, std::move(v), EntryList::Checkpoints, &Session::checkpointsChanged);
}
void Session::replacePrompts(std::vector<PromptEntry> v) {
  replaceList(contents_.prompts, std::move(v), EntryList::Prompts, &Session::promptsChanged);
}
void Session::replaceAnnotations(std::vector<AnnotationEntry> v) {
  replaceList(contents_.annotations, std::move(v), EntryList::Annotations, &Session::annotationsChanged);
}
void Session::replaceSlices(std::vector<SliceEntry> v) {
  const SliceEntry* before = slice(selection_->slice());
  const std::optional<SliceDefinition> oldDefinition =
      before ? std::optional<SliceDefinition>(before->definition) : std::nullopt;
  replaceList(contents_.slices, std::move(v), EntryList::Slices, &Session::slicesChanged);
  const SliceEntry* after = slice(selection_->slice());
  if (!after) selection_->setSlice(0);
  else if (after->definition != oldDefinition) recomputeDigest();
}

// Default names that tell the session's checkpoints apart (core/analysis/map_names.h): the names
// already there are kept; from `first` on, each new checkpoint gets its folder's name where its file's
// is generic (model.bin), moved aside by a short hash where another checkpoint has that name.
namespace {
void nameNewCheckpoints(std::vector<CheckpointEntry>& entries, std::size_t first) {
  std::vector<core::model::CheckpointInfo> infos(entries.size());
  std::vector<const core::model::CheckpointInfo*> maps;
  std::vector<std::string> given(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    infos[i].path = entries[i].path.toStdString();
    if (i < first) given[i] = entries[i].name.toStdString();
    maps.push_back(&infos[i]);
  }
  const auto names = core::analysis::distinct_map_names(maps, given);
  for (std::size_t i = first; i < entries.size(); ++i) entries[i].name = QString::fromStdString(names[i]);
}
}  // namespace

void Session::addCheckpoints(const QStringList& paths) {
  auto after = contents_.checkpoints;
  bool hasBase = std::any_of(after.begin(), after.end(), [](const auto& c) { return c.role == MapRole::Base; });
  for (const QString& raw : paths) {
    const QString path = QDir::cleanPath(raw);
    if (std::any_of(after.begin(), after.end(), [&](const auto& c) { return QDir::cleanPath(c.path) == path; })) {
      Q_EMIT issue(IssuesModel::Severity::Info, path, tr("This checkpoint is already in the session."));
      continue;
    }
    const QFileInfo info(path);
    CheckpointEntry c;
    c.id = nextId();
    c.path = path;
    c.name = info.fileName();
    c.format = guessFormat(info);
    c.role = hasBase ? MapRole::Tuned : MapRole::Base;
    hasBase = true;
    after.push_back(c);
  }
  if (after.size() == contents_.checkpoints.size()) return;
  nameNewCheckpoints(after, contents_.checkpoints.size());
  undo_.push(new ReplaceEntriesCommand<CheckpointEntry>(
      this, &Session::replaceCheckpoints, contents_.checkpoints, after,
      tr("Add %n checkpoint(s)", nullptr, int(after.size() - contents_.checkpoints.size()))));
}

void Session::addLineage(const QString& folder) {
  const auto revisions = core::model::discover_lineage(folder.toStdString());
  if (!revisions) {
    report(revisions.error(), folder);
    return;
  }
  QStringList paths;
  for (const auto& r : *revisions) paths << QString::fromStdString(r.path.string());
  addCheckpoints(paths);
}

void Session::removeCheckpoint(qint64 id) {
  auto after = contents_.checkpoints;
  const auto it = entries::findById(after, id);
  if (it == after.end()) return;
  const QString name = it->name;
  after.erase(it);
  for (CheckpointEntry& c : after)  // its children become roots (or guessed again), in the same step
    if (c.parent == id) c.parent = 0;
  undo_.push(new ReplaceEntriesCommand<CheckpointEntry>(this, &Session::replaceCheckpoints, contents_.checkpoints,
                                                        after, tr("Remove checkpoint %1").arg(name)));
}

void Session::renameCheckpoint(qint64 id, const QString& name) {
  auto after = contents_.checkpoints;
  const auto it = entries::findById(after, id);
  const QString clean = name.trimmed();
  if (it == after.end() || clean.isEmpty() || it->name == clean) return;
  const QString old = it->name;
  it->name = clean;
  undo_.push(new ReplaceEntriesCommand<CheckpointEntry>(this, &Session::replaceCheckpoints, contents_.checkpoints,
                                                        after, tr("Rename %1 to %2").arg(old, clean)));
}

void Session::setCheckpointRole(qint64 id, MapRole role) {
  auto after = contents_.checkpoints;
  const auto it = entries::findById(after, id);
  if (it == after.end() || it->role == role) return;
  if (role == MapRole::Base)
    for (CheckpointEntry& c : after)
      if (c.role == MapRole::Base) c.role = MapRole::Tuned;
  it->role = role;
  undo_.push(new ReplaceEntriesCommand<CheckpointEntry>(
      this, &Session::replaceCheckpoints, contents_.checkpoints, after,
      tr("Make %1 %2").arg(it->name, role == MapRole::Base ? tr("the base") : tr("a tuned map"))));
}

void Session::moveCheckpoint(qint64 id, int row) {
  auto after = contents_.checkpoints;
  const auto it = entries::findById(after, id);
  if (it == after.end()) return;
  const int from = int(it - after.begin());
  row = std::clamp(row, 0, int(after.size()) - 1);
  if (row == from) return;
  CheckpointEntry moved = *it;
  after.erase(it);
  after.insert(after.begin() + row, moved);
  undo_.push(new ReplaceEntriesCommand<CheckpointEntry>(this, &Session::replaceCheckpoints, contents_.checkpoints,
                                                        after, tr("Move %1 in the lineage").arg(moved.name)));
}

void Session::setCheckpointParent(qint64 id, qint64 parent) {
  auto after = contents_.checkpoints;
  const auto it = entries::findById(after, id);
  if (it == after.end() || it->parent == parent) return;
  if (parent != 0) {
    const auto p = entries::findById(after, parent);
    if (p == after.end()) return;
    // Refused, not stored: a checkpoint cannot descend from itself or from one of its descendants.
    // Only the parents the user set count: a guess gives way (resolve_lineage drops it).
    std::vector<core::model::LineageLink> links(after.size());
    for (std::size_t i = 0; i < after.size(); ++i)
      if (const auto q = entries::findById(after, after[i].parent); after[i].parent != 0 && q != after.end())
        links[i].parent = std::size_t(q - after.begin());
    const std::size_t child = std::size_t(it - after.begin()), at = std::size_t(p - after.begin());
    if (child == at || core::model::would_cycle(links, child, at)) {
      Q_EMIT issue(IssuesModel::Severity::Warning, tr("Lineage"),
                   tr("%1 cannot be the parent of %2: it descends from %2.").arg(p->name, it->name));
      return;
    }
  }
  it->parent = parent;
  const QString text = parent == 0 ? tr("Clear the parent of %1").arg(it->name)
                                   : tr("Make %1 the parent of %2").arg(entries::findById(after, parent)->name, it->name);
  undo_.push(new ReplaceEntriesCommand<CheckpointEntry>(this, &Session::replaceCheckpoints, contents_.checkpoints,
                                                        after, text));
}

std::vector<core::model::LineageLink> Session::lineage() const {
  // Views ask per row and per paint; guessing parses configs, so the answer is kept until the list changes.
  if (lineageOf_ == contents_.checkpoints) return lineage_;
  std::vector<core::model::LineageNode> nodes;
  for (const CheckpointEntry& c : contents_.checkpoints)
    nodes.push_back({c.id, c.name.toStdString(), c.path.toStdString(), c.config.toStdString(),
                     c.role == MapRole::Base, c.parent});
  lineageOf_ = contents_.checkpoints;
  lineage_ = core::model::resolve_lineage(nodes);
  return lineage_;
}

void Session::setCheckpointNotes(qint64 id, const QString& notes) {
  auto after = contents_.checkpoints;
  const auto it = entries::findById(after, id);
  if (it == after.end() || it->notes == notes) return;
  it->notes = notes;
  undo_.push(new ReplaceEntriesCommand<CheckpointEntry>(this, &Session::replaceCheckpoints, contents_.checkpoints,
                                                        after, tr("Edit notes of %1").arg(it->name)));
}

QString Session::freePromptName(const QString& wanted, qint64 except) const {
  const auto taken = [&](const QString& n) {
    return std::any_of(contents_.prompts.begin(), contents_.prompts.end(),
                       [&](const PromptEntry& p) { return p.id != except && p.name == n; });
  };
  if (!taken(wanted)) return wanted;
  for (int i = 2;; ++i)
    if (const QString candidate = QStringLiteral("%1 (%2)").arg(wanted).arg(i); !taken(candidate)) return candidate;
}

qint64 Session::addPrompt(const QString& name, const QString& text) {
  auto after = contents_.prompts;
  const qint64 id = nextId();
  PromptEntry entry;
  entry.id = id;
  entry.name = freePromptName(name.trimmed().isEmpty() ? tr("Prompt %1").arg(-id) : name.trimmed());
  entry.text = text;
  after.push_back(entry);
  undo_.push(new ReplaceEntriesCommand<PromptEntry>(this, &Session::replacePrompts, contents_.prompts, after,
                                                    tr("Add prompt %1").arg(after.back().name)));
  return id;
}

void Session::renamePrompt(qint64 id, const QString& name) {
  auto after = contents_.prompts;
  const auto it = entries::findById(after, id);
  const QString clean = name.trimmed();
  if (it == after.end() || it->name == clean) return;
  if (clean.isEmpty()) {
    Q_EMIT issue(IssuesModel::Severity::Warning, it->name, tr("A prompt needs a name; “%1” kept its own.").arg(it->name));
    return;
  }
  if (freePromptName(clean, id) != clean) {
    Q_EMIT issue(IssuesModel::Severity::Warning, it->name,
                 tr("Another prompt is called “%1”; “%2” kept its name.").arg(clean, it->name));
    return;
  }
  const QString old = it->name;
  it->name = clean;
  undo_.push(new ReplaceEntriesCommand<PromptEntry>(this, &Session::replacePrompts, contents_.prompts, after,
                                                    tr("Rename prompt %1 to %2").arg(old, clean)));
}

void Session::editPromptText(qint64 id, const QString& text) {
  auto after = contents_.prompts;
  const auto it = entries::findById(after, id);
  if (it == after.end() || it->text == text) return;
  // A new prompt's blank start is not a version worth keeping.
  if (!it->text.isEmpty() || !it->history.isEmpty()) it->history << it->text;
  it->text = text;
  undo_.push(new ReplaceEntriesCommand<PromptEntry>(this, &Session::replacePrompts, contents_.prompts, after,
                                                    tr("Edit prompt %1").arg(it->name)));
}

qint64 Session::duplicatePrompt(qint64 id) {
  const PromptEntry* source = entries::entryById(contents_.prompts, id);
  if (!source) return 0;
  auto after = contents_.prompts;
  PromptEntry copy = *source;
  copy.id = nextId();
  copy.name = freePromptName(tr("%1 (copy)").arg(source->name));
  copy.history.clear();  // the copy starts its own history at the text it was copied with
  const auto at = entries::findById(after, id) + 1;
  after.insert(at, copy);
  undo_.push(new ReplaceEntriesCommand<PromptEntry>(this, &Session::replacePrompts, contents_.prompts, after,
                                                    tr("Duplicate prompt %1").arg(source->name)));
  return copy.id;
}

void Session::setPromptTags(qint64 id, const QStringList& tags) {
  auto after = contents_.prompts;
  const auto it = entries::findById(after, id);
  if (it == after.end() || it->tags == tags) return;
  it->tags = tags;
  undo_.push(new ReplaceEntriesCommand<PromptEntry>(this, &Session::replacePrompts, contents_.prompts, after,
                                                    tr("Tag prompt %1").arg(it->name)));
}

void Session::setPromptNote(qint64 id, const QString& note) {
  auto after = contents_.prompts;
  const auto it = entries::findById(after, id);
  if (it == after.end() || it->note == note) return;
  it->note = note;
  undo_.push(new ReplaceEntriesCommand<PromptEntry>(this, &Session::replacePrompts, contents_.prompts, after,
                                                    tr("Annotate prompt %1").arg(it->name)));
}

void Session::removePrompt(qint64 id) {
  auto after = contents_.prompts;
  const auto it = entries::findById(after, id);
  if (it == after.end()) return;
  const QString name = it->name;
  after.erase(it);
  undo_.push(new ReplaceEntriesCommand<PromptEntry>(this, &Session::replacePrompts, contents_.prompts, after,
                                                    tr("Remove prompt %1").arg(name)));
}

qint64 Session::addSlice(const QString& name, const SliceDefinition& definition) {
  auto after = contents_.slices;
  const qint64 id = nextId();
  after.push_back({id, name.trimmed().isEmpty() ? describeSlice(definition) : name.trimmed(), definition});
  undo_.push(new ReplaceEntriesCommand<SliceEntry>(this, &Session::replaceSlices, contents_.slices, after,
                                                   tr("Add slice %1").arg(after.back().name)));
  return id;
}

void Session::removeSlice(qint64 id) {
  auto after = contents_.slices;
  const auto it = entries::findById(after, id);
  if (it == after.end()) return;
  const QString name = it->name;
  after.erase(it);
  undo_.push(new ReplaceEntriesCommand<SliceEntry>(this, &Session::replaceSlices, contents_.slices, after,
                                                   tr("Remove slice %1").arg(name)));
}

void Session::renameSlice(qint64 id, const QString& name) {
  auto after = contents_.slices;
  const auto it = entries::findById(after, id);
  if (it == after.end() || name.trimmed().isEmpty() || it->name == name.trimmed()) return;
  const std::string from = it->name.toStdString();
  it->name = name.trimmed();
  // Combined slices follow the rename: their references name slices, so they are rewritten with it.
  for (SliceEntry& e : after) core::analysis::rename_references(e.definition, from, it->name.toStdString());
  undo_.push(new ReplaceEntriesCommand<SliceEntry>(this, &Session::replaceSlices, contents_.slices, after,
                                                   tr("Rename slice to %1").arg(name.trimmed())));
}

qint64 Session::addAnnotation(int document, int first, int last, const QString& note) {
  const auto r = currentRun();
  if (!r || document < 0 || std::size_t(document) >= r->documents.size()) return 0;
  const auto& doc = r->documents[std::size_t(document)];
  if (first > last) std::swap(first, last);
  first = std::max(first, 0);
  last = std::min(last, int(doc.scored()) - 1);
  if (last < first) return 0;
  AnnotationEntry a;
  a.id = nextId();
  a.territoryHash = QString::fromStdString(r->territory.content_hash);
  a.document = document;
  a.documentName = QString::fromStdString(doc.name);
  a.begin = first + 1;
  a.end = last + 2;
  // Anchored to the bytes of the document text those tokens stand for (text_anchor.h), so the note
  // lands on the same words under another run's tokenizer; the excerpt is that text.
  if (const auto spans = core::analysis::token_spans(*r, doc); !spans.empty()) {
    const core::analysis::TextSpan range = core::analysis::text_of(spans, first, last);
    a.textBegin = qint64(range.begin);
    a.textEnd = qint64(range.end);
    a.excerpt = QString::fromUtf8(doc.text.data() + range.begin, qsizetype(range.end - range.begin));
  } else {
    for (int t = a.begin; t < a.end; ++t) {
      const auto id = doc.tokens[std::size_t(t)];
      if (id >= 0 && std::size_t(id) < r->token_texts.size()) a.excerpt += QString::fromStdString(r->token_texts[std::size_t(id)]);
    }
  }
  a.note = note;
  a.created = QDateTime::currentDateTime();
  auto after = contents_.annotations;
  after.push_back(a);
  undo_.push(new ReplaceEntriesCommand<AnnotationEntry>(this, &Session::replaceAnnotations, contents_.annotations,
                                                        after, tr("Annotate “%1”").arg(a.excerpt.trimmed().left(30))));
  return a.id;
}

void Session::removeAnnotation(qint64 id) {
  auto after = contents_.annotations;
  const auto it = entries::findById(after, id);
  if (it == after.end()) return;
  after.erase(it);
  undo_.push(new ReplaceEntriesCommand<AnnotationEntry>(this, &Session::replaceAnnotations, contents_.annotations,
                                                        after, tr("Remove annotation")));
}

void Session::editAnnotation(qint64 id, const QString& note) {
  auto after = contents_.annotations;
  const auto it = entries::findById(after, id);
  if (it == after.end() || it->note == note) return;
  it->note = note;
  undo_.push(new ReplaceEntriesCommand<AnnotationEntry>(this, &Session::replaceAnnotations, contents_.annotations,
                                                        after, tr("Edit annotation")));
}

}  // namespace widgets

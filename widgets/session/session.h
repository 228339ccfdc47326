#pragma once
// widgets::Session: the single source of truth of the GUI (Tiled's Document).
//
// It holds the open session file's contents (checkpoints in lineage order, territories, runs, prompts,
// slices, annotations), the runs loaded so far, the shared Selection, and the aggregates of the
// current run restricted to the current slice (RunDigest). Every user edit is a QUndoCommand on
// undoStack(); every change is announced by a typed signal; views listen and never mutate data
// themselves. File access and every computation run on JobsModel workers through the SessionBackend;
// results come back as immutable values. Saving sends the edits as one core::store::SessionEdits
// (store ids; entries made since the last save carry provisional negative ids, replaced by the
// store's when the save returns, in the lists and in the undo stack alike).
// GUI thread only.
#include <QObject>
#include <QUndoStack>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "core/analysis/run_result.h"
#include "core/model/lineage_tree.h"
#include "core/store/edits.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/overview/rundigest.h"
#include "widgets/session/entrychange.h"
#include "widgets/session/selection.h"
#include "widgets/session/sessioncontents.h"

namespace widgets {

class JobsModel;
class SessionBackend;
class SessionCommand;
class SessionWatch;

class Session : public QObject {
  Q_OBJECT
 public:
  Session(JobsModel* jobs, std::shared_ptr<SessionBackend> backend, QObject* parent = nullptr);
  ~Session() override;

  // --- the file ---
  QString path() const { return contents_.path; }
  bool isOpen() const { return !contents_.path.isEmpty(); }
  bool isModified() const { return !undo_.isClean(); }
  void open(const QString& path);    // asynchronous: opened() or an issue
  void create(const QString& path);  // asynchronous: opened() or an issue
  void save();                       // asynchronous: saved() or an issue
  // The file and the unsaved edits written to a new file (SessionBackend::saveCopy). saveAs then works
  // on the new file (saved(to)); saveCopy leaves this session on its file, edits still unsaved
  // (copySaved(to)).
  void saveAs(const QString& to);
  void saveCopy(const QString& to);
  void close();                      // forgets everything, clears the undo stack

  // --- contents ---
  const std::vector<CheckpointEntry>& checkpoints() const { return contents_.checkpoints; }
  const std::vector<TerritoryEntry>& territories() const { return contents_.territories; }
  const std::vector<RunEntry>& runs() const { return contents_.runs; }
  const std::vector<PromptEntry>& prompts() const { return contents_.prompts; }
  const std::vector<SliceEntry>& slices() const { return contents_.slices; }
  const std::vector<AnnotationEntry>& annotations() const { return contents_.annotations; }
  // Token shifts recorded in the file, oldest first (not undoable edits: results, like runs).
  const std::vector<core::store::ShiftRecord>& shifts() const { return contents_.shifts; }
  const CheckpointEntry* checkpoint(qint64 id) const;
  const RunEntry* runEntry(qint64 id) const;
  const SliceEntry* slice(qint64 id) const;
  // The slice's definition with its references to other slices (by name) replaced by theirs; a cycle
  // or a name no slice has is an error that says which.
  core::Result<SliceDefinition> resolvedSlice(qint64 id) const;
  SessionContents contents() const;  // a copy, with the view state filled in
  // What save() writes: every list as it stands, what was removed since the file was read or last
  // saved, and the view state.
  core::store::SessionEdits edits() const;

  // Checkpoints the file holds that this Session has never seen (a run's maps, written by the engine
  // or another process): added at the end of the list, as stored, outside the undo stack and without
  // marking the session modified. Ones the user removed (and has not saved) stay removed. Returns how
  // many were added. Called by SessionWatch when the file changes.
  int adoptStoredCheckpoints(const std::vector<CheckpointEntry>& inFile);

  // --- runs ---
  // Adds a run computed in this session (by the engine, or a test). Not an undoable edit. An entry
  // with id 0 gets a provisional (negative) id; `replacing` names the provisional entry a recorded
  // run takes the place of once the store's id is known (the selection follows).
  qint64 addRun(RunEntry entry, std::shared_ptr<const core::analysis::RunResult> result, qint64 replacing = 0);
  void setRunStatus(qint64 id, core::store::RunStatus status, const QString& message = {});
  void loadRun(qint64 id);  // asynchronous: runLoaded()
  std::shared_ptr<const core::analysis::RunResult> run(qint64 id) const;
  // The run the selection points at, once loaded; null before.
  std::shared_ptr<const core::analysis::RunResult> currentRun() const { return run(selection_->run()); }
  // The current run restricted to the current slice; null while being computed.
  std::shared_ptr<const RunDigest> digest() const { return digest_; }
  // The kept positions of the current slice; null = every position.
  std::shared_ptr<const PositionSet> positions() const { return positions_; }
  // A map's display name in the current run: the session checkpoint's name (renames apply), else
  // the name the run recorded.
  QString mapName(int map) const;
  // The current run's maps in the session's lineage order (base first); run order where unmatched.
  std::vector<int> lineageOrder() const;
  // Annotations on a document of the current run's territory.
  // The scored positions [first, last] of the current run that note `a` covers: the tokens over its text
  // range (so the same words under any tokenizer), or its token indices when it is token-anchored.
  // None when the run measured another territory or no token covers the range.
  std::optional<std::pair<int, int>> annotationTokens(const AnnotationEntry& a) const;
  std::vector<AnnotationEntry> annotationsOf(int document) const;
  const core::analysis::QuadrantThresholds& quadrantThresholds() const { return thresholds_; }

  // --- undoable edits ---
  void addCheckpoints(const QStringList& paths);
  // A folder of training revisions (step1000/ ... step143000/, core::model::discover_lineage) added
  // as checkpoints in step order, in one undo step; an unorderable folder is reported as an issue.
  // Lists the folder only (no checkpoint is opened), so it is quick enough for the UI thread.
  void addLineage(const QString& folder);
  void removeCheckpoint(qint64 id);
  void renameCheckpoint(qint64 id, const QString& name);
  // Making one checkpoint the base makes the previous base a tuned map (one undo step).
  void setCheckpointRole(qint64 id, core::analysis::MapRole role);
  void moveCheckpoint(qint64 id, int row);  // lineage order
  void setCheckpointNotes(qint64 id, const QString& notes);
  // The checkpoint `id` was tuned from (0: not set, the lineage guesses it); one undo step. A parent
  // that would make the checkpoint its own ancestor is refused with an issue.
  void setCheckpointParent(qint64 id, qint64 parent);
  // Each checkpoint's parent (index into checkpoints()), set or guessed (core/model/lineage_tree.h).
  std::vector<core::model::LineageLink> lineage() const;
  // Prompt names are unique: a new or duplicated prompt gets a free variant of the name asked for; a
  // rename to a taken or empty name is refused with an issue naming it.
  qint64 addPrompt(const QString& name, const QString& text);
  void removePrompt(qint64 id);
  void renamePrompt(qint64 id, const QString& name);
  // The earlier text joins the prompt's history (saved as a version).
  void editPromptText(qint64 id, const QString& text);
  qint64 duplicatePrompt(qint64 id);  // 0 when there is no such prompt
  void setPromptTags(qint64 id, const QStringList& tags);
  void setPromptNote(qint64 id, const QString& note);
  qint64 addSlice(const QString& name, const SliceDefinition& definition);
  void removeSlice(qint64 id);
  void renameSlice(qint64 id, const QString& name);
  // Pins a note to scored positions [first, last] of a document of the current run.
  qint64 addAnnotation(int document, int first, int last, const QString& note);
  void removeAnnotation(qint64 id);
  void editAnnotation(qint64 id, const QString& note);

  // --- results kept in the file ---
  // Runs `compute` on a JobsModel worker, then records its token shift in the session file through the
  // backend (prompts tied to their saved versions, see SessionBackend::recordShift) and adds it to
  // shifts(). `done` runs on the GUI thread with the recorded shift or the error. Returns the job id,
  // 0 when no session is open (`done` is then told why at once).
  using ShiftCompute = std::function<core::Result<core::store::ShiftRecord>(core::Job&)>;
  int startTokenShift(const QString& title, ShiftCompute compute, std::vector<qint64> promptIds,
                      std::function<void(const core::Result<core::store::ShiftRecord>&)> done);

  Selection* selection() const { return selection_; }
  QUndoStack* undoStack() { return &undo_; }
  JobsModel* jobs() const { return jobs_; }

 Q_SIGNALS:
  void opened(const QString& path);
  void closed();
  void saved(const QString& path);
  void copySaved(const QString& path);
  // Before a list changes (item models begin inserting, removing or resetting rows here) ...
  void entriesAboutToChange(widgets::EntryList list, const widgets::EntryChange& change);
  // ... and after, with the same change.
  void checkpointsChanged(const widgets::EntryChange& change);
  void territoriesChanged(const widgets::EntryChange& change);
  void runsChanged(const widgets::EntryChange& change);
  void promptsChanged(const widgets::EntryChange& change);
  void slicesChanged(const widgets::EntryChange& change);
  void annotationsChanged(const widgets::EntryChange& change);
  void shiftsChanged();
  void runLoaded(qint64 id);
  // The current run's digest (and positions) changed; also emitted with null while recomputing.
  void digestChanged();
  void modifiedChanged(bool modified);
  // Every warning and error, for the Issues dock.
  void issue(widgets::IssuesModel::Severity severity, const QString& source, const QString& message);

 private:
  // The replace* setters are reached by ReplaceEntriesCommand (sessioncommands.h) through member
  // pointers formed here. (A template forward declaration in this header made lupdate file every
  // string of Session under the context "Session" instead of "widgets::Session": never translated.)
  void replaceCheckpoints(std::vector<CheckpointEntry> v);
  void replacePrompts(std::vector<PromptEntry> v);
  void replaceSlices(std::vector<SliceEntry> v);
  void replaceAnnotations(std::vector<AnnotationEntry> v);

  template <class Entry>
  void replaceList(std::vector<Entry>& list, std::vector<Entry> v, EntryList which,
                   void (Session::*changed)(const EntryChange&));
  void resetAll(const std::function<void()>& change);
  void adopt(SessionContents contents);
  void writeCopy(const QString& to, bool moveThere);
  void adoptSaved(const core::store::SavedEdits& saved, const core::store::SessionEdits& written);
  void onRunSelected(qint64 id);
  void recomputeDigest();
  void report(const core::Error& error, const QString& source);
  qint64 nextId();
  QString freePromptName(const QString& wanted, qint64 except = 0) const;

  JobsModel* jobs_;
  std::shared_ptr<SessionBackend> backend_;
  SessionWatch* watch_ = nullptr;  // runs added to the file by another process (sessionwatch.h)
  Selection* selection_;
  QUndoStack undo_;
  SessionContents contents_;
  std::map<qint64, std::shared_ptr<const core::analysis::RunResult>> loaded_;
  std::map<qint64, int> loading_;  // run id -> job id
  std::shared_ptr<const RunDigest> digest_;
  std::shared_ptr<const PositionSet> positions_;
  core::analysis::QuadrantThresholds thresholds_;
  int digestGeneration_ = 0;
  qint64 lastProvisional_ = 0;  // provisional ids count down from -1
  // The ids the file holds as far as this Session knows (read, or written by the last save): the
  // ones missing from a list are what the user removed.
  struct StoredIds {
    std::set<qint64> checkpoints, prompts, slices, annotations;
  } stored_;
  mutable std::vector<CheckpointEntry> lineageOf_;  // the checkpoints lineage_ was resolved for
  mutable std::vector<core::model::LineageLink> lineage_;
};

}  // namespace widgets

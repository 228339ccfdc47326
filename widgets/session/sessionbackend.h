#pragma once
// widgets::SessionBackend: where a Session's contents come from and go to (the `.cartograph` file).
//
// Every method runs on a JobsModel worker thread, never on the GUI thread, and may run concurrently
// with another call (a save while a run loads): an implementation opens its own connection per call
// or per thread. Results are plain values; a loaded RunResult has the tracks of every document.
// The real implementation wraps core::store; UnavailableBackend stands in until it is linked.
#include <QString>
#include <memory>

#include "core/analysis/run_result.h"
#include "core/error.h"
#include "core/jobs/job.h"
#include "core/store/edits.h"
#include "widgets/session/sessioncontents.h"

namespace widgets {

class SessionBackend {
 public:
  virtual ~SessionBackend() = default;
  // Reads an existing session: everything but per-token results.
  virtual core::Result<SessionContents> open(const QString& path, core::Job& job) = 0;
  // Creates an empty session file (fails if it exists).
  virtual core::Result<SessionContents> create(const QString& path, core::Job& job) = 0;
  // One run with the tracks of every document loaded.
  virtual core::Result<std::shared_ptr<const core::analysis::RunResult>> loadRun(const QString& path, qint64 runId,
                                                                                 core::Job& job) = 0;
  // Writes the user's edits (core::store::save_edits: lineage, removals, prompts, slices, annotations,
  // view state) in one transaction, by the store's ids; returns the ids given to added entries.
  virtual core::Result<core::store::SavedEdits> save(const QString& path, const core::store::SessionEdits& edits,
                                                     core::Job& job) = 0;
  // Writes a new session file at `to`: everything in `from` (runs included) with the user's edits
  // applied, written under a temporary name and renamed into place, so a failure leaves no file and
  // `from` untouched. An existing `to` is replaced (the file dialog asked). Returns the edits' ids in
  // the new file (equal to `from`'s for stored entries).
  virtual core::Result<core::store::SavedEdits> saveCopy(const QString& from, const QString& to,
                                                         const core::store::SessionEdits& edits, core::Job& job) {
    (void)from, (void)edits, (void)job;
    return core::fail(core::ErrorCode::Unsupported, "this session store cannot write copies", to.toStdString());
  }
  // Records a token shift (core/store/token_shifts.h). `promptIds` are the session's ids of the prompts
  // in the record's order: each prompt is tied to the saved version holding its text, when there is
  // one. Returns the record as stored (its id and version ids set). A store that keeps no results
  // refuses.
  virtual core::Result<core::store::ShiftRecord> recordShift(const QString& path, core::store::ShiftRecord record,
                                                             const std::vector<qint64>& promptIds, core::Job& job) {
    (void)record, (void)promptIds, (void)job;
    return core::fail(core::ErrorCode::Unsupported, "this session store cannot keep token shifts", path.toStdString());
  }
};

// Fails every call with a message saying the session store is not part of this build.
class UnavailableBackend final : public SessionBackend {
 public:
  core::Result<SessionContents> open(const QString& path, core::Job&) override { return unavailable(path); }
  core::Result<SessionContents> create(const QString& path, core::Job&) override { return unavailable(path); }
  core::Result<std::shared_ptr<const core::analysis::RunResult>> loadRun(const QString& path, qint64,
                                                                         core::Job&) override {
    return unavailable(path);
  }
  core::Result<core::store::SavedEdits> save(const QString& path, const core::store::SessionEdits&,
                                             core::Job&) override {
    return unavailable(path);
  }

 private:
  static std::unexpected<core::Error> unavailable(const QString& path) {
    return core::fail(core::ErrorCode::Unsupported, "this build cannot read or write session files yet",
                      path.toStdString());
  }
};

}  // namespace widgets

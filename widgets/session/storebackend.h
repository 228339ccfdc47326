#pragma once
// widgets::StoreBackend: the SessionBackend over core::store, the `.cartograph` SQLite file.
//
// Every call opens its own core::store::SessionFile on the calling worker thread (the store's connections
// are single-threaded), so calls may run concurrently; SQLite's WAL lets a read proceed while a save
// commits. Saving writes the user's edits by identity rather than by id: checkpoints by path (or
// sha256), prompts and slices by name, annotations by (territory, document, span), so entries made in
// the GUI need no id from the store and a second save never duplicates anything.
// Limits of the store today: a checkpoint removed in the GUI stays in the file (no delete), and each
// kind of edit commits in its own transaction rather than all in one.
#include "widgets/session/sessionbackend.h"

namespace widgets {

class StoreBackend final : public SessionBackend {
 public:
  core::Result<SessionContents> open(const QString& path, core::Job& job) override;
  core::Result<SessionContents> create(const QString& path, core::Job& job) override;
  core::Result<std::shared_ptr<const core::analysis::RunResult>> loadRun(const QString& path, qint64 runId,
                                                                         core::Job& job) override;
  core::Result<core::store::SavedEdits> save(const QString& path, const core::store::SessionEdits& edits,
                                             core::Job& job) override;
  core::Result<core::store::SavedEdits> saveCopy(const QString& from, const QString& to,
                                                 const core::store::SessionEdits& edits, core::Job& job) override;
  core::Result<core::store::ShiftRecord> recordShift(const QString& path, core::store::ShiftRecord record,
                                                     const std::vector<qint64>& promptIds, core::Job& job) override;
};

}  // namespace widgets

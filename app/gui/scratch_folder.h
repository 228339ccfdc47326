#pragma once
// The folder of the runs the workbench makes while no session is open (app/gui/run_engine.cpp): one per
// workbench process under the temporary folder (TMPDIR), removed when it quits. A workbench that
// crashes cannot remove it, and a run's session file can be gigabytes, so each folder holds a lock file
// naming its process, and the next workbench to make a folder removes those whose process is gone
// (docs/ARCHITECTURE.md, "Lazy tracks").
#include <QLockFile>
#include <QString>
#include <QTemporaryDir>
#include <atomic>
#include <filesystem>
#include <memory>

#include "core/error.h"

namespace gui {

class ScratchFolder {
 public:
  // Makes `parent`/cartograph-runs-XXXXXX and locks it for this process.
  explicit ScratchFolder(const QString& parent);
  // A new session file's path in the folder (run-1.cartograph, run-2.cartograph, ...), or why there
  // is no folder. Any thread.
  core::Result<std::filesystem::path> newSession();
  QString path() const { return folder_.path(); }

 private:
  QTemporaryDir folder_;
  std::unique_ptr<QLockFile> lock_;
  std::atomic<int> made_{0};
};

// Removes the run folders in `parent` whose lock file names a process that no longer runs (a
// workbench that crashed). A folder whose process runs is kept, and so is one without a lock file (a
// folder being made, or one of a workbench from before the locks). Returns how many it removed.
int removeAbandonedScratch(const QString& parent);

}  // namespace gui

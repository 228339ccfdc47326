#include "app/gui/scratch_folder.h"

#include <QDir>
#include <QFileInfo>

namespace gui {

namespace {
const QString kPattern = QStringLiteral("cartograph-runs-");
const QString kLock = QStringLiteral("owner.lock");
}  // namespace

ScratchFolder::ScratchFolder(const QString& parent) : folder_(parent + QLatin1Char('/') + kPattern + QStringLiteral("XXXXXX")) {
  if (!folder_.isValid()) return;
  lock_ = std::make_unique<QLockFile>(folder_.filePath(kLock));
  lock_->setStaleLockTime(0);  // held as long as the workbench runs
  // The folder is new, so only a failure to write (a full disk) keeps the lock from it: the folder is
  // then used without one, and never taken for abandoned.
  if (!lock_->tryLock(0)) lock_.reset();
}

core::Result<std::filesystem::path> ScratchFolder::newSession() {
  if (!folder_.isValid())
    return core::fail(core::ErrorCode::Io, "cannot make a folder for the run's results: " + folder_.errorString().toStdString(),
                      QDir::tempPath().toStdString());
  return std::filesystem::path(folder_.path().toStdString()) / ("run-" + std::to_string(++made_) + ".cartograph");
}

int removeAbandonedScratch(const QString& parent) {
  int removed = 0;
  const QDir dir(parent);
  for (const QString& name : dir.entryList({kPattern + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot)) {
    const QString folder = dir.filePath(name);
    if (!QFileInfo::exists(folder + QLatin1Char('/') + kLock)) continue;
    QLockFile lock(folder + QLatin1Char('/') + kLock);
    // Never stale by age: only a lock whose process is gone (or whose PID now runs another program) is
    // taken over, which is what tryLock does with such a file.
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0)) continue;
    if (QDir(folder).removeRecursively()) ++removed;
    lock.unlock();
  }
  return removed;
}

}  // namespace gui

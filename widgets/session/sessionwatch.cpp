#include "widgets/session/sessionwatch.h"

#include <QFileInfo>

#include "widgets/session/session.h"
#include "widgets/session/sessionbackend.h"
#include "widgets/shell/jobsmodel.h"

namespace widgets {

SessionWatch::SessionWatch(Session* session, JobsModel* jobs, std::shared_ptr<SessionBackend> backend, int intervalMs)
    : QObject(session), session_(session), jobs_(jobs), backend_(std::move(backend)) {
  timer_.setInterval(intervalMs);
  connect(&timer_, &QTimer::timeout, this, &SessionWatch::poll);
}

void SessionWatch::start() {
  last_ = stamp();
  timer_.start();
}

void SessionWatch::stop() { timer_.stop(); }

SessionWatch::Stamp SessionWatch::stamp() const {
  const QString path = session_->path();
  Stamp s;
  const QFileInfo file(path), wal(path + QStringLiteral("-wal"));
  if (file.exists()) s.size = file.size(), s.modified = file.lastModified();
  if (wal.exists()) s.walSize = wal.size(), s.walModified = wal.lastModified();
  return s;
}

void SessionWatch::poll() {
  if (!session_->isOpen() || reading_) return;
  const Stamp now = stamp();
  if (now == last_) return;
  last_ = now;
  reading_ = true;
  auto backend = backend_;
  const QString path = session_->path();
  // The whole listing is read (as opening does, without per-token data); only runs and checkpoints never
  // seen are merged, so the user's unsaved edits of the lineage, prompts and slices are left alone.
  jobs_->start<SessionContents>(
      tr("Check %1 for new runs").arg(QFileInfo(path).fileName()),
      [backend, path](core::Job& job) { return backend->open(path, job); }, this,
      [this, path](core::Result<SessionContents> r) {
        reading_ = false;
        if (!r || path != session_->path()) return;
        int added = 0;
        for (const RunEntry& run : r->runs) {
          const RunEntry* known = nullptr;
          for (const RunEntry& mine : session_->runs())
            if (mine.id == run.id) known = &mine;
          if (!known) {
            session_->addRun(run, nullptr);
            ++added;
          } else if (known->status != run.status) {
            session_->setRunStatus(run.id, run.status, run.message);
            ++added;
          }
        }
        // The maps of those runs, when the file lists checkpoints this Session has not seen.
        session_->adoptStoredCheckpoints(r->checkpoints);
        if (added) Q_EMIT runsRefreshed(added);
      });
}

}  // namespace widgets

#include "widgets/runs/runlauncher.h"

#include <QPointer>

#include "widgets/shell/jobsmodel.h"
#include "widgets/session/session.h"

namespace widgets {

using core::store::RunStatus;

EngineRunLauncher::EngineRunLauncher(Session* session, JobsModel* jobs, RunEngine engine)
    : session_(session), jobs_(jobs), engine_(std::move(engine)) {}

void EngineRunLauncher::launch(const RunRequest& asked) {
  RunRequest request = asked;
  request.sessionPath = session_->path();  // read here: the worker must not touch the Session
  RunEntry entry;
  entry.name = request.displayName();
  entry.status = RunStatus::Running;
  entry.territory = request.territory;
  entry.checkpoints = request.checkpoints();
  entry.prompt = request.prompt;
  entry.created = QDateTime::currentDateTime();
  const qint64 id = session_->addRun(entry, nullptr);
  QPointer<Session> session(session_);
  auto engine = engine_;
  jobs_->start<EngineOutcome>(
      Session::tr("Run %1").arg(entry.name), [engine, request](core::Job& job) { return engine(request, job); },
      session_, [session, entry, id](core::Result<EngineOutcome> r) mutable {
        if (!session) return;
        if (!r) {
          const bool cancelled = r.error().code == core::ErrorCode::Cancelled;
          session->setRunStatus(id, cancelled ? RunStatus::Cancelled : RunStatus::Failed,
                                QString::fromStdString(r.error().what()));
          return;
        }
        entry.id = r->runId ? r->runId : id;
        entry.status = RunStatus::Complete;
        session->addRun(entry, r->result, id);
      });
}

void UnavailableRunLauncher::launch(const RunRequest& request) {
  Q_EMIT session_->issue(IssuesModel::Severity::Error, request.displayName(),
                         Session::tr("This build has no analysis engine yet: the run was not started."));
}

}  // namespace widgets

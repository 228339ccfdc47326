#pragma once
// JobsModel: every long operation the GUI started, with stage, progress, ETA and a cancel handle.
//
// `start()` runs a core operation on the global thread pool with a core::Job wired to this model:
// progress arrives here through queued calls (core::Job throttles it to 20 Hz), the result is
// delivered to `onDone` on the GUI thread, and exceptions the worker throws become core::Errors.
// GUI thread only, except the worker lambdas it creates.
#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QThreadPool>
#include <functional>
#include <memory>
#include <optional>

#include "core/error.h"
#include "core/jobs/job.h"

namespace widgets {

class JobsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum class State { Running, Finished, Failed, Cancelled };
  enum Column { TitleColumn, StageColumn, ProgressColumn, EtaColumn, StateColumn, ColumnCount };
  enum Role { FractionRole = Qt::UserRole + 1, StateRole, JobIdRole };

  explicit JobsModel(QObject* parent = nullptr);
  ~JobsModel() override;

  // Runs `work` on a worker thread. `onDone` runs on the GUI thread unless `context` is gone.
  template <class T>
  int start(const QString& title, std::function<core::Result<T>(core::Job&)> work, QObject* context,
            std::function<void(core::Result<T>)> onDone);

  void cancel(int jobId);
  void cancelAll();
  int runningCount() const;
  // Blocks until every worker has returned (used on quit and by tests).
  bool waitForAll(int msecs = -1);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 Q_SIGNALS:
  void jobFinished(int jobId, widgets::JobsModel::State state, const QString& message);
  void runningCountChanged(int running);

 private:
  struct Entry {
    int id = 0;
    QString title;
    core::Progress progress;
    State state = State::Running;
    QString message;
    core::CancelToken token;
  };
  int addEntry(const QString& title, const core::CancelToken& token);
  void onProgress(int jobId, const core::Progress& progress);
  void onEnded(int jobId, State state, const QString& message);
  int rowOf(int jobId) const;
  void launch(std::function<void()> body);

  QList<Entry> entries_;
  int nextId_ = 1;
  QThreadPool pool_;
};

template <class T>
int JobsModel::start(const QString& title, std::function<core::Result<T>(core::Job&)> work, QObject* context,
                     std::function<void(core::Result<T>)> onDone) {
  core::CancelToken token;
  const int id = addEntry(title, token);
  QPointer<JobsModel> self(this);
  QPointer<QObject> guard(context);
  launch([=]() mutable {
    core::Job job(
        [self, id](const core::Progress& p) {
          if (self) QMetaObject::invokeMethod(self, [self, id, p] { if (self) self->onProgress(id, p); },
                                              Qt::QueuedConnection);
          return true;
        },
        token);
    auto result = std::make_shared<core::Result<T>>(core::fail(core::ErrorCode::Internal, "job did not run"));
    try {
      *result = work(job);
    } catch (const std::exception& e) {
      *result = core::fail(core::ErrorCode::Internal, "unexpected failure", {}, e.what());
    } catch (...) {
      *result = core::fail(core::ErrorCode::Internal, "unexpected failure");
    }
    if (!self) return;
    QMetaObject::invokeMethod(
        self,
        [self, guard, id, result, onDone] {
          const bool ok = result->has_value();
          const bool cancelled = !ok && result->error().code == core::ErrorCode::Cancelled;
          const State state = ok ? State::Finished : cancelled ? State::Cancelled : State::Failed;
          const QString message = ok ? QString() : QString::fromStdString(result->error().what());
          if (self) self->onEnded(id, state, message);
          if (guard && onDone) onDone(std::move(*result));
        },
        Qt::QueuedConnection);
  });
  return id;
}

}  // namespace widgets

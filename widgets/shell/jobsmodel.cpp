#include "widgets/shell/jobsmodel.h"

#include "widgets/shell/jobstage.h"

#include <algorithm>
#include <cmath>

namespace widgets {

JobsModel::JobsModel(QObject* parent) : QAbstractTableModel(parent) {
  // Jobs are few and heavy (each already uses every core through LibTorch); two at once is plenty.
  pool_.setMaxThreadCount(2);
}

JobsModel::~JobsModel() {
  cancelAll();
  pool_.waitForDone();
}

void JobsModel::launch(std::function<void()> body) { pool_.start(std::move(body)); }

int JobsModel::addEntry(const QString& title, const core::CancelToken& token) {
  Entry e;
  e.id = nextId_++;
  e.title = title;
  e.token = token;
  beginInsertRows({}, int(entries_.size()), int(entries_.size()));
  entries_.append(e);
  endInsertRows();
  Q_EMIT runningCountChanged(runningCount());
  return e.id;
}

int JobsModel::rowOf(int jobId) const {
  for (int i = 0; i < entries_.size(); ++i)
    if (entries_[i].id == jobId) return i;
  return -1;
}

void JobsModel::onProgress(int jobId, const core::Progress& progress) {
  const int row = rowOf(jobId);
  if (row < 0 || entries_[row].state != State::Running) return;
  entries_[row].progress = progress;
  Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void JobsModel::onEnded(int jobId, State state, const QString& message) {
  const int row = rowOf(jobId);
  if (row < 0) return;
  entries_[row].state = state;
  entries_[row].message = message;
  if (state == State::Finished) {  // a finished job is whole, also one that never said how much it had
    auto& p = entries_[row].progress;
    if (p.total <= 0) p.total = 1;
    p.done = p.total;
  }
  Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
  Q_EMIT jobFinished(jobId, state, message);
  Q_EMIT runningCountChanged(runningCount());
}

void JobsModel::cancel(int jobId) {
  const int row = rowOf(jobId);
  if (row >= 0) entries_[row].token.cancel();
}

void JobsModel::cancelAll() {
  for (const Entry& e : entries_)
    if (e.state == State::Running) e.token.cancel();
}

int JobsModel::runningCount() const {
  return int(std::count_if(entries_.begin(), entries_.end(),
                           [](const Entry& e) { return e.state == State::Running; }));
}

bool JobsModel::waitForAll(int msecs) { return pool_.waitForDone(msecs); }

int JobsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(entries_.size()); }
int JobsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

static QString formatEta(double seconds) {
  if (seconds < 0) return QStringLiteral("–");
  const int s = int(std::ceil(seconds));
  if (s < 60) return QStringLiteral("%1 s").arg(s);
  return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QVariant JobsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= entries_.size()) return {};
  const Entry& e = entries_.at(index.row());
  if (role == FractionRole) return e.progress.fraction();
  if (role == StateRole) return int(e.state);
  if (role == JobIdRole) return e.id;
  if (role == Qt::ToolTipRole && !e.message.isEmpty()) return e.message;
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case TitleColumn: return e.title;
    case StageColumn: return jobStageText(e.progress.stage);
    case ProgressColumn:
      return e.progress.total > 0 ? QStringLiteral("%1 %").arg(100.0 * e.progress.fraction(), 0, 'f', 1)
                                  : QString();
    case EtaColumn: return e.state == State::Running ? formatEta(e.progress.eta_s) : QString();
    case StateColumn:
      switch (e.state) {
        case State::Running: return tr("Running");
        case State::Finished: return tr("Finished");
        case State::Failed: return tr("Failed");
        case State::Cancelled: return tr("Cancelled");
      }
  }
  return {};
}

QVariant JobsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case TitleColumn: return tr("Job");
    case StageColumn: return tr("Stage");
    case ProgressColumn: return tr("Progress");
    case EtaColumn: return tr("ETA");
    case StateColumn: return tr("State");
  }
  return {};
}

}  // namespace widgets

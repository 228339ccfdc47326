#pragma once
// SessionWatch: notices when another process (cartograph-cli compare --session, a second window)
// writes to the open session file, and brings its new runs and run states into the Session without
// reopening. Every `interval` it compares the file's and its WAL's size and modification time (a
// stat, no SQL, on the GUI thread); on a change it reads the session's run list on a JobsModel worker
// through the SessionBackend and adds the runs the Session does not have. GUI thread only.
#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <memory>

namespace widgets {

class JobsModel;
class Session;
class SessionBackend;

class SessionWatch : public QObject {
  Q_OBJECT
 public:
  SessionWatch(Session* session, JobsModel* jobs, std::shared_ptr<SessionBackend> backend, int intervalMs = 1000);

  // Starts watching the Session's file (called when one is opened); stop() when it closes.
  void start();
  void stop();

 Q_SIGNALS:
  // New runs (or new states of known runs) were read from the file.
  void runsRefreshed(int added);

 private:
  struct Stamp {
    qint64 size = -1, walSize = -1;
    QDateTime modified, walModified;
    bool operator==(const Stamp&) const = default;
  };
  Stamp stamp() const;
  void poll();

  Session* session_;
  JobsModel* jobs_;
  std::shared_ptr<SessionBackend> backend_;
  QTimer timer_;
  Stamp last_;
  bool reading_ = false;
};

}  // namespace widgets

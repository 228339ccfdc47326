#include "widgets/shell/recentsessions.h"

#include <QFileInfo>
#include <QSettings>

namespace widgets {
namespace {
const QString kKey = QStringLiteral("session/recent");
}

QStringList recentSessions() { return QSettings().value(kKey).toStringList(); }

void rememberSession(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  QStringList list = recentSessions();
  list.removeAll(absolute);
  list.prepend(absolute);
  while (list.size() > 10) list.removeLast();
  QSettings().setValue(kKey, list);
}

void forgetRecentSessions() { QSettings().remove(kKey); }

}  // namespace widgets

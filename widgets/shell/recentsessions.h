#pragma once
// The recently opened session files, newest first, kept in the application settings (File → Open Recent).
#include <QStringList>

namespace widgets {

QStringList recentSessions();
void rememberSession(const QString& path);  // moves it to the front; at most 10 are kept
void forgetRecentSessions();

}  // namespace widgets

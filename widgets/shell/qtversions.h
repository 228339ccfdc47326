#pragma once
// The version lines the GUI shows: core's plus Qt's (core never links Qt).
#include <QString>

namespace widgets {

QString versionsText();

}  // namespace widgets

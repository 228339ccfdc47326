#pragma once
// widgets::jobStageText: a core job's stage name (core::Progress::stage, English, Qt-free) as the Jobs
// dock shows it, in the user's language. The core's stage names are listed in jobstage.cpp for
// lupdate; "reading FILE" keeps the file name; an unknown stage is shown as it is.
#include <QString>
#include <string>

namespace widgets {

QString jobStageText(const std::string& stage);

}  // namespace widgets

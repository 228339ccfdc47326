#include "widgets/shell/qtversions.h"

#include <QtGlobal>

#include "core/version.h"

namespace widgets {

QString versionsText() {
  return QString::fromStdString(core::format_versions(core::versions())) + QStringLiteral("Qt: ") +
         QString::fromLatin1(qVersion()) + QStringLiteral(" (built with ") + QStringLiteral(QT_VERSION_STR) +
         QStringLiteral(")\n");
}

}  // namespace widgets

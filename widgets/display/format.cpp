#include "widgets/display/format.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>

namespace widgets {

namespace analysis = core::analysis;

// The table's labels are null-terminated literals marked for lupdate in core/analysis/fields.cpp.
QString fieldLabel(const SummaryField& field) { return QCoreApplication::translate("Field", field.label.data()); }
QString fieldTitle(const SummaryField& field) { return QCoreApplication::translate("Field", field.title.data()); }
QString fieldDescription(const SummaryField& field) {
  return QCoreApplication::translate("Field", field.description.data());
}

QString formatField(const SummaryField& field, double value) {
  if (!std::isfinite(value)) return QStringLiteral("—");
  switch (field.format) {
    case analysis::Format::Count: return QLocale().toString(static_cast<qlonglong>(value));
    case analysis::Format::Fixed: return QString::number(value, 'f', field.precision);
    case analysis::Format::Signed:
      return (value > 0 ? QStringLiteral("+") : QString()) + QString::number(value, 'f', field.precision);
    case analysis::Format::Percent: return QStringLiteral("%1 %").arg(100 * value, 0, 'f', field.precision);
  }
  return {};
}

QString formatValue(double v) {
  if (!std::isfinite(v)) return QStringLiteral("—");
  const double a = std::fabs(v);
  if (a != 0 && (a < 1e-3 || a >= 1e5)) return QString::number(v, 'e', 2);
  if (a >= 100) return QString::number(v, 'f', 0);
  if (a >= 10) return QString::number(v, 'f', 1);
  if (a >= 1) return QString::number(v, 'f', 2);
  return QString::number(v, 'f', 3);
}

}  // namespace widgets

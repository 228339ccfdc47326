#include "widgets/overview/slice.h"

#include <QCoreApplication>
#include <QStringList>

namespace widgets {
QString describeSlice(const SliceDefinition& d) {
  switch (d.kind) {
    case SliceDefinition::Kind::Threshold:
      return QCoreApplication::translate("Slice", "%1 of %2 %3 %4")
          .arg(metricLabel(d.metric), d.map.empty() ? QCoreApplication::translate("Slice", "map %1").arg(d.map_index) : QString::fromStdString(d.map),
               d.comparison == SliceDefinition::Comparison::Above ? QStringLiteral(">") : QStringLiteral("<"),
               QString::number(d.value, 'g', 4));
    case SliceDefinition::Kind::Metadata: {
      QStringList values;
      for (const std::string& v : d.values) values << QString::fromStdString(v);
      return QCoreApplication::translate("Slice", "%1 ∈ {%2}").arg(QString::fromStdString(d.field), values.join(QStringLiteral(", ")));
    }
    case SliceDefinition::Kind::Regex:
      return QCoreApplication::translate("Slice", "text matches /%1/%2")
          .arg(QString::fromStdString(d.pattern), d.case_sensitive ? QString() : QStringLiteral("i"));
    case SliceDefinition::Kind::Lasso:
      return QCoreApplication::translate("Slice", "lasso of %n vertices on the projection", nullptr,
                                         int(d.polygon.size()));
    case SliceDefinition::Kind::And:
    case SliceDefinition::Kind::Or: {
      QStringList parts;
      for (const SliceDefinition& o : d.operands) parts << QStringLiteral("(%1)").arg(describeSlice(o));
      return parts.join(d.kind == SliceDefinition::Kind::And ? QCoreApplication::translate("Slice", " and ") : QCoreApplication::translate("Slice", " or "));
    }
    case SliceDefinition::Kind::Not:
      return QCoreApplication::translate("Slice", "not (%1)").arg(d.operands.empty() ? QString() : describeSlice(d.operands.front()));
    case SliceDefinition::Kind::Reference: return QCoreApplication::translate("Slice", "slice “%1”").arg(QString::fromStdString(d.reference));
  }
  return {};
}

}  // namespace widgets

#include "widgets/overview/slice.h"

#include <QCoreApplication>
#include <QStringList>

namespace widgets {
namespace {

QString trSlice(const char* text) { return QCoreApplication::translate("Slice", text); }

}  // namespace

QString describeSlice(const SliceDefinition& d) {
  switch (d.kind) {
    case SliceDefinition::Kind::Threshold:
      return trSlice("%1 of %2 %3 %4")
          .arg(metricLabel(d.metric), d.map.empty() ? trSlice("map %1").arg(d.map_index) : QString::fromStdString(d.map),
               d.comparison == SliceDefinition::Comparison::Above ? QStringLiteral(">") : QStringLiteral("<"),
               QString::number(d.value, 'g', 4));
    case SliceDefinition::Kind::Metadata: {
      QStringList values;
      for (const std::string& v : d.values) values << QString::fromStdString(v);
      return trSlice("%1 ∈ {%2}").arg(QString::fromStdString(d.field), values.join(QStringLiteral(", ")));
    }
    case SliceDefinition::Kind::Regex:
      return trSlice("text matches /%1/%2")
          .arg(QString::fromStdString(d.pattern), d.case_sensitive ? QString() : QStringLiteral("i"));
    case SliceDefinition::Kind::Lasso:
      return QCoreApplication::translate("Slice", "lasso of %n vertices on the projection", nullptr,
                                         int(d.polygon.size()));
  }
  return {};
}

}  // namespace widgets

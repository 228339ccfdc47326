#include "widgets/overview/slice.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>

namespace widgets {
namespace {

using core::analysis::RunResult;

QString trSlice(const char* text) { return QCoreApplication::translate("Slice", text); }

const char* kindKey(SliceDefinition::Kind kind) {
  switch (kind) {
    case SliceDefinition::Kind::Threshold: return "threshold";
    case SliceDefinition::Kind::Metadata: return "metadata";
    case SliceDefinition::Kind::Regex: return "regex";
    case SliceDefinition::Kind::Lasso: return "lasso";
  }
  return "threshold";
}

core::Result<int> resolveMap(const RunResult& run, const SliceDefinition& d) {
  for (std::size_t i = 0; i < run.maps.size(); ++i)
    if (!d.map.isEmpty() && QString::fromStdString(run.maps[i].name) == d.map) return int(i);
  if (d.map.isEmpty() && d.mapIndex >= 0 && std::size_t(d.mapIndex) < run.maps.size()) return d.mapIndex;
  return core::fail(core::ErrorCode::NotFound,
                    "the slice asks for map '" + d.map.toStdString() + "', which this run does not have");
}

}  // namespace

bool PositionSet::containsDocument(int document) const {
  if (document < 0 || std::size_t(document) >= flags.size()) return false;
  const auto& f = flags[std::size_t(document)];
  return std::find(f.begin(), f.end(), std::uint8_t(1)) != f.end();
}

bool PositionSet::containsWholeDocument(int document) const {
  if (document < 0 || std::size_t(document) >= flags.size()) return false;
  const auto& f = flags[std::size_t(document)];
  return !f.empty() && std::find(f.begin(), f.end(), std::uint8_t(0)) == f.end();
}

PositionSet PositionSet::sized(const RunResult& run) {
  PositionSet s;
  s.flags.resize(run.documents.size());
  for (std::size_t d = 0; d < run.documents.size(); ++d) s.flags[d].assign(run.documents[d].scored(), 0);
  return s;
}

QJsonObject SliceDefinition::toJson() const {
  QJsonObject o;
  o[QStringLiteral("kind")] = QLatin1String(kindKey(kind));
  switch (kind) {
    case Kind::Threshold:
      o[QStringLiteral("metric")] = metricKey(metric);
      o[QStringLiteral("map")] = map;
      o[QStringLiteral("map_index")] = mapIndex;
      o[QStringLiteral("op")] = comparison == Comparison::Above ? QStringLiteral(">") : QStringLiteral("<");
      o[QStringLiteral("value")] = value;
      break;
    case Kind::Metadata:
      o[QStringLiteral("field")] = field;
      o[QStringLiteral("values")] = QJsonArray::fromStringList(values);
      break;
    case Kind::Regex:
      o[QStringLiteral("pattern")] = pattern;
      o[QStringLiteral("case_sensitive")] = caseSensitive;
      break;
    case Kind::Lasso: {
      QJsonArray points;
      for (const QPointF& p : polygon) points.append(QJsonArray{p.x(), p.y()});
      o[QStringLiteral("polygon")] = points;
      break;
    }
  }
  return o;
}

core::Result<SliceDefinition> SliceDefinition::fromJson(const QJsonObject& o) {
  auto missing = [](const char* field) {
    return core::fail(core::ErrorCode::InvalidInput, std::string("slice definition lacks '") + field + "'");
  };
  SliceDefinition d;
  const QString kind = o.value(QStringLiteral("kind")).toString();
  if (kind == QLatin1String("threshold")) {
    d.kind = Kind::Threshold;
    if (!metricFromKey(o.value(QStringLiteral("metric")).toString(), &d.metric)) return missing("metric");
    if (!o.contains(QStringLiteral("value"))) return missing("value");
    d.map = o.value(QStringLiteral("map")).toString();
    d.mapIndex = o.value(QStringLiteral("map_index")).toInt(1);
    d.comparison = o.value(QStringLiteral("op")).toString() == QLatin1String("<") ? Comparison::Below
                                                                                   : Comparison::Above;
    d.value = o.value(QStringLiteral("value")).toDouble();
  } else if (kind == QLatin1String("metadata")) {
    d.kind = Kind::Metadata;
    d.field = o.value(QStringLiteral("field")).toString();
    if (d.field.isEmpty()) return missing("field");
    for (const QJsonValue& v : o.value(QStringLiteral("values")).toArray()) d.values << v.toString();
  } else if (kind == QLatin1String("regex")) {
    d.kind = Kind::Regex;
    d.pattern = o.value(QStringLiteral("pattern")).toString();
    if (d.pattern.isEmpty()) return missing("pattern");
    d.caseSensitive = o.value(QStringLiteral("case_sensitive")).toBool();
  } else if (kind == QLatin1String("lasso")) {
    d.kind = Kind::Lasso;
    for (const QJsonValue& v : o.value(QStringLiteral("polygon")).toArray()) {
      const QJsonArray xy = v.toArray();
      if (xy.size() != 2) return missing("polygon");
      d.polygon << QPointF(xy[0].toDouble(), xy[1].toDouble());
    }
    if (d.polygon.size() < 3) return missing("polygon");
  } else {
    return core::fail(core::ErrorCode::Unsupported, "unknown slice kind '" + kind.toStdString() + "'");
  }
  return d;
}

QString SliceDefinition::describe() const {
  switch (kind) {
    case Kind::Threshold:
      return trSlice("%1 of %2 %3 %4")
          .arg(metricLabel(metric), map.isEmpty() ? trSlice("map %1").arg(mapIndex) : map,
               comparison == Comparison::Above ? QStringLiteral(">") : QStringLiteral("<"),
               QString::number(value, 'g', 4));
    case Kind::Metadata: return trSlice("%1 ∈ {%2}").arg(field, values.join(QStringLiteral(", ")));
    case Kind::Regex: return trSlice("text matches /%1/%2").arg(pattern, caseSensitive ? QString() : QStringLiteral("i"));
    case Kind::Lasso:
      return QCoreApplication::translate("Slice", "lasso of %n vertices on the projection", nullptr, int(polygon.size()));
  }
  return {};
}

DocumentText documentText(const RunResult& run, const core::analysis::DocumentResult& doc) {
  DocumentText t;
  const std::size_t n = doc.scored();
  t.offsets.reserve(n + 1);
  for (std::size_t p = 0; p < n; ++p) {
    t.offsets.push_back(int(t.text.size()));
    const std::int32_t id = doc.tokens[p + 1];
    if (id >= 0 && std::size_t(id) < run.token_texts.size())
      t.text += QString::fromStdString(run.token_texts[std::size_t(id)]);
  }
  t.offsets.push_back(int(t.text.size()));
  return t;
}

core::Result<PositionSet> evaluateSlice(const RunResult& run, const SliceDefinition& d) {
  PositionSet s = PositionSet::sized(run);
  switch (d.kind) {
    case SliceDefinition::Kind::Threshold: {
      auto map = resolveMap(run, d);
      if (!map) return std::unexpected(map.error());
      // Thresholds compare on the metric's own scale: "rank > 10" means rank 10, not log10.
      for (std::size_t doc = 0; doc < run.documents.size(); ++doc) {
        const auto& document = run.documents[doc];
        if (document.maps.size() != run.maps.size() && document.scored() > 0)
          return core::fail(core::ErrorCode::Internal,
                            "the tracks of document '" + document.name + "' are not loaded");
        for (std::size_t p = 0; p < document.scored(); ++p) {
          const float v = metricValue(document, *map, int(p), d.metric);
          if (!std::isfinite(v)) continue;
          const bool keep = d.comparison == SliceDefinition::Comparison::Above ? v > d.value : v < d.value;
          if (keep) s.flags[doc][p] = 1;
        }
      }
      break;
    }
    case SliceDefinition::Kind::Metadata: {
      const std::string field = d.field.toStdString();
      for (std::size_t doc = 0; doc < run.documents.size(); ++doc) {
        const auto& md = run.documents[doc].metadata;
        const auto it = md.find(field);
        if (it != md.end() && d.values.contains(QString::fromStdString(it->second)))
          std::fill(s.flags[doc].begin(), s.flags[doc].end(), std::uint8_t(1));
      }
      break;
    }
    case SliceDefinition::Kind::Regex: {
      QRegularExpression re(d.pattern, d.caseSensitive ? QRegularExpression::NoPatternOption
                                                       : QRegularExpression::CaseInsensitiveOption);
      if (!re.isValid())
        return core::fail(core::ErrorCode::InvalidInput,
                          "the regular expression /" + d.pattern.toStdString() + "/ is not valid",
                          {}, re.errorString().toStdString() + " at offset " +
                                  std::to_string(re.patternErrorOffset()));
      for (std::size_t doc = 0; doc < run.documents.size(); ++doc) {
        const DocumentText text = documentText(run, run.documents[doc]);
        auto it = re.globalMatch(text.text);
        while (it.hasNext()) {
          const QRegularExpressionMatch m = it.next();
          if (m.capturedLength() == 0) continue;
          const int begin = int(m.capturedStart()), end = int(m.capturedEnd());
          // The tokens whose [offset, next offset) overlaps [begin, end).
          auto first = std::upper_bound(text.offsets.begin(), text.offsets.end() - 1, begin);
          std::size_t p = std::size_t(std::max<std::ptrdiff_t>(0, first - text.offsets.begin() - 1));
          for (; p + 1 < text.offsets.size() && text.offsets[p] < end; ++p)
            if (text.offsets[p + 1] > begin) s.flags[doc][p] = 1;
        }
      }
      break;
    }
    case SliceDefinition::Kind::Lasso: {
      const QRectF bounds = d.polygon.boundingRect();
      for (const core::analysis::ProjectionPoint& pt : run.projection.points) {
        const QPointF q(pt.x, pt.y);
        if (!bounds.contains(q) || !d.polygon.containsPoint(q, Qt::OddEvenFill)) continue;
        if (std::size_t(pt.document) < s.flags.size() &&
            std::size_t(pt.position) < s.flags[std::size_t(pt.document)].size())
          s.flags[std::size_t(pt.document)][std::size_t(pt.position)] = 1;
      }
      break;
    }
  }
  for (const auto& f : s.flags) s.count += std::count(f.begin(), f.end(), std::uint8_t(1));
  return s;
}

}  // namespace widgets

#include "widgets/export/provenance.h"

#include <QFileInfo>
#include <QJsonArray>

namespace widgets {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
QString shortHash(const std::string& sha) { return sha.empty() ? QStringLiteral("unknown") : q(sha.substr(0, 12)); }
}  // namespace

Provenance makeProvenance(const core::analysis::RunResult& run, qint64 runId, const QString& sessionPath,
                          const QString& slice, const QStringList& names, const QDateTime& date) {
  Provenance p;
  p.session = QFileInfo(sessionPath).fileName();
  p.runId = runId;
  for (std::size_t m = 0; m < run.maps.size(); ++m) {
    const auto& map = run.maps[m];
    const QString name = qsizetype(m) < names.size() ? names[qsizetype(m)] : q(map.name);
    p.maps << QStringLiteral("%1 (%2, sha256 %3)").arg(name, q(core::analysis::to_string(map.role)), shortHash(map.sha256));
  }
  p.territory = QFileInfo(q(run.territory.source)).fileName();
  p.territoryHash = shortHash(run.territory.content_hash);
  p.slice = slice.isEmpty() ? QStringLiteral("all positions") : slice;
  // A caption is one line: a newline in the prompt is written as the two characters \n.
  p.prompt = q(run.settings.prompt).replace(QLatin1Char('\n'), QStringLiteral("\\n"));
  p.settings = QStringLiteral("top-k %1, window %2, stride %3, batch %4, seed %5, device %6")
                   .arg(run.settings.top_k)
                   .arg(run.window)
                   .arg(run.stride)
                   .arg(run.settings.batch)
                   .arg(run.settings.seed)
                   .arg(q(run.settings.device));
  QStringList versions;
  for (const auto& [key, value] : run.versions) versions << q(key) + QStringLiteral(" ") + q(value);
  p.computedBy = versions.join(QStringLiteral(", "));
  p.exportedBy = QStringLiteral("Cartograph " CARTOGRAPH_VERSION);
  p.date = date.toUTC();
  return p;
}

Provenance withFigureProvenance(Provenance provenance, const QString& figureProvenance) {
  provenance.figure = figureProvenance;
  return provenance;
}

QString Provenance::caption() const {
  return QStringLiteral("Run %1 of %2: maps %3; territory %4 (hash %5); slice: %6; prompt: %7; %8.%9 %10, %11.")
      .arg(runId)
      .arg(session, maps.join(QStringLiteral(", ")), territory, territoryHash, slice,
           prompt.isEmpty() ? QStringLiteral("none") : QStringLiteral("\"%1\"").arg(prompt), settings)
      .arg(figure.isEmpty() ? QString() : QStringLiteral(" Figure: %1.").arg(figure))
      .arg(exportedBy, date.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
}

QJsonObject Provenance::toJson() const {
  return QJsonObject{{QStringLiteral("session"), session},
                     {QStringLiteral("run"), runId},
                     {QStringLiteral("maps"), QJsonArray::fromStringList(maps)},
                     {QStringLiteral("territory"), territory},
                     {QStringLiteral("territory_hash"), territoryHash},
                     {QStringLiteral("slice"), slice},
                     {QStringLiteral("prompt"), prompt},
                     {QStringLiteral("settings"), settings},
                     {QStringLiteral("computed_by"), computedBy},
                     {QStringLiteral("exported_by"), exportedBy},
                     {QStringLiteral("date"), date.toString(Qt::ISODate)},
                     {QStringLiteral("figure"), figure},
                     {QStringLiteral("caption"), caption()}};
}

}  // namespace widgets

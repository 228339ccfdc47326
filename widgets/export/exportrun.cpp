#include "widgets/export/exportrun.h"

#include "core/analysis/text_anchor.h"

#include "core/analysis/digest.h"
#include "core/analysis/slice.h"
#include "core/store/library.h"
#include "core/store/run_export.h"
#include "core/store/run_reader.h"
#include "widgets/export/studiosource.h"

namespace widgets {

core::Result<ExportRun> loadExportRun(const QString& sessionPath, qint64 runId, const QString& slice, core::Job& job) {
  namespace store = core::store;
  const std::string path = sessionPath.toStdString();
  auto session = store::SessionFile::open(path, store::OpenMode::ReadOnly);
  if (!session) return std::unexpected(session.error());
  auto loaded = store::load_complete_run(*session, runId, job);
  if (!loaded) return std::unexpected(loaded.error());
  auto run = std::make_shared<const core::analysis::RunResult>(std::move(*loaded));

  ExportRun out;
  out.runId = runId;
  out.sessionPath = sessionPath;
  store::Library library(*session);
  auto slices = library.slices();
  if (!slices) return std::unexpected(slices.error());
  std::shared_ptr<const core::analysis::PositionSet> positions;
  QString sliceText;
  QStringList names;
  core::analysis::NamedSlices named;  // what combined slices refer to
  for (const store::SliceRecord& r : *slices)
    if (auto d = core::analysis::SliceDefinition::from_json(r.definition_json)) named.emplace(r.name, std::move(*d));
  for (const store::SliceRecord& r : *slices) {
    auto definition = core::analysis::SliceDefinition::from_json(r.definition_json);
    const QString description = definition ? QString::fromStdString(core::analysis::describe(*definition)) : QString();
    out.slices << qMakePair(QString::fromStdString(r.name), description);
    names << QStringLiteral("\"%1\"").arg(QString::fromStdString(r.name));
    if (slice.isEmpty() || QString::fromStdString(r.name) != slice) continue;
    if (!definition) return std::unexpected(core::with_path(definition.error(), path));
    auto full = core::analysis::resolve_references(*definition, named, r.name);
    if (!full) return std::unexpected(core::with_path(full.error(), path));
    auto kept = core::analysis::evaluate_slice(*run, *full);
    if (!kept) return std::unexpected(kept.error());
    positions = std::make_shared<const core::analysis::PositionSet>(std::move(*kept));
    sliceText = slice + QStringLiteral(": ") + description;
  }
  if (!slice.isEmpty() && !positions)
    return core::fail(core::ErrorCode::NotFound,
                      "no slice \"" + slice.toStdString() + "\" in this session (slices: " +
                          (names.isEmpty() ? std::string("none") : names.join(QStringLiteral(", ")).toStdString()) + ")",
                      path);

  store::RunReader reader(*session);
  if (auto territory = reader.territory_of(runId)) {
    if (auto notes = library.annotations(*territory)) {
      for (const store::AnnotationRecord& a : *notes) {
        QString document = QStringLiteral("#%1").arg(a.document_index);
        qint64 start = a.span_start, end = a.span_end;
        for (const auto& d : run->documents) {
          if (d.index != a.document_index) continue;
          document = QString::fromStdString(d.name);
          // This run's tokens over the note's text (text_anchor.h), as token indices (BOS at 0).
          if (a.text_start < 0) continue;
          if (const auto tokens = core::analysis::positions_of(core::analysis::token_spans(*run, d),
                                                               std::size_t(a.text_start), std::size_t(a.text_end)))
            start = tokens->first + 1, end = tokens->second + 2;
        }
        out.annotations << ExportNote{document, start, end, QString::fromStdString(a.note)};
      }
    }
  }

  auto digest = core::analysis::digest_run(run, positions, out.source.thresholds, job);
  if (!digest) return std::unexpected(digest.error());
  out.source.digest = *digest;
  if (auto studio = loadStudioSources(sessionPath, runId, out.source); !studio) return std::unexpected(studio.error());
  out.provenance = makeProvenance(*run, runId, sessionPath, sliceText);
  return out;
}

}  // namespace widgets

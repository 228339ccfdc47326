#pragma once
// The document list's order: the documents of a run sorted by one column of the list (a statistic of
// one map, the name or the metadata), names in natural order (doc-2 before doc-10). A pure function of
// the run, so that a large run's order is computed on a worker while the list stays responsive
// (docs/ARCHITECTURE.md, "Lazy tracks").
#include <QString>
#include <Qt>
#include <optional>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/jobs/job.h"

namespace widgets {

// Natural order: runs of digits compare by value ("doc-2" < "doc-10"), the rest case-insensitively.
bool naturalLess(const QString& a, const QString& b);

// A column's value for a document, as the list shows and sorts it (DocumentsModel::Column): NaN where
// the map has none (the base map's KL against itself).
double documentStatistic(const core::analysis::DocumentResult& doc, int map, int column);
// The document's metadata as the list's Metadata column shows it: "key=value, key=value".
QString documentMetadataText(const core::analysis::DocumentResult& doc);

// Document positions in the list's order for `column` and `order`: ascending, or descending, as a
// stable sort (documents that compare equal keep the run's order); a statistic the map lacks sorts
// below every value.
// Nullopt when `cancel` is cancelled before it ends.
std::optional<std::vector<int>> documentOrder(const core::analysis::RunResult& run, int map, int column,
                                              Qt::SortOrder order, const core::CancelToken* cancel = nullptr);

}  // namespace widgets

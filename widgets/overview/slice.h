#pragma once
// Slices: named subsets of a run's scored positions that every view can be restricted to.
//
// A SliceDefinition is what the user built (a metric threshold, metadata values, a text regex or a
// lasso on the projection); it is stored as JSON in the session so it re-applies to any later run.
// evaluateSlice() turns a definition into a PositionSet for one run. Both are plain values; evaluation
// is a pure function over immutable data, safe on a worker thread.
#include <QJsonObject>
#include <QPolygonF>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"
#include "widgets/display/metric.h"

namespace widgets {

// Which scored positions of one run a slice keeps: one flag per (document, scored position).
struct PositionSet {
  std::vector<std::vector<std::uint8_t>> flags;  // [document][position], 1 = kept
  std::int64_t count = 0;                        // kept positions

  bool contains(int document, int position) const {
    return document >= 0 && std::size_t(document) < flags.size() && position >= 0 &&
           std::size_t(position) < flags[std::size_t(document)].size() &&
           flags[std::size_t(document)][std::size_t(position)] != 0;
  }
  bool containsDocument(int document) const;  // keeps at least one of its positions
  // Every position of the document is kept (aggregates that only exist per document still apply).
  bool containsWholeDocument(int document) const;
  static PositionSet sized(const core::analysis::RunResult& run);  // all flags 0
};

struct SliceDefinition {
  enum class Kind { Threshold, Metadata, Regex, Lasso };
  enum class Comparison { Above, Below };

  Kind kind = Kind::Threshold;
  // Threshold: positions where `metric` of map `map` (by name, else by index) is above/below `value`.
  Metric metric = Metric::KlBaseTuned;
  QString map;
  int mapIndex = 1;
  Comparison comparison = Comparison::Above;
  double value = 0;
  // Metadata: every position of the documents whose `field` has one of `values`.
  QString field;
  QStringList values;
  // Regex: positions whose token overlaps a match in the document text (rebuilt from token texts).
  QString pattern;
  bool caseSensitive = false;
  // Lasso: projected positions inside `polygon` (projection coordinates).
  QPolygonF polygon;

  QJsonObject toJson() const;
  // Reads what toJson() wrote; an unknown kind or a missing field is an error that says which.
  static core::Result<SliceDefinition> fromJson(const QJsonObject& json);
  // One line a user reads in a list: "KL(base ‖ map) of sft > 0.5".
  QString describe() const;
};

// The positions of `run` that `definition` keeps. Fails with a readable error on an invalid regex or a
// map the run does not have. Needs the run's tracks for threshold slices.
core::Result<PositionSet> evaluateSlice(const core::analysis::RunResult& run, const SliceDefinition& definition);

// The document's scored tokens as display text, and where each token starts in it (UTF-16 offsets,
// one more entry than tokens for the end). Used by the regex slice and by the text search.
struct DocumentText {
  QString text;
  std::vector<int> offsets;
};
DocumentText documentText(const core::analysis::RunResult& run, const core::analysis::DocumentResult& doc);

}  // namespace widgets

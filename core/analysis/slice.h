#pragma once
// Slices: named subsets of a run's scored positions that every view, and the CLI's summaries, can be
// restricted to (docs/ARCHITECTURE.md, "Slices").
//
// A SliceDefinition is what the user built (a metric threshold, metadata values, a text regex, a
// lasso on the projection, or a combination of other slices with and / or / not). It is stored as JSON in the session (Library::save_slice) so it re-applies
// to any later run; to_json()/from_json() are the one reader and writer of that format, shared by the
// GUI, the CLI and the demo. evaluate_slice() turns a definition into a PositionSet for one run.
// Plain values and pure functions over immutable data: safe from any thread.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/fields.h"
#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::analysis {

// Which scored positions of one run a slice keeps: one flag per (document, scored position).
struct PositionSet {
  std::vector<std::vector<std::uint8_t>> flags;  // [document][position], 1 = kept
  std::int64_t count = 0;                        // kept positions

  bool contains(int document, int position) const {
    return document >= 0 && std::size_t(document) < flags.size() && position >= 0 &&
           std::size_t(position) < flags[std::size_t(document)].size() &&
           flags[std::size_t(document)][std::size_t(position)] != 0;
  }
  bool contains_document(int document) const;  // keeps at least one of its positions
  // Every position of the document is kept (aggregates that only exist per document still apply).
  bool contains_whole_document(int document) const;
  static PositionSet sized(const RunResult& run);  // all flags 0
};

// A vertex of a lasso, in projection coordinates.
struct SlicePoint {
  double x = 0, y = 0;
  bool operator==(const SlicePoint&) const = default;
};

struct SliceDefinition {
  enum class Kind { Threshold, Metadata, Regex, Lasso, And, Or, Not, Reference };
  enum class Comparison { Above, Below };

  Kind kind = Kind::Threshold;
  // Threshold: positions where `metric` of map `map` (by name, else by index) is above/below `value`,
  // on the metric's own scale (rank 10, not log10).
  PositionMetric metric = PositionMetric::KlBaseTuned;
  std::string map;
  int map_index = 1;
  Comparison comparison = Comparison::Above;
  double value = 0;
  // Metadata: every position of the documents whose `field` has one of `values`.
  std::string field;
  std::vector<std::string> values;
  // Regex (PCRE2, UTF-8): positions whose token overlaps a match in the document text rebuilt from
  // the token texts; caseless unless `case_sensitive`.
  std::string pattern;
  bool case_sensitive = false;
  // Lasso: projected positions inside `polygon` (even-odd rule; closed implicitly).
  std::vector<SlicePoint> polygon;
  // And / Or: the positions every / any operand keeps (at least one operand); Not: the run's scored
  // positions its one operand does not keep. Operands are inline definitions or references.
  std::vector<SliceDefinition> operands;
  // Reference: the session's saved slice of this name; resolve_references() replaces it by that
  // slice's definition before evaluation (evaluate_slice refuses an unresolved one).
  std::string reference;

  bool combination() const { return kind == Kind::And || kind == Kind::Or || kind == Kind::Not; }

  // Compact JSON, the session's format: {"kind":"threshold","map":"sft","map_index":1,"metric":"kl_bt",
  // "op":">","value":0.5}, {"kind":"metadata","field":"category","values":["zippy"]},
  // {"kind":"regex","pattern":"\\bsaid\\b","case_sensitive":false}, {"kind":"lasso","polygon":[[x,y],...]}.
  // Combinations: {"kind":"and","of":[...]}, {"kind":"or","of":[...]}, {"kind":"not","of":[one]}, whose
  // operands are definitions or {"kind":"ref","slice":"NAME"} (a saved slice by name); nesting is limited
  // to kMaxSliceDepth levels. Only the fields of the kind are written.
  std::string to_json() const;
  // Reads what to_json() (or the GUI before it moved here) wrote; text that is not JSON, an unknown
  // kind or a missing field is an InvalidInput/Unsupported error that says which.
  static Result<SliceDefinition> from_json(std::string_view json);

  bool operator==(const SliceDefinition&) const = default;
};

inline constexpr int kMaxSliceDepth = 32;

// Saved slices by name: what references resolve against (the session's slices).
using NamedSlices = std::map<std::string, SliceDefinition, std::less<>>;

// `definition` with every reference replaced by the named slice's definition, recursively. A name the
// session does not hold, or a slice that refers back to itself (directly or through others), is an
// InvalidInput error naming the chain ("slice “a” refers to itself: a → b → a"). `self` names the slice
// being resolved (empty for an unsaved one), so a slice that names itself is caught at once.
Result<SliceDefinition> resolve_references(const SliceDefinition& definition, const NamedSlices& named,
                                           std::string_view self = {});

// Renames every reference to slice `from` inside `definition` (and its operands) to `to`.
void rename_references(SliceDefinition& definition, std::string_view from, std::string_view to);

// One English line a person reads: "KL(base ‖ map) (nats) of sft > 0.5", "category ∈ {zippy}",
// "text matches /said/i". The GUI has its own translated version.
std::string describe(const SliceDefinition& definition);

// The positions of `run` that `definition` keeps. Fails with a readable error on an invalid regex,
// a map the run does not have, or a reference left unresolved (see resolve_references). Threshold slices need the run's tracks; lasso slices its projection.
Result<PositionSet> evaluate_slice(const RunResult& run, const SliceDefinition& definition);

// Whether `pattern` compiles as a slice's regex (the same PCRE2 options evaluate_slice uses); the
// error says what is wrong and at which offset.
Result<void> check_pattern(const SliceDefinition& definition);

// Whether the documents a metadata slice keeps: the part of a slice that can be decided before
// scoring (from a territory's metadata alone).
bool keeps_metadata(const SliceDefinition& definition, const std::map<std::string, std::string>& metadata);

// The document's scored tokens as UTF-8 text, and where each token starts in it (byte offsets, one
// more entry than tokens for the end). Used by the regex slice and by the GUI's text search.
struct DocumentText {
  std::string text;
  std::vector<std::size_t> offsets;
};
DocumentText document_text(const RunResult& run, const DocumentResult& document);

// Whether (x, y) lies inside `polygon` by the even-odd rule, horizontal edges ignored (the rule Qt's
// QPolygonF::containsPoint uses, so lassos drawn in the GUI keep the same points).
bool polygon_contains(const std::vector<SlicePoint>& polygon, double x, double y);

}  // namespace core::analysis

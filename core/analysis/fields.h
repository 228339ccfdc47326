#pragma once
// The field table: every quantity Cartograph reports, spelled once. Summary fields are the per-map
// aggregates of a run (`compare`'s JSON, the CLI's table, the session's stored summaries, the GUI's
// summary table); position metrics are the per-token quantities a view colours by or a slice
// thresholds. The store, the CLI and the views iterate these tables; adding a field means adding its
// computation (core/analysis/summary.cpp) and one row here. Definitions: docs/ARCHITECTURE.md,
// "Metric definitions". Labels are English; the GUI translates them (contexts "Field" and "Metric").
// Constant data and pure functions: safe from any thread.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/analysis/run_result.h"

namespace core::analysis {

// Which way a value moves when the map moves away from the territory (for colours and sorting).
enum class Direction {
  LowerIsCloser,   // nll, KL, ECE: 0 or small is faithful
  HigherIsCloser,  // top-1 accuracy
  Signed,          // deltas: negative and positive both mean something (centred on 0)
  Neutral,         // counts, temperature, entropy
};

// How a value is printed.
enum class Format {
  Count,    // 12,345
  Fixed,    // 0.123 (precision digits)
  Signed,   // +0.123 / -0.123
  Percent,  // 12.3 % (the value is a share in [0, 1])
};

// Which maps a summary field applies to; elsewhere its value is NaN ("—").
enum class Applies {
  Every,       // every map
  Tuned,       // maps other than the base (deltas and divergences against the base)
  Zoom,        // tuned maps of a run with a prompt (MapSummary::has_zoom)
  AddedVocab,  // tuned maps whose vocabulary adds ids to the base's
};

struct SummaryField {
  std::string_view key;          // JSON name, CLI name and session key: "nll_mean"
  std::string_view label;        // short column title: "NLL"
  std::string_view title;        // a chart's or a legend's name: "Expected calibration error"
  std::string_view description;  // one sentence for a tooltip or a legend
  std::string_view unit;         // "nats", "bits/byte", "" when dimensionless
  Format format;
  int precision;                 // digits after the point (Fixed, Signed, Percent)
  Direction direction;
  Applies applies;
  bool in_table;                 // a column of the summary table (GUI and CLI); else JSON only
  double (*get)(const MapSummary&);
  void (*set)(MapSummary&, double);
};

// Every summary field in display order.
std::span<const SummaryField> summary_fields();
const SummaryField* find_summary_field(std::string_view key);
// Whether `field` applies to a map with `info` and `summary` (see Applies).
bool applies(const SummaryField& field, const MapInfo& info, const MapSummary& summary);
// The field's value, NaN where it does not apply.
double summary_value(const SummaryField& field, const MapInfo& info, const MapSummary& summary);
// Count fields hold whole numbers (tokens, bytes): JSON writers keep them integers.
inline bool is_integral(const SummaryField& field) { return field.format == Format::Count; }
// The value as text per the field's format: "0.123", "+0.123", "12.3 %", "12345"; "—" for NaN.
std::string format_value(const SummaryField& field, double value);

// Per-position metrics (read from a run's MapTrack arrays).
enum class PositionMetric {
  DeltaLogp,     // logp(map) - logp(base): < 0 where the map lost probability on the ground truth
  KlBaseTuned,   // KL(p_base || p_map)
  KlTunedBase,   // KL(p_map || p_base)
  JensenShannon,
  Entropy,
  DeltaEntropy,  // H(map) - H(base): < 0 where the map became more certain (collapse)
  Rank,          // rank of the ground-truth token (1 = top)
  Nll,           // -logp
  Confidence,    // max p
};

struct PositionMetricInfo {
  PositionMetric metric;
  std::string_view key;          // stable id in slice JSON and the CLI: "delta_logp", "kl_bt", ...
  std::string_view label;        // with the unit: "KL(base ‖ map) (nats)"
  std::string_view description;
  std::string_view unit;
  Direction direction;           // Signed metrics use the diverging half of a colour scale
  bool needs_base;               // defined against the base map only (NaN on the base row)
  bool log_scaled;               // spans orders of magnitude: colour and threshold on log10
};

std::span<const PositionMetricInfo> position_metrics();
const PositionMetricInfo& info(PositionMetric metric);
std::optional<PositionMetric> position_metric_from_key(std::string_view key);

inline constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

// The value of `metric` for map `map` at scored position `pos` of `doc`; NaN when the track is
// missing or the metric does not apply (KL of the base against itself).
float position_value(const DocumentResult& doc, int map, int pos, PositionMetric metric);
// position_value at every point of run.projection, in order, reading each document's tracks once
// (track_cache.h); kNoValue where a point's document is not in the run.
Result<std::vector<float>> projection_values(const RunResult& run, int map, PositionMetric metric);

}  // namespace core::analysis

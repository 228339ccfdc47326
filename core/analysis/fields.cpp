#include "core/analysis/fields.h"

#include <array>
#include <cstdio>
#include <map>
#include <type_traits>

// lupdate reads the labels below from this file (the GUI scans it); core itself never links Qt, so
// the marker expands to the plain string here.
#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace core::analysis {
namespace {

template <auto Member>
double get(const MapSummary& s) {
  return double(s.*Member);
}

template <auto Member>
void set(MapSummary& s, double v) {
  using T = std::remove_cvref_t<decltype(s.*Member)>;
  s.*Member = static_cast<T>(v);
}

#define CARTOGRAPH_FIELD(member) &get<&MapSummary::member>, &set<&MapSummary::member>

constexpr auto kLower = Direction::LowerIsCloser;
constexpr auto kHigher = Direction::HigherIsCloser;
constexpr auto kSigned = Direction::Signed;
constexpr auto kNeutral = Direction::Neutral;

// clang-format off
constexpr std::array kSummaryFields{
  SummaryField{"tokens", QT_TRANSLATE_NOOP("Field", "Tokens"),
               QT_TRANSLATE_NOOP("Field", "Scored tokens"),
               QT_TRANSLATE_NOOP("Field", "tokens: scored positions"), "",
               Format::Count, 0, kNeutral, Applies::Every, true, CARTOGRAPH_FIELD(tokens)},
  SummaryField{"bytes", QT_TRANSLATE_NOOP("Field", "Bytes"),
               QT_TRANSLATE_NOOP("Field", "Bytes of text"),
               QT_TRANSLATE_NOOP("Field", "bytes: UTF-8 bytes of the documents counted"), "",
               Format::Count, 0, kNeutral, Applies::Every, false, CARTOGRAPH_FIELD(bytes)},
  SummaryField{"nll_mean", QT_TRANSLATE_NOOP("Field", "NLL"),
               QT_TRANSLATE_NOOP("Field", "NLL"),
               QT_TRANSLATE_NOOP("Field", "nll_mean: mean −log p(truth), nats"), "nats",
               Format::Fixed, 4, kLower, Applies::Every, true, CARTOGRAPH_FIELD(nll_mean)},
  SummaryField{"perplexity", QT_TRANSLATE_NOOP("Field", "Perplexity"),
               QT_TRANSLATE_NOOP("Field", "Perplexity"),
               QT_TRANSLATE_NOOP("Field", "perplexity: exp(nll_mean)"), "",
               Format::Fixed, 3, kLower, Applies::Every, false, CARTOGRAPH_FIELD(perplexity)},
  SummaryField{"delta_nll", QT_TRANSLATE_NOOP("Field", "Δ NLL"),
               QT_TRANSLATE_NOOP("Field", "Δ NLL vs base"),
               QT_TRANSLATE_NOOP("Field", "delta_nll: this map's NLL minus the base map's over the same positions"), "nats",
               Format::Signed, 4, kSigned, Applies::Tuned, true, CARTOGRAPH_FIELD(delta_nll)},
  SummaryField{"kl_bt_mean", QT_TRANSLATE_NOOP("Field", "KL(b‖m)"),
               QT_TRANSLATE_NOOP("Field", "KL(base ‖ map)"),
               QT_TRANSLATE_NOOP("Field", "kl_bt_mean: mean KL(base ‖ map), nats"), "nats",
               Format::Fixed, 4, kLower, Applies::Tuned, true, CARTOGRAPH_FIELD(kl_bt_mean)},
  SummaryField{"kl_tb_mean", QT_TRANSLATE_NOOP("Field", "KL(m‖b)"),
               QT_TRANSLATE_NOOP("Field", "KL(map ‖ base)"),
               QT_TRANSLATE_NOOP("Field", "kl_tb_mean: mean KL(map ‖ base), nats"), "nats",
               Format::Fixed, 4, kLower, Applies::Tuned, true, CARTOGRAPH_FIELD(kl_tb_mean)},
  SummaryField{"js_mean", QT_TRANSLATE_NOOP("Field", "JS"),
               QT_TRANSLATE_NOOP("Field", "Jensen–Shannon"),
               QT_TRANSLATE_NOOP("Field", "js_mean: mean Jensen–Shannon divergence from the base map, nats"), "nats",
               Format::Fixed, 4, kLower, Applies::Tuned, true, CARTOGRAPH_FIELD(js_mean)},
  SummaryField{"entropy_mean", QT_TRANSLATE_NOOP("Field", "Entropy"),
               QT_TRANSLATE_NOOP("Field", "Entropy"),
               QT_TRANSLATE_NOOP("Field", "entropy_mean: mean entropy of the predictions, nats"), "nats",
               Format::Fixed, 4, kNeutral, Applies::Every, true, CARTOGRAPH_FIELD(entropy_mean)},
  SummaryField{"delta_entropy", QT_TRANSLATE_NOOP("Field", "Δ Entropy"),
               QT_TRANSLATE_NOOP("Field", "Δ entropy vs base"),
               QT_TRANSLATE_NOOP("Field", "delta_entropy: entropy minus the base map's; < 0 means the map grew more certain"), "nats",
               Format::Signed, 4, kSigned, Applies::Tuned, true, CARTOGRAPH_FIELD(delta_entropy)},
  SummaryField{"ece", QT_TRANSLATE_NOOP("Field", "ECE"),
               QT_TRANSLATE_NOOP("Field", "Expected calibration error"),
               QT_TRANSLATE_NOOP("Field", "ece: expected calibration error over 15 confidence bins"), "",
               Format::Fixed, 4, kLower, Applies::Every, true, CARTOGRAPH_FIELD(ece)},
  SummaryField{"brier", QT_TRANSLATE_NOOP("Field", "Brier"),
               QT_TRANSLATE_NOOP("Field", "Brier score"),
               QT_TRANSLATE_NOOP("Field", "brier: mean Brier score of the full distribution"), "",
               Format::Fixed, 4, kLower, Applies::Every, true, CARTOGRAPH_FIELD(brier)},
  SummaryField{"top1_accuracy", QT_TRANSLATE_NOOP("Field", "Top-1"),
               QT_TRANSLATE_NOOP("Field", "Top-1 accuracy"),
               QT_TRANSLATE_NOOP("Field", "top1_accuracy: share of positions whose most likely token is the truth"), "",
               Format::Percent, 1, kHigher, Applies::Every, true, CARTOGRAPH_FIELD(top1_accuracy)},
  SummaryField{"temperature", QT_TRANSLATE_NOOP("Field", "Temp."),
               QT_TRANSLATE_NOOP("Field", "Recalibration temperature"),
               QT_TRANSLATE_NOOP("Field", "temperature: the T that minimises NLL of softmax(logits / T)"), "",
               Format::Fixed, 3, kNeutral, Applies::Every, true, CARTOGRAPH_FIELD(temperature)},
  SummaryField{"bits_per_byte", QT_TRANSLATE_NOOP("Field", "Bits/byte"),
               QT_TRANSLATE_NOOP("Field", "Bits per byte"),
               QT_TRANSLATE_NOOP("Field", "bits_per_byte: total NLL in bits per UTF-8 byte of text"), "bits/byte",
               Format::Fixed, 4, kLower, Applies::Every, true, CARTOGRAPH_FIELD(bits_per_byte)},
  SummaryField{"added_mass_mean", QT_TRANSLATE_NOOP("Field", "Added mass"),
               QT_TRANSLATE_NOOP("Field", "Mass on added tokens"),
               QT_TRANSLATE_NOOP("Field", "added_mass_mean: mean probability on ids the base vocabulary lacks"), "",
               Format::Fixed, 4, kLower, Applies::AddedVocab, false, CARTOGRAPH_FIELD(added_mass_mean)},
  SummaryField{"k0", QT_TRANSLATE_NOOP("Field", "K₀"),
               QT_TRANSLATE_NOOP("Field", "KL without the prompt"),
               QT_TRANSLATE_NOOP("Field", "k0: mean KL(map ‖ base) without the prompt, nats"), "nats",
               Format::Fixed, 4, kLower, Applies::Zoom, false, CARTOGRAPH_FIELD(k0)},
  SummaryField{"kp", QT_TRANSLATE_NOOP("Field", "K_P"),
               QT_TRANSLATE_NOOP("Field", "KL under the prompt"),
               QT_TRANSLATE_NOOP("Field", "kp: mean KL(map ‖ base under the prompt), nats"), "nats",
               Format::Fixed, 4, kLower, Applies::Zoom, false, CARTOGRAPH_FIELD(kp)},
  SummaryField{"zoom_recovered", QT_TRANSLATE_NOOP("Field", "Zoom recovered"),
               QT_TRANSLATE_NOOP("Field", "Zoom recovered"),
               QT_TRANSLATE_NOOP("Field", "zoom_recovered: 1 − K_P / K_0, the share of the tuning the prompt explains"), "",
               Format::Percent, 1, kHigher, Applies::Zoom, true, CARTOGRAPH_FIELD(zoom_recovered)},
};

constexpr std::array kPositionMetrics{
  PositionMetricInfo{PositionMetric::DeltaLogp, "delta_logp", QT_TRANSLATE_NOOP("Metric", "Δ log p vs base (nats)"),
     QT_TRANSLATE_NOOP("Metric", "log p(token) under this map minus under the base map; negative where tuning "
                                 "moved probability away from the ground truth"),
     "nats", kSigned, true, false},
  PositionMetricInfo{PositionMetric::KlBaseTuned, "kl_bt", QT_TRANSLATE_NOOP("Metric", "KL(base ‖ map) (nats)"),
     QT_TRANSLATE_NOOP("Metric", "How much of the base map's belief this map dropped at this position"),
     "nats", kLower, true, false},
  PositionMetricInfo{PositionMetric::KlTunedBase, "kl_tb", QT_TRANSLATE_NOOP("Metric", "KL(map ‖ base) (nats)"),
     QT_TRANSLATE_NOOP("Metric", "How far this map moved into places the base map thought unlikely"),
     "nats", kLower, true, false},
  PositionMetricInfo{PositionMetric::JensenShannon, "js", QT_TRANSLATE_NOOP("Metric", "Jensen–Shannon (nats)"),
     QT_TRANSLATE_NOOP("Metric", "Symmetric divergence between this map and the base map"),
     "nats", kLower, true, false},
  PositionMetricInfo{PositionMetric::Entropy, "entropy", QT_TRANSLATE_NOOP("Metric", "Entropy (nats)"),
     QT_TRANSLATE_NOOP("Metric", "Uncertainty of the next-token distribution"),
     "nats", kNeutral, false, false},
  PositionMetricInfo{PositionMetric::DeltaEntropy, "delta_entropy", QT_TRANSLATE_NOOP("Metric", "Δ entropy vs base (nats)"),
     QT_TRANSLATE_NOOP("Metric", "Entropy of this map minus the base map's; negative where the map collapsed"),
     "nats", kSigned, true, false},
  PositionMetricInfo{PositionMetric::Rank, "rank", QT_TRANSLATE_NOOP("Metric", "Rank of the true token"),
     QT_TRANSLATE_NOOP("Metric", "1 + number of tokens the map found more likely than the ground truth"),
     "", kLower, false, true},
  PositionMetricInfo{PositionMetric::Nll, "nll", QT_TRANSLATE_NOOP("Metric", "NLL (nats)"),
     QT_TRANSLATE_NOOP("Metric", "Negative log-likelihood of the ground-truth token"),
     "nats", kLower, false, false},
  PositionMetricInfo{PositionMetric::Confidence, "confidence", QT_TRANSLATE_NOOP("Metric", "Confidence (max p)"),
     QT_TRANSLATE_NOOP("Metric", "Probability of the map's most likely token"),
     "", kNeutral, false, false},
};
// clang-format on
#undef CARTOGRAPH_FIELD

template <class V>
float at(const V& v, int pos) {
  return pos >= 0 && std::size_t(pos) < v.size() ? float(v[std::size_t(pos)]) : kNoValue;
}

}  // namespace

std::span<const SummaryField> summary_fields() { return kSummaryFields; }

const SummaryField* find_summary_field(std::string_view key) {
  for (const SummaryField& f : kSummaryFields)
    if (f.key == key) return &f;
  return nullptr;
}

bool applies(const SummaryField& field, const MapInfo& info, const MapSummary& summary) {
  switch (field.applies) {
    case Applies::Every: return true;
    case Applies::Tuned: return info.role != MapRole::Base;
    case Applies::Zoom: return summary.has_zoom;
    case Applies::AddedVocab: return info.added_vocab > 0;
  }
  return false;
}

double summary_value(const SummaryField& field, const MapInfo& info, const MapSummary& summary) {
  return applies(field, info, summary) ? field.get(summary) : std::numeric_limits<double>::quiet_NaN();
}

std::string format_value(const SummaryField& field, double value) {
  if (!std::isfinite(value)) return "—";
  char buffer[64];
  switch (field.format) {
    case Format::Count: std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(value)); break;
    case Format::Fixed: std::snprintf(buffer, sizeof buffer, "%.*f", field.precision, value); break;
    case Format::Signed: std::snprintf(buffer, sizeof buffer, "%+.*f", field.precision, value); break;
    case Format::Percent: std::snprintf(buffer, sizeof buffer, "%.*f %%", field.precision, 100 * value); break;
  }
  return buffer;
}

std::span<const PositionMetricInfo> position_metrics() { return kPositionMetrics; }

const PositionMetricInfo& info(PositionMetric metric) { return kPositionMetrics[std::size_t(metric)]; }

std::optional<PositionMetric> position_metric_from_key(std::string_view key) {
  for (const PositionMetricInfo& i : kPositionMetrics)
    if (i.key == key) return i.metric;
  return std::nullopt;
}

Result<std::vector<float>> projection_values(const RunResult& run, int map, PositionMetric metric) {
  const auto& points = run.projection.points;
  std::vector<float> values(points.size(), kNoValue);
  std::map<std::size_t, std::vector<std::size_t>> by_document;  // point indices per document
  for (std::size_t i = 0; i < points.size(); ++i)
    if (points[i].document >= 0 && std::size_t(points[i].document) < run.documents.size())
      by_document[std::size_t(points[i].document)].push_back(i);
  for (const auto& [d, indices] : by_document) {
    auto doc = document_with_tracks(run, d, false);
    if (!doc) return std::unexpected(doc.error());
    for (std::size_t i : indices) values[i] = position_value(**doc, map, points[i].position, metric);
  }
  return values;
}

float position_value(const DocumentResult& doc, int map, int pos, PositionMetric metric) {
  if (map < 0 || std::size_t(map) >= doc.maps.size()) return kNoValue;
  const MapTrack& t = doc.maps[std::size_t(map)];
  const MapTrack& base = doc.maps.front();
  switch (metric) {
    case PositionMetric::DeltaLogp: return map == 0 ? kNoValue : at(t.logp, pos) - at(base.logp, pos);
    case PositionMetric::KlBaseTuned: return at(t.kl_bt, pos);
    case PositionMetric::KlTunedBase: return at(t.kl_tb, pos);
    case PositionMetric::JensenShannon: return at(t.js, pos);
    case PositionMetric::Entropy: return at(t.entropy, pos);
    case PositionMetric::DeltaEntropy: return map == 0 ? kNoValue : at(t.entropy, pos) - at(base.entropy, pos);
    case PositionMetric::Rank: return at(t.rank, pos);
    case PositionMetric::Nll: return -at(t.logp, pos);
    case PositionMetric::Confidence: return at(t.confidence, pos);
  }
  return kNoValue;
}

}  // namespace core::analysis

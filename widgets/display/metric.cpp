#include "widgets/display/metric.h"

#include <QCoreApplication>
#include <algorithm>

namespace widgets {
namespace {

struct MetricInfo {
  Metric metric;
  const char* key;
  const char* label;
  const char* description;
  bool isSigned;
  bool needsBase;
};

constexpr MetricInfo kInfo[kMetricCount] = {
    {Metric::DeltaLogp, "delta_logp", QT_TRANSLATE_NOOP("Metric", "Δ log p vs base (nats)"),
     QT_TRANSLATE_NOOP("Metric", "log p(token) under this map minus under the base map; negative where tuning "
                                 "moved probability away from the ground truth"),
     true, true},
    {Metric::KlBaseTuned, "kl_bt", QT_TRANSLATE_NOOP("Metric", "KL(base ‖ map) (nats)"),
     QT_TRANSLATE_NOOP("Metric", "How much of the base map's belief this map dropped at this position"), false,
     true},
    {Metric::KlTunedBase, "kl_tb", QT_TRANSLATE_NOOP("Metric", "KL(map ‖ base) (nats)"),
     QT_TRANSLATE_NOOP("Metric", "How far this map moved into places the base map thought unlikely"), false, true},
    {Metric::JensenShannon, "js", QT_TRANSLATE_NOOP("Metric", "Jensen–Shannon (nats)"),
     QT_TRANSLATE_NOOP("Metric", "Symmetric divergence between this map and the base map"), false, true},
    {Metric::Entropy, "entropy", QT_TRANSLATE_NOOP("Metric", "Entropy (nats)"),
     QT_TRANSLATE_NOOP("Metric", "Uncertainty of the next-token distribution"), false, false},
    {Metric::DeltaEntropy, "delta_entropy", QT_TRANSLATE_NOOP("Metric", "Δ entropy vs base (nats)"),
     QT_TRANSLATE_NOOP("Metric", "Entropy of this map minus the base map's; negative where the map collapsed"),
     true, true},
    {Metric::Rank, "rank", QT_TRANSLATE_NOOP("Metric", "Rank of the true token"),
     QT_TRANSLATE_NOOP("Metric", "1 + number of tokens the map found more likely than the ground truth"), false,
     false},
    {Metric::Nll, "nll", QT_TRANSLATE_NOOP("Metric", "NLL (nats)"),
     QT_TRANSLATE_NOOP("Metric", "Negative log-likelihood of the ground-truth token"), false, false},
    {Metric::Confidence, "confidence", QT_TRANSLATE_NOOP("Metric", "Confidence (max p)"),
     QT_TRANSLATE_NOOP("Metric", "Probability of the map's most likely token"), false, false},
};

const MetricInfo& info(Metric m) { return kInfo[int(m)]; }

template <class V>
float at(const V& v, int pos) {
  return pos >= 0 && std::size_t(pos) < v.size() ? float(v[std::size_t(pos)]) : kNoValue;
}

}  // namespace

QString metricKey(Metric m) { return QString::fromLatin1(info(m).key); }

bool metricFromKey(const QString& key, Metric* out) {
  for (const MetricInfo& i : kInfo)
    if (key == QLatin1String(i.key)) {
      *out = i.metric;
      return true;
    }
  return false;
}

QString metricLabel(Metric m) { return QCoreApplication::translate("Metric", info(m).label); }
QString metricDescription(Metric m) { return QCoreApplication::translate("Metric", info(m).description); }
bool metricIsSigned(Metric m) { return info(m).isSigned; }
bool metricNeedsBase(Metric m) { return info(m).needsBase; }
bool metricIsLogScaled(Metric m) { return m == Metric::Rank; }

float metricValue(const core::analysis::DocumentResult& doc, int map, int pos, Metric m) {
  if (map < 0 || std::size_t(map) >= doc.maps.size()) return kNoValue;
  const core::analysis::MapTrack& t = doc.maps[std::size_t(map)];
  const core::analysis::MapTrack* base = doc.maps.empty() ? nullptr : &doc.maps.front();
  switch (m) {
    case Metric::DeltaLogp: return map == 0 ? kNoValue : at(t.logp, pos) - at(base->logp, pos);
    case Metric::KlBaseTuned: return at(t.kl_bt, pos);
    case Metric::KlTunedBase: return at(t.kl_tb, pos);
    case Metric::JensenShannon: return at(t.js, pos);
    case Metric::Entropy: return at(t.entropy, pos);
    case Metric::DeltaEntropy: return map == 0 ? kNoValue : at(t.entropy, pos) - at(base->entropy, pos);
    case Metric::Rank: return at(t.rank, pos);
    case Metric::Nll: return -at(t.logp, pos);
    case Metric::Confidence: return at(t.confidence, pos);
  }
  return kNoValue;
}

double robustExtent(std::vector<float> values) {
  std::erase_if(values, [](float v) { return !std::isfinite(v); });
  if (values.empty()) return 1.0;
  for (float& v : values) v = std::fabs(v);
  const std::size_t k = std::min(values.size() - 1, std::size_t(0.98 * double(values.size())));
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
  const double e = values[k];
  return e > 0 ? e : 1.0;
}

}  // namespace widgets

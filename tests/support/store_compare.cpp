#include "tests/support/store_compare.h"

#include <cmath>
#include <cstring>
#include <sstream>

#include "core/analysis/fields.h"
#include "core/store/blob_codec.h"

namespace testsupport {

using namespace core::analysis;
using core::store::float_to_half;

namespace {

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
bool same(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
bool same_half(float a, float b) { return float_to_half(a) == float_to_half(b) || (std::isnan(a) && std::isnan(b)); }
template <class T>
bool same(const T& a, const T& b) { return a == b; }

template <class T>
std::string show(const T& v) {
  std::ostringstream s;
  s.precision(9);
  s << v;
  return s.str();
}
std::string show(const std::string& v) { return "\"" + v + "\""; }
std::string show(MapRole r) { return std::to_string(int(r)); }

// Accumulates the first difference; later checks are skipped once one is found.
struct Diff {
  std::string first;
  explicit operator bool() const { return !first.empty(); }

  template <class T>
  void field(const std::string& name, const T& a, const T& b) {
    if (first.empty() && !same(a, b)) first = name + ": " + show(a) + " != " + show(b);
  }
  template <class T>
  void array(const std::string& name, const std::vector<T>& a, const std::vector<T>& b) {
    if (!first.empty()) return;
    if (a.size() != b.size()) {
      first = name + ": " + std::to_string(a.size()) + " values != " + std::to_string(b.size());
      return;
    }
    for (std::size_t i = 0; i < a.size() && first.empty(); ++i) field(name + "[" + std::to_string(i) + "]", a[i], b[i]);
  }
  void half_array(const std::string& name, const std::vector<float>& a, const std::vector<float>& b) {
    if (!first.empty()) return;
    if (a.size() != b.size()) {
      first = name + ": " + std::to_string(a.size()) + " values != " + std::to_string(b.size());
      return;
    }
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_half(a[i], b[i])) {
        first = name + "[" + std::to_string(i) + "]: " + show(a[i]) + " != " + show(b[i]) + " (as float16)";
        return;
      }
  }
};

void compare_track(Diff& d, const std::string& at, const MapTrack& a, const MapTrack& b) {
  d.array(at + ".logp", a.logp, b.logp);
  d.array(at + ".entropy", a.entropy, b.entropy);
  d.array(at + ".rank", a.rank, b.rank);
  d.array(at + ".confidence", a.confidence, b.confidence);
  d.array(at + ".sum_p2", a.sum_p2, b.sum_p2);
  d.array(at + ".kl_bt", a.kl_bt, b.kl_bt);
  d.array(at + ".kl_tb", a.kl_tb, b.kl_tb);
  d.array(at + ".js", a.js, b.js);
  d.array(at + ".kl_tz", a.kl_tz, b.kl_tz);
  d.array(at + ".added_mass", a.added_mass, b.added_mass);
  d.field(at + ".top_k", a.top_k, b.top_k);
  d.array(at + ".top_ids", a.top_ids, b.top_ids);
  d.half_array(at + ".top_p", a.top_p, b.top_p);
  for (std::size_t i = 0; i < a.temperature_stats.size(); ++i)
    d.field(at + ".temperature_stats[" + std::to_string(i) + "]", a.temperature_stats[i], b.temperature_stats[i]);
}

void compare_summary(Diff& d, const std::string& at, const MapSummary& a, const MapSummary& b) {
  for (const SummaryField& f : summary_fields()) {
    if (is_integral(f)) d.field(at + "." + std::string(f.key), std::int64_t(f.get(a)), std::int64_t(f.get(b)));
    else d.field(at + "." + std::string(f.key), f.get(a), f.get(b));
  }
  d.field(at + ".has_zoom", a.has_zoom, b.has_zoom);
  for (std::size_t i = 0; i < a.reliability.size(); ++i) {
    const std::string bin = at + ".reliability[" + std::to_string(i) + "]";
    d.field(bin + ".count", a.reliability[i].count, b.reliability[i].count);
    d.field(bin + ".confidence_sum", a.reliability[i].confidence_sum, b.reliability[i].confidence_sum);
    d.field(bin + ".correct_sum", a.reliability[i].correct_sum, b.reliability[i].correct_sum);
  }
  d.field(at + ".quadrants.known", a.quadrants.known, b.quadrants.known);
  d.field(at + ".quadrants.blank", a.quadrants.blank, b.quadrants.blank);
  d.field(at + ".quadrants.misdrawn", a.quadrants.misdrawn, b.quadrants.misdrawn);
}

}  // namespace

std::string first_difference(const MapTrack& written, const MapTrack& read) {
  Diff d;
  compare_track(d, "track", written, read);
  return d.first;
}

std::string first_difference(const RunResult& a, const RunResult& b, const CompareOptions& options) {
  Diff d;
  const RunSettings &s = a.settings, &t = b.settings;
  d.field("settings.top_k", s.top_k, t.top_k);
  d.field("settings.context", s.context, t.context);
  d.field("settings.stride", s.stride, t.stride);
  d.field("settings.batch", s.batch, t.batch);
  d.field("settings.threads", s.threads, t.threads);
  d.field("settings.device", s.device, t.device);
  d.field("settings.prompt", s.prompt, t.prompt);
  d.field("settings.projection_samples", s.projection_samples, t.projection_samples);
  d.field("settings.seed", s.seed, t.seed);

  d.field("maps.size", a.maps.size(), b.maps.size());
  for (std::size_t m = 0; m < a.maps.size() && !d; ++m) {
    const MapInfo &x = a.maps[m], &y = b.maps[m];
    const std::string at = "maps[" + std::to_string(m) + "]";
    d.field(at + ".name", x.name, y.name);
    d.field(at + ".role", x.role, y.role);
    d.field(at + ".path", x.path, y.path);
    d.field(at + ".format", x.format, y.format);
    d.field(at + ".architecture", x.architecture, y.architecture);
    d.field(at + ".dtype", x.dtype, y.dtype);
    d.field(at + ".sha256", x.sha256, y.sha256);
    d.field(at + ".config_json", x.config_json, y.config_json);
    d.field(at + ".parameters", x.parameters, y.parameters);
    d.field(at + ".vocab_size", x.vocab_size, y.vocab_size);
    d.field(at + ".context_length", x.context_length, y.context_length);
    d.field(at + ".added_vocab", x.added_vocab, y.added_vocab);
  }

  d.field("territory.source", a.territory.source, b.territory.source);
  d.field("territory.content_hash", a.territory.content_hash, b.territory.content_hash);
  d.field("territory.documents", a.territory.documents, b.territory.documents);
  d.field("territory.bytes", a.territory.bytes, b.territory.bytes);

  d.field("documents.size", a.documents.size(), b.documents.size());
  for (std::size_t i = 0; i < a.documents.size() && !d; ++i) {
    const DocumentResult &x = a.documents[i], &y = b.documents[i];
    const std::string at = "documents[" + std::to_string(i) + "]";
    d.field(at + ".index", x.index, y.index);
    d.field(at + ".name", x.name, y.name);
    d.field(at + ".byte_length", x.byte_length, y.byte_length);
    if (!d && x.metadata != y.metadata) d.first = at + ".metadata differs";
    d.array(at + ".tokens", x.tokens, y.tokens);
    d.field(at + ".stats.size", x.stats.size(), y.stats.size());
    for (std::size_t m = 0; m < x.stats.size() && !d; ++m) {
      const DocumentStats &p = x.stats[m], &q = y.stats[m];
      const std::string st = at + ".stats[" + std::to_string(m) + "]";
      d.field(st + ".tokens", p.tokens, q.tokens);
      d.field(st + ".nll_mean", p.nll_mean, q.nll_mean);
      d.field(st + ".entropy_mean", p.entropy_mean, q.entropy_mean);
      d.field(st + ".top1_accuracy", p.top1_accuracy, q.top1_accuracy);
      d.field(st + ".kl_bt_mean", p.kl_bt_mean, q.kl_bt_mean);
      d.field(st + ".kl_tb_mean", p.kl_tb_mean, q.kl_tb_mean);
      d.field(st + ".js_mean", p.js_mean, q.js_mean);
      d.field(st + ".kl_max", p.kl_max, q.kl_max);
      d.field(st + ".bits_per_byte", p.bits_per_byte, q.bits_per_byte);
    }
    if (options.tracks && !x.maps.empty() && !y.maps.empty()) {
      d.field(at + ".maps.size", x.maps.size(), y.maps.size());
      for (std::size_t m = 0; m < x.maps.size() && !d; ++m)
        compare_track(d, at + ".maps[" + std::to_string(m) + "]", x.maps[m], y.maps[m]);
    }
    if (options.samples) {
      d.array(at + ".sample_positions", x.sample_positions, y.sample_positions);
      d.half_array(at + ".samples", x.samples, y.samples);
    }
  }

  d.field("summaries.size", a.summaries.size(), b.summaries.size());
  for (std::size_t m = 0; m < a.summaries.size() && !d; ++m)
    compare_summary(d, "summaries[" + std::to_string(m) + "]", a.summaries[m], b.summaries[m]);

  d.field("projection.points.size", a.projection.points.size(), b.projection.points.size());
  for (std::size_t i = 0; i < a.projection.points.size() && !d; ++i) {
    const auto &p = a.projection.points[i], &q = b.projection.points[i];
    const std::string at = "projection.points[" + std::to_string(i) + "]";
    d.field(at + ".document", p.document, q.document);
    d.field(at + ".position", p.position, q.position);
    d.field(at + ".x", p.x, q.x);
    d.field(at + ".y", p.y, q.y);
  }
  d.field("projection.explained[0]", a.projection.explained[0], b.projection.explained[0]);
  d.field("projection.explained[1]", a.projection.explained[1], b.projection.explained[1]);

  d.array("token_texts", a.token_texts, b.token_texts);
  d.array("warnings", a.warnings, b.warnings);
  if (!d && a.versions != b.versions) d.first = "versions differ";
  d.field("window", a.window, b.window);
  d.field("stride", a.stride, b.stride);
  return d.first;
}

namespace {
template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}
}  // namespace

std::string first_bit_difference(const MapTrack& a, const MapTrack& b) {
  if (a.top_k != b.top_k) return "top_k";
  const std::pair<const char*, bool> arrays[] = {
      {"logp", same_bits(a.logp, b.logp)},          {"entropy", same_bits(a.entropy, b.entropy)},
      {"rank", same_bits(a.rank, b.rank)},          {"confidence", same_bits(a.confidence, b.confidence)},
      {"sum_p2", same_bits(a.sum_p2, b.sum_p2)},    {"kl_bt", same_bits(a.kl_bt, b.kl_bt)},
      {"kl_tb", same_bits(a.kl_tb, b.kl_tb)},       {"js", same_bits(a.js, b.js)},
      {"kl_tz", same_bits(a.kl_tz, b.kl_tz)},       {"added_mass", same_bits(a.added_mass, b.added_mass)},
      {"top_ids", same_bits(a.top_ids, b.top_ids)}, {"top_p", same_bits(a.top_p, b.top_p)}};
  for (const auto& [name, same] : arrays)
    if (!same) return name;
  if (std::memcmp(a.temperature_stats.data(), b.temperature_stats.data(), sizeof(a.temperature_stats)) != 0)
    return "temperature_stats";
  return {};
}

}  // namespace testsupport

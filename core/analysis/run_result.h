#pragma once
// core::analysis::RunResult: the immutable outcome of a run (N maps over one territory), consumed alike
// by the CLI, the session store and the GUI (shared as std::shared_ptr<const RunResult>, never tensors).
//
// Per-position metrics are stored as structure-of-arrays per (document, map); every aggregate is a pure
// function of those arrays (see summary.h), so a store can persist documents one batch at a time and
// rebuild the run's summaries on reopening without recomputing anything.
// Metric definitions: docs/ARCHITECTURE.md, "Metric definitions".
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/histogram.h"
#include "core/analysis/metadata_fields.h"
#include "core/analysis/track_cache.h"

namespace core::analysis {

inline constexpr int kCalibrationBins = 15;
// Calibration temperature is found from per-position statistics at fixed inverse temperatures
// beta_j = 2^((j - 6) / 2), j = 0..12 (T from 1/8 to 8), refined by Hermite interpolation of dNLL/dbeta.
inline constexpr int kTemperatureGrid = 13;
double temperature_grid_beta(int j);

enum class MapRole { Base, Tuned, Zoomed };
const char* to_string(MapRole role);

// One map (checkpoint) taking part in a run.
struct MapInfo {
  std::string name;          // display name: the folder or file name unless the user renamed it
  MapRole role = MapRole::Tuned;
  std::string path;
  std::string format;        // "hf-safetensors", "llama2c", "torchscript"
  std::string architecture;  // "llama", "gpt2", "torchscript"
  std::string dtype;
  std::string sha256;        // of the weights (see model::CheckpointInfo)
  std::string config_json;
  std::int64_t parameters = 0;
  std::int64_t vocab_size = 0;
  std::int64_t context_length = 0;
  std::int64_t added_vocab = 0;  // tuned ids beyond the base vocabulary (compared on base ids)
};

// One map's metrics over one document's scored positions (document tokens 1..n-1), in order.
struct MapTrack {
  std::vector<float> logp;          // log p(x_t | x_<t)
  std::vector<float> entropy;       // H(p), nats
  std::vector<std::int32_t> rank;   // 1 + #{v : p(v) > p(x_t)}
  std::vector<float> confidence;    // max_v p(v)
  std::vector<float> sum_p2;        // sum_v p(v)^2 (Brier: 1 - 2 p(x_t) + sum_p2)
  // Against the base map; empty for the base itself.
  std::vector<float> kl_bt;         // KL(p_base || p_this)
  std::vector<float> kl_tb;         // KL(p_this || p_base)
  std::vector<float> js;            // Jensen-Shannon divergence
  std::vector<float> kl_tz;         // KL(p_this || p_zoomed): tuned maps of a run with a prompt only
  std::vector<float> added_mass;    // mass on ids beyond the base vocabulary; empty when none
  // The k most probable ids, k per position, most probable first.
  std::int32_t top_k = 0;
  std::vector<std::int32_t> top_ids;
  std::vector<float> top_p;
  // Per grid beta: sum over positions of nll(beta), d nll / d beta, d2 nll / d beta2 (see summary.h).
  std::array<double, 3 * kTemperatureGrid> temperature_stats{};

  std::size_t size() const { return logp.size(); }
};

// Per-document aggregates of one map (the document list sorts by these without loading the tracks).
struct DocumentStats {
  std::int64_t tokens = 0;
  double nll_mean = 0, entropy_mean = 0, top1_accuracy = 0;
  double kl_bt_mean = 0, kl_tb_mean = 0, js_mean = 0, kl_max = 0;  // 0 for the base
  double bits_per_byte = 0;
};

struct DocumentResult {
  std::int64_t index = 0;                       // position in the territory
  std::string name;
  MetadataFields metadata;                      // slicing fields from the territory (shared)
  std::int64_t byte_length = 0;                 // UTF-8 bytes of the text (bits per byte)
  std::vector<std::int32_t> tokens;             // every token, BOS included; scored: tokens[1..]
  // The document's text (UTF-8) as the territory holds it: what annotations are anchored to
  // (core/analysis/text_anchor.h). Empty when the run was read without it.
  std::string text;
  std::vector<DocumentStats> stats;             // one per RunResult::maps (always loaded)
  std::vector<MapTrack> maps;                   // one per RunResult::maps; empty until loaded
  // The first scored position `maps` hold: 0, except while the engine streams a long document, whose
  // tracks then hold only the positions since its last committed part (the rest are in the session's
  // parts; docs/ARCHITECTURE.md, "Long documents").
  std::int64_t tracks_from = 0;
  // Base hidden states sampled for the projection: scored-position indices and, row-major,
  // sample_positions.size() x hidden_dim floats.
  std::vector<std::int32_t> sample_positions;
  std::vector<float> samples;

  std::size_t scored() const { return tokens.empty() ? 0 : tokens.size() - 1; }
};

struct RunSettings {
  std::int32_t top_k = 10;
  std::int64_t context = 0;        // window W; 0 = the smallest context of the maps
  std::int64_t stride = 0;         // S; 0 = W / 2
  std::int32_t batch = 8;          // windows per forward pass
  std::int32_t threads = 0;        // OpenMP threads of the run's own worker (core::ThreadLimit); 0 = the process's count
  std::string device = "cpu";
  std::string dtype = "auto";      // the maps' weights in memory: auto (as stored), float32, float16, bfloat16
  std::string prompt;              // conditioning prompt for the zoomed base map; empty = none
  std::int64_t projection_samples = 50000;  // upper bound on sampled positions
  std::uint64_t seed = 1234;       // for sampling projection positions
};

// Fidelity quadrants of the base map (docs/ARCHITECTURE.md, "Fidelity quadrants"): thresholds in nats.
struct QuadrantThresholds {
  double high_nll = 2.5;      // nll above this is "high loss"
  double high_entropy = 2.0;  // entropy above this is "high entropy"
};

struct TerritoryInfo {
  std::string source;
  std::string content_hash;
  std::int64_t documents = 0;
  std::int64_t bytes = 0;
};

struct ProjectionPoint {
  std::int32_t document = 0;  // index into RunResult::documents
  std::int32_t position = 0;  // scored-position index in that document
  float x = 0, y = 0;
};

struct Projection {
  std::vector<ProjectionPoint> points;
  double explained[2] = {0, 0};  // fraction of variance on each axis
};

struct ReliabilityBin {
  std::int64_t count = 0;
  double confidence_sum = 0;  // sum of max p in the bin
  double correct_sum = 0;     // number of argmax == x_t in the bin
};

struct Quadrants {
  std::int64_t known = 0, blank = 0, misdrawn = 0;
};

// Every `compare` field (docs/ARCHITECTURE.md, "Command line") for one map over a set of positions.
struct MapSummary {
  std::int64_t tokens = 0;   // scored positions
  std::int64_t bytes = 0;    // UTF-8 bytes of the documents counted
  double nll_mean = 0, perplexity = 0, bits_per_byte = 0;
  double delta_nll = 0;      // this map's nll_mean - base nll_mean (0 for the base)
  double kl_bt_mean = 0, kl_tb_mean = 0, js_mean = 0;
  double entropy_mean = 0, delta_entropy = 0;
  double ece = 0, brier = 0, top1_accuracy = 0;
  double temperature = 1;    // recalibration temperature
  double added_mass_mean = 0;
  // With a prompt: K_0 = kl_tb_mean, K_P = mean KL(tuned || zoomed), recovered = 1 - K_P / K_0.
  double k0 = 0, kp = 0, zoom_recovered = 0;
  bool has_zoom = false;
  std::array<ReliabilityBin, kCalibrationBins> reliability{};
  Quadrants quadrants;       // of this map's own predictions
};

struct RunResult {
  RunSettings settings;
  std::vector<MapInfo> maps;  // [0] the base, then tuned maps in lineage order, then the zoomed base
  TerritoryInfo territory;
  std::vector<DocumentResult> documents;
  std::vector<MapSummary> summaries;  // per map, over every document
  // Over every document, as the session stored them when the run finished (histogram.h); empty for a
  // run computed in this process, one still running, or one stored before histograms were.
  std::optional<RunHistograms> histograms;
  Projection projection;
  std::vector<std::string> token_texts;  // display text of every base id
  std::vector<std::string> warnings;
  std::map<std::string, std::string> versions;  // software versions that produced it
  std::int64_t window = 0, stride = 0;           // as resolved
  // A sharded run (docs/ARCHITECTURE.md, "Sharded runs"): the territory is cut into shard_count slices
  // (analysis/shard.h) and `documents` are those of the shards in shards_present (ascending; a shard
  // run has one, a merge those it folded). shard_count 0: an ordinary run over every document.
  std::int64_t shard_count = 0;
  std::vector<std::int64_t> shards_present;
  std::vector<std::string> shard_sources;  // per shards_present: the session merged from (empty: computed here)
  // A run read without its tracks reads them through this, a document at a time (track_cache.h);
  // null when every document holds its tracks.
  std::shared_ptr<TrackCache> track_cache;

  int base_index() const { return 0; }
  int zoomed_index() const;  // -1 when the run has no prompt
};

}  // namespace core::analysis

#pragma once
// core::bench::run_peer: runs the PyTorch peer (core/bench/peer_pytorch.py, built into Cartograph)
// on the same model folder and token ids as a scoring measurement, in a separate Python process,
// and reads its one-line JSON report. Blocking; safe from any thread.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/bench/scoring.h"
#include "core/error.h"

namespace core::bench {

// The peer script's text as built into this binary.
const char* peer_script();

// Writes token ids for the peer: little-endian int32, documents one after another (all one length).
Result<void> write_ids(const std::filesystem::path& file, const std::vector<std::vector<std::int32_t>>& documents);

struct PeerOptions {
  std::filesystem::path python = "/usr/bin/python3";  // Debian's, which has torch
  std::filesystem::path script;     // the script to run (written from peer_script() when empty)
  std::filesystem::path work_dir;   // where the script and its stderr go
  std::filesystem::path model;      // Hugging Face folder
  std::filesystem::path tuned;      // optional second folder: adds KL(base || tuned)
  std::filesystem::path ids;        // from write_ids
  std::int64_t context = 0;         // tokens per document
  int batch = 1;
  int repeats = 1;
  int threads = 1;
  int top_k = 10;
  std::int64_t sample_positions = 64;  // how many first positions to report for the cross-check
};

struct PeerResult {
  std::string torch_version;
  int threads = 0;
  std::int64_t tokens = 0;      // scored positions per repeat
  double seconds = 0;           // fastest repeat
  double tokens_per_second = 0;
  double nll_mean = 0;
  ScoredSample sample;          // the first document's first positions
};

Result<PeerResult> run_peer(const PeerOptions& options);

// How far the peer's numbers are from ours on the positions both report.
struct PeerAgreement {
  std::int64_t positions = 0;
  double max_abs_logp = 0, max_abs_entropy = 0, max_abs_kl = 0;
  double rank_agreement = 0, top1_agreement = 0;  // fraction of positions with equal values
  double nll_mean_difference = 0;                  // |ours - peer| over every scored position
};
PeerAgreement agreement(const ScoringMeasure& ours, const PeerResult& peer);

}  // namespace core::bench

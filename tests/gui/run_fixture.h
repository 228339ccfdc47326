#pragma once
// Test-side stand-ins for the engine and the session store (until they land): a builder of RunResults
// with plausible, internally consistent numbers, and a SessionBackend serving them from memory.
//
// The builder simulates real next-token distributions over a small vocabulary: the base map's logits
// are random, the ground truth is sampled from the base map, a tuned map sharpens and shifts them
// (SFT), another collapses further (RL). Every per-position metric is computed from those full
// distributions, and the summaries are computed here naively, independently of the widgets code.
#include <QMutex>
#include <memory>
#include <vector>

#include "core/analysis/run_result.h"
#include "widgets/session/sessionbackend.h"

namespace fixture {

struct RunSpec {
  int documents = 12;
  int minTokens = 60, maxTokens = 160;
  int vocab = 48;
  int topK = 5;
  bool prompt = false;  // adds a zoomed base map and kl_tz
  std::uint32_t seed = 7;
};

std::shared_ptr<const core::analysis::RunResult> makeRun(const RunSpec& spec = {});

// One document of `positions` scored tokens with random (not distribution-derived) arrays, and a
// projection of `points` points: for performance tests only.
std::shared_ptr<const core::analysis::RunResult> makeLargeRun(int positions, int points);

// Naive reference: mean of `metric(doc, map, pos)` over every scored position where keep(doc, pos).
template <class F, class K>
double naiveMean(const core::analysis::RunResult& run, F metric, K keep, std::int64_t* count = nullptr) {
  double sum = 0;
  std::int64_t n = 0;
  for (std::size_t d = 0; d < run.documents.size(); ++d)
    for (std::size_t p = 0; p < run.documents[d].scored(); ++p)
      if (keep(int(d), int(p))) {
        sum += metric(run.documents[d], int(p));
        ++n;
      }
  if (count) *count = n;
  return n ? sum / double(n) : 0.0;
}

// A session store in memory: one session file name, its checkpoints (the run's maps), one territory,
// one finished run (id 1) and a prompt. Records what was saved.
class MemoryBackend : public widgets::SessionBackend {
 public:
  explicit MemoryBackend(std::shared_ptr<const core::analysis::RunResult> run,
                         QString path = QStringLiteral("/tmp/fixture.cartograph"));
  core::Result<widgets::SessionContents> open(const QString& path, core::Job& job) override;
  core::Result<widgets::SessionContents> create(const QString& path, core::Job& job) override;
  core::Result<std::shared_ptr<const core::analysis::RunResult>> loadRun(const QString& path, qint64 runId,
                                                                         core::Job& job) override;
  core::Result<core::store::SavedEdits> save(const QString& path, const core::store::SessionEdits& edits,
                                             core::Job& job) override;

  core::store::SessionEdits lastSaved() const;
  int saves() const;
  const widgets::SessionContents& initial() const { return contents_; }

 private:
  std::shared_ptr<const core::analysis::RunResult> run_;
  widgets::SessionContents contents_;
  mutable QMutex mutex_;
  core::store::SessionEdits saved_;
  int saves_ = 0;
  qint64 nextId_ = 1000;
};

}  // namespace fixture

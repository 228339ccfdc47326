// Cross-scoring of a sample set (core/analysis/sample_set.h): each column's tokens under every map.
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>

#include "core/analysis/sampler.h"

namespace core::analysis {
namespace {

using model::LanguageModel;

// Per column, the [n, V] float32 logits with which `m`, given `prefix`, predicts the column's n tokens
// (undefined for an empty column). One batch: row c is prefix ⊕ ids_c without its last token.
std::vector<at::Tensor> predictions(const LanguageModel& m, const std::vector<std::int32_t>& prefix,
                                    const std::vector<SampleColumn>& columns) {
  std::vector<at::Tensor> out(columns.size());
  std::int64_t longest = 0;
  for (const auto& c : columns) longest = std::max(longest, std::int64_t(c.ids.size()));
  if (longest == 0) return out;
  const std::int64_t P = std::int64_t(prefix.size()), T = P + longest - 1, C = std::int64_t(columns.size());
  at::Tensor input = at::zeros({C, T}, at::kLong);
  auto a = input.accessor<std::int64_t, 2>();
  for (std::int64_t c = 0; c < C; ++c) {
    for (std::int64_t t = 0; t < P; ++t) a[c][t] = prefix[std::size_t(t)];
    const auto& ids = columns[std::size_t(c)].ids;
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) a[c][P + std::int64_t(i)] = ids[i];
  }
  const at::Tensor features = m.trunk(input);
  for (std::int64_t c = 0; c < C; ++c) {
    const std::int64_t n = std::int64_t(columns[std::size_t(c)].ids.size());
    if (n > 0) out[std::size_t(c)] = m.head(features[c].narrow(0, P - 1, n)).to(at::kCPU, at::kFloat);
  }
  return out;
}

std::vector<float> log_probs(const at::Tensor& logits, const std::vector<std::int32_t>& ids) {
  if (ids.empty()) return {};
  const at::Tensor index = at::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), at::kLong).unsqueeze(1);
  const at::Tensor lp = at::log_softmax(logits, 1).gather(1, index).reshape({-1}).contiguous();
  return {lp.data_ptr<float>(), lp.data_ptr<float>() + lp.numel()};
}

}  // namespace

Result<void> cross_score(SampleSet& set, const NamedCheckpoint& base, const std::vector<NamedCheckpoint>& tuned,
                         Job& job) {
  const auto start = std::chrono::steady_clock::now();
  try {
    c10::InferenceMode inference;
    std::int64_t passes = 1 + std::int64_t(tuned.size());
    for (const auto& c : set.columns) passes += c.kind == ColumnKind::Zoomed;
    job.begin("cross-scoring the samples", passes);
    auto& columns = set.columns;
    const auto base_pred = predictions(*base.checkpoint->model, set.prompt_ids, columns);
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cross-scoring cancelled");
    std::vector<std::vector<at::Tensor>> tuned_pred;
    for (const auto& t : tuned) {
      tuned_pred.push_back(predictions(*t.checkpoint->model, set.prompt_ids, columns));
      if (!job.advance()) return fail(ErrorCode::Cancelled, "cross-scoring cancelled");
    }
    for (auto& c : columns) c.logp.assign(columns.size(), {});
    for (std::size_t m = 0; m < columns.size(); ++m) {
      const SampleColumn& scorer = columns[m];
      std::vector<at::Tensor> pred;
      if (scorer.kind == ColumnKind::Base) {
        pred = base_pred;
      } else if (scorer.kind == ColumnKind::Zoomed) {
        pred = predictions(*base.checkpoint->model, set.zoom_ids, columns);
        if (!job.advance()) return fail(ErrorCode::Cancelled, "cross-scoring cancelled");
      } else {
        // The tuned map's index is the column's position among the tuned columns, or the amplified one's.
        std::size_t k = 0;
        if (scorer.kind == ColumnKind::Amplified) {
          k = std::size_t(set.settings.amplified_tuned);
        } else {
          for (std::size_t i = 0; i < m; ++i) k += columns[i].kind == ColumnKind::Tuned;
        }
        if (k >= tuned_pred.size()) return fail(ErrorCode::InvalidInput, "the sample set names a tuned map it was not given");
        pred = tuned_pred[k];
        if (scorer.kind == ColumnKind::Amplified) {
          // (1 - a) base + a tuned, as sampling computed it (model::amplify_logits).
          const float wb = float(1.0 - set.settings.amplification), wt = float(set.settings.amplification);
          for (std::size_t c = 0; c < pred.size(); ++c)
            if (pred[c].defined()) pred[c] = base_pred[c] * wb + pred[c] * wt;
        }
      }
      for (std::size_t c = 0; c < columns.size(); ++c)
        if (pred[c].defined()) columns[c].logp[m] = log_probs(pred[c], columns[c].ids);
    }
    job.flush();
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return fail(ErrorCode::InvalidInput, "cross-scoring the samples failed", {}, what);
  }
  set.score_seconds = seconds_since(start);
  return {};
}

}  // namespace core::analysis

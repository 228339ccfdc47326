#pragma once
// The demo's optimiser on ATen alone: AdamW with decoupled weight decay (Loshchilov & Hutter) and
// the global gradient-norm clip. The arithmetic is step for step LibTorch 1.13's C++
// torch::optim::AdamW and torch::nn::utils::clip_grad_norm_, so a given seed trains the same bits;
// this spares the build the C++ frontend's headers (docs/ARCHITECTURE.md, "Build").
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace core::demo {

class AdamW {
 public:
  struct Group {
    std::vector<at::Tensor> params;
    double weight_decay = 0.0;
  };
  AdamW(std::vector<Group> groups, double lr, double beta1, double beta2, double eps);

  void set_lr(double lr) { lr_ = lr; }
  // Drops the gradients, so the next backward pass writes fresh ones.
  void zero_grad();
  // One update of every parameter that has a gradient.
  void step();

 private:
  struct State {
    at::Tensor exp_avg, exp_avg_sq;
    std::int64_t step = 0;
  };
  std::vector<Group> groups_;
  std::vector<std::vector<State>> state_;  // per group, per parameter
  double lr_, beta1_, beta2_, eps_;
};

// Scales all gradients so their joint 2-norm is at most max_norm; returns the norm before.
double clip_grad_norm(const std::vector<at::Tensor>& params, double max_norm);

}  // namespace core::demo

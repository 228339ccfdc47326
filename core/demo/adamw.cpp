#include "core/demo/adamw.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <cmath>

namespace core::demo {

AdamW::AdamW(std::vector<Group> groups, double lr, double beta1, double beta2, double eps)
    : groups_(std::move(groups)), lr_(lr), beta1_(beta1), beta2_(beta2), eps_(eps) {
  for (const auto& g : groups_) state_.emplace_back(g.params.size());
}

void AdamW::zero_grad() {
  for (auto& g : groups_)
    for (auto& p : g.params)
      if (p.grad().defined()) p.mutable_grad().reset();
}

void AdamW::step() {
  c10::NoGradGuard no_grad;
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    const Group& group = groups_[gi];
    for (std::size_t pi = 0; pi < group.params.size(); ++pi) {
      at::Tensor p = group.params[pi];
      const at::Tensor& grad = p.grad();
      if (!grad.defined()) continue;
      // Decoupled decay first, then the moments, in LibTorch's order of operations.
      if (group.weight_decay != 0) p.mul_(1 - lr_ * group.weight_decay);
      State& s = state_[gi][pi];
      if (!s.exp_avg.defined()) {
        s.exp_avg = at::zeros_like(p, at::MemoryFormat::Preserve);
        s.exp_avg_sq = at::zeros_like(p, at::MemoryFormat::Preserve);
      }
      s.step += 1;
      const double bias_correction1 = 1 - std::pow(beta1_, double(s.step));
      const double bias_correction2 = 1 - std::pow(beta2_, double(s.step));
      s.exp_avg.mul_(beta1_).add_(grad, 1 - beta1_);
      s.exp_avg_sq.mul_(beta2_).addcmul_(grad, grad, 1 - beta2_);
      const at::Tensor denom = (s.exp_avg_sq.sqrt() / std::sqrt(bias_correction2)).add_(eps_);
      p.addcdiv_(s.exp_avg, denom, -lr_ / bias_correction1);
    }
  }
}

double clip_grad_norm(const std::vector<at::Tensor>& params, double max_norm) {
  std::vector<at::Tensor> norms;
  std::vector<at::Tensor> grads;
  for (const auto& p : params)
    if (p.grad().defined()) {
      grads.push_back(p.grad());
      norms.push_back(p.grad().data().norm(2));
    }
  if (grads.empty()) return 0.0;
  const at::Tensor total = norms.size() == 1 ? norms[0] : at::stack(norms).norm(2);
  const at::Tensor coef = at::clamp(max_norm / (total + 1e-6), c10::nullopt, 1.0);
  for (auto& g : grads) g.data().mul_(coef);
  return total.item<double>();
}

}  // namespace core::demo

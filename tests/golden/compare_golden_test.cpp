// `compare` and `zoom` on the real stories260K checkpoint against a deliberately perturbed copy:
// every number must agree with a straightforward reference computed here from full logits, one
// window at a time, in double precision, with the windowing rule re-implemented independently.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <numbers>

#include "core/model/checkpoint.h"
#include "tests/support/test_support.h"

namespace {

namespace fs = std::filesystem;

// A perturbed copy of a llama2.c checkpoint: the last layer's attention output and part of the
// embedding are changed, so the tuned map differs everywhere but stays a sensible model.
void write_perturbed(const fs::path& from, const fs::path& to) {
  std::string bytes = testsupport::read_file(from);
  const std::size_t floats = (bytes.size() - 28) / 4;
  auto* w = reinterpret_cast<float*>(bytes.data() + 28);
  for (std::size_t i = 0; i < floats; ++i)
    if (i % 7 == 0) w[i] *= 1.25f + 0.1f * float(std::sin(double(i)));
  testsupport::write_file(to, bytes);
}

struct Reference {
  // Per map: sums over scored positions.
  struct Sums {
    double n = 0, nll = 0, entropy = 0, kl_bt = 0, kl_tb = 0, js = 0, brier = 0, correct = 0, kl_tz = 0;
    std::array<double, 15> bin_n{}, bin_conf{}, bin_acc{};
  };
  std::vector<Sums> maps{2};
  std::vector<at::Tensor> logits[2];  // per map: [positions, V] rows, for the temperature
  std::vector<std::int64_t> targets;
  double bytes = 0;
};

std::vector<double> logsoftmax(const at::Tensor& row) {
  const at::Tensor d = at::log_softmax(row.to(at::kDouble), 0).contiguous();
  return {d.data_ptr<double>(), d.data_ptr<double>() + d.numel()};
}

double optimal_temperature(const std::vector<at::Tensor>& rows, const std::vector<std::int64_t>& targets) {
  const at::Tensor z = at::stack(rows).to(at::kDouble);
  const at::Tensor y = at::tensor(targets, at::kLong).unsqueeze(1);
  const auto nll = [&](double t) { return -at::log_softmax(z / t, 1).gather(1, y).mean().item<double>(); };
  double lo = 0.1, hi = 10;
  for (int i = 0; i < 80; ++i) {
    const double a = lo + (hi - lo) * 0.382, b = lo + (hi - lo) * 0.618;
    if (nll(a) < nll(b)) hi = b; else lo = a;
  }
  return 0.5 * (lo + hi);
}

const char* kStories[] = {
    "Once upon a time, there was a little girl named Lily. She loved to play outside in the sun. One day, she saw a "
    "big red ball in the park. She ran to the ball and kicked it very hard. The ball went up high into the sky.",
    "Tom had a small dog. The dog was very happy. Every morning they went for a walk by the river. One day the dog "
    "saw a fish and jumped into the water. Tom laughed and said, \"Silly dog, come back!\"",
    "The sun was hot. Sam wanted ice cream.",
    "Mia and her mom baked a cake. They put sugar, eggs and milk in a bowl. Mia mixed it with a big spoon. When the "
    "cake was ready, they ate it together and smiled. It was the best cake ever. The end. Then they went to sleep "
    "and dreamed about more cakes, big and small, with red and blue and yellow candles on top of them all."};

}  // namespace

TEST(CompareGolden, EveryCompareAndZoomNumberMatchesAFullLogitReferenceOnStories260K) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const fs::path base = data / "stories260K" / "stories260K.bin";
  const fs::path tuned = dir / "perturbed" / "stories260K.bin";
  fs::create_directories(tuned.parent_path());
  write_perturbed(base, tuned);
  fs::copy_file(data / "stories260K" / "tok512.bin", tuned.parent_path() / "tokenizer.bin");
  std::string jsonl;
  for (std::size_t i = 0; i < std::size(kStories); ++i)
    jsonl += nlohmann::json{{"text", kStories[i]}, {"kind", i % 2 ? "b" : "a"}}.dump() + "\n";
  testsupport::write_file(dir / "stories.jsonl", jsonl);

  const std::int64_t W = 48, S = 20;
  const std::string prompt = "Once upon a time";
  const auto run = testsupport::run_cli({"compare", "--base", base.string(), "--tuned", tuned.string(), "--corpus",
                                         (dir / "stories.jsonl").string(), "--context", std::to_string(W), "--stride",
                                         std::to_string(S), "--batch", "3", "--prompt", prompt, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);

  auto b = core::model::load_checkpoint(base);
  auto t = core::model::load_checkpoint(tuned);
  ASSERT_TRUE(b) << b.error().what();
  ASSERT_TRUE(t) << t.error().what();
  // The zoom prefix: BOS and the prompt's tokens; documents then get W - |prefix| token windows.
  std::vector<std::int64_t> prefix{1};
  for (auto id : b->tokenizer->encode(prompt, false)) prefix.push_back(id);
  const std::int64_t Wd = W - std::int64_t(prefix.size());
  const std::int64_t Sd = std::min(S, Wd - 1);

  Reference ref;
  const auto full = [](const core::model::Checkpoint& c, const std::vector<std::int64_t>& ids) {
    return c.model->logits(at::tensor(ids, at::kLong).unsqueeze(0)).select(0, 0).to(at::kDouble);
  };
  for (const char* text : kStories) {
    const auto tok = b->tokenizer->encode(text);
    ref.bytes += double(std::strlen(text));
    std::int64_t prev_end = 1;
    for (std::int64_t start = 0;; start += Sd) {
      const std::int64_t end = std::min<std::int64_t>(start + Wd, std::int64_t(tok.size()));
      std::vector<std::int64_t> win(tok.begin() + start, tok.begin() + end);
      std::vector<std::int64_t> zoomed = prefix;
      const std::int64_t zstart = start == 0 ? 1 : start;  // the document's own BOS gives way to the prefix's
      zoomed.insert(zoomed.end(), tok.begin() + zstart, tok.begin() + end);
      const at::Tensor lb = full(*b, win), lt = full(*t, win), lz = full(*b, zoomed);
      for (std::int64_t j = std::max(prev_end, start + 1); j < end; ++j) {
        const std::int64_t y = tok[std::size_t(j)];
        const at::Tensor rows[2] = {lb[j - start - 1], lt[j - start - 1]};
        const auto pz = logsoftmax(lz[std::int64_t(prefix.size()) + (j - zstart) - 1]);
        const auto pb = logsoftmax(rows[0]), pt = logsoftmax(rows[1]);
        ref.targets.push_back(y);
        for (int m = 0; m < 2; ++m) {
          const auto& lp = m ? pt : pb;
          auto& s = ref.maps[std::size_t(m)];
          ref.logits[m].push_back(rows[m]);
          double h = 0, p2 = 0, conf = 0;
          std::size_t arg = 0;
          for (std::size_t v = 0; v < lp.size(); ++v) {
            const double p = std::exp(lp[v]);
            h -= p * lp[v];
            p2 += p * p;
            if (p > conf) conf = p, arg = v;
          }
          s.n += 1, s.nll -= lp[std::size_t(y)], s.entropy += h;
          s.brier += 1 - 2 * std::exp(lp[std::size_t(y)]) + p2;
          const bool ok = std::int64_t(arg) == y;
          s.correct += ok;
          const int bin = std::min(int(conf * 15), 14);
          s.bin_n[std::size_t(bin)] += 1, s.bin_conf[std::size_t(bin)] += conf, s.bin_acc[std::size_t(bin)] += ok;
        }
        auto& s = ref.maps[1];
        for (std::size_t v = 0; v < pb.size(); ++v) {
          const double p_b = std::exp(pb[v]), p_t = std::exp(pt[v]), m = 0.5 * (p_b + p_t);
          s.kl_bt += p_b * (pb[v] - pt[v]);
          s.kl_tb += p_t * (pt[v] - pb[v]);
          s.js += 0.5 * (p_b * (pb[v] - std::log(m)) + p_t * (pt[v] - std::log(m)));
          s.kl_tz += p_t * (pt[v] - pz[v]);
        }
      }
      prev_end = std::max(prev_end, end);
      if (end == std::int64_t(tok.size())) break;
    }
  }

  const auto& maps = out["checkpoints"];
  ASSERT_EQ(maps.size(), 3u) << "base, tuned and the zoomed base";
  EXPECT_EQ(out["window"], Wd);
  for (int m = 0; m < 2; ++m) {
    const auto& s = ref.maps[std::size_t(m)];
    const auto& j = maps[std::size_t(m)];
    SCOPED_TRACE(j["name"].get<std::string>());
    EXPECT_EQ(j["tokens"], std::int64_t(s.n));
    EXPECT_NEAR(j["nll_mean"], s.nll / s.n, 1e-4);
    EXPECT_NEAR(j["entropy_mean"], s.entropy / s.n, 1e-4);
    EXPECT_NEAR(j["brier"], s.brier / s.n, 1e-4);
    EXPECT_NEAR(j["top1_accuracy"], s.correct / s.n, 1e-9);
    EXPECT_NEAR(j["bits_per_byte"], s.nll / std::numbers::ln2 / ref.bytes, 1e-4);
    double ece = 0;
    for (int k = 0; k < 15; ++k)
      if (s.bin_n[std::size_t(k)] > 0)
        ece += s.bin_n[std::size_t(k)] / s.n *
               std::abs(s.bin_acc[std::size_t(k)] / s.bin_n[std::size_t(k)] - s.bin_conf[std::size_t(k)] / s.bin_n[std::size_t(k)]);
    EXPECT_NEAR(j["ece"], ece, 1e-4);
    EXPECT_NEAR(j["temperature"].get<double>() / optimal_temperature(ref.logits[m], ref.targets), 1.0, 0.01);
  }
  const auto& base_s = ref.maps[0];
  const auto& tuned_s = ref.maps[1];
  const auto& j = maps[1];
  EXPECT_NEAR(j["delta_nll"], (tuned_s.nll - base_s.nll) / tuned_s.n, 1e-4);
  EXPECT_NEAR(j["delta_entropy"], (tuned_s.entropy - base_s.entropy) / tuned_s.n, 1e-4);
  EXPECT_NEAR(j["kl_bt_mean"], tuned_s.kl_bt / tuned_s.n, 1e-4);
  EXPECT_NEAR(j["kl_tb_mean"], tuned_s.kl_tb / tuned_s.n, 1e-4);
  EXPECT_NEAR(j["js_mean"], tuned_s.js / tuned_s.n, 1e-4);
  EXPECT_GT(tuned_s.kl_bt / tuned_s.n, 0.01) << "the perturbation must be visible";
  const double k0 = tuned_s.kl_tb / tuned_s.n, kp = tuned_s.kl_tz / tuned_s.n;
  EXPECT_NEAR(j["k0"], k0, 1e-4);
  EXPECT_NEAR(j["kp"], kp, 1e-4);
  EXPECT_NEAR(j["zoom_recovered"], 1 - kp / k0, 1e-3);

  // `zoom` measures the tuned map in its own W / S windows (the unprompted run's, reused) and the
  // zoomed base in W − |prefix| windows after the prefix (docs/ARCHITECTURE.md, "Zoom runs"): its
  // numbers, recomputed here in float64 with those windows.
  double zk0 = 0, zkp = 0;
  std::int64_t zn = 0;
  const std::int64_t Sz = Sd;  // the asked stride, below the shorter window
  for (const char* text : kStories) {
    const auto tok = b->tokenizer->encode(text);
    const std::int64_t n = std::int64_t(tok.size());
    // The window that scores token j: the first whose end passes j.
    const auto start_of = [](std::int64_t j, std::int64_t w, std::int64_t s) { return j < w ? 0 : ((j - w) / s + 1) * s; };
    for (std::int64_t j = 1; j < n; ++j) {
      const std::int64_t s0 = start_of(j, W, S), sz = start_of(j, Wd, Sz);
      const std::vector<std::int64_t> win(tok.begin() + s0, tok.begin() + std::min(n, s0 + W));
      const std::int64_t zstart = sz == 0 ? 1 : sz;
      std::vector<std::int64_t> zoomed = prefix;
      zoomed.insert(zoomed.end(), tok.begin() + zstart, tok.begin() + std::min(n, sz + Wd));
      const auto pb = logsoftmax(full(*b, win)[j - s0 - 1]), pt = logsoftmax(full(*t, win)[j - s0 - 1]);
      const auto pz = logsoftmax(full(*b, zoomed)[std::int64_t(prefix.size()) + (j - zstart) - 1]);
      for (std::size_t v = 0; v < pb.size(); ++v) {
        const double p_t = std::exp(pt[v]);
        zk0 += p_t * (pt[v] - pb[v]);
        zkp += p_t * (pt[v] - pz[v]);
      }
      ++zn;
    }
  }
  const auto zoom = testsupport::run_cli({"zoom", "--base", base.string(), "--tuned", tuned.string(), "--corpus",
                                          (dir / "stories.jsonl").string(), "--context", std::to_string(W), "--stride",
                                          std::to_string(S), "--prompt", prompt, "--json"});
  ASSERT_EQ(zoom.exit_code, 0) << zoom.err;
  const auto z = nlohmann::json::parse(zoom.out);
  EXPECT_EQ(z["tokens"].get<std::int64_t>(), zn);
  EXPECT_NEAR(z["k0"], zk0 / double(zn), 1e-4);
  EXPECT_NEAR(z["kp"], zkp / double(zn), 1e-4);
  EXPECT_NEAR(z["zoom_recovered"], 1 - zkp / zk0, 1e-3);
}

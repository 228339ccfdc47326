#include "tests/gui/run_fixture.h"

#include <QMutexLocker>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace fixture {
namespace {

using namespace core::analysis;

const char* kWords[] = {" the", " a", " cat", " dog", " sat", " on", " mat", " and", " then", " it", " ran",
                        " away", " was", " happy", " sad", " little", " big", " house", " tree", " sun", " moon",
                        " said", " asked", " \"", ".", ",", "!", "?", " Tim", " Lily", " played", " with", " ball",
                        " red", " blue", " day", " night", " went", " to", " park", " friend", " mom", " dad",
                        " saw", " bird", "\n", " very", " good"};

std::vector<double> softmax(const std::vector<double>& z, double beta = 1.0) {
  const double mx = *std::max_element(z.begin(), z.end());
  std::vector<double> p(z.size());
  double s = 0;
  for (std::size_t i = 0; i < z.size(); ++i) s += p[i] = std::exp(beta * (z[i] - mx));
  for (double& v : p) v /= s;
  return p;
}

struct Step {  // the full distribution of one map at one position
  std::vector<double> z, p;
};

}  // namespace

std::shared_ptr<const RunResult> makeRun(const RunSpec& spec) {
  auto run = std::make_shared<RunResult>();
  std::mt19937 rng(spec.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const int V = std::min<int>(spec.vocab, int(std::size(kWords)) + 1);
  run->token_texts.push_back("<s>");
  for (int i = 1; i < V; ++i) run->token_texts.push_back(kWords[i - 1]);
  run->settings.top_k = spec.topK;
  run->settings.prompt = spec.prompt ? "Once upon a time" : "";
  run->window = 256;
  run->stride = 128;
  run->territory = {"/data/tinystories-val.jsonl", "fixture-territory-hash", spec.documents, 0};
  auto map = [](const char* name, MapRole role, const char* path) {
    MapInfo m;
    m.name = name;
    m.role = role;
    m.path = path;
    m.format = "llama2c";
    m.architecture = "llama";
    m.dtype = "float32";
    m.vocab_size = 48;
    m.context_length = 256;
    return m;
  };
  run->maps.push_back(map("stories260K", MapRole::Base, "/models/stories260K.bin"));
  run->maps.push_back(map("sft-dialog", MapRole::Tuned, "/models/sft-dialog.bin"));
  run->maps.push_back(map("rl-happy", MapRole::Tuned, "/models/rl-happy.bin"));
  if (spec.prompt) run->maps.push_back(map("stories260K + prompt", MapRole::Zoomed, "/models/stories260K.bin"));
  const int M = int(run->maps.size());
  const char* genres[] = {"story", "dialog", "news"};
  const char* splits[] = {"train", "val"};

  for (int d = 0; d < spec.documents; ++d) {
    DocumentResult doc;
    doc.index = d;
    doc.name = "doc-" + std::to_string(d + 1);
    doc.metadata = {{"genre", genres[d % 3]}, {"split", splits[(d / 3) % 2]}};
    const int n = spec.minTokens + int(uniform(rng) * (spec.maxTokens - spec.minTokens));
    doc.tokens.push_back(0);
    doc.maps.resize(std::size_t(M));
    for (auto& t : doc.maps) t.top_k = spec.topK;
    // A document-level "style" makes documents differ the way real ones do.
    const double style = normal(rng);
    for (int pos = 0; pos < n; ++pos) {
      std::vector<Step> steps(static_cast<std::size_t>(M));
      Step& b = steps[0];
      b.z.resize(std::size_t(V));
      for (int v = 0; v < V; ++v) b.z[std::size_t(v)] = (v == 0 ? -8.0 : 1.6 * normal(rng) + 0.4 * style);
      b.p = softmax(b.z);
      // Tuned maps: SFT sharpens a little and favours dialogue tokens; RL collapses onto "happy" ones.
      for (int m = 1; m < M; ++m) {
        Step& s = steps[std::size_t(m)];
        s.z = b.z;
        const bool zoomed = run->maps[std::size_t(m)].role == MapRole::Zoomed;
        const double sharpen = m == 1 ? 1.3 : zoomed ? 1.15 : 2.0;
        for (int v = 0; v < V; ++v) {
          double& z = s.z[std::size_t(v)];
          z *= sharpen;
          if ((m == 1 || zoomed) && (v == 22 || v == 23 || v == 24)) z += zoomed ? 1.0 : 1.5;  // " said" " asked" " \""
          if (m == 2 && (v == 14 || v == 27)) z += 2.5;  // " happy" "!"
        }
        s.p = softmax(s.z);
      }
      // The ground truth comes from a mixture close to the base map: the base is a fair map.
      const std::vector<double>& truthP = b.p;
      const double r = uniform(rng);
      int x = V - 1;
      double acc = 0;
      for (int v = 0; v < V; ++v) {
        acc += truthP[std::size_t(v)];
        if (r < acc) {
          x = v;
          break;
        }
      }
      doc.tokens.push_back(x);
      for (int m = 0; m < M; ++m) {
        const Step& s = steps[std::size_t(m)];
        MapTrack& t = doc.maps[std::size_t(m)];
        const double px = s.p[std::size_t(x)];
        double h = 0, p2 = 0, conf = 0;
        std::int32_t rank = 1;
        for (double pv : s.p) {
          if (pv > 0) h -= pv * std::log(pv);
          p2 += pv * pv;
          conf = std::max(conf, pv);
          if (pv > px) ++rank;
        }
        t.logp.push_back(float(std::log(px)));
        t.entropy.push_back(float(h));
        t.rank.push_back(rank);
        t.confidence.push_back(float(conf));
        t.sum_p2.push_back(float(p2));
        if (m > 0) {
          double klbt = 0, kltb = 0, js = 0;
          for (int v = 0; v < V; ++v) {
            const double pb = b.p[std::size_t(v)], pt = s.p[std::size_t(v)], mid = 0.5 * (pb + pt);
            klbt += pb * std::log(pb / pt);
            kltb += pt * std::log(pt / pb);
            js += 0.5 * pb * std::log(pb / mid) + 0.5 * pt * std::log(pt / mid);
          }
          t.kl_bt.push_back(float(klbt));
          t.kl_tb.push_back(float(kltb));
          t.js.push_back(float(js));
          if (spec.prompt && run->maps[std::size_t(m)].role == MapRole::Tuned) {
            const Step& zm = steps[std::size_t(M - 1)];
            double kltz = 0;
            for (int v = 0; v < V; ++v) kltz += s.p[std::size_t(v)] * std::log(s.p[std::size_t(v)] / zm.p[std::size_t(v)]);
            t.kl_tz.push_back(float(kltz));
          }
        }
        std::vector<int> order(static_cast<std::size_t>(V));
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + spec.topK, order.end(),
                          [&s](int a, int c) { return s.p[std::size_t(a)] > s.p[std::size_t(c)]; });
        for (int k = 0; k < spec.topK; ++k) {
          t.top_ids.push_back(order[std::size_t(k)]);
          t.top_p.push_back(float(s.p[std::size_t(order[std::size_t(k)])]));
        }
        for (int j = 0; j < kTemperatureGrid; ++j) {
          const double beta = temperature_grid_beta(j);
          const std::vector<double> q = softmax(s.z, beta);
          double mean = 0, second = 0;
          for (int v = 0; v < V; ++v) {
            mean += q[std::size_t(v)] * s.z[std::size_t(v)];
            second += q[std::size_t(v)] * s.z[std::size_t(v)] * s.z[std::size_t(v)];
          }
          t.temperature_stats[std::size_t(3 * j)] += -std::log(q[std::size_t(x)]);
          t.temperature_stats[std::size_t(3 * j + 1)] += mean - s.z[std::size_t(x)];
          t.temperature_stats[std::size_t(3 * j + 2)] += second - mean * mean;
        }
      }
    }
    for (std::size_t i = 1; i < doc.tokens.size(); ++i) doc.byte_length += std::int64_t(run->token_texts[std::size_t(doc.tokens[i])].size());
    for (int m = 0; m < M; ++m) {
      const MapTrack& t = doc.maps[std::size_t(m)];
      DocumentStats s;
      s.tokens = std::int64_t(t.size());
      double nll = 0, h = 0, top1 = 0, klbt = 0, kltb = 0, js = 0, klmax = 0;
      for (std::size_t p = 0; p < t.size(); ++p) {
        nll -= t.logp[p];
        h += t.entropy[p];
        top1 += t.rank[p] == 1;
        if (m > 0) {
          klbt += t.kl_bt[p];
          kltb += t.kl_tb[p];
          js += t.js[p];
          klmax = std::max<double>(klmax, t.kl_bt[p]);
        }
      }
      const double k = double(t.size());
      s.nll_mean = nll / k;
      s.entropy_mean = h / k;
      s.top1_accuracy = top1 / k;
      s.kl_bt_mean = klbt / k;
      s.kl_tb_mean = kltb / k;
      s.js_mean = js / k;
      s.kl_max = klmax;
      s.bits_per_byte = nll / std::log(2.0) / double(doc.byte_length);
      doc.stats.push_back(s);
    }
    run->territory.bytes += doc.byte_length;
    run->documents.push_back(std::move(doc));
  }

  // Whole-run summaries, naively.
  QuadrantThresholds q;
  for (int m = 0; m < M; ++m) {
    MapSummary s;
    double nll = 0, baseNll = 0, h = 0, baseH = 0, klbt = 0, kltb = 0, js = 0, kltz = 0, brier = 0, top1 = 0;
    std::array<double, 3 * kTemperatureGrid> temp{};
    std::int64_t zoom = 0;
    for (const DocumentResult& doc : run->documents) {
      const MapTrack& t = doc.maps[std::size_t(m)];
      const MapTrack& b = doc.maps[0];
      s.bytes += doc.byte_length;
      for (std::size_t p = 0; p < t.size(); ++p) {
        ++s.tokens;
        nll -= t.logp[p];
        baseNll -= b.logp[p];
        h += t.entropy[p];
        baseH += b.entropy[p];
        if (m > 0) {
          klbt += t.kl_bt[p];
          kltb += t.kl_tb[p];
          js += t.js[p];
        }
        if (p < t.kl_tz.size()) {
          kltz += t.kl_tz[p];
          ++zoom;
        }
        brier += 1 - 2 * std::exp(double(t.logp[p])) + t.sum_p2[p];
        top1 += t.rank[p] == 1;
        const int bin = std::min(int(t.confidence[p] * kCalibrationBins), kCalibrationBins - 1);
        s.reliability[std::size_t(bin)].count++;
        s.reliability[std::size_t(bin)].confidence_sum += t.confidence[p];
        s.reliability[std::size_t(bin)].correct_sum += t.rank[p] == 1;
        const double l = -t.logp[p];
        if (l <= q.high_nll) ++s.quadrants.known;
        else if (t.entropy[p] > q.high_entropy) ++s.quadrants.blank;
        else ++s.quadrants.misdrawn;
      }
      for (std::size_t i = 0; i < temp.size(); ++i) temp[i] += t.temperature_stats[i];
    }
    const double n = double(s.tokens);
    s.nll_mean = nll / n;
    s.perplexity = std::exp(s.nll_mean);
    s.bits_per_byte = nll / std::log(2.0) / double(s.bytes);
    s.delta_nll = s.nll_mean - baseNll / n;
    s.entropy_mean = h / n;
    s.delta_entropy = s.entropy_mean - baseH / n;
    s.kl_bt_mean = klbt / n;
    s.kl_tb_mean = kltb / n;
    s.js_mean = js / n;
    s.brier = brier / n;
    s.top1_accuracy = top1 / n;
    for (const auto& rb : s.reliability)
      if (rb.count) s.ece += double(rb.count) / n * std::fabs(rb.correct_sum / rb.count - rb.confidence_sum / rb.count);
    int best = 0;
    for (int j = 1; j < kTemperatureGrid; ++j)
      if (temp[std::size_t(3 * j)] < temp[std::size_t(3 * best)]) best = j;
    s.temperature = 1.0 / temperature_grid_beta(best);  // the grid point; the engine refines it
    if (zoom) {
      s.has_zoom = true;
      s.k0 = s.kl_tb_mean;
      s.kp = kltz / double(zoom);
      s.zoom_recovered = 1 - s.kp / s.k0;
    }
    run->summaries.push_back(s);
  }

  // Projection: every second position, placed by the base map's entropy and surprise plus a
  // per-genre offset, so the scatter shows structure.
  for (std::size_t d = 0; d < run->documents.size(); ++d) {
    const DocumentResult& doc = run->documents[d];
    for (std::size_t p = 0; p < doc.scored(); p += 2) {
      const MapTrack& b = doc.maps[0];
      ProjectionPoint pt;
      pt.document = int(d);
      pt.position = int(p);
      pt.x = float(1.5 * (b.entropy[p] - 3.0) + 0.3 * normal(rng) + (d % 3 == 1 ? 2.0 : 0.0));
      pt.y = float(0.6 * (-b.logp[p] - 3.5) + 0.3 * normal(rng) - (d % 3 == 2 ? 2.0 : 0.0));
      run->projection.points.push_back(pt);
    }
  }
  run->projection.explained[0] = 0.312;
  run->projection.explained[1] = 0.118;
  run->versions = {{"cartograph", "fixture"}};
  return run;
}

std::shared_ptr<const RunResult> makeLargeRun(int positions, int points) {
  auto run = std::make_shared<RunResult>();
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0.f, 1.f);
  run->token_texts.push_back("<s>");
  for (const char* w : kWords) run->token_texts.push_back(w);
  run->maps.resize(3);
  run->maps[0].name = "base";
  run->maps[0].role = MapRole::Base;
  run->maps[1].name = "sft";
  run->maps[2].name = "rl";
  run->settings.top_k = 5;
  run->territory = {"/data/large.txt", "large-hash", 1, 0};
  DocumentResult doc;
  doc.name = "large";
  doc.tokens.push_back(0);
  for (int i = 0; i < positions; ++i) doc.tokens.push_back(1 + int(rng() % (run->token_texts.size() - 1)));
  doc.maps.resize(3);
  for (int m = 0; m < 3; ++m) {
    MapTrack& t = doc.maps[std::size_t(m)];
    t.top_k = 5;
    for (int i = 0; i < positions; ++i) {
      t.logp.push_back(-std::fabs(2.5f + normal(rng)));
      t.entropy.push_back(std::fabs(2.0f + normal(rng)));
      t.rank.push_back(1 + int(rng() % 20));
      t.confidence.push_back(0.3f);
      t.sum_p2.push_back(0.1f);
      if (m > 0) {
        t.kl_bt.push_back(std::fabs(normal(rng)));
        t.kl_tb.push_back(std::fabs(normal(rng)));
        t.js.push_back(0.1f);
      }
      for (int k = 0; k < 5; ++k) {
        t.top_ids.push_back(1 + k);
        t.top_p.push_back(0.2f - 0.03f * k);
      }
    }
  }
  doc.stats.resize(3);
  doc.byte_length = positions * 4;
  run->documents.push_back(std::move(doc));
  for (int i = 0; i < points; ++i) {
    ProjectionPoint p;
    p.document = 0;
    p.position = i % positions;
    p.x = normal(rng) * 3;
    p.y = normal(rng) + (i % 2 ? 4.f : 0.f);
    run->projection.points.push_back(p);
  }
  run->projection.explained[0] = 0.2;
  run->projection.explained[1] = 0.1;
  return run;
}

MemoryBackend::MemoryBackend(std::shared_ptr<const RunResult> run, QString path) : run_(std::move(run)) {
  using widgets::CheckpointEntry;
  contents_.path = path;
  qint64 id = 100;
  for (const MapInfo& m : run_->maps) {
    if (m.role == MapRole::Zoomed) continue;
    CheckpointEntry c;
    c.id = ++id;
    c.name = QString::fromStdString(m.name);
    c.path = QString::fromStdString(m.path);
    c.role = m.role;
    c.format = QString::fromStdString(m.format);
    contents_.checkpoints.push_back(c);
  }
  contents_.territories.push_back({200, QString::fromStdString(run_->territory.source),
                                   QString::fromStdString(run_->territory.content_hash), run_->territory.documents,
                                   run_->territory.bytes});
  widgets::RunEntry r;
  r.id = 1;
  r.name = QStringLiteral("stories260K → sft-dialog → rl-happy");
  r.status = core::store::RunStatus::Complete;
  r.territory = QString::fromStdString(run_->territory.source);
  for (const MapInfo& m : run_->maps) r.checkpoints << QString::fromStdString(m.name);
  contents_.runs.push_back(r);
  contents_.prompts.push_back({300, QStringLiteral("story opener"), QStringLiteral("Once upon a time"), {}, {}, {}});
}

core::Result<widgets::SessionContents> MemoryBackend::open(const QString& path, core::Job& job) {
  job.begin("reading session", 1);
  if (path != contents_.path)
    return core::fail(core::ErrorCode::NotFound, "no such session file", path.toStdString());
  job.advance();
  return contents_;
}

core::Result<widgets::SessionContents> MemoryBackend::create(const QString& path, core::Job&) {
  widgets::SessionContents c;
  c.path = path;
  return c;
}

core::Result<std::shared_ptr<const RunResult>> MemoryBackend::loadRun(const QString& path, qint64 runId, core::Job&) {
  if (path != contents_.path || runId != 1)
    return core::fail(core::ErrorCode::NotFound, "no run " + std::to_string(runId), path.toStdString());
  return run_;
}

core::Result<core::store::SavedEdits> MemoryBackend::save(const QString&, const core::store::SessionEdits& edits,
                                                          core::Job&) {
  QMutexLocker lock(&mutex_);
  saved_ = edits;
  ++saves_;
  // Like the store: entries it does not hold yet get ids of their own.
  core::store::SavedEdits ids;
  for (const auto& c : edits.checkpoints)
    if (c.id < 0) ids.checkpoints[c.id] = ++nextId_;
  for (const auto& p : edits.prompts)
    if (p.id < 0) ids.prompts[p.id] = ++nextId_;
  for (const auto& s : edits.slices)
    if (s.id < 0) ids.slices[s.id] = ++nextId_;
  for (const auto& a : edits.annotations)
    if (a.id < 0) ids.annotations[a.id] = ++nextId_;
  return ids;
}

core::store::SessionEdits MemoryBackend::lastSaved() const {
  QMutexLocker lock(&mutex_);
  return saved_;
}

int MemoryBackend::saves() const {
  QMutexLocker lock(&mutex_);
  return saves_;
}

}  // namespace fixture

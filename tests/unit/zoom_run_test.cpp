// Zoom runs on the demo's maps (tiny preset), as a user runs them: `cartograph-cli zoom` with three of
// the demo's prompts over the demo territory, against the session the demo wrote. Its numbers must
// equal an independent float64 computation written here from docs/ARCHITECTURE.md ("Zoom", "Windows")
// and the rows stored in the session; bad input leaves the session as it was.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "core/analysis/token_zoom.h"
#include "core/analysis/windows.h"
#include "core/analysis/zoom_run.h"
#include "core/model/checkpoint.h"
#include "core/store/execute_zoom.h"
#include "core/store/library.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "core/store/zoom_store.h"
#include "core/territory/territory.h"
#include "tests/support/test_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ZoomRun : public ::testing::Test {
 protected:
  // The tiny demo is built once into the build tree (under a lock: ctest runs these tests as separate
  // processes, maybe at once) and served from there by the demo's own cache afterwards; each process
  // zooms into its own copy of the session, so tests never see each other's writes.
  static void SetUpTestSuite() {
    dir_ = new testsupport::TempDir();
    const fs::path shared = testsupport::artifacts_dir() / "zoom-demo";
    fs::create_directories(testsupport::artifacts_dir());
    const int lock = ::open((testsupport::artifacts_dir() / "zoom-demo.lock").c_str(), O_CREAT | O_RDWR, 0644);
    ASSERT_GE(lock, 0);
    ::flock(lock, LOCK_EX);
    const auto run = testsupport::run_cli({"--json", "-q", "demo", "--preset", "tiny", "--out", shared.string()});
    ::flock(lock, LOCK_UN);
    ::close(lock);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    demo_ = new json(json::parse(run.out));
    const fs::path copy = *dir_ / "demo.cartograph";
    fs::copy_file(demo_->at("session").get<std::string>(), copy);
    (*demo_)["session"] = copy.string();
  }
  static void TearDownTestSuite() {
    delete demo_;
    delete dir_;
  }
  static std::vector<std::string> zoom_args(const std::vector<std::string>& prompts) {
    const json& d = *demo_;
    std::vector<std::string> args{"--json", "-q", "zoom", "--corpus", d.at("territory"), "--session", d.at("session")};
    for (const json& m : d.at("checkpoints")) {
      args.push_back(m.at("role") == "base" ? "--base" : "--tuned");
      args.push_back(m.at("path"));
    }
    for (const json& m : d.at("checkpoints")) args.push_back("--name"), args.push_back(m.at("name"));
    for (const auto& p : prompts) args.push_back("--prompt"), args.push_back(p);
    return args;
  }
  static std::vector<std::string> three_prompts() {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < 3; ++i) out.push_back(demo_->at("prompts").at(i).at("text"));
    return out;
  }
  // The demo's first `count` maps (0: every one) and its territory, loaded here.
  static void load_demo(std::size_t count, std::vector<core::model::Checkpoint>& maps,
                        core::territory::Territory& territory) {
    for (const json& m : demo_->at("checkpoints")) {
      if (count > 0 && maps.size() == count) break;
      auto c = core::model::load_checkpoint(m.at("path").get<std::string>());
      ASSERT_TRUE(c) << c.error().message;
      maps.push_back(std::move(*c));
    }
    auto read = core::territory::read_territory(demo_->at("territory").get<std::string>());
    ASSERT_TRUE(read) << read.error().message;
    territory = std::move(*read);
  }
  static inline testsupport::TempDir* dir_ = nullptr;
  static inline json* demo_ = nullptr;
};

// log p in float64 at every position of `ids` (one forward pass of the map).
at::Tensor logprobs64(const core::model::Checkpoint& c, const std::vector<std::int64_t>& ids) {
  const at::Tensor x = at::tensor(ids, at::kLong).unsqueeze(0);
  return at::log_softmax(c.model->logits(x)[0].to(at::kDouble), -1);
}

// KL(p ‖ q) in float64 from two rows of log-probabilities.
double kl64(const at::Tensor& lp, const at::Tensor& lq) { return (lp.exp() * (lp - lq)).sum().item<double>(); }

// The window that scores token t (docs/ARCHITECTURE.md, "Windows"): windows start at 0, S, 2S, ...;
// window k scores the tokens from the previous window's end to its own, so t belongs to the first
// window whose end passes it.
std::int64_t window_start(std::int64_t t, std::int64_t W, std::int64_t S) {
  return t < W ? 0 : ((t - W) / S + 1) * S;
}

struct Sums {
  double k0 = 0, kp = 0;
  std::int64_t n = 0;
};

TEST_F(ZoomRun, ThreePromptsOnTheDemoEqualAnIndependentFloat64ComputationAndTheSession) {
  const json& d = *demo_;
  const auto prompts = three_prompts();
  const auto run = testsupport::run_cli(zoom_args(prompts));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json z = json::parse(run.out);
  EXPECT_TRUE(z.at("reused_run").get<bool>()) << "the demo's comparison run is in the session: its maps are reused";
  ASSERT_EQ(z.at("rows").size(), 9u) << "one row per prompt × tuned map";

  // The reference: every map loaded here, every window forwarded once, log-softmax and KL in float64.
  std::vector<core::model::Checkpoint> maps;
  core::territory::Territory territory;
  ASSERT_NO_FATAL_FAILURE(load_demo(0, maps, territory));
  const auto& tok = *maps[0].tokenizer;
  const std::int64_t W = maps[0].info.context_length, S = W / 2;
  ASSERT_GT(W, 8);
  std::vector<std::vector<Sums>> sums(prompts.size(), std::vector<Sums>(maps.size()));
  std::int64_t long_documents = 0;
  c10::InferenceMode inference;
  for (const auto& doc : territory.documents) {
    std::vector<std::int64_t> ids;
    for (auto id : tok.encode(doc.text)) ids.push_back(id);
    const std::int64_t n = std::int64_t(ids.size());
    long_documents += n > W ? 1 : 0;
    // Plain windows: every map's log-probs per window start.
    std::map<std::int64_t, std::vector<at::Tensor>> plain;
    for (std::int64_t t = 1; t < n; ++t) {
      const std::int64_t s = window_start(t, W, S);
      if (!plain.count(s)) {
        const std::vector<std::int64_t> w(ids.begin() + s, ids.begin() + std::min(n, s + W));
        for (const auto& m : maps) plain[s].push_back(logprobs64(m, w));
      }
    }
    for (std::size_t p = 0; p < prompts.size(); ++p) {
      std::vector<std::int64_t> prefix;
      if (tok.adds_bos() && tok.bos_id()) prefix.push_back(*tok.bos_id());
      for (auto id : tok.encode(prompts[p], false)) prefix.push_back(id);
      const std::int64_t L = std::int64_t(prefix.size()), Wz = W - L, Sz = std::max<std::int64_t>(1, Wz / 2);
      ASSERT_GT(Wz, 1);
      std::map<std::int64_t, at::Tensor> zoomed;  // per window start: log-probs of base ⊕ prompt
      for (std::int64_t t = 1; t < n; ++t) {
        const std::int64_t s = window_start(t, Wz, Sz);
        const std::int64_t from = s == 0 && tok.adds_bos() && tok.bos_id() && ids[0] == *tok.bos_id() ? 1 : s;
        if (!zoomed.count(s)) {
          std::vector<std::int64_t> row = prefix;
          row.insert(row.end(), ids.begin() + from, ids.begin() + std::min(n, s + Wz));
          zoomed[s] = logprobs64(maps[0], row);
        }
        const at::Tensor lz = zoomed[s][L + (t - from) - 1];
        const std::int64_t s0 = window_start(t, W, S);
        const at::Tensor lb = plain[s0][0][t - s0 - 1];
        for (std::size_t m = 1; m < maps.size(); ++m) {
          const at::Tensor lt = plain[s0][m][t - s0 - 1];
          sums[p][m].k0 += kl64(lt, lb);
          sums[p][m].kp += kl64(lt, lz);
          ++sums[p][m].n;
        }
      }
    }
  }
  EXPECT_GT(long_documents, 0) << "some documents are longer than the window, so the windows are exercised";

  core::store::ZoomListing stored;
  {
    auto session = core::store::SessionFile::open(d.at("session").get<std::string>(), core::store::OpenMode::ReadOnly);
    ASSERT_TRUE(session) << session.error().message;
    core::store::ZoomStore store(*session);
    auto list = store.list();
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_FALSE(list->empty());
    stored = list->back();
    EXPECT_EQ(stored.id, z.at("zoom_id").get<std::int64_t>());
    core::store::Library library(*session);
    auto all = library.prompts();
    ASSERT_TRUE(all);
    for (const auto& p : stored.prompts) {
      bool found = false;
      for (const auto& r : *all)
        for (const auto& v : r.versions) found = found || (v.id == p.version_id && v.text == p.text);
      EXPECT_TRUE(found) << "the zoom is tied to the library's version of \"" << p.text << "\"";
    }
  }
  ASSERT_EQ(stored.rows.size(), 9u);
  for (std::size_t i = 0; i < 9; ++i) {
    const json& row = z.at("rows")[i];
    const std::size_t p = i / 3, m = i % 3 + 1;
    EXPECT_EQ(row.at("prompt"), prompts[p]);
    EXPECT_EQ(row.at("map"), d.at("checkpoints")[m].at("name"));
    const Sums& s = sums[p][m];
    const double k0 = s.k0 / double(s.n), kp = s.kp / double(s.n);
    std::cout << "prompt " << p << " map " << m << ": K0 " << k0 << " KP " << kp << " recovered " << 1 - kp / k0
              << " (cli " << row.at("zoom_recovered") << ")\n";
    EXPECT_EQ(row.at("tokens").get<std::int64_t>(), s.n);
    EXPECT_NEAR(row.at("k0").get<double>(), k0, 1e-4 * std::max(1.0, k0));
    EXPECT_NEAR(row.at("kp").get<double>(), kp, 1e-4 * std::max(1.0, kp));
    EXPECT_NEAR(row.at("zoom_recovered").get<double>(), 1 - kp / k0, 1e-3);
    // The session holds the same rows.
    EXPECT_EQ(stored.rows[i].prompt, int(p));
    EXPECT_EQ(stored.rows[i].map, int(m));
    EXPECT_EQ(stored.rows[i].tokens, s.n);
    EXPECT_DOUBLE_EQ(stored.rows[i].zoom_recovered, row.at("zoom_recovered").get<double>());
  }
}

// A click in the studio: TokenZoomer at a position gives the KLs the runs stored there (the engine's
// kl_tb of the demo's comparison run, the zoom run's KL to the prompted base), and the base's bars are
// its stored top-k — across window boundaries of a long document.
TEST_F(ZoomRun, ZoomAtATokenAgreesWithTheStoredRunAndZoomRun) {
  const json& d = *demo_;
  const std::string prompt = d.at("prompts").at(0).at("text");
  const auto run = testsupport::run_cli(zoom_args({prompt}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json z = json::parse(run.out);
  auto session = core::store::SessionFile::open(d.at("session").get<std::string>(), core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(session) << session.error().message;
  core::store::RunReader reader(*session);
  auto source = reader.load_run(z.at("run_id").get<std::int64_t>());
  ASSERT_TRUE(source) << source.error().message;
  core::store::ZoomStore store(*session);
  auto zoom = store.load(z.at("zoom_id").get<std::int64_t>());
  ASSERT_TRUE(zoom) << zoom.error().message;

  std::vector<core::model::Checkpoint> maps;
  std::vector<std::string> names;
  for (const json& m : d.at("checkpoints")) {
    auto c = core::model::load_checkpoint(m.at("path").get<std::string>());
    ASSERT_TRUE(c) << c.error().message;
    maps.push_back(std::move(*c));
    names.push_back(m.at("name"));
  }
  core::analysis::TokenZoomer zoomer(maps, names, source->window, source->stride, source->settings.stride, 10);
  ASSERT_TRUE(zoomer.set_prompt(prompt));
  // The longest document: its positions span several windows.
  std::size_t longest = 0;
  for (std::size_t i = 0; i < source->documents.size(); ++i)
    if (source->documents[i].tokens.size() > source->documents[longest].tokens.size()) longest = i;
  const auto& doc = source->documents[longest];
  ASSERT_GT(std::int64_t(doc.tokens.size()), source->window) << "a document longer than the window";
  auto tracks = reader.load_tracks(z.at("run_id").get<std::int64_t>(), doc.index);
  ASSERT_TRUE(tracks) << tracks.error().message;
  ASSERT_TRUE(zoomer.prepare(doc.tokens));
  ASSERT_EQ(zoomer.scored(), std::int64_t(doc.scored()));
  const auto& kl_tz = zoom->kl_tz.at(0);
  for (std::int64_t i = 0; i < zoomer.scored(); ++i) {
    auto at = zoomer.at(i);
    ASSERT_TRUE(at) << at.error().message;
    ASSERT_EQ(at->columns.size(), maps.size() + 1);
    EXPECT_EQ(at->columns[2], names[1]);
    EXPECT_EQ(at->target, doc.tokens[std::size_t(i + 1)]);
    for (std::size_t m = 1; m < maps.size(); ++m) {
      EXPECT_NEAR(at->kl_tb[m - 1], (*tracks)[m].kl_tb[std::size_t(i)], 2e-4) << "position " << i << " map " << m;
      EXPECT_NEAR(at->kl_tz[m - 1], kl_tz[m - 1][longest][std::size_t(i)], 2e-4) << "position " << i << " map " << m;
    }
    // The base's bars are its top-k, in the shared order (most probable under the base first).
    const auto& base = (*tracks)[0];
    for (int k = 0; k < 3; ++k) {
      const std::int32_t id = base.top_ids[std::size_t(i) * std::size_t(base.top_k) + std::size_t(k)];
      EXPECT_EQ(at->ids[std::size_t(k)], id) << "position " << i;
      EXPECT_NEAR(at->p[0][std::size_t(k)], base.top_p[std::size_t(i) * std::size_t(base.top_k) + std::size_t(k)], 2e-3);
    }
  }
  // A click on a position that is not there is one clear error.
  EXPECT_FALSE(zoomer.at(zoomer.scored()));
}

// A document far longer than a batch group (issue 20, "Long documents"): at batch 1 a group is 8
// windows, and the zoom holds the features of at most 16 source windows at once, so this document's
// group is zoomed in several spans, each running only the zoomed windows that score its positions.
// Every position's KL(tuned ‖ base ⊕ prompt) must still equal the float64 reference, at spans' edges
// too, and the whole document zoomed at once (batch 64: one span) must give the same values.
TEST_F(ZoomRun, ALongDocumentZoomedInSpansEqualsAnIndependentFloat64Computation) {
  const json& d = *demo_;
  std::vector<core::model::Checkpoint> maps;
  core::territory::Territory territory;
  ASSERT_NO_FATAL_FAILURE(load_demo(2, maps, territory));
  const auto& tok = *maps[0].tokenizer;
  const std::int64_t W = maps[0].info.context_length, S = W / 2;
  std::string text;
  for (const auto& doc : territory.documents) {
    if (std::int64_t(tok.encode(text).size()) > 60 * S) break;
    text += doc.text + "\n";
  }
  core::analysis::RunResult source;
  source.window = W, source.stride = S;
  for (std::size_t m = 0; m < 2; ++m) {
    core::analysis::MapInfo info;
    info.name = d.at("checkpoints")[m].at("name");
    info.role = m == 0 ? core::analysis::MapRole::Base : core::analysis::MapRole::Tuned;
    info.vocab_size = maps[m].info.vocab_size;
    source.maps.push_back(info);
  }
  core::analysis::DocumentResult doc;
  doc.name = "everything";
  for (auto id : tok.encode(text)) doc.tokens.push_back(std::int32_t(id));
  doc.maps.resize(2);
  source.documents.push_back(doc);
  const std::int64_t n = std::int64_t(doc.tokens.size());
  ASSERT_GT(core::analysis::plan_windows(0, n, W, S).size(), 3u * 16) << "a document of more than three spans";

  const std::string prompt = d.at("prompts").at(0).at("text");
  auto zoom_at_batch = [&](std::int32_t batch) {
    core::analysis::ZoomSpec spec;
    for (std::size_t m = 0; m < 2; ++m) spec.maps.push_back({maps[m], source.maps[m].name});
    spec.source = &source;
    spec.prompts = {{0, "p", prompt}};
    spec.batch = batch;
    spec.chunk_positions = 100;  // chunks of the heads cross the spans' edges
    auto z = core::analysis::zoom_run(spec);
    EXPECT_TRUE(z) << z.error().message;
    return z ? z->kl_tz.at(0).at(0).at(0) : std::vector<float>{};
  };
  const std::vector<float> spans = zoom_at_batch(1), whole = zoom_at_batch(64);
  ASSERT_EQ(std::int64_t(spans.size()), n - 1);
  ASSERT_EQ(std::int64_t(whole.size()), n - 1);

  std::vector<std::int64_t> prefix;
  if (tok.adds_bos() && tok.bos_id()) prefix.push_back(*tok.bos_id());
  for (auto id : tok.encode(prompt, false)) prefix.push_back(id);
  const std::int64_t L = std::int64_t(prefix.size()), Wz = W - L, Sz = std::max<std::int64_t>(1, Wz / 2);
  std::vector<std::int64_t> ids(doc.tokens.begin(), doc.tokens.end());
  std::map<std::int64_t, at::Tensor> plain, zoomed;
  c10::InferenceMode inference;
  int worst = 0;
  for (std::int64_t t = 1; t < n; ++t) {
    const std::int64_t s = window_start(t, W, S);
    if (!plain.count(s)) plain[s] = logprobs64(maps[1], {ids.begin() + s, ids.begin() + std::min(n, s + W)});
    const std::int64_t sz = window_start(t, Wz, Sz);
    const std::int64_t from = sz == 0 && tok.adds_bos() && tok.bos_id() && ids[0] == *tok.bos_id() ? 1 : sz;
    if (!zoomed.count(sz)) {
      std::vector<std::int64_t> row = prefix;
      row.insert(row.end(), ids.begin() + from, ids.begin() + std::min(n, sz + Wz));
      zoomed[sz] = logprobs64(maps[0], row);
    }
    const double k = kl64(plain[s][t - s - 1], zoomed[sz][L + (t - from) - 1]);
    const auto i = std::size_t(t - 1);
    EXPECT_NEAR(spans[i], k, 1e-4 * std::max(1.0, k)) << "position " << i << " zoomed in spans";
    EXPECT_NEAR(whole[i], k, 1e-4 * std::max(1.0, k)) << "position " << i << " zoomed whole";
    if (std::abs(spans[i] - k) > 1e-4 * std::max(1.0, k) && ++worst > 5) break;
  }
}

// What a zoom holds of its unprompted run: unless a slice needs every metric, only each tuned map's
// kl_tb (K_0), however the run was obtained (reused from the session, recorded there, or computed
// without a session). The rows, the KL and the source's kl_tb must be exactly those of the same zoom
// holding every track.
TEST_F(ZoomRun, TheUnpromptedRunIsHeldAsItsKlTbAndTheRowsAreThoseOfEveryTrack) {
  const json& d = *demo_;
  const auto order_for = [&](std::size_t maps, const fs::path& session, bool keep) {
    core::store::ZoomOrder order;
    for (std::size_t m = 0; m < maps; ++m)
      order.run.maps.push_back({d.at("checkpoints")[m].at("path").get<std::string>(),
                                d.at("checkpoints")[m].at("name").get<std::string>(), {}});
    order.run.territory_path = d.at("territory").get<std::string>();
    order.run.session_path = session;
    order.run.session_mode = core::store::OpenMode::CreateIfMissing;
    order.prompts = {{0, "p", d.at("prompts").at(0).at("text")}};
    order.keep_source_tracks = keep;
    return order;
  };
  const auto zoom = [&](const core::store::ZoomOrder& order) {
    auto z = core::store::execute_zoom(order);
    EXPECT_TRUE(z) << z.error().message;
    return z ? std::move(*z) : core::store::ExecutedZoom{};
  };
  const auto expect_same = [](const core::store::ExecutedZoom& held, const core::store::ExecutedZoom& kept,
                              const std::string& how) {
    ASSERT_TRUE(held.source && kept.source) << how;
    ASSERT_EQ(held.source->documents.size(), kept.source->documents.size()) << how;
    for (std::size_t i = 0; i < held.source->documents.size(); ++i) {
      const auto& h = held.source->documents[i];
      const auto& k = kept.source->documents[i];
      ASSERT_EQ(h.maps.size(), k.maps.size()) << how;
      for (std::size_t m = 0; m < h.maps.size(); ++m) {
        EXPECT_EQ(h.maps[m].kl_tb, k.maps[m].kl_tb) << how << ": document " << i << ", map " << m;
        EXPECT_EQ(h.maps[m].kl_tb.size(), m == 0 ? 0 : h.scored()) << how;
        EXPECT_TRUE(h.maps[m].logp.empty() && h.maps[m].top_ids.empty() && h.maps[m].top_p.empty()) << how;
        EXPECT_EQ(k.maps[m].logp.size(), k.scored()) << how << ": every track when asked";
      }
    }
    EXPECT_EQ(held.zoom.kl_tz, kept.zoom.kl_tz) << how;
    ASSERT_EQ(held.rows.size(), kept.rows.size()) << how;
    for (std::size_t r = 0; r < held.rows.size(); ++r) {
      EXPECT_EQ(held.rows[r].tokens, kept.rows[r].tokens) << how;
      EXPECT_EQ(held.rows[r].k0, kept.rows[r].k0) << how;
      EXPECT_EQ(held.rows[r].kp, kept.rows[r].kp) << how;
      EXPECT_GT(held.rows[r].k0, 0) << how;
    }
  };
  const std::size_t all = d.at("checkpoints").size();
  const fs::path demo = d.at("session").get<std::string>();
  {
    const auto held = zoom(order_for(all, demo, false)), kept = zoom(order_for(all, demo, true));
    EXPECT_TRUE(held.reused_run && kept.reused_run);
    expect_same(held, kept, "reused from the session");
  }
  const auto recorded = zoom(order_for(2, *dir_ / "held.cartograph", false));
  EXPECT_FALSE(recorded.reused_run);
  expect_same(recorded, zoom(order_for(2, *dir_ / "kept.cartograph", true)), "recorded in a new session");
  const auto bare = zoom(order_for(2, {}, false));
  expect_same(bare, zoom(order_for(2, {}, true)), "without a session");
  expect_same(bare, zoom(order_for(2, *dir_ / "held.cartograph", true)), "without a session and reused");
}

// Bad input: a prompt that leaves no room in the context names the prompt, and the session keeps
// exactly what it had (no zoom run, no new prompt).
TEST_F(ZoomRun, APromptThatLeavesNoRoomIsNamedAndTheSessionIsUnchanged) {
  const json& d = *demo_;
  auto counts = [&] {
    auto session = core::store::SessionFile::open(d.at("session").get<std::string>(), core::store::OpenMode::ReadOnly);
    EXPECT_TRUE(session);
    core::store::ZoomStore store(*session);
    core::store::Library library(*session);
    return std::pair(store.list()->size(), library.prompts()->size());
  };
  const auto before = counts();
  std::string long_prompt = "a very long prompt:";
  for (int i = 0; i < 200; ++i) long_prompt += " and again";
  const auto run = testsupport::run_cli(zoom_args({d.at("prompts").at(0).at("text"), long_prompt}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("a very long prompt"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("leave no room"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << "one line: " << run.err;
  EXPECT_EQ(counts(), before);
}

// Bad input: a tuned map whose tokenizer splits the territory differently is named (its path), and
// the session is unchanged.
TEST_F(ZoomRun, ATokenizerMismatchNamesTheMapAndTheSessionIsUnchanged) {
  const json& d = *demo_;
  auto session_size = [&] {
    auto session = core::store::SessionFile::open(d.at("session").get<std::string>(), core::store::OpenMode::ReadOnly);
    EXPECT_TRUE(session);
    core::store::ZoomStore store(*session);
    return store.list()->size();
  };
  const auto before = session_size();
  // A copy of a tuned map with another tokenizer: the base's vocabulary with two pieces swapped.
  const fs::path tuned = d.at("checkpoints")[1].at("path").get<std::string>();
  const fs::path copy = *dir_ / "mismatched";
  fs::copy(tuned, copy, fs::copy_options::recursive);
  const fs::path tokenizer = copy / "tokenizer.json";
  ASSERT_TRUE(fs::exists(tokenizer)) << "the demo's maps carry tokenizer.json";
  json t = json::parse(testsupport::read_file(tokenizer));
  json& vocab = t.at("model").at("vocab");
  std::string a, b;
  for (auto it = vocab.begin(); it != vocab.end(); ++it) {
    if (it.value() == 100) a = it.key();
    if (it.value() == 101) b = it.key();
  }
  ASSERT_FALSE(a.empty() || b.empty());
  vocab[a] = 101, vocab[b] = 100;
  testsupport::write_file(tokenizer, t.dump());
  auto args = zoom_args({d.at("prompts").at(0).at("text")});
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--tuned" && args[i + 1] == tuned.string()) args[i + 1] = copy.string();
  const auto run = testsupport::run_cli(args);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(copy.string()), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("differs from the base"), std::string::npos) << run.err;
  EXPECT_EQ(session_size(), before);
}

// --prompts: one per line or JSONL with a "prompt" (and "name"); the names reach the rows.
TEST_F(ZoomRun, APromptFileOfJsonLinesNamesItsPrompts) {
  const json& d = *demo_;
  const fs::path file = *dir_ / "prompts.jsonl";
  testsupport::write_file(file, json({{"prompt", d.at("prompts").at(0).at("text")}, {"name", "header"}}).dump() + "\n" +
                                    json({{"prompt", d.at("prompts").at(2).at("text")}}).dump() + "\n");
  auto args = zoom_args({});
  args.push_back("--prompts"), args.push_back(file.string());
  const auto run = testsupport::run_cli(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json z = json::parse(run.out);
  ASSERT_EQ(z.at("rows").size(), 6u);
  EXPECT_EQ(z.at("rows")[0].at("prompt"), d.at("prompts").at(0).at("text"));
  EXPECT_EQ(z.at("rows")[3].at("prompt"), d.at("prompts").at(2).at("text"));
  const fs::path bad = *dir_ / "bad.jsonl";
  testsupport::write_file(bad, "{\"text\": \"no prompt field\"}\n");
  args.back() = bad.string();
  const auto failed = testsupport::run_cli(args);
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("line 1"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("bad.jsonl"), std::string::npos) << failed.err;
}

}  // namespace

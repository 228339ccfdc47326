// aidreams260K: a second llama2.c model (own 512-token vocabulary, 4 heads without grouped-query
// attention, context 128) for which no reference output is published. What this asserts, honestly:
// the model loads with its own tokenizer, greedy decoding runs to the end of its context, and the
// text is English-like by two measures computed here, each contrasted with uniformly random tokens
// of the same vocabulary: (1) the share of words that are purely alphabetic, (2) the share found in
// a lexicon built from the KJV and tiny-shakespeare corpora (the model's AI-flavoured words such as
// "vectors" are absent there, so this share is far from 1). Also: the model's own per-token NLL of
// its greedy text is low, and much higher once the same tokens are shuffled, which shows that the
// batched scoring forward and the cached decoding agree on what is likely.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <set>
#include <sstream>

#include "core/model/checkpoint.h"
#include "core/model/sampling.h"
#include "tests/support/test_support.h"

using namespace core::model;
using core::tokenize::TokenId;

namespace {

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    const auto b = w.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    const auto e = w.find_last_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    out.push_back(b == std::string::npos ? w : w.substr(b, e - b + 1));
  }
  return out;
}

bool alphabetic(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isalpha(c); });
}

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Shares {
  double alphabetic = 0, in_lexicon = 0;
};

Shares shares(const std::string& text, const std::set<std::string>& lexicon) {
  const auto words = words_of(text);
  int alpha = 0, known = 0;
  for (const auto& w : words)
    if (alphabetic(w)) {
      ++alpha;
      known += lexicon.contains(lower(w));
    }
  return {words.empty() ? 0 : double(alpha) / double(words.size()), alpha ? double(known) / alpha : 0};
}

double mean_nll(const LanguageModel& m, const std::vector<TokenId>& seq) {
  const at::Tensor ids = at::tensor(std::vector<std::int64_t>(seq.begin(), seq.end()), at::kLong).unsqueeze(0);
  const at::Tensor logp = at::log_softmax(m.logits(ids)[0], -1);
  double sum = 0;
  for (std::size_t t = 1; t < seq.size(); ++t) sum -= logp[std::int64_t(t - 1)][seq[t]].item<double>();
  return sum / double(seq.size() - 1);
}

}  // namespace

TEST(AiDreams260K, GreedyTextIsEnglishLikeAndLikelyUnderTheModel) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  LoadOptions lo;
  lo.hash_weights = false;
  auto cp = load_checkpoint(data / "aidreams260K/aidreams260K.bin", lo);
  ASSERT_TRUE(cp) << cp.error().what();
  ASSERT_TRUE(cp->tokenizer);  // its own tok512.bin, by the tok<N>.bin rule
  EXPECT_EQ(cp->info.parameters, 230976);  // PROVENANCE.txt
  EXPECT_EQ(cp->info.context_length, 128);
  EXPECT_EQ(cp->model->config().n_kv_heads, 4);
  EXPECT_EQ(cp->model->config().n_heads, 4);

  SampleOptions o;
  o.temperature = 0;
  o.max_new_tokens = 200;
  o.stop_ids = {1, 2};
  const std::vector<TokenId> prompt = {1};
  auto r = generate(*cp->model, prompt, o);
  ASSERT_TRUE(r) << r.error().what();
  EXPECT_EQ(r->ids.size(), 128u);  // runs to the end of its 128-token context
  EXPECT_EQ(r->stop_reason, "context");
  std::vector<TokenId> seq = prompt;
  seq.insert(seq.end(), r->ids.begin(), r->ids.end());
  const std::string text = cp->tokenizer->decode(seq);
  std::cerr << "[ aidreams260K greedy ] " << text << "\n";

  std::set<std::string> lexicon;
  for (const char* corpus : {"corpus/kjv/kjv.txt", "corpus/tinyshakespeare/input.txt"})
    for (const auto& w : words_of(testsupport::read_file(data / corpus)))
      if (alphabetic(w)) lexicon.insert(lower(w));
  ASSERT_GT(lexicon.size(), 10000u);

  std::mt19937 rng(1);
  std::uniform_int_distribution<TokenId> any(3, 511);
  std::vector<TokenId> random_ids = {1};
  for (int i = 0; i < 127; ++i) random_ids.push_back(any(rng));
  const Shares greedy = shares(text, lexicon), random = shares(cp->tokenizer->decode(random_ids), lexicon);
  std::cerr << "[ aidreams260K ] alphabetic words: greedy " << greedy.alphabetic << ", random tokens " << random.alphabetic
            << "; in KJV+Shakespeare lexicon: greedy " << greedy.in_lexicon << ", random tokens " << random.in_lexicon
            << "\n";
  EXPECT_GE(greedy.alphabetic, 0.9);
  EXPECT_LT(random.alphabetic, 0.6);  // the measure tells English-like text from token soup
  EXPECT_GE(greedy.in_lexicon, 0.5);
  EXPECT_GT(greedy.in_lexicon, random.in_lexicon + 0.15);

  seq.resize(128);  // the last generated token was never fed: the context holds 128
  const double nll = mean_nll(*cp->model, seq);
  std::vector<TokenId> shuffled = seq;
  std::shuffle(shuffled.begin() + 1, shuffled.end(), rng);
  const double shuffled_nll = mean_nll(*cp->model, shuffled);
  std::cerr << "[ aidreams260K ] mean NLL of its greedy text " << nll << " nats, of the same tokens shuffled "
            << shuffled_nll << " (uniform: " << std::log(512.0) << ")\n";
  EXPECT_LT(nll, 1.0);
  EXPECT_GT(shuffled_nll, nll + 3.0);
}

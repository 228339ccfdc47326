#include "tests/support/toy_models.h"

#include <ATen/ATen.h>

namespace testsupport {
namespace {

class ByteTokenizer : public core::tokenize::Tokenizer {
 public:
  ByteTokenizer(int extra, bool bos) : extra_(extra), bos_(bos) {}
  std::vector<core::tokenize::TokenId> encode(std::string_view text, std::optional<bool> add_bos) const override {
    std::vector<core::tokenize::TokenId> ids;
    if (add_bos.value_or(bos_)) ids.push_back(1);
    for (unsigned char c : text) ids.push_back(core::tokenize::TokenId(c) + 3);
    return ids;
  }
  std::string decode(std::span<const core::tokenize::TokenId> ids) const override {
    std::string s;
    for (auto id : ids)
      if (id >= 3 && id < 259) s += char(id - 3);
    return s;
  }
  std::string token_text(core::tokenize::TokenId id) const override {
    if (id == 1) return "<s>";
    if (id == 2) return "</s>";
    if (id >= 3 && id < 259) return std::string(1, char(id - 3));
    return "<extra " + std::to_string(id) + ">";
  }
  std::string piece(core::tokenize::TokenId id) const override { return token_text(id); }
  std::int32_t vocab_size() const override { return 259 + extra_; }
  std::optional<core::tokenize::TokenId> bos_id() const override { return 1; }
  std::optional<core::tokenize::TokenId> eos_id() const override { return 2; }
  bool adds_bos() const override { return bos_; }
  std::string kind() const override { return "bytes"; }

 private:
  int extra_;
  bool bos_;
};

class FunctionModel : public core::model::LanguageModel {
 public:
  FunctionModel(LogitFn fn, std::int64_t vocab, std::int64_t context) : fn_(std::move(fn)) {
    config_.vocab_size = vocab;
    config_.dim = 2;
    config_.max_seq_len = context;
  }
  const core::model::ModelConfig& config() const override { return config_; }
  // Features: (previous token, position in row) as floats; the head evaluates fn on them.
  at::Tensor trunk(const at::Tensor& ids) const override {
    const auto b = ids.size(0), t = ids.size(1);
    at::Tensor pos = at::arange(t, at::kFloat).expand({b, t});
    return at::stack({ids.to(at::kFloat), pos}, 2);
  }
  at::Tensor head(const at::Tensor& f) const override {
    std::vector<at::Tensor> rows;
    for (std::int64_t i = 0; i < f.size(0); ++i)
      rows.push_back(fn_(std::int64_t(f[i][0].item<float>()), std::int64_t(f[i][1].item<float>())).to(at::kFloat));
    return at::stack(rows, 0);
  }
  bool has_hidden_states() const override { return true; }
  std::unique_ptr<core::model::KvCache> new_cache(std::int64_t) const override { return nullptr; }
  at::Tensor decode_step(const at::Tensor&, core::model::KvCache&) const override { return {}; }
  std::int64_t parameter_count() const override { return 0; }

 private:
  LogitFn fn_;
  core::model::ModelConfig config_;
};

// The bigram case, vectorised: the head is a row lookup.
class BigramModel : public FunctionModel {
 public:
  BigramModel(at::Tensor table, std::int64_t context)
      : FunctionModel([](auto, auto) { return at::Tensor(); }, table.size(1), context), table_(std::move(table)) {}
  at::Tensor head(const at::Tensor& f) const override {
    return table_.index_select(0, f.select(1, 0).to(at::kLong));
  }

 private:
  at::Tensor table_;
};

}  // namespace

std::shared_ptr<const core::tokenize::Tokenizer> byte_tokenizer(int extra_ids, bool adds_bos) {
  return std::make_shared<ByteTokenizer>(extra_ids, adds_bos);
}

core::model::Checkpoint function_checkpoint(LogitFn fn, std::int64_t vocab, std::int64_t context,
                                            std::shared_ptr<const core::tokenize::Tokenizer> tokenizer,
                                            std::string name) {
  core::model::Checkpoint c;
  c.model = std::make_shared<FunctionModel>(std::move(fn), vocab, context);
  c.tokenizer = std::move(tokenizer);
  c.info.path = "/toy/" + name;
  c.info.format = "toy";
  c.info.architecture = "toy";
  c.info.vocab_size = vocab;
  c.info.context_length = context;
  c.info.sha256 = name;
  return c;
}

core::model::Checkpoint bigram_checkpoint(const at::Tensor& table, std::int64_t context,
                                          std::shared_ptr<const core::tokenize::Tokenizer> tokenizer,
                                          std::string name) {
  auto c = function_checkpoint({}, table.size(1), context, std::move(tokenizer), std::move(name));
  c.model = std::make_shared<BigramModel>(table.to(at::kFloat).contiguous(), context);
  return c;
}

}  // namespace testsupport

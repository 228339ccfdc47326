// `tokenize`: the token ids and token texts of a text under a model's (or a given) tokenizer.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>

#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "core/tokenize/locate.h"
#include "core/tokenize/text_util.h"
#include "core/tokenize/tokenizer.h"

namespace cli {
namespace {

namespace fs = std::filesystem;

struct TokenizeOptions {
  std::string model, text, text_file;
  std::vector<std::string> tokenizers;
  bool bos = false, no_bos = false;
};

// `--model` may name a tokenizer file itself rather than a checkpoint.
bool is_tokenizer_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return false;
  const std::string name = p.filename().string(), ext = p.extension().string();
  if (ext == ".json" || ext == ".model" || ext == ".bpe" || ext == ".txt") return true;
  return ext == ".bin" && name.rfind("tok", 0) == 0;  // tokenizer.bin, tok512.bin
}

core::Result<fs::path> tokenizer_path(const TokenizeOptions& o) {
  if (!o.tokenizers.empty()) return fs::path(o.tokenizers.front());
  if (is_tokenizer_file(o.model)) return fs::path(o.model);
  return core::tokenize::locate_tokenizer(o.model);
}

int run_tokenize(const TokenizeOptions& o, const Globals& globals) {
  std::string text = o.text;
  if (!o.text_file.empty()) {
    auto bytes = core::tokenize::detail::read_file_bytes(o.text_file);
    if (!bytes) return fail(bytes.error());
    text = std::move(*bytes);
  }
  if (!core::tokenize::detail::is_valid_utf8(text))
    return fail(o.text_file.empty() ? std::string("--text is not valid UTF-8")
                                    : o.text_file + ": not valid UTF-8 text");
  auto path = tokenizer_path(o);
  if (!path) return fail(path.error());
  auto tokenizer = core::tokenize::load_tokenizer(*path);
  if (!tokenizer) return fail(tokenizer.error());
  const auto& tok = **tokenizer;
  std::optional<bool> add_bos;
  if (o.bos) add_bos = true;
  if (o.no_bos) add_bos = false;
  const auto ids = tok.encode(text, add_bos);

  if (globals.json) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto id : ids) tokens.push_back(tok.token_text(id));
    print_json({{"ids", ids},
                {"tokens", tokens},
                {"tokenizer", path->string()},
                {"kind", tok.kind()},
                {"vocab_size", tok.vocab_size()}});
    return kOk;
  }
  std::cout << ids.size() << " tokens (" << tok.kind() << ", " << path->string() << ")\n";
  for (const auto id : ids) {
    const std::string shown =
        nlohmann::json(tok.token_text(id)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::cout << std::setw(8) << id << "  " << shown << "\n";
  }
  return kOk;
}

}  // namespace

void add_tokenize_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "tokenize", "Token ids and token texts of a text under a model's tokenizer",
              [&globals](CLI::App& sub) -> Runner {
                auto o = std::make_shared<TokenizeOptions>();
                sub.add_option("--model", o->model,
                               "Model folder, llama2.c .bin, or a tokenizer file")->required();
                add_tokenizer_option(sub, o->tokenizers, false);
                auto* input = sub.add_option_group("input", "The text to tokenize (one of)");
                input->add_option("--text", o->text, "The text itself");
                input->add_option("--text-file", o->text_file, "A UTF-8 text file");
                input->require_option(1);
                auto* bos = sub.add_flag("--bos", o->bos, "Prepend BOS even if the tokenizer does not");
                sub.add_flag("--no-bos", o->no_bos, "Do not prepend BOS")->excludes(bos);
                return [o, &globals] { return run_tokenize(*o, globals); };
              });
}

}  // namespace cli

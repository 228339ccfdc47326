// `convert`: a Llama-family map (a llama2.c .bin, a Hugging Face folder) written as a Hugging Face
// folder in float32, float16 or bfloat16, with its tokenizer in Hugging Face's files where it was a
// llama2.c vocabulary. docs/ARCHITECTURE.md, "Command line".
#include <filesystem>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "core/model/checkpoint.h"
#include "core/model/hf_export.h"
#include "core/tokenize/locate.h"

namespace cli {
namespace {

namespace fs = std::filesystem;

struct ConvertArgs {
  std::string model, out, dtype = "float32";
  std::vector<std::string> tokenizers;
  bool force = false;
};

int run_convert(const ConvertArgs& a, const Globals& g) {
  core::Job job(stderr_progress(g));
  std::error_code ec;
  if (fs::exists(a.out, ec) && !(fs::is_directory(a.out, ec) && fs::is_empty(a.out, ec)) && !a.force)
    return fail(core::Error{core::ErrorCode::InvalidInput, "the output exists and is not an empty folder (--force writes into it)", a.out, {}});
  core::model::LoadOptions options;
  options.tokenizer = a.tokenizers.empty() ? std::string() : a.tokenizers.front();
  options.hash_weights = false;
  auto cp = core::model::load_checkpoint(a.model, options, job);
  if (!cp) return fail(cp.error());
  core::model::HfExportOptions out;
  out.dtype = a.dtype == "float16" ? core::model::DType::F16 : a.dtype == "bfloat16" ? core::model::DType::BF16 : core::model::DType::F32;
  if (cp->tokenizer) {
    auto located = options.tokenizer.empty() ? core::tokenize::locate_tokenizer(a.model) : core::Result<fs::path>(options.tokenizer);
    if (located) out.tokenizer_file = *located;
    if (const auto bos = cp->tokenizer->bos_id()) out.bos_token_id = *bos;
    if (const auto eos = cp->tokenizer->eos_id()) out.eos_token_id = *eos;
  }
  out.tokenizer_as_json = true;
  if (auto written = core::model::write_hf_llama(*cp->model, a.out, out); !written) return fail(written.error());
  std::string tokenizer = "none";
  for (const char* name : {"tokenizer.json", "tokenizer.model", "vocab.json", "tokenizer.bin"})
    if (fs::exists(fs::path(a.out) / name, ec)) {
      tokenizer = name;
      break;
    }
  if (g.json) {
    print_json({{"out", a.out}, {"dtype", a.dtype}, {"parameters", cp->info.parameters}, {"tokenizer", tokenizer}});
  } else {
    std::cout << "wrote " << a.out << " (" << a.dtype << ", " << cp->info.parameters << " parameters, tokenizer "
              << tokenizer << ")\n";
  }
  return kOk;
}

}  // namespace

void add_convert_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "convert", "Write a Llama-family map as a Hugging Face folder (float32, float16 or bfloat16)",
              [&globals](CLI::App& cmd) {
                auto a = std::make_shared<ConvertArgs>();
                cmd.add_option("--model", a->model, "llama2.c .bin or Hugging Face folder")->required();
                cmd.add_option("--out", a->out, "The folder to write")->required();
                cmd.add_option("--dtype", a->dtype, "Weights on disk")
                    ->default_val("float32")
                    ->check(CLI::IsMember({"float32", "float16", "bfloat16"}));
                add_tokenizer_option(cmd, a->tokenizers, false);
                cmd.add_flag("--force", a->force, "Write into an existing folder");
                return Runner([a, &globals] { return run_convert(*a, globals); });
              });
}

}  // namespace cli

// `info --model M`: what a checkpoint is (format, architecture, size, dtype, hashes).
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "core/model/checkpoint.h"

namespace cli {

void add_info_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string model;
    std::vector<std::string> tokenizers;
    bool trust = false;
    std::string dtype = "auto";
  };
  auto args = std::make_shared<Args>();
  add_command(app, globals, "info", "Describe a checkpoint: format, architecture, parameters, context, dtype, sha256",
              [&globals, args](CLI::App& sub) -> Runner {
                sub.add_option("--model", args->model, "HF folder, llama2.c .bin or TorchScript file")->required();
                add_tokenizer_option(sub, args->tokenizers, false);
                sub.add_flag("--trust-torchscript", args->trust, "Allow loading TorchScript (it can run code)");
                add_dtype_option(sub, args->dtype);
                return [&globals, args]() -> int {
                  core::Job job(stderr_progress(globals));
                  core::model::LoadOptions options;
                  options.tokenizer = args->tokenizers.empty() ? std::string() : args->tokenizers.front();
                  options.trust_torchscript = args->trust;
                  options.dtype = weight_dtype(args->dtype);
                  auto cp = core::model::load_checkpoint(args->model, options, job);
                  if (!cp) return fail(cp.error());
                  const auto& i = cp->info;
                  for (const auto& w : i.warnings) std::cerr << "warning: " << w << std::endl;
                  nlohmann::json weights = nlohmann::json::array();
                  for (const auto& w : i.weights)
                    weights.push_back({{"path", w.path}, {"sha256", w.sha256}, {"bytes", w.bytes}});
                  nlohmann::json doc = {{"format", i.format},
                                        {"architecture", i.architecture},
                                        {"hf_architecture", cp->model->config().hf_architecture},
                                        {"parameters", i.parameters},
                                        {"vocab_size", i.vocab_size},
                                        {"context_length", i.context_length},
                                        {"dtype", i.dtype},
                                        {"weights_dtype", i.weights_dtype},
                                        {"sha256", i.sha256},
                                        {"path", i.path},
                                        {"weights", weights},
                                        {"warnings", i.warnings}};
                  if (cp->tokenizer)
                    doc["tokenizer"] = {{"kind", cp->tokenizer->kind()}, {"vocab_size", cp->tokenizer->vocab_size()}};
                  else
                    doc["tokenizer"] = nullptr;
                  if (globals.json) {
                    print_json(doc);
                    return kOk;
                  }
                  for (const char* key : {"format", "architecture", "parameters", "vocab_size", "context_length",
                                          "dtype", "sha256", "path"}) {
                    const auto& v = doc[key];
                    std::cout << key << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << '\n';
                  }
                  if (cp->tokenizer)
                    std::cout << "tokenizer: " << cp->tokenizer->kind() << ", " << cp->tokenizer->vocab_size()
                              << " tokens\n";
                  return kOk;
                };
              });
}

}  // namespace cli

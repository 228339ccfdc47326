// cartograph-cli: the headless composition root. Links cartograph_core only (no Qt). Built as a module
// that the executable (launcher.cpp) opens once it has set the thread-pool variables.
#include <iostream>
#include <string>

#include "app/cli/commands.h"
#include "core/threads.h"
#include "core/version.h"

extern "C" __attribute__((visibility("default"))) int cartograph_cli_main(int argc, char** argv) {
  core::tune_allocator();
  CLI::App app{"Cartograph: see where tuning redrew a language model's map of its territory.",
               "cartograph-cli"};
  app.require_subcommand(1, 1);
  cli::Globals globals;
  app.add_flag("--json", globals.json, "Print exactly one JSON document on stdout");
  app.add_flag("-q,--quiet", globals.quiet, "No progress on stderr");
  CLI::Option* threads =
      app.add_option("--threads", globals.threads, "Compute threads (0 = one per core)")->default_val(0);
  // With the thread count a command would run with: --threads when given first (CLI11 stores option
  // values after the version flag has fired, so it is read from the option's results).
  app.set_version_flag("--version", [threads] {
    core::configure_threads(threads->count() > 0 ? threads->as<int>() : 0);
    return core::format_versions(core::versions());
  });

  cli::add_version_command(app, globals);
  cli::add_info_command(app, globals);
  cli::add_sample_command(app, globals);
  cli::add_tokenize_command(app, globals);
  cli::add_score_command(app, globals);
  cli::add_compare_command(app, globals);
  cli::add_zoom_command(app, globals);
  cli::add_shift_command(app, globals);
  cli::add_demo_command(app, globals);
  cli::add_bench_command(app, globals);
  cli::add_export_tokens_command(app, globals);
  cli::add_convert_command(app, globals);
  cli::add_merge_command(app, globals);

  cli::install_interrupt_handler();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports a mistyped command as "a subcommand is required": name the word instead.
    std::string what = e.what();
    for (int i = 1; i < argc; ++i) {
      const std::string word = argv[i];
      if (word == "--threads") ++i;  // and its value
      if (word.empty() || word[0] == '-') continue;
      std::string known;
      bool found = false;
      for (const auto* sub : app.get_subcommands({})) {
        known += (known.empty() ? "" : ", ") + sub->get_name();
        found = found || sub->get_name() == word;
      }
      if (!found) what = "unknown command \"" + word + "\" (commands: " + known + ")";
      break;
    }
    std::cerr << "error: " << what << "\n"
              << "usage: cartograph-cli [--json] [--threads N] <command> [options]; "
              << "see cartograph-cli --help" << std::endl;
    return cli::kUsage;
  }
  return globals.exit_code;
}

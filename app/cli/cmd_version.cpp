#include <iostream>

#include "app/cli/commands.h"
#include "core/version.h"

namespace cli {

void add_version_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "version", "Print the versions of Cartograph and the libraries it runs on",
              [&globals](CLI::App&) -> Runner {
                return [&globals] {
                  const core::Versions v = core::versions();
                  if (globals.json) {
                    print_json({{"cartograph", v.cartograph},
                                {"libtorch", v.libtorch},
                                {"blas", v.blas},
                                {"sqlite", v.sqlite},
                                {"compiler", v.compiler},
                                {"threads", v.threads},
                                {"omp_wait_policy", v.omp_wait_policy},
                                {"omp_spin_count", v.omp_spin_count},
                                {"blas_thread_timeout", v.blas_thread_timeout}});
                  } else {
                    std::cout << core::format_versions(v);
                  }
                  return kOk;
                };
              });
}

}  // namespace cli

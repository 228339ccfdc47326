// A session file from bytes: opened as the GUI opens one (read-write, so migrations run), then its
// catalogue, library and every run read back. Errors are fine; crashes and hangs are not.
#include <filesystem>

#include "core/store/catalog.h"
#include "core/store/library.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const char* leftover : {"s.cartograph-wal", "s.cartograph-shm", "s.cartograph-journal"})
    std::filesystem::remove(fuzz::scratch() / leftover);
  const auto path = fuzz::write("s.cartograph", fuzz::view(data, size));
  auto session = core::store::SessionFile::open(path, core::store::OpenMode::ReadWrite, std::chrono::milliseconds(0));
  if (!session) return 0;
  core::store::Catalog catalog(*session);
  core::store::Library library(*session);
  core::store::RunReader reader(*session);
  (void)catalog.checkpoints();
  if (auto territories = catalog.territories())
    for (const auto& t : *territories) {
      (void)catalog.documents(t.id);
      (void)library.annotations(t.id);
    }
  (void)library.prompts();
  (void)library.slices();
  if (auto runs = reader.list_runs())
    for (const auto& r : *runs) (void)reader.load_run(r.id);
  return 0;
}

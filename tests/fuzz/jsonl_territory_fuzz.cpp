// A JSONL territory from bytes: lines skipped with warnings, invalid UTF-8 replaced, non-text refused.
#include "core/territory/territory.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz::view(data, size);
  (void)core::territory::read_territory(fuzz::write("corpus.jsonl", bytes));
  (void)core::territory::read_territory(fuzz::write("corpus.txt", bytes));
  return 0;
}

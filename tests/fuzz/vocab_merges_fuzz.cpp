// GPT-2's vocab.json and merges.txt (after a "\n--8<--\n" line) from bytes, then encode and decode.
#include "core/tokenize/gpt2_files.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [vocab, merges] = fuzz::split(fuzz::view(data, size));
  auto tokenizer = core::tokenize::load_gpt2_files(fuzz::write("vocab.json", vocab), fuzz::write("merges.txt", merges));
  if (tokenizer) {
    const auto ids = (*tokenizer)->encode("Hello, world! 123 \xC3\xA9\xE2\x82\xAC", true);
    (void)(*tokenizer)->decode(ids);
  }
  return 0;
}

// llama2.c's tokenizer.bin from bytes: every length field is checked before anything is allocated.
#include "core/tokenize/llama2c_tokenizer.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto tokenizer = core::tokenize::parse_llama2c_tokenizer(fuzz::view(data, size), "tokenizer.bin");
  if (tokenizer) {
    const auto ids = (*tokenizer)->encode("Hello, world! 123 \xC3\xA9", true);
    (void)(*tokenizer)->decode(ids);
  }
  return 0;
}

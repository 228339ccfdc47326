// tokenizer.json (and tokenizer_config.json after a "\n--8<--\n" line) parsed from bytes; a tokenizer
// that loads must also survive encoding and decoding a little text.
#include "core/tokenize/tokenizer_json.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [json, config] = fuzz::split(fuzz::view(data, size));
  auto tokenizer = core::tokenize::parse_tokenizer_json(json, config, "tokenizer.json");
  if (tokenizer) {
    const auto ids = (*tokenizer)->encode("Hello, world! 123 \xC3\xA9\xE2\x82\xAC", true);
    (void)(*tokenizer)->decode(ids);
  }
  return 0;
}

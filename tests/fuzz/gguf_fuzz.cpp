// A GGUF file's header (core/model/gguf_header.h) on arbitrary bytes: counts, strings, arrays,
// metadata types, tensor infos and offsets must be refused with an Error, never read out of bounds,
// overflow or allocate what the bytes do not hold. A header that parses has each small tensor
// dequantized (core/model/ggml_types.h) and its tokenizer.ggml.* metadata built into a tokenizer
// that must survive encoding and decoding a little text.
#include <vector>

#include "core/model/gguf_header.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = "model.gguf";
  auto header = core::model::parse_gguf_header(fuzz::view(data, size), path);
  if (!header) return 0;
  for (const auto& t : header->tensors) {
    if (t.offset > size || t.bytes > size - t.offset) __builtin_trap();  // accepted a tensor past the file's end
    if (t.numel > (1 << 16)) continue;  // the bytes are checked above; dequantizing them all is slow, not new
    const auto traits = *core::model::ggml_type_traits(std::uint32_t(t.type));
    std::vector<float> out(std::size_t(t.numel));
    core::model::dequantize(t.type, reinterpret_cast<const std::byte*>(data) + t.offset, t.numel / traits.block, out.data());
  }
  auto vocab = core::model::read_gguf_vocab(*header, path);
  if (!vocab || vocab->tokens.empty()) return 0;
  auto tokenizer = core::tokenize::make_gguf_tokenizer(*vocab, path);
  if (tokenizer) {
    const auto ids = (*tokenizer)->encode("Hello, world! 123 \xC3\xA9\xE2\x82\xAC", true);
    (void)(*tokenizer)->decode(ids);
  }
  return 0;
}

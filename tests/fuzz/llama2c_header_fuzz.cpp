// A llama2.c checkpoint's header (seven int32, or the 256-byte version-1 header) on arbitrary bytes,
// as load_llama2c runs it on the mapped file: sizes must be refused or match the file before any
// tensor is made from them.
#include "core/model/llama2c_header.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto header = core::model::parse_llama2c_header(fuzz::view(data, size), "model.bin");
  if (header && header->sizes.vocab_size <= 0) __builtin_trap();  // accepted a size it should refuse
  return 0;
}

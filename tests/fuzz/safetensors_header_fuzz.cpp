// The safetensors header on arbitrary bytes (what SafetensorsFile::open runs on a mapped file): the
// header length, the JSON header, dtypes, shapes and offsets must be refused with an Error, never
// read out of bounds or overflow.
#include "core/model/safetensors_header.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto header = core::model::parse_safetensors_header(fuzz::view(data, size), "model.safetensors");
  if (header)
    for (const auto& t : header->tensors)
      if (header->data_start + t.end > size) __builtin_trap();  // accepted a tensor past the file's end
  return 0;
}

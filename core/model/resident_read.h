#pragma once
// core::model::read_resident: float32 weights read from their files into private memory, all of
// them at once, spread over the intra-op threads, each as a tensor that owns its memory.
//
// Why not compute on a memory mapping: each page of a mapping faults on its first touch, one 4 KiB
// page at a time, from whichever thread touches it, usually the single thread of the first forward
// pass. On virtual machines with shadow page tables a fault costs microseconds (measured on the
// development VM: 0.19 s to touch a 500 MB mapped file from the page cache, 0.05 s to read() it).
// Here large tensors get 2 MiB-aligned memory with transparent huge pages requested and faulted in
// up front (MADV_POPULATE_WRITE), then filled by pread() in 4 MiB pieces shared among the threads: a
// few hundred faults instead of a hundred thousand. The weights also no longer change, or vanish
// (SIGBUS), if the file is rewritten or cut short on disk while a model uses them.
// The price: each large tensor is rounded up to whole huge pages (GPT-2-124M: about 190 MB more peak
// memory; ending each mapping at its last 4 KiB page instead made loading 2-3x slower here).
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace core::model {

struct ResidentRead {
  int fd = -1;               // an open file (kept open by its MappedFile)
  std::string path;          // its name, for errors
  std::uint64_t offset = 0;  // where the float32 data starts in the file
  std::vector<std::int64_t> shape;
  std::uint64_t bytes() const;  // element count x 4
};

// One contiguous float32 tensor per request, in order; an error names the file that could not be
// read in full (cut short since its header was validated, or unreadable).
Result<std::vector<at::Tensor>> read_resident(const std::vector<ResidentRead>& reads);

}  // namespace core::model

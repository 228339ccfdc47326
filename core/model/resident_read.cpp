#include "core/model/resident_read.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace core::model {
namespace {

constexpr std::uint64_t kHugePage = std::uint64_t(1) << 21;  // a transparent huge page
constexpr std::uint64_t kSmallTensor = std::uint64_t(1) << 20;  // below this, ordinary memory
constexpr std::uint64_t kReadPiece = std::uint64_t(4) << 20;  // the unit of parallel work

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older kernels answer EINVAL and pages fault on first write
#endif

// Reads exactly `bytes` at `offset` into `into`; false on an error or a short file.
bool read_exactly(int fd, std::byte* into, std::uint64_t bytes, std::uint64_t offset) {
  while (bytes > 0) {
    const ssize_t n = ::pread(fd, into, std::size_t(bytes), off_t(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    into += n;
    bytes -= std::uint64_t(n);
    offset += std::uint64_t(n);
  }
  return true;
}

// 2 MiB-aligned anonymous memory with huge pages requested, owned by the tensor it becomes.
Result<at::Tensor> huge_page_tensor(const ResidentRead& r) {
  const std::uint64_t length = (r.bytes() + kHugePage - 1) / kHugePage * kHugePage + kHugePage;
  void* base = ::mmap(nullptr, std::size_t(length), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED)
    return fail(ErrorCode::Io, "no memory for the weights", r.path, std::to_string(r.bytes()) + " bytes");
  auto* data = reinterpret_cast<void*>((reinterpret_cast<std::uintptr_t>(base) + kHugePage - 1) & ~(kHugePage - 1));
  ::madvise(data, std::size_t(length - kHugePage), MADV_HUGEPAGE);  // a hint: refused where THP is off
  return at::from_blob(
      data, r.shape, [base, length](void*) { ::munmap(base, std::size_t(length)); }, at::TensorOptions().dtype(at::kFloat));
}

struct Piece {
  std::size_t read;  // index into the requests
  std::uint64_t at;  // byte offset inside that tensor
  std::uint64_t bytes;
  bool populate;
};

}  // namespace

std::uint64_t ResidentRead::bytes() const {
  std::uint64_t n = 4;
  for (auto d : shape) n *= std::uint64_t(d);
  return n;
}

Result<std::vector<at::Tensor>> read_resident(const std::vector<ResidentRead>& reads) {
  std::vector<at::Tensor> out;
  out.reserve(reads.size());
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    const std::uint64_t bytes = reads[i].bytes();
    const bool large = bytes >= kSmallTensor;
    if (large) {
      auto t = huge_page_tensor(reads[i]);
      if (!t) return std::unexpected(t.error());
      out.push_back(std::move(*t));
    } else {
      out.push_back(at::empty(reads[i].shape, at::kFloat));
    }
    for (std::uint64_t at = 0; at < bytes; at += kReadPiece) pieces.push_back({i, at, std::min(kReadPiece, bytes - at), large});
  }
  // Equal pieces, split evenly among the threads: each faults in its part of the memory (whole huge
  // pages) and reads into it.
  std::atomic<std::size_t> failed{reads.size()};
  at::parallel_for(0, std::int64_t(pieces.size()), 1, [&](std::int64_t first, std::int64_t last) {
    for (std::int64_t p = first; p < last; ++p) {
      const Piece& piece = pieces[std::size_t(p)];
      auto* into = static_cast<std::byte*>(out[piece.read].data_ptr()) + piece.at;
      if (piece.populate)
        ::madvise(into, std::size_t((piece.bytes + kHugePage - 1) / kHugePage * kHugePage), MADV_POPULATE_WRITE);
      const ResidentRead& r = reads[piece.read];
      if (!read_exactly(r.fd, into, piece.bytes, r.offset + piece.at)) failed.store(piece.read);
    }
  });
  if (const std::size_t f = failed.load(); f < reads.size())
    return fail(ErrorCode::Io, "the weights could not be read in full (the file is shorter than its header says, or unreadable)",
                reads[f].path, std::to_string(reads[f].bytes()) + " bytes at offset " + std::to_string(reads[f].offset));
  return out;
}

}  // namespace core::model

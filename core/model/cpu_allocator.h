#pragma once
// core::model::use_caching_cpu_allocator: LibTorch's CPU buffers of 1 MiB and more come from a cache
// of 2 MiB-aligned anonymous mappings advised as transparent huge pages, and go back to it when freed.
//
// Why: scoring allocates the same large buffers for every batch (activations of tens to hundreds of
// MB, a chunk of logits of 50 MB at a 50k vocabulary). glibc serves blocks over 32 MiB with a fresh
// mmap and unmaps them on free, so every batch pays a page fault per 4 KiB again: on virtual
// machines, where a fault costs about a microsecond, that was a tenth of the scoring time. Reused
// blocks fault once; huge pages make that first fault one per 2 MiB.
//
// Small buffers keep LibTorch's default allocator. Reuse takes a free block of the same size or at
// most a quarter larger. Free blocks are kept up to a byte limit, and never so many that mapped bytes
// pass the peak of live bytes by more than a quarter: a request that no free block fits first unmaps
// free blocks (largest first) down to that bound, so the cache costs at most a quarter of the live
// peak beyond what the process needs anyway (without that margin, layers that need blocks of
// different sizes at different moments unmapped each other's blocks at every layer). Where that
// bound would unmap a free block larger than the request, the request takes the larger block instead
// (its pages are resident; unmapped, they would be zeroed again on the next mapping).
// Process-wide, thread-safe; tensors allocated before the switch are freed by their own allocator.
#include <cstddef>
#include <cstdint>

namespace core::model {

struct CpuCacheOptions {
  std::size_t cache_limit_bytes = std::size_t(1) << 30;  // free bytes kept for reuse (default 1 GiB)
};

// Installs the caching allocator as LibTorch's CPU allocator (once; later calls change nothing but
// the limit). Called by the distortion engine before it scores.
void use_caching_cpu_allocator(const CpuCacheOptions& options = {});

struct CpuCacheStats {
  bool installed = false;
  std::int64_t live_bytes = 0;         // what tensors in large blocks asked for (in 2 MiB steps)
  std::int64_t cached_bytes = 0;       // large blocks free, kept for reuse
  std::int64_t mapped_bytes = 0;       // large blocks mapped: in use (whole) and kept
  std::int64_t hits = 0;               // large allocations served from the cache
  std::int64_t misses = 0;             // large allocations that mapped new memory
  std::int64_t peak_live_bytes = 0;    // the most live_bytes has been since installation
  std::int64_t peak_mapped_bytes = 0;  // the most mapped_bytes has been
};
CpuCacheStats cpu_cache_stats();

// Unmaps every free block (the next large allocations map new memory).
void release_cpu_cache();

}  // namespace core::model

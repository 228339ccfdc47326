#include "core/model/cpu_allocator.h"

#include <c10/core/CPUAllocator.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <unordered_map>
#include <utility>

namespace core::model {
namespace {

constexpr std::size_t kLarge = std::size_t(1) << 20;  // smaller buffers keep the default allocator
constexpr std::size_t kHuge = std::size_t(2) << 20;   // x86-64 transparent huge page

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

// A fresh mapping of `size` bytes (a multiple of kHuge) starting on a kHuge boundary, so the kernel
// can back it with huge pages.
void* map_aligned(std::size_t size) {
  void* raw = ::mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = round_up(start, kHuge);
  if (aligned > start) ::munmap(raw, aligned - start);
  const std::uintptr_t end = start + size + kHuge;
  if (end > aligned + size) ::munmap(reinterpret_cast<void*>(aligned + size), end - (aligned + size));
  void* p = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
  ::madvise(p, size, MADV_HUGEPAGE);  // advice only: without transparent huge pages nothing changes
#endif
  return p;
}

class CachingCpuAllocator final : public c10::Allocator {
 public:
  explicit CachingCpuAllocator(c10::Allocator* fallback) : fallback_(fallback) {}

  // LibTorch 1.x declares allocate() const; 2.3 and later declare it non-const and add copy_data().
  // Both signatures are defined here without `override`, so whichever the LibTorch in use declares
  // virtual is the one overridden: the same source builds against Debian's 1.13 and a CUDA 2.x
  // (README, "CUDA").
  c10::DataPtr allocate(std::size_t n) const {
    if (n < kLarge) return fallback_->allocate(n);
    const std::size_t size = round_up(n, kHuge);
    void* p = take(size);
    if (!p) throw std::bad_alloc();
    return {p, p, &release, c10::Device(c10::DeviceType::CPU)};
  }
  c10::DataPtr allocate(std::size_t n) { return std::as_const(*this).allocate(n); }
  void copy_data(void* dest, const void* src, std::size_t count) const { std::memcpy(dest, src, count); }
  c10::DeleterFnPtr raw_deleter() const override { return &release; }

  void set_limit(std::size_t limit) {
    std::lock_guard lock(mutex_);
    limit_ = limit;
    trim(limit_);
  }
  CpuCacheStats stats() const {
    std::lock_guard lock(mutex_);
    return {true,
            std::int64_t(live_bytes_),
            std::int64_t(cached_bytes_),
            std::int64_t(live_blocks_bytes_ + cached_bytes_),
            hits_,
            misses_,
            std::int64_t(peak_live_bytes_),
            std::int64_t(peak_mapped_bytes_)};
  }
  void release_all() {
    std::lock_guard lock(mutex_);
    trim(0);
  }

 private:
  // A free block of `size` or up to a quarter larger, else a new mapping; null when out of memory.
  // Before mapping, free blocks are unmapped so that mapped bytes stay within a quarter above the
  // larger of the live peak so far and what is live with this request. (Kept whole, blocks whose sizes
  // no later request matches had held 470 MB beside a live peak of 144 MB in GPT-2-124M scoring at
  // batch 4. Held to the live peak itself, a layer's blocks of one size were unmapped for the next
  // layer's of another and mapped again: stories260K `score` mapped 390 fresh blocks in 15 batches, 5 %
  // of its time zeroing new pages; with the quarter, none after the first.) Where that would unmap a
  // free block larger than the request, the request takes that block instead: its pages are resident
  // and a fresh mapping's would be zeroed again. (GPT-2-124M at batch 4 needs its layer's 48 MiB
  // feed-forward block and 24 MiB of attention scores at different moments; both kept mapped beside
  // the rest are a third above the live peak, so each unmapped the other: two fresh mappings a layer
  // and 6 % of `score`'s samples in the kernel zeroing pages.)
  void* take(std::size_t size) const {
    {
      std::lock_guard lock(mutex_);
      const auto it = free_.lower_bound(size);
      const std::size_t peak = std::max(peak_live_bytes_, live_bytes_ + size);
      const std::size_t bound = peak + peak / 4;
      const bool would_unmap = live_blocks_bytes_ + cached_bytes_ + size > bound;
      if (it != free_.end() && (it->first <= size + size / 4 || would_unmap)) {
        void* p = it->second;
        const Live live{it->first, size};
        free_.erase(it);
        cached_bytes_ -= live.block;
        note_live(p, live);
        ++hits_;
        return p;
      }
      trim(bound > live_blocks_bytes_ + size ? bound - live_blocks_bytes_ - size : 0);
    }
    void* p = map_aligned(size);
    if (!p) {
      // Out of address space or memory: give the cache back and try once more.
      std::lock_guard lock(mutex_);
      trim(0);
      p = map_aligned(size);
      if (!p) return nullptr;
    }
    std::lock_guard lock(mutex_);
    note_live(p, {size, size});
    ++misses_;
    return p;
  }

  // A block in use: its size, and the (rounded) size asked of it, which may be smaller.
  struct Live {
    std::size_t block, asked;
  };

  // Holds mutex_.
  void note_live(void* p, Live live) const {
    live_[p] = live;
    live_bytes_ += live.asked;
    live_blocks_bytes_ += live.block;
    peak_live_bytes_ = std::max(peak_live_bytes_, live_bytes_);
    peak_mapped_bytes_ = std::max(peak_mapped_bytes_, live_blocks_bytes_ + cached_bytes_);
  }

  // The deleter of every buffer this allocator hands out (raw_deleter included): large blocks go
  // back to the cache, others to the default allocator's deleter.
  static void release(void* p) {
    CachingCpuAllocator& self = *instance_;
    {
      std::lock_guard lock(self.mutex_);
      const auto it = self.live_.find(p);
      if (it != self.live_.end()) {
        const std::size_t size = it->second.block;
        self.live_bytes_ -= it->second.asked;
        self.live_blocks_bytes_ -= size;
        self.live_.erase(it);
        if (self.cached_bytes_ + size <= self.limit_) {
          self.free_.emplace(size, p);
          self.cached_bytes_ += size;
        } else {
          ::munmap(p, size);
        }
        return;
      }
    }
    self.fallback_->raw_deleter()(p);
  }

  // Unmaps free blocks, largest first, until at most `keep` bytes are cached. Holds mutex_.
  void trim(std::size_t keep) const {
    while (cached_bytes_ > keep && !free_.empty()) {
      const auto last = std::prev(free_.end());
      ::munmap(last->second, last->first);
      cached_bytes_ -= last->first;
      free_.erase(last);
    }
  }

  c10::Allocator* fallback_;
  mutable std::mutex mutex_;
  mutable std::multimap<std::size_t, void*> free_;
  mutable std::unordered_map<void*, Live> live_;
  // live_bytes_ counts what tensors asked for, live_blocks_bytes_ the blocks that serve them.
  mutable std::size_t live_bytes_ = 0, live_blocks_bytes_ = 0, cached_bytes_ = 0, peak_live_bytes_ = 0,
                      peak_mapped_bytes_ = 0;
  mutable std::int64_t hits_ = 0, misses_ = 0;
  std::size_t limit_ = std::size_t(1) << 30;

 public:
  static CachingCpuAllocator* instance_;
};

CachingCpuAllocator* CachingCpuAllocator::instance_ = nullptr;
std::once_flag install_once;

}  // namespace

void use_caching_cpu_allocator(const CpuCacheOptions& options) {
  std::call_once(install_once, [] {
    // Never destroyed: tensors may outlive static destruction and still call release().
    CachingCpuAllocator::instance_ = new CachingCpuAllocator(c10::GetDefaultCPUAllocator());
    c10::SetCPUAllocator(CachingCpuAllocator::instance_, /*priority=*/1);
  });
  CachingCpuAllocator::instance_->set_limit(options.cache_limit_bytes);
}

CpuCacheStats cpu_cache_stats() {
  return CachingCpuAllocator::instance_ ? CachingCpuAllocator::instance_->stats() : CpuCacheStats{};
}

void release_cpu_cache() {
  if (CachingCpuAllocator::instance_) CachingCpuAllocator::instance_->release_all();
}

}  // namespace core::model

#include "solvers/acoustic/wavefield_pool.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <new>

namespace pairinv::acoustic {

namespace {

constexpr std::size_t kHuge = std::size_t(2) << 20;
/// The background population goes in chunks of this size, so that stop() waits little.
constexpr std::size_t kChunk = std::size_t(64) << 20;

#if defined(MADV_POPULATE_WRITE)
constexpr int kPopulateWrite = MADV_POPULATE_WRITE;
#else
constexpr int kPopulateWrite = 23;  // Linux's value; older headers lack the name
#endif

}  // namespace

void WavefieldPool::Free::operator()(char* p) const { std::free(p); }

WavefieldPool& WavefieldPool::instance() {
  static WavefieldPool pool;
  return pool;
}

WavefieldPool::~WavefieldPool() { stop(); }

void WavefieldPool::stop() {
  stopping_ = true;
  if (worker_.joinable()) worker_.join();
  stopping_ = false;
}

void* WavefieldPool::acquire(std::size_t bytes, std::size_t capacity) {
  const std::size_t needed = std::max(bytes, capacity);
  if (size_ < needed) {
    stop();
    const std::size_t n = (needed + kHuge - 1) / kHuge * kHuge;
    buffer_.reset();
    buffer_.reset(static_cast<char*>(std::aligned_alloc(kHuge, n)));
    if (!buffer_) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
    madvise(buffer_.get(), n, MADV_HUGEPAGE);  // a hint: without it, ordinary pages
#endif
    size_ = n, used_ = 0, populateFrom_ = 0, populatedTo_ = 0;
  }
  used_ = std::max(used_, bytes);
  return buffer_.get();
}

std::size_t WavefieldPool::residentBytes() const {
  const std::size_t populated = populatedTo_;
  return populateFrom_ <= used_ ? std::max(used_, populated) : used_;
}

bool WavefieldPool::populateInBackground(std::size_t from, std::size_t to) {
  stop();
  from = from / 4096 * 4096;  // madvise wants whole pages; the kernel never writes the user's data
  to = std::min(to, size_);
  if (from >= to) return true;
  // One synchronous chunk tells whether the kernel can populate at all.
  const std::size_t first = std::min(to, from + kChunk);
  char* base = buffer_.get();
  if (madvise(base + from, first - from, kPopulateWrite) != 0) return canPopulate_ = false;
  populateFrom_ = from, populatedTo_ = first;
  worker_ = std::thread([this, base, first, to] {
    for (std::size_t at = first; at < to && !stopping_; at += kChunk) {
      const std::size_t end = std::min(to, at + kChunk);
      if (madvise(base + at, end - at, kPopulateWrite) != 0) return;
      populatedTo_ = end;
    }
  });
  return true;
}

void WavefieldPool::waitForPopulation() {
  if (worker_.joinable()) worker_.join();
}

}  // namespace pairinv::acoustic

// The one buffer that the gradients keep their stored wavefields in (checkpoints and step
// increments, shot_gradient.hpp), kept for the life of the process.
//
// Touching fresh memory is slow on some machines: on the development VM the first write to a
// page costs about 1 s per GB (the hypervisor backs it then), several forward solves for the
// 4 GB a large shot stores. So the buffer is never freed or shrunk, it is 2 MiB aligned with
// transparent huge pages, and it can be brought into memory on a background thread
// (MADV_POPULATE_WRITE: the kernel maps the pages; nothing is written from user space, so the
// gradient may use the front of the buffer meanwhile). `auto` storage (checkpoint_plan.hpp)
// checkpoints while the full storage is not yet in memory and stores fully once it is.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>

namespace pairinv::acoustic {

class WavefieldPool {
 public:
  /// The process's pool.
  static WavefieldPool& instance();
  ~WavefieldPool();

  /// A buffer of at least max(bytes, capacity), 2 MiB aligned, valid until the next acquire(),
  /// whose first `bytes` the caller will write (residentBytes() counts them; the rest is room for
  /// populateInBackground). Growing it stops any background population first (the old buffer
  /// is freed).
  void* acquire(std::size_t bytes, std::size_t capacity = 0);
  /// Bytes at the start of the buffer whose pages are in memory: the most any acquire() asked
  /// for (its user writes them all), or more once a background population has reached further.
  std::size_t residentBytes() const;
  /// Brings bytes [from, to) of the buffer into memory on a background thread; the buffer must
  /// hold `to` bytes. False where the kernel cannot populate (before Linux 5.14): nothing started.
  bool populateInBackground(std::size_t from, std::size_t to);
  /// False once a background population could not start (the kernel cannot populate).
  bool canPopulate() const { return canPopulate_; }
  /// Waits for a background population to finish (tests, benchmarks).
  void waitForPopulation();

 private:
  WavefieldPool() = default;
  void stop();

  struct Free {
    void operator()(char* p) const;
  };
  std::unique_ptr<char[], Free> buffer_;
  std::size_t size_ = 0, used_ = 0;
  std::size_t populateFrom_ = 0;
  std::atomic<std::size_t> populatedTo_{0};
  std::atomic<bool> stopping_{false};
  bool canPopulate_ = true;
  std::thread worker_;
};

}  // namespace pairinv::acoustic

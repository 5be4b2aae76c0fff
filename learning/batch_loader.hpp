// Batches of normalised samples prepared by a background thread while the network computes.
//
// One BatchLoader serves one pass over a list of sample indices (an epoch's shuffled training
// order, or the validation set): the thread reads samples from the SampleSource (from memory,
// or from the HDF5 file when streaming), writes them into batch buffers and queues up to
// `prefetch` batches. Buffers are allocated once and recycled when the consumer has dropped
// them (touching fresh memory for every batch is slow). On CUDA the buffers are pinned.
//
// Data-parallel training: with parts(N) and part(r), each batch of batch_size indices is split
// into N contiguous parts (core/collective.hpp partOf) and this loader reads part r only, so
// the ranks together see the batches of one process and each reads only its own samples. A
// part may be empty (a last batch of fewer than N samples); batchCount() is the same on every
// rank, so the ranks step together.
#pragma once

#include <torch/types.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "learning/sample_source.hpp"

namespace pairinv::learning {

struct Batch {
  torch::Tensor models;  // [n, 1, nz, nx] (undefined when not requested)
  torch::Tensor data;    // [n, ns, nt, nr] (undefined when not requested)
  std::vector<std::int64_t> indices;
  std::int64_t globalSize = 0;  // samples of the whole batch, over all parts
  std::int64_t position = 0;    // position of indices[0] in the loader's order
};

struct BatchLoaderOptions {
  TORCH_ARG(std::int64_t, batch_size) = 32;
  TORCH_ARG(std::int64_t, prefetch) = 4;
  TORCH_ARG(bool, pin_memory) = false;
  TORCH_ARG(bool, models) = true;
  TORCH_ARG(bool, data) = true;
  TORCH_ARG(int, part) = 0;   // this loader's part of each batch
  TORCH_ARG(int, parts) = 1;  // the number of parts (data-parallel ranks)
};

/// Buffers that outlive one pass, so that consecutive epochs reuse the same memory.
class BatchBufferPool {
 public:
  /// A buffer of `shape` (float32) that no consumer holds any more; allocates when none is free.
  torch::Tensor acquire(const std::vector<std::int64_t>& shape, bool pinned);

 private:
  std::mutex mutex_;
  std::vector<torch::Tensor> buffers_;
};

class BatchLoader {
 public:
  /// Starts the thread at once. `source` and `pool` must outlive the loader.
  BatchLoader(SampleSource& source, std::vector<std::int64_t> order, const BatchLoaderOptions& options,
              BatchBufferPool& pool);
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;
  /// Stops and joins the thread; never throws.
  ~BatchLoader();

  /// The next batch in order, waiting for it if needed; nullopt after the last. Rethrows an
  /// exception of the loader thread (e.g. an unreadable file).
  std::optional<Batch> next();
  std::int64_t batchCount() const { return batchCount_; }
  /// Seconds the consumer spent waiting in next() (what loading failed to hide).
  double waitSeconds() const { return waitSeconds_; }

 private:
  void run();

  SampleSource& source_;
  std::vector<std::int64_t> order_;
  BatchLoaderOptions options_;
  BatchBufferPool& pool_;
  std::int64_t batchCount_ = 0, delivered_ = 0;
  double waitSeconds_ = 0.0;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> queue_;
  std::atomic<bool> stop_{false};
  bool finished_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace pairinv::learning

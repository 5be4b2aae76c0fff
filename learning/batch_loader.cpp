#include "learning/batch_loader.hpp"

#include <chrono>

#include "core/collective.hpp"
#include "core/error.hpp"

namespace pairinv::learning {

torch::Tensor BatchBufferPool::acquire(const std::vector<std::int64_t>& shape, bool pinned) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& b : buffers_)
    // Only the pool holds the storage: every view handed out earlier has been dropped.
    if (b.sizes() == c10::IntArrayRef(shape) && b.is_pinned() == pinned && b.storage().use_count() == 1) return b;
  buffers_.push_back(torch::empty(shape, torch::TensorOptions().dtype(torch::kFloat32).pinned_memory(pinned)));
  return buffers_.back();
}

BatchLoader::BatchLoader(SampleSource& source, std::vector<std::int64_t> order, const BatchLoaderOptions& options,
                         BatchBufferPool& pool)
    : source_(source), order_(std::move(order)), options_(options), pool_(pool) {
  require(options_.batch_size() >= 1 && options_.prefetch() >= 1, "batch loader: batch size and prefetch must be >= 1");
  ensure(options_.parts() >= 1 && options_.part() >= 0 && options_.part() < options_.parts(), "batch loader: part ",
         options_.part(), " of ", options_.parts());
  batchCount_ = (std::int64_t(order_.size()) + options_.batch_size() - 1) / options_.batch_size();
  thread_ = std::thread([this] { run(); });
}

BatchLoader::~BatchLoader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BatchLoader::run() {
  try {
    const std::int64_t bs = options_.batch_size(), ms = source_.modelSize(), ds = source_.dataSize();
    const Shape3 m = source_.modelShape(), d = source_.dataShape();
    const std::int64_t rows = (bs + options_.parts() - 1) / options_.parts();  // the largest part
    for (std::int64_t k = 0; k < batchCount_; ++k) {
      Batch batch;
      batch.globalSize = std::min<std::int64_t>(bs, std::int64_t(order_.size()) - k * bs);
      const auto [begin, end] = partOf(std::size_t(batch.globalSize), options_.part(), options_.parts());
      const std::int64_t first = k * bs + std::int64_t(begin), n = std::int64_t(end - begin);
      batch.position = first;
      batch.indices.assign(order_.begin() + first, order_.begin() + first + n);
      float *q = nullptr, *b = nullptr;
      if (options_.models()) {
        batch.models = pool_.acquire({rows, m[0], m[1], m[2]}, options_.pin_memory()).narrow(0, 0, n);
        q = batch.models.data_ptr<float>();
      }
      if (options_.data()) {
        batch.data = pool_.acquire({rows, d[0], d[1], d[2]}, options_.pin_memory()).narrow(0, 0, n);
        b = batch.data.data_ptr<float>();
      }
      for (std::int64_t j = 0; j < n; ++j) {
        source_.read(batch.indices[std::size_t(j)], q ? q + j * ms : nullptr, b ? b + j * ds : nullptr);
        if (stop_) return;
      }
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || std::int64_t(queue_.size()) < options_.prefetch(); });
      if (stop_) return;
      queue_.push_back(std::move(batch));
      lock.unlock();
      changed_.notify_all();
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = std::current_exception();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
  }
  changed_.notify_all();
}

std::optional<Batch> BatchLoader::next() {
  if (delivered_ >= batchCount_) return std::nullopt;
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return !queue_.empty() || finished_; });
  waitSeconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (queue_.empty()) {
    if (error_) std::rethrow_exception(error_);
    throw Error("batch loader: the loader thread ended early");
  }
  Batch batch = std::move(queue_.front());
  queue_.pop_front();
  ++delivered_;
  lock.unlock();
  changed_.notify_all();
  return batch;
}

}  // namespace pairinv::learning

// Data-parallel training's pieces (learning/data_parallel.hpp) against one process: ranks are
// threads here, joined by a Collective that sums in rank order (the MPI one is exercised by
// tests/python/test_data_parallel.py). Batch norm over the ranks must give the single-process
// batch norm of the whole batch (outputs, input gradients, summed parameter gradients, running
// statistics), also with uneven and empty parts; one training step on split batches must give
// the single-process step's parameters, the same on every rank.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/collective.hpp"
#include "learning/checkpoint.hpp"
#include "learning/data_parallel.hpp"
#include "learning/presets.hpp"

namespace pairinv::learning {
namespace {

/// What the ranks of ThreadCollective share: a barrier that hands every rank all ranks' values.
class ThreadGroup {
 public:
  explicit ThreadGroup(int size) : size_(size), slots_(std::size_t(size)) {}
  int size() const { return size_; }
  std::vector<std::vector<double>> exchange(int rank, std::vector<double> mine) {
    std::unique_lock<std::mutex> lock(mutex_);
    const std::size_t generation = generation_;
    slots_[std::size_t(rank)] = std::move(mine);
    if (++arrived_ == size_) {
      result_ = slots_;
      arrived_ = 0;
      ++generation_;
      changed_.notify_all();
    } else {
      changed_.wait(lock, [&] { return generation_ != generation; });
    }
    return result_;
  }

 private:
  int size_, arrived_ = 0;
  std::size_t generation_ = 0;
  std::vector<std::vector<double>> slots_, result_;
  std::mutex mutex_;
  std::condition_variable changed_;
};

class ThreadCollective final : public Collective {
 public:
  ThreadCollective(ThreadGroup& group, int rank) : group_(group), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return group_.size(); }
  int localRank() const override { return rank_; }
  int localSize() const override { return group_.size(); }
  void sum(float* v, std::size_t n) override { reduce(v, n, [](float a, float b) { return a + b; }); }
  void sum(double* v, std::size_t n) override { reduce(v, n, [](double a, double b) { return a + b; }); }
  void maximum(double* v, std::size_t n) override { reduce(v, n, [](double a, double b) { return std::max(a, b); }); }
  std::vector<float> gather(const std::vector<float>& mine) override { return gathered(mine); }
  std::vector<double> gather(const std::vector<double>& mine) override { return gathered(mine); }
  std::string firstError(const std::string& message) override {
    for (const auto& m : group_.exchange(rank_, std::vector<double>(message.begin(), message.end())))
      if (!m.empty()) return std::string(m.begin(), m.end());
    return "";
  }
  double reduceSeconds() const override { return 0.0; }

 private:
  template <typename T, typename Op>
  void reduce(T* v, std::size_t n, Op op) {  // in rank order, as one pass over the ranks
    const auto all = group_.exchange(rank_, std::vector<double>(v, v + n));
    for (std::size_t i = 0; i < n; ++i) {
      T acc = T(all[0][i]);
      for (std::size_t r = 1; r < all.size(); ++r) acc = op(acc, T(all[r][i]));
      v[i] = acc;
    }
  }
  template <typename T>
  std::vector<T> gathered(const std::vector<T>& mine) {
    const auto all = group_.exchange(rank_, std::vector<double>(mine.begin(), mine.end()));
    std::vector<T> out;
    if (rank_ == 0)
      for (const auto& part : all) out.insert(out.end(), part.begin(), part.end());
    return out;
  }

  ThreadGroup& group_;
  int rank_;
};

class DataParallel : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(7);
    torch::set_num_threads(1);
  }
  /// Runs f(rank collective) on `ranks` threads and waits for all.
  static void onRanks(int ranks, const std::function<void(Collective&)>& f) {
    ThreadGroup group(ranks);
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks; ++r)
      threads.emplace_back([&group, &f, r] {
        ThreadCollective c(group, r);
        f(c);
      });
    for (auto& t : threads) t.join();
  }
  /// Rows [begin, end) of dimension 0 for `rank` of `ranks` (core/collective.hpp partOf).
  static torch::Tensor part(const torch::Tensor& t, int rank, int ranks) {
    const auto [begin, end] = partOf(std::size_t(t.size(0)), rank, ranks);
    return t.narrow(0, std::int64_t(begin), std::int64_t(end - begin));
  }
};

TEST(Collective, PartsCoverTheItemsContiguouslyWithSizesWithinOne) {
  for (std::size_t count : {0u, 1u, 7u, 16u})
    for (int ranks : {1, 2, 3, 5}) {
      std::size_t next = 0, smallest = count, largest = 0;
      for (int r = 0; r < ranks; ++r) {
        const auto [begin, end] = partOf(count, r, ranks);
        EXPECT_EQ(begin, next);
        next = end;
        smallest = std::min(smallest, end - begin);
        largest = std::max(largest, end - begin);
      }
      EXPECT_EQ(next, count);
      EXPECT_LE(largest - smallest, 1u);
    }
}

TEST_F(DataParallel, BatchNormOverRanksIsTheBatchNormOfTheWholeBatch) {
  const torch::Tensor x = torch::randn({6, 3, 5, 4}) * 2.0 + 0.5, g = torch::randn({6, 3, 5, 4});
  torch::nn::BatchNorm2d initial(3);
  {
    torch::NoGradGuard noGrad;
    initial->weight.uniform_(0.5, 1.5);
    initial->bias.uniform_(-0.5, 0.5);
  }
  const auto copyOf = [&] { return std::dynamic_pointer_cast<torch::nn::BatchNorm2dImpl>(initial->clone()); };
  for (int ranks : {2, 3}) {
    for (int rows : {6, 2}) {  // 2 rows on 3 ranks: the last rank has none
      SCOPED_TRACE(::testing::Message() << ranks << " ranks, " << rows << " rows");
      const torch::Tensor xs = x.narrow(0, 0, rows), gs = g.narrow(0, 0, rows);
      // One process: LibTorch's batch norm of the whole batch.
      torch::nn::BatchNorm2d single(copyOf());
      const torch::Tensor xOne = xs.clone().requires_grad_(true);
      const torch::Tensor yOne = single->forward(xOne);
      (yOne * gs).sum().backward();
      // The ranks, each with its part and its copy of the layer.
      std::vector<torch::Tensor> ys(static_cast<std::size_t>(ranks)), dxs(static_cast<std::size_t>(ranks));
      std::vector<torch::nn::BatchNorm2d> bns;
      for (int r = 0; r < ranks; ++r) bns.emplace_back(copyOf());
      onRanks(ranks, [&](Collective& c) {
        const auto r = std::size_t(c.rank());
        const torch::Tensor xp = part(xs, c.rank(), ranks).clone().requires_grad_(true);
        ys[r] = syncBatchNorm(*bns[r], xp, c);
        (ys[r] * part(gs, c.rank(), ranks)).sum().backward();
        dxs[r] = xp.grad();
      });
      EXPECT_TRUE(torch::allclose(torch::cat(ys).detach(), yOne.detach(), 1e-5, 1e-6));
      EXPECT_TRUE(torch::allclose(torch::cat(dxs), xOne.grad(), 1e-5, 1e-6));
      torch::Tensor dw = torch::zeros({3}), db = torch::zeros({3});
      for (auto& bn : bns) {
        dw += bn->weight.grad();
        db += bn->bias.grad();
        EXPECT_TRUE(torch::equal(bn->running_mean, bns[0]->running_mean));  // the same bits on every rank
        EXPECT_TRUE(torch::equal(bn->running_var, bns[0]->running_var));
        EXPECT_EQ(bn->num_batches_tracked.item<std::int64_t>(), 1);
      }
      EXPECT_TRUE(torch::allclose(dw, single->weight.grad(), 1e-5, 1e-6));
      EXPECT_TRUE(torch::allclose(db, single->bias.grad(), 1e-5, 1e-6));
      EXPECT_TRUE(torch::allclose(bns[0]->running_mean, single->running_mean, 1e-6, 1e-7));
      EXPECT_TRUE(torch::allclose(bns[0]->running_var, single->running_var, 1e-5, 1e-7));
    }
  }
}

TEST_F(DataParallel, ATrainingStepOnSplitBatchesIsTheSingleProcessStep) {
  const Shape3 model{1, 12, 10}, data{2, 16, 10};
  const TrainRunOptions o = trainPreset("tiny").threads(1);
  const torch::Tensor q = torch::rand({5, 1, 12, 10}) * 2 - 1, b = torch::randn({5, 2, 16, 10}) * 0.3;
  std::mutex seeding;  // the seed is process-wide: one network at a time
  const auto makeNet = [&] {
    std::lock_guard<std::mutex> lock(seeding);
    torch::manual_seed(3);
    auto net = makeInverseNetwork(o, model, data);
    net->train();
    return net;
  };
  // Plain SGD: the parameters move by lr x the gradient, so they compare the gradients (Adam's
  // first step, about lr x sign(g), would magnify round-off in gradients near zero).
  const auto sgd = [](InverseNetworkImpl& net) {
    return std::make_unique<torch::optim::SGD>(net.parameters(), torch::optim::SGDOptions(0.1));
  };
  // One process, the batch of 5.
  auto single = makeNet();
  GradientReducer alone(serialCollective());
  trainingStep(*single, *sgd(*single), alone, q, b, 5, o.weights());
  // Two ranks, parts of 3 and 2 samples.
  std::vector<std::shared_ptr<InverseNetworkImpl>> nets(2);
  onRanks(2, [&](Collective& c) {
    const BatchNormCollectiveScope scope(c);
    auto net = makeNet();
    GradientReducer reducer(c);
    trainingStep(*net, *sgd(*net), reducer, part(q, c.rank(), 2), part(b, c.rank(), 2), 5, o.weights());
    nets[std::size_t(c.rank())] = net;
  });
  const auto p1 = single->parameters(), pa = nets[0]->parameters(), pb = nets[1]->parameters();
  ASSERT_EQ(p1.size(), pa.size());
  const auto initial = makeNet()->parameters();
  double moved = 0.0;
  for (std::size_t i = 0; i < p1.size(); ++i) {
    EXPECT_TRUE(torch::equal(pa[i], pb[i])) << "parameter " << i << " differs between the ranks";
    EXPECT_TRUE(torch::allclose(pa[i], p1[i], 1e-5, 1e-6)) << "parameter " << i;
    moved += (pa[i] - initial[i]).abs().sum().item<double>();
  }
  EXPECT_GT(moved, 1e-3);  // the step did move the parameters
}

}  // namespace
}  // namespace pairinv::learning

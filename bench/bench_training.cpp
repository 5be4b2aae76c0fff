// Throughput of learning/ at the quick-start size (70x70 models, data [5, 250, 70]):
//   BM_TrainingStep   one optimisation step of the paired autoencoder (quickstart preset)
//   BM_EndToEndStep   the same for the end-to-end baseline
//   BM_Assess         estimates + RRE/RMA for a batch (no gradients)
//   BM_BatchLoading   the loader thread's batches from memory (normalised), no network
// Each reports samples/s. Threads: all cores (PAIRINV_BENCH_THREADS overrides).
// Compare with Python PyTorch: python3 learning/tools/pae_throughput.py --preset quickstart.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <cstdlib>

#include "learning/batch_loader.hpp"
#include "learning/device.hpp"
#include "learning/inverse_network.hpp"
#include "learning/paired_autoencoder.hpp"
#include "learning/presets.hpp"
#include "learning/synthetic_data.hpp"

namespace {

using namespace pairinv::learning;

const Shape3 kModel{1, 70, 70};
const Shape3 kData{5, 250, 70};

void setThreads() {
  const char* env = std::getenv("PAIRINV_BENCH_THREADS");
  configureThreads(env ? std::atoll(env) : 0);
}

void trainingStep(benchmark::State& state, const std::string& architecture) {
  setThreads();
  torch::manual_seed(1);
  const TrainRunOptions o = trainPreset("quickstart").architecture(
      pairinv::valueOf(architecture, kArchitectureNames, "benchmark architecture"));
  auto net = makeInverseNetwork(o, kModel, kData);
  net->train();
  torch::optim::AdamW opt(net->parameters(), torch::optim::AdamWOptions(o.lr()).weight_decay(o.weight_decay()));
  const std::int64_t bs = o.batch_size();
  const torch::Tensor q = torch::rand({bs, 1, 70, 70}) * 2 - 1, b = torch::randn({bs, 5, 250, 70}) * 0.1;
  for (auto _ : state) {
    opt.zero_grad();
    LossTerms loss = net->losses(q, b, o.weights(), false);
    loss.total.backward();
    opt.step();
  }
  state.counters["samples/s"] = benchmark::Counter(double(state.iterations() * bs), benchmark::Counter::kIsRate);
}

void BM_TrainingStep(benchmark::State& state) { trainingStep(state, "paired"); }
void BM_EndToEndStep(benchmark::State& state) { trainingStep(state, "end_to_end"); }

void BM_Assess(benchmark::State& state) {
  setThreads();
  torch::manual_seed(1);
  const TrainRunOptions o = trainPreset("quickstart");
  PairedAutoencoder net(kModel, kData, o.model(), o.data());
  net->eval();
  const torch::Tensor b = torch::randn({32, 5, 250, 70}) * 0.1;
  for (auto _ : state) benchmark::DoNotOptimize(net->assess(b, NormalizationStats()).rre);
  state.counters["samples/s"] = benchmark::Counter(double(state.iterations() * 32), benchmark::Counter::kIsRate);
}

void BM_BatchLoading(benchmark::State& state) {
  auto source = makeLayeredSeismic(LayeredSeismicOptions().count(64).nt(250));
  std::vector<std::int64_t> all(64);
  for (int i = 0; i < 64; ++i) all[std::size_t(i)] = i;
  source->setNormalization(computeNormalization(*source, all, DataTransform::Log, 1.0));
  BatchBufferPool pool;
  for (auto _ : state) {
    BatchLoader loader(*source, all, BatchLoaderOptions().batch_size(16), pool);
    while (auto batch = loader.next()) benchmark::DoNotOptimize(batch->data.data_ptr());
  }
  state.counters["samples/s"] = benchmark::Counter(double(state.iterations() * 64), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_TrainingStep)->Unit(benchmark::kMillisecond)->MinTime(5.0);
BENCHMARK(BM_EndToEndStep)->Unit(benchmark::kMillisecond)->MinTime(5.0);
BENCHMARK(BM_Assess)->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(BM_BatchLoading)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();

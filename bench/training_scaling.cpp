// pairinv_bench_training_scaling: data-parallel training throughput over MPI ranks.
//
// Each rank holds the network and takes its part of every global batch of B samples (B the
// preset's batch size, independent of the rank count), as `mpiexec -n N pairinv train` does
// (learning/trainer.hpp): forward and backward on its part, batch norm reduced over the ranks,
// the gradients summed with MPI_Allreduce, the same Adam step everywhere. The batches are
// random and already in memory, so the figure is the training step's alone (survey reading is
// measured by `pairinv train`'s load share). Each of -bench_repeats repetitions times
// -bench_steps steps after -bench_warmup untimed ones and reports
//   samples/s   B x steps / wall time (the slowest rank's, as all step together);
//   all-reduce  the largest share, over the ranks, of that time spent in the collectives (the
//               gradient sum and batch norm's statistics, including waiting for slower ranks).
// The medians over the repetitions are printed last. bench/training_scaling.sh runs 1 and 2
// ranks in one go and prints the speed-up.
//
//   pairinv_bench_training_scaling                                  (quick preset, 1 rank)
//   mpiexec -n 2 pairinv_bench_training_scaling -bench_threads 1    (2 ranks x 1 thread)
//   mpiexec -n 2 pairinv_bench_training_scaling -bench_preset openfwi -bench_nz 70 -bench_nx 70
//       -bench_nt 250 -bench_receivers 70 -bench_device cuda        (one GPU per rank)
#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/mpi_collective.hpp"
#include "core/options.hpp"
#include "core/petsc_program.hpp"
#include "learning/presets.hpp"
#include "learning/trainer.hpp"

namespace {

using namespace pairinv;

constexpr const char* kHelp =
    "pairinv_bench_training_scaling: samples/s of data-parallel training steps and the all-reduce share\n";

struct BenchOptions {
  learning::TrainRunOptions train;
  learning::Shape3 model{}, data{};
  std::int64_t steps = 0, warmup = 0, repeats = 0;
};

BenchOptions readOptions(MPI_Comm comm) {
  BenchOptions b;
  OptionsBlock o(comm, "bench_", "pairinv_bench_training_scaling: data-parallel training throughput");
  const std::string preset = o.choice("-preset", "Network preset (as -pae_preset)", "quickstart",
                                      {"quickstart", "openfwi", "tiny"});
  b.train = learning::trainPreset(preset);
  b.model = {1, o.integer("-nz", "Model rows (the quick preset's survey: 40)", 40, 4, 4096),
             o.integer("-nx", "Model columns", 40, 4, 4096)};
  b.data = {o.integer("-shots", "Shots per sample", 5, 1, 1024),
            o.integer("-nt", "Time samples per trace as the network sees them (after the time stride)", 125, 4, 100000),
            o.integer("-receivers", "Receivers per shot", 40, 1, 100000)};
  const std::int64_t batch = o.integer("-batch", "Global batch size (0: the preset's)", 0, 0, 1 << 20);
  if (batch > 0) b.train.batch_size(batch);
  b.train.threads(o.integer("-threads", "LibTorch threads per rank (0: the node's cores shared among its ranks)", 1, 0,
                            4096));
  b.train.device(o.string("-device", "cpu, cuda (one GPU per rank) or cuda:N", "cpu"));
  b.steps = o.integer("-steps", "Timed steps per repetition", 10, 1, 1000000);
  b.warmup = o.integer("-warmup", "Untimed steps first", 2, 0, 1000000);
  b.repeats = o.integer("-repeats", "Repetitions (medians are reported)", 3, 1, 1000);
  return b;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int run(const PetscSession& session) {
  // 1. Options.
  const BenchOptions b = readOptions(session.comm());
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  MpiCollective ranks(session.comm());
  require(b.train.batch_size() >= ranks.size(), "-bench_batch ", b.train.batch_size(), " is smaller than the ",
          ranks.size(), " ranks");
  // 2. The repetitions.
  std::vector<double> rates, shares;
  std::int64_t parameters = 0;
  for (std::int64_t r = 0; r < b.repeats; ++r) {
    const learning::TrainingThroughput t =
        learning::measureTrainingThroughput(b.train, b.model, b.data, b.steps, b.warmup, ranks);
    std::vector<double> worst{t.seconds, t.reduceShare};
    ranks.maximum(worst.data(), worst.size());
    rates.push_back(double(b.steps * b.train.batch_size()) / worst[0]);
    parameters = t.parameters;
    shares.push_back(worst[1]);
    if (ranks.rank() == 0)
      std::printf("repeat %lld: %.2f samples/s, all-reduce %.1f%% of the step time\n", static_cast<long long>(r + 1),
                  rates.back(), 100.0 * shares.back());
  }
  // 3. Medians.
  if (ranks.rank() == 0)
    std::printf("ranks %d x threads %lld, batch %lld, model %lldx%lld, data %lldx%lldx%lld, %lld parameters, %s: "
                "median %.2f samples/s, all-reduce %.1f%%\n",
                ranks.size(), static_cast<long long>(b.train.threads()), static_cast<long long>(b.train.batch_size()),
                static_cast<long long>(b.model[1]), static_cast<long long>(b.model[2]),
                static_cast<long long>(b.data[0]), static_cast<long long>(b.data[1]),
                static_cast<long long>(b.data[2]), static_cast<long long>(parameters), b.train.device().c_str(),
                median(rates), 100.0 * median(shares));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return pairinv::runPetscProgram(&argc, &argv, kHelp, "pairinv_bench_training_scaling", run);
}

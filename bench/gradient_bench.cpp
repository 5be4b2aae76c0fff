// Cost of the acoustic gradient relative to one forward modelling, and its peak memory.
//
//   pairinv_bench_gradient -bench_case openfwi -bench_storage full
//   pairinv_bench_gradient -bench_case big -bench_storage checkpoint -bench_budget_fraction 0.1
//
// Cases: openfwi (one OpenFWI sample: 5 shots, 1000 steps, 310 x 310 padded grid) and big
// (one shot on a 1000 x 1000 model at order 8 with a 20-cell PML, -bench_steps steps).
// Storage: full (every wavefield kept) or checkpoint (checkpoints plus one recomputation within
// a budget of -bench_budget_fraction of the full storage). Forward and gradient runs alternate;
// the bench prints the median forward and gradient times over -bench_repeats runs, wall and
// CPU (the CPU time of a rank does not count other jobs' time slices: steadier on a shared
// machine), their ratios, the gradient's phases (forward pass with storage, recomputation,
// backward pass; CPU time of rank 0 in units of one forward), the storage plan and the
// process's peak resident memory (run each storage mode in its own process: the peak is per
// process).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <utility>
#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "core/npy.hpp"
#include "core/options.hpp"
#include "core/petsc_program.hpp"
#include "core/petsc_session.hpp"
#include "solvers/acoustic/acoustic_gradient.hpp"
#include "solvers/acoustic/shot_gradient.hpp"

using namespace pairinv;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double cpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

/// Wall and CPU seconds of f(): the CPU time of this (single-threaded) rank does not count
/// other jobs' time slices, so on a shared machine its ratios are the steadier ones.
template <typename F>
std::pair<double, double> seconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpuNow();
  f();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), cpuNow() - c0};
}

int runBench(const PetscSession& session) {
  enum class Case { OpenFwi, Big };
  Case benchCase = Case::OpenFwi;
  acoustic::GradientStorage storage = acoustic::GradientStorage::Full;
  double fraction = 0.1;
  int repeats = 3, steps = 500;
  acoustic::AcousticPrecision precision = acoustic::AcousticPrecision::Double;
  acoustic::StoredPrecision stored = acoustic::StoredPrecision::Solver;
  int timeBlock = 0;
  {
    OptionsBlock o(session.comm(), "bench_", "Gradient benchmark");
    benchCase = o.choice("-case", "Problem size", Case::OpenFwi, EnumNames<Case>{{Case::OpenFwi, "openfwi"}, {Case::Big, "big"}});
    storage = o.choice("-storage", "Wavefield storage: full, checkpoint, or auto (as the solver's default: "
                       "checkpoints while the full storage is brought into memory)", acoustic::GradientStorage::Full,
                       acoustic::kGradientStorageNames);
    fraction = o.real("-budget_fraction", "Checkpoint budget as a fraction of the full storage", 0.1, 1e-4, 1.0);
    repeats = int(o.integer("-repeats", "Repetitions (the median is reported)", 3, 1));
    steps = int(o.integer("-steps", "Time steps of the big case", 500, 10));
    precision = o.choice("-precision", "Solver precision: double or single", acoustic::AcousticPrecision::Double,
                         acoustic::kPrecisionNames);
    stored = o.choice("-stored_precision", "Precision of the stored increments: solver or single (lossy)",
                      acoustic::StoredPrecision::Solver, acoustic::kStoredPrecisionNames);
    timeBlock = int(o.integer("-time_block", "-acoustic_time_block of forward and gradients (0: automatic, 1: none)",
                              0, 0, 64));
  }
  rejectUnusedOptions();

  Grid2D g;
  acoustic::AcousticConfig c;
  Field2D v;
  if (benchCase == Case::OpenFwi) {
    g.nz = g.nx = 70, g.dz = g.dx = 10.0;
    v = Field2D(g, 2000.0);
    for (int iz = 40; iz < 70; ++iz)
      for (int ix = 0; ix < 70; ++ix) v.at(iz, ix) = 3500.0;
    c.preset = acoustic::Preset::OpenFwi, c.order = 4, c.dt = 1e-3, c.autoDt = false, c.nt = 1000;
    c.boundary = acoustic::Boundary::Damping, c.padCells = 120, c.wavelet = acoustic::WaveletKind::OpenFwi, c.peakFrequency = 15;
    c.scaling = acoustic::SourceScaling::OpenFwi;
    for (int s : {0, 17, 34, 52, 69}) c.sources.push_back({1, s});
    for (int r = 0; r < 70; ++r) c.receivers.push_back({1, r});
  } else {
    g.nz = g.nx = 1000, g.dz = g.dx = 5.0;
    v = Field2D(g, 2000.0);
    for (int iz = 500; iz < 1000; ++iz)
      for (int ix = 0; ix < 1000; ++ix) v.at(iz, ix) = 2800.0;
    c.order = 8, c.nt = steps, c.autoDt = true, c.peakFrequency = 15.0, c.padCells = 20;
    c.sources = {{2, 500}};
    for (int r = 0; r < 1000; r += 4) c.receivers.push_back({2, r});
  }
  c.precision = precision;
  c.storedPrecision = stored;
  c.timeBlock = timeBlock;
  acoustic::validateAcousticConfig(c, v);
  c.dampingVelocity = v.min(), c.pmlVelocity = v.max();

  // Observed data: the same model, slightly slower, so the residual is not zero.
  Field2D slower = v;
  for (double& x : slower.values) x *= 0.98;
  acoustic::ShotGathers observed = acoustic::simulateShots(session.comm(), slower, c);
  acoustic::broadcastGathers(session.comm(), observed);

  std::vector<double> forward, gradient, forwardCpu, gradientCpu;
  acoustic::CheckpointPlan plan;
  std::vector<acoustic::CheckpointPlan> plans;
  std::vector<acoustic::GradientTimings> phases;
  acoustic::AcousticConfig gc = c;
  gc.gradientStorage = storage;
  if (storage == acoustic::GradientStorage::Checkpoint) {
    // Budget = fraction of what full storage needs per rank, measured from the full plan.
    const double field = acoustic::withPrecision(precision, [&](auto real) {
      using Real = decltype(real);
      const acoustic::AcousticPropagator<Real> probe(PETSC_COMM_SELF, v, c);
      if constexpr (std::is_same_v<Real, double>)
        if (stored == acoustic::StoredPrecision::Single)
          return double(acoustic::ShotGradient<double, float>::packedFieldSize(probe));
      return double(acoustic::ShotGradient<Real>::packedFieldSize(probe));
    });
    const double full = field * c.nt / session.size();
    gc.memoryBudgetMB = fraction * full / 1e6;
  }
  // Forward and gradient runs alternate, so that a change of the machine's load hits both.
  for (int r = 0; r < repeats; ++r) {
    const auto [fwall, fcpu] = seconds([&] { acoustic::simulateShots(session.comm(), v, c); });
    forward.push_back(fwall), forwardCpu.push_back(fcpu);
    const auto [gwall, gcpu] = seconds([&] {
      const acoustic::GradientResult g =
          acoustic::acousticGradient(session.comm(), v, gc, observed, nullptr, acoustic::Parametrisation::Velocity);
      plan = g.plan;
      plans.push_back(g.plan);
      phases.push_back(g.timings);
    });
    gradient.push_back(gwall), gradientCpu.push_back(gcpu);
  }

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  if (session.rank() == 0) {
    const double tf = median(forward), tg = median(gradient);
    const double cf = median(forwardCpu), cg = median(gradientCpu);
    std::printf("case %s, storage %s, %s precision, stored %s, time block %d (0: automatic), %d rank(s)\n",
                benchCase == Case::OpenFwi ? "openfwi" : "big", nameOf(storage, acoustic::kGradientStorageNames),
                nameOf(precision, acoustic::kPrecisionNames), nameOf(stored, acoustic::kStoredPrecisionNames),
                timeBlock, session.size());
    std::printf("  forward  median %.3f s (cpu %.3f s) over %d runs\n", tf, cf, repeats);
    std::printf("  gradient median %.3f s (cpu %.3f s) over %d runs\n", tg, cg, repeats);
    std::printf("  gradient / forward = %.2f (wall), %.2f (cpu)\n", tg / tf, cg / cf);
    std::printf("  first gradient (its storage touched for the first time) %.3f s = %.2f forward, %d segment(s)%s\n",
                gradient[0], gradient[0] / tf, plans[0].segments,
                plans[0].warmBytes ? " while the full storage is brought into memory" : "");
    std::printf("  gradients by run (s):");
    for (std::size_t r = 0; r < gradient.size(); ++r) std::printf(" %.3f (%d seg)", gradient[r], plans[r].segments);
    std::printf("\n");
    // Phases of the median gradient run (CPU time of rank 0), in units of the median forward CPU time.
    const std::size_t med = std::size_t(std::find(gradientCpu.begin(), gradientCpu.end(), cg) - gradientCpu.begin());
    const acoustic::GradientTimings& t = phases[med];
    std::printf("  phases (cpu, x forward): forward %.2f, recompute %.2f, backward %.2f, other %.2f\n",
                t.forward / cf, t.recompute / cf, t.backward / cf, (cg - t.forward - t.recompute - t.backward) / cf);
    std::printf("  storage plan: %d segment(s) of %d steps, %.1f MB per rank\n", plan.segments, plan.segment,
                plan.bytes / 1e6);
    std::printf("  peak resident memory of rank 0: %.1f MB\n", usage.ru_maxrss / 1024.0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return pairinv::runPetscProgram(&argc, &argv, "Acoustic gradient benchmark", "pairinv_bench_gradient", runBench);
}

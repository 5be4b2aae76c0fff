// pairinv_bench_kernels: single-process micro-benchmarks of the acoustic wave kernels
// (solvers/acoustic/wave_kernels.hpp) with Google Benchmark. No MPI, no halo exchange: each
// benchmark calls one kernel repeatedly on a LocalBox with the given owned size.
//
//   pairinv_bench_kernels --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Counters: updates/s = owned points per second; bytes/s = minimum traffic of the kernel
// (leapfrog: 32 B/update, 40 B with damping; CPML: see each benchmark) per second.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "solvers/acoustic/local_box.hpp"
#include "solvers/acoustic/stencil.hpp"
#include "solvers/acoustic/wave_kernels.hpp"

namespace {

using namespace pairinv::acoustic;

/// Fields of one box, filled with smooth non-trivial values (halos included).
struct Fields {
  LocalBox box;
  ScaledStencil st;
  std::vector<double> p, pn, vdt2, damping, psi, zeta, a, b;

  Fields(int nz, int nx, int order) {
    const StencilCoefficients c = stencilForOrder(order);
    box = LocalBox{0, 0, nz, nx, c.radius};
    st = scaledStencil(c, 10.0, 10.0);
    const std::size_t n = box.storage();
    p.resize(n), pn.resize(n), vdt2.resize(n), damping.resize(n), psi.resize(n), zeta.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      p[i] = 1e-3 * double(i % 97), pn[i] = 1e-3 * double(i % 89);
      vdt2[i] = 0.04 + 1e-6 * double(i % 13), damping[i] = 1.0 - 1e-4 * double(i % 7);
      psi[i] = 1e-4 * double(i % 31), zeta[i] = 1e-4 * double(i % 29);
    }
    const int m = std::max(nz, nx);
    a.assign(std::size_t(m), -0.01), b.assign(std::size_t(m), 0.99);
  }
};

void setCounters(benchmark::State& state, double pointsPerIteration, double bytesPerPoint) {
  const double points = pointsPerIteration * double(state.iterations());
  state.counters["updates/s"] = benchmark::Counter(points, benchmark::Counter::kIsRate);
  state.counters["bytes/s"] = benchmark::Counter(points * bytesPerPoint, benchmark::Counter::kIsRate);
}

// Args: nz, nx, order, damped (0/1).
void BM_Leapfrog(benchmark::State& state) {
  Fields f(int(state.range(0)), int(state.range(1)), int(state.range(2)));
  const bool damped = state.range(3) != 0;
  for (auto _ : state) {
    leapfrogStep(f.box, f.st, f.p.data(), f.pn.data(), f.vdt2.data(), damped ? f.damping.data() : nullptr);
    std::swap(f.p, f.pn);  // as the propagator does: keeps values bounded (|B| <= 1, small v dt)
    benchmark::ClobberMemory();
  }
  setCounters(state, double(f.box.zm) * f.box.xm, damped ? 40.0 : 32.0);
}

// One CPML step on the four strips of a PML-padded box: psi then apply, both axes.
// Args: nz, nx, order, strip width (PML cells + radius). Minimum traffic per strip point and axis:
// psi update 16 B (psi read+write), apply 56 B (psi read, zeta and p_next read+write, v^2 dt^2).
void BM_Cpml(benchmark::State& state) {
  Fields f(int(state.range(0)), int(state.range(1)), int(state.range(2)));
  const int w = int(state.range(3));
  const int nz = f.box.zm, nx = f.box.xm;
  for (auto _ : state) {
    for (Axis axis : {Axis::X, Axis::Z}) {
      const int n = axis == Axis::X ? nx : nz;
      const double* a = f.a.data();
      const double* b = f.b.data();
      cpmlUpdatePsi(axis, f.box, f.st, 0, w, f.p.data(), f.psi.data(), a, b);
      cpmlUpdatePsi(axis, f.box, f.st, n - w, n, f.p.data(), f.psi.data(), a, b);
      cpmlApply(axis, f.box, f.st, 0, w, f.p.data(), f.psi.data(), f.zeta.data(), f.pn.data(), f.vdt2.data(), a, b);
      cpmlApply(axis, f.box, f.st, n - w, n, f.p.data(), f.psi.data(), f.zeta.data(), f.pn.data(), f.vdt2.data(),
                a, b);
    }
    benchmark::ClobberMemory();
  }
  const double stripPoints = 2.0 * w * (double(nz) + double(nx));
  setCounters(state, stripPoints, 72.0);
}

// The leapfrog sizes of the solver benchmarks: OpenFWI's 310x310 padded grid on 1 rank and
// split over 2 ranks, a 1040x1040 grid (1000 + 2 x 20 CPML) split over 2 ranks and whole, and a
// box that fits in L1/L2 to show the in-cache ceiling.
BENCHMARK(BM_Leapfrog)
    ->ArgNames({"nz", "nx", "order", "damped"})
    ->Args({310, 310, 4, 1})
    ->Args({310, 310, 4, 0})
    ->Args({155, 310, 4, 1})
    ->Args({64, 64, 4, 1})
    ->Args({310, 310, 2, 1})
    ->Args({310, 310, 8, 1})
    ->Args({1040, 1040, 8, 0})
    ->Args({520, 1040, 8, 0})
    ->Args({1040, 1040, 4, 0})
    ->Unit(benchmark::kMicrosecond);

BENCHMARK(BM_Cpml)
    ->ArgNames({"nz", "nx", "order", "strip"})
    ->Args({1040, 1040, 8, 24})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

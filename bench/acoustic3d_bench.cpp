// pairinv_bench_acoustic3d: throughput of the 3D acoustic solver against the memory bandwidth
// the same ranks reach in the same run, and the cost and memory of a 3D gradient.
//
//   pairinv_bench_acoustic3d                                   (1 rank: 200^3, order 8, CPML)
//   mpiexec -n 2 pairinv_bench_acoustic3d -bench_reps 3        (2 ranks on the shot)
//   pairinv_bench_acoustic3d -bench_cases gradient -bench_steps 1000 -bench_memory_budget 4000
//
// Cases (-bench_cases, comma-separated, default triad,forward):
//   triad     a[i] = b[i] + s c[i] on three arrays of -bench_triad_mb MiB per rank (bench/triad.hpp).
//   forward   one shot of -bench_steps steps on a -bench_n cube (10 m cells, 2000-3500 m/s in
//             layers) at -bench_order with a -bench_pml cell CPML on all six faces. Each of
//             -bench_reps timed repetitions (after one warm-up) is the slowest rank's time.
//             Updates/s counts the padded grid; the leapfrog must at least move 32 bytes per
//             update (p, p_prev read and written, v^2 dt^2), so 32 x updates/s set against the
//             triad says how close the kernel runs to the memory bandwidth.
//   gradient  the same shot's gradient (binomial checkpointing within -bench_memory_budget MB
//             per rank), against one forward solve timed in the same run: the ratio, the
//             snapshots and sweeps, and the peak resident memory (VmHWM) of each rank.
#include <mpi.h>
#include <petscsys.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/triad.hpp"
#include "core/error.hpp"
#include "core/options.hpp"
#include "core/petsc_program.hpp"
#include "core/petsc_session.hpp"
#include "solvers/acoustic3d/simulation3d.hpp"

namespace {

using namespace pairinv;
using namespace pairinv::acoustic3d;

const char* kHelp = "pairinv_bench_acoustic3d: 3D acoustic solver throughput and gradient cost.\n";

struct Options {
  bool triad = false, forward = false, gradient = false;
  int n = 200, order = 8, pml = 10, steps = 100, reps = 3;
  double triadMiB = 256.0, budgetMB = 4000.0;
};

Options readOptions(MPI_Comm comm) {
  Options b;
  OptionsBlock o(comm, "bench_", "3D acoustic benchmark");
  std::stringstream cases(o.string("-cases", "Cases: comma-separated from triad, forward, gradient", "triad,forward"));
  for (std::string c; std::getline(cases, c, ',');) {
    if (c == "triad") b.triad = true;
    else if (c == "forward") b.forward = true;
    else if (c == "gradient") b.gradient = true;
    else throw InputError(concat("option -bench_cases: unknown case '", c, "'; use triad, forward, gradient"));
  }
  b.n = int(o.integer("-n", "Model cells along each axis", 200, 8, 4000));
  b.order = int(o.integer("-order", "Spatial order (2, 4 or 8)", 8));
  b.pml = int(o.integer("-pml", "CPML width in cells on each face", 10, 1));
  b.steps = int(o.integer("-steps", "Time steps of the shot", 100, 1));
  b.reps = int(o.integer("-reps", "Timed repetitions of the forward case (the median is reported)", 3, 1, 1000));
  b.triadMiB = o.real("-triad_mb", "Size of each triad array per rank, MiB", 256.0, 1.0, 65536.0);
  b.budgetMB = o.real("-memory_budget", "Gradient memory budget per rank in MB", 4000.0, 1.0);
  return b;
}

Field3D layeredCube(int n) {
  Grid3D g;
  g.nz = g.ny = g.nx = n, g.dz = g.dy = g.dx = 10.0;
  Field3D v(g, 2000.0);
  for (int iz = 0; iz < n; ++iz)
    for (int iy = 0; iy < n; ++iy)
      for (int ix = 0; ix < n; ++ix) v.at(iz, iy, ix) = 2000.0 + 1500.0 * double(iz * 3 / n) / 2.0;
  return v;
}

Acoustic3DConfig configFor(const Options& b, const Field3D& model, int ranks) {
  Acoustic3DConfig c;
  c.order = b.order, c.nt = b.steps, c.padCells = b.pml;
  c.peakFrequency = 10.0;
  c.sources = {{2, b.n / 2, b.n / 2}};
  for (int ix = 0; ix < b.n; ix += 4)
    for (int iy = 0; iy < b.n; iy += 4) c.receivers.push_back({1, iy, ix});
  c.memoryBudgetMB = b.budgetMB;
  validateAcoustic3DConfig(c, model, ranks);
  return c;
}

/// This process's peak resident memory in MiB (VmHWM).
double peakResidentMiB() {
  std::ifstream in("/proc/self/status");
  std::string key;
  double kb = 0;
  while (in >> key) {
    if (key == "VmHWM:") {
      in >> kb;
      return kb / 1024.0;
    }
    in.ignore(4096, '\n');
  }
  return 0.0;
}

double slowest(MPI_Comm comm, double local) {
  double s = 0;
  MPI_Allreduce(&local, &s, 1, MPI_DOUBLE, MPI_MAX, comm);
  return s;
}

int run(const PetscSession& session) {
  const MPI_Comm comm = session.comm();
  const Options b = readOptions(comm);
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  const int size = session.size(), rank = session.rank();
  auto say = [&](const std::string& text) {
    if (rank == 0) std::printf("%s\n", text.c_str()), std::fflush(stdout);
  };
  say(concat("pairinv_bench_acoustic3d: ", size, " rank(s); model ", b.n, "^3, order ", b.order, ", CPML ", b.pml,
             " cells on six faces (padded ", b.n + 2 * b.pml, "^3), ", b.steps, " steps"));
  double triadGBs = 0;
  if (b.triad) {
    const bench::TriadResult t = bench::runTriad(comm, b.triadMiB, 10, 1);
    triadGBs = t.gbs.median;
    say(concat("triad: ", t.gbs.median, " GB/s median (", t.gbs.min, " .. ", t.gbs.max, "), 3 x ", b.triadMiB,
               " MiB per rank"));
  }
  const Field3D model = layeredCube(b.n);
  const Acoustic3DConfig c = configFor(b, model, size);
  const double updates = double(b.steps) * std::pow(double(b.n + 2 * b.pml), 3);
  double forwardSeconds = 0;
  if (b.forward || b.gradient) {
    std::vector<double> seconds;
    for (int rep = b.forward ? -1 : 0; rep < (b.forward ? b.reps : 1); ++rep) {  // gradient alone: one run
      MPI_Barrier(comm);
      const double t0 = MPI_Wtime();
      simulateShots3D(comm, model, c);
      const double s = slowest(comm, MPI_Wtime() - t0);
      if (rep >= 0) seconds.push_back(s);
    }
    const bench::Stats st = bench::stats(seconds);
    forwardSeconds = st.median;
    const double rate = updates / st.median;
    say(concat("forward: ", st.median, " s median (", st.min, " .. ", st.max, ") of ", seconds.size(), "; ", rate,
               " updates/s; 32 B/update: ", 32.0 * rate * 1e-9, " GB/s",
               triadGBs > 0 ? concat(" = ", 100.0 * 32.0 * rate * 1e-9 / triadGBs, "% of the triad") : std::string()));
  }
  if (b.gradient) {
    // Zero observed data: the residual is the synthetic data; the cost is that of any data.
    ShotGathers zero;
    zero.nshots = int(c.sources.size()), zero.nsamples = c.samplesPerTrace(), zero.nreceivers = int(c.receivers.size());
    zero.data.assign(std::size_t(zero.nshots) * zero.nsamples * zero.nreceivers, 0.0);
    MPI_Barrier(comm);
    const double t0 = MPI_Wtime();
    const Gradient3DResult g = acousticGradient3D(comm, model, c, zero, true);
    const double s = slowest(comm, MPI_Wtime() - t0);
    double peak = 0, mine = peakResidentMiB();
    MPI_Allreduce(&mine, &peak, 1, MPI_DOUBLE, MPI_MAX, comm);
    say(concat("gradient: ", s, " s = ", s / forwardSeconds, " forward solves; ", g.snapshots, " snapshots, ",
               g.sweeps, " sweeps, ", g.forwardSteps, " forward steps (", double(g.forwardSteps) / b.steps,
               " per step); planned ", g.peakBytes / 1048576.0, " MiB per rank, peak resident ", peak,
               " MiB per rank (VmHWM)"));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return pairinv::runPetscProgram(&argc, &argv, kHelp, "pairinv_bench_acoustic3d", run);
}

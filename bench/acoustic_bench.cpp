// pairinv_bench_acoustic: throughput of the acoustic solver, set against the memory bandwidth
// that the same ranks reach in the same run. Run it under mpiexec with 1 or more ranks:
//
//   pairinv_bench_acoustic                              (1 rank)
//   mpiexec -n 2 pairinv_bench_acoustic -bench_reps 7   (2 ranks)
//
// Cases (-bench_cases, comma-separated, default all three):
//   triad    a[i] = b[i] + s c[i] on three arrays of -bench_triad_mb MiB on every rank at once;
//            GB/s counts 24 bytes per element, summed over ranks (the STREAM convention).
//   openfwi  one OpenFWI sample: -acoustic_preset openfwi, 5 shots x 1000 steps on the 70x70
//            model padded by 120 (310x310), through simulateShots, once per value of
//            -bench_ranks_per_shot (default 0,1 on several ranks, 0 on one).
//   large    a -bench_large_n square model at -bench_large_order with a -bench_large_pml cell
//            CPML on all sides, 1 shot of -bench_large_steps steps, all ranks on the shot.
//
// Each case runs -bench_warmup untimed and -bench_reps timed repetitions; a repetition's time is
// the slowest rank's, from a barrier to the end of simulateShots (propagator set-up and the
// reduction of the gathers included). The table shows the median (and min..max) time, grid-point
// updates per second on the padded grid, and "bytes/update x updates/s": the traffic the
// leapfrog kernel must at least cause (p read, p_prev read and written, v^2 dt^2 read, plus the
// damping factor read for the openfwi preset: 32 or 40 bytes in double), as GB/s and as a
// fraction of the triad bandwidth measured in this run. Above 100% means the arrays were served
// from cache rather than memory (see the working-set column).
#include <mpi.h>
#include <petscsys.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "bench/bench_options.hpp"
#include "bench/triad.hpp"
#include "core/error.hpp"
#include "core/options.hpp"
#include "core/petsc_check.hpp"
#include "core/petsc_program.hpp"
#include "core/petsc_session.hpp"
#include "meshes/grid2d.hpp"
#include "solvers/acoustic/acoustic_propagator.hpp"
#include "meshes/model_io.hpp"
#include "solvers/acoustic/acoustic_config.hpp"
#include "solvers/acoustic/acoustic_propagator.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace {

using namespace pairinv;
using bench::Stats;
using bench::TriadResult;
using bench::runTriad;
using bench::stats;

const char* kHelp =
    "pairinv_bench_acoustic: acoustic solver throughput against the triad memory bandwidth.\n"
    "Run under mpiexec -n N; options are -bench_* (see below); -acoustic_* are set by the bench.\n";

struct BenchOptions {
  int reps = 5, warmup = 1, triadReps = 20;
  double triadMiB = 64.0;
  bool triad = true, openfwi = true, large = true;
  std::vector<int> ranksPerShot;
  std::string openfwiModel;
  int openfwiSteps = 1000;
  int largeN = 1000, largeSteps = 300, largeOrder = 8, largePml = 20;
  std::vector<acoustic::AcousticPrecision> precisions;
  std::vector<int> timeBlocks;
};

std::vector<std::string> splitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ','))
    if (!part.empty()) parts.push_back(part);
  return parts;
}

BenchOptions readBenchOptions(MPI_Comm comm, int size) {
  BenchOptions b;
  OptionsBlock o(comm, "bench_", "pairinv_bench_acoustic: solver throughput and memory bandwidth");
  b.reps = int(o.integer("-reps", "Timed repetitions of each case (the median is reported)", 5, 1, 1000));
  b.warmup = int(o.integer("-warmup", "Untimed repetitions before the timed ones", 1, 0, 100));
  const std::string cases = o.string("-cases", "Cases to run: comma-separated from triad, openfwi, large",
                                     "triad,openfwi,large");
  b.triad = b.openfwi = b.large = false;
  for (const std::string& c : splitCommas(cases)) {
    if (c == "triad") b.triad = true;
    else if (c == "openfwi") b.openfwi = true;
    else if (c == "large") b.large = true;
    else throw InputError(concat("option -bench_cases: unknown case '", c, "'; use triad, openfwi, large"));
  }
  b.triadMiB = o.real("-triad_mb", "Size of each of the three triad arrays per rank, MiB", 64.0, 1.0, 65536.0);
  b.triadReps = int(o.integer("-triad_reps", "Timed repetitions of the triad", 20, 1, 100000));
  const std::vector<PetscInt> defaultRps = size > 1 ? std::vector<PetscInt>{0, 1} : std::vector<PetscInt>{0};
  for (PetscInt r : o.intList("-ranks_per_shot", "Values of -acoustic_ranks_per_shot for the openfwi case "
                              "(0: all ranks on every shot; each must divide the number of ranks)", defaultRps)) {
    require(r >= 0 && (r == 0 || size % r == 0), "option -bench_ranks_per_shot: ", r,
            " must be 0 or divide the number of ranks (", size, ")");
    b.ranksPerShot.push_back(int(r));
  }
  b.openfwiModel = o.string("-openfwi_model", "70x70 model for the openfwi case (.npy, dx = 10 m)",
                            PAIRINV_SOURCE_DIR "/tests/data/openfwi_twolayer_model.npy");
  b.openfwiSteps = int(o.integer("-openfwi_steps", "Time steps per shot of the openfwi case", 1000, 1));
  b.largeN = int(o.integer("-large_n", "Model size (n x n) of the large case", 1000, 16, 100000));
  b.largeSteps = int(o.integer("-large_steps", "Time steps of the large case", 300, 1));
  b.largeOrder = int(o.integer("-large_order", "Spatial order of the large case (2, 4 or 8)", 8));
  b.largePml = int(o.integer("-large_pml", "CPML width in cells of the large case", 20, 1));
  for (const std::string& name : splitCommas(o.string("-precisions", "Solver precisions to run each case in: "
                                                      "comma-separated from double, single", "double,single")))
    b.precisions.push_back(valueOf(name, acoustic::kPrecisionNames, "-bench_precisions"));
  require(!b.precisions.empty(), "-bench_precisions names no precision");
  for (PetscInt t : o.intList("-time_blocks", "Values of -acoustic_time_block for the large case (0: automatic, "
                               "1: none)", {1, 0}))
    b.timeBlocks.push_back(int(t));
  return b;
}

// ---------------------------------------------------------------------------------------------
// Solver cases

using OptionList = std::vector<std::pair<std::string, std::string>>;

/// Reads an AcousticConfig from `options` (set in the database for the call only) and validates it.
acoustic::AcousticConfig configFor(MPI_Comm comm, const Field2D& model, const OptionList& options) {
  for (const auto& [name, value] : options)
    PAIRINV_PETSC(PetscOptionsSetValue(nullptr, name.c_str(), value.c_str()));
  acoustic::AcousticConfig config = acoustic::readAcousticConfig(comm, model.grid);
  for (const auto& [name, value] : options) PAIRINV_PETSC(PetscOptionsClearValue(nullptr, name.c_str()));
  acoustic::validateAcousticConfig(config, model);
  return config;
}

Field2D twoLayerModel(int nz, int nx, double h, int interfaceRow) {
  Grid2D g;
  g.nz = nz, g.nx = nx, g.dz = h, g.dx = h;
  Field2D v(g, 2000.0);
  for (int iz = interfaceRow; iz < nz; ++iz)
    for (int ix = 0; ix < nx; ++ix) v.at(iz, ix) = 3500.0;
  return v;
}

struct CaseResult {
  std::string name, detail;
  int ranksPerShot = 0;
  Grid2D padded;
  int steps = 0, shots = 0, arrays = 0;
  double bytesPerUpdate = 0, workingSetMiB = 0;
  Stats seconds;
  double updates() const { return double(steps) * shots * double(padded.size()); }
};

CaseResult runCase(MPI_Comm comm, const BenchOptions& opt, const std::string& name, const std::string& detail,
                   const Field2D& model, acoustic::AcousticConfig config) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  CaseResult r;
  const double bytes = config.precision == acoustic::AcousticPrecision::Single ? 4.0 : 8.0;
  r.name = concat(name, config.precision == acoustic::AcousticPrecision::Single ? " f32" : " f64");
  r.detail = detail;
  r.ranksPerShot = config.ranksPerShot;
  r.padded = acoustic::paddedGrid(model.grid, acoustic::paddingFor(config));
  r.steps = config.nt, r.shots = int(config.sources.size());
  const bool damped = config.boundary == acoustic::Boundary::Damping;
  r.arrays = damped ? 4 : 3;  // p, p_prev, v^2 dt^2 (, damping); the CPML adds strips only
  r.bytesPerUpdate = bytes * (r.arrays + 1);  // p_prev is read and written
  const int perShot = config.ranksPerShot == 0 ? size : config.ranksPerShot;
  r.workingSetMiB = bytes * r.arrays * double(r.padded.size()) / perShot / (1024.0 * 1024.0);
  std::vector<double> seconds;
  for (int rep = -opt.warmup; rep < opt.reps; ++rep) {
    MPI_Barrier(comm);
    const double t0 = MPI_Wtime();
    const acoustic::ShotGathers g = acoustic::simulateShots(comm, model, config);
    double local = MPI_Wtime() - t0, slowest = 0;
    MPI_Allreduce(&local, &slowest, 1, MPI_DOUBLE, MPI_MAX, comm);
    if (rep >= 0) seconds.push_back(slowest);
  }
  r.seconds = stats(seconds);
  return r;
}

std::string gridText(const Grid2D& g) { return concat(g.nz, "x", g.nx); }

/// "0.52 0.61 0.70" from /proc/loadavg (Linux), to judge how busy the machine was.
std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  double a = 0, b = 0, c = 0;
  if (!(in >> a >> b >> c)) return "n/a";
  return concat(a, " ", b, " ", c);
}

void printTable(int size, const BenchOptions& opt, const TriadResult* triad, const std::vector<CaseResult>& cases,
                const std::string& openfwiModelNote, const std::string& loadBefore) {
  std::printf("\npairinv_bench_acoustic: %d MPI rank(s), median of %d repetitions (triad: %d), %d warm-up\n", size,
              opt.reps, opt.triadReps, opt.warmup);
  std::printf("load average (1, 5, 15 min): %s at start, %s at end\n", loadBefore.c_str(), loadAverage().c_str());
  if (!openfwiModelNote.empty()) std::printf("openfwi model: %s\n", openfwiModelNote.c_str());
  std::printf("\n%-34s %5s %9s %10s %8s %21s %11s %6s %9s %8s\n", "case", "r/sh", "grid", "steps x sh",
              "WS MiB/r", "median s (min..max)", "updates/s", "B/upd", "GB/s", "of triad");
  std::printf("%s\n", std::string(131, '-').c_str());
  const double bw = triad ? triad->gbs.median : 0.0;
  if (triad) {
    const std::string name = concat("triad a=b+s*c, 3 x ", triad->mibPerArray, " MiB/rank");
    std::printf("%-34s %5s %9s %10s %8.0f %21s %11s %6d %9.1f %7.0f%%\n", name.c_str(), "-", "-", "-",
                3 * triad->mibPerArray, concat("(", triad->gbs.min, "..", triad->gbs.max, " GB/s)").c_str(), "-",
                24, triad->gbs.median, 100.0);
  }
  for (const CaseResult& c : cases) {
    const double ups = c.updates() / c.seconds.median;
    const double gbs = c.bytesPerUpdate * ups * 1e-9;
    char times[64];
    std::snprintf(times, sizeof times, "%.3f (%.3f..%.3f)", c.seconds.median, c.seconds.min, c.seconds.max);
    char ofTriad[16] = "-";
    if (bw > 0) std::snprintf(ofTriad, sizeof ofTriad, "%.0f%%", 100.0 * gbs / bw);
    std::printf("%-34s %5d %9s %10s %8.1f %21s %11.3e %6.0f %9.1f %8s\n", c.name.c_str(), c.ranksPerShot,
                gridText(c.padded).c_str(), concat(c.steps, "x", c.shots).c_str(), c.workingSetMiB, times, ups,
                c.bytesPerUpdate, gbs, ofTriad);
  }
  std::printf("\n");
  std::string previous;
  for (const CaseResult& c : cases)
    if (c.name != previous) std::printf("  %s: %s\n", (previous = c.name).c_str(), c.detail.c_str());
  std::printf(
      "  r/sh: -acoustic_ranks_per_shot (0: all ranks share each shot). WS MiB/r: arrays the leapfrog\n"
      "  kernel streams, per rank. updates/s = steps x shots x padded points / median time.\n"
      "  B/upd: minimum bytes per update (p read, p_prev read+write, v^2 dt^2 read, damping read).\n"
      "  GB/s = B/upd x updates/s; 'of triad' compares it with the triad median of this run.\n");
  std::fflush(stdout);
}

int run(const PetscSession& session) {
  const MPI_Comm comm = session.comm();
  const BenchOptions opt = readBenchOptions(comm, session.size());
  if (session.helpRequested()) return 0;
  bench::rejectSolverOptions("acoustic_", "", "use the -bench_* options; -help lists them");
  rejectUnusedOptions();
  const bool root = session.rank() == 0;
  const std::string loadBefore = loadAverage();

  TriadResult triad;
  if (opt.triad) triad = runTriad(comm, opt.triadMiB, opt.triadReps, opt.warmup);

  std::vector<CaseResult> cases;
  std::string modelNote;
  if (opt.openfwi) {
    require(std::filesystem::exists(opt.openfwiModel), "option -openfwi_model: '", opt.openfwiModel,
            "' does not exist");
    const Field2D model = readModel(opt.openfwiModel, 10.0, 10.0);
    modelNote = opt.openfwiModel;
    acoustic::AcousticConfig config =
        configFor(comm, model, {{"-acoustic_preset", "openfwi"}, {"-acoustic_nt", std::to_string(opt.openfwiSteps)}});
    const std::string detail =
        concat("-acoustic_preset openfwi, order ", config.order, ", damping pad ", config.padCells, ", model ",
               gridText(model.grid), ", ", config.receivers.size(), " receivers");
    for (acoustic::AcousticPrecision precision : opt.precisions)
      for (int rps : opt.ranksPerShot) {
        config.ranksPerShot = rps, config.precision = precision;
        cases.push_back(runCase(comm, opt, "openfwi sample (5 shots)", detail, model, config));
      }
  }
  if (opt.large) {
    const Field2D model = twoLayerModel(opt.largeN, opt.largeN, 10.0, opt.largeN * 2 / 5);
    acoustic::AcousticConfig config =
        configFor(comm, model,
                  {{"-acoustic_order", std::to_string(opt.largeOrder)},
                   {"-acoustic_pml_width", std::to_string(opt.largePml)},
                   {"-acoustic_nt", std::to_string(opt.largeSteps)},
                   {"-acoustic_src_ix", std::to_string(opt.largeN / 2)}});
    const std::string detail = concat("two-layer ", gridText(model.grid), " model, order ", config.order,
                                      ", CPML ", config.padCells, " cells on all sides, dt ", config.dt,
                                      " s, 1 shot; B/upd excludes the CPML strips' psi/zeta arrays");
    for (acoustic::AcousticPrecision precision : opt.precisions)
      for (int t : opt.timeBlocks) {
        config.precision = precision, config.timeBlock = t;
        const int used = acoustic::withPrecision(precision, [&](auto real) {
          return acoustic::AcousticPropagator<decltype(real)>(comm, model, config).timeBlock();
        });
        cases.push_back(runCase(comm, opt, concat("large order ", config.order, " CPML, T=", used), detail, model,
                                config));
      }
  }
  if (root) printTable(session.size(), opt, opt.triad ? &triad : nullptr, cases, modelNote, loadBefore);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return pairinv::runPetscProgram(&argc, &argv, kHelp, "pairinv_bench_acoustic", run);
}

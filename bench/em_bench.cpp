// pairinv_bench_em: cost of the 2D frequency-domain EM solver against the size of the problem.
//
// The solver (solvers/em) writes the complex system A u = b of n mesh cells as a real 2x2 block
// system of N = 2n unknowns, factorises it once per frequency with MUMPS (sparse LU) and solves
// every source with the same factors. For a 2D grid, nested dissection predicts factor storage
// ~ N log N, factorisation work ~ N^1.5 and solve work ~ N log N, so an extra source costs a
// shrinking fraction of the factorisation as N grows.
//
// For every value n of -bench_sizes the bench builds an n x n model (cells of -bench_h m; a
// -bench_sigma S/m half-space with a 10x more conductive block in the middle), and the solver's
// own mesh around it (air and padding of 6 skin depths at -bench_frequency, chosen by
// validateEmConfig), with -bench_sources line sources along the surface. Each of -bench_repeats
// repetitions times, from a barrier, the slowest rank's:
//   factorise  EmProblem::factorise: assembly of A, its real block form, MUMPS analysis and LU;
//   solve      source 0 as simulateEm does it: right-hand side, Factorisation::solve, the
//              readings at every receiver;
//   extra      the same for sources 1..S-1, per source. A survey of S sources costs
//              T(S) = factorise + S x solve, so extra / factorise = (T(S) - T(1)) / ((S-1) factorise).
// The table gives medians, MUMPS's memory figures (INFOG(17): estimated, INFOG(22): used by the
// factorisation, INFOG(29): factor entries; all summed over ranks, in MB) and the process peak
// RSS (VmHWM, reset before each size through /proc/self/clear_refs), then the least-squares
// slopes of log(cost) against log(N). The header names the ordering MUMPS used (INFOG(7)):
// -bench_ordering as the solver's -em_ordering (default auto: AMF below 1.3e6 unknowns; mumps
// gives PORD with Debian's MUMPS, which has no METIS or SCOTCH).
//
//   pairinv_bench_em                                    (sizes 50..650: 3e4..1e6 unknowns)
//   pairinv_bench_em -bench_sizes 20,40,80 -bench_repeats 1             (a quick look)
//   pairinv_bench_em -bench_csv em.csv -bench_png em.png -bench_ordering mumps  (MUMPS's choice)
//   mpiexec -n 2 pairinv_bench_em                       (MUMPS over 2 ranks per system)
#include <malloc.h>
#include <mpi.h>
#include <petscksp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bench/bench_options.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/options.hpp"
#include "core/petsc_check.hpp"
#include "core/petsc_program.hpp"
#include "core/petsc_session.hpp"
#include "core/figure.hpp"
#include "solvers/em/em_config.hpp"
#include "solvers/em/em_problem.hpp"

namespace {

using namespace pairinv;

const char* kHelp =
    "pairinv_bench_em: factorisation, solve and memory of the EM solver against the number of unknowns.\n"
    "Options are -bench_* (below); -em_mat_mumps_* pass through to MUMPS (the ordering is -bench_ordering);\n"
    "other -em_* are set by the bench.\n";

struct BenchOptions {
  std::vector<int> sizes;
  int repeats = 3, sources = 8;
  double h = 25.0, frequency = 1.0, sigma = 0.01;
  em::Ordering ordering = em::Ordering::Auto;
  std::string csv, png;
};

BenchOptions readBenchOptions(MPI_Comm comm) {
  BenchOptions b;
  OptionsBlock o(comm, "bench_", "pairinv_bench_em: EM solver cost against problem size");
  for (PetscInt n : o.intList("-sizes", "Model cells per side (n x n model; the mesh adds air and padding)",
                              {50, 100, 200, 300, 450, 650})) {
    require(n >= 4 && n <= 5000, "option -bench_sizes: ", n, " must be between 4 and 5000 cells per side");
    b.sizes.push_back(int(n));
  }
  require(!b.sizes.empty(), "option -bench_sizes is empty");
  b.repeats = int(o.integer("-repeats", "Repetitions per size (the median is reported)", 3, 1, 1000));
  b.sources = int(o.integer("-sources", "Line sources per factorisation (>= 2 for the extra-source cost)", 8, 2, 1000));
  b.h = o.real("-h", "Model cell size in m", 25.0, 1e-3, 1e6);
  b.frequency = o.real("-frequency", "Frequency in Hz", 1.0, 1e-6, 1e9);
  b.sigma = o.real("-sigma", "Background conductivity in S/m (the block is 10x)", 0.01, 1e-5, 1e4);
  b.ordering = o.choice("-ordering", "Fill-reducing ordering of the factorisation (as -em_ordering): auto, "
                        "mumps, amf, amd, qamd", em::Ordering::Auto, em::kOrderingNames);
  b.csv = o.string("-csv", "Also write the table as CSV to this file", "");
  b.png = o.string("-png", "Write log10(time) against log10(unknowns) as a PNG scatter plot "
                   "(blue factorise, red solve)", "");
  return b;
}

Field2D blockModel(int n, const BenchOptions& opt) {
  Grid2D g;
  g.nz = g.nx = n, g.dz = g.dx = opt.h;
  Field2D sigma(g, opt.sigma);
  for (int iz = n / 3; iz < 2 * n / 3; ++iz)
    for (int ix = n / 3; ix < 2 * n / 3; ++ix) sigma.at(iz, ix) = 10.0 * opt.sigma;
  return sigma;
}

/// The solver's configuration for `model` through readEmConfig (options set for the call only).
em::EmConfig configFor(MPI_Comm comm, const Field2D& model, const BenchOptions& opt) {
  const Grid2D& g = model.grid;
  std::string srcX;
  for (int s = 0; s < opt.sources; ++s) srcX += concat(s ? "," : "", g.x0 + (s + 0.5) / opt.sources * g.nx * g.dx);
  const std::vector<std::pair<std::string, std::string>> options = {
      {"-em_frequencies", concat(opt.frequency)}, {"-em_source", "line"}, {"-em_src_x", srcX},
      {"-em_ordering", nameOf(opt.ordering, em::kOrderingNames)}};
  for (const auto& [name, value] : options) PAIRINV_PETSC(PetscOptionsSetValue(nullptr, name.c_str(), value.c_str()));
  em::EmConfig config = em::readEmConfig(comm, g);
  for (const auto& [name, value] : options) PAIRINV_PETSC(PetscOptionsClearValue(nullptr, name.c_str()));
  em::validateEmConfig(config, model);
  return config;
}

/// Linux: VmHWM (peak resident set) of this process in MB, and resetting it (clear_refs 5).
double peakRssMb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  double kb = 0;
  while (in >> key)
    if (key == "VmHWM:" && in >> kb) return kb / 1024.0;
  return NAN;
}
bool resetPeakRss() {
  malloc_trim(0);  // hand freed heap back first, or the previous size's pages count again
  std::ofstream out("/proc/self/clear_refs");
  return bool(out << "5" << std::flush);
}

std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  double a = 0, b = 0, c = 0;
  if (!(in >> a >> b >> c)) return "n/a";
  return concat(a, " ", b, " ", c);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

/// Wall and process CPU seconds: on a shared machine the CPU time shows what other jobs took away.
struct Seconds {
  double wall = 0, cpu = 0;
};

double cpuNow() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

Seconds startClock(MPI_Comm comm) {
  MPI_Barrier(comm);
  return {MPI_Wtime(), cpuNow()};
}

/// The slowest rank's wall and CPU time since `t0`.
Seconds slowestSince(MPI_Comm comm, Seconds t0) {
  double local[2] = {MPI_Wtime() - t0.wall, cpuNow() - t0.cpu}, slowest[2] = {0, 0};
  MPI_Allreduce(local, slowest, 2, MPI_DOUBLE, MPI_MAX, comm);
  return {slowest[0], slowest[1]};
}

struct MumpsFigures {
  double estimatedMb = NAN, usedMb = NAN, factorEntries = NAN, gflop = NAN;
  int ordering = -1;  // INFOG(7): the ordering MUMPS used
};

MumpsFigures mumpsFigures(const em::Factorisation& factors) {
  PC pc = nullptr;
  Mat f = nullptr;
  PAIRINV_PETSC(KSPGetPC(factors.ksp(), &pc));
  PAIRINV_PETSC(PCFactorGetMatrix(pc, &f));
  PetscInt est = 0, used = 0, entries = 0, ordering = -1;
  PetscReal flops = 0;
  PAIRINV_PETSC(MatMumpsGetInfog(f, 17, &est));
  PAIRINV_PETSC(MatMumpsGetInfog(f, 22, &used));
  PAIRINV_PETSC(MatMumpsGetInfog(f, 29, &entries));  // < 0: millions of entries
  PAIRINV_PETSC(MatMumpsGetInfog(f, 7, &ordering));
  PAIRINV_PETSC(MatMumpsGetRinfog(f, 3, &flops));
  return {double(est), double(used), entries < 0 ? -1e6 * double(entries) : double(entries), flops * 1e-9,
          int(ordering)};
}

struct SizeResult {
  int n = 0, meshNz = 0, meshNx = 0;
  double unknowns = 0, rssMb = 0;
  double factorise = 0, solve = 0, extra = 0;  // wall s
  double factoriseCpu = 0, solveCpu = 0;       // process CPU s
  MumpsFigures mumps;
  double extraFraction() const { return extra / factorise; }
};

SizeResult runSize(MPI_Comm comm, const BenchOptions& opt, int n) {
  const Field2D model = blockModel(n, opt);
  const em::EmConfig config = configFor(comm, model, opt);
  resetPeakRss();
  const em::EmProblem problem(model, config);
  SizeResult r;
  r.n = n, r.meshNz = problem.mesh().nz(), r.meshNx = problem.mesh().nx();
  r.unknowns = 2.0 * double(problem.mesh().cells());
  const double omega = problem.omega(0);
  std::vector<double> factorise, solve, extra, factoriseCpu, solveCpu;
  double checksum = 0;  // the readings are used, as a survey would
  for (int rep = 0; rep < opt.repeats; ++rep) {
    Seconds t0 = startClock(comm);
    std::unique_ptr<em::Factorisation> factors = problem.factorise(comm, 0);
    const Seconds tf = slowestSince(comm, t0);
    factorise.push_back(tf.wall), factoriseCpu.push_back(tf.cpu);
    double rest = 0;
    for (int s = 0; s < opt.sources; ++s) {
      t0 = startClock(comm);
      const std::vector<em::Complex> u = factors->solve(problem.rightHandSide(0, s));
      for (std::size_t k = 0; k < config.receivers.size(); ++k)
        checksum += std::abs(problem.receivers().read(problem.op(), omega, u, k).field);
      const Seconds t = slowestSince(comm, t0);
      if (s == 0) solve.push_back(t.wall), solveCpu.push_back(t.cpu);
      else rest += t.wall;
    }
    extra.push_back(rest / (opt.sources - 1));
    r.mumps = mumpsFigures(*factors);
  }
  require(std::isfinite(checksum), "the EM solution of the ", n, " x ", n, " model is not finite");
  r.factorise = median(factorise), r.solve = median(solve), r.extra = median(extra);
  r.factoriseCpu = median(factoriseCpu), r.solveCpu = median(solveCpu);
  r.rssMb = peakRssMb();
  MPI_Allreduce(MPI_IN_PLACE, &r.rssMb, 1, MPI_DOUBLE, MPI_MAX, comm);
  return r;
}

/// Least-squares slope of log(y) against log(x) (NAN with fewer than two usable points).
double logSlope(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> lx, ly;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (x[i] > 0 && y[i] > 0 && std::isfinite(y[i])) lx.push_back(std::log(x[i])), ly.push_back(std::log(y[i]));
  if (lx.size() < 2) return NAN;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < lx.size(); ++i) mx += lx[i] / double(lx.size()), my += ly[i] / double(lx.size());
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < lx.size(); ++i) sxy += (lx[i] - mx) * (ly[i] - my), sxx += (lx[i] - mx) * (lx[i] - mx);
  return sxx > 0 ? sxy / sxx : NAN;
}

double factorMb(const SizeResult& r) { return 8e-6 * r.mumps.factorEntries; }  // real double entries

const char* orderingName(int infog7) {
  const char* names[] = {"AMD", "given", "AMF", "SCOTCH", "PORD", "METIS", "QAMD"};
  return infog7 >= 0 && infog7 <= 6 ? names[infog7] : "unknown";
}

void printReport(const BenchOptions& opt, int ranks, const std::vector<SizeResult>& results,
                 const std::string& loadBefore, bool rssReset) {
  std::printf("\npairinv_bench_em: %d MPI rank(s), median of %d repetition(s), %d line sources, %g Hz, cells %g m, "
              "%g S/m with a %g S/m block; MUMPS ordering %s\n", ranks, opt.repeats, opt.sources, opt.frequency,
              opt.h, opt.sigma, 10 * opt.sigma, orderingName(results.back().mumps.ordering));
  std::printf("load average (1, 5, 15 min): %s at start, %s at end\n\n", loadBefore.c_str(), loadAverage().c_str());
  std::printf("| model | mesh | unknowns | factorise s (CPU) | solve s (CPU) | extra source s | extra/fact | GFlop | "
              "MUMPS est MB | MUMPS used MB | factors MB | peak RSS MB |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const SizeResult& r : results)
    std::printf("| %dx%d | %dx%d | %.3g | %.3g (%.3g) | %.3g (%.3g) | %.3g | %.2f%% | %.3g | %.0f | %.0f | %.0f | %.0f |\n",
                r.n, r.n, r.meshNz, r.meshNx, r.unknowns, r.factorise, r.factoriseCpu, r.solve, r.solveCpu, r.extra,
                100 * r.extraFraction(), r.mumps.gflop, r.mumps.estimatedMb, r.mumps.usedMb, factorMb(r), r.rssMb);
  std::vector<double> n, fact, factCpu, flops, solve, solveCpu, used, factors, rss;
  for (const SizeResult& r : results) {
    n.push_back(r.unknowns), fact.push_back(r.factorise), factCpu.push_back(r.factoriseCpu);
    flops.push_back(r.mumps.gflop), solve.push_back(r.solve), solveCpu.push_back(r.solveCpu);
    used.push_back(r.mumps.usedMb), factors.push_back(factorMb(r)), rss.push_back(r.rssMb);
  }
  std::printf("\nGrowth exponents p in cost ~ N^p, least squares over all sizes (2D nested dissection predicts\n"
              "factorise 1.5, solve and factors 1 x log N):\n");
  std::printf("  factorise %.2f (CPU %.2f; MUMPS flops %.2f), solve %.2f (CPU %.2f), MUMPS used memory %.2f, "
              "factor entries %.2f, peak RSS %.2f\n", logSlope(n, fact), logSlope(n, factCpu), logSlope(n, flops),
              logSlope(n, solve), logSlope(n, solveCpu), logSlope(n, used), logSlope(n, factors), logSlope(n, rss));
  const SizeResult& big = results.back();
  std::printf("Extra source at %.3g unknowns: %.3g s = %.2f%% of the factorisation (aim: below 5%%)\n", big.unknowns,
              big.extra, 100 * big.extraFraction());
  std::printf("\n  factorise: EmProblem::factorise (assembly, real block form, MUMPS analysis + LU); solve: one source\n"
              "  (right-hand side, solve, readings at every model column); wall s, process CPU s in brackets.\n"
              "  extra/fact = (T(S)-T(1))/((S-1) factorise). MUMPS MB (sums over ranks): INFOG(17) estimated,\n"
              "  INFOG(22) used, INFOG(29) x 8 B factors. Peak RSS: VmHWM, max over ranks, %s.\n",
              rssReset ? "reset before each size" : "since the start (reset failed)");
  std::fflush(stdout);
}

void writeCsv(const std::string& file, const std::vector<SizeResult>& results) {
  writeAtomically(file, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp);
    out << "model_n,mesh_nz,mesh_nx,unknowns,factorise_s,factorise_cpu_s,solve_s,solve_cpu_s,extra_source_s,"
           "extra_fraction,gflop,mumps_estimated_mb,mumps_used_mb,factor_entries,peak_rss_mb\n";
    out.precision(6);
    for (const SizeResult& r : results)
      out << r.n << ',' << r.meshNz << ',' << r.meshNx << ',' << r.unknowns << ',' << r.factorise << ','
          << r.factoriseCpu << ',' << r.solve << ',' << r.solveCpu << ',' << r.extra << ',' << r.extraFraction()
          << ',' << r.mumps.gflop << ',' << r.mumps.estimatedMb << ',' << r.mumps.usedMb << ','
          << r.mumps.factorEntries << ',' << r.rssMb << '\n';
    require(bool(out.flush()), "error while writing '", file, "'");
  });
}

void writePng(const std::string& file, const std::vector<SizeResult>& results) {
  PlotFigure p{"EM solver cost against problem size", "unknowns", "wall time (s)", AxisScale::Log, AxisScale::Log,
               Marks::Points, false, {{"factorise", {}, {}}, {"solve", {}, {}}}};
  for (const SizeResult& r : results) {
    for (Series& s : p.series) s.x.push_back(r.unknowns);
    p.series[0].y.push_back(r.factorise), p.series[1].y.push_back(r.solve);
  }
  writePlotFigure(file, p);
}

int run(const PetscSession& session) {
  const MPI_Comm comm = session.comm();
  const BenchOptions opt = readBenchOptions(comm);
  if (session.helpRequested()) return 0;
  // Only MUMPS's own options may be given.
  bench::rejectSolverOptions("em_", "em_mat_mumps_",
                             "use -bench_*; -em_mat_mumps_* are allowed; -help lists the options");
  em::registerFactorisationOptions("em_", opt.ordering);  // so -em_mat_mumps_* count as used
  rejectUnusedOptions();
  const std::string loadBefore = loadAverage();
  const bool rssReset = resetPeakRss();
  std::vector<SizeResult> results;
  for (int n : opt.sizes) {
    results.push_back(runSize(comm, opt, n));
    if (session.rank() == 0)  // progress, as the largest sizes take minutes
      std::fprintf(stderr, "pairinv_bench_em: %dx%d model, %.3g unknowns: factorise %.3g s, solve %.3g s\n", n, n,
                   results.back().unknowns, results.back().factorise, results.back().solve);
  }
  if (session.rank() != 0) return 0;
  printReport(opt, session.size(), results, loadBefore, rssReset);
  if (!opt.csv.empty()) writeCsv(opt.csv, results);
  if (!opt.png.empty()) writePng(opt.png, results);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return pairinv::runPetscProgram(&argc, &argv, kHelp, "pairinv_bench_em", run);
}

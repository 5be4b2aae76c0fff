// What the solver benchmarks share: medians of repeated timings, and the STREAM triad that
// measures the memory bandwidth the same ranks reach in the same run.
#pragma once

#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "core/error.hpp"

namespace pairinv::bench {

struct Stats {
  double median = 0, min = 0, max = 0;
};

inline Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  const double median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  return {median, v.front(), v.back()};
}

/// Not inlined, so that the timed call cannot be merged with set-up or check code.
__attribute__((noinline)) inline void triad(double* __restrict a, const double* __restrict b,
                                            const double* __restrict c, double s, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

struct TriadResult {
  Stats gbs;  // aggregate GB/s over all ranks
  double mibPerArray = 0;
};

/// a[i] = b[i] + s c[i] on three arrays of `mib` MiB on every rank at once, `warmup` untimed and
/// `reps` timed runs; GB/s counts 24 bytes per element, summed over ranks (STREAM's convention).
inline TriadResult runTriad(MPI_Comm comm, double mib, int reps, int warmup) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  const std::size_t n = std::size_t(mib * 1024.0 * 1024.0 / sizeof(double));
  auto alloc = [n] {
    void* p = std::aligned_alloc(64, ((n * sizeof(double) + 63) / 64) * 64);
    if (!p) throw Error("triad: out of memory");
    return static_cast<double*>(p);
  };
  double *a = alloc(), *b = alloc(), *c = alloc();
  for (std::size_t i = 0; i < n; ++i) a[i] = 0.0, b[i] = 1.0, c[i] = 2.0;  // first touch
  const double s = 3.0;
  std::vector<double> gbs;
  for (int rep = -warmup; rep < reps; ++rep) {
    MPI_Barrier(comm);
    const double t0 = MPI_Wtime();
    triad(a, b, c, s, n);
    double local = MPI_Wtime() - t0, slowest = 0;
    MPI_Allreduce(&local, &slowest, 1, MPI_DOUBLE, MPI_MAX, comm);
    if (rep >= 0) gbs.push_back(24.0 * double(n) * size / slowest * 1e-9);
  }
  const bool ok = a[0] == 7.0 && a[n - 1] == 7.0;
  std::free(a), std::free(b), std::free(c);
  if (!ok) throw Error("triad: wrong result");
  return {stats(gbs), mib};
}

}  // namespace pairinv::bench

// Complex linear systems in Debian's real PETSc, solved by a sparse direct factorisation.
//
// A complex system A x = b, A = A_r + i A_i, is the real system of twice the size
//   [A_r  -A_i] [x_r]   [b_r]
//   [A_i   A_r] [x_i] = [b_i],
// stored with each unknown's real and imaginary parts adjacent (rows 2k, 2k+1), so that the
// 2x2 blocks keep the sparsity pattern of A for the fill-reducing ordering. Each row is first
// multiplied by the unit complex number that makes its diagonal entry real and positive (S A,
// with S diagonal), which keeps the 2x2 diagonal blocks well conditioned for pivoting. The real matrix
// M is factorised once by MUMPS (KSPPREONLY + PCLU, MatSolverType MATSOLVERMUMPS) and reused for
// every right-hand side. Its transpose M^T is the real form of A^H, so A^T x = b is solved as
// x = conj(M^{-T} conj(b)) with KSPSolveTranspose on the same factors (the adjoint solves).
// The KSP takes the options prefix given (-em_ksp_type, -em_pc_type, -em_mat_mumps_icntl_14,
// ...), so users may switch to an iterative solver for large grids.
//
// On a communicator of several ranks, MUMPS factorises the one system in parallel: every rank
// passes the same matrix and right-hand sides, rank 0 inserts them, and every rank receives
// the whole solution.
#pragma once

#include <mpi.h>

#include <complex>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/petsc_handle.hpp"

namespace pairinv::em {

using Complex = std::complex<double>;

/// A complex sparse matrix as (row, column, value) triplets; repeated entries are summed.
struct ComplexTriplets {
  int n = 0;
  std::vector<int> rows, cols;
  std::vector<Complex> values;
  void add(int r, int c, Complex v) { rows.push_back(r), cols.push_back(c), values.push_back(v); }
};

/// The fill-reducing ordering of the MUMPS factorisation (its ICNTL(7)), as measured with
/// pairinv_bench_em (bench/README.md): AMF is the fastest up to about 1.3e6 real unknowns on 1
/// rank (AMF 13.6 s, PORD 15.8 s at 1e6; 0.72 s against 1.95 s at 1.4e5), PORD beyond (39.9 s
/// against 46.8 s at 1.85e6). Debian's MUMPS 5.5 has neither METIS nor SCOTCH (asking for them
/// gives PORD), and asking for PORD explicitly aborts inside it: PORD is reached as MUMPS's own
/// choice.
enum class Ordering {
  Auto,   // Amf below kAmfBelowUnknowns real unknowns, Mumps from there on
  Mumps,  // MUMPS chooses (ICNTL(7) = 7): PORD with Debian's MUMPS
  Amf,
  Amd,
  Qamd,
};
inline const EnumNames<Ordering> kOrderingNames = {{Ordering::Auto, "auto"}, {Ordering::Mumps, "mumps"},
                                                   {Ordering::Amf, "amf"},   {Ordering::Amd, "amd"},
                                                   {Ordering::Qamd, "qamd"}};
/// Where Auto turns from AMF to MUMPS's choice: the measured crossover on 1 rank (about 1.36e6).
constexpr double kAmfBelowUnknowns = 1.3e6;

/// MUMPS's ICNTL(7) for `ordering` on a system of `realUnknowns` (2 per complex unknown).
int mumpsOrdering(Ordering ordering, double realUnknowns);

class Factorisation {
 public:
  /// Assembles and factorises `matrix` on `comm`. Throws Error naming `what` (e.g. "the EM
  /// system at 1 Hz") if the factorisation fails, e.g. a singular matrix reported by MUMPS.
  Factorisation(MPI_Comm comm, const ComplexTriplets& matrix, const std::string& prefix, Ordering ordering,
                const std::string& what);
  Factorisation(const Factorisation&) = delete;
  Factorisation& operator=(const Factorisation&) = delete;

  /// x with A x = b (b and x of length n on every rank).
  std::vector<Complex> solve(const std::vector<Complex>& b) const;
  /// x with A^T x = b (plain transpose, not conjugate), from the same factors.
  std::vector<Complex> solveTranspose(const std::vector<Complex>& b) const;

  int size() const { return n_; }
  /// The KSP holding the factors, for diagnostics (MUMPS's memory and flop counts in bench/).
  KSP ksp() const { return ksp_; }

 private:
  std::vector<Complex> run(const std::vector<Complex>& b, bool transpose) const;

  MPI_Comm comm_;
  int rank_ = 0, n_ = 0;
  std::string what_;
  std::vector<Complex> rowPhase_;  // S = diag(conj(a_kk)/|a_kk|): the system factorised is S A
  MatHandle matrix_;
  KSPHandle ksp_;
  VecHandle rhs_, solution_, gathered_;
  VecScatterHandle toAll_;
};

/// Creates and factorises a trivial system with `prefix`, so that the linear solver's options
/// are listed by -help and count as used before any real solve.
void registerFactorisationOptions(const std::string& prefix, Ordering ordering);

}  // namespace pairinv::em

#include "solvers/em/em_factorisation.hpp"

#include <petscksp.h>

#include <algorithm>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/log_events.hpp"
#include "core/petsc_check.hpp"

namespace pairinv::em {

namespace {

/// A PETSc option that pairinv alone sets, in the database for the object's lifetime (cleared
/// on every path). `owner` names the pairinv option to use instead when a user gives it.
class ScopedOption {
 public:
  ScopedOption(std::string name, const std::string& value, const std::string& owner) : name_(std::move(name)) {
    PetscBool given = PETSC_FALSE;
    PAIRINV_PETSC(PetscOptionsHasName(nullptr, nullptr, name_.c_str(), &given));
    require(!given, "option ", name_, " is not taken: use ", owner, " (-help lists the choices)");
    PAIRINV_PETSC(PetscOptionsSetValue(nullptr, name_.c_str(), value.c_str()));
  }
  ~ScopedOption() { PetscOptionsClearValue(nullptr, name_.c_str()); }
  ScopedOption(const ScopedOption&) = delete;
  ScopedOption& operator=(const ScopedOption&) = delete;

 private:
  std::string name_;
};

const char* failureText(PCFailedReason reason) {
  switch (reason) {
    case PC_FACTOR_STRUCT_ZEROPIVOT: return "the matrix is structurally singular";
    case PC_FACTOR_NUMERIC_ZEROPIVOT: return "the matrix is numerically singular (zero pivot)";
    case PC_FACTOR_OUTMEMORY: return "the factorisation ran out of memory (raise -em_mat_mumps_icntl_14)";
    default: return "the preconditioner could not be built";
  }
}

}  // namespace

int mumpsOrdering(Ordering ordering, double realUnknowns) {
  switch (ordering) {
    case Ordering::Auto: return realUnknowns < kAmfBelowUnknowns ? 2 : 7;
    case Ordering::Mumps: return 7;
    case Ordering::Amf: return 2;
    case Ordering::Amd: return 0;
    case Ordering::Qamd: return 6;
  }
  return 7;
}

Factorisation::Factorisation(MPI_Comm comm, const ComplexTriplets& a, const std::string& prefix, Ordering ordering,
                             const std::string& what)
    : comm_(comm), n_(a.n), what_(what) {
  MPI_Comm_rank(comm, &rank_);
  // Row k times conj(a_kk)/|a_kk| makes every diagonal entry real and positive, so each real
  // 2x2 diagonal block is |a_kk| I: MUMPS's threshold pivoting then rarely delays pivots (with
  // mass-dominated rows, a_kk is nearly imaginary and the unscaled blocks have tiny diagonals).
  rowPhase_.assign(std::size_t(a.n), Complex(0.0));
  for (std::size_t t = 0; t < a.values.size(); ++t)
    if (a.rows[t] == a.cols[t]) rowPhase_[std::size_t(a.rows[t])] += a.values[t];
  for (Complex& p : rowPhase_) p = std::abs(p) > 0 ? std::conj(p) / std::abs(p) : Complex(1.0);
  int commSize = 1;
  MPI_Comm_size(comm, &commSize);
  PetscInt localUnknowns = PETSC_DECIDE, global = a.n;
  PAIRINV_PETSC(PetscSplitOwnership(comm, &localUnknowns, &global));
  PetscInt first = 0;
  MPI_Exscan(&localUnknowns, &first, 1, MPIU_INT, MPI_SUM, comm);
  if (rank_ == 0) first = 0;

  // Preallocation from the triplets (an upper bound: repeated entries count twice).
  std::vector<PetscInt> perRow(std::size_t(a.n), 0);
  for (int r : a.rows) perRow[std::size_t(r)] += 2;
  std::vector<PetscInt> diag(2 * std::size_t(localUnknowns)), offd(diag.size());
  for (PetscInt k = 0; k < localUnknowns; ++k) {
    const PetscInt count = perRow[std::size_t(first + k)] + 2;
    for (int part = 0; part < 2; ++part) {
      diag[std::size_t(2 * k + part)] = std::min(count, 2 * localUnknowns);
      offd[std::size_t(2 * k + part)] = std::min(count, 2 * (PetscInt(a.n) - localUnknowns));
    }
  }
  PAIRINV_PETSC(MatCreate(comm, matrix_.out()));
  PAIRINV_PETSC(MatSetSizes(matrix_, 2 * localUnknowns, 2 * localUnknowns, 2 * a.n, 2 * a.n));
  PAIRINV_PETSC(MatSetType(matrix_, MATAIJ));
  PAIRINV_PETSC(MatSeqAIJSetPreallocation(matrix_, 0, diag.data()));
  PAIRINV_PETSC(MatMPIAIJSetPreallocation(matrix_, 0, diag.data(), 0, offd.data()));
  PAIRINV_PETSC(MatSetOption(matrix_, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_FALSE));
  if (rank_ == 0) {
    for (PetscInt k = 0; k < a.n; ++k) {  // keep every diagonal entry in the structure
      const PetscInt rows[2] = {2 * k, 2 * k + 1};
      const PetscScalar zeros[4] = {0, 0, 0, 0};
      PAIRINV_PETSC(MatSetValues(matrix_, 2, rows, 2, rows, zeros, ADD_VALUES));
    }
    for (std::size_t t = 0; t < a.values.size(); ++t) {
      const PetscInt rows[2] = {2 * PetscInt(a.rows[t]), 2 * PetscInt(a.rows[t]) + 1};
      const PetscInt cols[2] = {2 * PetscInt(a.cols[t]), 2 * PetscInt(a.cols[t]) + 1};
      const Complex v = rowPhase_[std::size_t(a.rows[t])] * a.values[t];
      const PetscScalar re[2] = {v.real(), v.real()};
      for (int part = 0; part < 2; ++part)
        PAIRINV_PETSC(MatSetValue(matrix_, rows[part], cols[part], re[part], ADD_VALUES));
      if (v.imag() != 0) {
        PAIRINV_PETSC(MatSetValue(matrix_, rows[0], cols[1], -v.imag(), ADD_VALUES));
        PAIRINV_PETSC(MatSetValue(matrix_, rows[1], cols[0], v.imag(), ADD_VALUES));
      }
    }
  }
  PAIRINV_PETSC(MatAssemblyBegin(matrix_, MAT_FINAL_ASSEMBLY));
  PAIRINV_PETSC(MatAssemblyEnd(matrix_, MAT_FINAL_ASSEMBLY));

  PAIRINV_PETSC(KSPCreate(comm, ksp_.out()));
  PAIRINV_PETSC(KSPSetOptionsPrefix(ksp_, prefix.c_str()));
  PAIRINV_PETSC(KSPSetOperators(ksp_, matrix_, matrix_));
  PAIRINV_PETSC(KSPSetType(ksp_, KSPPREONLY));
  PC pc = nullptr;
  PAIRINV_PETSC(KSPGetPC(ksp_, &pc));
  PAIRINV_PETSC(PCSetType(pc, PCLU));
  PAIRINV_PETSC(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  {
    // The ordering goes in as MUMPS's own option (PETSc 3.18 reads it at the symbolic
    // factorisation), set for this factorisation only; -<prefix>ordering is its one home.
    const ScopedOption icntl7(concat("-", prefix, "mat_mumps_icntl_7"),
                              std::to_string(mumpsOrdering(ordering, 2.0 * double(a.n))),
                              concat("-", prefix, "ordering"));
    PAIRINV_PETSC(KSPSetFromOptions(ksp_));
    LogEvent event(Event::EmFactorise);
    PAIRINV_PETSC(KSPSetUp(ksp_));
  }
  PCFailedReason reason = PC_NOERROR;
  PAIRINV_PETSC(PCGetFailedReasonRank(pc, &reason));
  int local = int(reason), worst = 0;
  MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MAX, comm);
  if (worst != int(PC_NOERROR))
    throw Error(concat("the factorisation of ", what_, " failed: ", failureText(PCFailedReason(worst)),
                       " (MUMPS through PETSc; check the conductivity model and frequencies)"));

  PAIRINV_PETSC(MatCreateVecs(matrix_, solution_.out(), rhs_.out()));
  if (commSize > 1) PAIRINV_PETSC(VecScatterCreateToAll(solution_, toAll_.out(), gathered_.out()));
}

std::vector<Complex> Factorisation::solve(const std::vector<Complex>& b) const {
  ensure(int(b.size()) == n_, "right-hand side of length ", b.size(), " for a system of ", n_);
  std::vector<Complex> scaled(b.size());
  for (std::size_t k = 0; k < b.size(); ++k) scaled[k] = rowPhase_[k] * b[k];  // (S A) x = S b
  return run(scaled, false);
}

std::vector<Complex> Factorisation::solveTranspose(const std::vector<Complex>& b) const {
  // A^T x = b  <=>  (S A)^T (S^{-1} x) = b; and (S A)^T y = c  <=>  M^T conj(y) = conj(c).
  ensure(int(b.size()) == n_, "right-hand side of length ", b.size(), " for a system of ", n_);
  std::vector<Complex> conjugated(b.size());
  std::transform(b.begin(), b.end(), conjugated.begin(), [](Complex v) { return std::conj(v); });
  std::vector<Complex> x = run(conjugated, true);
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = rowPhase_[k] * std::conj(x[k]);
  return x;
}

std::vector<Complex> Factorisation::run(const std::vector<Complex>& b, bool transpose) const {
  PAIRINV_PETSC(VecSet(rhs_, 0.0));
  if (rank_ == 0) {
    std::vector<PetscInt> index(2 * b.size());
    std::vector<PetscScalar> values(2 * b.size());
    for (std::size_t k = 0; k < b.size(); ++k) {
      index[2 * k] = PetscInt(2 * k), index[2 * k + 1] = PetscInt(2 * k + 1);
      values[2 * k] = b[k].real(), values[2 * k + 1] = b[k].imag();
    }
    PAIRINV_PETSC(VecSetValues(rhs_, PetscInt(index.size()), index.data(), values.data(), INSERT_VALUES));
  }
  PAIRINV_PETSC(VecAssemblyBegin(rhs_));
  PAIRINV_PETSC(VecAssemblyEnd(rhs_));
  {
    LogEvent event(Event::EmSolve);
    if (transpose) PAIRINV_PETSC(KSPSolveTranspose(ksp_, rhs_, solution_));
    else PAIRINV_PETSC(KSPSolve(ksp_, rhs_, solution_));
  }
  KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
  PAIRINV_PETSC(KSPGetConvergedReason(ksp_, &reason));
  if (reason < 0)
    throw Error(concat("the linear solve of ", what_, " failed (KSPConvergedReason ", int(reason),
                       "); with an iterative -em_ksp_type, try more iterations or the default direct solver"));

  Vec whole = solution_;
  if (toAll_.get()) {
    PAIRINV_PETSC(VecScatterBegin(toAll_, solution_, gathered_, INSERT_VALUES, SCATTER_FORWARD));
    PAIRINV_PETSC(VecScatterEnd(toAll_, solution_, gathered_, INSERT_VALUES, SCATTER_FORWARD));
    whole = gathered_;
  }
  const PetscScalar* values = nullptr;
  PAIRINV_PETSC(VecGetArrayRead(whole, &values));
  std::vector<Complex> x(b.size());
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = Complex(values[2 * k], values[2 * k + 1]);
  PAIRINV_PETSC(VecRestoreArrayRead(whole, &values));
  return x;
}

void registerFactorisationOptions(const std::string& prefix, Ordering ordering) {
  ComplexTriplets one;
  one.n = 1;
  one.add(0, 0, Complex(1.0, 1.0));
  Factorisation probe(PETSC_COMM_SELF, one, prefix, ordering, "the solver option probe");
  probe.solve({Complex(1.0, 0.0)});
}

}  // namespace pairinv::em

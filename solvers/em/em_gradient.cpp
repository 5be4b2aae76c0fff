#include "solvers/em/em_gradient.hpp"

#include <cmath>
#include <functional>

#include "core/error.hpp"
#include "meshes/field_view.hpp"
#include "solvers/em/em_parallel.hpp"
#include "solvers/em/em_problem.hpp"

namespace pairinv::em {

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Per datum (flat index k of [f][s][r]) and its value d: the data-space weight rho_k.
using DataWeight = std::function<Complex(std::size_t k, Complex d)>;

struct Sweep {
  std::vector<double> meshGradient;  // over mesh cells, summed over ranks
  std::vector<double> synthetic;     // g(d) in the real layout, summed over ranks
};

/// Forward and adjoint solves for every task: J^T of the data-space vector given by `weight`.
Sweep adjointSweep(MPI_Comm comm, const EmProblem& problem, const DataWeight& weight) {
  const EmConfig& c = problem.config();
  const int nf = int(c.frequencies.size()), ns = c.sourceCount(), nr = int(c.receivers.size());
  const std::size_t nData = std::size_t(nf) * std::size_t(ns) * std::size_t(nr), nCells = problem.mesh().cells();
  std::vector<double> buffer(nCells + 2 * nData, 0.0);  // gradient, then synthetic
  {
    const EmTaskPlan plan(comm, c.ranksPerFrequency, nf, ns);
    EmData layout(nf, ns, nr);
    for (const EmTask& task : plan.tasks()) {
      const auto factors = problem.factorise(plan.group(), task.frequency);
      const double omega = problem.omega(task.frequency);
      for (int s = task.firstSource; s < task.endSource; ++s) {
        const std::vector<Complex> u = factors->solve(problem.rightHandSide(task.frequency, s));
        std::vector<Complex> v(u.size(), 0.0), explicitTerm(nCells, 0.0);
        for (int r = 0; r < nr; ++r) {
          const Linearisation l = problem.receivers().linearise(problem.op(), omega, u, std::size_t(r), c.datum);
          const std::size_t k = layout.index(task.frequency, s, r);
          const Complex g = realFormDerivative(l.value, c.form);
          const Complex coefficient = std::conj(weight(k, l.value)) * g;
          for (const auto& [j, dj] : l.du) v[std::size_t(j)] += coefficient * dj;
          for (const auto& [j, dj] : l.dm) explicitTerm[std::size_t(j)] += coefficient * dj;
          if (plan.groupRoot()) {
            buffer[nCells + k] = c.form == RealForm::RealImag ? l.value.real() : std::log(std::abs(l.value));
            buffer[nCells + nData + k] = c.form == RealForm::RealImag ? l.value.imag() : std::arg(l.value);
          }
        }
        const std::vector<Complex> lambda = factors->solveTranspose(v);
        const std::vector<Complex> sens = modelDerivativeAdjoint(problem.op(), omega, u, lambda);
        if (plan.groupRoot())
          for (std::size_t j = 0; j < nCells; ++j) buffer[j] += (explicitTerm[j] - sens[j]).real();
      }
    }
  }
  sumOverRanks(comm, buffer);
  Sweep out;
  out.meshGradient.assign(buffer.begin(), buffer.begin() + std::ptrdiff_t(nCells));
  out.synthetic.assign(buffer.begin() + std::ptrdiff_t(nCells), buffer.end());
  return out;
}

}  // namespace

EmGradientResult emGradient(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
                            const std::vector<double>& observed, const std::vector<double>* weights) {
  const EmProblem problem(conductivity, config);
  const std::size_t n = std::size_t(config.frequencies.size()) * std::size_t(config.sourceCount()) *
                        config.receivers.size();
  require(observed.size() == 2 * n, "observed EM data have ", observed.size(), " values; expected ", 2 * n,
          " (2 x frequencies x sources x receivers)");
  require(!weights || weights->size() == 2 * n, "EM data weights have ", weights ? weights->size() : 0,
          " values; expected ", 2 * n);
  const auto w2 = [&](std::size_t i) { return weights ? (*weights)[i] * (*weights)[i] : 1.0; };
  const DataWeight residualWeight = [&](std::size_t k, Complex d) {
    const bool logForm = config.form == RealForm::LogAmpPhase;
    const double r0 = (logForm ? std::log(std::abs(d)) : d.real()) - observed[k];
    double r1 = (logForm ? std::arg(d) : d.imag()) - observed[n + k];
    if (logForm) r1 = std::remainder(r1, 2 * kPi);
    return Complex(w2(k) * r0, w2(n + k) * r1);
  };
  const Sweep sweep = adjointSweep(comm, problem, residualWeight);
  EmGradientResult result;
  result.synthetic = sweep.synthetic;
  result.objective = misfit(realResidual(sweep.synthetic, observed, config.form), weights);
  result.gradient = sumToModelCells(problem.mesh(), conductivity.grid, sweep.meshGradient);
  return result;
}

Field2D emJacobianAdjoint(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
                          const std::vector<double>& w) {
  const EmProblem problem(conductivity, config);
  const std::size_t n = w.size() / 2;
  require(w.size() == 2 * std::size_t(config.frequencies.size()) * std::size_t(config.sourceCount()) *
                          config.receivers.size(),
          "a data-space vector of ", w.size(), " values does not match the EM survey");
  const Sweep sweep = adjointSweep(comm, problem, [&](std::size_t k, Complex) { return Complex(w[k], w[n + k]); });
  return sumToModelCells(problem.mesh(), conductivity.grid, sweep.meshGradient);
}

std::vector<double> emJacobianApply(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
                                    const ModelView& dm) {
  const EmProblem problem(conductivity, config);
  const std::vector<double> dmMesh = problem.meshPerturbation(dm);
  const int nf = int(config.frequencies.size()), ns = config.sourceCount(), nr = int(config.receivers.size());
  const EmData layout(nf, ns, nr);
  const std::size_t n = layout.size();
  std::vector<double> out(2 * n, 0.0);
  {
    const EmTaskPlan plan(comm, config.ranksPerFrequency, nf, ns);
    for (const EmTask& task : plan.tasks()) {
      const auto factors = problem.factorise(plan.group(), task.frequency);
      const double omega = problem.omega(task.frequency);
      for (int s = task.firstSource; s < task.endSource; ++s) {
        const std::vector<Complex> u = factors->solve(problem.rightHandSide(task.frequency, s));
        std::vector<Complex> du = factors->solve(modelDerivativeApply(problem.op(), omega, u, dmMesh));
        for (Complex& x : du) x = -x;
        if (!plan.groupRoot()) continue;
        for (int r = 0; r < nr; ++r) {
          const Linearisation l = problem.receivers().linearise(problem.op(), omega, u, std::size_t(r), config.datum);
          Complex dd = 0.0;
          for (const auto& [j, dj] : l.du) dd += dj * du[std::size_t(j)];
          for (const auto& [j, dj] : l.dm) dd += dj * dmMesh[std::size_t(j)];
          const Complex dg = realFormDerivative(l.value, config.form) * dd;
          const std::size_t k = layout.index(task.frequency, s, r);
          out[k] = dg.real(), out[n + k] = dg.imag();
        }
      }
    }
  }
  sumOverRanks(comm, out);
  return out;
}

Field2D logConductivity(const Field2D& conductivity) {
  requirePositiveFinite(conductivity, "the conductivity model");
  Field2D out = conductivity;
  for (double& v : out.values) v = std::log(v);
  return out;
}

Field2D conductivityFromLog(const Field2D& logSigma) {
  Field2D out = logSigma;
  for (double& v : out.values) v = std::exp(v);
  return out;
}

}  // namespace pairinv::em

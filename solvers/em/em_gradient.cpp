#include "solvers/em/em_gradient.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

#include "core/error.hpp"
#include "meshes/field_view.hpp"
#include "solvers/em/em_modes.hpp"
#include "solvers/em/em_parallel.hpp"
#include "solvers/em/em_problem.hpp"

namespace pairinv::em {

namespace {

/// Per datum (flat index k of [f][s][r]) and its real parts: the data-space weights (w0, w1).
using DataWeight = std::function<std::array<double, 2>(std::size_t k, const std::array<double, 2>& parts)>;

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
          const std::array<double, 2> parts = realParts(l.value, c.form, omega);
          const std::array<double, 2> w = weight(k, parts);
          const Complex coefficient = realFormDerivative(l.value, c.form).coefficient(w[0], w[1]);
          for (const auto& [j, dj] : l.du) v[std::size_t(j)] += coefficient * dj;
          for (const auto& [j, dj] : l.dm) explicitTerm[std::size_t(j)] += coefficient * dj;
          if (plan.groupRoot()) buffer[nCells + k] = parts[0], buffer[nCells + nData + k] = parts[1];
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

/// J^T w (w given per datum by `weight`) and g(d) of one mode part on the part's model.
Sweep partSweep(MPI_Comm comm, const ModelView& model, const EmConfig& config, const DataWeight& weight,
                Field2D& gradient) {
  const EmProblem problem(model, config);
  Sweep sweep = adjointSweep(comm, problem, weight);
  gradient = sumToModelCells(problem.mesh(), model.grid, sweep.meshGradient);
  return sweep;
}

/// Adds a part's model-grid field (rows [firstRow, nz) of `full`) into `full`.
void addRows(const Field2D& part, int firstRow, Field2D& full) {
  ensure(part.grid.nx == full.grid.nx && firstRow + part.grid.nz <= full.grid.nz, "addRows: the part does not fit");
  const auto out = full.values.begin() + std::ptrdiff_t(firstRow) * full.grid.nx;
  std::transform(part.values.begin(), part.values.end(), out, out, std::plus<>());
}

void requireDataSize(std::size_t size, const EmConfig& config, const char* what) {
  require(size == dataShape(config).size(), what, " have ", size, " values; expected ", dataShape(config).size(),
          " (2 x frequencies x sources x receivers)");
}

}  // namespace

EmGradientResult emGradient(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
                            const std::vector<double>& observed, const std::vector<double>* weights) {
  requireDataSize(observed.size(), config, "observed EM data");
  if (weights) requireDataSize(weights->size(), config, "EM data weights");
  const EmDataShape shape = dataShape(config);
  EmGradientResult result;
  result.gradient = Field2D(conductivity.grid, 0.0);
  result.synthetic.assign(shape.size(), 0.0);
  for (const EmModePart& part : modeParts(config, conductivity)) {
    const std::vector<double> obs = partData(observed, part, shape);
    std::vector<double> w2 = weights ? partData(*weights, part, shape) : std::vector<double>(obs.size(), 1.0);
    for (double& w : w2) w *= w;
    const std::size_t n = obs.size() / 2;
    const DataWeight residualWeight = [&](std::size_t k, const std::array<double, 2>& d) -> std::array<double, 2> {
      return {w2[k] * partDifference(d[0], obs[k], 0, config.form),
              w2[n + k] * partDifference(d[1], obs[n + k], 1, config.form)};
    };
    Field2D gradient;
    const Sweep sweep =
        partSweep(comm, rowsFrom(conductivity, part.firstRow), part.config, residualWeight, gradient);
    addRows(gradient, part.firstRow, result.gradient);
    addPartData(sweep.synthetic, part, shape, result.synthetic);
  }
  result.objective = misfit(realResidual(result.synthetic, observed, config.form), weights);
  return result;
}

Field2D emJacobianAdjoint(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
                          const std::vector<double>& w) {
  require(w.size() == dataShape(config).size(), "a data-space vector of ", w.size(),
          " values does not match the EM survey");
  Field2D out(conductivity.grid, 0.0);
  for (const EmModePart& part : modeParts(config, conductivity)) {
    const std::vector<double> wp = partData(w, part, dataShape(config));
    const std::size_t n = wp.size() / 2;
    Field2D gradient;
    partSweep(comm, rowsFrom(conductivity, part.firstRow), part.config,
              [&](std::size_t k, const std::array<double, 2>&) { return std::array<double, 2>{wp[k], wp[n + k]}; },
              gradient);
    addRows(gradient, part.firstRow, out);
  }
  return out;
}

namespace {

/// J dm of one mode part (its model and perturbation) in the part's real layout.
std::vector<double> partJacobianApply(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
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
          const std::array<double, 2> dg = realFormDerivative(l.value, config.form).apply(dd);
          const std::size_t k = layout.index(task.frequency, s, r);
          out[k] = dg[0], out[n + k] = dg[1];
        }
      }
    }
  }
  sumOverRanks(comm, out);
  return out;
}

}  // namespace

std::vector<double> emJacobianApply(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
                                    const ModelView& dm) {
  require(dm.grid.nz == conductivity.grid.nz && dm.grid.nx == conductivity.grid.nx, "a model perturbation of ",
          dm.grid.nz, " x ", dm.grid.nx, " does not match the ", conductivity.grid.nz, " x ", conductivity.grid.nx,
          " model");
  const EmDataShape shape = dataShape(config);
  std::vector<double> out(shape.size(), 0.0);
  for (const EmModePart& part : modeParts(config, conductivity))
    addPartData(partJacobianApply(comm, rowsFrom(conductivity, part.firstRow), part.config,
                                  rowsFrom(dm, part.firstRow)),
                part, shape, out);
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

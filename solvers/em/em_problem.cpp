#include "solvers/em/em_problem.hpp"

#include "core/error.hpp"
#include "solvers/em/em_sources.hpp"

namespace pairinv::em {

namespace {

constexpr double kTwoPi = 6.283185307179586476925;

const EmConfig& validated(const EmConfig& config) {
  ensure(config.padDistance > 0 && config.airHeight > 0,
          "the EM configuration was not validated (call validateEmConfig first)");
  ensure(config.polarisation != Polarisation::Both,
         "an EmProblem has one polarisation: split -em_polarisation both into its modes (modeParts)");
  return config;
}

}  // namespace

EmProblem::EmProblem(const ModelView& conductivity, const EmConfig& config)
    : config_(validated(config)),
      grid_(conductivity.grid),
      mesh_(buildMeshFor(config, conductivity.grid)),
      op_(buildOperator(mesh_, meshConductivity(mesh_, conductivity, config.airConductivity), config.polarisation,
                        config.source)),
      receivers_(mesh_, config.receivers, config.polarisation) {}

double EmProblem::omega(int f) const { return kTwoPi * config_.frequencies[std::size_t(f)]; }

std::unique_ptr<Factorisation> EmProblem::factorise(MPI_Comm group, int f) const {
  return std::make_unique<Factorisation>(group, assemble(op_, omega(f)), config_.solverPrefix,
                                         config_.ordering,
                                         concat("the EM system at ", config_.frequencies[std::size_t(f)], " Hz (",
                                                mesh_.nz(), " x ", mesh_.nx(), " cells)"));
}

std::vector<Complex> EmProblem::rightHandSide(int f, int s) const {
  return sourceRightHandSide(mesh_, op_, config_, s, omega(f));
}

std::vector<double> EmProblem::meshPerturbation(const ModelView& dm) const {
  require(dm.grid.nz == grid_.nz && dm.grid.nx == grid_.nx, "a model perturbation of ", dm.grid.nz, " x ",
          dm.grid.nx, " does not match the ", grid_.nz, " x ", grid_.nx, " model");
  std::vector<double> out(mesh_.cells(), 0.0);
  for (int iz = 0; iz < mesh_.nz(); ++iz)
    for (int ix = 0; ix < mesh_.nx(); ++ix) {
      const long c = mesh_.modelCell(iz, ix);
      if (c >= 0) out[mesh_.index(iz, ix)] = dm.at(int(c / grid_.nx), int(c % grid_.nx));
    }
  return out;
}

}  // namespace pairinv::em

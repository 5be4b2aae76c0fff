// Forward modelling of an EM survey: every frequency, source and receiver, shared over the
// MPI ranks as EmTaskPlan describes; each task factorises its frequency once and solves all
// its sources with that factorisation.
#pragma once

#include <mpi.h>

#include <vector>

#include "meshes/grid2d.hpp"
#include "solvers/em/em_config.hpp"
#include "solvers/em/em_data.hpp"

namespace pairinv::em {

struct EmSimulation {
  EmData field;      // E_y (E-pol) or H_y (H-pol); both: source 0 E_y, source 1 H_y
  EmData secondary;  // H_x (E-pol) or E_x (H-pol); both: likewise
  EmData impedance;  // Z (plane waves; zero-sized otherwise)
  /// With keepFields: per frequency, the field of source 0 on the model grid (averaged over
  /// the refinement), row-major [nz][nx]. Both polarisations: source 0 is TE, so this is E_y.
  std::vector<std::vector<Complex>> modelFields;

  /// The datum the configuration fits (field or impedance).
  const EmData& datum(DatumKind kind) const { return kind == DatumKind::Field ? field : impedance; }
};

/// Simulates the survey of `config` (validated) for `conductivity` (S/m); results on every rank.
EmSimulation simulateEm(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config, bool keepFields = false);

/// The real data (layout of em_data.hpp) of config's datum and form.
std::vector<double> realData(const EmSimulation& simulation, const EmConfig& config);

}  // namespace pairinv::em

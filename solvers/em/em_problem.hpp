// One EM problem: the mesh, the conductivity on it, the operator, sources and receivers for a
// conductivity model and a validated configuration -- everything the forward solves, the
// adjoint and the Jacobian products share. Frequencies are factorised on demand (one
// Factorisation per frequency serves all its sources and the adjoint solves).
#pragma once

#include <memory>
#include <vector>

#include "meshes/em_mesh.hpp"
#include "meshes/grid2d.hpp"
#include "solvers/em/em_config.hpp"
#include "solvers/em/em_factorisation.hpp"
#include "solvers/em/em_operator.hpp"
#include "solvers/em/em_receivers.hpp"

namespace pairinv::em {

class EmProblem {
 public:
  /// `config` must have passed validateEmConfig (the padding is resolved) and have one
  /// polarisation (a part of em_modes.hpp); it is copied.
  EmProblem(const ModelView& conductivity, const EmConfig& config);
  EmProblem(const EmProblem&) = delete;
  EmProblem& operator=(const EmProblem&) = delete;

  const EmConfig& config() const { return config_; }
  const Grid2D& modelGrid() const { return grid_; }
  const EmMesh& mesh() const { return mesh_; }
  const EmOperator& op() const { return op_; }
  const ReceiverSet& receivers() const { return receivers_; }

  double omega(int frequency) const;
  /// Assembles and factorises A at frequency index f on `group`.
  std::unique_ptr<Factorisation> factorise(MPI_Comm group, int frequency) const;
  std::vector<Complex> rightHandSide(int frequency, int source) const;
  /// A per-mesh-cell ln-sigma perturbation from a model-grid one (air cells: 0).
  std::vector<double> meshPerturbation(const ModelView& dm) const;

 private:
  EmConfig config_;
  Grid2D grid_;
  EmMesh mesh_;
  EmOperator op_;
  ReceiverSet receivers_;
};

}  // namespace pairinv::em

// The physics of latent-space inversion (LSI), behind one interface: the data term
//   J(q) = 1/2 |W (F(q) - b)|^2
// of a model q on the model grid, in the physical units the decoder produces (velocity in m/s,
// conductivity in S/m), with its gradient dJ/dq on the same grid. LSI (latent_inversion.hpp)
// pulls that gradient back through the decoder; it knows nothing else of the PDE.
// Implementations: AcousticLsiData (acoustic_lsi_data.hpp) and EmLsiData (em_lsi_data.hpp).
#pragma once

#include <string>
#include <vector>

#include "meshes/grid2d.hpp"

namespace pairinv::inversion {

class LsiDataTerm {
 public:
  virtual ~LsiDataTerm() = default;
  /// Called once with the learned estimate D_q(z*) before any evaluation: the physics may fix
  /// what it fixes at the starting model (the acoustic absorbing layers' velocities).
  virtual void prepare(const Field2D& estimate) { (void)estimate; }
  /// J(q) and dJ/dq (q.grid.size() values), on every rank; adds the PDE solves it made.
  virtual double evaluate(const Field2D& q, std::vector<double>& gradient, double& pdeSolves) = 0;
  /// J(q) alone (one forward modelling); adds the PDE solves it made.
  virtual double objective(const Field2D& q, double& pdeSolves) = 0;
  /// data_misfit = sqrt(2 J) / dataNorm(), i.e. |W (F(q) - b)| / |W b|.
  virtual double dataNorm() const = 0;
  /// The model_error column: relative L2 error (acoustic), RMS log10(sigma / sigma_true) (EM).
  virtual double modelError(const Field2D& q, const Field2D& truth) const = 0;
  /// How the iterates are written (IterationOutput): array name, log10 quick-looks.
  virtual std::string quantity() const = 0;
  virtual bool logarithmic() const = 0;
};

}  // namespace pairinv::inversion

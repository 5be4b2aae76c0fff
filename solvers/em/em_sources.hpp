// Right-hand sides of the EM system for each source.
//
// Plane wave (MT): no interior source; the field is driven by the boundary value u = 1 on the
// top (EmOperator), so b holds the boundary terms t_f g only. The data that matter (impedances)
// are ratios and do not depend on this normalisation.
// Line current I at a point p (E-pol): J_y = I delta(x - p). Integrated over the cells,
// b_j = -i omega mu0 I w_j with w the bilinear weights of p on the cell centres (the adjoint of
// bilinear interpolation), which keeps the far field second-order accurate wherever p lies.
#pragma once

#include <vector>

#include "meshes/em_mesh.hpp"
#include "solvers/em/em_config.hpp"
#include "solvers/em/em_operator.hpp"

namespace pairinv::em {

/// b for source `source` (0 for the plane wave) at angular frequency omega.
std::vector<Complex> sourceRightHandSide(const EmMesh& mesh, const EmOperator& op, const EmConfig& config,
                                         int source, double omega);

}  // namespace pairinv::em

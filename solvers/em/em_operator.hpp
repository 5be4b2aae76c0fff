// The finite-volume operators of 2D EM on the tensor mesh (EmMesh), cell-centred unknowns.
//
// E-polarisation (TE), u = E_y:      -lap u + i omega mu0 sigma u = -i omega mu0 J_y
// H-polarisation (TM), u = H_y:      -div(rho grad u) + i omega mu0 u = 0,  rho = 1/sigma
// Integrating over cell c and approximating the flux through each face f between cells a, b
// by t_f (u_a - u_b) gives the complex symmetric system
//   A u = sum_f t_f (u_a - u_b)(e_a - e_b) + i omega mu0 diag(s_c |c|) u = b,
// with the face transmissibility (L_f the face length, d_a, d_b the centre-to-face distances)
//   E-pol: t_f = L_f / (d_a + d_b),      H-pol: t_f = L_f / (d_a / rho_a + d_b / rho_b)
// (for H-pol the flux rho du/dn is continuous across the face, which gives the harmonic mean of
// rho weighted by the distances: exact for a resistivity jump on the face),
// and s_c = sigma_c (E-pol) or 1 (H-pol). A Dirichlet face on the boundary (value g) is a
// face to a ghost at the face itself: d_b = 0, adding t_f to A_aa and t_f g to b_a. Neumann
// faces (no flux) are simply absent.
//
// Boundaries: line sources put E = 0 on all four sides; plane waves put u = 1 on the top
// (top of the air for E-pol, the surface for H-pol, where H is constant above), u = 0 at the
// bottom and no flux through the sides. The padding puts these several skin depths away.
//
// Derivatives with respect to the log-conductivity m_c = ln sigma_c of a mesh cell, for the
// adjoint: d(A u - b)/dm_c is i omega mu0 sigma_c |c| u_c e_c for E-pol; for H-pol it comes
// from the faces of c, dt_f/dm_a = -t_f^2 sigma_a d_a / L_f, times (u_a - u_b)(e_a - e_b) with the
// ghost's u the boundary value g (which is how b depends on m).
#pragma once

#include <complex>
#include <vector>

#include "meshes/em_mesh.hpp"
#include "solvers/em/em_config.hpp"
#include "solvers/em/em_factorisation.hpp"

namespace pairinv::em {

struct EmFace {
  int a = 0, b = -1;       // cells; b = -1: Dirichlet boundary face
  double length = 0.0;     // L_f
  double da = 0.0, db = 0.0;  // centre-to-face distances (db = 0 on the boundary)
  Complex ghost = 0.0;     // boundary value g (b = -1 only)
};

struct EmOperator {
  Polarisation polarisation = Polarisation::E;
  int n = 0;                   // unknowns (mesh cells, row-major)
  std::vector<double> sigma;   // mesh conductivity
  std::vector<double> area;    // cell areas
  std::vector<EmFace> faces;   // interior and Dirichlet faces
  Complex topValue = 0.0;      // the Dirichlet value on the top boundary

  double transmissibility(const EmFace& f) const;
  /// d t_f / d m for cell a (side 0) or b (side 1).
  double transmissibilityDerivative(const EmFace& f, int side) const;
};

/// The operator for `mesh` with conductivity `sigma` (per mesh cell) and the boundary
/// conditions of `source`.
EmOperator buildOperator(const EmMesh& mesh, const std::vector<double>& sigma, Polarisation polarisation,
                         SourceKind source);

/// A(omega) as complex triplets.
ComplexTriplets assemble(const EmOperator& op, double omega);

/// The part of b coming from Dirichlet boundary values: sum over boundary faces of t_f g e_a.
std::vector<Complex> boundaryRightHandSide(const EmOperator& op);

/// r = sum_c dm_c d(A u - b)/dm_c for a per-mesh-cell perturbation dm of ln sigma.
std::vector<Complex> modelDerivativeApply(const EmOperator& op, double omega, const std::vector<Complex>& u,
                                          const std::vector<double>& dm);

/// s_c = lambda^T d(A u - b)/dm_c for every mesh cell (so sum_c s_c dm_c = lambda^T r above).
std::vector<Complex> modelDerivativeAdjoint(const EmOperator& op, double omega, const std::vector<Complex>& u,
                                            const std::vector<Complex>& lambda);

}  // namespace pairinv::em

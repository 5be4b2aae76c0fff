// Receivers: the field and its vertical derivative at any point, as linear functionals of the
// cell-centred solution u, and the MT quantities derived from them.
//
// Value: bilinear interpolation between cell centres (clamped beyond the outer centres). For
// H-pol the top boundary (the surface) is a node too, holding the boundary value H = 1.
// Vertical derivative: the face fluxes D_k = kappa_k (u_k - u_{k-1}) on the horizontal faces
// k (between rows k-1 and k; rows -1 and nz are ghosts holding the boundary values), linearly
// interpolated between the faces that bracket z and bilinearly in x between column centres.
//   E-pol: kappa_k = 1 / (distance between the centres)        so D = dE_y/dz
//   H-pol: kappa_k = -1 / (d_{k-1} / rho_{k-1} + d_k / rho_k)    so D = -rho dH_y/dz = E_x
// The face flux is the quantity the finite-volume scheme conserves: it is second-order
// accurate at faces (the surface is one) even across a conductivity jump on the face.
//
// Fields with e^{i omega t}, z down: curl E = -i omega mu0 H and curl H = sigma E give
//   E-pol: H_x = (dE_y/dz) / (i omega mu0),   Z = -E_y / H_x
//   H-pol: E_x = -rho dH_y/dz,                 Z =  E_x / H_y
// so that both impedances equal i omega mu0 / gamma over a half-space (phase 45 degrees);
// apparent resistivity rho_a = |Z|^2 / (omega mu0), phase = arg Z.
#pragma once

#include <utility>
#include <vector>

#include "meshes/em_mesh.hpp"
#include "solvers/em/em_config.hpp"
#include "solvers/em/em_operator.hpp"

namespace pairinv::em {

/// sum_j w_j u_j + topWeight * (the top boundary value).
struct ValueStencil {
  std::vector<std::pair<int, double>> cells;
  double topWeight = 0.0;
};

/// sum of weight * D_{k, ix} over horizontal faces k of column ix.
struct FaceTerm {
  int k = 0, ix = 0;
  double weight = 0.0;
};

/// A complex value with its derivatives: d value = sum du_j du_j + sum dm_c dm_c (dm over mesh
/// cells' ln sigma; only H-pol fluxes depend on sigma directly).
struct Linearisation {
  Complex value = 0.0;
  std::vector<std::pair<int, Complex>> du, dm;
};

/// The readings at one receiver for one solution.
struct Reading {
  Complex field = 0.0;      // E_y (E-pol) or H_y (H-pol)
  Complex secondary = 0.0;  // H_x (E-pol) or E_x (H-pol)
  Complex impedance = 0.0;  // Z as above (meaningful for plane waves)
};

/// Bilinear weights of cell centres at p (also how line sources are spread onto cells).
ValueStencil valueStencil(const EmMesh& mesh, Point p, bool topIsNode);

class ReceiverSet {
 public:
  ReceiverSet(const EmMesh& mesh, const std::vector<Point>& points, Polarisation polarisation);

  std::size_t size() const { return values_.size(); }
  Reading read(const EmOperator& op, double omega, const std::vector<Complex>& u, std::size_t r) const;
  /// The datum of `kind` at receiver r and its derivatives.
  Linearisation linearise(const EmOperator& op, double omega, const std::vector<Complex>& u, std::size_t r,
                          DatumKind kind) const;

 private:
  Linearisation value(const EmOperator& op, const std::vector<Complex>& u, std::size_t r) const;
  Linearisation flux(const EmOperator& op, const std::vector<Complex>& u, std::size_t r) const;

  const EmMesh* mesh_;
  Polarisation polarisation_;
  std::vector<ValueStencil> values_;
  std::vector<std::vector<FaceTerm>> fluxes_;
};

}  // namespace pairinv::em

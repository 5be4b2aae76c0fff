#include "solvers/em/em_operator.hpp"

#include "core/error.hpp"
#include "solvers/em/em_analytic.hpp"

namespace pairinv::em {

double EmOperator::transmissibility(const EmFace& f) const {
  if (polarisation == Polarisation::E) return f.length / (f.da + f.db);
  // rho dH/dz is continuous across the face: t = L / (d_a / rho_a + d_b / rho_b).
  const double sigmaB = f.b < 0 ? 0.0 : sigma[std::size_t(f.b)];
  return f.length / (sigma[std::size_t(f.a)] * f.da + sigmaB * f.db);
}

double EmOperator::transmissibilityDerivative(const EmFace& f, int side) const {
  if (polarisation == Polarisation::E) return 0.0;
  const int cell = side == 0 ? f.a : f.b;
  if (cell < 0) return 0.0;
  const double t = transmissibility(f);
  return -t * t * (side == 0 ? f.da : f.db) * sigma[std::size_t(cell)] / f.length;
}

EmOperator buildOperator(const EmMesh& mesh, const std::vector<double>& sigma, Polarisation polarisation,
                         SourceKind source) {
  ensure(sigma.size() == mesh.cells(), "", sigma.size(), " conductivities for ", mesh.cells(),
          " mesh cells");
  EmOperator op;
  op.polarisation = polarisation;
  op.n = int(mesh.cells());
  op.sigma = sigma;
  op.area.resize(mesh.cells());
  const int nx = mesh.nx(), nz = mesh.nz();
  for (int iz = 0; iz < nz; ++iz)
    for (int ix = 0; ix < nx; ++ix) op.area[mesh.index(iz, ix)] = mesh.area(iz, ix);

  const bool planeWave = source == SourceKind::PlaneWave;
  op.topValue = planeWave ? 1.0 : 0.0;
  const auto id = [&](int iz, int ix) { return int(mesh.index(iz, ix)); };
  const auto hx = [&](int ix) { return mesh.hx[std::size_t(ix)]; };
  const auto hz = [&](int iz) { return mesh.hz[std::size_t(iz)]; };

  for (int iz = 0; iz < nz; ++iz)
    for (int ix = 0; ix + 1 < nx; ++ix)  // vertical faces between columns
      op.faces.push_back({id(iz, ix), id(iz, ix + 1), hz(iz), 0.5 * hx(ix), 0.5 * hx(ix + 1), 0.0});
  for (int iz = 0; iz + 1 < nz; ++iz)  // horizontal faces between rows
    for (int ix = 0; ix < nx; ++ix)
      op.faces.push_back({id(iz, ix), id(iz + 1, ix), hx(ix), 0.5 * hz(iz), 0.5 * hz(iz + 1), 0.0});
  for (int ix = 0; ix < nx; ++ix) {  // top and bottom: Dirichlet
    op.faces.push_back({id(0, ix), -1, hx(ix), 0.5 * hz(0), 0.0, op.topValue});
    op.faces.push_back({id(nz - 1, ix), -1, hx(ix), 0.5 * hz(nz - 1), 0.0, 0.0});
  }
  if (!planeWave)  // sides: Dirichlet 0 for line sources, no flux for plane waves
    for (int iz = 0; iz < nz; ++iz) {
      op.faces.push_back({id(iz, 0), -1, hz(iz), 0.5 * hx(0), 0.0, 0.0});
      op.faces.push_back({id(iz, nx - 1), -1, hz(iz), 0.5 * hx(nx - 1), 0.0, 0.0});
    }
  return op;
}

ComplexTriplets assemble(const EmOperator& op, double omega) {
  ComplexTriplets a;
  a.n = op.n;
  a.rows.reserve(std::size_t(op.n) + 4 * op.faces.size());
  std::vector<Complex> diagonal(std::size_t(op.n));
  for (int c = 0; c < op.n; ++c) {
    const double s = op.polarisation == Polarisation::E ? op.sigma[std::size_t(c)] : 1.0;
    diagonal[std::size_t(c)] = Complex(0.0, omega * kMu0 * s * op.area[std::size_t(c)]);
  }
  for (const EmFace& f : op.faces) {
    const double t = op.transmissibility(f);
    diagonal[std::size_t(f.a)] += t;
    if (f.b < 0) continue;
    diagonal[std::size_t(f.b)] += t;
    a.add(f.a, f.b, -t);
    a.add(f.b, f.a, -t);
  }
  for (int c = 0; c < op.n; ++c) a.add(c, c, diagonal[std::size_t(c)]);
  return a;
}

std::vector<Complex> boundaryRightHandSide(const EmOperator& op) {
  std::vector<Complex> b(std::size_t(op.n), 0.0);
  for (const EmFace& f : op.faces)
    if (f.b < 0 && f.ghost != 0.0) b[std::size_t(f.a)] += op.transmissibility(f) * f.ghost;
  return b;
}

std::vector<Complex> modelDerivativeApply(const EmOperator& op, double omega, const std::vector<Complex>& u,
                                          const std::vector<double>& dm) {
  std::vector<Complex> r(std::size_t(op.n), 0.0);
  if (op.polarisation == Polarisation::E) {
    for (std::size_t c = 0; c < r.size(); ++c)
      r[c] = Complex(0.0, omega * kMu0 * op.sigma[c] * op.area[c] * dm[c]) * u[c];
    return r;
  }
  for (const EmFace& f : op.faces) {
    double dt = op.transmissibilityDerivative(f, 0) * dm[std::size_t(f.a)];
    if (f.b >= 0) dt += op.transmissibilityDerivative(f, 1) * dm[std::size_t(f.b)];
    const Complex jump = u[std::size_t(f.a)] - (f.b < 0 ? f.ghost : u[std::size_t(f.b)]);
    r[std::size_t(f.a)] += dt * jump;
    if (f.b >= 0) r[std::size_t(f.b)] -= dt * jump;
  }
  return r;
}

std::vector<Complex> modelDerivativeAdjoint(const EmOperator& op, double omega, const std::vector<Complex>& u,
                                            const std::vector<Complex>& lambda) {
  std::vector<Complex> s(std::size_t(op.n), 0.0);
  if (op.polarisation == Polarisation::E) {
    for (std::size_t c = 0; c < s.size(); ++c)
      s[c] = Complex(0.0, omega * kMu0 * op.sigma[c] * op.area[c]) * lambda[c] * u[c];
    return s;
  }
  for (const EmFace& f : op.faces) {
    const Complex jump = u[std::size_t(f.a)] - (f.b < 0 ? f.ghost : u[std::size_t(f.b)]);
    const Complex weight = (lambda[std::size_t(f.a)] - (f.b < 0 ? 0.0 : lambda[std::size_t(f.b)])) * jump;
    s[std::size_t(f.a)] += op.transmissibilityDerivative(f, 0) * weight;
    if (f.b >= 0) s[std::size_t(f.b)] += op.transmissibilityDerivative(f, 1) * weight;
  }
  return s;
}

}  // namespace pairinv::em

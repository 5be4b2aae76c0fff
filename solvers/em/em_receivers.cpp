#include "solvers/em/em_receivers.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "solvers/em/em_analytic.hpp"

namespace pairinv::em {

namespace {

struct Bracket {
  int i0 = 0, i1 = 0;
  double t = 0.0;  // weight of i1
};

/// Linear interpolation position of x among ascending nodes (clamped at both ends).
Bracket bracket(const std::vector<double>& nodes, double x) {
  const int n = int(nodes.size());
  if (x <= nodes.front()) return {0, 0, 0.0};
  if (x >= nodes.back()) return {n - 1, n - 1, 0.0};
  const int i = int(std::upper_bound(nodes.begin(), nodes.end(), x) - nodes.begin()) - 1;
  return {i, i + 1, (x - nodes[std::size_t(i)]) / (nodes[std::size_t(i) + 1] - nodes[std::size_t(i)])};
}

void scaleInto(std::vector<std::pair<int, Complex>>& out, const std::vector<std::pair<int, Complex>>& in, Complex s) {
  for (const auto& [j, v] : in) out.emplace_back(j, s * v);
}

}  // namespace

ValueStencil valueStencil(const EmMesh& mesh, Point p, bool topIsNode) {
  const Bracket bx = bracket(mesh.xCentres, p.x);
  std::vector<double> zNodes;
  if (topIsNode) zNodes.push_back(mesh.zFaces.front());
  zNodes.insert(zNodes.end(), mesh.zCentres.begin(), mesh.zCentres.end());
  const Bracket bz = bracket(zNodes, p.z);
  const int shift = topIsNode ? 1 : 0;
  ValueStencil s;
  const double wx[2] = {1.0 - bx.t, bx.t}, wz[2] = {1.0 - bz.t, bz.t};
  const int ix[2] = {bx.i0, bx.i1}, iz[2] = {bz.i0 - shift, bz.i1 - shift};
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b) {
      const double w = wz[a] * wx[b];
      if (w == 0.0) continue;
      if (iz[a] < 0) s.topWeight += w;
      else s.cells.emplace_back(int(mesh.index(iz[a], ix[b])), w);
    }
  return s;
}

ReceiverSet::ReceiverSet(const EmMesh& mesh, const std::vector<Point>& points, Polarisation polarisation)
    : mesh_(&mesh), polarisation_(polarisation) {
  for (const Point& p : points) {
    values_.push_back(valueStencil(mesh, p, polarisation == Polarisation::H));
    const Bracket bx = bracket(mesh.xCentres, p.x);
    const Bracket bz = bracket(mesh.zFaces, p.z);
    std::vector<FaceTerm> terms;
    const double wx[2] = {1.0 - bx.t, bx.t}, wz[2] = {1.0 - bz.t, bz.t};
    const int ix[2] = {bx.i0, bx.i1}, k[2] = {bz.i0, bz.i1};
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b)
        if (wz[a] * wx[b] != 0.0) terms.push_back({k[a], ix[b], wz[a] * wx[b]});
    fluxes_.push_back(std::move(terms));
  }
}

Linearisation ReceiverSet::value(const EmOperator& op, const std::vector<Complex>& u, std::size_t r) const {
  const ValueStencil& s = values_[r];
  Linearisation l;
  l.value = s.topWeight * op.topValue;
  for (const auto& [j, w] : s.cells) {
    l.value += w * u[std::size_t(j)];
    l.du.emplace_back(j, w);
  }
  return l;
}

Linearisation ReceiverSet::flux(const EmOperator& op, const std::vector<Complex>& u, std::size_t r) const {
  const EmMesh& m = *mesh_;
  const int nz = m.nz();
  Linearisation l;
  for (const FaceTerm& f : fluxes_[r]) {
    const int above = f.k >= 1 ? int(m.index(f.k - 1, f.ix)) : -1;
    const int below = f.k < nz ? int(m.index(f.k, f.ix)) : -1;
    const double da = above >= 0 ? 0.5 * m.hz[std::size_t(f.k - 1)] : 0.0;
    const double db = below >= 0 ? 0.5 * m.hz[std::size_t(f.k)] : 0.0;
    const Complex ua = above >= 0 ? u[std::size_t(above)] : op.topValue;
    const Complex ub = below >= 0 ? u[std::size_t(below)] : Complex(0.0);
    double kappa = 0.0;
    if (polarisation_ == Polarisation::E) {
      kappa = 1.0 / (da + db);
    } else {
      const double sa = above >= 0 ? da * op.sigma[std::size_t(above)] : 0.0;
      const double sb = below >= 0 ? db * op.sigma[std::size_t(below)] : 0.0;
      const double sum = sa + sb;
      kappa = -1.0 / sum;
      // d kappa / d ln sigma_a = sigma_a d_a / sum^2 (and likewise for b)
      if (above >= 0) l.dm.emplace_back(above, f.weight * (sa / (sum * sum)) * (ub - ua));
      if (below >= 0) l.dm.emplace_back(below, f.weight * (sb / (sum * sum)) * (ub - ua));
    }
    l.value += f.weight * kappa * (ub - ua);
    if (below >= 0) l.du.emplace_back(below, f.weight * kappa);
    if (above >= 0) l.du.emplace_back(above, -f.weight * kappa);
  }
  return l;
}

Reading ReceiverSet::read(const EmOperator& op, double omega, const std::vector<Complex>& u, std::size_t r) const {
  const Complex v = value(op, u, r).value, d = flux(op, u, r).value;
  const Complex iwm(0.0, omega * kMu0);
  Reading reading;
  reading.field = v;
  reading.secondary = polarisation_ == Polarisation::E ? d / iwm : d;
  reading.impedance = polarisation_ == Polarisation::E ? -iwm * v / d : d / v;
  return reading;
}

Linearisation ReceiverSet::linearise(const EmOperator& op, double omega, const std::vector<Complex>& u,
                                     std::size_t r, DatumKind kind) const {
  Linearisation v = value(op, u, r);
  if (kind == DatumKind::Field) return v;
  const Linearisation d = flux(op, u, r);
  require(v.value != 0.0 && d.value != 0.0, "the impedance at receiver ", r,
          " is undefined (a field vanishes there); move the receiver");
  Linearisation z;
  const bool e = polarisation_ == Polarisation::E;
  z.value = e ? -Complex(0.0, omega * kMu0) * v.value / d.value : d.value / v.value;
  // E-pol: dZ = Z (dV/V - dD/D); H-pol: dZ = Z (dD/D - dV/V).
  const Complex sv = (e ? 1.0 : -1.0) * z.value / v.value, sd = (e ? -1.0 : 1.0) * z.value / d.value;
  scaleInto(z.du, v.du, sv);
  scaleInto(z.du, d.du, sd);
  scaleInto(z.dm, d.dm, sd);
  return z;
}

}  // namespace pairinv::em

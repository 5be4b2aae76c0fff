// Layered velocity families in the spirit of OpenFWI's Vel and Fault families.
//
// A sample draws, in this order:
//   L ~ U{layers_min .. layers_max} layers with velocities v_k ~ U[vmin, vmax) (sorted
//   increasing for the -a variants); interface depths d_1 < ... < d_{L-1}, every layer at least
//   thickness_min thick (drawInterfaceDepths);
//   curved variants: one wavelength lambda ~ U[wavelength_min, wavelength_max), one phase
//   phi ~ U[0, 2 pi), and per interface an amplitude a_k ~ U[amplitude_min, amplitude_max):
//       h_k(x) = d_k + a_k sin(2 pi x / lambda + phi),
//   made monotone in k (h_k = max(h_k, h_{k-1})), so that layers may pinch out but never cross;
//   faulted variants: F ~ U{faults_min .. faults_max} faults, each a straight line through
//   (z = 0, x = x_top) with x_top ~ U[0.15 W, 0.85 W), dip delta ~ U[dip_min, dip_max) degrees
//   towards a random side, and a throw t ~ U[throw_min, throw_max) m, randomly up or down.
//   The hanging wall (the side the fault dips towards) is moved down by t.
//   Bodies (all variants; none by default): B ~ U{bodies_min .. bodies_max} ellipses painted over
//   the layers, centres uniform over the model, semi-axes ~ U[body_radius_min, body_radius_max)
//   m, rotation ~ U[0, pi), velocity ~ U[vmin, vmax). With bodies_max 0 nothing is drawn, so
//   the samples are those of the family without bodies.
// The velocity at a cell centre (z, x) is v_k for the layer k = #{k : h_k(x) <= z'}, where z'
// undoes the faults from the youngest (last drawn) to the oldest: z' -= t_f on the hanging wall.
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "meshes/family_builders.hpp"

namespace pairinv::families {

namespace {

struct Fault {
  double xTop, slope;  // x on the fault at depth z: xTop + slope z
  double side;         // +1: the hanging wall lies at larger x - x_fault
  double throwDown;    // m, negative for a reverse fault
};

struct LayeredSample {
  std::vector<double> velocities;
  std::vector<double> depths, amplitudes;
  double wavenumber = 0.0, phase = 0.0;
  std::vector<Fault> faults;
  std::vector<Inclusion> bodies;
};

LayeredSample drawLayered(const FamilyOptions& o, SampleRng& rng, Interfaces interfaces, bool faulted,
                          VelocityOrder order) {
  const Grid2D g = familyGrid(o);
  LayeredSample s;
  const int layers = rng.integer(integerValue(o, "layers_min"), integerValue(o, "layers_max"));
  for (int k = 0; k < layers; ++k) s.velocities.push_back(rng.uniform(value(o, "vmin"), value(o, "vmax")));
  if (order == VelocityOrder::Increasing) std::sort(s.velocities.begin(), s.velocities.end());
  s.depths = drawInterfaceDepths(rng, layers, 0.0, g.nz * g.dz, value(o, "thickness_min"));
  s.amplitudes.assign(s.depths.size(), 0.0);
  if (interfaces == Interfaces::Curved) {
    s.wavenumber = 2.0 * M_PI / rng.uniform(value(o, "wavelength_min"), value(o, "wavelength_max"));
    s.phase = rng.uniform(0.0, 2.0 * M_PI);
    for (double& a : s.amplitudes) a = rng.uniform(value(o, "amplitude_min"), value(o, "amplitude_max"));
  }
  if (faulted) {
    const int count = rng.integer(integerValue(o, "faults_min"), integerValue(o, "faults_max"));
    const double width = g.nx * g.dx;
    for (int f = 0; f < count; ++f) {
      Fault fault;
      fault.xTop = rng.uniform(0.15 * width, 0.85 * width);
      const double dip = rng.uniform(value(o, "dip_min"), value(o, "dip_max")) * M_PI / 180.0;
      fault.side = rng.coin() ? 1.0 : -1.0;
      fault.slope = fault.side / std::tan(dip);  // |dx/dz|; 0 for a vertical fault
      fault.throwDown = rng.uniform(value(o, "throw_min"), value(o, "throw_max")) * (rng.coin() ? 1.0 : -1.0);
      s.faults.push_back(fault);
    }
  }
  const int bodies = rng.integer(integerValue(o, "bodies_min"), integerValue(o, "bodies_max"));
  for (int b = 0; b < bodies; ++b) {
    Inclusion c;
    c.cz = rng.uniform(0.0, g.nz * g.dz);
    c.cx = rng.uniform(0.0, g.nx * g.dx);
    c.az = rng.uniform(value(o, "body_radius_min"), value(o, "body_radius_max"));
    c.ax = rng.uniform(value(o, "body_radius_min"), value(o, "body_radius_max"));
    c.angle = rng.uniform(0.0, M_PI);
    c.value = rng.uniform(value(o, "vmin"), value(o, "vmax"));
    s.bodies.push_back(c);
  }
  return s;
}

Field2D renderLayered(const FamilyOptions& o, const LayeredSample& s) {
  Field2D model(familyGrid(o));
  const Grid2D& g = model.grid;
  std::vector<double> interface(s.depths.size());
  for (int ix = 0; ix < g.nx; ++ix) {
    const double x = cellX(g, ix);
    for (std::size_t k = 0; k < s.depths.size(); ++k) {
      interface[k] = s.depths[k] + s.amplitudes[k] * std::sin(s.wavenumber * x + s.phase);
      if (k > 0) interface[k] = std::max(interface[k], interface[k - 1]);
    }
    for (int iz = 0; iz < g.nz; ++iz) {
      double z = cellZ(g, iz);
      for (auto f = s.faults.rbegin(); f != s.faults.rend(); ++f)
        if ((x - (f->xTop + f->slope * z)) * f->side > 0.0) z -= f->throwDown;
      const auto layer = std::upper_bound(interface.begin(), interface.end(), z) - interface.begin();
      model.at(iz, ix) = s.velocities[std::size_t(layer)];
    }
  }
  for (const Inclusion& body : s.bodies) paintInclusion(model, body);
  return model;
}

}  // namespace

ModelFamily layeredVelocityFamily(const std::string& name, const std::string& summary, Interfaces interfaces,
                                  bool faulted, VelocityOrder order) {
  ModelFamily f;
  f.name = name;
  f.summary = summary;
  f.quantity = "velocity";
  f.units = "m/s";
  f.parameters = gridParameters(70, 70, 10.0);
  const std::vector<FamilyParameter> common = {
      {"vmin", "Lowest layer velocity in m/s", 1500.0, 1.0, 1e6, false},
      {"vmax", "Highest layer velocity in m/s", 4500.0, 1.0, 1e6, false},
      {"layers_min", "Fewest layers", 2.0, 1.0, 1000.0, true},
      {"layers_max", "Most layers", 5.0, 1.0, 1000.0, true},
      {"thickness_min", "Thinnest layer in m (before curving and faulting)", 50.0, 0.0, 1e9, false},
      {"bodies_min", "Fewest elliptical bodies painted over the layers", 0.0, 0.0, 1000.0, true},
      {"bodies_max", "Most elliptical bodies painted over the layers (0: none)", 0.0, 0.0, 1000.0, true},
      {"body_radius_min", "Smallest semi-axis of a body in m", 40.0, 1e-6, 1e9, false},
      {"body_radius_max", "Largest semi-axis of a body in m", 120.0, 1e-6, 1e9, false},
  };
  f.parameters.insert(f.parameters.end(), common.begin(), common.end());
  if (interfaces == Interfaces::Curved) {
    const std::vector<FamilyParameter> curved = {
        {"amplitude_min", "Smallest amplitude of an interface's sine in m", 20.0, 0.0, 1e9, false},
        {"amplitude_max", "Largest amplitude of an interface's sine in m", 100.0, 0.0, 1e9, false},
        {"wavelength_min", "Shortest wavelength of the interfaces in m", 300.0, 1e-6, 1e12, false},
        {"wavelength_max", "Longest wavelength of the interfaces in m", 1400.0, 1e-6, 1e12, false},
    };
    f.parameters.insert(f.parameters.end(), curved.begin(), curved.end());
  }
  if (faulted) {
    const std::vector<FamilyParameter> faults = {
        {"faults_min", "Fewest faults", 1.0, 0.0, 100.0, true},
        {"faults_max", "Most faults", 2.0, 0.0, 100.0, true},
        {"throw_min", "Smallest vertical offset along a fault in m", 40.0, 0.0, 1e9, false},
        {"throw_max", "Largest vertical offset along a fault in m", 200.0, 0.0, 1e9, false},
        {"dip_min", "Smallest fault dip in degrees from horizontal", 45.0, 1.0, 90.0, false},
        {"dip_max", "Largest fault dip in degrees from horizontal (90: vertical)", 85.0, 1.0, 90.0, false},
    };
    f.parameters.insert(f.parameters.end(), faults.begin(), faults.end());
  }
  f.check = [interfaces, faulted](const FamilyOptions& o) {
    requireOrdered(o, "vmin", "vmax");
    requireOrdered(o, "layers_min", "layers_max");
    requireOrdered(o, "bodies_min", "bodies_max");
    requireOrdered(o, "body_radius_min", "body_radius_max");
    const double depth = value(o, "nz") * value(o, "dz");
    require(value(o, "layers_max") * value(o, "thickness_min") <= depth, "-family_layers_max ",
            value(o, "layers_max"), " layers of at least -family_thickness_min ", value(o, "thickness_min"),
            " m do not fit in the model depth of ", depth, " m (-family_nz x -family_dz)");
    if (interfaces == Interfaces::Curved) {
      requireOrdered(o, "amplitude_min", "amplitude_max");
      requireOrdered(o, "wavelength_min", "wavelength_max");
    }
    if (faulted) {
      requireOrdered(o, "faults_min", "faults_max");
      requireOrdered(o, "throw_min", "throw_max");
      requireOrdered(o, "dip_min", "dip_max");
    }
  };
  f.valueRange = [](const FamilyOptions& o) { return std::make_pair(value(o, "vmin"), value(o, "vmax")); };
  f.generate = [interfaces, faulted, order](const FamilyOptions& o, SampleRng& rng) {
    return renderLayered(o, drawLayered(o, rng, interfaces, faulted, order));
  };
  return f;
}

}  // namespace pairinv::families

#include "solvers/em/em_config.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/options.hpp"
#include "solvers/em/em_analytic.hpp"
#include "solvers/em/em_factorisation.hpp"

namespace pairinv::em {

namespace {

std::vector<Point> pointsFromLists(const std::vector<PetscReal>& x, const std::vector<PetscReal>& z,
                                   const std::string& xOption, const std::string& zOption) {
  require(!x.empty(), "option ", xOption, " is empty");
  require(z.size() == 1 || z.size() == x.size(), "option ", zOption, " has ", z.size(),
          " entries; give one depth for all or one per entry of ", xOption, " (", x.size(), ")");
  std::vector<Point> points;
  for (std::size_t i = 0; i < x.size(); ++i) points.push_back({x[i], z.size() == 1 ? z[0] : z[i]});
  return points;
}

void requireInside(const std::vector<Point>& points, const char* what, const char* options, double xmin,
                   double xmax, double zmin, double zmax) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Point& p = points[i];
    require(p.x >= xmin && p.x <= xmax && p.z >= zmin && p.z <= zmax, what, " ", i, " at (x, z) = (", p.x, ", ",
            p.z, ") m lies outside the mesh region it may use: x in [", xmin, ", ", xmax, "], z in [", zmin, ", ",
            zmax, "] m (", options, ")");
  }
}

}  // namespace

int airRowsOnTop(const ModelView& model) {
  const Grid2D& g = model.grid;
  int airRows = 0;
  for (; airRows < g.nz; ++airRows) {
    bool air = true;
    for (int ix = 0; ix < g.nx && air; ++ix) air = model.at(airRows, ix) <= kAirLikeConductivity;
    if (!air) break;
  }
  return airRows < g.nz ? airRows : 0;
}

double earthSurfaceDepth(const ModelView& model) { return model.grid.z0 + airRowsOnTop(model) * model.grid.dz; }

void placeOnSurface(EmConfig& config, double z) {
  if (!config.receiverDepthsGiven)
    for (Point& p : config.receivers) p.z = z;
  if (!config.sourceDepthsGiven)
    for (Point& p : config.lineSources) p.z = z;
}

const char* name(Polarisation p) { return nameOf(p, kPolarisationNames); }
const char* name(SourceKind s) { return nameOf(s, kSourceKindNames); }
const char* name(DatumKind d) { return nameOf(d, kDatumNames); }
const char* name(RealForm f) { return nameOf(f, kRealFormNames); }

EmConfig readEmConfig(MPI_Comm comm, const Grid2D& g) {
  EmConfig c;
  {
    OptionsBlock o(comm, "em_", "Frequency-domain EM solver (2D, strike along y, e^{i omega t})");
    c.frequencies = o.realList("-frequencies", "Frequencies in Hz (comma-separated)", c.frequencies);
    c.polarisation = o.choice("-polarisation", "e: E_y along strike (TE); h: H_y along strike (TM, plane "
                              "waves only); both: TE and TM (MT: source 0 is TE, source 1 TM)", Polarisation::E,
                              kPolarisationNames);
    c.source = o.choice("-source", "mt: plane wave (magnetotellurics); line: line currents (CSEM)",
                        SourceKind::PlaneWave, kSourceKindNames);
    const auto srcX = o.realList("-src_x", "Line source positions x in m", {g.x0 + 0.5 * g.nx * g.dx});
    bool sourceOptionSet = o.lastWasSet();
    const auto srcZ = o.realList("-src_z", "Line source depths z in m (one for all or one per source)", {g.z0});
    c.sourceDepthsGiven = o.lastWasSet();
    sourceOptionSet = sourceOptionSet || o.lastWasSet();
    c.current = o.real("-src_current", "Current of every line source in A", 1.0);
    sourceOptionSet = sourceOptionSet || o.lastWasSet();
    require(c.source == SourceKind::LineCurrent || !sourceOptionSet,
            "-em_src_x, -em_src_z and -em_src_current apply to -em_source line only");
    if (c.source == SourceKind::LineCurrent) c.lineSources = pointsFromLists(srcX, srcZ, "-em_src_x", "-em_src_z");
    std::vector<PetscReal> columns;
    for (int i = 0; i < g.nx; ++i) columns.push_back(g.x0 + (i + 0.5) * g.dx);
    const auto recX = o.realList("-rec_x", "Receiver positions x in m (default: above every model column)",
                                 columns, 100000);
    const auto recZ = o.realList("-rec_z", "Receiver depths z in m (one for all or one per receiver; "
                                 "default: the surface)", {g.z0}, 100000);
    c.receiverDepthsGiven = o.lastWasSet();
    c.receivers = pointsFromLists(recX, recZ, "-em_rec_x", "-em_rec_z");
    enum class Datum { Auto, Field, Impedance };
    const Datum datum = o.choice("-data", "Datum of data, misfit and gradient: field (E_y or H_y), impedance (MT), "
                                 "auto (impedance for mt, field for line)", Datum::Auto,
                                 EnumNames<Datum>{{Datum::Auto, "auto"}, {Datum::Field, "field"},
                                                  {Datum::Impedance, "impedance"}});
    c.datum = datum == Datum::Field || (datum == Datum::Auto && c.source == SourceKind::LineCurrent)
                  ? DatumKind::Field
                  : DatumKind::Impedance;
    c.form = o.choice("-data_form", "Real form of complex data: realimag, logamp_phase (ln|d|, arg d in radians) or "
                      "rhoa_phase "
                      "(impedances: log10 apparent resistivity in ohm m, phase in degrees)",
                      RealForm::RealImag, kRealFormNames);
    c.air = o.flag("-air", "Air layer above the model (E-pol); false: the top row extends upwards (a whole space)",
                   true);
    c.airConductivity = o.real("-air_conductivity", "Conductivity of the air in S/m", 1e-8, 1e-20, 1e-2);
    c.airHeight = o.real("-air_height", "Height of the air layer in m (0: as the padding distance)", 0.0, 0.0);
    c.padSkinDepths = o.real("-pad_skin_depths", "Padding extent in skin depths at the lowest frequency in the "
                             "most resistive earth cell", 6.0, 0.1, 1e3);
    c.padDistance = o.real("-pad_distance", "Padding extent beyond the model in m (0: from -em_pad_skin_depths)",
                           0.0, 0.0);
    c.stretch = o.real("-pad_stretch", "Growth factor of consecutive padding and air cells", 1.2, 1.0, 3.0);
    c.refinement = int(o.integer("-refine", "Split every mesh cell into k x k cells (convergence studies)", 1, 1, 15));
    c.ranksPerFrequency = int(o.integer("-ranks_per_frequency", "MPI ranks that factorise one frequency together "
                                        "(MUMPS in parallel); the groups share frequencies and sources", 1, 1));
    c.ordering = o.choice("-ordering", "Fill-reducing ordering of the factorisation: auto (amf below 1.3e6 "
                          "unknowns, else mumps: the faster of the two as measured), mumps (MUMPS chooses: PORD "
                          "with Debian's MUMPS), amf, amd, qamd", Ordering::Auto, kOrderingNames);
  }
  registerFactorisationOptions(c.solverPrefix, c.ordering);
  return c;
}

void validateEmConfig(EmConfig& c, const ModelView& sigma) {
  const Grid2D& g = sigma.grid;
  requirePositiveFinite(sigma, "the conductivity model");
  require(!c.frequencies.empty(), "option -em_frequencies is empty");
  for (double f : c.frequencies)
    require(std::isfinite(f) && f > 0, "frequency ", f, " Hz in -em_frequencies must be positive");
  require(c.source == SourceKind::PlaneWave || !c.lineSources.empty(), "-em_source line needs -em_src_x");
  require(c.polarisation == Polarisation::E || c.source == SourceKind::PlaneWave, "-em_polarisation ",
          name(c.polarisation), " supports -em_source mt only (a line current along y excites E-polarisation)");
  require(c.form != RealForm::RhoaPhase || c.datum == DatumKind::Impedance,
          "-em_data_form rhoa_phase needs impedance data (-em_data impedance with -em_source mt)");
  require(c.datum == DatumKind::Field || c.source == SourceKind::PlaneWave,
          "-em_data impedance needs -em_source mt (impedances are plane-wave responses)");
  require(c.polarisation == Polarisation::E || c.air, "-em_air false applies to -em_polarisation e only");
  require(std::isfinite(c.current) && c.current != 0, "-em_src_current must be a non-zero current");
  require(!c.receivers.empty(), "there are no receivers (-em_rec_x)");
  const int airRows = airRowsOnTop(sigma);
  for (int iz = airRows; iz < g.nz; ++iz)
    for (int ix = 0; ix < g.nx; ++ix)
      require(sigma.at(iz, ix) > kAirLikeConductivity, "the conductivity model has a cell of ", sigma.at(iz, ix),
              " S/m, which looks like air (<= ", kAirLikeConductivity, " S/m), below the earth's surface (row ", iz,
              ", column ", ix, "; the surface is at row ", airRows, "): air is only allowed as whole rows on top");
  if (c.polarisation == Polarisation::H)
    for (int iz = 0; iz < g.nz; ++iz)
      for (int ix = 0; ix < g.nx; ++ix)
        require(sigma.at(iz, ix) > kAirLikeConductivity, "-em_polarisation h needs a model of the earth only, ",
                "starting at the surface (H_y is fixed there); cell (row ", iz, ", column ", ix, ") has ",
                sigma.at(iz, ix), " S/m, which looks like air (<= ", kAirLikeConductivity, " S/m)");

  if (c.padDistance == 0.0) {
    double sigmaMin = sigma.max();
    for (int iz = 0; iz < g.nz; ++iz)
      for (int ix = 0; ix < g.nx; ++ix)
        if (sigma.at(iz, ix) > kAirLikeConductivity) sigmaMin = std::min(sigmaMin, sigma.at(iz, ix));
    const double fmin = *std::min_element(c.frequencies.begin(), c.frequencies.end());
    c.padDistance = c.padSkinDepths * skinDepth(fmin, sigmaMin);
  }
  if (c.airHeight == 0.0) c.airHeight = c.padDistance;

  // Sources and receivers over the model; in the air only where there is air (E-pol).
  const double xmin = g.x0, xmax = g.x0 + g.nx * g.dx, zmax = g.z0 + g.nz * g.dz;
  const bool airAbove = c.polarisation == Polarisation::E && c.air;
  // Both modes: the TM part's mesh starts at the earth's surface, so the sites must lie in the earth.
  const double zmin = airAbove ? g.z0 - 0.5 * c.airHeight
                               : c.polarisation == Polarisation::Both ? g.z0 + airRows * g.dz : g.z0;
  requireInside(c.receivers, "receiver", "-em_rec_x/-em_rec_z", xmin, xmax, zmin, zmax);
  requireInside(c.lineSources, "line source", "-em_src_x/-em_src_z", xmin, xmax, zmin, zmax);
  buildMeshFor(c, g);  // checks the mesh options
  if (c.polarisation == Polarisation::Both) c.earthRow = airRows;
}

EmMesh buildMeshFor(const EmConfig& c, const Grid2D& g) {
  EmMeshOptions o;
  o.padDistance = c.padDistance;
  o.airHeight = c.airHeight;
  o.stretch = c.stretch;
  o.refinement = c.refinement;
  o.top = c.polarisation == Polarisation::H ? EmMeshTop::Surface : c.air ? EmMeshTop::Air : EmMeshTop::Extend;
  return buildEmMesh(g, o);
}

}  // namespace pairinv::em

// Configuration of the frequency-domain EM solver: physics, sources, receivers, data form,
// mesh and parallel layout. Read from the options database under -em_ (readEmConfig) and
// checked against a conductivity model by validateEmConfig before any work is done.
//
// Positions are in metres in the model's frame: x as the model grid's columns, z depth below
// the surface z0 (the top edge of row 0), negative in the air. Model cell (iz, ix) spans
// [z0 + iz dz, z0 + (iz+1) dz] x [x0 + ix dx, x0 + (ix+1) dx].
#pragma once

#include <petscsys.h>

#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "meshes/em_mesh.hpp"
#include "meshes/field_view.hpp"
#include "solvers/em/em_factorisation.hpp"

namespace pairinv::em {

enum class Polarisation {
  E,  // TE: E_y along strike; -lap E_y + i omega mu0 sigma E_y = -i omega mu0 J_y
  H,  // TM: H_y along strike; -div(rho grad H_y) + i omega mu0 H_y = 0 (plane waves only)
  Both,  // MT in both modes: source 0 is the TE plane wave, source 1 the TM one (em_modes.hpp);
         // the TM part sees the model below its top air rows, on a mesh that starts at the surface
};

enum class SourceKind {
  PlaneWave,    // magnetotellurics: a plane wave from above (one "source")
  LineCurrent,  // CSEM: line currents along y at given points, one source each
};

/// The datum that data arrays, misfits and gradients use, one complex value per
/// (frequency, source, receiver).
enum class DatumKind {
  Field,      // E_y (E-pol) or H_y (H-pol) at the receiver
  Impedance,  // MT impedance Z = -E_y/H_x (E-pol) or E_x/H_y (H-pol); 45 degrees over a half-space
};

/// How a complex datum d becomes two real numbers.
enum class RealForm {
  RealImag,     // (Re d, Im d)
  LogAmpPhase,  // (ln|d|, arg d in radians); misfit phase differences are wrapped to (-pi, pi]
  RhoaPhase,    // impedances as MT sounding curves: (log10 of the apparent resistivity
                // |Z|^2 / (omega mu0) in ohm m, phase arg Z in degrees), phase differences wrapped
                // to (-180, 180]
};

// The option and file-attribute names of each choice.
inline const EnumNames<Polarisation> kPolarisationNames = {
    {Polarisation::E, "e"}, {Polarisation::H, "h"}, {Polarisation::Both, "both"}};
inline const EnumNames<SourceKind> kSourceKindNames = {{SourceKind::PlaneWave, "mt"}, {SourceKind::LineCurrent, "line"}};
inline const EnumNames<DatumKind> kDatumNames = {{DatumKind::Field, "field"}, {DatumKind::Impedance, "impedance"}};
inline const EnumNames<RealForm> kRealFormNames = {
    {RealForm::RealImag, "realimag"}, {RealForm::LogAmpPhase, "logamp_phase"}, {RealForm::RhoaPhase, "rhoa_phase"}};


/// Cells at or below this conductivity (S/m) are taken as air: they are left out when choosing
/// the padding (they would ask for absurd distances; the air is handled by the air height),
/// H-pol refuses them, and inversions keep them fixed.
constexpr double kAirLikeConductivity = 1e-6;

struct Point {
  double x = 0.0, z = 0.0;
};

struct EmConfig {
  std::vector<double> frequencies{0.1, 1.0, 10.0};  // Hz
  Polarisation polarisation = Polarisation::E;
  SourceKind source = SourceKind::PlaneWave;
  std::vector<Point> lineSources;  // LineCurrent only
  double current = 1.0;            // A, every line source
  std::vector<Point> receivers;
  bool receiverDepthsGiven = false, sourceDepthsGiven = false;  // -em_rec_z / -em_src_z were given
  DatumKind datum = DatumKind::Impedance;
  RealForm form = RealForm::RealImag;

  bool air = true;               // an air layer above the model (E-pol); false: a whole space
  double airConductivity = 1e-8;  // S/m
  double airHeight = 0.0;         // m; 0: automatic (set by validateEmConfig)
  double padSkinDepths = 6.0;     // padding extent in skin depths (automatic distance)
  double padDistance = 0.0;       // m; 0: automatic (set by validateEmConfig)
  double stretch = 1.2;
  int refinement = 1;

  int earthRow = -1;              // Both: the model row of the earth's surface, where the TM part's
                                  // model starts (set by validateEmConfig, then fixed like the mesh)

  int ranksPerFrequency = 1;       // ranks that factorise one frequency together (MUMPS in parallel)
  Ordering ordering = Ordering::Auto;  // of the factorisation
  std::string solverPrefix = "em_";  // options prefix of the KSP/PC/MUMPS (-em_ksp_type, ...)

  int sourceCount() const {
    if (source == SourceKind::LineCurrent) return int(lineSources.size());
    return polarisation == Polarisation::Both ? 2 : 1;
  }
  /// Whether source s is a TM (H-polarisation) one: every source of h, source 1 of both.
  bool isTm(int s) const { return polarisation == Polarisation::H || (polarisation == Polarisation::Both && s == 1); }
};

/// Reads every -em_ option (defaults depend on `modelGrid`: receivers at the surface above
/// every column, one line source at the surface mid-model). -help lists them, including the
/// -em_ksp_/-em_pc_/-em_mat_mumps_ options of the linear solver.
EmConfig readEmConfig(MPI_Comm comm, const Grid2D& modelGrid);

/// Checks the configuration against the conductivity model (positive finite conductivity and
/// frequencies, positions inside the model region, supported combinations, no air-like cells
/// (<= 1e-6 S/m) below the earth's surface -- only whole rows of air on top -- and none at all
/// in H-pol models, which start at the surface) and resolves the
/// automatic padding distance and air height from this model and the lowest frequency, so that
/// later calls with other models (an inversion) keep the same mesh. For a mesh that follows
/// each model (a survey of many models), validate a fresh copy of the unvalidated configuration
/// per model. Throws InputError naming the option on any problem.
void validateEmConfig(EmConfig& config, const ModelView& conductivity);

/// The top rows of `model` that are air (every cell at or below kAirLikeConductivity); 0 if
/// every row is.
int airRowsOnTop(const ModelView& model);

/// Depth of the earth's surface in `model`: the bottom of its top rows that are air (every cell
/// at or below kAirLikeConductivity, as the em-blocks family draws them); z0 if none are.
double earthSurfaceDepth(const ModelView& model);

/// Puts the receivers (and line sources) at depth `z` unless -em_rec_z (-em_src_z) was given:
/// readEmConfig's default depth is the model's top edge, which lies in the air of models that
/// start with air rows.
void placeOnSurface(EmConfig& config, double z);

/// The mesh the solver uses for a model of `modelGrid` (config validated).
EmMesh buildMeshFor(const EmConfig& config, const Grid2D& modelGrid);

/// "e" / "h", "mt" / "line", "field" / "impedance", "realimag" / "logamp_phase".
const char* name(Polarisation p);
const char* name(SourceKind s);
const char* name(DatumKind d);
const char* name(RealForm f);

}  // namespace pairinv::em

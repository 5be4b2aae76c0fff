// Configuration of the acoustic solver: discretisation, boundaries, wavelet and acquisition.
// Read from the options database under the prefix -acoustic_ (see readAcousticConfig) and
// checked against a model by validateAcousticConfig before any work is done.
#pragma once

#include <petscsys.h>

#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "meshes/field_view.hpp"

namespace pairinv::acoustic {

enum class Boundary {
  Pml,      // convolutional PML for the second-order wave equation (Pasalic & McGarry 2010)
  Damping,  // Collino-Tsogka damping term, as in OpenFWI's forward model
};

enum class SourceScaling {
  Physical,  // solves (1/v^2) u_tt - lap u = s(t) delta(x - x_s): adds v^2 dt^2 s / (dx dz)
  OpenFwi,   // OpenFWI's convention: adds (v dt)^2 s at the source cell
};

enum class Preset { None, OpenFwi };  // OpenFwi: OpenFWI's published forward model
enum class WaveletKind { Ricker, OpenFwi, File };  // OpenFwi: OpenFWI's windowed Ricker
/// The arithmetic of the time stepping. Single halves the memory traffic and the stored
/// wavefields and doubles the SIMD width; its relative error grows to about 1e-6 over a
/// thousand steps (tests/solvers/test_precision.cpp measures it).
enum class AcousticPrecision { Double, Single };
/// The precision of the step increments a gradient stores (shot_gradient.hpp). Single under
/// double stepping halves that memory and its traffic; it is lossy (the gradient is then not
/// the exact adjoint: bench/README.md measures the error).
enum class StoredPrecision { Solver, Single };
enum class GradientStorage {
  Auto,        // Full if it fits the memory budget (once in memory: checkpoint_plan.hpp), else Checkpoint
  Full,        // every time step stored
  Checkpoint,  // checkpointing (Revolve-style recomputation)
};

// The option and file-attribute names of each choice.
inline const EnumNames<Boundary> kBoundaryNames = {{Boundary::Pml, "pml"}, {Boundary::Damping, "damping"}};
inline const EnumNames<SourceScaling> kSourceScalingNames = {{SourceScaling::Physical, "physical"},
                                                             {SourceScaling::OpenFwi, "openfwi"}};
inline const EnumNames<Preset> kPresetNames = {{Preset::None, "none"}, {Preset::OpenFwi, "openfwi"}};
inline const EnumNames<WaveletKind> kWaveletNames = {
    {WaveletKind::Ricker, "ricker"}, {WaveletKind::OpenFwi, "openfwi"}, {WaveletKind::File, "file"}};
inline const EnumNames<AcousticPrecision> kPrecisionNames = {{AcousticPrecision::Double, "double"},
                                                             {AcousticPrecision::Single, "single"}};
inline const EnumNames<StoredPrecision> kStoredPrecisionNames = {{StoredPrecision::Solver, "solver"},
                                                                  {StoredPrecision::Single, "single"}};
inline const EnumNames<GradientStorage> kGradientStorageNames = {
    {GradientStorage::Auto, "auto"}, {GradientStorage::Full, "full"}, {GradientStorage::Checkpoint, "checkpoint"}};

struct GridPoint {
  int iz = 0, ix = 0;  // row and column on the model grid
};

/// Which sides of the model grid absorb (are padded with a PML or damping layer).
struct AbsorbingSides {
  bool top = true, bottom = true, left = true, right = true;
};

struct AcousticConfig {
  Preset preset = Preset::None;
  AcousticPrecision precision = AcousticPrecision::Double;
  int order = 4;
  double dt = 0.0;  // seconds; set by validateAcousticConfig when the user asked for "auto"
  bool autoDt = true;
  int nt = 1000;
  Boundary boundary = Boundary::Pml;
  int padCells = 20;  // absorbing layer width in cells, added outside the model
  AbsorbingSides absorbing;
  bool freeSurface = false;
  double pmlReflection = 1e-6;  // theoretical normal-incidence reflection of the PML
  double pmlFrequency = 0.0;    // CPML frequency shift alpha = pi f; 0 means the peak frequency

  WaveletKind wavelet = WaveletKind::Ricker;
  double peakFrequency = 10.0;     // Hz
  double delay = -1.0;             // s; negative means 1.5 / peakFrequency
  std::string waveletFile;
  std::vector<double> customWavelet;  // set by programs (e.g. a filtered wavelet); overrides `wavelet`
  SourceScaling scaling = SourceScaling::Physical;

  std::vector<GridPoint> sources;    // one shot per source
  std::vector<GridPoint> receivers;  // shared by every shot
  int recordEvery = 1;               // keep one receiver sample every k steps

  // Velocities that set the absorbing profiles (0: the model's min for damping, max for the
  // PML). Gradients hold them fixed, so an inversion pins them to its starting model.
  double dampingVelocity = 0.0, pmlVelocity = 0.0;

  GradientStorage gradientStorage = GradientStorage::Auto;
  StoredPrecision storedPrecision = StoredPrecision::Solver;
  double memoryBudgetMB = 0.0;           // per rank for one shot's gradient; 0: half the free RAM

  int timeBlock = 0;       // forward steps per wavefront sweep (0: automatic, 1: none)
  int ranksPerShot = 0;    // 0: every rank works on every shot (domain decomposition)
  int snapshotEvery = 0;   // write the wavefield every k steps (0: never)
  int snapshotShot = 0;

  int samplesPerTrace() const { return (nt + recordEvery - 1) / recordEvery; }
  /// Time of record sample j: (j k + 1) dt (the field after step j k).
  double sampleTime(int j) const { return (double(j) * recordEvery + 1.0) * dt; }
};

/// Reads every -acoustic_ option for a model of `modelGrid` size (defaults depend on it).
/// -help lists them all.
/// `preset` is -acoustic_preset's default (an OpenFWI import defaults to OpenFWI's acquisition).
AcousticConfig readAcousticConfig(MPI_Comm comm, const Grid2D& modelGrid, Preset preset = Preset::None);

/// "top,bottom,left,right" (any subset, or "none") and back; `what` names the text in errors.
AbsorbingSides parseSides(const std::string& text, const std::string& what);
std::string sidesText(const AbsorbingSides& sides);

/// The automatic time step below a stability limit: 0.8 of it rounded down to 1, 2, 2.5 or 5
/// times a power of ten (so that sample times print cleanly). The 2D and 3D solvers share it.
double automaticTimeStep(double limit);

/// Largest stable time step for this order on `grid` with maximum velocity vmax.
double maxStableDt(int order, const Grid2D& grid, double vmax);

/// Checks the configuration against the model (validateAcousticGeometry, then a stable dt and the
/// sampling of the wavelet) and resolves "auto" choices. Throws InputError naming the option on
/// any problem.
void validateAcousticConfig(AcousticConfig& config, const ModelView& velocity);
/// The checks that need the grid only: order, boundaries, positions inside the grid, the
/// snapshot shot, the wavelet file. For data recorded with a fixed dt whose velocities nobody
/// knows (field data); InputError naming the option on any problem.
void validateAcousticGeometry(const AcousticConfig& config, const Grid2D& grid);

/// The source wavelet sampled at the solver's dt, nt.
std::vector<double> makeWavelet(const AcousticConfig& config);

}  // namespace pairinv::acoustic

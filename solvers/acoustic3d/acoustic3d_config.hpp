// Configuration of the 3D acoustic solver (propagator3d.hpp): discretisation, CPML faces, free
// surface, wavelet, acquisition and parallel layout. Read from the options database under the
// prefix -acoustic3d_ (readAcoustic3DConfig) and checked against a model by
// validateAcoustic3DConfig before any work is done.
//
// Positions are grid indices (iz, iy, ix) of the model, as the 2D solver's (row, column).
// Receivers form a patch (every pair of -rec_iy and -rec_ix at depth -rec_iz) or a list
// (-rec_ix, -rec_iy, -rec_iz entry by entry; one value of -rec_iy or -rec_iz is shared by all,
// so a line along x is a list with one -rec_iy).
#pragma once

#include <petscsys.h>

#include <array>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "meshes/grid3d.hpp"

namespace pairinv::acoustic3d {

struct GridPoint3 {
  int iz = 0, iy = 0, ix = 0;
};

/// The six faces of the model box: z low/high (top, bottom), y low/high (front, back) and
/// x low/high (left, right), in that order.
enum class Face { Top, Bottom, Front, Back, Left, Right };
inline const EnumNames<Face> kFaceNames = {{Face::Top, "top"},     {Face::Bottom, "bottom"}, {Face::Front, "front"},
                                           {Face::Back, "back"},   {Face::Left, "left"},     {Face::Right, "right"}};
struct Faces {
  std::array<bool, 6> on{true, true, true, true, true, true};
  bool operator[](Face f) const { return on[std::size_t(f)]; }
  bool& operator[](Face f) { return on[std::size_t(f)]; }
};
/// "top,bottom,front,back,left,right" (any subset, or "none"); `what` names the text in errors.
Faces parseFaces(const std::string& text, const std::string& what);

enum class ReceiverLayout { Patch, List };
inline const EnumNames<ReceiverLayout> kReceiverLayoutNames = {{ReceiverLayout::Patch, "patch"},
                                                               {ReceiverLayout::List, "list"}};
enum class Wavelet3D { Ricker, File };
inline const EnumNames<Wavelet3D> kWavelet3DNames = {{Wavelet3D::Ricker, "ricker"}, {Wavelet3D::File, "file"}};

struct Acoustic3DConfig {
  int order = 4;
  double dt = 0.0;  // s; set by validateAcoustic3DConfig when automatic
  bool autoDt = true;
  int nt = 500;
  int padCells = 10;            // CPML width in cells, added outside each absorbing face
  Faces absorbing;              // faces with a CPML; the others reflect (p = 0 beyond them)
  bool freeSurface = false;     // p = 0 on the top plane of the model (image method)
  double pmlReflection = 1e-4;  // theoretical normal-incidence reflection of the CPML
  double pmlFrequency = 0.0;    // CPML frequency shift alpha = pi f; 0: the peak frequency
  double pmlVelocity = 0.0;     // velocity of the CPML profiles (0: the model's maximum)

  Wavelet3D wavelet = Wavelet3D::Ricker;
  double peakFrequency = 10.0;  // Hz
  double delay = -1.0;          // s; negative: 1.5 / peakFrequency
  std::string waveletFile;
  std::vector<double> customWavelet;  // set by programs (a filtered wavelet); overrides `wavelet`

  std::vector<GridPoint3> sources;    // one shot per source
  std::vector<GridPoint3> receivers;  // shared by every shot
  int recordEvery = 1;

  std::array<int, 3> ranks{0, 0, 0};  // processes along x, y, z per shot (0: PETSc decides)
  int ranksPerShot = 0;               // 0: every rank works on every shot
  int checkpoints = 0;                // states a gradient keeps (0: from memoryBudgetMB)
  double memoryBudgetMB = 0.0;        // per rank for one shot's gradient (0: half the free memory)
  int snapshotEvery = 0;              // write the wavefield every k steps (0: never)
  int snapshotShot = 0;

  int samplesPerTrace() const { return (nt + recordEvery - 1) / recordEvery; }
  /// Time of record sample j: (j k + 1) dt (the field after step j k), as in 2D.
  double sampleTime(int j) const { return (double(j) * recordEvery + 1.0) * dt; }
};

/// Reads every -acoustic3d_ option for a model of `grid` size (defaults depend on it).
Acoustic3DConfig readAcoustic3DConfig(MPI_Comm comm, const Grid3D& grid);

/// Largest stable time step for this order on `grid` with maximum velocity vmax.
double maxStableDt3D(int order, const Grid3D& grid, double vmax);

/// The checks that need the grid and the number of ranks of a shot: order, faces, positions
/// inside the grid, the rank layout against the padded grid. InputError naming the option.
void validateAcoustic3DGeometry(const Acoustic3DConfig& config, const Grid3D& grid, int ranksPerShot);
/// validateAcoustic3DGeometry, then the velocities, a stable dt and the wavelet; resolves the
/// automatic choices. `warn`: warn (rank 0) when the grid samples the wavelet coarsely.
void validateAcoustic3DConfig(Acoustic3DConfig& config, const Field3D& velocity, int ranksPerShot, bool warn = true);

/// The source wavelet sampled at the solver's dt, nt.
std::vector<double> makeWavelet3D(const Acoustic3DConfig& config);

/// The padded grid's size along x, y, z (cells added on absorbing faces).
std::array<int, 3> paddedSize(const Acoustic3DConfig& config, const Grid3D& grid);

}  // namespace pairinv::acoustic3d

// What an iterative inversion (FWI, latent-space inversion) writes while it runs: each
// iterate as VTK with a ParaView series, the state needed to resume, and the final quick-looks.
// Only the root rank writes; the other ranks' calls do nothing. Field is Field2D or Field3D (3D:
// .vti volumes, and the figures show the x-z section through the middle of y).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "inversion/history_log.hpp"
#include "meshes/grid2d.hpp"
#include "meshes/grid3d.hpp"

namespace pairinv::inversion {

template <class Field>
class BasicIterationOutput {
 public:
  /// `truth` (may be null) adds "truth" and "difference" arrays to every iterate. `quantity`
  /// names the model's array ("velocity", "conductivity"); `logarithmic` (conductivities, which
  /// span decades) makes the PNGs show log10 of the model and "difference" log10(model / truth).
  BasicIterationOutput(std::filesystem::path dir, const Field* truth, bool root, std::string quantity = "velocity",
                  bool logarithmic = false);

  /// Adds a fixed array (e.g. the learned estimate) to every iterate written from now on.
  void addReference(const std::string& name, const Field& field) { extras_.emplace_back(name, field.values); }
  /// iterations/model_NNNN.vti (quantity [, truth, difference, references]) and models.pvd.
  void writeIterate(int iteration, const Field& velocity);
  /// state/latest.npy and state/progress.txt (the counters, e.g. stage and iteration).
  void saveState(const Field& velocity, const std::vector<double>& counters);
  /// Loads them back; false if there is no saved state. The .pvd is rebuilt from the iterates
  /// already written, up to and including `iteration`.
  bool loadState(Field& velocity, std::vector<double>& counters, std::size_t counterCount);
  /// model_final.npy/.vti; models.png (truth | initial | final on one colour scale, then
  /// final - truth; log10 for logarithmic quantities); convergence.png (objective over the
  /// initial objective and, with a truth, the model error, against iteration, log scale).
  void writeFinal(const Field& velocity, const Field& initial, const HistoryLog& history);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  void writeModelsFigure(const Field& velocity, const Field& initial) const;
  void writeConvergenceFigure(const HistoryLog& history) const;

  std::filesystem::path dir_;
  const Field* truth_;
  bool root_;
  std::string quantity_;
  bool logarithmic_;
  std::vector<std::pair<double, std::filesystem::path>> series_;
  std::vector<std::pair<std::string, std::vector<double>>> extras_;
};

using IterationOutput = BasicIterationOutput<Field2D>;
using IterationOutput3D = BasicIterationOutput<Field3D>;

/// The x-z section of a 3D field at y index `iy`, as a 2D field (rows: depth, columns: x).
Field2D sectionXZ(const Field3D& field, int iy);

}  // namespace pairinv::inversion

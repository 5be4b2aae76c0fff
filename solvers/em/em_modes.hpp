// MT in both modes (Polarisation::Both) as two single-mode surveys sharing one data layout.
//
// TE (E_y along strike) needs the air above the earth: its mesh has an air layer. TM (H_y along
// strike) has H_y constant in the air, so its mesh starts at the earth's surface with H_y = 1
// there, and its model is the conductivity model below the air rows on top. Each part is a
// single-polarisation configuration with the full configuration's padding and surface row (fixed
// at validation, so the meshes stay fixed while an inversion changes the model), and its data
// take their own slice of the source axis: TE is source 0, TM source 1. A single-polarisation configuration is one part
// of itself, so the simulation, the gradient and the Jacobian products loop over parts the same
// way for every configuration.
#pragma once

#include <vector>

#include "meshes/field_view.hpp"
#include "solvers/em/em_config.hpp"

namespace pairinv::em {

struct EmModePart {
  EmConfig config;      // one polarisation
  int firstRow = 0;     // the part's model: rows [firstRow, nz) of the full model
  int firstSource = 0;  // its sources' place on the full data's source axis
};

/// The parts of `config` (validated) for `model`: itself, or TE and TM for Polarisation::Both,
/// the TM part starting at the row of the earth's surface that validation fixed (so the parts'
/// meshes never change with the model, as the gradient requires).
std::vector<EmModePart> modeParts(const EmConfig& config, const ModelView& model);

/// Rows [firstRow, nz) of `model` as a view with its own origin (z0 moved down).
ModelView rowsFrom(const ModelView& model, int firstRow);

/// Real-layout data (em_data.hpp) of one part within the full survey's: `shape` gives the full
/// survey's frequencies, sources and receivers.
struct EmDataShape {
  int nfreq = 0, nsrc = 0, nrec = 0;
  std::size_t size() const { return 2 * std::size_t(nfreq) * std::size_t(nsrc) * std::size_t(nrec); }
};
EmDataShape dataShape(const EmConfig& config);

/// Adds a part's real data (the part's shape) into the full layout at its sources.
void addPartData(const std::vector<double>& part, const EmModePart& p, const EmDataShape& full,
                 std::vector<double>& out);
/// The part's slice of full real-layout data.
std::vector<double> partData(const std::vector<double>& full, const EmModePart& p, const EmDataShape& fullShape);

}  // namespace pairinv::em

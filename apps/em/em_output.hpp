// Files that `pairinv forward -physics em` writes (apps/em/em_physics.hpp):
//   data.npy      float64 [2, nfreq, nsrc, nrec]: the datum (-em_data) in its real form
//                 (-em_data_form): part 0 Re d or ln|d|, part 1 Im d or arg d
//   em_data.h5    every component as real/imag datasets [nfreq, nsrc, nrec], positions,
//                 frequencies and the settings needed to rerun
//   mt.csv        (MT) columns frequency, x, rho_a, phase (degrees), one row per frequency and
//                 receiver; E-polarisation unless -em_polarisation h
//   model.vti, model.png      conductivity (and log10 resistivity)
//   fields.vti    |E_y| (or |H_y|) of source 0 on the model grid, one array per frequency
//   MT: mt_rho_a.png, mt_phase.png (pseudo-sections: frequency down, x across) and
//       mt_curves_rho_a.png, mt_curves_phase.png (curves against frequency, up to 5 receivers);
//   line sources: amplitude.png, phase.png (source 0, against receiver, one curve per frequency)
#pragma once

#include <filesystem>

#include "meshes/grid2d.hpp"
#include "solvers/em/em_config.hpp"
#include "solvers/em/em_simulation.hpp"

namespace pairinv::apps {

/// Every file above for one simulation (rank 0 calls it).
void writeEmForwardOutput(const std::filesystem::path& dir, const em::EmSimulation& sim, const em::EmConfig& config,
                          const Field2D& model);

}  // namespace pairinv::apps

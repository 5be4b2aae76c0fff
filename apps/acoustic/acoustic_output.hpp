// Files that `pairinv forward` writes for acoustic data: the gathers as .npy (OpenFWI's layout)
// and HDF5 (with every attribute needed to rerun), and PNG quick-looks of model and gathers.
#pragma once

#include <filesystem>

#include "core/segy_file.hpp"
#include "meshes/grid2d.hpp"
#include "solvers/acoustic/acoustic_config.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace pairinv::apps {

/// DIR/data.npy (float32 [nshots, nsamples, nreceivers]) and DIR/gathers.h5 (/data, /model and
/// attributes: dt, sample times, positions, order, boundary, wavelet, version).
void writeAcousticGathers(const std::filesystem::path& dir, const acoustic::ShotGathers& gathers,
                          const acoustic::AcousticConfig& config, const Field2D& model);

/// The gathers with their geometry in metres (x from the grid's x0, depth from its z0), for
/// SEG-Y.
SegyGathers segyGathers(const acoustic::ShotGathers& gathers, const acoustic::AcousticConfig& config,
                        const Grid2D& grid);

/// Observed data from a SEG-Y file, checked against the acquisition: shots, receivers and
/// samples, the sample interval, the time of sample 0 (to SEG-Y's whole ms), and every source
/// and receiver position (to 1 cm). InputError naming the file and the first disagreement.
acoustic::ShotGathers readSegyObserved(const std::filesystem::path& file, const acoustic::AcousticConfig& config,
                                       const Grid2D& grid);

/// A figure of up to 5 shots spread over the line, one panel each: time down (s), receiver x
/// across (m), one symmetric colour scale clipped at the 98th percentile of |p|.
void writeGatherFigure(const std::filesystem::path& file, const acoustic::ShotGathers& gathers,
                       const acoustic::AcousticConfig& config, const Grid2D& grid);

}  // namespace pairinv::apps

// Model-space polish after latent-space inversion (the "final model-space polish: FWI started
// from D_q(z)" of the method): the physics' classical FWI (acoustic_fwi.hpp, em_fwi.hpp), one
// full-band stage of -lsi_polish_iterations L-BFGS iterations, from LSI's final model. The other
// -fwi_ settings (bounds, parametrisation, data weights, -fwi_tao_*) are the FWI's own.
// `pairinv invert` writes it to OUTPUT/polish/; `pairinv evaluate` adds the row "LSI + polish".
//
// The same functions run FWI from any other given model (the FWI rows of pairinv evaluate start
// from a 1D gradient or from the learned estimate). The output folder holds what FWI writes:
// history.csv, iterations/ with models.pvd, model_final.npy/.vti (the polished model), PNGs. It
// is kept when an earlier call started from the same model (its state/stage_start.npy), so that a
// killed polish resumes to the bits of an uninterrupted one; else it is made afresh.
#pragma once

#include <mpi.h>

#include <filesystem>

#include "inversion/acoustic_fwi.hpp"
#include "inversion/em_fwi.hpp"

namespace pairinv::inversion {

/// Acoustic polish: FWI of `problem` (config, observed, truth) from `lsiModel`; the polished
/// velocity on every rank.
Field2D polishAcoustic(MPI_Comm comm, const FwiSettings& fwi, int iterations, const std::filesystem::path& output,
                       FwiProblem problem, const Field2D& lsiModel);

/// The EM polish's starting model: `lsiModel` on the earth cells of `airFrom`, clamped to
/// [fwi.sigmaMin, fwi.sigmaMax], and `airFrom`'s air elsewhere. The air is known (the survey's
/// air rows) and EM FWI keeps the starting model's air cells fixed; a decoded model's air is only
/// close to air.
Field2D emPolishStart(const Field2D& lsiModel, const Field2D& airFrom, const EmFwiSettings& fwi);

/// EM polish: EM FWI of `problem` (config, observed, truth) from emPolishStart(lsiModel, airFrom);
/// the polished conductivity on every rank.
Field2D polishEm(MPI_Comm comm, const EmFwiSettings& fwi, int iterations, const std::filesystem::path& output,
                 EmFwiProblem problem, const Field2D& lsiModel, const Field2D& airFrom);

}  // namespace pairinv::inversion

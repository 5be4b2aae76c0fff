// What `pairinv forward -physics acoustic3d` writes (rank 0): data.npy [shots, samples,
// receivers] (float32), gathers.h5 (the data, source and receiver indices and positions in m,
// dt, the model), model.vti, model_xz.png and model_xy.png (the x-z section through the first
// source and the x-y slice at the middle depth), and gathers.png (shot 0 along the receivers that share
// the first receiver's y).
#pragma once

#include <filesystem>

#include "solvers/acoustic3d/simulation3d.hpp"

namespace pairinv::apps {

void writeAcoustic3DOutput(const std::filesystem::path& dir, const acoustic::ShotGathers& gathers,
                           const acoustic3d::Acoustic3DConfig& config, const Field3D& model);

/// model_xz.png (the x-z section through `at`) and model_xy.png (the x-y slice at mid-depth).
void writeModel3DFigures(const std::filesystem::path& dir, const Field3D& model, const acoustic3d::GridPoint3& at);

}  // namespace pairinv::apps

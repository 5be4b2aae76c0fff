// `pairinv forward -physics em`: frequency-domain EM data for one conductivity model
// (apps/em_forward.cpp). apps/forward_command.cpp dispatches here when -physics em is given.
#pragma once

#include "core/petsc_session.hpp"
#include "meshes/grid2d.hpp"
#include "solvers/em/em_config.hpp"

namespace pairinv::apps {

/// The built-in demo conductivity model: 40 x 60 cells of 50 m, 100 ohm m with a 1 ohm m block.
Field2D emDemoModel();

/// Depth of the earth's surface in `model`: the bottom of its top rows that are air (every cell
/// at or below em::kAirLikeConductivity, as the em-blocks family draws them); z0 if none are.
double earthSurfaceDepth(const Field2D& model);

/// Puts the receivers (and line sources) at depth `z` unless -em_rec_z (-em_src_z) was given:
/// readEmConfig's default depth is the model's top edge, which lies in the air of models that
/// start with air rows.
void defaultDepthsToSurface(em::EmConfig& config, double z);

/// True when the options database holds -physics em (read without consuming anything else).
bool emPhysicsRequested();

/// Runs the EM forward command; returns the exit status (errors throw, as for every command).
int runEmForward(const PetscSession& session);

}  // namespace pairinv::apps

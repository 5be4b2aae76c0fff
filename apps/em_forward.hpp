// `pairinv forward -physics em`: frequency-domain EM data for one conductivity model
// (apps/em_forward.cpp). apps/forward_command.cpp dispatches here when -physics em is given.
#pragma once

#include "core/petsc_session.hpp"

namespace pairinv::apps {

/// True when the options database holds -physics em (read without consuming anything else).
bool emPhysicsRequested();

/// Runs the EM forward command; returns the exit status (errors throw, as for every command).
int runEmForward(const PetscSession& session);

}  // namespace pairinv::apps

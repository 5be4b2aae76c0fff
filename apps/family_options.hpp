// Reading a model family's parameters from the options database as -family_NAME (the
// parameters and their defaults come from meshes/model_families.hpp, so -help lists exactly
// the chosen family's options).
#pragma once

#include <petscsys.h>

#include "meshes/model_families.hpp"

namespace pairinv::apps {

/// Every parameter of `family`, from -family_<name> or the family's default. Not yet checked:
/// call validateFamilyOptions (after a -help listing, which must not fail on bad values).
FamilyOptions readFamilyOptions(MPI_Comm comm, const ModelFamily& family);

}  // namespace pairinv::apps

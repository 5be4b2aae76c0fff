// Reads learning/'s option structs from the PETSc options database under -pae_ (one option
// per field of learning::visitOptions, with its help text, default and range), so that
// `pairinv train -help` lists them all and YAML files nest them under pae:.
#pragma once

#ifdef PAIRINV_HAVE_LEARNING

#include <mpi.h>

#include "learning/options.hpp"

namespace pairinv::apps {

/// -pae_preset first (quickstart, openfwi, tiny), then every -pae_KEY on top of it.
learning::TrainRunOptions readTrainOptions(MPI_Comm comm);
learning::EstimateOptions readEstimateOptions(MPI_Comm comm);

}  // namespace pairinv::apps

#endif

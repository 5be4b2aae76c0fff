#include "inversion/lsi_polish.hpp"

#include <algorithm>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

namespace fs = std::filesystem;

namespace pairinv::inversion {

namespace {

// A fresh output folder (rank 0 writes, as the inversions' TaoDriver).
void freshFolder(MPI_Comm comm, const fs::path& output) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (rank != 0) return;
  fs::remove_all(output);
  ensureDirectory(output);
}

}  // namespace

Field2D polishAcoustic(MPI_Comm comm, const FwiSettings& fwi, int iterations, const fs::path& output,
                       FwiProblem problem, const Field2D& lsiModel) {
  ensure(iterations > 0, "a polish needs iterations > 0");
  FwiSettings s = fwi;
  s.cutoffs = {0.0};
  s.iterations = iterations;
  s.output = output;
  problem.initial = lsiModel;
  freshFolder(comm, output);
  logInfo(concat("fwi: one full-band stage of ", iterations, " iteration(s) from the given model, into ", output.string()));
  return runAcousticFwi(comm, s, problem);
}

Field2D emPolishStart(const Field2D& lsiModel, const Field2D& airFrom, const EmFwiSettings& fwi) {
  ensure(lsiModel.values.size() == airFrom.values.size(), "the LSI model has ", lsiModel.values.size(),
          " cells, the air's model ", airFrom.values.size());
  Field2D start = airFrom;
  for (std::size_t i = 0; i < start.values.size(); ++i)
    if (airFrom.values[i] > kEmAirConductivity)
      start.values[i] = std::clamp(lsiModel.values[i], fwi.sigmaMin, fwi.sigmaMax);
  return start;
}

Field2D polishEm(MPI_Comm comm, const EmFwiSettings& fwi, int iterations, const fs::path& output,
                 EmFwiProblem problem, const Field2D& lsiModel, const Field2D& airFrom) {
  ensure(iterations > 0, "a polish needs iterations > 0");
  EmFwiSettings s = fwi;
  s.iterations = iterations;
  s.output = output;
  problem.initial = emPolishStart(lsiModel, airFrom, fwi);
  freshFolder(comm, output);
  logInfo(concat("fwi: ", iterations, " EM FWI iteration(s) from the given model, into ", output.string()));
  return runEmFwi(comm, s, problem);
}

}  // namespace pairinv::inversion

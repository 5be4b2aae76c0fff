#include "inversion/lsi_polish.hpp"

#include <algorithm>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/npy.hpp"

namespace fs = std::filesystem;

namespace pairinv::inversion {

namespace {

// The output folder (rank 0 writes, as the inversions' TaoDriver): kept if an earlier call
// started from the same model (state/stage_start.npy, the same bits), so that a killed polish
// resumes by replay (inversion/evaluation_log.hpp); else made afresh.
void polishFolder(MPI_Comm comm, const fs::path& output, const Field2D& start) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (rank != 0) return;
  const fs::path saved = output / "state" / "stage_start.npy";
  if (fs::exists(saved) && readNpy(saved).data == start.values) return;
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
  polishFolder(comm, output, problem.initial);
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
  polishFolder(comm, output, problem.initial);
  logInfo(concat("fwi: ", iterations, " EM FWI iteration(s) from the given model, into ", output.string()));
  return runEmFwi(comm, s, problem);
}

}  // namespace pairinv::inversion

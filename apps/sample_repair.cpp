#include "apps/sample_repair.hpp"

#include <petscsys.h>

#include <chrono>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_check.hpp"
#include "inversion/history_log.hpp"
#include "inversion/model_comparison.hpp"
#include "inversion/tao_driver.hpp"
#include "core/root_errors.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

RepairSettings readRepairSettings(MPI_Comm comm, Physics physics, const std::string& command, bool help) {
  RepairSettings s;
  s.lsi = inversion::readLsiSettings(comm);
  inversion::probeLsiTaoOptions(comm);
  if (s.lsi.polishIterations > 0 || help) s.fwi = readFwiOptions(comm, physics);
  if (help) return s;
  for (const char* name : {"-fwi_iterations", "-fwi_frequencies"}) {
    PetscBool given = PETSC_FALSE;
    PAIRINV_PETSC(PetscOptionsHasName(nullptr, nullptr, name, &given));
    require(!given, name, " is not used by pairinv ", command,
            ": the polish runs one full-band stage of -lsi_polish_iterations iterations");
  }
  return s;
}

const inversion::LearnedLatentModel& LearnedDecoder::get() {
  if (!model)
    model = std::make_unique<inversion::LearnedLatentModel>(
        std::make_unique<learning::LatentDecoder>(run, "cpu", true, threads));
  return *model;
}

double lastHistoryValue(MPI_Comm comm, const fs::path& history, const std::string& column) {
  return runOnRoot(comm, [&] {
    inversion::HistoryLog log(history, inversion::inversionHistoryColumns());
    ensure(log.resume() > 0, "'", history.string(), "' holds no iteration");
    return std::vector<double>{log.column(column).back()};
  })[0];
}

RepairOutcome repairSample(MPI_Comm comm, const RepairSettings& settings, LearnedDecoder& decoder,
                           const SampleProblem& problem, const fs::path& output, const Field2D* baseline) {
  const auto start = std::chrono::steady_clock::now();
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const Field2D* truth = problem.truth();  // nullptr for field data: no model errors then
  const Grid2D& grid = problem.grid();
  // 1. z* on rank 0 (a failure there, e.g. a run trained on other models, reaches every rank).
  const std::vector<double> zStar = runOnRoot(comm, [&] {
    const learning::LatentDecoder& d = decoder.get().decoder();
    require(d.nz() == grid.nz && d.nx() == grid.nx, "the run '", decoder.run.string(), "' was trained on ",
            d.nz(), " x ", d.nx(), " models; the survey's are ", grid.nz, " x ", grid.nx);
    return d.estimateLatent(problem.observed(), problem.observedSamples());
  });

  // 2. LSI with the true PDE.
  if (rank == 0) ensureDirectory(output);
  struct Unused : inversion::LatentModel {
    std::size_t latentSize() const override { return 0; }
    std::vector<double> decode(const std::vector<double>&) const override { return {}; }
    std::vector<double> vjp(const std::vector<double>&, const std::vector<double>&) const override { return {}; }
  } unused;  // ranks other than 0 never call the decoder
  const std::unique_ptr<inversion::LsiDataTerm> data = problem.lsiData(comm);
  inversion::LsiSettings lsi = settings.lsi;
  lsi.output = output;
  const inversion::LsiResult result = inversion::runLatentInversion(
      comm, lsi, *data, grid, zStar, truth,
      rank == 0 ? static_cast<const inversion::LatentModel&>(decoder.get()) : unused);
  RepairOutcome r;
  r.estimateModel = result.estimate;
  r.estimate = measureModel(*data, result.estimate, truth);
  r.lsi = measureModel(*data, result.model, truth);
  if (baseline) r.baseline = measureModel(*data, *baseline, truth);
  r.lsiSolves = lastHistoryValue(comm, output / "history.csv", "pde_solves");
  r.final = r.lsi;
  r.lsiModel = r.finalModel = result.model;
  r.lsiSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // 3. The polish: the physics' FWI from LSI's model.
  if (settings.lsi.polishIterations > 0) {
    const fs::path polish = output / "polish";
    logInfo(concat("polish: ", settings.lsi.polishIterations, " FWI iteration(s) from LSI's model"));
    r.finalModel = problem.fwi(comm, settings.fwi, result.model, settings.lsi.polishIterations, 0, polish);
    r.final = measureModel(*data, r.finalModel, truth);
    r.polishSolves = lastHistoryValue(comm, polish / "history.csv", "pde_solves");
    r.polished = true;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (rank == 0) {
    std::vector<inversion::NamedModel> models = {{"learned estimate", &r.estimateModel}};
    if (baseline) models.push_back({"linear baseline", baseline});
    models.push_back({"LSI", &r.lsiModel});
    if (r.polished) models.push_back({"LSI + polish", &r.finalModel});
    writeModelComparison(output / "comparison.png", "repair: " + output.filename().string(), models, truth,
                         problem.quantity(), problem.logarithmic());
  }
  return r;
}

}  // namespace pairinv::apps

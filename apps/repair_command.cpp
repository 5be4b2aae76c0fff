// pairinv repair: detect, then repair. Estimates every sample of a survey with a trained run,
// flags the estimates that cannot be trusted (the run's calibrated OOD flag, learning/
// ood_calibration.hpp), and repairs the flagged samples only: latent-space inversion with the
// true PDE from the learned estimate, then the optional polish (apps/sample_repair.hpp).
// Acoustic and EM surveys; the samples are spread over the MPI ranks, each rank inverting whole
// samples on its own.
//
// Sample runs:
//   pairinv repair -run runs/quick -input ood.h5 -output out/repair
//   mpiexec -n 2 pairinv repair -run runs/quick -input ood.h5 -repair_max 8 -lsi_iterations 10
//       -lsi_polish_iterations 10 -output out/repair
//   pairinv repair -run runs/quick -input test.h5 -pae_flag_fpr 0.1 -repair_samples 0,1,2,3 -output DIR
//   pairinv repair -run runs/quick -input line7.sgy -acquisition train.h5 -output DIR   (field data)
// (tests/apps/test_repair_app.cpp and scripts/quickstart.sh run these at small sizes.)
//
// Writes DIR/estimates.h5 (as pairinv estimate: estimates, scores, the flag), DIR/sampleI/ per
// repaired sample (LSI's history.csv, iterations/ + models.pvd, PNGs, model_final.*; polish/ with
// the polish's), DIR/summary.csv and DIR/report.md (before and after: model error, data misfit,
// PDE solves, seconds; learning/../inversion/repair_report.hpp). The survey must have the
// geometry of the training survey (exit 2 naming the difference, nothing written).
//
// Field data: a survey without /models, or a SEG-Y -input (shot gathers recorded with the
// acquisition of the survey file -acquisition, made into DIR/observed.h5: apps/field_data.hpp).
// The reports then give data misfits only; model errors are NaN in summary.csv and n/a in
// report.md.
//
// A rerun of the same command keeps the samples already repaired (DIR/sampleI/outcome.csv) and
// continues the others (LSI resumes to the bits of an uninterrupted run).
#include <filesystem>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "core/error.hpp"

#ifdef PAIRINV_HAVE_LEARNING
#include <algorithm>
#include <cmath>
#include <exception>
#include <set>
#include <thread>

#include "apps/field_data.hpp"
#include "apps/pae_options.hpp"
#include "apps/sample_repair.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "core/number_text.hpp"
#include "core/options.hpp"
#include "core/progress.hpp"
#include "core/root_errors.hpp"
#include "inversion/repair_report.hpp"
#include "learning/estimation_run.hpp"
#include "learning/sample_source.hpp"
#endif

namespace fs = std::filesystem;

namespace pairinv::apps {

#ifdef PAIRINV_HAVE_LEARNING
namespace {

struct RepairOptions {
  fs::path run, input, acquisition, output;
  std::vector<std::size_t> samples;  // empty: all
  std::size_t maxRepairs = 0;        // 0: every flagged sample
};

RepairOptions readRepairOptions(MPI_Comm comm) {
  RepairOptions o;
  {
    OptionsBlock opts(comm, "", "pairinv repair: estimate, flag, and repair the flagged samples by LSI");
    o.run = opts.string("-run", "Run folder of `pairinv train` (paired architecture)", "");
    o.input = opts.string("-input", "Survey file (acoustic or EM) of the training survey's geometry, or SEG-Y shot "
                          "gathers (.sgy/.segy: field data, one sample) with -acquisition", "");
    o.acquisition = opts.string("-acquisition", "With a SEG-Y -input: the acoustic survey file whose acquisition "
                                "recorded it (typically the training survey)", "");
    o.output = opts.string("-output", "Output directory", "out/repair");
  }
  OptionsBlock opts(comm, "repair_", "Which samples pairinv repair estimates and repairs");
  for (PetscInt i : opts.intList("-samples", "Survey samples to estimate (default: all)", {})) {
    require(i >= 0, "-repair_samples: sample ", i, " is negative");
    o.samples.push_back(std::size_t(i));
  }
  o.maxRepairs = std::size_t(opts.integer("-max", "Repair at most this many flagged samples, the first ones (0: all)",
                                          0, 0));
  return o;
}

/// The flagged samples among the estimated ones (survey indices) and their flag statistics.
struct Flagged {
  std::vector<double> samples, statistics;
  std::vector<double> baselines;           // the linear baseline's estimates of `samples`, nz * nx each
  std::size_t estimated = 0, flagged = 0;  // before -repair_max
  std::string flag, baseline;              // baseline: "" when the run has none
};

Flagged estimateAndFlag(const RepairOptions& o, learning::EstimateOptions estimate) {
  const std::int64_t size = readSurveyInfo(o.input).samples;
  for (std::size_t i : o.samples)
    require(std::int64_t(i) < size, "-repair_samples: sample ", i, " does not exist ('", o.input.string(), "' has ",
            size, " samples)");
  estimate.png_samples({}).write_surrogate(false);
  const fs::path file = o.output / "estimates.h5";
  const learning::EstimateSummary s = learning::estimateSurvey(o.run, o.input, file, estimate);
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  const auto index = h5.readDataset("/sample_index").data, ood = h5.readDataset("/ood").data,
             statistic = h5.readDataset("/flag_statistic").data;
  const std::set<std::size_t> wanted(o.samples.begin(), o.samples.end());
  Flagged f;
  f.flag = s.flag;
  f.baseline = s.baseline;
  std::vector<std::size_t> rows;
  for (std::size_t row = 0; row < index.size(); ++row) {
    if (!wanted.empty() && !wanted.count(std::size_t(index[row]))) continue;
    ++f.estimated;
    if (ood[row] == 1.0) rows.push_back(row);
  }
  f.flagged = rows.size();
  if (o.maxRepairs > 0 && rows.size() > o.maxRepairs) rows.resize(o.maxRepairs);
  const std::vector<double> baselines =
      f.baseline.empty() ? std::vector<double>{} : h5.readDataset("/baseline_estimates").data;
  const std::size_t cells = std::size_t(s.nz * s.nx);
  for (std::size_t row : rows) {
    f.samples.push_back(index[row]), f.statistics.push_back(statistic[row]);
    if (!baselines.empty())
      f.baselines.insert(f.baselines.end(), baselines.begin() + std::ptrdiff_t(row * cells),
                         baselines.begin() + std::ptrdiff_t((row + 1) * cells));
  }
  return f;
}

void broadcast(MPI_Comm comm, std::vector<double>& v) {
  int n = int(v.size());
  MPI_Bcast(&n, 1, MPI_INT, 0, comm);
  v.resize(std::size_t(n));
  MPI_Bcast(v.data(), n, MPI_DOUBLE, 0, comm);
}

/// One sample's row: read back when a previous run finished it, else repaired now.
inversion::RepairRow repairOne(const RepairOptions& o, const RepairSettings& settings, LearnedDecoder& decoder,
                               const Flagged& f, std::size_t k) {
  const std::size_t sample = std::size_t(f.samples[k]);
  const fs::path dir = o.output / ("sample" + std::to_string(sample)), done = dir / "outcome.csv";
  if (fs::exists(done)) return inversion::RepairRow::fromValues(readValuesFile(done));
  const auto problem = SampleProblem::read(o.input, sample);
  const Grid2D& grid = problem->grid();
  const Field2D baseline = f.baselines.empty() ? Field2D() : fieldOn(grid, f.baselines.data() + k * grid.size());
  const RepairOutcome r =
      repairSample(PETSC_COMM_SELF, settings, decoder, *problem, dir, f.baselines.empty() ? nullptr : &baseline);
  inversion::RepairRow row;
  row.sample = sample, row.flagStatistic = f.statistics[k];
  row.baselineError = r.baseline.modelError, row.baselineMisfit = r.baseline.misfit;
  row.estimateError = r.estimate.modelError, row.estimateMisfit = r.estimate.misfit;
  row.lsiError = r.lsi.modelError, row.lsiMisfit = r.lsi.misfit;
  row.finalError = r.final.modelError, row.finalMisfit = r.final.misfit;
  row.lsiSolves = r.lsiSolves, row.polishSolves = r.polishSolves, row.seconds = r.seconds;
  writeValuesFile(done, row.values());  // field data: NaN model errors, read back as NaN
  return row;
}

/// Rounds of one sample per rank; after each round rank 0 gathers the rows and reports progress.
std::vector<inversion::RepairRow> repairFlagged(MPI_Comm comm, const RepairOptions& o, const RepairSettings& settings,
                                                const Flagged& f) {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &ranks);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  LearnedDecoder decoder{o.run, std::max<std::int64_t>(1, std::int64_t(cores) / ranks), nullptr};
  const std::size_t n = f.samples.size(), width = inversion::RepairRow::columns().size();
  std::vector<inversion::RepairRow> rows;
  ProgressLine progress("repair", n, "samples", rank == 0);
  for (std::size_t first = 0; first < n; first += std::size_t(ranks)) {
    const std::size_t mine = first + std::size_t(rank);
    std::vector<double> row(width, NAN);
    std::exception_ptr failure;  // a bad sample must not leave the other ranks waiting in the gather
    if (mine < n) {
      try {
        row = repairOne(o, settings, decoder, f, mine).values();
      } catch (...) {
        failure = std::current_exception();
      }
    }
    rethrowOnEveryRank(comm, failure);
    std::vector<double> all(rank == 0 ? width * std::size_t(ranks) : 0);
    MPI_Gather(row.data(), int(width), MPI_DOUBLE, all.data(), int(width), MPI_DOUBLE, 0, comm);
    for (int r = 0; rank == 0 && r < ranks; ++r)
      if (first + std::size_t(r) < n)
        rows.push_back(inversion::RepairRow::fromValues(
            std::vector<double>(all.begin() + std::ptrdiff_t(r) * std::ptrdiff_t(width),
                                all.begin() + std::ptrdiff_t(r + 1) * std::ptrdiff_t(width))));
    progress.update(std::min(n, first + std::size_t(ranks)));
  }
  return rows;
}

}  // namespace
#endif

int runRepair(const PetscSession& session) {
#ifdef PAIRINV_HAVE_LEARNING
  // 1. Options; the run, the survey and its geometry are checked before anything is written.
  const MPI_Comm comm = session.comm();
  const RepairOptions o = readRepairOptions(comm);
  const learning::EstimateOptions estimate = readEstimateOptions(comm);
  const Physics physics = inputPhysics(o.input);
  const RepairSettings settings = readRepairSettings(comm, physics, "repair", session.helpRequested());
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  require(!o.run.empty(), "-run RUN_DIR is required (a folder written by pairinv train, paired architecture)");
  require(fs::exists(o.run), "-run: '", o.run.string(), "' does not exist");
  require(!o.input.empty(), "-input SURVEY.h5 (or SEG-Y with -acquisition) is required");
  require(fs::exists(o.input), "-input: '", o.input.string(), "' does not exist");
  FieldSurveyInput field(comm, o.input, o.acquisition, o.output);  // SEG-Y: OUTPUT/observed.h5
  RepairOptions survey = o;
  survey.input = field.survey();
  const bool truthKnown = runOnRoot(comm, [&] {
    return std::vector<double>{readSurveyInfo(survey.input).hasModels ? 1.0 : 0.0};
  })[0] == 1.0;
  if (!truthKnown)
    logInfo(concat("repair: '", o.input.string(), "' holds no true models (field data): the reports give data misfits "
                   "only"));

  // 2. Estimates and the flag (rank 0; a failure reaches every rank).
  Flagged f;
  runOnRoot(comm, [&] { f = estimateAndFlag(survey, estimate); });
  field.keep();
  broadcast(comm, f.samples);
  broadcast(comm, f.statistics);
  broadcast(comm, f.baselines);
  logInfo(concat("repair: ", f.flagged, " of ", f.estimated, " samples flagged (", f.flag, "); ", f.samples.size(),
                 " to repair"));

  // 3. The flagged samples, spread over the ranks; 4. the report.
  const std::vector<inversion::RepairRow> rows = repairFlagged(comm, survey, settings, f);
  runOnRoot(comm, [&] {
    inversion::RepairSummary s;
    s.run = o.run.string(), s.input = o.input.string(), s.flag = f.flag, s.baseline = f.baseline;
    s.truthKnown = truthKnown;
    s.modelErrorDefinition = PhysicsApp::create(physics)->modelErrorDefinition();
    s.samplesEstimated = f.estimated, s.samplesFlagged = f.flagged;
    s.lsiIterations = settings.lsi.iterations, s.polishIterations = settings.lsi.polishIterations;
    s.alpha = settings.lsi.alpha, s.rows = rows;
    inversion::writeRepairReport(o.output, s);
    logInfo(concat("repair: report in ", (o.output / "report.md").string()));
  });
  writeCommandRecord(session.comm(), "repair", o.output, true);
  return 0;
#else
  (void)session;
  throw InputError("pairinv was built without LibTorch (-DPAIRINV_WITH_TORCH=OFF): repair needs learning/");
#endif
}

}  // namespace pairinv::apps

#include "apps/evaluation_run.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <utility>

#include "apps/command_record.hpp"
#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/mpi_collective.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/image_metrics.hpp"
#include "core/log.hpp"
#include "core/number_text.hpp"
#include "core/progress.hpp"
#include "inversion/evaluation_metrics.hpp"
#include "inversion/evaluation_report.hpp"
#include "inversion/model_comparison.hpp"
#include "inversion/report_text.hpp"
#include "inversion/solves_to_misfit.hpp"
#include "learning/estimation_run.hpp"
#include "learning/sample_source.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

using Clock = std::chrono::steady_clock;
using inversion::MethodResults;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::size_t surveySize(const fs::path& survey) {
  require(fs::exists(survey), "the survey '", survey.string(), "' does not exist");
  const SurveyInfo info = readSurveyInfo(survey);
  require(info.hasModels, "the survey '", survey.string(), "' holds no /models: evaluate measures every estimate "
          "against its true model (pairinv estimate and repair take data without models)");
  return std::size_t(info.samples);
}

// Finished work kept by a rerun. DIR/runs/inputs.txt holds every option and the size and time
// of every input file; a rerun whose text is the same keeps the records of the samples finished
// before (rows.txt, quality_K.txt: values that read back to the same bits), and the inversions
// of an unfinished sample resume by replay (inversion/evaluation_log.hpp). Anything else starts
// afresh.

std::string fileStamps(const fs::path& path) {
  std::vector<std::string> lines;
  const auto stamp = [&](const fs::path& f) {
    lines.push_back(concat(f.string(), " ", fs::file_size(f), " ",
                           fs::last_write_time(f).time_since_epoch().count()));
  };
  if (fs::is_directory(path)) {
    for (const auto& e : fs::recursive_directory_iterator(path))
      if (e.is_regular_file()) stamp(e.path());
  } else if (fs::exists(path)) {
    stamp(path);
  }
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const std::string& l : lines) text += l + '\n';
  return text;
}

std::string workFingerprint(const EvaluateSetup& s) {
  std::string text = "options:\n" + optionsAsYaml() + "inputs:\n";
  for (const fs::path& p : {s.run, s.baselineRun, s.input}) text += fileStamps(p);
  for (const fs::path& p : s.ood) text += fileStamps(p);
  return text;
}

std::string fileText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr std::array<std::vector<double> MethodResults::*, 7> kMetrics = {
    &MethodResults::modelError, &MethodResults::dataMisfit, &MethodResults::ssim, &MethodResults::mae,
    &MethodResults::rmse,       &MethodResults::pdeSolves,  &MethodResults::seconds};

/// Runs `work`, which appends one sample's values to some of `rows`, and records what it
/// appended in `record`; if `record` exists (the same sample finished by an earlier run of the
/// same command), appends its values instead.
void keptOrRun(const fs::path& record, std::vector<MethodResults>& rows, const std::function<void()>& work) {
  if (fs::exists(record)) {
    const std::vector<double> v = readValuesFile(record);
    std::size_t at = 0;
    for (MethodResults& row : rows) {
      require(at < v.size(), "'", record.string(), "' is truncated: remove its folder");
      const std::size_t n = std::size_t(v[at++]);
      require(at + n * kMetrics.size() <= v.size(), "'", record.string(), "' is truncated: remove its folder");
      for (std::size_t k = 0; k < n; ++k)
        for (auto metric : kMetrics) (row.*metric).push_back(v[at++]);
    }
    require(at == v.size(), "'", record.string(), "' holds more values than the rows: remove its folder");
    return;
  }
  std::vector<std::size_t> before;
  for (const MethodResults& row : rows) before.push_back(row.modelError.size());
  work();
  std::vector<double> v;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t n = rows[r].modelError.size() - before[r];
    v.push_back(double(n));
    for (std::size_t k = before[r]; k < before[r] + n; ++k)
      for (auto metric : kMetrics) v.push_back((rows[r].*metric)[k]);
  }
  writeValuesFile(record, v);
}

/// The first `count` samples' estimates (learning::estimateSurvey into `file`) as read back.
struct SetEstimates {
  std::vector<double> estimates, baselineEstimates, flagStatistic, flagged;
  std::vector<std::string> scoreNames;
  std::vector<std::vector<double>> scores;
  std::string flag;
  double fpr = 0.05, secondsPerSample = 0.0;
};

SetEstimates estimateSet(const fs::path& run, const fs::path& survey, const fs::path& file, std::size_t count) {
  learning::EstimateOptions options;
  options.max_samples(std::int64_t(count)).png_samples({}).write_surrogate(false).progress(false);
  const auto start = Clock::now();
  const learning::EstimateSummary summary = learning::estimateSurvey(run, survey, file, options);
  SetEstimates s;
  s.secondsPerSample = secondsSince(start) / double(count);
  s.flag = summary.flag;
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  s.fpr = h5.readDoubleAttribute("/", "flag_fpr");
  s.estimates = h5.readDataset("/estimates").data;
  if (h5.hasDataset("/baseline_estimates")) s.baselineEstimates = h5.readDataset("/baseline_estimates").data;
  s.flagStatistic = h5.readDataset("/flag_statistic").data;
  s.flagged = h5.readDataset("/ood").data;
  for (learning::QualityScore q : learning::allQualityScores()) {
    const std::string name = learning::qualityScoreName(q);
    if (!h5.hasDataset("/" + name)) continue;
    s.scoreNames.push_back(name);
    s.scores.push_back(h5.readDataset("/" + name).data);
  }
  return s;
}

class Evaluation {
 public:
  Evaluation(MPI_Comm comm, const EvaluateSetup& setup);
  void run();

 private:
  /// Model error, data misfit (a fresh data term: one forward modelling), SSIM, MAE and RMSE of
  /// `q` for `p`, appended to `row` with the method's PDE solves and time.
  void add(MethodResults& row, const SampleProblem& p, const Field2D& q, double solves, double seconds) const;
  void sampleRows(std::size_t i, std::vector<MethodResults>& rows);
  void methodRows(const SampleProblem& p, const fs::path& dir, std::vector<MethodResults>& rows);
  void flaggedRows(const SampleProblem& p, const std::string& set, std::size_t i, const fs::path& dir,
                   std::vector<MethodResults>& rows);
  void networkRows(const SetEstimates& test, std::vector<MethodResults>& rows);
  inversion::QualityResults quality(const std::string& name, const fs::path& survey, const SetEstimates& e,
                                    std::size_t count, const fs::path& record) const;
  inversion::FlaggedRepair repairFlagged(const std::vector<inversion::QualityResults>& quality);
  void solvesToMisfit(inversion::EvaluationResults& results, const std::string& path, const std::string& reference);
  std::vector<std::string> notes() const;
  /// The methods table's rows, empty.
  std::vector<MethodResults> methodTable() const;
  /// The flagged samples to repair, (OOD set k >= 1, sample), taken in turn from each set.
  std::vector<std::pair<std::size_t, std::size_t>> repairPlan(const std::vector<inversion::QualityResults>& quality) const;
  fs::path repairDir(const std::string& set, std::size_t i) const { return setup_.work() / concat("flagged_", set, "_", i); }
  /// Rank 0: the work folder, kept when a rerun has the same options and inputs.
  void prepareWork() const;
  /// The share of this rank in the records of `count` jobs (jobs j = rank, rank + size, ...),
  /// each writing its own folder: work(j).
  void spread(std::size_t count, const std::function<void(std::size_t)>& work);
  int rank() const { return ranks_.rank(); }

  MPI_Comm comm_;
  MpiCollective ranks_;
  MPI_Comm solve_;  // the PDE solves of one sample: PETSC_COMM_SELF when ranks share the samples
  const EvaluateSetup& setup_;
  mutable LearnedDecoder decoder_;  // loaded on first use
  std::vector<std::unique_ptr<SampleProblem>> test_;
  std::size_t testCount_ = 0;
  std::vector<std::size_t> oodCounts_;
};

Evaluation::Evaluation(MPI_Comm comm, const EvaluateSetup& s)
    : comm_(comm), ranks_(comm), solve_(ranks_.size() > 1 ? PETSC_COMM_SELF : comm), setup_(s),
      decoder_{s.run, ranks_.size() > 1 ? threadsPerRank(0, ranks_.localSize()) : 0, nullptr} {
  const auto count = [&](const fs::path& survey) {
    const std::size_t size = surveySize(survey);
    require(s.metricSamples <= size, "-evaluate_metric_samples ", s.metricSamples, " but '", survey.string(), "' has ",
            size, " samples (0: all)");
    return s.metricSamples == 0 ? size : s.metricSamples;
  };
  const Physics physics = surveyPhysicsOf(s.input);
  testCount_ = count(s.input);
  require(surveySize(s.input) >= s.samples, "-evaluate_samples ", s.samples, " but '", s.input.string(), "' has ",
          surveySize(s.input), " samples");
  for (const fs::path& ood : s.ood) {
    require(surveyPhysicsOf(ood) == physics, "-ood '", ood.string(), "' is not of the physics of -input");
    oodCounts_.push_back(count(ood));
  }
  const learning::LatentDecoder& d = decoder_.get().decoder();
  for (std::size_t i = 0; i < s.samples; ++i) {
    test_.push_back(SampleProblem::read(s.input, i));
    const SampleProblem& p = *test_.back();
    require(d.nz() == p.grid().nz && d.nx() == p.grid().nx, "the run '", s.run.string(),
            "' was trained on ", d.nz(), " x ", d.nx(), " models; the test set's are ", p.grid().nz, " x ",
            p.grid().nx);
  }
}

void Evaluation::add(MethodResults& row, const SampleProblem& p, const Field2D& q, double solves,
                     double seconds) const {
  const auto data = p.lsiData(solve_);
  const ModelQuality m = measureModel(*data, q, &p.knownTruth());
  // OpenFWI's metrics on the models normalised as the networks see them, as pairinv estimate
  // computes them: the run's training range mapped to [-1, 1], every cell.
  const learning::LatentDecoder& decoder = decoder_.get().decoder();
  const std::vector<double> a = decoder.normalizedModel(q.values), b = decoder.normalizedModel(p.knownTruth().values);
  double absolute = 0.0, squared = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) absolute += std::fabs(a[k] - b[k]), squared += (a[k] - b[k]) * (a[k] - b[k]);
  const double n = double(a.size());
  const Grid2D& g = p.grid();
  row.modelError.push_back(m.modelError);
  row.dataMisfit.push_back(m.misfit);
  row.ssim.push_back(structuralSimilarity(a, b, g.nz, g.nx, -1.0, 1.0));
  row.mae.push_back(absolute / n);
  row.rmse.push_back(std::sqrt(squared / n));
  row.pdeSolves.push_back(solves);
  row.seconds.push_back(seconds);
  logInfo(concat("evaluate:   ", row.name, ": model error ", m.modelError, ", data misfit ", m.misfit, ", SSIM ",
                 row.ssim.back(), ", PDE solves ", solves, ", ", seconds, " s"));
}

// rows: PAE estimate, LSI, LSI + polish, FWI at LSI's budget, long FWI.
void Evaluation::sampleRows(std::size_t i, std::vector<MethodResults>& rows) {
  const SampleProblem& p = *test_[i];
  const fs::path dir = setup_.work() / ("sample" + std::to_string(i));
  logInfo(concat("evaluate: sample ", i + 1, " of ", test_.size()));
  keptOrRun(dir / "rows.txt", rows, [&] { methodRows(p, dir, rows); });
}

void Evaluation::methodRows(const SampleProblem& p, const fs::path& dir, std::vector<MethodResults>& rows) {
  const Grid2D& grid = p.grid();
  auto start = Clock::now();
  const Field2D estimate =
      fieldOn(grid, decoder_.get().decoder().estimateModel(p.observed(), p.observedSamples()).data());
  const double estimateSeconds = secondsSince(start);
  add(rows[0], p, estimate, 0.0, estimateSeconds);
  const RepairOutcome r = repairSample(solve_, setup_.repair, decoder_, p, dir / "lsi");
  add(rows[1], p, r.lsiModel, r.lsiSolves, estimateSeconds + r.lsiSeconds);
  if (r.polished) add(rows[2], p, r.finalModel, r.lsiSolves + r.polishSolves, estimateSeconds + r.seconds);
  // FWI from what a survey would know: with LSI's budget (one full-band stage, TAO's function
  // evaluations limited to LSI's PDE solves over those of one evaluation), and the long run.
  const Field2D fwiStart = p.fwiStart(setup_.fwiStart, setup_.smoothing);
  const int evaluations = std::max(1, int(std::floor(r.lsiSolves / p.solvesPerEvaluation())));
  start = Clock::now();
  Field2D q = p.fwi(solve_, setup_.repair.fwi, fwiStart, evaluations, evaluations, dir / "fwi_budget");
  add(rows[3], p, q, lastHistoryValue(solve_, dir / "fwi_budget" / "history.csv", "pde_solves"), secondsSince(start));
  start = Clock::now();
  ensureDirectory(dir / "fwi_long");
  q = p.stagedFwi(solve_, setup_.repair.fwi, fwiStart, setup_.fwiIterations, dir / "fwi_long");
  add(rows[4], p, q, lastHistoryValue(solve_, dir / "fwi_long" / "history.csv", "pde_solves"), secondsSince(start));
}

// The end-to-end network's and the linear baseline's estimates of the first K test samples.
void Evaluation::networkRows(const SetEstimates& test, std::vector<MethodResults>& rows) {
  const std::size_t K = test_.size(), n = test_.front()->grid().size();
  if (!setup_.baselineRun.empty()) {
    logInfo("evaluate: end-to-end network's estimates");
    const SetEstimates e2e = estimateSet(setup_.baselineRun, setup_.input, setup_.output / "estimates_e2e.h5", K);
    for (std::size_t i = 0; i < K; ++i)
      add(rows[5], *test_[i], fieldOn(test_[i]->grid(), e2e.estimates.data() + i * n), 0.0, e2e.secondsPerSample);
  }
  if (!test.baselineEstimates.empty())
    for (std::size_t i = 0; i < K; ++i)
      add(rows[6], *test_[i], fieldOn(test_[i]->grid(), test.baselineEstimates.data() + i * n), 0.0,
          test.secondsPerSample);
}

// The scores and flag of the first `count` samples of a set, with the PAE estimates' true errors.
inversion::QualityResults Evaluation::quality(const std::string& name, const fs::path& survey, const SetEstimates& e,
                                              std::size_t count, const fs::path& record) const {
  inversion::QualityResults q;
  q.name = name;
  q.scoreNames = e.scoreNames;
  q.scores = e.scores;
  q.flagStatistic = e.flagStatistic;
  q.flagged = e.flagged;
  for (std::size_t i = 0; i < count; ++i) q.samples.push_back(i);
  if (fs::exists(record)) {  // the true errors of a set finished by an earlier run
    const std::vector<double> v = readValuesFile(record);
    require(v.size() == 2 * count, "'", record.string(), "' holds ", v.size(), " values, not ", 2 * count,
            ": remove it");
    q.modelError.assign(v.begin(), v.begin() + std::ptrdiff_t(count));
    q.dataMisfit.assign(v.begin() + std::ptrdiff_t(count), v.end());
    return q;
  }
  for (std::size_t i = 0; i < count; ++i) {
    const auto p = SampleProblem::read(survey, i);
    const auto data = p->lsiData(solve_);
    const ModelQuality m =
        measureModel(*data, fieldOn(p->grid(), e.estimates.data() + i * p->grid().size()), &p->knownTruth());
    q.modelError.push_back(m.modelError);
    q.dataMisfit.push_back(m.misfit);
    if ((i + 1) % std::max<std::size_t>(1, count / 4) == 0 || i + 1 == count)
      logInfo(concat("evaluate: true errors of the PAE estimates of the ", name, " set: ", i + 1, " of ", count));
  }
  std::vector<double> v = q.modelError;
  v.insert(v.end(), q.dataMisfit.begin(), q.dataMisfit.end());
  writeValuesFile(record, v);
  return q;
}

std::vector<std::pair<std::size_t, std::size_t>> Evaluation::repairPlan(
    const std::vector<inversion::QualityResults>& quality) const {
  std::vector<std::vector<std::size_t>> flagged(quality.size());
  for (std::size_t k = 1; k < quality.size(); ++k)
    for (std::size_t i = 0; i < quality[k].samples.size(); ++i)
      if (quality[k].flagged[i] == 1.0) flagged[k].push_back(i);
  std::vector<std::pair<std::size_t, std::size_t>> plan;
  for (std::size_t round = 0; plan.size() < setup_.repairSamples; ++round) {
    bool any = false;
    for (std::size_t k = 1; k < quality.size() && plan.size() < setup_.repairSamples; ++k)
      if (round < flagged[k].size()) {
        any = true;
        plan.emplace_back(k, flagged[k][round]);
      }
    if (!any) break;
  }
  return plan;
}

namespace {
std::vector<MethodResults> flaggedTable(const RepairSettings& repair) {
  return {{"PAE estimate", "q_hat = D_q(M_dag E_b(b)), flagged; no PDE solve", {}, {}, {}, {}, {}, {}, {}},
          {concat("LSI (", repair.lsi.iterations, " it.)"), "latent-space inversion from the estimate",
           {}, {}, {}, {}, {}, {}, {}},
          {concat("LSI + polish (", repair.lsi.polishIterations, " it.)"), "FWI from LSI's final model", {}, {}, {}, {},
           {}, {}, {}},
          {"FWI, the repair's budget", "FWI (one full-band stage) from the PAE estimate, TAO's function evaluations "
           "limited to the repair's PDE solves", {}, {}, {}, {}, {}, {}, {}}};
}
}  // namespace

// Up to R flagged samples, taken in turn from each OOD set (repairPlan): estimate, LSI, LSI +
// polish, and FWI from the estimate with the repair's PDE budget. Samples that other ranks
// repaired (spread) are read back from their records.
inversion::FlaggedRepair Evaluation::repairFlagged(const std::vector<inversion::QualityResults>& quality) {
  inversion::FlaggedRepair f;
  for (std::size_t k = 1; k < quality.size(); ++k) {
    f.oodCount += quality[k].samples.size();
    f.flaggedCount += std::size_t(std::count(quality[k].flagged.begin(), quality[k].flagged.end(), 1.0));
  }
  f.rows = flaggedTable(setup_.repair);
  const auto plan = repairPlan(quality);
  ProgressLine progress("evaluate: repair of flagged samples", plan.size(), "samples", true);
  for (const auto& [k, i] : plan) {
    const auto p = SampleProblem::read(setup_.ood[k - 1], i);
    logInfo(concat("evaluate: repair of flagged sample ", i, " of ", quality[k].name, " (", f.samples.size() + 1,
                   " of at most ", setup_.repairSamples, ")"));
    const fs::path dir = repairDir(quality[k].name, i);
    keptOrRun(dir / "rows.txt", f.rows, [&] { flaggedRows(*p, quality[k].name, i, dir, f.rows); });
    f.sets.push_back(quality[k].name);
    f.samples.push_back(i);
    progress.update(f.samples.size());
  }
  if (setup_.repair.lsi.polishIterations == 0) f.rows.erase(f.rows.begin() + 2);
  return f;
}

// One flagged sample's rows: estimate, LSI, LSI + polish, FWI from the estimate with their budget.
void Evaluation::flaggedRows(const SampleProblem& p, const std::string& set, std::size_t i, const fs::path& dir,
                             std::vector<MethodResults>& rows) {
  const RepairOutcome r = repairSample(solve_, setup_.repair, decoder_, p, dir / "lsi");
  add(rows[0], p, r.estimateModel, 0.0, 0.0);
  add(rows[1], p, r.lsiModel, r.lsiSolves, r.lsiSeconds);
  add(rows[2], p, r.finalModel, r.lsiSolves + r.polishSolves, r.seconds);
  const int evaluations = std::max(1, int(std::floor((r.lsiSolves + r.polishSolves) / p.solvesPerEvaluation())));
  const auto start = Clock::now();
  const Field2D q = p.fwi(solve_, setup_.repair.fwi, r.estimateModel, evaluations, evaluations, dir / "fwi");
  add(rows[3], p, q, lastHistoryValue(solve_, dir / "fwi" / "history.csv", "pde_solves"), secondsSince(start));
  int solveRank = 0;
  MPI_Comm_rank(solve_, &solveRank);
  if (solveRank == 0) {
    // The repair last, so that the error panel is the repair's.
    std::vector<inversion::NamedModel> models = {{"PAE estimate", &r.estimateModel}, {"FWI, same budget", &q},
                                                 {"LSI", &r.lsiModel}};
    if (r.polished) models.push_back({"LSI + polish", &r.finalModel});
    inversion::writeModelComparison(dir / "comparison.png", concat(set, " sample ", i), models, &p.knownTruth(),
                                    p.quantity(), p.logarithmic());
  }
}

void Evaluation::solvesToMisfit(inversion::EvaluationResults& results, const std::string& path,
                                const std::string& reference) {
  const std::string skipped = test_.front()->misfitsIncomparable(setup_.repair.fwi);
  if (!skipped.empty()) {
    results.solvesToMisfitSkipped = skipped;
    return;
  }
  inversion::SolvesToMisfit s{path, reference, {}, {}, {}, {}};
  for (std::size_t i = 0; i < test_.size(); ++i) {
    const fs::path dir = setup_.work() / ("sample" + std::to_string(i));
    const fs::path fwi = dir / "fwi_long" / "history.csv";
    std::vector<fs::path> lsi = {dir / "lsi" / "history.csv"};
    if (setup_.repair.lsi.polishIterations > 0) lsi.push_back(dir / "lsi" / "polish" / "history.csv");
    s.target.push_back(inversion::finalDataMisfit(fwi));
    s.pathSolves.push_back(inversion::solvesToReachMisfit(lsi, s.target.back()));
    s.pathMisfit.push_back(inversion::finalDataMisfit(lsi.back()));
    s.referenceSolves.push_back(inversion::solvesToReachMisfit({fwi}, s.target.back(), true));
  }
  results.solvesToMisfit = s;
}

std::vector<std::string> Evaluation::notes() const {
  const SampleProblem& p = *test_.front();
  std::string ood;
  for (std::size_t k = 0; k < setup_.ood.size(); ++k)
    ood += concat(k ? "; " : "", setup_.ood[k].stem().string(), " (", setup_.ood[k].string(), ", first ", oodCounts_[k],
                  " samples)");
  return {concat("run: ", setup_.run.string(),
                 setup_.baselineRun.empty() ? "" : concat("; end-to-end network: ", setup_.baselineRun.string())),
          concat("test set: ", setup_.input.string(), "; methods table over its first ", setup_.samples,
                 " samples (-evaluate_samples); quality scores over its first ", testCount_,
                 " (-evaluate_metric_samples)"),
          setup_.ood.empty() ? "no OOD set (-ood)" : concat("OOD sets: ", ood),
          concat("FWI rows start from ", p.fwiStartName(setup_.fwiStart, setup_.smoothing), " (-evaluate_fwi_start ",
                 nameOf(setup_.fwiStart, kFwiStartNames), ")"),
          concat("MAE and RMSE on ", decoder_.get().decoder().modelLog10() ? "log10 " : "",
                 PhysicsApp::create(p.physics())->familyQuantity(), " mapped from the run's training range to "
                 "[-1, 1], every cell (as pairinv estimate); SSIM on them mapped to [0, 1] (core/image_metrics.hpp)"),
          "data misfit |W (F(q) - b)| / |W b| with the true PDE on each sample's acquisition (acoustic W = I; EM: the "
          "relative weights of LSI and EM FWI)"};
}

void Evaluation::prepareWork() const {
  ensureDirectory(setup_.output);  // inputs checked: now write
  const fs::path stamp = setup_.work() / "inputs.txt";
  const std::string fingerprint = workFingerprint(setup_);
  if (fs::exists(stamp) && fileText(stamp) == fingerprint) {
    logInfo(concat("evaluate: resuming the evaluation in ", setup_.work().string(), " (same options and inputs)"));
  } else {
    if (fs::exists(setup_.work()))
      logInfo(concat("evaluate: ", setup_.work().string(), " was made with other options or inputs: starting afresh"));
    fs::remove_all(setup_.work());
    ensureDirectory(setup_.work());
    inversion::writeTextFile(stamp, fingerprint);
  }
}

std::vector<MethodResults> Evaluation::methodTable() const {
  const inversion::LsiSettings& lsi = setup_.repair.lsi;
  const std::string start = test_.front()->fwiStartName(setup_.fwiStart, setup_.smoothing);
  return {
      {"PAE estimate", "q_hat = D_q(M_dag E_b(b)); no PDE solve", {}, {}, {}, {}, {}, {}, {}},
      {concat("LSI (", lsi.iterations, " it.)"),
       concat("latent-space inversion from the PAE estimate with the true PDE, alpha ", lsi.alpha), {}, {}, {}, {}, {},
       {}, {}},
      {concat("LSI + polish (", lsi.polishIterations, " it.)"),
       concat("FWI (one full-band stage, ", lsi.polishIterations, " iterations) from LSI's final model D_q(z) "
              "(-lsi_polish_iterations); PDE solves and time are LSI's plus the polish's"), {}, {}, {}, {}, {}, {}, {}},
      {"FWI, LSI's budget", concat("FWI (one full-band stage) from ", start, ", TAO evaluations limited to LSI's PDE "
                                   "solves"), {}, {}, {}, {}, {}, {}, {}},
      {concat("FWI (", setup_.fwiIterations, " it./stage)"), concat("FWI from ", start), {}, {}, {}, {}, {}, {}, {}},
      {"End-to-end baseline", "the end-to-end network's estimate; no PDE solve", {}, {}, {}, {}, {}, {}, {}},
      {"Linear baseline", "PCA of the training data + ridge regression to the models, fitted with the run "
                          "(learning/linear_baseline.hpp); no PDE solve", {}, {}, {}, {}, {}, {}, {}}};
}

void Evaluation::spread(std::size_t count, const std::function<void(std::size_t)>& work) {
  if (ranks_.size() == 1) return;  // one rank does everything in order below
  collectively(ranks_, [&] {
    for (std::size_t j = std::size_t(rank()); j < count; j += std::size_t(ranks_.size())) work(j);
  });
}

// With several ranks, each runs its share of the samples' inversions (PETSC_COMM_SELF, its own
// folders and records); rank 0 then reads the records back in order, as a rerun keeps finished
// samples, and does the rest alone while the others wait for its outcome.
void Evaluation::run() {
  collectively(ranks_, [&] {
    if (rank() == 0) prepareWork();
  });
  // 1. The methods table: LSI and FWI of each of the first K test samples.
  spread(test_.size(), [&](std::size_t i) {
    std::vector<MethodResults> rows = methodTable();
    sampleRows(i, rows);
  });
  inversion::EvaluationResults results;
  std::vector<MethodResults> rows = methodTable();
  std::vector<std::pair<std::size_t, std::size_t>> plan;
  collectively(ranks_, [&] {
    if (rank() != 0) return;
    {
      ProgressLine progress("evaluate: methods", test_.size(), "samples", true);
      for (std::size_t i = 0; i < test_.size(); ++i) {
        sampleRows(i, rows);
        progress.update(i + 1);
      }
    }
    // 2. Estimates of the test set, the networks' rows; detection over the test and OOD sets.
    logInfo("evaluate: estimates and quality scores of the test set");
    const SetEstimates test =
        estimateSet(setup_.run, setup_.input, setup_.output / "estimates_test.h5", std::max(testCount_, test_.size()));
    networkRows(test, rows);
    results.flag = test.flag, results.flagFpr = test.fpr;
    results.quality.push_back(quality("in-distribution", setup_.input, test, testCount_,
                                      setup_.work() / "quality_0.txt"));
    for (std::size_t k = 0; k < setup_.ood.size(); ++k) {
      const std::string name = setup_.ood[k].stem().string();
      logInfo(concat("evaluate: estimates and quality scores of the OOD set ", name));
      const SetEstimates e = estimateSet(setup_.run, setup_.ood[k], setup_.output / concat("estimates_", name, ".h5"),
                                         oodCounts_[k]);
      results.quality.push_back(quality(name, setup_.ood[k], e, oodCounts_[k],
                                        setup_.work() / concat("quality_", k + 1, ".txt")));
      logInfo(concat("evaluate: flagged of the OOD set ", name, ": ",
                     std::count(e.flagged.begin(), e.flagged.end(), 1.0), " of ", oodCounts_[k]));
    }
    if (!setup_.ood.empty() && setup_.repairSamples > 0) plan = repairPlan(results.quality);
  });
  // 3. Repair of flagged OOD samples: rank 0's plan, shared with the others.
  if (ranks_.size() > 1) {
    std::vector<double> flat;
    for (const auto& [k, i] : plan) flat.insert(flat.end(), {double(k), double(i)});
    std::vector<double> count{double(flat.size())};
    ranks_.maximum(count.data(), 1);
    flat.resize(std::size_t(count[0]), 0.0);
    ranks_.sum(flat.data(), flat.size());  // rank 0's values; the others' are zeros
    plan.clear();
    for (std::size_t j = 0; j + 1 < flat.size(); j += 2) plan.emplace_back(std::size_t(flat[j]), std::size_t(flat[j + 1]));
  }
  spread(plan.size(), [&](std::size_t j) {
    const auto [k, i] = plan[j];
    const std::string name = k == 0 ? "" : setup_.ood[k - 1].stem().string();
    const auto p = SampleProblem::read(setup_.ood[k - 1], i);
    const fs::path dir = repairDir(name, i);
    std::vector<MethodResults> flaggedRowsOfOne = flaggedTable(setup_.repair);
    logInfo(concat("evaluate: rank ", rank(), " repairs flagged sample ", i, " of ", name));
    keptOrRun(dir / "rows.txt", flaggedRowsOfOne, [&] { flaggedRows(*p, name, i, dir, flaggedRowsOfOne); });
  });
  // 4. The report (rank 0): repairs read back, PDE solves to the long FWI's misfit.
  collectively(ranks_, [&] {
    if (rank() != 0) return;
    const auto physics = PhysicsApp::create(test_.front()->physics());
    results.title = concat("pairinv evaluate: ", physics->label());
    results.modelErrorDefinition = physics->modelErrorDefinition();
    results.modelErrorLabel = physics->modelErrorLabel();
    results.notes = notes();
    for (std::size_t i = 0; i < test_.size(); ++i) results.samples.push_back(i);
    for (const MethodResults& m : rows)
      if (!m.modelError.empty()) results.methods.push_back(m);
    if (!setup_.ood.empty() && setup_.repairSamples > 0) results.flaggedRepair = repairFlagged(results.quality);
    const inversion::LsiSettings& lsi = setup_.repair.lsi;
    solvesToMisfit(results, rows[lsi.polishIterations > 0 ? 2 : 1].name, rows[4].name);
    inversion::writeEvaluationReport(setup_.output, results);
    for (const MethodResults& m : results.methods)
      logInfo(concat("evaluate: ", m.name, ": model error ", inversion::finiteMean(m.modelError), ", data misfit ",
                     inversion::finiteMean(m.dataMisfit), ", SSIM ", inversion::finiteMean(m.ssim), ", PDE solves ",
                     inversion::finiteMean(m.pdeSolves), ", ", inversion::finiteMean(m.seconds), " s"));
    logInfo(concat("evaluate: done; see ", (setup_.output / "report.md").string()));
  });
}

}  // namespace

void runEvaluation(MPI_Comm comm, const EvaluateSetup& setup) { Evaluation(comm, setup).run(); }

}  // namespace pairinv::apps

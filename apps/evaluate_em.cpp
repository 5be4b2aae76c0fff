#include "apps/evaluate_em.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "apps/em_survey_acquisition.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "inversion/em_lsi_data.hpp"
#include "inversion/evaluation_metrics.hpp"
#include "inversion/learned_latent_model.hpp"
#include "inversion/lsi_polish.hpp"
#include "solvers/em/em_simulation.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<EmSurveySampleProblem> readFirstSamples(const fs::path& survey, std::size_t K) {
  std::vector<EmSurveySampleProblem> set;
  for (std::size_t i = 0; i < K; ++i) {
    set.push_back(readEmSurveySample(survey, i));
    require(set.back().surveySize >= K, "-evaluate_samples ", K, " but '", survey.string(), "' has ",
            set.back().surveySize, " samples");
  }
  return set;
}

double dataMisfit(MPI_Comm comm, const Field2D& sigma, const EmSurveySampleProblem& p) {
  return inversion::relativeDataMisfit(em::realData(em::simulateEm(comm, sigma, p.config), p.config), p.observed);
}

std::vector<double> log10Of(const std::vector<double>& v) {
  std::vector<double> out(v.size());
  std::transform(v.begin(), v.end(), out.begin(), [](double x) { return std::log10(x); });
  return out;
}

// The earth cells of a true model: those the model error counts (logConductivityError).
std::vector<bool> earthOf(const Field2D& truth) {
  std::vector<bool> earth(truth.values.size());
  for (std::size_t i = 0; i < earth.size(); ++i) earth[i] = truth.values[i] > inversion::kEmAirConductivity;
  return earth;
}

void requireFits(const learning::LatentDecoder& decoder, const fs::path& run, const Grid2D& grid) {
  require(decoder.nz() == grid.nz && decoder.nx() == grid.nx, "the run '", run.string(), "' was trained on ",
          decoder.nz(), " x ", decoder.nx(), " models; a survey's are ", grid.nz, " x ", grid.nx);
}

}  // namespace

void evaluateEm(MPI_Comm comm, const EvaluateSetup& setup, const inversion::EmFwiSettings& fwi) {
  const std::size_t K = setup.samples;
  const std::vector<EmSurveySampleProblem> test = readFirstSamples(setup.input, K);
  require(setup.ood.empty() || surveyPhysics(setup.ood) == "em", "-ood '", setup.ood.string(),
          "' is not an EM survey, as -input is");
  inversion::LearnedLatentModel model(std::make_unique<learning::LatentDecoder>(setup.run));
  const learning::LatentDecoder& decoder = model.decoder();
  const Grid2D grid = test.front().truth.grid;
  for (const EmSurveySampleProblem& p : test) requireFits(decoder, setup.run, p.truth.grid);
  if (!setup.ood.empty()) requireFits(decoder, setup.run, readEmSurveySample(setup.ood, 0).truth.grid);
  double lo = INFINITY, hi = -INFINITY;  // the SSIM range over the earth cells, in log10 S/m
  for (const EmSurveySampleProblem& p : test)
    for (double sigma : p.truth.values)
      if (sigma > inversion::kEmAirConductivity) lo = std::min(lo, std::log10(sigma)), hi = std::max(hi, std::log10(sigma));
  require(std::isfinite(lo), "the test models of '", setup.input.string(), "' have no earth cells");
  if (hi <= lo) hi = lo + 1.0;
  const auto fwiStart = [&](const Field2D& truth) {
    return setup.smoothStart ? inversion::emSmoothStart(truth, setup.smoothing) : inversion::emHalfSpaceStart(truth, 0.0);
  };
  const std::string startName =
      setup.smoothStart
          ? concat("the truth's earth ln sigma smoothed over ", setup.smoothing, " m (flatters FWI)")
          : "a half-space of the geometric mean of the truth's earth under its air";
  prepareOutputFolders(setup);  // inputs checked: now write

  // 2. The rows, sample by sample.
  const inversion::LsiSettings& lsi = setup.lsi;
  inversion::MethodResults pae{"PAE estimate", "q_hat = D_q(M_dag E_b(b)); no PDE solve", {}, {}, {}, {}, {}};
  inversion::MethodResults lsiRow{concat("LSI (", lsi.iterations, " it.)"),
                                  concat("latent-space inversion from the PAE estimate with the true EM solver "
                                         "(relative data weights), alpha ", lsi.alpha),
                                  {}, {}, {}, {}, {}};
  inversion::MethodResults polishedRow = polishRow(setup);
  inversion::MethodResults fwiBudget{"FWI, LSI's budget",
                                     concat("EM FWI of ln sigma from ", startName,
                                            ", TAO evaluations limited to LSI's PDE solves"),
                                     {}, {}, {}, {}, {}};
  inversion::MethodResults fwiLong{concat("FWI (", setup.fwiIterations, " it./stage)"),
                                   concat("EM FWI from ", startName, ", one stage"), {}, {}, {}, {}, {}};
  inversion::MethodResults baseline{"End-to-end baseline", "the end-to-end network's estimate; no PDE solve",
                                    {}, {}, {}, {}, {}};
  const auto add = [&](inversion::MethodResults& row, const Field2D& q, const EmSurveySampleProblem& p, double solves,
                       double seconds) {
    addResult(row, inversion::logConductivityError(q, p.truth), dataMisfit(comm, q, p),
              inversion::maskedStructuralSimilarity(log10Of(q.values), log10Of(p.truth.values), earthOf(p.truth),
                                                    grid.nz, grid.nx, lo, hi),
              solves, seconds);
  };
  for (std::size_t i = 0; i < K; ++i) {
    const EmSurveySampleProblem& p = test[i];
    logInfo(concat("evaluate: sample ", i + 1, " of ", K));
    const fs::path dir = setup.work() / ("sample" + std::to_string(i));
    auto start = Clock::now();
    const std::vector<double> zStar = decoder.estimateLatent(p.observed, p.frequencyCount());
    add(pae, fieldOn(grid, decoder.decode(zStar)), p, 0.0, secondsSince(start));
    // LSI.
    start = Clock::now();
    inversion::LsiSettings ls = lsi;
    ls.output = dir / "lsi";
    ensureDirectory(ls.output);
    inversion::EmLsiData data(comm, p.config, p.observed, true);
    const inversion::LsiResult lr = inversion::runLatentInversion(comm, ls, data, grid, zStar, &p.truth, model);
    const double lsiSolves = lastPdeSolves(ls.output / "history.csv");
    const double lsiSeconds = secondsSince(start) + pae.seconds.back();
    add(lsiRow, lr.model, p, lsiSolves, lsiSeconds);
    inversion::EmFwiProblem fp;  // the survey's mesh for this sample
    fp.config = p.config;
    fp.observed = p.observed;
    fp.initial = fwiStart(p.truth);
    fp.truth = &p.truth;
    // The polish: EM FWI from LSI's model (under the known air).
    if (setup.lsi.polishIterations > 0) {
      start = Clock::now();
      const Field2D q =
          inversion::polishEm(comm, fwi, setup.lsi.polishIterations, dir / "polish", fp, lr.model, p.truth);
      add(polishedRow, q, p, lsiSolves + lastPdeSolves(dir / "polish" / "history.csv"),
          lsiSeconds + secondsSince(start));
    }
    // EM FWI with LSI's budget, and with the large one.
    const double perEvaluation = 2.0 * double(p.config.frequencies.size()) * double(p.config.sourceCount());
    addFwiRows(
        std::max(1, int(std::floor(lsiSolves / perEvaluation))), setup.fwiIterations, dir,
        [&](int iterations, const fs::path& out, bool) {
          inversion::EmFwiSettings f = fwi;
          f.iterations = iterations, f.output = out;
          return inversion::runEmFwi(comm, f, fp);
        },
        [&](inversion::MethodResults& row, const Field2D& q, double solves, double seconds) {
          add(row, q, p, solves, seconds);
        },
        fwiBudget, fwiLong);
  }
  addBaselineRow(setup, grid, baseline, [&](inversion::MethodResults& row, const Field2D& q, std::size_t i,
                                            double seconds) { add(row, q, test[i], 0.0, seconds); });

  // 3. Quality metrics of the PAE estimate over the whole sets, OOD AUROC and the report.
  inversion::EvaluationResults results;
  results.title = "pairinv evaluate: EM";
  results.modelErrorDefinition =
      "RMS of log10(sigma / sigma_true) over the true model's earth cells, in decades (air cells left out)";
  results.notes = evaluationNotes(setup, startName,
                                  {concat("SSIM on log10 sigma over the true models' earth cells (air left out), "
                                          "mapped from [", lo, ", ", hi, "] to [0, 1]"),
                                          "data misfit on the real data layout (Re/Im or ln|d|/phase, per the "
                                          "survey's data_form), EM solver on the survey's mesh of each sample"});
  for (std::size_t i = 0; i < K; ++i) results.samples.push_back(i);
  results.methods = methodsInOrder(setup, {pae, lsiRow, polishedRow, fwiBudget, fwiLong, baseline});
  // LSI weighs the data relatively (EmLsiData): comparable with FWI's misfit only if FWI does too.
  addSolvesToMisfit(setup, setup.lsi.polishIterations > 0 ? polishedRow.name : lsiRow.name, fwiLong.name,
                    fwi.relativeWeights ? "" : "FWI weighs the data by -fwi_data_weights none, LSI relatively",
                    results);
  finishEvaluation(setup, results, pae, [&](const fs::path& survey, std::size_t i) {
    const EmSurveySampleProblem p = readEmSurveySample(survey, i);
    requireFits(decoder, setup.run, p.truth.grid);
    const Field2D q = fieldOn(p.truth.grid, decoder.estimateModel(p.observed, p.frequencyCount()));
    return std::make_pair(inversion::logConductivityError(q, p.truth), dataMisfit(comm, q, p));
  });
}

}  // namespace pairinv::apps

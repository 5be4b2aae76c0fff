#include "apps/evaluate_acoustic.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "apps/survey_acquisition.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "inversion/evaluation_metrics.hpp"
#include "inversion/learned_latent_model.hpp"
#include "inversion/lsi_polish.hpp"
#include "inversion/model_smoothing.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

using Clock = std::chrono::steady_clock;

double dataMisfit(MPI_Comm comm, const Field2D& model, const SurveySampleProblem& p) {
  const acoustic::ShotGathers d = acoustic::simulateShots(comm, model, p.config);
  return inversion::relativeDataMisfit(d.data, p.observed.data);
}

std::vector<SurveySampleProblem> readFirstSamples(const fs::path& survey, std::size_t K) {
  std::vector<SurveySampleProblem> set;
  for (std::size_t i = 0; i < K; ++i) {
    set.push_back(readSurveySample(survey, i));
    require(set.back().surveySize >= K, "-evaluate_samples ", K, " but '", survey.string(), "' has ",
            set.back().surveySize, " samples");
  }
  return set;
}

void requireFits(const learning::LatentDecoder& decoder, const fs::path& run, const Grid2D& grid) {
  require(decoder.nz() == grid.nz && decoder.nx() == grid.nx, "the run '", run.string(), "' was trained on ",
          decoder.nz(), " x ", decoder.nx(), " models; a survey's are ", grid.nz, " x ", grid.nx);
}

}  // namespace

void evaluateAcoustic(MPI_Comm comm, const EvaluateSetup& setup, const inversion::FwiSettings& fwi) {
  const std::size_t K = setup.samples;
  const std::vector<SurveySampleProblem> test = readFirstSamples(setup.input, K);
  inversion::LearnedLatentModel model(std::make_unique<learning::LatentDecoder>(setup.run));
  const learning::LatentDecoder& decoder = model.decoder();
  const Grid2D grid = test.front().truth.grid;
  for (const SurveySampleProblem& p : test) requireFits(decoder, setup.run, p.truth.grid);
  if (!setup.ood.empty()) requireFits(decoder, setup.run, readSurveySample(setup.ood, 0).truth.grid);
  double lo = INFINITY, hi = -INFINITY;  // the SSIM range
  for (const SurveySampleProblem& p : test) lo = std::min(lo, p.truth.min()), hi = std::max(hi, p.truth.max());
  if (hi <= lo) hi = lo + 1.0;
  const auto ssim = [&](const Field2D& q, const Field2D& truth) {
    return inversion::structuralSimilarity(q.values, truth.values, grid.nz, grid.nx, lo, hi);
  };
  const auto fwiStart = [&](const Field2D& truth) {
    return setup.smoothStart ? inversion::gaussianSmooth(truth, setup.smoothing)
                             : inversion::linearGradientModel(truth.grid, truth.min(), truth.max());
  };
  const std::string startName =
      setup.smoothStart ? concat("the true model smoothed over ", setup.smoothing, " m (flatters FWI)")
                        : "the 1D linear velocity gradient from the true model's minimum to its maximum";
  prepareOutputFolders(setup);  // inputs checked: now write
  const inversion::LsiSettings& lsi = setup.lsi;
  const int polish = lsi.polishIterations;

  // 2. The rows, sample by sample.
  inversion::MethodResults pae{"PAE estimate", "q_hat = D_q(M_dag E_b(b)); no PDE solve", {}, {}, {}, {}, {}};
  inversion::MethodResults lsiRow{concat("LSI (", lsi.iterations, " it.)"),
                                  concat("latent-space inversion from the PAE estimate with the true PDE, alpha ",
                                         lsi.alpha),
                                  {}, {}, {}, {}, {}};
  inversion::MethodResults polishedRow = polishRow(setup);
  inversion::MethodResults fwiBudget{"FWI, LSI's budget",
                                     concat("FWI (one full-band stage) from ", startName,
                                            ", TAO evaluations limited to LSI's PDE solves"),
                                     {}, {}, {}, {}, {}};
  inversion::MethodResults fwiLong{concat("FWI (", setup.fwiIterations, " it./stage)"),
                                   concat("FWI from ", startName, ", ", fwi.cutoffs.size(), " stage(s)"),
                                   {}, {}, {}, {}, {}};
  inversion::MethodResults baseline{"End-to-end baseline", "the end-to-end network's estimate; no PDE solve",
                                    {}, {}, {}, {}, {}};
  const auto add = [&](inversion::MethodResults& row, const Field2D& q, const SurveySampleProblem& p, double solves,
                       double seconds) {
    addResult(row, inversion::relativeModelError(q.values, p.truth.values), dataMisfit(comm, q, p), ssim(q, p.truth),
              solves, seconds);
  };
  for (std::size_t i = 0; i < K; ++i) {
    const SurveySampleProblem& p = test[i];
    logInfo(concat("evaluate: sample ", i + 1, " of ", K));
    const fs::path dir = setup.work() / ("sample" + std::to_string(i));
    // PAE estimate.
    auto start = Clock::now();
    const std::vector<double> zStar = decoder.estimateLatent(p.observed.data, p.observed.nsamples);
    const Field2D estimate = fieldOn(grid, decoder.decode(zStar));
    add(pae, estimate, p, 0.0, secondsSince(start));
    // LSI.
    start = Clock::now();
    inversion::LsiProblem lp;
    lp.config = p.config;
    lp.observed = p.observed;
    lp.grid = grid;
    lp.zStar = zStar;
    lp.truth = &p.truth;
    inversion::LsiSettings ls = lsi;
    ls.output = dir / "lsi";
    ensureDirectory(ls.output);
    const inversion::LsiResult lr = inversion::runLatentInversion(comm, ls, lp, model);
    const double lsiSolves = lastPdeSolves(ls.output / "history.csv");
    const double lsiSeconds = secondsSince(start) + pae.seconds.back();
    add(lsiRow, lr.model, p, lsiSolves, lsiSeconds);
    inversion::FwiProblem fp;
    fp.config = p.config;
    fp.observed = p.observed;
    fp.initial = fwiStart(p.truth);
    fp.truth = &p.truth;
    // The polish: FWI from LSI's model.
    if (polish > 0) {
      start = Clock::now();
      const Field2D q = inversion::polishAcoustic(comm, fwi, polish, dir / "polish", fp, lr.model);
      add(polishedRow, q, p, lsiSolves + lastPdeSolves(dir / "polish" / "history.csv"),
          lsiSeconds + secondsSince(start));
    }
    // FWI with LSI's budget (one full-band stage), and with the large one.
    const double perEvaluation = 2.0 * double(p.config.sources.size());
    addFwiRows(
        std::max(1, int(std::floor(lsiSolves / perEvaluation))), setup.fwiIterations, dir,
        [&](int iterations, const fs::path& out, bool budget) {
          inversion::FwiSettings f = fwi;
          if (budget) f.cutoffs = {0.0};
          f.iterations = iterations, f.output = out;
          return inversion::runAcousticFwi(comm, f, fp);
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
  results.title = "pairinv evaluate: acoustic";
  results.notes = evaluationNotes(setup, startName, {concat("SSIM on models mapped from [", lo, ", ", hi, "] m/s to [0, 1]")});
  for (std::size_t i = 0; i < K; ++i) results.samples.push_back(i);
  results.methods = methodsInOrder(setup, {pae, lsiRow, polishedRow, fwiBudget, fwiLong, baseline});
  // LSI's misfit is full-band: comparable with the long FWI's only if its last stage is too.
  addSolvesToMisfit(setup, polish > 0 ? polishedRow.name : lsiRow.name, fwiLong.name,
                    fwi.cutoffs.back() > 0 ? concat("the long FWI's last stage is low-passed at ", fwi.cutoffs.back(),
                                                    " Hz (-fwi_frequencies), LSI fits the full band")
                                           : "",
                    results);
  finishEvaluation(setup, results, pae, [&](const fs::path& survey, std::size_t i) {
    const SurveySampleProblem p = readSurveySample(survey, i);
    requireFits(decoder, setup.run, p.truth.grid);
    const Field2D q = fieldOn(p.truth.grid, decoder.estimateModel(p.observed.data, p.observed.nsamples));
    return std::make_pair(inversion::relativeModelError(q.values, p.truth.values), dataMisfit(comm, q, p));
  });
}

}  // namespace pairinv::apps

// pairinv estimate: likelihood-free estimates q_hat = D_q(M_dag E_b(b)), the linear baseline's
// estimates, quality scores (RRE, RMA, data-autoencoder residual, latent distance, PCA residual)
// and the calibrated OOD flag (model error, MAE, RMSE, SSIM when true models exist) for every
// data sample of a survey, from a trained run. No PDE solve.
//
// Sample runs:
//   pairinv estimate -run runs/quick -input survey.h5 -output est.h5
//   pairinv estimate -run runs/quick -input survey.h5 -output est.h5 -pae_samples test -pae_png_samples 0,5
//   pairinv estimate -run runs/gpu -input field.h5 -output est.h5 -pae_device cuda -pae_flag_fpr 0.01
//   pairinv estimate -run runs/quick -input survey.h5 -output est.h5 -pae_flag_scores pca_residual,rre,rma
//   mpiexec -n 4 pairinv estimate -run runs/quick -input big.h5 -output est.h5   (samples over 4 ranks)
// (tests/learning/train_smoke.cmake runs the first; tests/python/test_data_parallel.py compares
// 1 and 2 ranks.)
//
// Writes EST.h5 (/estimates [N,1,nz,nx], /rre, /rma, /ood, /model_error, ...: see
// learning/estimation_run.hpp), PNG quick-looks in EST_png/ and, for the chosen samples,
// EST_vti/sampleI.vti (estimate, truth, error) for ParaView.
#include <cmath>
#include <filesystem>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "core/error.hpp"

#ifdef PAIRINV_HAVE_LEARNING
#include "apps/pae_options.hpp"
#include "core/atomic_file.hpp"
#include "core/log.hpp"
#include "core/mpi_collective.hpp"
#include "core/options.hpp"
#include "learning/estimation_run.hpp"
#include "meshes/vtk_io.hpp"
#endif

namespace fs = std::filesystem;

namespace pairinv::apps {

int runEstimate(const PetscSession& session) {
#ifdef PAIRINV_HAVE_LEARNING
  fs::path run, input, output;
  {
    OptionsBlock opts(session.comm(), "", "pairinv estimate: learned estimates and quality metrics");
    run = opts.string("-run", "Run folder written by pairinv train", "");
    input = opts.string("-input", "Survey file with /data (and /models for error metrics)", "");
    output = opts.string("-output", "Estimate file (HDF5)", "out/estimates.h5");
  }
  const learning::EstimateOptions options = readEstimateOptions(session.comm());
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  require(!run.empty(), "-run RUN_DIR is required (the -output folder of pairinv train)");
  require(fs::exists(run), "-run: '", run.string(), "' does not exist");
  require(!input.empty(), "-input SURVEY.h5 is required");
  require(fs::exists(input), "-input: '", input.string(), "' does not exist");
  learning::validate(options);

  // Each rank estimates a block of the samples; rank 0 writes and reports.
  MpiCollective ranks(session.comm());
  const learning::EstimateSummary s = learning::estimateSurvey(run, input, output, options, ranks);
  if (session.rank() != 0) return 0;
  logInfo(concat("estimate: ", s.samples, " samples -> ", output.string()));
  std::string scores;
  for (learning::QualityScore q : learning::allQualityScores())
    if (!std::isnan(s.meanScores[std::size_t(q)]))
      scores += concat(scores.empty() ? "" : ", ", learning::qualityScoreName(q), " ", s.meanScores[std::size_t(q)]);
  logInfo(concat("  mean scores: ", scores));
  logInfo(concat("  flagged as out of distribution: ", s.oodCount, " of ", s.samples, " (", s.flag, ")"));
  const auto errors = [](const learning::ErrorMeans& e) {
    return concat("model error ", e.modelError, ", MAE ", e.mae, ", RMSE ", e.rmse, ", SSIM ", e.ssim);
  };
  if (s.hasTruth) logInfo(concat("  ", s.paired ? "PAE estimate" : "estimate", ": mean ", errors(s.errors)));
  if (s.hasTruth && !s.baseline.empty()) logInfo(concat("  linear baseline (", s.baseline, "): mean ", errors(s.baselineErrors)));

  // ParaView files of the chosen samples, on the survey's grid.
  if (!s.chosen.empty()) {
    const fs::path dir = output.parent_path() / (output.stem().string() + "_vti");
    ensureDirectory(dir);
    Grid2D grid;
    grid.nz = int(s.nz);
    grid.nx = int(s.nx);
    grid.dz = s.dz;
    grid.dx = s.dx;
    for (const auto& c : s.chosen) {
      std::vector<NamedArray> arrays{{"estimate", &c.estimate}};
      std::vector<double> error;
      if (!c.truth.empty()) {
        error.resize(c.truth.size());
        for (std::size_t k = 0; k < error.size(); ++k) error[k] = c.estimate[k] - c.truth[k];
        arrays.push_back({"truth", &c.truth});
        arrays.push_back({"error", &error});
      }
      writeVti(dir / ("sample" + std::to_string(c.index) + ".vti"), grid, arrays);
    }
  }
  writeCommandRecord(session.comm(), "estimate", output, false);
  return 0;
#else
  (void)session;
  throw InputError("pairinv was built without LibTorch (PAIRINV_WITH_TORCH=OFF): estimate is not available");
#endif
}

}  // namespace pairinv::apps

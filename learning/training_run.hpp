// `pairinv train` without PETSc or LibTorch in the header: train a paired autoencoder (or the
// end-to-end baseline) on an HDF5 survey or on samples in memory, writing RUN_DIR.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/collective.hpp"
#include "learning/options.hpp"

namespace pairinv::learning {

class SampleSource;

struct TrainingSummary {
  std::int64_t epochsRun = 0;       // epochs run by this call
  std::int64_t epochsDone = 0;      // epochs finished in total (with earlier, resumed runs)
  std::int64_t bestEpoch = -1;
  bool stoppedEarly = false;
  double bestValidationLoss = 0.0;
  double lastTrainingLoss = 0.0;
  double samplesPerSecond = 0.0;     // training samples per second of training time (last epoch)
  double loadFraction = 0.0;         // time waiting for data / training time (last epoch)
  double secondsPerEpoch = 0.0;      // last epoch, training and validation
  double validationModelError = 0.0; // mean |q_hat - q| / |q| (physical units), best network
  double testModelError = -1.0;      // the same on the test split (-1: no test samples)
  double testRre = -1.0, testRma = -1.0;  // mean on the test split (paired networks)
  double oodRreThreshold = 0.0, oodRmaThreshold = 0.0;  // RRE/RMA at the (1 - flag_fpr) validation quantile
  std::string flag;                        // the calibrated OOD flag (OodDetector::describe)
  double baselineTestModelError = -1.0;    // the linear baseline on the test split (-1: none)
  std::string baseline;                       // the linear baseline ("PCA k + ridge ..."; "" if none)
  double baselineValidationModelError = -1.0;  // its validation model error (-1: none)
};

/// Trains on the survey file `input` into `runDir` (created if needed). Collective over
/// `ranks` (data-parallel training, trainer.hpp); the summary's calibration figures are rank 0's.
TrainingSummary trainFromSurvey(const std::filesystem::path& input, const std::filesystem::path& runDir,
                                const TrainRunOptions& options, Collective& ranks = serialCollective());

/// Trains on `source` (raw samples; its normalisation is set by the trainer).
/// `geometry` is the training survey's (surveyGeometry), recorded with the run so that estimates
/// refuse surveys of another geometry.
TrainingSummary trainFromSource(SampleSource& source, const std::filesystem::path& runDir,
                                const TrainRunOptions& options, const std::string& inputName = "(memory)",
                                const std::string& geometry = "", Collective& ranks = serialCollective());

/// "epochs 40 (best 37), val loss ..., test model error ..." for logs.
std::string describe(const TrainingSummary& summary);

}  // namespace pairinv::learning

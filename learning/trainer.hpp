// The training loop: combined loss (losses.hpp), Adam/AdamW with a learning-rate schedule,
// latent maps trained and/or fitted by least squares, validation and early stopping, a CSV
// log of every loss term, a progress line per epoch, and a checkpoint every epoch from which a
// killed run resumes exactly (same loss trajectory: the shuffling of epoch e depends only on
// (seed, e), and weights, optimiser state and maps are all in the checkpoint).
//
// Files in RUN_DIR: checkpoint.pt, best.pt (checkpoint.hpp), log.csv, options.txt,
// calibration.csv (validation RRE/RMA for OOD thresholds), linear_baseline.pt (the PCA + ridge
// baseline, linear_baseline.hpp), summary.txt.
//
// Data-parallel training (`mpiexec -n N pairinv train`): the ranks hold the same network and
// step together through the batches of one process. Each global batch is split into N
// contiguous parts (batch_loader.hpp), each rank reads only its part, batch norm reduces its
// statistics over the ranks (data_parallel.hpp), each rank's loss is weighted by its share
// n_r / B of the batch, and the gradients are summed over the ranks before the optimiser step.
// So the maths is that of one process and N changes only round-off; the state, and so the
// checkpoint, does not depend on N, and a run resumes on any number of ranks. Rank 0 writes
// the run folder; the calibration after training also runs there.
#pragma once

#include <torch/optim/optimizer.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/collective.hpp"
#include "learning/batch_loader.hpp"
#include "learning/checkpoint.hpp"
#include "learning/data_parallel.hpp"
#include "learning/latent_statistics.hpp"
#include "learning/paired_autoencoder.hpp"
#include "learning/inverse_network.hpp"
#include "learning/options.hpp"
#include "learning/sample_source.hpp"
#include "learning/training_run.hpp"

namespace pairinv::learning {

/// The learning rate of `epoch` (0-based) under the options' schedule.
double learningRate(const TrainRunOptions& options, std::int64_t epoch);

/// The training indices of `epoch` in shuffled order (depends only on seed and epoch).
std::vector<std::int64_t> shuffledOrder(std::vector<std::int64_t> indices, std::int64_t seed, std::int64_t epoch);

class Trainer {
 public:
  /// `source` holds all samples (raw); the trainer computes (or, when resuming, restores) the
  /// normalisation from the training split and sets it on the source. Every rank of `ranks`
  /// constructs a Trainer with the same arguments and calls run().
  Trainer(const TrainRunOptions& options, SampleSource& source, Split split, std::filesystem::path runDir,
          std::string inputName, Collective& ranks = serialCollective());
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;
  ~Trainer();

  /// Trains until the last epoch or early stopping, then calibrates the OOD thresholds on the
  /// validation set with the best network and evaluates the test split.
  TrainingSummary run();

  /// The training survey's geometry, recorded with the run (surveyGeometry).
  void setGeometry(std::string geometry) { geometry_ = std::move(geometry); }
  /// Stop after this many epochs of this call (for tests of resuming; 0: no limit).
  void stopAfterEpochs(std::int64_t epochs) { stopAfter_ = epochs; }
  const std::shared_ptr<InverseNetworkImpl>& network() const { return network_; }

 private:
  struct PassResult;
  struct EpochResult;
  /// The network, optimiser and normalisation, or the checkpoint of an interrupted run.
  void setUp();
  /// One epoch: the learning rate, the training pass, validation, the best network so far.
  EpochResult runEpoch(std::int64_t epoch);
  /// The epoch's row of RUN_DIR/log.csv and the checkpoint.
  void record(std::int64_t epoch, const EpochResult& result);
  std::string progressLine(std::int64_t epoch, const EpochResult& result, double etaSeconds) const;
  PassResult trainEpoch(std::int64_t epoch);
  PassResult evaluate(const std::vector<std::int64_t>& indices);
  /// This rank's loader over `order` (its part of each batch).
  BatchLoaderOptions loaderOptions() const;
  /// The pass's sums over the ranks (the same result on every rank).
  void reduce(PassResult& r, std::array<double, kLossTermCount>& sums, double& total, double& modelError);
  /// InternalError unless every rank holds the same parameters and buffers.
  void requireSameParameters(std::int64_t epoch);
  bool writes() const { return ranks_.rank() == 0; }
  void fitMapsOnTrainingSet(bool batchStatistics);
  /// Fits RUN_DIR/linear_baseline.pt unless it exists (a rerun of a finished run fits it once).
  void fitLinearBaseline(TrainingSummary& summary);
  /// Mean and shrunk covariance of E_b(b) over the training split (eval mode).
  LatentStatistics fitLatentStatistics(PairedAutoencoderImpl& paired);
  /// With the best network: latent statistics, validation scores (RUN_DIR/calibration.csv),
  /// the flag's calibration and the test split's figures (RUN_DIR/summary.txt).
  void calibrate(TrainingSummary& summary);

  TrainRunOptions options_;
  SampleSource& source_;
  Split split_;
  std::filesystem::path runDir_;
  std::string inputName_, geometry_;
  std::int64_t stopAfter_ = 0;
  Collective& ranks_;
  GradientReducer reducer_;

  torch::Device device_;
  std::shared_ptr<InverseNetworkImpl> network_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  RunRecord record_;
  TrainingState state_;
  BatchBufferPool pool_;
};

struct TrainingThroughput {
  double samplesPerSecond = 0.0;  // of the global batch, over all ranks
  double reduceShare = 0.0;       // this rank's share of the time spent in all-reduces
  double seconds = 0.0;           // of the timed steps
  std::int64_t parameters = 0;    // trained values, P (the all-reduce sums 4P bytes)
};

/// Training steps per second times batch size, on random batches already on the device (no
/// data loading): the figure to compare with Python PyTorch. Runs `warmup` untimed steps.
/// Collective over `ranks`: each takes its part of every batch, as in data-parallel training.
TrainingThroughput measureTrainingThroughput(const TrainRunOptions& options, Shape3 modelShape, Shape3 dataShape,
                                             std::int64_t steps, std::int64_t warmup,
                                             Collective& ranks = serialCollective());

}  // namespace pairinv::learning

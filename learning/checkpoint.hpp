// Checkpoints of a training run, and loading a trained run for estimates.
//
// RUN_DIR/checkpoint.pt (every epoch) holds everything to resume exactly: the network, the
// optimiser state, the next epoch, early-stopping state, the CSV history, and the run record
// (options, shapes, normalisation statistics, split). RUN_DIR/best.pt holds the network of the
// best validation loss with the same run record. Both are written to a temporary name and
// renamed, so a killed run leaves the previous complete file.
#pragma once

#include <torch/optim/optimizer.h>

#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "learning/inverse_network.hpp"
#include "learning/normalization.hpp"
#include "learning/options.hpp"
#include "learning/sample_source.hpp"

namespace pairinv::learning {

/// What a trained network needs besides its weights.
struct RunRecord {
  TrainRunOptions options;
  Shape3 modelShape{}, dataShape{};
  NormalizationStats stats;
  Split split;
  std::string input;  // the survey trained on (for messages)
  /// The training survey's geometry (surveyGeometry); empty for runs on samples in memory and
  /// runs made before it was recorded.
  std::string geometry;
};

/// Training progress that a resumed run continues from.
struct TrainingState {
  std::int64_t nextEpoch = 0;
  double bestValidationLoss = std::numeric_limits<double>::infinity();
  std::int64_t bestEpoch = -1;
  std::int64_t epochsSinceBest = 0;
  bool stoppedEarly = false;
  std::string history;  // CSV rows of the finished epochs (without header)
};

/// The header line of history.csv and of TrainingState::history's rows.
std::string trainingHistoryHeader();

/// The parameters a run's optimiser updates: all of the network's, but the latent maps of a
/// paired network when they are least-squares maps (those are solved for, not trained).
std::vector<torch::Tensor> trainedParameters(const TrainRunOptions& options, InverseNetworkImpl& network);
/// The optimiser of a run (Adam or AdamW at the run's learning rate and weight decay).
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainRunOptions& options,
                                                       std::vector<torch::Tensor> parameters);

void saveCheckpoint(const std::filesystem::path& file, InverseNetworkImpl& network, torch::optim::Optimizer& optimizer,
                    const TrainingState& state, const RunRecord& record);
/// Reads only the run record of a checkpoint or best.pt (to build the network before loading).
RunRecord readRunRecord(const std::filesystem::path& file);
/// Loads network and optimiser state (tensors go to `device`, where network and optimiser
/// must already live) and returns the training state.
TrainingState loadCheckpoint(const std::filesystem::path& file, InverseNetworkImpl& network,
                             torch::optim::Optimizer& optimizer, torch::Device device);

void saveTrainedNetwork(const std::filesystem::path& file, InverseNetworkImpl& network, const RunRecord& record);

struct TrainedNetwork {
  std::shared_ptr<InverseNetworkImpl> network;  // on the requested device, in eval mode
  RunRecord record;
};
/// Loads RUN_DIR/best.pt (or a .pt file given directly). InputError naming the file if it is
/// missing or not a pairinv network.
TrainedNetwork loadTrainedNetwork(const std::filesystem::path& runDirOrFile, torch::Device device);

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

/// Everything a checkpoint.pt or best.pt holds, on the CPU, for readers outside training
/// (pairinv.read_checkpoint): the run record, the network's parameters and buffers by name, and
/// for checkpoint.pt the training state and the optimiser's moments ("NAME.exp_avg",
/// "NAME.exp_avg_sq") with their step counts ("NAME.step").
struct CheckpointContents {
  RunRecord record;
  NamedTensors parameters, buffers;
  std::optional<TrainingState> training;
  NamedTensors optimizer;
};
CheckpointContents readCheckpointContents(const std::filesystem::path& file);

}  // namespace pairinv::learning

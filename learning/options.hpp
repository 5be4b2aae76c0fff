// Options of learning/: plain C++ structs with builder-style setters, in the style of the
// PyTorch C++ frontend:
//
//   auto o = TrainRunOptions().epochs(30).batch_size(16).device("cuda");
//   o.model().latent(64).channels({16, 32, 64});
//
// No PETSc and no LibTorch here (only the tiny <torch/arg.h> macro), so PETSc code can fill
// these structs without compiling LibTorch. Every field is listed once, with its key, help
// text and allowed range, in visitOptions(): the apps layer turns that list into -pae_KEY
// options, the standalone driver into --KEY=VALUE flags, and checkpoints into key=value text.
#pragma once

#include <torch/arg.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/enum_names.hpp"

namespace pairinv::learning {

// The choices of the options, each with the names its option and the stored text use.
enum class Norm { Batch, None };
inline const EnumNames<Norm> kNormNames = {{Norm::Batch, "batch"}, {Norm::None, "none"}};
enum class Activation { Tanh, None };
inline const EnumNames<Activation> kActivationNames = {{Activation::Tanh, "tanh"}, {Activation::None, "none"}};
enum class Architecture { Paired, EndToEnd };
inline const EnumNames<Architecture> kArchitectureNames = {{Architecture::Paired, "paired"},
                                                           {Architecture::EndToEnd, "end_to_end"}};
enum class LatentMaps { Joint, LeastSquares, Both };
inline const EnumNames<LatentMaps> kLatentMapsNames = {
    {LatentMaps::Joint, "joint"}, {LatentMaps::LeastSquares, "least_squares"}, {LatentMaps::Both, "both"}};
enum class Optimizer { Adam, AdamW };
inline const EnumNames<Optimizer> kOptimizerNames = {{Optimizer::Adam, "adam"}, {Optimizer::AdamW, "adamw"}};
enum class Schedule { Constant, Step, Cosine };
inline const EnumNames<Schedule> kScheduleNames = {
    {Schedule::Constant, "constant"}, {Schedule::Step, "step"}, {Schedule::Cosine, "cosine"}};
enum class Loading { Auto, Memory, Stream };
inline const EnumNames<Loading> kLoadingNames = {
    {Loading::Auto, "auto"}, {Loading::Memory, "memory"}, {Loading::Stream, "stream"}};
enum class DataTransform { Log, LogPeak, MinMax };
inline const EnumNames<DataTransform> kDataTransformNames = {
    {DataTransform::Log, "log"}, {DataTransform::LogPeak, "log_peak"}, {DataTransform::MinMax, "minmax"}};
enum class DataRange { Auto, Global, PerChannel };
inline const EnumNames<DataRange> kDataRangeNames = {
    {DataRange::Auto, "auto"}, {DataRange::Global, "global"}, {DataRange::PerChannel, "per_channel"}};
enum class ModelTransform { Auto, Linear, Log10 };
inline const EnumNames<ModelTransform> kModelTransformNames = {
    {ModelTransform::Auto, "auto"}, {ModelTransform::Linear, "linear"}, {ModelTransform::Log10, "log10"}};
enum class SampleSet { All, Test };
inline const EnumNames<SampleSet> kSampleSetNames = {{SampleSet::All, "all"}, {SampleSet::Test, "test"}};

/// One convolutional autoencoder (model or data side) for fields of shape [C, H, W].
/// Stage i halves each spatial axis that is still longer than min_size and has channels[i]
/// channels; a dense layer maps the last feature map to the latent vector.
struct AutoencoderOptions {
  TORCH_ARG(std::vector<std::int64_t>, channels) = {16, 32, 64};
  TORCH_ARG(std::int64_t, latent) = 64;
  TORCH_ARG(std::int64_t, convs_per_stage) = 2;
  TORCH_ARG(std::int64_t, min_size) = 4;
  /// Batch normalisation (as OpenFWI's networks) or none.
  TORCH_ARG(Norm, norm) = Norm::Batch;
  /// Decoder output activation: tanh (fields normalised to [-1, 1]) or none.
  TORCH_ARG(Activation, output) = Activation::None;
};

/// Weights of the terms of the training loss (docs/design.md), each the mean squared error:
///   rec_q  |D_q(E_q q) - q|^2       rec_b  |D_b(E_b b) - b|^2
///   fwd    |M E_q q - E_b b|^2      inv    |M_dag E_b b - E_q q|^2
///   path_q |D_q(M_dag E_b b) - q|^2 path_b |D_b(M E_q q) - b|^2
/// The end-to-end baseline uses path_q only (its one pathway b -> q).
struct LossWeights {
  TORCH_ARG(double, rec_q) = 1.0;
  TORCH_ARG(double, rec_b) = 1.0;
  TORCH_ARG(double, fwd) = 1.0;
  TORCH_ARG(double, inv) = 1.0;
  TORCH_ARG(double, path_q) = 1.0;
  TORCH_ARG(double, path_b) = 0.0;
};

/// Everything `pairinv train` needs besides its input and output paths.
struct TrainRunOptions {
  // -- networks
  /// The paired autoencoder, or the InversionNet-style end-to-end baseline b -> q.
  TORCH_ARG(Architecture, architecture) = Architecture::Paired;
  TORCH_ARG(AutoencoderOptions, model) = AutoencoderOptions().output(Activation::Tanh);
  TORCH_ARG(AutoencoderOptions, data) = AutoencoderOptions();
  // -- loss and latent maps
  TORCH_ARG(LossWeights, weights) = LossWeights();
  /// How M and M_dag are found: Joint (trained with the networks), LeastSquares (refitted on
  /// the encoded training set after every epoch, not trained) or Both (least squares to
  /// initialise, then trained).
  TORCH_ARG(LatentMaps, maps) = LatentMaps::Both;
  /// Relative singular-value cut-off of the least-squares fit (pseudo-inverse).
  TORCH_ARG(double, ls_rcond) = 1e-5;
  // -- optimisation
  TORCH_ARG(std::int64_t, epochs) = 30;
  TORCH_ARG(std::int64_t, batch_size) = 32;
  TORCH_ARG(Optimizer, optimizer) = Optimizer::AdamW;
  TORCH_ARG(double, lr) = 1e-3;
  TORCH_ARG(double, weight_decay) = 1e-4;
  /// Learning-rate schedule over epochs: constant, step (times lr_gamma every lr_step epochs) or
  /// cosine (from lr down to lr * lr_min_factor at the last epoch).
  TORCH_ARG(Schedule, schedule) = Schedule::Cosine;
  TORCH_ARG(std::int64_t, lr_step) = 10;
  TORCH_ARG(double, lr_gamma) = 0.5;
  TORCH_ARG(double, lr_min_factor) = 0.01;
  /// Early stopping: stop after this many epochs without a better validation loss (0: never).
  TORCH_ARG(std::int64_t, patience) = 0;
  TORCH_ARG(std::int64_t, seed) = 1;
  // -- machine
  TORCH_ARG(std::string, device) = "cpu";  // cpu | cuda | cuda:N
  /// Intra-op threads of LibTorch on the CPU (0: all cores).
  TORCH_ARG(std::int64_t, threads) = 0;
  // -- data
  /// Keep every k-th time sample of the data (OpenFWI's 1000 samples -> 250 with k = 4).
  TORCH_ARG(std::int64_t, time_stride) = 1;
  TORCH_ARG(double, val_fraction) = 0.1;
  TORCH_ARG(double, test_fraction) = 0.1;
  /// Use only the first max_samples samples of the survey (0: all).
  TORCH_ARG(std::int64_t, max_samples) = 0;
  /// Memory (read everything once), Stream (read each batch from the file in a background
  /// thread) or Auto (memory when the samples fit in memory_limit_gb).
  TORCH_ARG(Loading, loading) = Loading::Auto;
  TORCH_ARG(double, memory_limit_gb) = 8.0;
  /// Data normalisation: Log (OpenFWI: sign(x) log1p(log_scale |x|), then min-max to [-1, 1]),
  /// LogPeak (the same with k = log_scale / max |x| over the training data) or MinMax (min-max
  /// only). Models are always min-max scaled to [-1, 1].
  TORCH_ARG(DataTransform, data_transform) = DataTransform::Log;
  TORCH_ARG(double, log_scale) = 1.0;
  /// The min-max range of the transformed data: Global (one over every value), PerChannel (one
  /// per data channel, the first data axis: shots, or the two real parts of EM data, whose
  /// units differ) or Auto (PerChannel when the survey's quantity is conductivity; resolved by
  /// trainFromSurvey).
  TORCH_ARG(DataRange, data_range) = DataRange::Auto;
  /// Model normalisation before min-max: Linear, Log10 (conductivities spanning decades) or Auto
  /// (Log10 when the survey's quantity is conductivity; resolved by trainFromSurvey).
  TORCH_ARG(ModelTransform, model_transform) = ModelTransform::Auto;
  /// Batches prepared ahead by the loader thread.
  TORCH_ARG(std::int64_t, prefetch) = 4;
  // -- linear baseline (linear_baseline.hpp), fitted after training
  /// The PCA basis of the baseline comes from at most this many training samples (memory:
  /// 8 bytes x samples x data values); its ridge regression uses every training sample.
  TORCH_ARG(std::int64_t, baseline_pca_samples) = 1024;
  // -- calibration of the OOD flag (ood_calibration.hpp)
  /// The scores the flag combines (comma-separated: rre, rma, data_error, latent_distance,
  /// pca_residual).
  TORCH_ARG(std::string, flag_scores) = "pca_residual";
  /// The fraction of validation samples the flag flags.
  TORCH_ARG(double, flag_fpr) = 0.05;
  // -- run control
  /// Continue from RUN_DIR/checkpoint.pt when it exists (else start afresh, replacing it).
  TORCH_ARG(bool, resume) = true;
  /// Print a progress line per epoch.
  TORCH_ARG(bool, progress) = true;
};

/// Everything `pairinv estimate` needs besides its paths.
struct EstimateOptions {
  TORCH_ARG(std::string, device) = "cpu";
  TORCH_ARG(std::int64_t, threads) = 0;
  TORCH_ARG(std::int64_t, batch_size) = 32;
  /// The flag's scores ("": as chosen at training) and validation false-positive rate (0: as
  /// chosen at training).
  TORCH_ARG(std::string, flag_scores) = "";
  TORCH_ARG(double, flag_fpr) = 0.0;
  /// Samples to draw as PNG (true, estimate, difference, data, surrogate data).
  TORCH_ARG(std::vector<std::int64_t>, png_samples) = std::vector<std::int64_t>{0};
  /// Also write /surrogate_data [N, nshots, nt, nrec] (in the network's time sampling).
  TORCH_ARG(bool, write_surrogate) = true;
  /// Estimate only the first max_samples samples (0: all).
  TORCH_ARG(std::int64_t, max_samples) = 0;
  /// All samples of the input, or only the Test split recorded at training (when the input is
  /// the training survey).
  TORCH_ARG(SampleSet, samples) = SampleSet::All;
  TORCH_ARG(bool, progress) = true;
};

/// Receives each option field once, with its key (the option name without prefix, e.g.
/// "model_latent" -> -pae_model_latent), help text and allowed values.
class OptionVisitor {
 public:
  virtual ~OptionVisitor() = default;
  virtual void text(const char* key, const char* help, std::string& value,
                    const std::vector<std::string>& choices) = 0;
  virtual void integer(const char* key, const char* help, std::int64_t& value, std::int64_t lo,
                       std::int64_t hi) = 0;
  virtual void real(const char* key, const char* help, double& value, double lo, double hi) = 0;
  virtual void flag(const char* key, const char* help, bool& value) = 0;
  virtual void integers(const char* key, const char* help, std::vector<std::int64_t>& value) = 0;

  /// A choice, visited as text with its names as the allowed values.
  template <class E>
  void choice(const char* key, const char* help, E& value, const EnumNames<E>& names) {
    std::string name = nameOf(value, names);
    std::vector<std::string> allowed;
    for (const auto& entry : names) allowed.push_back(entry.second);
    text(key, help, name, allowed);
    value = valueOf(name, names, concat("-pae_", key));
  }
};

/// Visits every field of the options (the single list of keys, help texts and ranges).
void visitOptions(TrainRunOptions& options, OptionVisitor& visitor);
void visitOptions(EstimateOptions& options, OptionVisitor& visitor);

/// Checks what ranges cannot: consistent channels/latent sizes, known choices, fractions that
/// leave training samples. Throws InputError naming the option (as -pae_KEY).
void validate(const TrainRunOptions& options);
void validate(const EstimateOptions& options);

/// key=value lines, one per field (stored in checkpoints and RUN_DIR/options.txt).
std::string toText(const TrainRunOptions& options);
/// Parses toText's output; unknown keys are an InputError, missing keys keep the defaults
/// (so that a run from an older version still loads).
TrainRunOptions trainOptionsFromText(const std::string& text);

/// Sets fields from "key=value" strings (the standalone driver's --key=value flags). Throws
/// InputError for an unknown key or a value out of range.
void applyAssignments(TrainRunOptions& options, const std::vector<std::string>& assignments);
void applyAssignments(EstimateOptions& options, const std::vector<std::string>& assignments);

}  // namespace pairinv::learning

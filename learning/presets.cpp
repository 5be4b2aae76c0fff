#include "learning/presets.hpp"

#include "core/error.hpp"

namespace pairinv::learning {

namespace {

enum class Preset { Quickstart, OpenFwi, Tiny };
const EnumNames<Preset> kPresetNames = {{Preset::Quickstart, "quickstart"}, {Preset::OpenFwi, "openfwi"},
                                        {Preset::Tiny, "tiny"}};

}  // namespace

std::vector<std::string> trainPresetNames() {
  std::vector<std::string> names;
  for (const auto& entry : kPresetNames) names.push_back(entry.second);
  return names;
}

TrainRunOptions trainPreset(const std::string& name) {
  TrainRunOptions o;
  const Preset preset = valueOf(name, kPresetNames, "-pae_preset");
  if (preset == Preset::Quickstart) {
    o.model(AutoencoderOptions().channels({8, 16, 32, 32}).latent(32).convs_per_stage(1).output(Activation::Tanh));
    o.data(AutoencoderOptions().channels({8, 16, 32, 32, 32}).latent(64).convs_per_stage(1));
    // Measured on 40 x 40 FlatVel-like surveys of 960 samples (docs/results.md): the gathers'
    // dynamic range compressed relative to their peak (log_peak 500), every 8th time sample
    // (the 1000-sample traces are oversampled for the wavelet), and the pathway b -> q weighted
    // 30x so that the estimate, not the reconstructions, dominates the loss.
    o.time_stride(8).epochs(120).batch_size(16).lr(2e-3).weight_decay(1e-4).schedule(Schedule::Cosine);
    o.data_transform(DataTransform::LogPeak).log_scale(500.0);
    o.weights().path_q(30.0);
    o.maps(LatentMaps::Both).patience(0);
  } else if (preset == Preset::OpenFwi) {
    o.model(AutoencoderOptions().channels({32, 64, 128, 256}).latent(128).convs_per_stage(2).output(Activation::Tanh));
    o.data(AutoencoderOptions().channels({32, 64, 128, 256, 256}).latent(256).convs_per_stage(2));
    o.time_stride(4).epochs(120).batch_size(64).lr(1e-3).weight_decay(1e-4).schedule(Schedule::Cosine);
    o.maps(LatentMaps::Both).patience(20);
  } else {  // tiny
    o.model(AutoencoderOptions().channels({4, 8}).latent(8).convs_per_stage(1).output(Activation::Tanh));
    o.data(AutoencoderOptions().channels({4, 8}).latent(8).convs_per_stage(1));
    o.epochs(2).batch_size(8).lr(1e-3).schedule(Schedule::Constant).val_fraction(0.2).test_fraction(0.2);
  }
  return o;
}

}  // namespace pairinv::learning

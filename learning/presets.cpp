#include "learning/presets.hpp"

#include "core/error.hpp"

namespace pairinv::learning {

std::vector<std::string> trainPresetNames() { return {"quickstart", "openfwi", "tiny"}; }

TrainRunOptions trainPreset(const std::string& name) {
  TrainRunOptions o;
  if (name == "quickstart") {
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
  } else if (name == "openfwi") {
    o.model(AutoencoderOptions().channels({32, 64, 128, 256}).latent(128).convs_per_stage(2).output(Activation::Tanh));
    o.data(AutoencoderOptions().channels({32, 64, 128, 256, 256}).latent(256).convs_per_stage(2));
    o.time_stride(4).epochs(120).batch_size(64).lr(1e-3).weight_decay(1e-4).schedule(Schedule::Cosine);
    o.maps(LatentMaps::Both).patience(20);
  } else if (name == "tiny") {
    o.model(AutoencoderOptions().channels({4, 8}).latent(8).convs_per_stage(1).output(Activation::Tanh));
    o.data(AutoencoderOptions().channels({4, 8}).latent(8).convs_per_stage(1));
    o.epochs(2).batch_size(8).lr(1e-3).schedule(Schedule::Constant).val_fraction(0.2).test_fraction(0.2);
  } else {
    std::string list;
    for (const auto& n : trainPresetNames()) list += (list.empty() ? "" : ", ") + n;
    throw InputError(concat("-pae_preset: unknown preset '", name, "'; choose one of ", list));
  }
  return o;
}

}  // namespace pairinv::learning

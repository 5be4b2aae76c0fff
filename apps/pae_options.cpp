#ifdef PAIRINV_HAVE_LEARNING

#include "apps/pae_options.hpp"

#include <algorithm>
#include <string>

#include "core/options.hpp"
#include "learning/presets.hpp"

namespace pairinv::apps {

namespace {

// Forwards each field to OptionsBlock, whose defaults are the struct's current values.
class PetscOptionVisitor : public learning::OptionVisitor {
 public:
  explicit PetscOptionVisitor(OptionsBlock& block) : block_(block) {}

  void text(const char* key, const char* help, std::string& value, const std::vector<std::string>& choices) override {
    const std::string name = "-" + std::string(key);
    value = choices.empty() ? block_.string(name.c_str(), help, value) : block_.choice(name.c_str(), help, value, choices);
  }
  void integer(const char* key, const char* help, std::int64_t& value, std::int64_t lo, std::int64_t hi) override {
    const std::string name = "-" + std::string(key);
    const auto clamp = [](std::int64_t v) {
      return PetscInt(std::clamp<std::int64_t>(v, PETSC_MIN_INT, PETSC_MAX_INT));
    };
    value = block_.integer(name.c_str(), help, clamp(value), clamp(lo), clamp(hi));
  }
  void real(const char* key, const char* help, double& value, double lo, double hi) override {
    const std::string name = "-" + std::string(key);
    value = block_.real(name.c_str(), help, value, std::max<double>(lo, PETSC_MIN_REAL), std::min<double>(hi, PETSC_MAX_REAL));
  }
  void flag(const char* key, const char* help, bool& value) override {
    const std::string name = "-" + std::string(key);
    value = block_.flag(name.c_str(), help, value);
  }
  void integers(const char* key, const char* help, std::vector<std::int64_t>& value) override {
    const std::string name = "-" + std::string(key);
    const std::vector<PetscInt> def(value.begin(), value.end());
    const std::vector<PetscInt> got = block_.intList(name.c_str(), help, def);
    value.assign(got.begin(), got.end());
  }

 private:
  OptionsBlock& block_;
};

}  // namespace

learning::TrainRunOptions readTrainOptions(MPI_Comm comm) {
  std::string preset;
  {
    OptionsBlock block(comm, "pae_", "Paired autoencoder: preset");
    preset = block.choice("-preset", "Starting point for every -pae_ option (quickstart: a few minutes on a laptop "
                          "CPU; openfwi: OpenFWI geometry, for GPUs; tiny: tests)", "quickstart",
                          learning::trainPresetNames());
  }
  learning::TrainRunOptions options = learning::trainPreset(preset);
  OptionsBlock block(comm, "pae_", "Paired autoencoder training (defaults from -pae_preset)");
  PetscOptionVisitor visitor(block);
  learning::visitOptions(options, visitor);
  return options;
}

learning::EstimateOptions readEstimateOptions(MPI_Comm comm) {
  learning::EstimateOptions options;
  OptionsBlock block(comm, "pae_", "Paired autoencoder estimates");
  PetscOptionVisitor visitor(block);
  learning::visitOptions(options, visitor);
  return options;
}

}  // namespace pairinv::apps

#endif

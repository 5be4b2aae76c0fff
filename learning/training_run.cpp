#include "learning/training_run.hpp"

#include <sstream>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "learning/sample_source.hpp"
#include "learning/trainer.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

TrainingSummary trainFromSurvey(const fs::path& input, const fs::path& runDir, const TrainRunOptions& options,
                                Collective& ranks) {
  validate(options);
  // Every rank opens the file (a rank that cannot read it stops them all).
  std::unique_ptr<SampleSource> source;
  TrainRunOptions resolved = options;
  std::string geometry;
  collectively(ranks, [&] {
    source = openSurvey(input, options.time_stride(), options.max_samples(), options.loading(),
                        options.memory_limit_gb(), options.progress() && ranks.rank() == 0, ranks.localSize());
    // -pae_model_transform auto: log10 for conductivity surveys (spanning decades), else linear.
    // -pae_data_range auto: per channel for conductivity surveys (EM parts differ in units).
    const Hdf5File h5 = Hdf5File::openReadOnly(input);
    const std::string quantity = h5.hasAttribute("/", "quantity") ? h5.readStringAttribute("/", "quantity") : "";
    resolved.model_transform(resolveModelTransform(options.model_transform(), quantity));
    resolved.data_range(resolveDataRange(options.data_range(), quantity));
    geometry = surveyGeometry(input);
  });
  return trainFromSource(*source, runDir, resolved, input.string(), geometry, ranks);
}

TrainingSummary trainFromSource(SampleSource& source, const fs::path& runDir, const TrainRunOptions& options,
                                const std::string& inputName, const std::string& geometry, Collective& ranks) {
  validate(options);
  Trainer trainer(options, source, splitSamples(source.size(), options.val_fraction(), options.test_fraction()),
                  runDir, inputName, ranks);
  trainer.setGeometry(geometry);
  const TrainingSummary summary = trainer.run();
  if (options.progress() && ranks.rank() == 0) logInfo("train: " + describe(summary));
  return summary;
}

std::string describe(const TrainingSummary& s) {
  std::ostringstream out;
  out << "epochs " << s.epochsDone << " (best " << s.bestEpoch + 1 << (s.stoppedEarly ? ", stopped early" : "")
      << "), best validation loss " << s.bestValidationLoss << ", validation model error " << s.validationModelError;
  if (s.testModelError >= 0) out << ", test model error " << s.testModelError;
  if (s.testRre >= 0) out << ", test RRE " << s.testRre << ", test RMA " << s.testRma;
  if (!s.baseline.empty())
    out << ", linear baseline (" << s.baseline << ") validation model error " << s.baselineValidationModelError;
  if (s.baselineTestModelError >= 0) out << ", linear baseline test model error " << s.baselineTestModelError;
  if (s.oodRreThreshold > 0) out << ", OOD thresholds RRE " << s.oodRreThreshold << " RMA " << s.oodRmaThreshold;
  if (!s.flag.empty()) out << ", OOD flag: " << s.flag;
  if (s.epochsRun > 0)
    out << ", last epoch " << s.secondsPerEpoch << " s (" << s.samplesPerSecond << " samples/s, loading "
        << 100.0 * s.loadFraction << "%)";
  return out.str();
}

}  // namespace pairinv::learning

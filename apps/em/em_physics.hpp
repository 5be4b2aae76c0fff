// Frequency-domain EM behind `pairinv forward` and `pairinv fwi` (apps/physics.hpp):
// conductivity models in S/m whose top rows may be air (<= 1e-6 S/m, as em-blocks draws them;
// receivers and line sources default to the earth's surface below them), the -em_ solver and
// acquisition (solvers/em), data in the real layout [2, nfreq, nsrc, nrec], and FWI of
// log-conductivity (inversion/em_fwi.hpp) on a mesh fixed at the starting model. Starting models:
// smooth (the earth's ln sigma smoothed over -fwi_smoothing m, the air kept), halfspace (a
// homogeneous earth of -fwi_halfspace S/m under the truth's air), file. Frequency continuation
// (-fwi_frequencies) is acoustic only and refused. Surveys (apps/em/em_survey.cpp): the mesh
// follows each sample's model (a fresh copy of the configuration validated per sample), data
// stored as float32 [part, frequency, source * receiver], degraded as apps/em/em_degradation.hpp
// describes (relative noise, TM static shifts, a missing band) and by -survey_noise_snr.
#pragma once

#include <vector>

#include "apps/physics.hpp"
#include "inversion/em_fwi.hpp"
#include "solvers/em/em_config.hpp"

namespace pairinv::apps {

class EmPhysics : public PhysicsApp {
 public:
  Physics physics() const override { return Physics::Em; }
  std::string label() const override { return "EM"; }
  std::string quantity() const override { return "conductivity in S/m"; }
  std::string modelErrorDefinition() const override {
    return "RMS of log10(sigma / sigma_true) over the true model's earth cells, in decades (air cells left out)";
  }
  std::string modelErrorLabel() const override { return "RMS log10 model error (decades)"; }
  double defaultCellSize() const override { return 50.0; }
  /// 40 x 60 cells of 50 m, 100 ohm m with a 1 ohm m block.
  Model demoModel(MPI_Comm comm) const override;

  void readOptions(MPI_Comm comm, const ModelGrid& grid, Use use) override;
  void prepare(MPI_Comm comm, const Model& model) override;
  /// Validates the settings at `model` and fixes the solver's mesh there.
  void check(const Model& model) override;

  void forward(MPI_Comm comm, const Model& model, const std::filesystem::path& output) override;

  EnumNames<FwiInitial> fwiStarts() const override;
  Model startingModel(FwiInitial kind, const Model& truth) const override;
  void readObserved(const std::filesystem::path& file) override;
  void modelObserved(MPI_Comm comm, const Model& truth) override;
  void fwi(MPI_Comm comm, const Model& initial, const Model* truth, const std::filesystem::path& output) override;

  std::string familyQuantity() const override { return "conductivity"; }
  void prepareSurvey(const ModelFamily& family, const FamilyOptions& options, std::uint64_t seed,
                     const DataDegradation& degradation) override;
  std::string describeSurveyData(SurveyLayout& layout) const override;
  std::string surveyDataText() const override;
  std::vector<float> simulateSample(const Field2D& model, const DataDegradation& degradation, std::uint64_t seed,
                                    std::size_t index) const override;
  void readSampleFwiOptions(MPI_Comm comm, bool stages, FwiOptions& options) const override;
  std::unique_ptr<SampleProblem> readSample(const std::filesystem::path& survey, std::size_t index) const override;

 private:
  em::EmConfig config_;  // check() resolves the automatic padding at its model
  inversion::EmFwiSettings fwi_;
  std::vector<double> observed_;
  double smoothing_ = 200.0, halfspace_ = 0.0;
};

}  // namespace pairinv::apps

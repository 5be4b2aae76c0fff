// The acoustic wave equation behind `pairinv forward` and `pairinv fwi` (apps/physics.hpp):
// velocity models in m/s, the -acoustic_ solver and acquisition (solvers/acoustic), shot gathers
// [shots, samples, receivers], and FWI of the velocity with frequency stages
// (inversion/acoustic_fwi.hpp). Starting models: smooth (the truth Gaussian-smoothed over
// -fwi_smoothing m), gradient (1D, -fwi_gradient_top to -fwi_gradient_bottom m/s), file.
// Surveys (apps/acoustic/acoustic_survey.cpp): one time step for the family's velocity range,
// gathers stored as float32 [shot, time, receiver], noise, dead traces and shots.
#pragma once

#include "apps/acoustic/acoustic_starts.hpp"
#include "apps/physics.hpp"
#include "inversion/acoustic_fwi.hpp"
#include "solvers/acoustic/acoustic_config.hpp"

namespace pairinv::apps {

class AcousticPhysics : public PhysicsApp {
 public:
  AcousticPhysics() = default;
  /// With the acquisition of data made elsewhere (an OpenFWI import), validated.
  explicit AcousticPhysics(const acoustic::AcousticConfig& config) : config_(config) {}
  Physics physics() const override { return Physics::Acoustic; }
  std::string label() const override { return "acoustic"; }
  std::string quantity() const override { return "velocity in m/s"; }
  std::string modelErrorDefinition() const override { return "relative model error |q - q_true| / |q_true|"; }
  std::string modelErrorLabel() const override { return "relative model error"; }
  double defaultCellSize() const override { return 10.0; }
  Model demoModel(MPI_Comm comm) const override;

  void readOptions(MPI_Comm comm, const ModelGrid& grid, Use use) override;
  void prepare(MPI_Comm comm, const Model& model) override;
  void check(const Model& model) override;

  void forward(MPI_Comm comm, const Model& model, const std::filesystem::path& output) override;

  EnumNames<FwiInitial> fwiStarts() const override;
  Model startingModel(FwiInitial kind, const Model& truth) const override;
  void readObserved(const std::filesystem::path& file) override;
  void modelObserved(MPI_Comm comm, const Model& truth) override;
  void fwi(MPI_Comm comm, const Model& initial, const Model* truth, const std::filesystem::path& output) override;

  std::string familyQuantity() const override { return "velocity"; }
  void prepareSurvey(const ModelFamily& family, const FamilyOptions& options, std::uint64_t seed,
                     const DataDegradation& degradation) override;
  std::string describeSurveyData(SurveyLayout& layout) const override;
  std::string surveyDataText() const override;
  std::vector<float> simulateSample(const Field2D& model, const DataDegradation& degradation, std::uint64_t seed,
                                    std::size_t index) const override;
  void readSampleFwiOptions(MPI_Comm comm, bool stages, FwiOptions& options) const override;
  std::unique_ptr<SampleProblem> readSample(const std::filesystem::path& survey, std::size_t index) const override;

 private:
  acoustic::AcousticConfig config_;
  inversion::FwiSettings fwi_;
  acoustic::ShotGathers observed_;
  Grid2D grid_;  // the model grid of readOptions (positions in metres for SEG-Y)
  AcousticStarts starts_;
};

/// The acquisition an acoustic survey file records in its attributes, checked against its model
/// grid (validateAcousticGeometry; the recorded dt is kept), and that grid. InputError for a file
/// that is not an acoustic survey with data, or attributes that do not fit the grid.
acoustic::AcousticConfig readAcousticSurveyAcquisition(const std::filesystem::path& survey, Grid2D& grid);

}  // namespace pairinv::apps

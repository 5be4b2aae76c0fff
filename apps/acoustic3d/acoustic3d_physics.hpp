// 3D acoustics behind `pairinv forward` and `pairinv fwi` (apps/physics.hpp): velocity volumes
// [nz, ny, nx] in m/s, the -acoustic3d_ solver and acquisition (solvers/acoustic3d), gathers
// [shots, samples, receivers], and FWI of the velocity with frequency stages
// (inversion/acoustic3d_fwi.hpp) with the 2D FWI's -fwi_ options. The built-in model is drawn
// from a 3D family (-model3d_*: meshes/model_families3d.hpp). Starting models: smooth (the
// truth Gaussian-smoothed over -fwi_smoothing m), gradient (linear in depth), file.
//
// Surveys and learned estimates are 2D: `pairinv survey -physics acoustic3d` is refused.
//
// Forward output (apps/acoustic3d/acoustic3d_output.hpp): data.npy, gathers.h5 (the data with
// source and receiver positions), model.vti, model_xz.png and model_xy.png (the x-z section
// through the first source and the x-y slice at mid-depth), gathers.png (shot 0 along the first receiver line) and, with
// -acoustic3d_snapshot_every K, snapshots/ with wavefield.pvd.
#pragma once

#include "apps/acoustic/acoustic_starts.hpp"
#include "apps/physics.hpp"
#include "inversion/acoustic3d_fwi.hpp"
#include "solvers/acoustic3d/acoustic3d_config.hpp"

namespace pairinv::apps {

class Acoustic3DPhysics : public PhysicsApp {
 public:
  Physics physics() const override { return Physics::Acoustic3D; }
  std::string label() const override { return "3D acoustic"; }
  std::string quantity() const override { return "velocity in m/s"; }
  std::string modelErrorDefinition() const override { return "relative model error |q - q_true| / |q_true|"; }
  std::string modelErrorLabel() const override { return "relative model error"; }
  double defaultCellSize() const override { return 10.0; }
  int dimensions() const override { return 3; }
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

  // Surveys of 3D models are not offered: each throws InputError saying so.
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
  acoustic3d::Acoustic3DConfig config_;
  inversion::FwiSettings fwi_;
  acoustic::ShotGathers observed_;
  int ranksPerShot_ = 1;
  int checked_ = 0;  // models checked: the sampling warning is given for the first
  AcousticStarts starts_;
};

}  // namespace pairinv::apps

// The acoustic wave equation behind `pairinv forward` and `pairinv fwi` (apps/physics.hpp):
// velocity models in m/s, the -acoustic_ solver and acquisition (solvers/acoustic), shot gathers
// [shots, samples, receivers], and FWI of the velocity with frequency stages
// (inversion/acoustic_fwi.hpp). Starting models: smooth (the truth Gaussian-smoothed over
// -fwi_smoothing m), gradient (1D, -fwi_gradient_top to -fwi_gradient_bottom m/s), file.
#pragma once

#include "apps/physics.hpp"
#include "inversion/acoustic_fwi.hpp"
#include "solvers/acoustic/acoustic_config.hpp"

namespace pairinv::apps {

class AcousticPhysics : public PhysicsApp {
 public:
  Physics physics() const override { return Physics::Acoustic; }
  std::string quantity() const override { return "velocity in m/s"; }
  double defaultCellSize() const override { return 10.0; }
  Field2D demoModel() const override;

  void readOptions(MPI_Comm comm, const Grid2D& grid, Use use) override;
  void prepare(MPI_Comm comm, const Field2D& model) override;
  void check(const Field2D& model) override;

  void forward(MPI_Comm comm, const Field2D& model, const std::filesystem::path& output) override;

  EnumNames<FwiInitial> fwiStarts() const override;
  Field2D startingModel(FwiInitial kind, const Field2D& truth) const override;
  void readObserved(const std::filesystem::path& file) override;
  void modelObserved(MPI_Comm comm, const Field2D& truth) override;
  void fwi(MPI_Comm comm, const Field2D& initial, const Field2D* truth, const std::filesystem::path& output) override;

 private:
  acoustic::AcousticConfig config_;
  inversion::FwiSettings fwi_;
  acoustic::ShotGathers observed_;
  double smoothing_ = 100.0, gradientTop_ = 0.0, gradientBottom_ = 0.0;
};

}  // namespace pairinv::apps

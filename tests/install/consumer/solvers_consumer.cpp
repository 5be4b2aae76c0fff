// Built against the installed pairinv (find_package or pkg-config): one shot in a homogeneous
// medium, 2000 m/s. The direct wave's peak must reach a receiver 400 m away at the travel time,
// 0.2 s after the Ricker wavelet's peak (2D: the Green's function's tail delays the peak a
// little, well under a quarter period). Exit 0 when it does.
#include <petscsys.h>

#include <cmath>
#include <cstdio>

#include "solvers/acoustic/shot_simulation.hpp"

int main(int argc, char** argv) {
  if (PetscInitialize(&argc, &argv, nullptr, nullptr) != 0) return 1;
  int status = 1;
  try {
    using namespace pairinv;
    Grid2D grid;
    grid.nz = grid.nx = 61;
    grid.dz = grid.dx = 10.0;
    const Field2D velocity(grid, 2000.0);
    acoustic::AcousticConfig config;
    config.nt = 600;
    config.dt = 1e-3;
    config.autoDt = false;
    config.peakFrequency = 15.0;
    config.sources = {{30, 10}};
    config.receivers = {{30, 50}};
    acoustic::validateAcousticConfig(config, velocity);
    const acoustic::ShotGathers d = acoustic::simulateShots(PETSC_COMM_WORLD, velocity, config);
    int peak = 0;
    for (int j = 0; j < d.nsamples; ++j)
      if (std::fabs(d.at(0, j, 0)) > std::fabs(d.at(0, peak, 0))) peak = j;
    const double arrival = config.sampleTime(peak), expected = 1.5 / config.peakFrequency + 400.0 / 2000.0;
    std::printf("solvers_consumer: direct wave's peak at %.4f s, travel time + wavelet delay %.4f s\n", arrival,
                expected);
    status = std::isfinite(d.at(0, peak, 0)) && std::fabs(arrival - expected) < 0.25 / config.peakFrequency ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "solvers_consumer: %s\n", e.what());
  }
  PetscFinalize();
  return status;
}

// Small generated data sets for tests, demos and benchmarks where no survey file exists.
// Sample i depends only on (seed, i). No LibTorch here.
//
// Blurred signals: a linear inverse problem. q is a piecewise-constant 1D signal (values in
//   [1.5, 4.5], 1-3 jumps) stored as a [1, 1, L] model; b = G q + noise, G a Gaussian blur
//   (sigma = L/32 samples), stored as [1, 1, L] data. The "ood" variant draws q as fast
//   oscillations instead, outside what the networks saw.
// Layered seismic: "flat" (FlatVel-like: 3-6 flat layers, velocity increasing with depth) or
//   "curved" (CurveFault-like: curved interfaces cut by a fault) velocity models [1, nz, nx],
//   with data [nshots, nt, nrec] from a cheap convolutional model: a direct wave plus, for
//   each shot-receiver pair, the reflectivity below the midpoint mapped to two-way
//   hyperbolic times (RMS velocity) and convolved with a Ricker wavelet. It is not a wave
//   solver; it makes data with the shapes and character of OpenFWI's for tests and timings.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <torch/arg.h>

#include "core/enum_names.hpp"

#include "learning/sample_source.hpp"

namespace pairinv::learning {

std::unique_ptr<MemorySampleSource> makeBlurredSignals(std::int64_t count, std::int64_t length,
                                                       std::uint64_t seed, bool ood = false,
                                                       double noise = 0.0);

enum class LayerShape { Flat, Curved };
inline const EnumNames<LayerShape> kLayerShapeNames = {{LayerShape::Flat, "flat"}, {LayerShape::Curved, "curved"}};

struct LayeredSeismicOptions {
  TORCH_ARG(LayerShape, family) = LayerShape::Flat;
  TORCH_ARG(std::int64_t, count) = 64;
  TORCH_ARG(std::int64_t, nz) = 70;
  TORCH_ARG(std::int64_t, nx) = 70;
  TORCH_ARG(double, spacing) = 10.0;  // m
  TORCH_ARG(std::int64_t, nshots) = 5;
  TORCH_ARG(std::int64_t, nt) = 1000;
  TORCH_ARG(double, dt) = 0.001;  // s
  TORCH_ARG(double, frequency) = 15.0;  // Ricker peak, Hz
  TORCH_ARG(std::uint64_t, seed) = 1;
};

/// Receivers sit at every surface grid point (nrec = nx); shots are spread evenly.
std::unique_ptr<MemorySampleSource> makeLayeredSeismic(const LayeredSeismicOptions& options);

/// Writes `source` (raw values) as a survey file: /models [N,1,nz,nx], /data [N,ns,nt,nr]
/// float32 chunked per sample, root attributes physics, nz, nx, dz, dx, dt. Atomic.
void writeSurveyFile(const std::filesystem::path& file, SampleSource& source, double dz, double dx,
                     double dt, const std::string& physics);

}  // namespace pairinv::learning

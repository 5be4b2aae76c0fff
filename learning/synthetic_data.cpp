#include "learning/synthetic_data.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"

namespace pairinv::learning {

namespace {

constexpr double kPi = 3.14159265358979323846;

// The generator of sample i: independent of how many samples are drawn or in what order.
std::mt19937_64 sampleRng(std::uint64_t seed, std::int64_t i) {
  std::seed_seq seq{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(i), std::uint32_t(std::uint64_t(i) >> 32)};
  return std::mt19937_64(seq);
}

double uniform(std::mt19937_64& rng, double a, double b) {
  return a + (b - a) * (double(rng() >> 11) * (1.0 / 9007199254740992.0));
}

std::int64_t uniformInt(std::mt19937_64& rng, std::int64_t a, std::int64_t b) {  // [a, b]
  return a + std::int64_t(rng() % std::uint64_t(b - a + 1));
}

double normal(std::mt19937_64& rng) {
  const double u1 = std::max(uniform(rng, 0.0, 1.0), 1e-300), u2 = uniform(rng, 0.0, 1.0);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
}

}  // namespace

std::unique_ptr<MemorySampleSource> makeBlurredSignals(std::int64_t count, std::int64_t length, std::uint64_t seed,
                                                       bool ood, double noise) {
  require(count >= 1 && length >= 4, "blurred signals: need count >= 1 and length >= 4");
  const auto L = std::size_t(length);
  std::vector<float> models(std::size_t(count) * L), data(std::size_t(count) * L);
  const double sigma = std::max(1.0, double(length) / 32.0);
  const int half = int(std::ceil(3 * sigma));
  std::vector<double> kernel(2 * half + 1);
  double ksum = 0;
  for (int k = -half; k <= half; ++k) ksum += kernel[k + half] = std::exp(-0.5 * k * k / (sigma * sigma));
  for (double& k : kernel) k /= ksum;
  for (std::int64_t i = 0; i < count; ++i) {
    auto rng = sampleRng(seed, i);
    float* q = models.data() + std::size_t(i) * L;
    if (!ood) {
      const auto jumps = uniformInt(rng, 1, 3);
      std::vector<std::int64_t> at{0, length};
      for (std::int64_t j = 0; j < jumps; ++j) at.push_back(uniformInt(rng, 2, length - 2));
      std::sort(at.begin(), at.end());
      for (std::size_t s = 0; s + 1 < at.size(); ++s) {
        const double v = uniform(rng, 1.5, 4.5);
        for (std::int64_t x = at[s]; x < at[s + 1]; ++x) q[x] = float(v);
      }
    } else {
      const double f = uniform(rng, 0.15, 0.3), phase = uniform(rng, 0, 2 * kPi);
      for (std::size_t x = 0; x < L; ++x) q[x] = float(3.0 + 2.5 * std::sin(2 * kPi * f * double(x) + phase));
    }
    float* b = data.data() + std::size_t(i) * L;
    for (std::int64_t x = 0; x < length; ++x) {
      double s = 0;
      for (int k = -half; k <= half; ++k) {
        const std::int64_t y = std::clamp<std::int64_t>(x + k, 0, length - 1);  // replicate the ends
        s += kernel[k + half] * q[y];
      }
      b[x] = float(s + noise * normal(rng));
    }
  }
  return std::make_unique<MemorySampleSource>(Shape3{1, 1, length}, Shape3{1, 1, length}, std::move(models),
                                              std::move(data));
}

namespace {

// Velocity model [nz][nx] of one sample.
void layeredModel(const LayeredSeismicOptions& o, std::mt19937_64& rng, float* v) {
  const std::int64_t nz = o.nz(), nx = o.nx();
  const bool curved = o.family() == LayerShape::Curved;
  const auto layers = uniformInt(rng, 3, 6);
  // Interface depths (fraction of nz) and velocities increasing with depth, with some noise.
  std::vector<double> depth, vel;
  double v0 = uniform(rng, 1500, 2500);
  for (std::int64_t k = 0; k < layers; ++k) {
    depth.push_back(uniform(rng, 0.1, 0.95));
    vel.push_back(v0);
    v0 = std::min(4500.0, v0 + uniform(rng, 100, 700));
  }
  std::sort(depth.begin(), depth.end());
  const double amp = curved ? uniform(rng, 0.03, 0.12) : 0.0, wavelength = uniform(rng, 0.5, 1.5);
  const double phase = uniform(rng, 0, 2 * kPi);
  const double faultX = uniform(rng, 0.25, 0.75), faultSlope = uniform(rng, -0.5, 0.5);
  const double throwFrac = curved ? uniform(rng, 0.05, 0.15) : 0.0;
  for (std::int64_t iz = 0; iz < nz; ++iz)
    for (std::int64_t ix = 0; ix < nx; ++ix) {
      const double z = double(iz) / double(nz), x = double(ix) / double(nx);
      double shift = amp * std::sin(2 * kPi * x / wavelength + phase);
      if (curved && x > faultX + faultSlope * (z - 0.5)) shift += throwFrac;  // hanging wall moved down
      std::int64_t layer = 0;
      for (std::int64_t k = 1; k < layers; ++k)
        if (z >= depth[std::size_t(k)] + shift) layer = k;
      v[iz * nx + ix] = float(vel[std::size_t(layer)]);
    }
}

// Convolutional "data": direct wave + reflections below each shot-receiver midpoint.
void convolutionalData(const LayeredSeismicOptions& o, const float* v, const std::vector<double>& ricker,
                       float* d) {
  const std::int64_t nz = o.nz(), nx = o.nx(), ns = o.nshots(), nt = o.nt();
  const double h = o.spacing(), dt = o.dt();
  const int half = int(ricker.size() / 2);
  std::vector<double> trace(static_cast<std::size_t>(nt));
  for (std::int64_t s = 0; s < ns; ++s) {
    const std::int64_t sx = ns == 1 ? nx / 2 : s * (nx - 1) / (ns - 1);
    for (std::int64_t r = 0; r < nx; ++r) {
      std::fill(trace.begin(), trace.end(), 0.0);
      const double offset = double(std::abs(r - sx)) * h;
      auto spike = [&](double t, double a) {
        const double ft = t / dt;
        const auto it = std::int64_t(ft);
        if (it < 0 || it + 1 >= nt) return;
        const double w = ft - double(it);
        trace[std::size_t(it)] += a * (1 - w);
        trace[std::size_t(it + 1)] += a * w;
      };
      spike(offset / v[sx], 1.0 / (1.0 + offset / (20 * h)));  // direct wave, spreading
      const std::int64_t mx = (sx + r) / 2;
      double sumSlowness = 0, sumVt = 0, t0 = 0;  // for the RMS velocity
      for (std::int64_t iz = 0; iz + 1 < nz; ++iz) {
        const double v1 = v[iz * nx + mx], v2 = v[(iz + 1) * nx + mx];
        const double dt0 = 2 * h / v1;
        t0 += dt0;
        sumSlowness += dt0;
        sumVt += v1 * v1 * dt0;
        const double refl = (v2 - v1) / (v2 + v1);
        if (std::fabs(refl) < 1e-6) continue;
        const double vrms = std::sqrt(sumVt / sumSlowness);
        const double t = std::sqrt(t0 * t0 + offset * offset / (vrms * vrms));
        spike(t, 3.0 * refl * t0 / t);
      }
      for (std::int64_t it = 0; it < nt; ++it) {
        double acc = 0;
        for (int k = -half; k <= half; ++k) {
          const std::int64_t j = it - k;
          if (j >= 0 && j < nt) acc += ricker[std::size_t(k + half)] * trace[std::size_t(j)];
        }
        d[(s * nt + it) * nx + r] = float(acc);
      }
    }
  }
}

}  // namespace

std::unique_ptr<MemorySampleSource> makeLayeredSeismic(const LayeredSeismicOptions& o) {
  require(o.count() >= 1 && o.nz() >= 4 && o.nx() >= 2 && o.nshots() >= 1 && o.nt() >= 8,
          "layered seismic: sizes too small");
  const std::int64_t ms = o.nz() * o.nx(), ds = o.nshots() * o.nt() * o.nx();
  std::vector<float> models(std::size_t(o.count() * ms)), data(std::size_t(o.count() * ds));
  const double fp = o.frequency();
  const int half = int(std::ceil(1.5 / fp / o.dt()));
  std::vector<double> ricker(2 * half + 1);
  for (int k = -half; k <= half; ++k) {
    const double a = kPi * fp * k * o.dt();
    ricker[std::size_t(k + half)] = (1 - 2 * a * a) * std::exp(-a * a);
  }
  for (std::int64_t i = 0; i < o.count(); ++i) {
    auto rng = sampleRng(o.seed(), i);
    layeredModel(o, rng, models.data() + i * ms);
    convolutionalData(o, models.data() + i * ms, ricker, data.data() + i * ds);
  }
  return std::make_unique<MemorySampleSource>(Shape3{1, o.nz(), o.nx()}, Shape3{o.nshots(), o.nt(), o.nx()},
                                              std::move(models), std::move(data));
}

void writeSurveyFile(const std::filesystem::path& file, SampleSource& source, double dz, double dx, double dt,
                     const std::string& physics) {
  const auto n = hsize_t(source.size());
  const Shape3 m = source.modelShape(), d = source.dataShape();
  std::vector<float> models(source.hasModels() ? std::size_t(source.size() * source.modelSize()) : 0);
  std::vector<float> data(source.hasData() ? std::size_t(source.size() * source.dataSize()) : 0);
  for (std::int64_t i = 0; i < source.size(); ++i)
    source.readRaw(i, models.empty() ? nullptr : models.data() + i * source.modelSize(),
                   data.empty() ? nullptr : data.data() + i * source.dataSize());
  writeHdf5Atomically(file, [&](Hdf5File& h5) {
    if (!models.empty())
      h5.writeDataset("/models", {n, 1, hsize_t(m[1]), hsize_t(m[2])}, models.data(), {1, 1, hsize_t(m[1]), hsize_t(m[2])});
    if (!data.empty())
      h5.writeDataset("/data", {n, hsize_t(d[0]), hsize_t(d[1]), hsize_t(d[2])}, data.data(),
                      {1, hsize_t(d[0]), hsize_t(d[1]), hsize_t(d[2])});
    h5.writeAttribute("/", "physics", physics);
    h5.writeAttribute("/", "nz", std::int64_t(m[1]));
    h5.writeAttribute("/", "nx", std::int64_t(m[2]));
    h5.writeAttribute("/", "dz", dz);
    h5.writeAttribute("/", "dx", dx);
    h5.writeAttribute("/", "dt", dt);
  });
}

}  // namespace pairinv::learning

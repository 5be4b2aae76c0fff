#include "apps/acoustic/acoustic_output.hpp"

#include <cmath>
#include <limits>

#include "core/npy.hpp"
#include "core/error.hpp"
#include "core/figure.hpp"
#include "core/hdf5_io.hpp"

namespace pairinv::apps {

void writeAcousticGathers(const std::filesystem::path& dir, const acoustic::ShotGathers& g,
                          const acoustic::AcousticConfig& c, const Field2D& model) {
  const std::vector<std::size_t> shape = {std::size_t(g.nshots), std::size_t(g.nsamples),
                                          std::size_t(g.nreceivers)};
  writeNpy(dir / "data.npy", shape, g.data.data(), NpyType::Float32);

  writeHdf5Atomically(dir / "gathers.h5", [&](Hdf5File& h5) {
    const std::vector<hsize_t> dims(shape.begin(), shape.end());
    h5.writeDataset("/data", dims, g.data.data(), true, {1, dims[1], dims[2]});
    h5.writeDataset("/model", {hsize_t(model.grid.nz), hsize_t(model.grid.nx)}, model.values.data(), true);
    std::vector<std::int64_t> srcZ, srcX, recZ, recX;
    for (const auto& s : c.sources) srcZ.push_back(s.iz), srcX.push_back(s.ix);
    for (const auto& r : c.receivers) recZ.push_back(r.iz), recX.push_back(r.ix);
    h5.writeAttribute("/", "physics", "acoustic");
    h5.writeAttribute("/", "layout", "data[shot, sample, receiver]; sample j at t = (j*record_every + 1)*dt");
    h5.writeAttribute("/", "preset", nameOf(c.preset, acoustic::kPresetNames));
    h5.writeAttribute("/", "order", c.order);
    h5.writeAttribute("/", "dt", c.dt);
    h5.writeAttribute("/", "nt", c.nt);
    h5.writeAttribute("/", "record_every", c.recordEvery);
    h5.writeAttribute("/", "sample_interval", c.dt * c.recordEvery);
    h5.writeAttribute("/", "first_sample_time", c.sampleTime(0));
    h5.writeAttribute("/", "boundary", nameOf(c.boundary, acoustic::kBoundaryNames));
    h5.writeAttribute("/", "absorbing_width", c.padCells);
    h5.writeAttribute("/", "free_surface", int(c.freeSurface));
    h5.writeAttribute("/", "wavelet", nameOf(c.wavelet, acoustic::kWaveletNames));
    h5.writeAttribute("/", "peak_frequency", c.peakFrequency);
    h5.writeAttribute("/", "source_scaling", nameOf(c.scaling, acoustic::kSourceScalingNames));
    h5.writeAttribute("/", "precision", nameOf(c.precision, acoustic::kPrecisionNames));
    h5.writeAttribute("/", "dz", model.grid.dz);
    h5.writeAttribute("/", "dx", model.grid.dx);
    h5.writeAttribute("/", "source_iz", srcZ);
    h5.writeAttribute("/", "source_ix", srcX);
    h5.writeAttribute("/", "receiver_iz", recZ);
    h5.writeAttribute("/", "receiver_ix", recX);
    h5.writeAttribute("/", "pairinv_version", PAIRINV_VERSION);
  });
}

SegyGathers segyGathers(const acoustic::ShotGathers& g, const acoustic::AcousticConfig& c, const Grid2D& grid) {
  SegyGathers s;
  s.nshots = g.nshots, s.nsamples = g.nsamples, s.nreceivers = g.nreceivers;
  s.dt = c.dt * c.recordEvery, s.firstTime = c.sampleTime(0);
  s.data = g.data;
  for (const auto& p : c.sources) s.sourceX.push_back(grid.x0 + p.ix * grid.dx), s.sourceDepth.push_back(grid.z0 + p.iz * grid.dz);
  for (const auto& p : c.receivers)
    s.receiverX.push_back(grid.x0 + p.ix * grid.dx), s.receiverDepth.push_back(grid.z0 + p.iz * grid.dz);
  return s;
}

acoustic::ShotGathers readSegyObserved(const std::filesystem::path& file, const acoustic::AcousticConfig& c,
                                       const Grid2D& grid) {
  const SegyGathers s = readSegy(file);
  const SegyGathers want = segyGathers(acoustic::ShotGathers{int(c.sources.size()), c.samplesPerTrace(),
                                                             int(c.receivers.size()), {}},
                                       c, grid);
  require(s.nshots == want.nshots && s.nsamples == want.nsamples && s.nreceivers == want.nreceivers, "observed data '",
          file.string(), "' hold ", s.nshots, " shots of ", s.nreceivers, " traces of ", s.nsamples,
          " samples; the acquisition gives ", want.nshots, " x ", want.nreceivers, " x ", want.nsamples);
  require(std::abs(s.dt - want.dt) <= 0.5e-6, "observed data '", file.string(), "': sample interval ", s.dt,
          " s; the acquisition records every ", want.dt, " s (-acoustic_dt x -acoustic_record_every)");
  require(std::abs(s.firstTime - want.firstTime) <= 0.5e-3, "observed data '", file.string(), "': sample 0 at ",
          s.firstTime, " s; the acquisition's is at ", want.firstTime, " s");
  const auto near = [](double a, double b) { return std::abs(a - b) <= 0.01; };
  for (int k = 0; k < s.nshots; ++k)
    require(near(s.sourceX[std::size_t(k)], want.sourceX[std::size_t(k)]) &&
                near(s.sourceDepth[std::size_t(k)], want.sourceDepth[std::size_t(k)]),
            "observed data '", file.string(), "': shot ", k, "'s source is at (x, depth) = (", s.sourceX[std::size_t(k)],
            ", ", s.sourceDepth[std::size_t(k)], ") m; the acquisition's at (", want.sourceX[std::size_t(k)], ", ",
            want.sourceDepth[std::size_t(k)], ") m (-acoustic_src_ix/-acoustic_src_iz, -model_dx)");
  for (int r = 0; r < s.nreceivers; ++r)
    require(near(s.receiverX[std::size_t(r)], want.receiverX[std::size_t(r)]) &&
                near(s.receiverDepth[std::size_t(r)], want.receiverDepth[std::size_t(r)]),
            "observed data '", file.string(), "': receiver ", r, " is at (x, depth) = (", s.receiverX[std::size_t(r)],
            ", ", s.receiverDepth[std::size_t(r)], ") m; the acquisition's at (", want.receiverX[std::size_t(r)], ", ",
            want.receiverDepth[std::size_t(r)], ") m (-acoustic_rec_ix/-acoustic_rec_iz, -model_dx)");
  return {s.nshots, s.nsamples, s.nreceivers, s.data};
}

void writeGatherFigure(const std::filesystem::path& file, const acoustic::ShotGathers& g,
                       const acoustic::AcousticConfig& c, const Grid2D& grid) {
  ImageFigure f;
  f.title = "shot gathers";
  f.rows = g.nsamples, f.cols = g.nreceivers;
  std::vector<double> receiverX;
  for (const auto& r : c.receivers) receiverX.push_back(grid.x0 + r.ix * grid.dx);
  f.x = positionAxis("receiver x", receiverX);
  f.y = {"time (s)", c.sampleTime(0), c.dt * c.recordEvery};
  f.equalAspect = false;
  const int shots = std::min(g.nshots, 5);
  f.panels.resize(std::size_t(shots));
  for (int s = 0; s < shots; ++s) {
    const int shot = shots == 1 ? 0 : s * (g.nshots - 1) / (shots - 1);  // spread over the line
    const auto& source = c.sources[std::size_t(shot)];
    f.panels[std::size_t(s)].title = concat("shot ", shot, " (source x = ", grid.x0 + source.ix * grid.dx, " m)");
    f.panels[std::size_t(s)].values.assign(g.data.begin() + std::ptrdiff_t(shot) * g.nsamples * g.nreceivers,
                                           g.data.begin() + std::ptrdiff_t(shot + 1) * g.nsamples * g.nreceivers);
  }
  std::vector<const std::vector<double>*> all;
  for (const ImagePanel& p : f.panels) all.push_back(&p.values);
  f.scales = {symmetricScale("pressure (source units)", all)};
  writeImageFigure(file, f);
}

}  // namespace pairinv::apps

// `pairinv forward` and `pairinv fwi` with -physics acoustic3d: the sample runs of the commands'
// header comments at toy size, 1 against 2 MPI ranks, a resumed inversion against an
// uninterrupted one, and bad input (a clear message, exit 2, nothing written).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "app_runner.hpp"
#include "core/npy.hpp"
#include "meshes/model3d_io.hpp"
#include "meshes/vtk_io.hpp"

namespace fs = std::filesystem;
using pairinv::readNpy;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

const std::string kToy = " -physics acoustic3d -model3d_size 12,10,14 -acoustic3d_nt 150 ";
// Long enough to record the whole 10 Hz wavelet (its peak is at 0.15 s) and its reflections.
const std::string kToyFwi = " -physics acoustic3d -model3d_size 12,10,14 -acoustic3d_nt 400 ";

std::string bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

double column(const std::string& row, int k) {
  std::stringstream in(row);
  std::string cell;
  for (int i = 0; i <= k; ++i) std::getline(in, cell, ',');
  return std::stod(cell);
}

}  // namespace

TEST(Acoustic3DApp, ForwardWritesDataVolumesSnapshotsAndFigures) {
  ScratchDir dir("forward3d");
  const auto r = runPairinv("forward" + kToy + "-acoustic3d_snapshot_every 50 -output " + (dir / "out").string());
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(readNpy(dir / "out" / "data.npy").shape, (std::vector<std::size_t>{1, 150, 5 * 7}));
  const pairinv::Vti3DContents model = pairinv::readVti3D(dir / "out" / "model.vti");
  EXPECT_EQ(model.grid.nz, 12);
  EXPECT_EQ(model.grid.ny, 10);
  EXPECT_EQ(model.grid.nx, 14);
  EXPECT_EQ(model.grid.dy, 15.0);
  EXPECT_EQ(pairinv::readVti3D(dir / "out" / "snapshots" / "wavefield_000150.vti").grid.nx, 14);
  for (const char* file : {"gathers.h5", "gathers.png", "model_xz.png", "model_xy.png", "wavefield.pvd"})
    EXPECT_TRUE(fs::exists(dir / "out" / file)) << file;
}

TEST(Acoustic3DApp, TwoRanksWriteTheSameDataAsOne) {
  ScratchDir dir("forward3d_mpi");
  // A model file with its own cell sizes along y, as users bring them.
  pairinv::Grid3D g;
  g.nz = 12, g.ny = 9, g.nx = 14;
  pairinv::Field3D v(g, 2000.0);
  for (int iz = 6; iz < 12; ++iz)
    for (int iy = 0; iy < 9; ++iy)
      for (int ix = 0; ix < 14; ++ix) v.at(iz, iy, ix) = 2600.0 + 10.0 * ix;
  pairinv::writeModel3D(dir / "v.npy", v);
  const std::string args = "forward -physics acoustic3d -model " + (dir / "v.npy").string() +
                           " -model_dx 10 -model_dy 12 -acoustic3d_nt 120 -acoustic3d_order 8 -acoustic3d_src_ix 3,10";
  const auto one = runPairinv(args + " -output " + (dir / "one").string());
  ASSERT_EQ(one.exitCode, 0) << one.output;
  const auto two = runPairinv(args + " -output " + (dir / "two").string(), 2);
  ASSERT_EQ(two.exitCode, 0) << two.output;
  EXPECT_EQ(readNpy(dir / "one" / "data.npy").shape, (std::vector<std::size_t>{2, 120, 5 * 7}));
  EXPECT_EQ(bytes(dir / "one" / "data.npy"), bytes(dir / "two" / "data.npy"));
}

TEST(Acoustic3DApp, FwiLowersTheMisfitInEveryStage) {
  ScratchDir dir("fwi3d");
  const auto r = runPairinv("fwi" + kToyFwi + "-acoustic3d_src_ix 3,10 -fwi_frequencies 8,0 -fwi_smoothing 40 " +
                            "-fwi_iterations 2 -output " + (dir / "out").string());
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const auto rows = lines(dir / "out" / "history.csv");
  ASSERT_EQ(rows.size(), 6u) << "header, iterations 0-2 (stage 1), 3-4 (stage 2)";
  EXPECT_LT(column(rows[3], 3), column(rows[1], 3)) << "stage 1's data misfit must fall";
  EXPECT_LT(column(rows[5], 3), column(rows[4], 3)) << "stage 2's data misfit must fall";
  EXPECT_LT(column(rows[5], 4), column(rows[1], 4)) << "the model error must fall";
  EXPECT_EQ(readNpy(dir / "out" / "model_final.npy").shape, (std::vector<std::size_t>{12, 10, 14}));
  EXPECT_EQ(pairinv::readVti3D(dir / "out" / "iterations" / "model_0004.vti").grid.ny, 10);
  for (const char* file : {"models.pvd", "model_final.vti", "models.png", "convergence.png"})
    EXPECT_TRUE(fs::exists(dir / "out" / file)) << file;
}

// An inversion stopped after one iteration and continued by the same command with the full
// count ends on the bits of one never stopped (the stage is replayed from its log).
TEST(Acoustic3DApp, AContinuedFwiEndsOnTheBitsOfAnUninterruptedOne) {
  ScratchDir dir("fwi3d_resume");
  const std::string args = "fwi" + kToy + "-acoustic3d_src_ix 3,10 -fwi_smoothing 40 -output ";
  const auto full = runPairinv(args + (dir / "full").string() + " -fwi_iterations 3");
  ASSERT_EQ(full.exitCode, 0) << full.output;
  const auto part = runPairinv(args + (dir / "part").string() + " -fwi_iterations 1");
  ASSERT_EQ(part.exitCode, 0) << part.output;
  const auto rest = runPairinv(args + (dir / "part").string() + " -fwi_iterations 3");
  ASSERT_EQ(rest.exitCode, 0) << rest.output;
  EXPECT_TRUE(bytes(dir / "full" / "model_final.npy") == bytes(dir / "part" / "model_final.npy"));
  EXPECT_EQ(lines(dir / "full" / "history.csv").size(), lines(dir / "part" / "history.csv").size());
}

struct Bad3DInput {
  std::string name, command, message;
};

class Acoustic3DAppBadInput : public ::testing::TestWithParam<Bad3DInput> {};

TEST_P(Acoustic3DAppBadInput, FailsWithAClearMessageAndWritesNothing) {
  ScratchDir dir("bad3d_" + GetParam().name);
  const std::vector<double> plane(12 * 14, 2000.0);
  pairinv::writeNpy(dir / "plane.npy", {12, 14}, plane.data(), pairinv::NpyType::Float32);
  std::vector<double> volume(12 * 10 * 14, 2000.0);
  pairinv::writeNpy(dir / "volume.npy", {12, 10, 14}, volume.data(), pairinv::NpyType::Float64);
  volume[77] = std::nan("");
  pairinv::writeNpy(dir / "nan.npy", {12, 10, 14}, volume.data(), pairinv::NpyType::Float64);
  std::string args = GetParam().command;
  for (auto at = args.find("@"); at != std::string::npos; at = args.find("@")) args.replace(at, 1, dir.path().string());
  const auto r = runPairinv(args + " -output " + (dir / "out").string());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find(GetParam().message), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Acoustic3DAppBadInput,
    ::testing::Values(
        Bad3DInput{"model_2d", "forward -physics acoustic3d -model @/plane.npy", "this is a 2D model"},
        Bad3DInput{"model_3d_for_2d", "forward -physics acoustic -model @/volume.npy", "holds a 3D model"},
        Bad3DInput{"model_dy_for_2d", "forward -model @/plane.npy -model_dy 5", "-model_dy applies to 3D models"},
        Bad3DInput{"rank_layout", "forward -physics acoustic3d -model @/volume.npy -acoustic3d_ranks 2,2,2",
                   "makes 8 processes"},
        Bad3DInput{"source_outside", "forward -physics acoustic3d -model @/volume.npy -acoustic3d_src_iy 10",
                   "lies outside the 12 x 10 x 14 model grid"},
        Bad3DInput{"nan_model", "forward -physics acoustic3d -model @/nan.npy", "positive and finite"},
        Bad3DInput{"unstable", "forward -physics acoustic3d -model @/volume.npy -acoustic3d_dt 0.01", "unstable"},
        Bad3DInput{"unknown_option", "forward -physics acoustic3d -model @/volume.npy -acoustic3d_ordr 8",
                   "acoustic3d_ordr"},
        Bad3DInput{"observed_shape", "fwi -physics acoustic3d -model_true @/volume.npy -data @/plane.npy",
                   "have shape (12, 14)"},
        Bad3DInput{"survey", "survey -survey_physics acoustic3d -survey_family flatvel -survey_samples 2",
                   "surveys and learned estimates are 2D"}),
    [](const auto& info) { return info.param.name; });

// The EM tensor mesh (meshes/em_mesh.hpp): padding and air reach their distances with the
// requested stretch, model faces sit exactly on the model, refinement keeps odd-refined
// centres, and the padding's copying of conductivities has sumToModelCells as its adjoint.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "em_test_support.hpp"
#include "meshes/em_mesh.hpp"

using namespace pairinv;

namespace {

EmMesh sampleMesh(EmMeshTop top, int refinement = 1) {
  Grid2D g;
  g.nz = 6, g.nx = 8, g.dz = 20.0, g.dx = 25.0, g.z0 = 10.0, g.x0 = -100.0;
  EmMeshOptions o;
  o.padDistance = 2000.0;
  o.airHeight = 5000.0;
  o.stretch = 1.4;
  o.top = top;
  o.refinement = refinement;
  return buildEmMesh(g, o);
}

}  // namespace

TEST(EmMesh, PaddingAndAirReachTheirDistancesWithTheStretch) {
  const EmMesh m = sampleMesh(EmMeshTop::Air);
  EXPECT_GE(m.xFaces[std::size_t(m.modelCol0)] - m.xFaces.front(), 2000.0);
  EXPECT_GE(m.xFaces.back() - m.xFaces[std::size_t(m.modelCol0 + m.modelNx)], 2000.0);
  EXPECT_GE(m.zFaces.back() - m.zFaces[std::size_t(m.modelRow0 + m.modelNz)], 2000.0);
  EXPECT_GE(m.zFaces[std::size_t(m.modelRow0)] - m.zFaces.front(), 5000.0);
  EXPECT_EQ(m.airRows, m.modelRow0);
  EXPECT_DOUBLE_EQ(m.hz[std::size_t(m.modelRow0 - 1)], 20.0);  // first air cell = dz
  EXPECT_NEAR(m.hx[std::size_t(m.modelCol0 + m.modelNx + 1)] / m.hx[std::size_t(m.modelCol0 + m.modelNx)], 1.4, 1e-12);
  for (std::size_t i = 0; i + 1 < m.zFaces.size(); ++i) EXPECT_NEAR(m.zFaces[i + 1] - m.zFaces[i], m.hz[i], 1e-6);
}

TEST(EmMesh, ModelFacesAreExactAndCellsMapToTheModel) {
  const EmMesh m = sampleMesh(EmMeshTop::Air);
  EXPECT_EQ(m.zFaces[std::size_t(m.modelRow0)], 10.0);
  EXPECT_EQ(m.xFaces[std::size_t(m.modelCol0)], -100.0);
  EXPECT_EQ(m.xFaces[std::size_t(m.modelCol0 + 8)], 100.0);
  EXPECT_EQ(m.modelCell(m.modelRow0 + 2, m.modelCol0 + 3), 2 * 8 + 3);
  EXPECT_EQ(m.modelCell(m.modelRow0 - 1, m.modelCol0), -1);             // air
  EXPECT_EQ(m.modelCell(m.nz() - 1, 0), 5 * 8 + 0);                       // bottom-left padding
  EXPECT_EQ(m.modelCell(m.modelRow0 + 1, m.nx() - 1), 1 * 8 + 7);          // right padding
  const EmMesh whole = sampleMesh(EmMeshTop::Extend);
  EXPECT_EQ(whole.airRows, 0);
  EXPECT_EQ(whole.modelCell(0, whole.modelCol0 + 4), 4);                   // top padding copies row 0
  EXPECT_EQ(sampleMesh(EmMeshTop::Surface).modelRow0, 0);
}

TEST(EmMesh, OddRefinementKeepsCoarseCentresAsCentres) {
  const EmMesh coarse = sampleMesh(EmMeshTop::Air), fine = sampleMesh(EmMeshTop::Air, 3);
  ASSERT_EQ(fine.nx(), 3 * coarse.nx());
  ASSERT_EQ(fine.nz(), 3 * coarse.nz());
  for (int i = 0; i < coarse.nx(); ++i)
    EXPECT_NEAR(fine.xCentres[std::size_t(3 * i + 1)], coarse.xCentres[std::size_t(i)], 1e-9);
  for (int k = 0; k < coarse.nz(); ++k)
    EXPECT_NEAR(fine.zCentres[std::size_t(3 * k + 1)], coarse.zCentres[std::size_t(k)], 1e-9);
  EXPECT_EQ(fine.modelCell(fine.modelRow0 + 5, fine.modelCol0 + 7), 1 * 8 + 2);
}

TEST(EmMesh, SumToModelCellsIsTheAdjointOfTheCopy) {
  const EmMesh m = sampleMesh(EmMeshTop::Air, 3);
  const Field2D x = pairinv::testing::randomConductivity(6, 8, 1.0, 0.5, 2.0, 3);
  const std::vector<double> copied = meshConductivity(m, x, 0.0);
  const std::vector<double> y = pairinv::testing::randomVector(m.cells(), 4);
  const Field2D back = sumToModelCells(m, x.grid, y);
  EXPECT_NEAR(pairinv::testing::dot(copied, y), pairinv::testing::dot(x.values, back.values), 1e-10 * std::abs(pairinv::testing::dot(copied, y)));
}

TEST(EmMesh, RejectsBadOptions) {
  Grid2D g;
  g.nz = 2, g.nx = 2;
  EmMeshOptions o;
  o.padDistance = 100.0;
  o.stretch = 0.9;
  EXPECT_THROW(buildEmMesh(g, o), InputError);
  o.stretch = 1.0;
  o.padDistance = 1e9;  // would need a billion unstretched cells
  EXPECT_THROW(buildEmMesh(g, o), InputError);
}

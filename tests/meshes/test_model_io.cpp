// Model files and their formats: round trips through .npy/.h5 (float32) and .vti (exact),
// accepted and rejected shapes, the ParaView axis convention, HDF5 datasets and attributes,
// and .pvd series that stay well-formed while they grow.
#include <gtest/gtest.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkXMLImageDataReader.h>

#include <cmath>
#include <cstdint>

#include "core/npy.hpp"
#include "core/hdf5_io.hpp"
#include "meshes/model_io.hpp"
#include "meshes/vtk_io.hpp"
#include "test_support.hpp"

namespace pairinv {
namespace {

using testing::inputErrorMessage;
using testing::TempDir;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Values that float32 cannot hold exactly, on an origin and spacing with long mantissas.
Field2D sampleModel(int nz = 5, int nx = 7) {
  Grid2D g;
  g.nz = nz, g.nx = nx, g.dz = 10.0 / 3.0, g.dx = 0.1 + 1e-13, g.z0 = 12.345678901234567,
  g.x0 = -7.0 / 9.0;
  Field2D f(g);
  for (int iz = 0; iz < nz; ++iz)
    for (int ix = 0; ix < nx; ++ix) f.at(iz, ix) = 1500.0 + 100.0 * iz + ix / 3.0 + 1e-9 * ix;
  return f;
}

TEST(ModelIo, NpyRoundTripKeepsFloat32Precision) {
  TempDir dir;
  const Field2D model = sampleModel();

  writeModel(dir / "m.npy", model);
  const Field2D read = readModel(dir / "m.npy", 4.0, 5.0);

  EXPECT_EQ(read.grid.nz, 5);
  EXPECT_EQ(read.grid.nx, 7);
  EXPECT_EQ(read.grid.dz, 4.0);
  EXPECT_EQ(read.grid.dx, 5.0);
  ASSERT_EQ(read.values.size(), model.values.size());
  for (std::size_t i = 0; i < model.values.size(); ++i)
    EXPECT_EQ(read.values[i], double(float(model.values[i])));
  EXPECT_NE(read.values, model.values);  // the data genuinely needed float64
}

TEST(ModelIo, Hdf5RoundTripKeepsFloat32ValuesAndTheGrid) {
  TempDir dir;
  const Field2D model = sampleModel();

  writeModel(dir / "m.h5", model, "conductivity");
  const Field2D read = readModel(dir / "m.h5", 1.0, 1.0);

  EXPECT_EQ(read.grid.nz, 5);
  EXPECT_EQ(read.grid.nx, 7);
  EXPECT_EQ(read.grid.dz, model.grid.dz);
  EXPECT_EQ(read.grid.dx, model.grid.dx);
  EXPECT_EQ(read.grid.z0, model.grid.z0);
  EXPECT_EQ(read.grid.x0, model.grid.x0);
  for (std::size_t i = 0; i < model.values.size(); ++i)
    EXPECT_EQ(read.values[i], double(float(model.values[i])));
  const Hdf5File h5 = Hdf5File::openReadOnly(dir / "m.h5");
  EXPECT_EQ(h5.readStringAttribute("/model", "quantity"), "conductivity");
  EXPECT_TRUE(h5.readDataset("/model").storedAsFloat32);
}

TEST(ModelIo, VtiRoundTripIsExact) {
  TempDir dir;
  const Field2D model = sampleModel();

  writeModel(dir / "m.vti", model);
  const Field2D read = readModel(dir / "m.vti", 99.0, 99.0);

  EXPECT_EQ(read.grid.nz, model.grid.nz);
  EXPECT_EQ(read.grid.nx, model.grid.nx);
  EXPECT_EQ(read.grid.dz, model.grid.dz);
  EXPECT_EQ(read.grid.dx, model.grid.dx);
  EXPECT_EQ(read.grid.z0, model.grid.z0);
  EXPECT_EQ(read.grid.x0, model.grid.x0);
  EXPECT_EQ(read.values, model.values);
}

TEST(ModelIo, VtiFollowsParaViewConventionSurfaceOnTop) {
  TempDir dir;
  const Field2D model = sampleModel(4, 3);
  std::vector<double> depth(model.values.size());
  for (int iz = 0; iz < 4; ++iz)
    for (int ix = 0; ix < 3; ++ix) depth[model.grid.index(iz, ix)] = iz;
  writeVti(dir / "c.vti", model.grid, {{"velocity", &model.values}, {"row", &depth}});

  vtkNew<vtkXMLImageDataReader> reader;  // read with plain VTK, as ParaView would
  reader->SetFileName((dir / "c.vti").c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  vtkDataArray* rows = image->GetPointData()->GetArray("row");
  ASSERT_NE(rows, nullptr);

  EXPECT_EQ(dims[0], 3);  // x
  EXPECT_EQ(dims[1], 4);  // depth
  EXPECT_EQ(dims[2], 1);
  // Every point's y must be -(z0 + iz dz) for the row iz it carries.
  for (vtkIdType p = 0; p < image->GetNumberOfPoints(); ++p) {
    double xyz[3];
    image->GetPoint(p, xyz);
    const double iz = rows->GetTuple1(p);
    EXPECT_NEAR(xyz[1], -(model.grid.z0 + iz * model.grid.dz), 1e-9) << "point " << p;
  }
  EXPECT_STREQ(image->GetPointData()->GetScalars()->GetName(), "velocity");
}

TEST(ModelIo, ReadVtiReturnsAllArraysInOrder) {
  TempDir dir;
  const Field2D model = sampleModel();
  const std::vector<double> gradient(model.values.size(), -0.25);
  writeVti(dir / "two.vti", model.grid, {{"gradient", &gradient}, {"velocity", &model.values}});

  const VtiContents vti = readVti(dir / "two.vti");
  const Field2D picked = readModel(dir / "two.vti", 1, 1);

  EXPECT_EQ(vti.arrayNames, (std::vector<std::string>{"gradient", "velocity"}));
  EXPECT_EQ(vti.arrays.at("gradient"), gradient);
  EXPECT_EQ(picked.values, model.values);  // "velocity" preferred over the first array
}

TEST(ModelIo, LeadingSingletonAxisIsAccepted) {
  TempDir dir;
  const std::vector<double> values = {1, 2, 3, 4, 5, 6};
  writeNpy(dir / "one.npy", {1, 2, 3}, values.data(), NpyType::Float64);
  writeHdf5Atomically(dir / "one.h5", [&](Hdf5File& h5) {
    h5.writeDataset("/model", {1, 2, 3}, values.data(), false);
  });

  const Field2D fromNpy = readModel(dir / "one.npy", 1, 1);
  const Field2D fromH5 = readModel(dir / "one.h5", 1, 1);

  EXPECT_EQ(fromNpy.grid.nz, 2);
  EXPECT_EQ(fromNpy.grid.nx, 3);
  EXPECT_EQ(fromNpy.values, values);
  EXPECT_EQ(fromH5.values, values);
}

TEST(ModelIo, OtherShapesAreRejectedWithTheShapeInTheMessage) {
  TempDir dir;
  const std::vector<double> values(24, 1.0);
  writeNpy(dir / "bad.npy", {2, 3, 4}, values.data(), NpyType::Float32);
  writeHdf5Atomically(dir / "bad.h5", [&](Hdf5File& h5) {
    h5.writeDataset("/model", {24}, values.data(), true);
  });

  const std::string npyMsg = inputErrorMessage([&] { readModel(dir / "bad.npy", 1, 1); });
  const std::string h5Msg = inputErrorMessage([&] { readModel(dir / "bad.h5", 1, 1); });

  EXPECT_TRUE(contains(npyMsg, "(2, 3, 4)")) << npyMsg;
  EXPECT_TRUE(contains(npyMsg, "bad.npy")) << npyMsg;
  EXPECT_TRUE(contains(npyMsg, "(1, nz, nx)")) << npyMsg;
  EXPECT_TRUE(contains(h5Msg, "(24,)")) << h5Msg;
}

TEST(ModelIo, Hdf5TrainingSetGivesSampleZero) {
  TempDir dir;
  std::vector<double> set(2 * 1 * 3 * 4);
  for (std::size_t i = 0; i < set.size(); ++i) set[i] = double(i);
  writeHdf5Atomically(dir / "set.hdf5", [&](Hdf5File& h5) {
    h5.writeDataset("/models", {2, 1, 3, 4}, set.data(), false, {1, 1, 3, 4});
  });

  const Field2D model = readModel(dir / "set.hdf5", 2.0, 3.0);

  EXPECT_EQ(model.grid.nz, 3);
  EXPECT_EQ(model.grid.nx, 4);
  EXPECT_EQ(model.grid.dz, 2.0);
  EXPECT_EQ(model.values, std::vector<double>(set.begin(), set.begin() + 12));
}

TEST(ModelIo, MissingFileAndUnknownExtensionAreInputErrors) {
  TempDir dir;
  testing::writeText(dir / "model.txt", "1 2 3");
  const Field2D model = sampleModel();

  const std::string missing = inputErrorMessage([&] { readModel(dir / "gone.npy", 1, 1); });
  const std::string unknownRead = inputErrorMessage([&] { readModel(dir / "model.txt", 1, 1); });
  const std::string unknownWrite = inputErrorMessage([&] { writeModel(dir / "m.segy", model); });

  EXPECT_TRUE(contains(missing, "model file '" + (dir / "gone.npy").string() + "' does not exist"))
      << missing;
  EXPECT_TRUE(contains(unknownRead, ".npy, .h5, .hdf5, .vti")) << unknownRead;
  EXPECT_TRUE(contains(unknownRead, "'.txt'")) << unknownRead;
  EXPECT_TRUE(contains(unknownWrite, ".vti")) << unknownWrite;
  EXPECT_FALSE(std::filesystem::exists(dir / "m.segy"));
}

TEST(ModelIo, CorruptFilesAreInputErrorsNamingTheFile) {
  TempDir dir;
  writeModel(dir / "cut.vti", sampleModel(30, 30));
  std::filesystem::resize_file(dir / "cut.vti", std::filesystem::file_size(dir / "cut.vti") / 2);
  testing::writeText(dir / "fake.h5", "not an HDF5 file");
  testing::writeText(dir / "fake.vti", "<VTKFile type=\"ImageData\"><ImageData");

  for (const char* name : {"cut.vti", "fake.h5", "fake.vti"}) {
    const std::string msg = inputErrorMessage([&] { readModel(dir / name, 1, 1); });
    EXPECT_TRUE(contains(msg, name)) << msg;
  }
}

TEST(ModelIo, ReadsTheOpenFwiReferenceModel) {
  const auto file = std::filesystem::path(PAIRINV_TESTDATA_DIR) / "openfwi_twolayer_model.npy";

  const Field2D model = readModel(file, 10.0, 10.0);

  EXPECT_EQ(model.grid.nz, 70);
  EXPECT_EQ(model.grid.nx, 70);
  EXPECT_EQ(model.at(39, 0), 2000.0);
  EXPECT_EQ(model.at(40, 69), 3500.0);
}

TEST(Hdf5File, AttributesRoundTripOnRootAndDataset) {
  TempDir dir;
  const std::vector<double> data = {1.5, 2.5};
  writeHdf5Atomically(dir / "a.h5", [&](Hdf5File& h5) {
    h5.writeDataset("/survey/shots/data", {2}, data.data(), false);
    h5.writeAttribute("/", "preset", "openfwi");
    h5.writeAttribute("/", "seed", std::int64_t{1} << 40);
    h5.writeAttribute("/", "f0", 15.0);
    h5.writeAttribute("/", "f0", 25.0);  // replaced, not duplicated
    h5.writeAttribute("/survey/shots/data", "sources", std::vector<double>{0.0, 17.5, 35.0});
    h5.writeAttribute("/survey/shots/data", "shape", std::vector<std::int64_t>{5, 1000, 70});
    h5.writeAttribute("/survey/shots/data", "empty", std::vector<double>{});
  });

  const Hdf5File h5 = Hdf5File::openReadOnly(dir / "a.h5");

  EXPECT_EQ(h5.readStringAttribute("/", "preset"), "openfwi");
  EXPECT_EQ(h5.readInt64Attribute("/", "seed"), std::int64_t{1} << 40);
  EXPECT_EQ(h5.readDoubleAttribute("/", "f0"), 25.0);
  EXPECT_EQ(h5.readDoubleAttribute("/", "seed"), std::pow(2.0, 40));  // converted
  EXPECT_EQ(h5.readDoubleVectorAttribute("/survey/shots/data", "sources"),
            (std::vector<double>{0.0, 17.5, 35.0}));
  EXPECT_EQ(h5.readInt64VectorAttribute("/survey/shots/data", "shape"),
            (std::vector<std::int64_t>{5, 1000, 70}));
  EXPECT_TRUE(h5.readDoubleVectorAttribute("/survey/shots/data", "empty").empty());
  EXPECT_TRUE(h5.hasAttribute("/", "preset"));
  EXPECT_FALSE(h5.hasAttribute("/", "absent"));
  EXPECT_FALSE(h5.hasAttribute("/no/such/object", "preset"));
  EXPECT_TRUE(h5.hasDataset("/survey/shots/data"));
  EXPECT_FALSE(h5.hasDataset("/survey"));  // a group
  EXPECT_FALSE(h5.hasDataset("/nothing/here"));
  EXPECT_EQ(h5.readDataset("/survey/shots/data").data, data);
}

TEST(Hdf5File, MissingThingsAreInputErrorsNamingFileAndObject) {
  TempDir dir;
  writeHdf5Atomically(dir / "b.h5", [](Hdf5File& h5) { h5.writeAttribute("/", "n", 3); });
  const Hdf5File h5 = Hdf5File::openReadOnly(dir / "b.h5");

  const std::string noData = inputErrorMessage([&] { h5.readDataset("/velocity"); });
  const std::string noAttr = inputErrorMessage([&] { h5.readDoubleAttribute("/", "dt"); });
  const std::string notString = inputErrorMessage([&] { h5.readStringAttribute("/", "n"); });
  const std::string noFile =
      inputErrorMessage([&] { Hdf5File::openReadOnly(dir / "none.h5"); });

  EXPECT_TRUE(contains(noData, "b.h5") && contains(noData, "/velocity")) << noData;
  EXPECT_TRUE(contains(noAttr, "b.h5") && contains(noAttr, "'dt'")) << noAttr;
  EXPECT_TRUE(contains(notString, "not a single string")) << notString;
  EXPECT_TRUE(contains(noFile, "none.h5")) << noFile;
}

TEST(Hdf5File, FailedWriteLeavesNothingBehind) {
  TempDir dir;
  const std::vector<double> v = {1.0};

  EXPECT_THROW(writeHdf5Atomically(dir / "c.h5",
                                   [&](Hdf5File& h5) {
                                     h5.writeDataset("/x", {1}, v.data(), false);
                                     h5.writeDataset("/x", {1}, v.data(), false);  // exists
                                   }),
               Error);

  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(Hdf5File, H5pyReadsWhatWeWrite) {
  const std::string python = testing::pythonWith("h5py");
  if (python.empty()) GTEST_SKIP() << "no python3 with h5py";
  TempDir dir;
  writeModel(dir / "m.h5", sampleModel(), "velocity");
  const std::string check =
      python + " -c \"import h5py,sys; f=h5py.File(sys.argv[1],'r'); d=f['model']; "
               "assert d.shape==(5,7) and d.dtype=='<f4', d; "
               "assert d.attrs['quantity']=='velocity', d.attrs['quantity']; "
               "assert abs(d.attrs['dz']-10/3)<1e-15 and abs(d[0,0]-1500)<1e-3\" " +
      (dir / "m.h5").string();

  EXPECT_EQ(std::system(check.c_str()), 0) << check;
}

TEST(PvdSeries, ListsRelativeEntriesAndStaysWellFormed) {
  TempDir dir;
  std::filesystem::create_directories(dir / "frames");
  const Field2D model = sampleModel();

  PvdSeries series(dir / "run.pvd");
  for (int it = 0; it < 3; ++it) {
    const auto vti = dir / "frames" / ("it_" + std::to_string(it) + (it == 2 ? "&<>.vti" : ".vti"));
    writeVti(vti, model.grid, {{"velocity", &model.values}});
    series.add(0.5 * it, vti);
  }
  const std::string text = testing::readText(dir / "run.pvd");

  EXPECT_EQ(series.size(), 3u);
  EXPECT_TRUE(contains(text, "<DataSet timestep=\"0\" group=\"\" part=\"0\" file=\"frames/it_0.vti\"/>"))
      << text;
  EXPECT_TRUE(contains(text, "timestep=\"0.5\"")) << text;
  EXPECT_TRUE(contains(text, "file=\"frames/it_2&amp;&lt;&gt;.vti\"")) << text;
  EXPECT_TRUE(contains(text, "type=\"Collection\"")) << text;
  const std::string python = testing::pythonWith("xml.dom.minidom");
  if (!python.empty()) {
    const std::string cmd = python +
                            " -c \"import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])\" " +
                            (dir / "run.pvd").string();
    EXPECT_EQ(std::system(cmd.c_str()), 0) << text;
  }
}

TEST(PvdSeries, NewSeriesOnAnExistingFileStartsEmpty) {
  TempDir dir;
  const Field2D model = sampleModel();
  writeVti(dir / "a.vti", model.grid, {{"velocity", &model.values}});
  PvdSeries first(dir / "s.pvd");
  first.add(0, dir / "a.vti");
  first.add(1, dir / "a.vti");

  PvdSeries second(dir / "s.pvd");
  second.add(7, dir / "a.vti");
  const std::string text = testing::readText(dir / "s.pvd");

  std::size_t count = 0;
  for (std::size_t p = text.find("<DataSet"); p != std::string::npos; p = text.find("<DataSet", p + 1))
    ++count;
  EXPECT_EQ(count, 1u);
  EXPECT_TRUE(contains(text, "timestep=\"7\"")) << text;
}

}  // namespace
}  // namespace pairinv

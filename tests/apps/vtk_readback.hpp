// Reading back every VTK file a pairinv run wrote, with VTK's own readers, as ParaView would.
#pragma once

#include <filesystem>
#include <map>

#include "meshes/vtk_io.hpp"

namespace pairinv::testing {

/// Every .vti under `dir`, read with VTK's vtkXMLImageDataReader (readVti), each of its arrays
/// checked finite; and every .pvd parsed with VTK's vtkXMLDataParser: a Collection whose
/// DataSets, at increasing timesteps, name .vti files that exist and read. GoogleTest failures
/// for what is wrong; the contents of each .vti by path.
std::map<std::filesystem::path, VtiContents> readEveryVtkFile(const std::filesystem::path& dir);

}  // namespace pairinv::testing

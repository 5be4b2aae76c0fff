#include "vtk_readback.hpp"

#include <gtest/gtest.h>
#include <vtkNew.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLDataParser.h>

#include <cmath>

namespace fs = std::filesystem;

namespace pairinv::testing {

std::map<fs::path, VtiContents> readEveryVtkFile(const fs::path& dir) {
  std::map<fs::path, VtiContents> vti;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const fs::path file = entry.path();
    if (file.extension() == ".vti") {
      vti[file] = readVti(file);
      for (const auto& [name, values] : vti[file].arrays)
        for (double v : values) EXPECT_TRUE(std::isfinite(v)) << file << " " << name;
    } else if (file.extension() == ".pvd") {
      vtkNew<vtkXMLDataParser> parser;
      parser->SetFileName(file.c_str());
      EXPECT_EQ(parser->Parse(), 1) << file;
      vtkXMLDataElement* root = parser->GetRootElement();
      if (!root) continue;
      EXPECT_STREQ(root->GetAttribute("type"), "Collection") << file;
      vtkXMLDataElement* collection = root->FindNestedElementWithName("Collection");
      if (!collection) {
        ADD_FAILURE() << file << " has no Collection";
        continue;
      }
      EXPECT_GT(collection->GetNumberOfNestedElements(), 0) << file;
      double last = -INFINITY;
      for (int k = 0; k < collection->GetNumberOfNestedElements(); ++k) {
        vtkXMLDataElement* set = collection->GetNestedElement(k);
        double time = NAN;
        EXPECT_EQ(set->GetScalarAttribute("timestep", time), 1) << file;
        EXPECT_GT(time, last) << file;
        last = time;
        const fs::path member = file.parent_path() / set->GetAttribute("file");
        EXPECT_NO_THROW(readVti(member)) << member;
      }
    }
  }
  return vti;
}

}  // namespace pairinv::testing

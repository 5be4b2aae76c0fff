// The tensor mesh of the frequency-domain EM solver: the model's cells in the middle, with
// geometrically stretched padding cells around them and, optionally, an air layer on top.
//
//        air (stretched upwards)               z < z0: air cells, conductivity sigma_air
//   pad | model cells (uniform dx, dz) | pad   z0 .. z0 + nz dz
//   pad |          bottom padding      | pad   stretched downwards
//
// Coordinates follow the model grid: x grows to the right, z is depth (positive down). Model
// cell (iz, ix) occupies [z0 + iz dz, z0 + (iz+1) dz] x [x0 + ix dx, x0 + (ix+1) dx], so the
// surface is the top edge z = z0 of row 0. Padding cells grow by a factor `stretch` per cell
// from the adjacent model cell's size until they reach `padDistance` beyond the model; air
// cells grow upwards from dz until `airHeight`. The boundary is then several skin depths
// away, where the fields have decayed (the choice of padDistance is the solver's).
// A refinement factor r splits every cell (padding and air included) into r x r equal cells:
// grading stays smooth, model cells map onto r x r blocks, and with odd r the centres of the
// coarse cells stay cell centres (convergence studies compare values there).
#pragma once

#include <cstddef>
#include <vector>

#include "meshes/field_view.hpp"

namespace pairinv {

/// What lies above the model.
enum class EmMeshTop {
  Air,      // an air layer (E-polarisation: the fields continue into the air)
  Extend,   // padding that repeats the model's top row (a whole space)
  Surface,  // nothing: the mesh ends at the surface (H-polarisation: H is fixed there)
};

struct EmMeshOptions {
  double padDistance = 0.0;  // m beyond the model on the sides and below (and above, for Extend)
  double airHeight = 0.0;    // m of air above the surface (Air only)
  double stretch = 1.3;      // growth factor of consecutive padding/air cells, in [1, 3]
  EmMeshTop top = EmMeshTop::Air;
  int refinement = 1;        // every cell split into refinement x refinement cells
};

struct EmMesh {
  std::vector<double> hx, hz;          // cell widths, left to right / top to bottom
  std::vector<double> xFaces, zFaces;  // nx+1 / nz+1 face coordinates (zFaces[0] is the top)
  std::vector<double> xCentres, zCentres;
  int modelCol0 = 0, modelRow0 = 0;    // mesh cell of the model's (0, 0) corner cell
  int modelNx = 0, modelNz = 0;        // model cells
  int refinement = 1;                  // mesh cells per model cell along each axis
  int airRows = 0;                     // top rows that are air
  EmMeshTop top = EmMeshTop::Air;

  int nx() const { return int(hx.size()); }
  int nz() const { return int(hz.size()); }
  std::size_t cells() const { return hx.size() * hz.size(); }
  std::size_t index(int iz, int ix) const { return std::size_t(iz) * hx.size() + std::size_t(ix); }
  double area(int iz, int ix) const { return hz[std::size_t(iz)] * hx[std::size_t(ix)]; }
  /// The model cell (flat index iz * modelNx + ix) whose conductivity mesh cell (iz, ix)
  /// carries: itself inside the model, the nearest edge cell in the padding; -1 for air.
  long modelCell(int iz, int ix) const;
};

/// Builds the mesh around `model` (cells of model.dz x model.dx with corner at (z0, x0)).
/// Throws InputError for non-positive distances, a stretch outside [1, 3] or refinement < 1.
EmMesh buildEmMesh(const Grid2D& model, const EmMeshOptions& options);

/// Conductivity of every mesh cell (row-major over the mesh): the model's value for model and
/// padding cells (see EmMesh::modelCell), `airConductivity` for air cells.
std::vector<double> meshConductivity(const EmMesh& mesh, const ModelView& model, double airConductivity);

/// The adjoint of meshConductivity's copying for a per-mesh-cell quantity: sums each mesh
/// cell's value into the model cell it copies (air cells are dropped). Returns model-grid values.
Field2D sumToModelCells(const EmMesh& mesh, const Grid2D& model, const std::vector<double>& meshValues);

/// A per-mesh-cell quantity averaged over the r x r mesh cells of each model cell (for
/// pictures of fields on the model grid).
Field2D averageOverModelCells(const EmMesh& mesh, const Grid2D& model, const std::vector<double>& meshValues);

}  // namespace pairinv

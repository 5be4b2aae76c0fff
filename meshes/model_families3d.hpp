// Built-in 3D velocity models: gently dipping layers, the same cut by a dipping normal fault,
// and the same with an ellipsoidal body. Each draw is a function of the options and the seed
// alone, so a model is reproduced on every rank and in every run.
//
//   layered  L interfaces (-model3d_layers) at random depths in 15-90% of the model, each
//            a plane dipping up to 8 degrees in a random direction; velocities increase with
//            depth, drawn in [vmin, vmax].
//   fault    layered, cut by a plane striking along y and dipping 50-70 degrees; the hanging
//            wall is shifted down by a throw of 10-25% of the depth.
//   body     layered, with an ellipsoid (semi-axes 12-25% of the model) at mid-depth whose
//            velocity differs from its surroundings by +-10-20%.
#pragma once

#include <array>
#include <cstdint>

#include "core/enum_names.hpp"
#include "meshes/grid3d.hpp"

namespace pairinv {

enum class Family3D { Layered, Fault, Body };
inline const EnumNames<Family3D> kFamily3DNames = {
    {Family3D::Layered, "layered"}, {Family3D::Fault, "fault"}, {Family3D::Body, "body"}};

struct Family3DOptions {
  Family3D family = Family3D::Body;
  std::array<int, 3> size{30, 30, 40};  // nz, ny, nx
  double cell = 15.0;                   // m, along every axis
  int layers = 3;
  double vmin = 2000.0, vmax = 3600.0;  // m/s
  std::uint64_t seed = 1;
};

Field3D drawFamily3D(const Family3DOptions& options);

}  // namespace pairinv

// The starting models of acoustic FWI, shared by the 2D and 3D physics (apps/acoustic/,
// apps/acoustic3d/): -fwi_initial smooth (the truth Gaussian-smoothed over -fwi_smoothing m),
// gradient (linear in depth from -fwi_gradient_top to -fwi_gradient_bottom m/s; 0: the truth's
// minimum and maximum) or file (read by the command).
#pragma once

#include <mpi.h>

#include "apps/physics.hpp"
#include "core/error.hpp"
#include "inversion/model_smoothing.hpp"

namespace pairinv::apps {

struct AcousticStarts {
  double smoothing = 100.0, gradientTop = 0.0, gradientBottom = 0.0;

  /// Reads the -fwi_ options of the starting models (`title` heads their -help block).
  static AcousticStarts read(MPI_Comm comm, const char* title);
  static EnumNames<FwiInitial> kinds() {
    return {{FwiInitial::Smooth, "smooth"}, {FwiInitial::File, "file"}, {FwiInitial::Gradient, "gradient"}};
  }
  /// The starting model of `kind` (Smooth or Gradient) from the truth (Field2D or Field3D).
  template <class Field>
  Field make(FwiInitial kind, const Field& truth) const {
    if (kind == FwiInitial::Gradient)
      return inversion::linearGradientModel(truth.grid, gradientTop > 0 ? gradientTop : truth.min(),
                                            gradientBottom > 0 ? gradientBottom : truth.max());
    ensure(kind == FwiInitial::Smooth, "acoustic FWI has no starting model '", nameOf(kind, kFwiInitialNames), "'");
    return inversion::gaussianSmooth(truth, smoothing);
  }
};

}  // namespace pairinv::apps

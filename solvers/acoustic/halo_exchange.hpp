// Halo exchange between the ranks of a 2D domain decomposition (a star stencil needs no
// corners). Derived MPI datatypes move rows and columns in place: no packing buffers.
#pragma once

#include <mpi.h>

#include "solvers/acoustic/local_box.hpp"

namespace pairinv::acoustic {

struct Neighbours {
  int north = MPI_PROC_NULL, south = MPI_PROC_NULL;  // smaller / larger row index
  int west = MPI_PROC_NULL, east = MPI_PROC_NULL;    // smaller / larger column index
};

class HaloExchange {
 public:
  /// `element`: MPI_DOUBLE or MPI_FLOAT, the fields' precision.
  HaloExchange(MPI_Comm comm, const LocalBox& box, const Neighbours& neighbours, MPI_Datatype element);
  HaloExchange(const HaloExchange&) = delete;
  HaloExchange& operator=(const HaloExchange&) = delete;
  ~HaloExchange();

  /// Fills the halo of `field` (LocalBox layout) from the neighbours' owned points.
  /// Real must match the constructor's element type.
  template <class Real>
  void exchange(Real* field, bool vertical = true, bool horizontal = true);
  bool isSerial() const { return serial_; }

 private:
  MPI_Comm comm_;
  LocalBox box_;
  Neighbours nb_;
  MPI_Datatype rows_ = MPI_DATATYPE_NULL, columns_ = MPI_DATATYPE_NULL;
  bool serial_;
};

}  // namespace pairinv::acoustic

#include "solvers/acoustic/halo_exchange.hpp"

namespace pairinv::acoustic {

HaloExchange::HaloExchange(MPI_Comm comm, const LocalBox& box, const Neighbours& nb, MPI_Datatype element)
    : comm_(comm), box_(box), nb_(nb),
      serial_(nb.north == MPI_PROC_NULL && nb.south == MPI_PROC_NULL && nb.west == MPI_PROC_NULL &&
              nb.east == MPI_PROC_NULL) {
  const int r = box.radius;
  MPI_Type_vector(r, box.xm, box.stride(), element, &rows_);
  MPI_Type_commit(&rows_);
  MPI_Type_vector(box.zm, r, box.stride(), element, &columns_);
  MPI_Type_commit(&columns_);
}

HaloExchange::~HaloExchange() {
  MPI_Type_free(&rows_);
  MPI_Type_free(&columns_);
}

template <class Real>
void HaloExchange::exchange(Real* f, bool vertical, bool horizontal) {
  if (serial_) return;
  const LocalBox& b = box_;
  const int r = b.radius;
  constexpr int kTag = 7311;
  if (vertical) {
    // Send my first r rows north, receive the south neighbour's into my bottom halo; and back.
    MPI_Sendrecv(f + b.offset(0, 0), 1, rows_, nb_.north, kTag, f + b.offset(b.zm, 0), 1, rows_,
                 nb_.south, kTag, comm_, MPI_STATUS_IGNORE);
    MPI_Sendrecv(f + b.offset(b.zm - r, 0), 1, rows_, nb_.south, kTag + 1, f + b.offset(-r, 0), 1,
                 rows_, nb_.north, kTag + 1, comm_, MPI_STATUS_IGNORE);
  }
  if (horizontal) {
    MPI_Sendrecv(f + b.offset(0, 0), 1, columns_, nb_.west, kTag + 2, f + b.offset(0, b.xm), 1,
                 columns_, nb_.east, kTag + 2, comm_, MPI_STATUS_IGNORE);
    MPI_Sendrecv(f + b.offset(0, b.xm - r), 1, columns_, nb_.east, kTag + 3, f + b.offset(0, -r), 1,
                 columns_, nb_.west, kTag + 3, comm_, MPI_STATUS_IGNORE);
  }
}

template void HaloExchange::exchange<float>(float*, bool, bool);
template void HaloExchange::exchange<double>(double*, bool, bool);

}  // namespace pairinv::acoustic

#include "learning/least_squares_maps.hpp"

#include <torch/linalg.h>

#include "core/error.hpp"

namespace pairinv::learning {

torch::Tensor fitLinearMap(const torch::Tensor& zIn, const torch::Tensor& zOut, double rcond) {
  require(zIn.dim() == 2 && zOut.dim() == 2 && zIn.size(0) == zOut.size(0),
          "least-squares map: expected Z_in [N, a] and Z_out [N, b], got ", zIn.sizes(), " and ", zOut.sizes());
  const torch::Tensor a = zIn.detach().to(torch::kCPU, torch::kFloat64);
  const torch::Tensor b = zOut.detach().to(torch::kCPU, torch::kFloat64);
  const torch::Tensor wT = torch::linalg::pinv(a, rcond, false).matmul(b);  // [a, b]
  return wT.t().contiguous().to(zIn.device(), torch::kFloat32);
}

}  // namespace pairinv::learning

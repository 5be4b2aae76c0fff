#include "learning/least_squares_maps.hpp"

#include <ATen/ATen.h>

#include "core/error.hpp"

namespace pairinv::learning {

torch::Tensor fitLinearMap(const torch::Tensor& zIn, const torch::Tensor& zOut, double rcond) {
  require(zIn.dim() == 2 && zOut.dim() == 2 && zIn.size(0) == zOut.size(0),
          "least-squares map: expected Z_in [N, a] and Z_out [N, b], got ", zIn.sizes(), " and ", zOut.sizes());
  const torch::Tensor a = zIn.detach().to(torch::kCPU, torch::kFloat64);
  const torch::Tensor b = zOut.detach().to(torch::kCPU, torch::kFloat64);
  // at::linalg_pinv(self, atol, rtol): rtol = rcond; the same call in LibTorch 1.13 and 2.x.
  const torch::Tensor wT =
      at::linalg_pinv(a, c10::optional<double>(), c10::optional<double>(rcond), false).matmul(b);  // [a, b]
  return wT.t().contiguous().to(zIn.device(), torch::kFloat32);
}

}  // namespace pairinv::learning

// Least-squares latent maps, as the method's authors fit them in their public code:
// given encoded training pairs stacked as rows, Z_in [N, a] and Z_out [N, b], the matrix
// W [b, a] minimising sum_j |W z_in_j - z_out_j|^2 is W = Z_out^T (Z_in^T)^+, i.e.
// M = Z_b Z_q^+ and M_dag = Z_q Z_b^+ in the column convention of docs/design.md.
// Computed in float64 through the SVD-based pseudo-inverse, so rank-deficient latents are fine.
#pragma once

#include <torch/types.h>

namespace pairinv::learning {

/// W [b, a] with rows of Z_out ~ rows of Z_in times W^T. `rcond`: singular values below
/// rcond * largest are treated as zero. Returns float32 on Z_in's device.
torch::Tensor fitLinearMap(const torch::Tensor& zIn, const torch::Tensor& zOut, double rcond);

}  // namespace pairinv::learning

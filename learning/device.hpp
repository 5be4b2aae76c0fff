// The compute device and CPU threads of LibTorch, chosen by options.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>

namespace pairinv::learning {

/// "cpu", "cuda" or "cuda:N". InputError naming `optionName` if CUDA is asked for but this
/// LibTorch has no CUDA device (Debian's LibTorch is CPU-only), or the name is unknown.
torch::Device resolveDevice(const std::string& name, const std::string& optionName = "-pae_device");

/// Sets LibTorch's intra-op threads: `threads`, or all cores for 0. (Debian's LibTorch starts
/// with one thread.) Returns the number set.
int configureThreads(std::int64_t threads);

}  // namespace pairinv::learning

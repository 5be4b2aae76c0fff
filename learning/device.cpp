#include "learning/device.hpp"

#include <torch/cuda.h>

#include <algorithm>
#include <thread>

#include "core/error.hpp"

namespace pairinv::learning {

torch::Device resolveDevice(const std::string& name, const std::string& optionName) {
  if (name == "cpu") return torch::Device(torch::kCPU);
  if (name.rfind("cuda", 0) == 0) {
    require(torch::cuda::is_available(), optionName, " ", name,
            ": this LibTorch has no CUDA device (a CPU-only build, or no GPU visible); use cpu");
    torch::Device device(torch::kCUDA);
    try {
      device = torch::Device(name);
    } catch (const std::exception&) {
      throw InputError(concat(optionName, ": '", name, "' is not a device name (cpu, cuda, cuda:N)"));
    }
    const auto count = static_cast<int>(torch::cuda::device_count());
    require(!device.has_index() || device.index() < count, optionName, " ", name, ": only ", count,
            " CUDA device(s) are visible");
    return device;
  }
  throw InputError(concat(optionName, ": '", name, "' is not a device name (cpu, cuda, cuda:N)"));
}

torch::Device resolveRankDevice(const std::string& name, int localRank, const std::string& optionName) {
  torch::Device device = resolveDevice(name, optionName);
  if (!device.is_cuda() || device.has_index()) return device;
  const auto count = static_cast<int>(torch::cuda::device_count());
  return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(localRank % std::max(count, 1)));
}

int configureThreads(std::int64_t threads) {
  require(threads >= 0, "thread count must be >= 0, got ", threads);
  const int n = threads > 0 ? int(threads) : int(std::max(1u, std::thread::hardware_concurrency()));
  if (torch::get_num_threads() != n) torch::set_num_threads(n);
  return n;
}

}  // namespace pairinv::learning

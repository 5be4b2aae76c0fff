// pairinv_pae_train: paired-autoencoder training without PETSc, for machines that have only
// LibTorch (a GPU node). The same learning/ code as `pairinv train` / `pairinv estimate`.
//
//   pairinv_pae_train train --input SURVEY.h5 --output RUN_DIR [--preset quickstart] [--KEY=VALUE ...]
//   pairinv_pae_train train --synthetic flat --count 400 --nt 1000 --output RUN_DIR [--KEY=VALUE ...]
//   pairinv_pae_train estimate --run RUN_DIR --input SURVEY.h5 --output EST.h5 [--KEY=VALUE ...]
//   pairinv_pae_train make-survey --output FILE.h5 --synthetic flat|curved|blurred|blurred_ood --count N
//   pairinv_pae_train throughput [--preset quickstart] [--nt 250] [--steps 20] [--KEY=VALUE ...]
//
// KEY is any training option of `pairinv train` without its -pae_ prefix (--epochs=5,
// --device=cuda, --model_channels=16,32,64); estimate takes the -pae_ options of
// `pairinv estimate` likewise. Synthetic data (learning/synthetic_data.hpp): "flat"/"curved"
// layered velocity models 70x70 (--nz, --nx) with convolutional seismic data [5, nt, nx]
// (--nshots, --nt, dt 1 ms); "blurred"/"blurred_ood" 1D signals of length --nx.
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/log.hpp"
#include "learning/estimation_run.hpp"
#include "learning/presets.hpp"
#include "learning/synthetic_data.hpp"
#include "learning/trainer.hpp"
#include "learning/training_run.hpp"

namespace fs = std::filesystem;
using namespace pairinv;
using namespace pairinv::learning;

namespace {

const char* kUsage =
    "usage:\n"
    "  pairinv_pae_train train --input SURVEY.h5 --output RUN_DIR [--preset NAME] [--KEY=VALUE ...]\n"
    "  pairinv_pae_train train --synthetic flat|curved --count N [--nt 1000] --output RUN_DIR [...]\n"
    "  pairinv_pae_train estimate --run RUN_DIR --input SURVEY.h5 --output EST.h5 [--KEY=VALUE ...]\n"
    "  pairinv_pae_train make-survey --output FILE.h5 --synthetic flat|curved|blurred|blurred_ood --count N\n"
    "  pairinv_pae_train throughput [--preset NAME] [--nz 70 --nx 70 --nshots 5 --nt 250] [--steps 20]\n"
    "KEY: the -pae_ options of pairinv train / estimate without the prefix; presets: quickstart, openfwi, tiny.\n";

// The driver's own flags; everything else is an option assignment.
const std::vector<std::string> kDriverFlags = {"input", "output", "run", "preset", "synthetic", "count", "nt",
                                               "nz", "nx", "nshots", "synthetic_seed", "steps", "warmup"};

struct Arguments {
  std::map<std::string, std::string> driver;
  std::vector<std::string> assignments;

  std::string get(const std::string& key, const std::string& def = "") const {
    auto it = driver.find(key);
    return it == driver.end() ? def : it->second;
  }
  std::int64_t integer(const std::string& key, std::int64_t def) const {
    const std::string s = get(key);
    if (s.empty()) return def;
    try {
      return std::stoll(s);
    } catch (const std::exception&) {
      throw InputError(concat("--", key, ": '", s, "' is not an integer"));
    }
  }
  std::string required(const std::string& key) const {
    const std::string s = get(key);
    require(!s.empty(), "--", key, " is required\n", kUsage);
    return s;
  }
};

Arguments parse(int argc, char** argv) {
  Arguments a;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    require(arg.rfind("--", 0) == 0 && arg.size() > 2, "unexpected argument '", arg, "'\n", kUsage);
    arg = arg.substr(2);
    std::string key = arg, value;
    const auto eq = arg.find('=');
    if (eq != std::string::npos) {
      key = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (i + 1 < argc && std::strncmp(argv[i + 1], "--", 2) != 0) {
      value = argv[++i];
    }
    bool own = false;
    for (const auto& f : kDriverFlags) own = own || f == key;
    if (own) a.driver[key] = value;
    else a.assignments.push_back(key + "=" + value);
  }
  return a;
}

std::unique_ptr<MemorySampleSource> synthetic(const Arguments& a) {
  const std::string kind = a.required("synthetic");
  const std::int64_t n = a.integer("count", 64), seed = a.integer("synthetic_seed", 1);
  if (kind == "blurred" || kind == "blurred_ood")
    return makeBlurredSignals(n, a.integer("nx", 64), std::uint64_t(seed), kind == "blurred_ood", 0.01);
  return makeLayeredSeismic(LayeredSeismicOptions()
                                .family(valueOf(kind, kLayerShapeNames, "--synthetic"))
                                .count(n)
                                .nz(a.integer("nz", 70))
                                .nx(a.integer("nx", 70))
                                .nshots(a.integer("nshots", 5))
                                .nt(a.integer("nt", 1000))
                                .seed(std::uint64_t(seed)));
}

TrainRunOptions trainOptions(const Arguments& a) {
  TrainRunOptions o = trainPreset(a.get("preset", "quickstart"));
  applyAssignments(o, a.assignments);
  return o;
}

int run(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const Arguments a = parse(argc, argv);
  if (command == "train") {
    const TrainRunOptions o = trainOptions(a);
    const fs::path output = a.required("output");
    if (!a.get("synthetic").empty()) {
      auto source = synthetic(a);
      trainFromSource(*source, output, o, "synthetic " + a.get("synthetic"));
    } else {
      trainFromSurvey(a.required("input"), output, o);
    }
    return 0;
  }
  if (command == "estimate") {
    EstimateOptions o;
    applyAssignments(o, a.assignments);
    const EstimateSummary s = estimateSurvey(a.required("run"), a.required("input"), a.required("output"), o);
    std::cout << "estimate: " << s.samples << " samples";
    if (s.paired) std::cout << ", mean RRE " << s.meanRre << ", mean RMA " << s.meanRma;
    std::cout << ", flagged " << s.oodCount << " (" << s.flag << ")";
    if (s.hasTruth)
      std::cout << ", mean model error " << s.meanModelError << ", MAE " << s.errors.mae << ", RMSE " << s.errors.rmse
                << ", SSIM " << s.errors.ssim;
    std::cout << "\n";
    return 0;
  }
  if (command == "make-survey") {
    auto source = synthetic(a);
    const std::string kind = a.get("synthetic");
    const bool blurred = kind.rfind("blurred", 0) == 0;
    writeSurveyFile(a.required("output"), *source, blurred ? 1.0 : 10.0, blurred ? 1.0 : 10.0, blurred ? 1.0 : 0.001,
                    blurred ? "blur" : "synthetic_convolutional");
    return 0;
  }
  if (command == "throughput") {
    const TrainRunOptions o = trainOptions(a);
    const Shape3 model{1, a.integer("nz", 70), a.integer("nx", 70)};
    const Shape3 data{a.integer("nshots", 5), a.integer("nt", 250), a.integer("nx", 70)};
    const double rate = measureTrainingThroughput(o, model, data, a.integer("steps", 20), a.integer("warmup", 3))
                            .samplesPerSecond;
    std::cout << "throughput: " << rate << " samples/s (" << nameOf(o.architecture(), kArchitectureNames) << ", batch " << o.batch_size()
              << ", model 1x" << model[1] << "x" << model[2] << ", data " << data[0] << "x" << data[1] << "x"
              << data[2] << ", " << o.device() << ")\n";
    return 0;
  }
  throw InputError(concat("unknown command '", command, "'\n", kUsage));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const InputError& e) {
    std::cerr << "pairinv_pae_train: error: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "pairinv_pae_train: error: " << e.what() << std::endl;
    return 1;
  }
}

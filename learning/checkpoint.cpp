#include "learning/checkpoint.hpp"

#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <unordered_map>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "learning/losses.hpp"
#include "learning/paired_autoencoder.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

namespace {

constexpr std::int64_t kFormatVersion = 1;

torch::Tensor int64Tensor(const std::vector<std::int64_t>& v) {
  return torch::tensor(v.empty() ? std::vector<std::int64_t>{} : v, torch::kInt64);
}

std::vector<std::int64_t> toInt64Vector(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU, torch::kInt64).contiguous();
  return std::vector<std::int64_t>(c.data_ptr<std::int64_t>(), c.data_ptr<std::int64_t>() + c.numel());
}

// Reads into a fresh tensor: InputArchive::read into a defined tensor calls set_(), which keeps
// that tensor's dtype and reinterprets the stored bytes.
torch::Tensor readTensor(torch::serialize::InputArchive& a, const std::string& key) {
  torch::Tensor t;
  a.read(key, t);
  return t;
}

void writeRecord(torch::serialize::OutputArchive& a, const RunRecord& r) {
  a.write("format_version", torch::tensor(kFormatVersion));
  a.write("options", c10::IValue(toText(r.options)));
  a.write("input", c10::IValue(r.input));
  a.write("shapes", int64Tensor({r.modelShape[0], r.modelShape[1], r.modelShape[2], r.dataShape[0], r.dataShape[1],
                                 r.dataShape[2]}));
  a.write("normalization", torch::tensor(r.stats.toVector(), torch::kFloat64));
  a.write("split_train", int64Tensor(r.split.train));
  a.write("split_validation", int64Tensor(r.split.validation));
  a.write("split_test", int64Tensor(r.split.test));
  a.write("geometry", c10::IValue(r.geometry));
}

RunRecord readRecord(torch::serialize::InputArchive& a, const fs::path& file) {
  RunRecord r;
  torch::Tensor version;
  require(a.try_read("format_version", version), "'", file.string(), "' is not a pairinv network file");
  require(version.item<std::int64_t>() == kFormatVersion, "'", file.string(), "' has format version ",
          version.item<std::int64_t>(), "; this pairinv reads version ", kFormatVersion);
  c10::IValue text;
  a.read("options", text);
  r.options = trainOptionsFromText(text.toStringRef());
  a.read("input", text);
  r.input = text.toStringRef();
  const auto s = toInt64Vector(readTensor(a, "shapes"));
  require(s.size() == 6, "'", file.string(), "': bad shapes record");
  r.modelShape = {s[0], s[1], s[2]};
  r.dataShape = {s[3], s[4], s[5]};
  const torch::Tensor n = readTensor(a, "normalization").to(torch::kCPU, torch::kFloat64).contiguous();
  r.stats = NormalizationStats::fromVector(std::vector<double>(n.data_ptr<double>(), n.data_ptr<double>() + n.numel()));
  r.split.train = toInt64Vector(readTensor(a, "split_train"));
  r.split.validation = toInt64Vector(readTensor(a, "split_validation"));
  r.split.test = toInt64Vector(readTensor(a, "split_test"));
  c10::IValue geometry;
  if (a.try_read("geometry", geometry)) r.geometry = geometry.toStringRef();  // absent before it was recorded
  return r;
}

torch::serialize::InputArchive openArchive(const fs::path& file, torch::Device device) {
  require(fs::exists(file), "'", file.string(), "' does not exist");
  torch::serialize::InputArchive a;
  try {
    a.load_from(file.string(), device);
  } catch (const c10::Error& e) {
    throw InputError(concat("'", file.string(), "' is not a readable pairinv network file (",
                            e.what_without_backtrace(), ")"));
  }
  return a;
}

void saveArchive(const fs::path& file, torch::serialize::OutputArchive& a) {
  writeAtomically(file, [&](const fs::path& tmp) { a.save_to(tmp.string()); });
}

/// Adam's and AdamW's per-parameter state (the same fields), as named tensors.
template <class State>
bool appendMoments(const torch::optim::OptimizerParamState& s, const std::string& name, NamedTensors& out) {
  const auto* a = dynamic_cast<const State*>(&s);
  if (!a) return false;
  out.emplace_back(name + ".step", torch::tensor(a->step(), torch::kInt64));
  out.emplace_back(name + ".exp_avg", a->exp_avg().detach().cpu().clone());
  out.emplace_back(name + ".exp_avg_sq", a->exp_avg_sq().detach().cpu().clone());
  return true;
}

NamedTensors namedCopies(const torch::OrderedDict<std::string, torch::Tensor>& d) {
  NamedTensors out;
  for (const auto& item : d) out.emplace_back(item.key(), item.value().detach().cpu().clone());
  return out;
}

}  // namespace

std::string trainingHistoryHeader() {
  std::string h = "epoch,lr,train_total";
  for (int t = 0; t < kLossTermCount; ++t) h += std::string(",train_") + lossTermName(t);
  h += ",val_total";
  for (int t = 0; t < kLossTermCount; ++t) h += std::string(",val_") + lossTermName(t);
  return h + ",val_model_error,seconds,samples_per_s,load_fraction\n";
}

std::vector<torch::Tensor> trainedParameters(const TrainRunOptions& o, InverseNetworkImpl& network) {
  PairedAutoencoderImpl* paired = network.paired();
  if (paired && o.maps() == LatentMaps::LeastSquares) return paired->autoencoderParameters();
  return network.parameters();
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainRunOptions& o, std::vector<torch::Tensor> params) {
  if (o.optimizer() == Optimizer::Adam)
    return std::make_unique<torch::optim::Adam>(std::move(params),
                                                torch::optim::AdamOptions(o.lr()).weight_decay(o.weight_decay()));
  return std::make_unique<torch::optim::AdamW>(std::move(params),
                                               torch::optim::AdamWOptions(o.lr()).weight_decay(o.weight_decay()));
}

void saveCheckpoint(const fs::path& file, InverseNetworkImpl& network, torch::optim::Optimizer& optimizer,
                    const TrainingState& s, const RunRecord& record) {
  torch::serialize::OutputArchive a, net, opt;
  writeRecord(a, record);
  network.save(net);
  a.write("network", net);
  optimizer.save(opt);
  a.write("optimizer", opt);
  a.write("state_int", int64Tensor({s.nextEpoch, s.bestEpoch, s.epochsSinceBest, s.stoppedEarly ? 1 : 0}));
  a.write("state_best_loss", torch::tensor(s.bestValidationLoss, torch::kFloat64));
  a.write("history", c10::IValue(s.history));
  saveArchive(file, a);
}

RunRecord readRunRecord(const fs::path& file) {
  auto a = openArchive(file, torch::kCPU);
  return readRecord(a, file);
}

TrainingState loadCheckpoint(const fs::path& file, InverseNetworkImpl& network, torch::optim::Optimizer& optimizer,
                             torch::Device device) {
  auto a = openArchive(file, device);
  torch::serialize::InputArchive net, opt;
  require(a.try_read("network", net) && a.try_read("optimizer", opt), "'", file.string(), "' is not a checkpoint");
  network.load(net);
  optimizer.load(opt);
  TrainingState s;
  const auto v = toInt64Vector(readTensor(a, "state_int"));
  require(v.size() == 4, "'", file.string(), "': bad training state");
  s.nextEpoch = v[0];
  s.bestEpoch = v[1];
  s.epochsSinceBest = v[2];
  s.stoppedEarly = v[3] != 0;
  s.bestValidationLoss = readTensor(a, "state_best_loss").item<double>();
  c10::IValue history;
  a.read("history", history);
  s.history = history.toStringRef();
  return s;
}

void saveTrainedNetwork(const fs::path& file, InverseNetworkImpl& network, const RunRecord& record) {
  torch::serialize::OutputArchive a, net;
  writeRecord(a, record);
  network.save(net);
  a.write("network", net);
  saveArchive(file, a);
}

TrainedNetwork loadTrainedNetwork(const fs::path& runDirOrFile, torch::Device device) {
  const fs::path file = fs::is_directory(runDirOrFile) ? runDirOrFile / "best.pt" : runDirOrFile;
  require(fs::exists(file), "'", file.string(), "' does not exist (is '", runDirOrFile.string(),
          "' the output folder of pairinv train?)");
  auto a = openArchive(file, torch::kCPU);
  TrainedNetwork t;
  t.record = readRecord(a, file);
  t.network = makeInverseNetwork(t.record.options, t.record.modelShape, t.record.dataShape);
  torch::serialize::InputArchive net;
  require(a.try_read("network", net), "'", file.string(), "' holds no network");
  t.network->load(net);
  t.network->to(device);
  t.network->eval();
  return t;
}

CheckpointContents readCheckpointContents(const fs::path& file) {
  require(!fs::is_directory(file), "'", file.string(), "' is a folder; name its best.pt or checkpoint.pt");
  CheckpointContents c;
  TrainedNetwork t = loadTrainedNetwork(file, torch::kCPU);
  c.record = t.record;
  c.parameters = namedCopies(t.network->named_parameters());
  c.buffers = namedCopies(t.network->named_buffers());
  auto a = openArchive(file, torch::kCPU);
  torch::serialize::InputArchive opt;
  if (!a.try_read("optimizer", opt)) return c;  // best.pt: the network alone
  const std::vector<torch::Tensor> params = trainedParameters(c.record.options, *t.network);
  const auto optimizer = makeOptimizer(c.record.options, params);
  c.training = loadCheckpoint(file, *t.network, *optimizer, torch::kCPU);
  std::unordered_map<const void*, std::string> names;
  for (const auto& item : t.network->named_parameters()) names[item.value().unsafeGetTensorImpl()] = item.key();
  for (const torch::Tensor& p : params) {
    const auto s = optimizer->state().find(c10::guts::to_string(p.unsafeGetTensorImpl()));
    if (s == optimizer->state().end()) continue;  // a parameter without a step yet
    const std::string& name = names.at(p.unsafeGetTensorImpl());
    ensure(appendMoments<torch::optim::AdamParamState>(*s->second, name, c.optimizer) ||
               appendMoments<torch::optim::AdamWParamState>(*s->second, name, c.optimizer),
           "an optimiser state of an unknown kind for ", name);
  }
  return c;
}

}  // namespace pairinv::learning

// The single list of option fields (visitOptions) and the visitors that read and write them.
#include "learning/options.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "learning/ood_calibration.hpp"

namespace pairinv::learning {

namespace {

constexpr std::int64_t kIntMax = std::numeric_limits<std::int64_t>::max();
constexpr double kRealMax = std::numeric_limits<double>::max();

void visitAutoencoder(AutoencoderOptions& o, OptionVisitor& v, bool model) {
  if (model) {
    v.integers("model_channels", "Channels of each stage of the model autoencoder", o.channels());
    v.integer("model_latent", "Latent size of the model autoencoder (z_q)", o.latent(), 1, 1 << 20);
    v.integer("model_convs", "Convolutions per stage of the model autoencoder", o.convs_per_stage(), 1, 16);
    v.integer("model_min_size", "A stage halves a model axis while it is longer than this", o.min_size(), 1, 1 << 20);
    v.choice("model_norm", "Normalisation layers of the model autoencoder", o.norm(), kNormNames);
    v.choice("model_output", "Output activation of the model decoder", o.output(), kActivationNames);
  } else {
    v.integers("data_channels", "Channels of each stage of the data autoencoder", o.channels());
    v.integer("data_latent", "Latent size of the data autoencoder (z_b)", o.latent(), 1, 1 << 20);
    v.integer("data_convs", "Convolutions per stage of the data autoencoder", o.convs_per_stage(), 1, 16);
    v.integer("data_min_size", "A stage halves a data axis while it is longer than this", o.min_size(), 1, 1 << 20);
    v.choice("data_norm", "Normalisation layers of the data autoencoder", o.norm(), kNormNames);
    v.choice("data_output", "Output activation of the data decoder", o.output(), kActivationNames);
  }
}

// Reads one value of a field from text; shared by the text parser and the driver's flags.
class AssignVisitor : public OptionVisitor {
 public:
  AssignVisitor(std::map<std::string, std::string> values, std::string prefix)
      : values_(std::move(values)), prefix_(std::move(prefix)) {}

  void text(const char* key, const char*, std::string& value, const std::vector<std::string>& choices) override {
    const std::string* s = take(key);
    if (!s) return;
    if (!choices.empty()) {
      bool ok = false;
      for (const auto& c : choices) ok = ok || c == *s;
      if (!ok) {
        std::string list;
        for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
        throw InputError(concat(prefix_, key, ": '", *s, "' is not one of ", list));
      }
    }
    value = *s;
  }
  void integer(const char* key, const char*, std::int64_t& value, std::int64_t lo, std::int64_t hi) override {
    const std::string* s = take(key);
    if (!s) return;
    value = parseInt(key, *s);
    require(value >= lo && value <= hi, prefix_, key, " = ", value, " is outside [", lo, ", ", hi, "]");
  }
  void real(const char* key, const char*, double& value, double lo, double hi) override {
    const std::string* s = take(key);
    if (!s) return;
    std::size_t used = 0;
    try {
      value = std::stod(*s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    require(used == s->size() && !s->empty(), prefix_, key, ": '", *s, "' is not a number");
    require(std::isfinite(value) && value >= lo && value <= hi, prefix_, key, " = ", value,
            " is outside [", lo, ", ", hi, "]");
  }
  void flag(const char* key, const char*, bool& value) override {
    const std::string* s = take(key);
    if (!s) return;
    if (*s == "1" || *s == "true" || *s == "yes" || s->empty()) value = true;
    else if (*s == "0" || *s == "false" || *s == "no") value = false;
    else throw InputError(concat(prefix_, key, ": '", *s, "' is not true/false"));
  }
  void integers(const char* key, const char*, std::vector<std::int64_t>& value) override {
    const std::string* s = take(key);
    if (!s) return;
    value.clear();
    std::stringstream in(*s);
    std::string item;
    while (std::getline(in, item, ',')) value.push_back(parseInt(key, item));
  }

  /// Throws for keys that no field took.
  void requireAllUsed() const {
    for (const auto& [key, value] : values_)
      throw InputError(concat("unknown option ", prefix_, key, " (value '", value, "')"));
  }

 private:
  const std::string* take(const char* key) {
    auto it = values_.find(key);
    if (it == values_.end()) return nullptr;
    taken_ = it->second;
    values_.erase(it);
    return &taken_;
  }
  std::int64_t parseInt(const char* key, const std::string& s) const {
    std::size_t used = 0;
    std::int64_t v = 0;
    try {
      v = std::stoll(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    require(used == s.size() && !s.empty(), prefix_, key, ": '", s, "' is not an integer");
    return v;
  }

  std::map<std::string, std::string> values_;
  std::string prefix_, taken_;
};

class WriteVisitor : public OptionVisitor {
 public:
  void text(const char* key, const char*, std::string& value, const std::vector<std::string>&) override {
    out_ << key << '=' << value << '\n';
  }
  void integer(const char* key, const char*, std::int64_t& value, std::int64_t, std::int64_t) override {
    out_ << key << '=' << value << '\n';
  }
  void real(const char* key, const char*, double& value, double, double) override {
    out_.precision(17);
    out_ << key << '=' << value << '\n';
  }
  void flag(const char* key, const char*, bool& value) override { out_ << key << '=' << (value ? 1 : 0) << '\n'; }
  void integers(const char* key, const char*, std::vector<std::int64_t>& value) override {
    out_ << key << '=';
    for (std::size_t i = 0; i < value.size(); ++i) out_ << (i ? "," : "") << value[i];
    out_ << '\n';
  }
  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

std::map<std::string, std::string> splitAssignments(const std::vector<std::string>& assignments,
                                                    const std::string& prefix) {
  std::map<std::string, std::string> values;
  for (const auto& a : assignments) {
    const auto eq = a.find('=');
    const std::string key = a.substr(0, eq);
    require(!key.empty(), "empty option name in '", a, "'");
    values[key] = eq == std::string::npos ? std::string() : a.substr(eq + 1);
    (void)prefix;
  }
  return values;
}

std::string optionName(const char* key) { return concat("-pae_", key); }

}  // namespace

void visitOptions(TrainRunOptions& o, OptionVisitor& v) {
  v.choice("architecture", "Network: paired autoencoder or InversionNet-style end-to-end baseline",
           o.architecture(), kArchitectureNames);
  visitAutoencoder(o.model(), v, true);
  visitAutoencoder(o.data(), v, false);
  LossWeights& w = o.weights();
  v.real("weight_rec_q", "Loss weight of |D_q(E_q q) - q|^2", w.rec_q(), 0.0, kRealMax);
  v.real("weight_rec_b", "Loss weight of |D_b(E_b b) - b|^2", w.rec_b(), 0.0, kRealMax);
  v.real("weight_fwd", "Loss weight of |M E_q q - E_b b|^2", w.fwd(), 0.0, kRealMax);
  v.real("weight_inv", "Loss weight of |M_dag E_b b - E_q q|^2", w.inv(), 0.0, kRealMax);
  v.real("weight_path_q", "Loss weight of |D_q(M_dag E_b b) - q|^2 (the estimate's pathway)", w.path_q(), 0.0, kRealMax);
  v.real("weight_path_b", "Loss weight of |D_b(M E_q q) - b|^2 (the surrogate forward)", w.path_b(), 0.0, kRealMax);
  v.choice("maps", "Latent maps M, M_dag: trained jointly, least-squares fits, or least squares then trained",
           o.maps(), kLatentMapsNames);
  v.real("ls_rcond", "Relative singular-value cut-off of the least-squares latent maps", o.ls_rcond(), 0.0, 1.0);
  v.integer("epochs", "Training epochs", o.epochs(), 1, 1 << 24);
  v.integer("batch_size", "Samples per training step", o.batch_size(), 1, 1 << 20);
  v.choice("optimizer", "Optimiser", o.optimizer(), kOptimizerNames);
  v.real("lr", "Learning rate", o.lr(), 0.0, 10.0);
  v.real("weight_decay", "Weight decay", o.weight_decay(), 0.0, 10.0);
  v.choice("schedule", "Learning-rate schedule over epochs", o.schedule(), kScheduleNames);
  v.integer("lr_step", "Epochs between learning-rate reductions (-pae_schedule step)", o.lr_step(), 1, 1 << 24);
  v.real("lr_gamma", "Learning-rate factor per step (-pae_schedule step)", o.lr_gamma(), 0.0, 1.0);
  v.real("lr_min_factor", "Final learning rate as a fraction of -pae_lr (-pae_schedule cosine)", o.lr_min_factor(), 0.0, 1.0);
  v.integer("patience", "Stop after this many epochs without a better validation loss (0: never)", o.patience(), 0, 1 << 24);
  v.integer("seed", "Seed of every random draw (weights, shuffling)", o.seed(), 0, kIntMax);
  v.text("device", "Device: cpu, cuda or cuda:N", o.device(), {});
  v.integer("threads", "LibTorch CPU threads (0: all cores)", o.threads(), 0, 4096);
  v.integer("time_stride", "Keep every k-th time sample of the data", o.time_stride(), 1, 1 << 20);
  v.real("val_fraction", "Fraction of samples for validation", o.val_fraction(), 0.0, 0.9);
  v.real("test_fraction", "Fraction of samples for testing (the last ones)", o.test_fraction(), 0.0, 0.9);
  v.integer("max_samples", "Use only the first N samples of the survey (0: all)", o.max_samples(), 0, kIntMax);
  v.choice("loading", "Read the survey into memory, stream it from the file, or decide by size", o.loading(),
           kLoadingNames);
  v.real("memory_limit_gb", "Largest survey (GB of float32) that -pae_loading auto reads into memory",
         o.memory_limit_gb(), 0.0, kRealMax);
  v.choice("data_transform", "Data normalisation before min-max: OpenFWI's sign(x) log1p(k|x|) (log), the same "
         "with k = -pae_log_scale / max|x| over the training data (log_peak: independent of the data's units), or "
         "none (minmax)", o.data_transform(), kDataTransformNames);
  v.real("log_scale", "k in sign(x) log1p(k |x|) (log), or k times the training data's peak |x| (log_peak)",
         o.log_scale(), 1e-30, kRealMax);
  v.choice("data_range", "Min-max range of the transformed data: global (one over every value), per_channel (one "
           "per channel, the first data axis: shots, or EM's two real parts, whose units differ), or auto "
           "(per_channel for conductivity surveys)", o.data_range(), kDataRangeNames);
  v.choice("model_transform", "Model normalisation before min-max: linear, log10, or auto (log10 for conductivity "
           "surveys)", o.model_transform(), kModelTransformNames);
  v.integer("prefetch", "Batches prepared ahead by the loader thread", o.prefetch(), 1, 1024);
  v.integer("baseline_pca_samples", "Training samples (at most) whose PCA is the linear baseline's basis",
            o.baseline_pca_samples(), 2, kIntMax);
  v.text("flag_scores", "Quality scores the OOD flag combines (comma-separated: rre, rma, data_error, "
         "latent_distance, pca_residual)", o.flag_scores(), {});
  v.real("flag_fpr", "False-positive rate of the OOD flag on the validation set", o.flag_fpr(), 1e-6, 0.999999);
  v.flag("resume", "Continue from RUN_DIR/checkpoint.pt when it exists", o.resume());
  v.flag("progress", "Print a progress line per epoch", o.progress());
}

void visitOptions(EstimateOptions& o, OptionVisitor& v) {
  v.text("device", "Device: cpu, cuda or cuda:N", o.device(), {});
  v.integer("threads", "LibTorch CPU threads (0: all cores)", o.threads(), 0, 4096);
  v.integer("batch_size", "Samples per network evaluation", o.batch_size(), 1, 1 << 20);
  v.text("flag_scores", "Quality scores the OOD flag combines (comma-separated: rre, rma, data_error, "
         "latent_distance, pca_residual; empty: as chosen at training)", o.flag_scores(), {});
  v.real("flag_fpr", "False-positive rate of the OOD flag on the validation set (0: as chosen at training)",
         o.flag_fpr(), 0.0, 0.999999);
  v.integers("png_samples", "Samples drawn as PNG (true, estimate, error, data, surrogate)", o.png_samples());
  v.flag("write_surrogate", "Write /surrogate_data = D_b(M E_q(q_hat))", o.write_surrogate());
  v.integer("max_samples", "Estimate only the first N samples (0: all)", o.max_samples(), 0, kIntMax);
  v.choice("samples", "Estimate all samples, or only the test split recorded at training", o.samples(),
           kSampleSetNames);
  v.flag("progress", "Print a progress line", o.progress());
}

void validate(const TrainRunOptions& o) {
  for (const auto* ae : {&o.model(), &o.data()}) {
    const bool model = ae == &o.model();
    const char* key = model ? "model_channels" : "data_channels";
    require(!ae->channels().empty(), optionName(key), " needs at least one stage");
    for (auto c : ae->channels()) require(c >= 1 && c <= 65536, optionName(key), ": channel count ", c, " is not in [1, 65536]");
  }
  require(o.val_fraction() + o.test_fraction() < 0.95, optionName("val_fraction"), " + ",
          optionName("test_fraction"), " = ", o.val_fraction() + o.test_fraction(), " leaves too few training samples");
  require(o.device() == "cpu" || o.device().rfind("cuda", 0) == 0, optionName("device"), ": '", o.device(),
          "' is not cpu, cuda or cuda:N");
  parseQualityScores(o.flag_scores(), optionName("flag_scores"));
  const LossWeights& w = o.weights();
  if (o.architecture() == Architecture::Paired) {
    require(w.rec_q() + w.rec_b() + w.fwd() + w.inv() + w.path_q() + w.path_b() > 0, "all -pae_weight_* are zero");
  } else {
    require(w.path_q() > 0, optionName("weight_path_q"), " must be > 0 for -pae_architecture end_to_end (its only loss term)");
  }
}

void validate(const EstimateOptions& o) {
  require(o.device() == "cpu" || o.device().rfind("cuda", 0) == 0, optionName("device"), ": '", o.device(),
          "' is not cpu, cuda or cuda:N");
  for (auto i : o.png_samples()) require(i >= 0, optionName("png_samples"), ": sample ", i, " is negative");
  if (!o.flag_scores().empty()) parseQualityScores(o.flag_scores(), optionName("flag_scores"));
}

std::string toText(const TrainRunOptions& options) {
  TrainRunOptions copy = options;
  WriteVisitor writer;
  visitOptions(copy, writer);
  return writer.str();
}

TrainRunOptions trainOptionsFromText(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    // Runs of versions before the calibrated flag stored its level as a percentile of RRE/RMA.
    if (line.rfind("ood_percentile=", 0) == 0)
      line = concat("flag_fpr=", 1.0 - std::stod(line.substr(15)) / 100.0);
    lines.push_back(line);
  }
  TrainRunOptions options;
  AssignVisitor reader(splitAssignments(lines, ""), "stored option ");
  visitOptions(options, reader);
  reader.requireAllUsed();
  return options;
}

void applyAssignments(TrainRunOptions& options, const std::vector<std::string>& assignments) {
  AssignVisitor reader(splitAssignments(assignments, "--"), "--");
  visitOptions(options, reader);
  reader.requireAllUsed();
}

void applyAssignments(EstimateOptions& options, const std::vector<std::string>& assignments) {
  AssignVisitor reader(splitAssignments(assignments, "--"), "--");
  visitOptions(options, reader);
  reader.requireAllUsed();
}

}  // namespace pairinv::learning

#include "apps/sample_problem.hpp"

#include <cmath>

#include "apps/em_survey_acquisition.hpp"
#include "apps/survey_acquisition.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "inversion/acoustic_lsi_data.hpp"
#include "inversion/em_lsi_data.hpp"
#include "inversion/lsi_polish.hpp"
#include "inversion/model_smoothing.hpp"
#include "inversion/tao_driver.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

class AcousticSample : public SampleProblem {
 public:
  AcousticSample(const fs::path& survey, std::size_t index) : p_(readSurveySample(survey, index)) {
    truth_ = p_.truth;
    observed_ = p_.observed.data;
    observedSamples_ = p_.observed.nsamples;
    surveySize_ = p_.surveySize;
  }
  Physics physics() const override { return Physics::Acoustic; }
  std::unique_ptr<inversion::LsiDataTerm> lsiData(MPI_Comm comm) const override {
    return std::make_unique<inversion::AcousticLsiData>(comm, p_.config, p_.observed);
  }
  Field2D fwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations, int maxEvaluations,
              const fs::path& output) const override {
    inversion::FwiSettings s = options.acoustic;
    s.maxEvaluations = maxEvaluations;
    inversion::FwiProblem problem;
    problem.config = p_.config, problem.observed = p_.observed, problem.truth = &truth_;
    return inversion::polishAcoustic(comm, s, iterations, output, problem, start);
  }
  Field2D stagedFwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations,
                    const fs::path& output) const override {
    inversion::FwiSettings s = options.acoustic;
    s.iterations = iterations, s.output = output;
    inversion::FwiProblem problem;
    problem.config = p_.config, problem.observed = p_.observed, problem.truth = &truth_, problem.initial = start;
    ensureDirectory(output);
    return inversion::runAcousticFwi(comm, s, problem);
  }
  double solvesPerEvaluation() const override { return 2.0 * double(p_.config.sources.size()); }
  std::string misfitsIncomparable(const FwiOptions& options) const override {
    const double last = options.acoustic.cutoffs.back();
    return last > 0 ? concat("the long FWI's last stage is low-passed at ", last, " Hz") : "";
  }
  Field2D fwiStart(FwiStart kind, double smoothing) const override {
    return kind == FwiStart::Smooth ? inversion::gaussianSmooth(truth_, smoothing)
                                    : inversion::linearGradientModel(truth_.grid, truth_.min(), truth_.max());
  }
  std::string fwiStartName(FwiStart kind, double smoothing) const override {
    return kind == FwiStart::Smooth ? concat("the true model smoothed over ", smoothing, " m (flatters FWI)")
                                    : "the 1D linear velocity gradient from the true model's minimum to its maximum";
  }
  std::vector<double> metricValues(const Field2D& q) const override { return q.values; }
  std::vector<bool> metricCells() const override { return std::vector<bool>(truth_.values.size(), true); }
  std::string modelErrorDefinition() const override { return "relative model error |q - q_true| / |q_true|"; }

 private:
  SurveySampleProblem p_;
};

class EmSample : public SampleProblem {
 public:
  EmSample(const fs::path& survey, std::size_t index) : p_(readEmSurveySample(survey, index)) {
    truth_ = p_.truth;
    observed_ = p_.observed;
    observedSamples_ = p_.frequencyCount();
    surveySize_ = p_.surveySize;
  }
  Physics physics() const override { return Physics::Em; }
  std::unique_ptr<inversion::LsiDataTerm> lsiData(MPI_Comm comm) const override {
    return std::make_unique<inversion::EmLsiData>(comm, p_.config, p_.observed, true);
  }
  Field2D fwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations, int maxEvaluations,
              const fs::path& output) const override {
    inversion::EmFwiSettings s = options.em;
    s.maxEvaluations = maxEvaluations;
    inversion::EmFwiProblem problem;
    problem.config = p_.config, problem.observed = p_.observed, problem.truth = &truth_;
    return inversion::polishEm(comm, s, iterations, output, problem, start, truth_);
  }
  Field2D stagedFwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations,
                    const fs::path& output) const override {
    inversion::EmFwiSettings s = options.em;
    s.iterations = iterations, s.output = output;
    inversion::EmFwiProblem problem;
    problem.config = p_.config, problem.observed = p_.observed, problem.truth = &truth_, problem.initial = start;
    ensureDirectory(output);
    return inversion::runEmFwi(comm, s, problem);
  }
  double solvesPerEvaluation() const override {
    return 2.0 * double(p_.config.frequencies.size()) * double(p_.config.sourceCount());
  }
  std::string misfitsIncomparable(const FwiOptions& options) const override {
    return options.em.relativeWeights ? "" : "FWI weighs the data by -fwi_data_weights none, LSI relatively";
  }
  Field2D fwiStart(FwiStart kind, double smoothing) const override {
    return kind == FwiStart::Smooth ? inversion::emSmoothStart(truth_, smoothing)
                                    : inversion::emHalfSpaceStart(truth_, 0.0);
  }
  std::string fwiStartName(FwiStart kind, double smoothing) const override {
    return kind == FwiStart::Smooth ? concat("the truth's earth ln sigma smoothed over ", smoothing, " m (flatters FWI)")
                                    : "a half-space of the geometric mean of the truth's earth under its air";
  }
  std::vector<double> metricValues(const Field2D& q) const override {
    std::vector<double> v(q.values.size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::log10(q.values[i]);
    return v;
  }
  std::vector<bool> metricCells() const override {
    std::vector<bool> earth(truth_.values.size());
    for (std::size_t i = 0; i < earth.size(); ++i) earth[i] = truth_.values[i] > inversion::kEmAirConductivity;
    return earth;
  }
  std::string modelErrorDefinition() const override {
    return "RMS of log10(sigma / sigma_true) over the true model's earth cells, in decades (air cells left out)";
  }

 private:
  EmSurveySampleProblem p_;
};

}  // namespace

Physics surveyPhysicsOf(const fs::path& survey) {
  const std::string physics = surveyPhysics(survey);
  if (physics == "acoustic") return Physics::Acoustic;
  if (physics == "em") return Physics::Em;
  throw InputError(concat("'", survey.string(), "' holds no data to invert (physics ", physics, ")"));
}

FwiOptions readFwiOptions(MPI_Comm comm, Physics physics, bool stages) {
  FwiOptions o;
  if (physics == Physics::Em)
    o.em = inversion::readEmFwiSettings(comm, false);
  else
    o.acoustic = inversion::readFwiSettings(comm, false, stages);
  inversion::probeTaoOptions(comm);
  return o;
}

std::unique_ptr<SampleProblem> SampleProblem::read(const fs::path& survey, std::size_t index) {
  if (surveyPhysicsOf(survey) == Physics::Em) return std::make_unique<EmSample>(survey, index);
  return std::make_unique<AcousticSample>(survey, index);
}

ModelQuality measureModel(inversion::LsiDataTerm& data, const Field2D& q, const Field2D& truth) {
  double solves = 0.0;
  const double j = data.objective(q, solves);
  return {std::sqrt(2.0 * j) / data.dataNorm(), data.modelError(q, truth)};
}

Field2D fieldOn(const Grid2D& grid, const double* values) {
  Field2D f(grid);
  f.values.assign(values, values + grid.size());
  return f;
}

}  // namespace pairinv::apps

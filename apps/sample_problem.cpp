#include "apps/sample_problem.hpp"

#include <cmath>

#include "apps/em_survey_acquisition.hpp"
#include "apps/survey_acquisition.hpp"
#include "core/error.hpp"
#include "inversion/acoustic_lsi_data.hpp"
#include "inversion/em_lsi_data.hpp"
#include "inversion/lsi_polish.hpp"
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
  double solvesPerEvaluation() const override { return 2.0 * double(p_.config.sources.size()); }

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
  double solvesPerEvaluation() const override {
    return 2.0 * double(p_.config.frequencies.size()) * double(p_.config.sourceCount());
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

FwiOptions readFwiOptions(MPI_Comm comm, Physics physics) {
  FwiOptions o;
  if (physics == Physics::Em)
    o.em = inversion::readEmFwiSettings(comm, false);
  else
    o.acoustic = inversion::readFwiSettings(comm, false, false);
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

}  // namespace pairinv::apps

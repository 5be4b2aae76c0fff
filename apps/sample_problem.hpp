// One survey sample as an inverse problem of its physics, behind one interface: the true model
// (when the survey has one: field data have none), the observed data as the networks take them, the data term of
// latent-space inversion (LSI), and classical FWI of the sample from any starting model (the
// polish after LSI, and FWI rows of comparisons). Acoustic and EM implement it; `pairinv invert`
// and `pairinv repair` have one body each on top of it (sample_repair.hpp).
#pragma once

#include <mpi.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inversion/acoustic_fwi.hpp"
#include "inversion/em_fwi.hpp"
#include "apps/physics.hpp"
#include "inversion/lsi_data_term.hpp"
#include "meshes/grid2d.hpp"

namespace pairinv {
class Hdf5File;
}

namespace pairinv::apps {

/// The physics of a survey file (its physics attribute). InputError for a survey of physics none.
Physics surveyPhysicsOf(const std::filesystem::path& survey);
/// The physics of a command's -input survey: acoustic when none is named or it does not exist
/// (-help lists the acoustic options then; the missing file is refused later), and for SEG-Y.
Physics inputPhysics(const std::filesystem::path& input);

/// The FWI settings of both physics as the options gave them (only the survey's is read).
struct FwiOptions {
  inversion::FwiSettings acoustic;
  inversion::EmFwiSettings em;
};

/// Reads the -fwi_ options of `physics` that a caller setting its own iteration counts uses
/// (the polish, FWI rows; acoustic stages -fwi_frequencies only with `stages`), and probes TAO's
/// -fwi_tao_* options.
FwiOptions readFwiOptions(MPI_Comm comm, Physics physics, bool stages = false);

/// Where FWI of a comparison starts: what a survey would know (a 1D velocity gradient between the
/// truth's extremes; EM: a half-space of the truth's earth geometric mean under its air), or the
/// smoothed truth (flatters FWI).
enum class FwiStart { Gradient, Smooth };
inline const EnumNames<FwiStart> kFwiStartNames = {{FwiStart::Gradient, "gradient"}, {FwiStart::Smooth, "smooth"}};

class SampleProblem {
 public:
  virtual ~SampleProblem() = default;
  /// Sample `index` of `survey`, as its physics reads it. InputError for a missing file, an index
  /// out of range or a survey without data.
  static std::unique_ptr<SampleProblem> read(const std::filesystem::path& survey, std::size_t index);

  virtual Physics physics() const = 0;
  /// The model's quantity and whether figures show it in log10 ("conductivity", true for EM).
  std::string quantity() const { return physics() == Physics::Em ? "conductivity" : "velocity"; }
  bool logarithmic() const { return physics() == Physics::Em; }
  /// The model grid.
  const Grid2D& grid() const { return grid_; }
  /// The true model; nullptr for field data (a survey without /models).
  const Field2D* truth() const { return truth_ ? &*truth_ : nullptr; }
  /// The true model of a sample known to have one (commands that measure model errors check
  /// readSurveyInfo(...).hasModels at the door); InternalError otherwise.
  const Field2D& knownTruth() const;
  /// The observed data, as the survey stores them (the networks' layout before time striding).
  const std::vector<double>& observed() const { return observed_; }
  /// The data's second axis: time samples (acoustic) or frequencies (EM).
  std::int64_t observedSamples() const { return observedSamples_; }
  std::size_t surveySize() const { return surveySize_; }

  /// The data term of LSI with the true PDE (its misfit and model error define the tables').
  virtual std::unique_ptr<inversion::LsiDataTerm> lsiData(MPI_Comm comm) const = 0;
  /// FWI from `start`: one full-band stage of `iterations` L-BFGS iterations (and at most
  /// `maxEvaluations` TAO function evaluations when > 0) into `output`, rebuilt afresh. EM keeps
  /// the survey's air. Returns the final model on every rank.
  virtual Field2D fwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations,
                      int maxEvaluations, const std::filesystem::path& output) const = 0;
  /// FWI from `start` in the stages the options give (acoustic: -fwi_frequencies; EM: one),
  /// `iterations` per stage, into the existing folder `output` (resumable, as pairinv fwi).
  virtual Field2D stagedFwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations,
                            const std::filesystem::path& output) const = 0;
  /// The PDE solves of one FWI function-and-gradient evaluation.
  virtual double solvesPerEvaluation() const = 0;
  /// Why LSI's data misfit cannot be compared with that of stagedFwi's last stage ("": it can).
  virtual std::string misfitsIncomparable(const FwiOptions& options) const = 0;
  virtual Field2D fwiStart(FwiStart kind, double smoothing) const = 0;
  virtual std::string fwiStartName(FwiStart kind, double smoothing) const = 0;


 protected:
  Grid2D grid_;
  std::optional<Field2D> truth_;
  std::vector<double> observed_;
  std::int64_t observedSamples_ = 0;
  std::size_t surveySize_ = 0;
};

/// The model side of sample `index` of an open survey file `h5` (named `survey` in messages): the
/// grid of its nz, nx, dz, dx attributes, the true model when the survey holds /models, and the
/// number of samples. InputError for an index out of range or /models not matching the grid.
struct SurveyModel {
  Grid2D grid;
  std::optional<Field2D> truth;
  std::size_t surveySize = 0;
};
SurveyModel readSurveyModel(const Hdf5File& h5, const std::filesystem::path& survey, std::size_t index);

/// InputError naming the file, the dataset and the sample unless every value is finite.
void requireFiniteSample(const std::vector<double>& values, const std::filesystem::path& survey,
                         const std::string& dataset, std::size_t index);

/// |W (F(q) - b)| / |W b| and the model error of `q` by the data term's definitions (one forward
/// modelling); the model error is NaN without a truth (field data).
struct ModelQuality {
  double misfit = 0.0, modelError = 0.0;
};
ModelQuality measureModel(inversion::LsiDataTerm& data, const Field2D& q, const Field2D* truth);

/// A field on `grid` holding grid.size() values from `values` (one sample of a [N, 1, nz, nx] array).
Field2D fieldOn(const Grid2D& grid, const double* values);

}  // namespace pairinv::apps

// Field data for `pairinv invert` and `pairinv repair`: shot gathers as SEG-Y, the format in which
// field seismic data arrive, recorded with the acquisition of an existing acoustic survey file
// (typically the training survey, -acquisition SURVEY.h5: its model grid, time sampling,
// wavelet, boundaries and source and receiver positions). Field data have no true model, so they
// become a one-sample survey file without /models, OUTPUT/observed.h5, and everything after it
// (estimate, flag, LSI, polish) runs as for any survey; the reports leave out the model errors.
//
// Checked at the door, before anything is written (InputError, exit 2): the SEG-Y file itself
// (core/segy_file.hpp: whole traces, one sample count and interval, consistent records, finite
// values) and its geometry against the acquisition: shots, receivers, samples, the sample
// interval, the time of sample 0 and every source and receiver position
// (apps/acoustic/acoustic_output.hpp, readSegyObserved).
#pragma once

#include <mpi.h>

#include <filesystem>

namespace pairinv::apps {

/// The survey a command reads: `input` itself when it is a survey file (then `acquisition` must be
/// empty: the option would be ignored), or, for a SEG-Y `input`, OUTPUT/observed.h5 made from it
/// and `acquisition` (rank 0 writes; collective over `comm`). A rerun rewrites the file with the
/// same bits. Until keep(), the file is removed again when the object goes (a later check of the
/// command refused the input: nothing is left behind), with OUTPUT if it made it and it is empty.
class FieldSurveyInput {
 public:
  FieldSurveyInput(MPI_Comm comm, const std::filesystem::path& input, const std::filesystem::path& acquisition,
                   const std::filesystem::path& output);
  FieldSurveyInput(const FieldSurveyInput&) = delete;
  FieldSurveyInput& operator=(const FieldSurveyInput&) = delete;
  ~FieldSurveyInput();

  const std::filesystem::path& survey() const { return survey_; }
  bool field() const { return field_; }
  /// The command finished: the file stays.
  void keep() { kept_ = true; }

 private:
  std::filesystem::path survey_, output_;
  bool field_ = false, madeOutput_ = false, kept_ = false, root_ = false;
};

/// The one-sample survey file `output` holding the SEG-Y gathers `segy`, recorded with the
/// acquisition of the acoustic survey `acquisition`, without /models.
void writeFieldSurvey(const std::filesystem::path& segy, const std::filesystem::path& acquisition,
                      const std::filesystem::path& output);

}  // namespace pairinv::apps

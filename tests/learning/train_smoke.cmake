# Smoke run of training and estimation on a tiny synthetic survey (tests/learning/CMakeLists.txt).
# -DDRIVER=pairinv_pae_train  -DMODE=driver|app  [-DPAIRINV=pairinv]  -DWORK=folder
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run_step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} failed (exit ${rc}):\n${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${name}: ok\n${out}${err}")
endfunction()

run_step("make-survey" "${DRIVER}" make-survey --output "${WORK}/survey.h5" --synthetic flat --count 24
         --nz 8 --nx 8 --nshots 2 --nt 16)
if(MODE STREQUAL "app")
  run_step("pairinv train" "${PAIRINV}" train -input "${WORK}/survey.h5" -output "${WORK}/run" -pae_preset tiny
           -pae_threads 1 -pae_time_stride 2)
  run_step("pairinv estimate" "${PAIRINV}" estimate -run "${WORK}/run" -input "${WORK}/survey.h5"
           -output "${WORK}/est.h5" -pae_png_samples 0,3 -pae_threads 1)
  set(expected "${WORK}/est_png/sample3.png" "${WORK}/est_vti/sample3.vti")
else()
  run_step("driver train" "${DRIVER}" train --input "${WORK}/survey.h5" --output "${WORK}/run" --preset tiny
           --threads=1 --time_stride=2)
  run_step("driver estimate" "${DRIVER}" estimate --run "${WORK}/run" --input "${WORK}/survey.h5"
           --output "${WORK}/est.h5" --png_samples=0,3 --threads=1)
  set(expected "${WORK}/est_png/sample3.png")
endif()
foreach(f "${WORK}/run/best.pt" "${WORK}/run/checkpoint.pt" "${WORK}/run/log.csv" "${WORK}/run/calibration.csv"
          "${WORK}/run/options.txt" "${WORK}/run/summary.txt" "${WORK}/est.h5" ${expected})
  if(NOT EXISTS "${f}")
    message(FATAL_ERROR "missing output ${f}")
  endif()
endforeach()

# Writes OUT, a header defining PAIRINV_GIT_COMMIT (the checkout's short commit, "-modified"
# when tracked files differ from it, "unknown" outside a git checkout). Run at every build by
# the pairinv_git_commit target; the header only changes, and triggers a recompile, when the
# commit does.
execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
                OUTPUT_VARIABLE commit ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR commit STREQUAL "")
  set(commit "unknown")
else()
  execute_process(COMMAND git -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE dirty ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT dirty STREQUAL "")
    string(APPEND commit "-modified")
  endif()
endif()
file(WRITE "${OUT}.tmp" "#define PAIRINV_GIT_COMMIT \"${commit}\"\n")
execute_process(COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")

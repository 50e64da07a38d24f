# Installs the build into WORK_DIR/prefix, builds tests/install/consumer against it with
# find_package(kunlun), runs it on the baseline, and checks that the installed CLI finds its
# report code in the install tree. Fails on any step.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed (${code}): ${ARGN}\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f include/kunlun/scenario/scenario.h lib/cmake/kunlun/kunlunConfig.cmake bin/kunlun
          share/kunlun/python/kunlun/__init__.py)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
step(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${WORK_DIR}/build -G ${GENERATOR}
     -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix})
step(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
step(${WORK_DIR}/build/consumer ${SOURCE_DIR}/scenarios/qinghai/baseline.yaml)
if(NOT step_output STREQUAL "qinghai-baseline 2026-01..2035-12 annual_move_rate=0.12\n")
  message(FATAL_ERROR "unexpected consumer output: '${step_output}'")
endif()
# The installed CLI: runs from the install tree and says where its report code is.
step(${prefix}/bin/kunlun --version)
if(NOT step_output MATCHES "report code: ${prefix}/share/kunlun/python ")
  message(FATAL_ERROR "the installed CLI looks for its report code elsewhere: '${step_output}'")
endif()
file(REMOVE_RECURSE ${WORK_DIR})

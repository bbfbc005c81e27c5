# The OpenVINO backend: IR models (xml + weights) through OpenVINO's C API
# (libopenvino_c of the openvino wheel), opened with dlopen on first use. The
# C API, not the C++ one: wheels up to 2025.4 use the old libstdc++ string
# ABI, which a C++ plug-in cannot match for every build; and nothing is
# linked, so the plug-in builds with any toolchain.
# Included by ../../CMakeLists.txt when WASMEDGE_PLUGIN_BACKEND names it.
#
# Headers and the library to check against come from the pinned wheel, as
# setup.sh extracts it; -DWASI_NN_OPENVINO_DIR=<site-packages>/openvino names
# another copy of it (an installed openvino package).
wasi_nn_pinned_runtime_dir(_openvino_dir openvino 2026.4.1 openvino)
set(WASI_NN_OPENVINO_DIR "${_openvino_dir}" CACHE PATH
    "The openvino package of the pinned wheel (holds include/ and libs/)")
if(NOT EXISTS "${WASI_NN_OPENVINO_DIR}/include/openvino/c/openvino.h")
  message(FATAL_ERROR
    "The openvino backend of wasi_nn needs OpenVINO's C API headers, from the "
    "pinned openvino wheel, which ./setup.sh extracts into ${WASI_NN_OPENVINO_DIR} "
    "(nothing is there), or pass -DWASI_NN_OPENVINO_DIR=<site-packages>/openvino "
    "of `pip install openvino==2026.4.1`.")
endif()

wasi_nn_runtime_library(openvino
  LIBRARY libopenvino_c.so.2641
  VARIABLE WASI_NN_OPENVINO_LIBRARY_PATH
  INSTALL "pip install openvino==2026.4.1"
  SYMBOLS "${CMAKE_CURRENT_LIST_DIR}/openvino_symbols.def"
  BUILT_AGAINST "${WASI_NN_OPENVINO_DIR}/libs/libopenvino_c.so.2641")

list(APPEND WASI_NN_BACKEND_SOURCES "${CMAKE_CURRENT_LIST_DIR}/openvino_backend.cpp")
list(APPEND WASI_NN_BACKEND_INCLUDE_DIRS "${WASI_NN_OPENVINO_DIR}/include")

# The TensorFlow Lite backend: .tflite models through the LiteRT C API of
# the ai-edge-litert wheel's libLiteRt.so, opened with dlopen on first use
# (never linked: the plug-in builds with any toolchain, for every target).
# Included by ../../CMakeLists.txt when WASMEDGE_PLUGIN_BACKEND names it.
#
# The wheel has no headers (litert_c_api.h declares what is used). Configure
# checks those declarations against the library of the target's
# architecture, as setup.sh extracts it from the pinned wheel;
# -DWASI_NN_LITERT_LIBRARY=<libLiteRt.so> names another copy.
wasi_nn_pinned_runtime_dir(_litert_dir ai-edge-litert 2.3.0 ai_edge_litert)
set(WASI_NN_LITERT_LIBRARY "${_litert_dir}/libLiteRt.so" CACHE FILEPATH
    "libLiteRt.so of the pinned ai-edge-litert wheel, to check the backend's declarations against")

wasi_nn_runtime_library(tensorflowlite
  LIBRARY libLiteRt.so
  VARIABLE WASI_NN_LITERT_LIBRARY_PATH
  INSTALL "pip install ai-edge-litert==2.3.0"
  SYMBOLS "${CMAKE_CURRENT_LIST_DIR}/litert_symbols.def"
  BUILT_AGAINST "${WASI_NN_LITERT_LIBRARY}")

list(APPEND WASI_NN_BACKEND_SOURCES "${CMAKE_CURRENT_LIST_DIR}/litert_backend.cpp")

// Model checks done by the core (see model_checks.h).
#include "model_checks.h"

#ifdef WASI_NN_CHECK_ZIP_ARCHIVES
#include "zip_archive_check.h"
#endif

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasi_nn {

namespace {

// Rows exist only when their backend is compiled in (CMake sets the macro),
// so a build without it needs no zlib.
const ModelFormat kModelFormats[] = {
#ifdef WASI_NN_CHECK_ZIP_ARCHIVES
    {WASI_NN_ENCODING_PYTORCH, "TorchScript archive (zip)", check_zip_archive},
#endif
    {WASI_NN_ENCODING_AUTODETECT, nullptr, nullptr}, // keeps the array non-empty; never matches
};

} // namespace

const ModelFormat *find_model_format(wasi_nn_encoding encoding) {
  for (const ModelFormat &format : kModelFormats) {
    if (format.encoding == encoding && format.check != nullptr) {
      return &format;
    }
  }
  return nullptr;
}

wasi_nn_errno check_model_builders(const ModelFormat &format,
                                   const std::vector<wasi_nn_builder> &builders,
                                   const char *call) {
  for (const wasi_nn_builder &builder : builders) {
    std::string why;
    if (builder.data != nullptr &&
        !format.check(builder.data, builder.size, why)) {
      std::fprintf(stderr, "wasi_nn: %s: the model is not a well-formed %s: %s\n",
                   call, format.name, why.c_str());
      return WASI_NN_INVALID_ARGUMENT;
    }
  }
  return WASI_NN_SUCCESS;
}

bool read_model_file(const std::string &path, std::vector<uint8_t> &bytes,
                     const char *call) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  if (fd < 0 || fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    const int err = fd < 0 ? errno : EINVAL;
    if (fd >= 0) {
      close(fd);
    }
    std::fprintf(stderr, "wasi_nn: %s: cannot read the preloaded model %s: %s\n",
                 call, path.c_str(),
                 err == EINVAL ? "not a regular file" : std::strerror(err));
    return false;
  }
  bytes.resize(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break; // shrank meanwhile, or failed: what was read is checked as is
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
  bytes.resize(done);
  return true;
}

} // namespace wasi_nn

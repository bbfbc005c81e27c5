/* Dangerous loader variables (see loader_env.h). */
#include "loader_env.h"

#include <string.h>

/* Every LD_* name: glibc's, musl's and any future loader variable. */
static const char LOADER_PREFIX[] = "LD_";

/* glibc's list of variables unsafe for set-id programs (unsecvars.h),
 * without the LD_ names (covered by the prefix), TMPDIR and TZDIR. */
static const char *const dangerous_names[] = {
    "GCONV_PATH",   /* loads iconv modules (shared objects) from there */
    "GETCONF_DIR",
    "GLIBC_TUNABLES",
    "HOSTALIASES",
    "LOCALDOMAIN",
    "LOCPATH",      /* locale files parsed by libc */
    "MALLOC_TRACE", /* makes malloc write a file */
    "NIS_PATH",
    "NLSPATH",      /* message catalogs parsed by libc */
    "RESOLV_HOST_CONF",
    "RES_OPTIONS",
};

bool loader_env_is_dangerous(const char *name, size_t name_len) {
  size_t prefix_len = sizeof(LOADER_PREFIX) - 1;
  if (name_len >= prefix_len && memcmp(name, LOADER_PREFIX, prefix_len) == 0) {
    return true;
  }
  for (size_t i = 0; i < sizeof(dangerous_names) / sizeof(dangerous_names[0]);
       ++i) {
    if (strlen(dangerous_names[i]) == name_len &&
        memcmp(dangerous_names[i], name, name_len) == 0) {
      return true;
    }
  }
  return false;
}

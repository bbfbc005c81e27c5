/* Program options and their per-instance copy: see httpsreq_config.h. */
#include "httpsreq_config.h"

#include <stdlib.h>
#include <string.h>

WasmEdge_String httpsreq_ca_file_option = {0, NULL};
bool httpsreq_insecure_option = false;
bool httpsreq_quiet_option = false;
uint32_t httpsreq_connect_timeout_option = HTTPSREQ_DEFAULT_CONNECT_TIMEOUT_MS;
uint32_t httpsreq_read_timeout_option = HTTPSREQ_DEFAULT_READ_TIMEOUT_MS;
uint32_t httpsreq_request_timeout_option = HTTPSREQ_DEFAULT_REQUEST_TIMEOUT_MS;
uint64_t httpsreq_max_response_option = HTTPSREQ_DEFAULT_MAX_RESPONSE_BYTES;

/* Every non-toggle option needs a non-NULL default, or the wasmedge CLI
 * makes it mandatory (plugin-abi.md §2.3). A String default is copied as a
 * plain struct, so its buffer (none) must outlive the process too. */
const WasmEdge_String httpsreq_ca_file_default = {0, NULL};
const uint32_t httpsreq_connect_timeout_default =
    HTTPSREQ_DEFAULT_CONNECT_TIMEOUT_MS;
const uint32_t httpsreq_read_timeout_default =
    HTTPSREQ_DEFAULT_READ_TIMEOUT_MS;
const uint32_t httpsreq_request_timeout_default =
    HTTPSREQ_DEFAULT_REQUEST_TIMEOUT_MS;
const uint64_t httpsreq_max_response_default =
    HTTPSREQ_DEFAULT_MAX_RESPONSE_BYTES;

/* Copies `len` bytes into a NUL-terminated string. *out is NULL for an
 * empty value; *has_nul is set when the bytes contain a NUL. */
static bool copy_path(const char *bytes, size_t len, char **out,
                      bool *has_nul) {
  *out = NULL;
  if (bytes == NULL || len == 0) {
    return true;
  }
  if (memchr(bytes, '\0', len) != NULL) {
    *has_nul = true;
    return true;
  }
  char *copy = malloc(len + 1);
  if (copy == NULL) {
    return false;
  }
  memcpy(copy, bytes, len);
  copy[len] = '\0';
  *out = copy;
  return true;
}

bool httpsreq_config_load(httpsreq_config *config) {
  memset(config, 0, sizeof(*config));
  const char *env = getenv(HTTPSREQ_CA_FILE_ENV);
  if (!copy_path(httpsreq_ca_file_option.Buf, httpsreq_ca_file_option.Length,
                 &config->option_ca_file, &config->ca_file_invalid) ||
      !copy_path(env, env == NULL ? 0 : strlen(env), &config->env_ca_file,
                 &config->ca_file_invalid)) {
    httpsreq_config_free(config);
    return false;
  }
  config->insecure = httpsreq_insecure_option;
  config->quiet = httpsreq_quiet_option;
  config->connect_timeout_ms = httpsreq_connect_timeout_option;
  config->read_timeout_ms = httpsreq_read_timeout_option;
  config->request_timeout_ms = httpsreq_request_timeout_option;
  /* get_rcv_len returns the length as an unsigned i32. */
  config->max_response_bytes = httpsreq_max_response_option > UINT32_MAX
                                   ? UINT32_MAX
                                   : httpsreq_max_response_option;
  return true;
}

void httpsreq_config_free(httpsreq_config *config) {
  free(config->option_ca_file);
  free(config->env_ca_file);
  config->option_ca_file = NULL;
  config->env_ca_file = NULL;
}

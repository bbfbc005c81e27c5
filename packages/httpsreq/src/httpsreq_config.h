/*
 * Program options of wasmedge_httpsreq and the per-instance copy of them.
 *
 * The option storage is static (the runtime writes into it while parsing
 * the command line); each module instance copies the values, and the
 * WASMEDGE_HTTPSREQ_CA_FILE environment variable, when it is created. Later
 * changes only affect instances created after them.
 */
#ifndef HTTPSREQ_CONFIG_H
#define HTTPSREQ_CONFIG_H

#include <wasmedge/wasmedge.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
  HTTPSREQ_DEFAULT_CONNECT_TIMEOUT_MS = 10000,
  HTTPSREQ_DEFAULT_READ_TIMEOUT_MS = 30000,
  HTTPSREQ_DEFAULT_REQUEST_TIMEOUT_MS = 60000
};
#define HTTPSREQ_DEFAULT_MAX_RESPONSE_BYTES ((uint64_t)64 * 1024 * 1024)
#define HTTPSREQ_CA_FILE_ENV "WASMEDGE_HTTPSREQ_CA_FILE"

/* Option storage, written by the runtime while it parses the command line
 * (an absent option leaves its default), and the defaults for an option
 * given without a value. The table of options is in httpsreq_plugin.c. */
extern WasmEdge_String httpsreq_ca_file_option;
extern bool httpsreq_insecure_option;
extern bool httpsreq_quiet_option;
extern uint32_t httpsreq_connect_timeout_option;
extern uint32_t httpsreq_read_timeout_option;
extern uint32_t httpsreq_request_timeout_option;
extern uint64_t httpsreq_max_response_option;
extern const WasmEdge_String httpsreq_ca_file_default;
extern const uint32_t httpsreq_connect_timeout_default;
extern const uint32_t httpsreq_read_timeout_default;
extern const uint32_t httpsreq_request_timeout_default;
extern const uint64_t httpsreq_max_response_default;

typedef struct httpsreq_config {
  /* Extra CA files (NUL-terminated copies), NULL when not given. A value
   * with an embedded NUL is kept as `ca_file_invalid` and refused at the
   * first request. */
  char *option_ca_file;
  char *env_ca_file;
  bool ca_file_invalid;
  bool insecure;
  bool quiet;
  uint32_t connect_timeout_ms;
  uint32_t read_timeout_ms;
  uint32_t request_timeout_ms; /* the whole send_data, connect to last byte */
  /* Already clamped to what get_rcv_len can report (UINT32_MAX). */
  uint64_t max_response_bytes;
} httpsreq_config;

/* Copies the current options and environment; false when out of memory
 * (then nothing is left allocated). */
bool httpsreq_config_load(httpsreq_config *config);

void httpsreq_config_free(httpsreq_config *config);

#endif /* HTTPSREQ_CONFIG_H */

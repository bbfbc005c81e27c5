/*
 * wasmedge_httpsreq: send a raw HTTP request over TLS from wasm.
 *
 * A C re-implementation, on OpenSSL, of WasmEdge's httpsreq plug-in
 * (upstream's last version: 0.12.1) for plug-in API version 5: plug-in
 * `wasmedge_httpsreq`, module descriptor `wasmedge_httpsreq`, wasm import
 * module `wasmedge_httpsreq`. Same imports and signatures as upstream, so
 * the Rust crate wasmedge_http_req runs unchanged.
 *
 * Functions (all params i32; pointers/lengths are unsigned offsets into the
 * caller's memory 0):
 *   wasmedge_httpsreq_send_data(host_ptr, host_len, port, body_ptr, body_len)
 *       Connects to host:port over TLS, sends the body bytes verbatim (a
 *       complete HTTP/1.x request the guest wrote, normally with
 *       "Connection: close"), and keeps every byte of the reply until the
 *       server closes the connection. The host is 1..253 bytes without NUL
 *       (one trailing NUL and [brackets] around an IPv6 literal are
 *       accepted). The server certificate is verified against the system
 *       trust store plus the configured CA files, and must match the host
 *       (DNS name, sent as SNI, or IP literal).
 *   wasmedge_httpsreq_get_rcv(buf_ptr)
 *       Copies all received bytes to [buf_ptr, buf_ptr + get_rcv_len()).
 *       The data stays until the next send_data.
 *   wasmedge_httpsreq_get_rcv_len() -> i32
 *       Number of received bytes (unsigned): 0 before any successful
 *       send_data and after a failed one.
 *
 * Traps:
 *   HostFuncError (0x040E): send_data or get_rcv called by a caller without
 *   memory 0, as upstream.
 *   User-level error 0x01000000 + code (httpsreq_errors.h, README.md):
 *     1  bad-range             host or body range outside memory
 *                              (send_data); [buf_ptr, +len) outside memory
 *                              (get_rcv, which then copies nothing)
 *     2  bad-argument          host empty, too long or with a NUL byte;
 *                              port 0 or above 65535
 *     3  resolve-failed        the host name does not resolve
 *     4  connect-failed        every address refused or was unreachable
 *     5  connect-timeout       TCP connect + TLS handshake took longer than
 *                              --https-connect-timeout-ms
 *     6  tls-handshake-failed  the handshake failed for a reason other than
 *                              the certificate (protocol, alert, close)
 *     7  certificate-rejected  untrusted, expired, or not for this host
 *     8  write-failed          sending the body failed
 *     9  read-failed           receiving failed (e.g. connection reset); a
 *                              close without close_notify is not an error
 *     10 read-timeout          once connected, the server sent or accepted
 *                              nothing for --https-read-timeout-ms
 *     11 response-too-large    more than --https-max-response-bytes
 *     12 out-of-resources      host memory, sockets or OpenSSL objects ran
 *                              out (any function, also when Create could
 *                              not allocate the module's state)
 *     13 ca-file-unusable      the extra CA file cannot be loaded
 *     14 request-timeout       the whole request (connect, handshake,
 *                              sending, receiving) took longer than
 *                              --https-request-timeout-ms
 *   After any send_data failure the received data is empty.
 *
 * Options (copied into each module instance when it is created, together
 * with the environment variable WASMEDGE_HTTPSREQ_CA_FILE):
 *   --https-ca-file=PATH            extra trusted CA certificates (PEM)
 *   --https-insecure                no certificate or host name checks;
 *                                   a warning on stderr at every request
 *   --https-connect-timeout-ms=N    default 10000
 *   --https-read-timeout-ms=N       default 30000, per wait for data
 *   --https-request-timeout-ms=N    default 60000, the whole request
 *   --https-max-response-bytes=N    default 67108864 (64 MiB)
 *   --https-quiet                   no diagnostic line on failures
 *
 * Files: httpsreq_functions.c (host functions and their table),
 * httpsreq_state.c (instance state), httpsreq_config.c (options),
 * httpsreq_errors.c (the code table), https_request.c (one request),
 * tcp_connect.c (resolve, connect), tls_context.c (lazy OpenSSL context),
 * tls_session.c (handshake, write, read), socket_bio.c (SIGPIPE-free BIO),
 * socket_wait.c (bounded poll); the response grows in a wpl_buffer
 * (plugin_support.h) capped at the size limit.
 */
#include "httpsreq_config.h"
#include "httpsreq_functions.h"
#include "httpsreq_state.h"

#include <wasmedge/plugin_support.h>

#include <stdio.h>

static const char MODULE_NAME[] = "wasmedge_httpsreq";

static WasmEdge_ModuleInstanceContext *
create_httpsreq_module(const WasmEdge_ModuleDescriptor *descriptor) {
  (void)descriptor;
  httpsreq_state *state = httpsreq_state_create();
  if (state == NULL) {
    fprintf(stderr, "wasmedge_httpsreq: out of memory creating the module "
                    "state; every wasmedge_httpsreq call will trap with "
                    "error 12\n");
  }
  /* With state NULL the functions still exist and trap when called:
   * Create must never return NULL (the runtime would crash). */
  return wpl_module_create(MODULE_NAME, state, httpsreq_state_destroy,
                           httpsreq_host_functions,
                           httpsreq_host_function_count);
}

static WasmEdge_ModuleDescriptor module_descriptors[] = {
    {
        .Name = MODULE_NAME,
        .Description = "Send raw HTTP requests over verified TLS",
        .Create = create_httpsreq_module,
    },
};

/* Names start with "https-" so they cannot clash with wasmedge's own. */
static WasmEdge_ProgramOption program_options[] = {
    {.Name = "https-ca-file",
     .Description = "PEM file of extra CA certificates the server "
                    "certificate may chain to (added to the system store)",
     .Type = WasmEdge_ProgramOptionType_String,
     .Storage = &httpsreq_ca_file_option,
     .DefaultValue = &httpsreq_ca_file_default},
    {.Name = "https-insecure",
     .Description = "Do not verify server certificates or host names "
                    "(says so on stderr at every request)",
     .Type = WasmEdge_ProgramOptionType_Toggle,
     .Storage = &httpsreq_insecure_option,
     .DefaultValue = NULL},
    {.Name = "https-connect-timeout-ms",
     .Description = "Longest time for the TCP connection and the TLS "
                    "handshake, in milliseconds (default 10000)",
     .Type = WasmEdge_ProgramOptionType_UInt32,
     .Storage = &httpsreq_connect_timeout_option,
     .DefaultValue = &httpsreq_connect_timeout_default},
    {.Name = "https-read-timeout-ms",
     .Description = "Longest wait for the server to send or accept data "
                    "once connected, in milliseconds (default 30000)",
     .Type = WasmEdge_ProgramOptionType_UInt32,
     .Storage = &httpsreq_read_timeout_option,
     .DefaultValue = &httpsreq_read_timeout_default},
    {.Name = "https-request-timeout-ms",
     .Description = "Longest time for a whole request, from connecting to "
                    "the last byte of the response, in milliseconds "
                    "(default 60000)",
     .Type = WasmEdge_ProgramOptionType_UInt32,
     .Storage = &httpsreq_request_timeout_option,
     .DefaultValue = &httpsreq_request_timeout_default},
    {.Name = "https-max-response-bytes",
     .Description = "Largest response kept, in bytes; a longer one is an "
                    "error (default 67108864 = 64 MiB)",
     .Type = WasmEdge_ProgramOptionType_UInt64,
     .Storage = &httpsreq_max_response_option,
     .DefaultValue = &httpsreq_max_response_default},
    {.Name = "https-quiet",
     .Description = "Do not print a diagnostic line on stderr when a "
                    "request fails",
     .Type = WasmEdge_ProgramOptionType_Toggle,
     .Storage = &httpsreq_quiet_option,
     .DefaultValue = NULL},
};

static const WasmEdge_PluginDescriptor plugin_descriptor = {
    .Name = "wasmedge_httpsreq",
    .Description = "Send raw HTTP requests over verified TLS connections "
                   "from wasm",
    .APIVersion = WASMEDGE_PLUGIN_API_VERSION,
    .Version = WPL_PLUGIN_VERSION_DATA,
    .ModuleCount = sizeof(module_descriptors) / sizeof(module_descriptors[0]),
    .ProgramOptionCount = sizeof(program_options) / sizeof(program_options[0]),
    .ModuleDescriptions = module_descriptors,
    .ProgramOptions = program_options,
};

const WasmEdge_PluginDescriptor *WasmEdge_Plugin_GetDescriptor(void) {
  return &plugin_descriptor;
}

/* Per-instance OpenSSL context, built lazily: see tls_context.h. */
#include "tls_context.h"

#include "socket_bio.h"

#include <openssl/err.h>
#include <stdio.h>
#include <string.h>

void tls_describe_errors(char *out, size_t size) {
  size_t used = 0;
  unsigned long err;
  while ((err = ERR_get_error()) != 0 && size > used + 2) {
    if (used > 0) {
      out[used++] = ';';
      out[used++] = ' ';
    }
    ERR_error_string_n(err, out + used, size - used);
    used += strlen(out + used);
  }
  ERR_clear_error();
  if (used == 0 && size > 0) {
    snprintf(out, size, "no details from OpenSSL");
  }
}

/* Adds one CA file to the trust store. */
static httpsreq_error add_ca_file(SSL_CTX *ctx, const char *path,
                                  const char *source,
                                  httpsreq_failure *failure) {
  if (path == NULL) {
    return HTTPSREQ_OK;
  }
  if (SSL_CTX_load_verify_locations(ctx, path, NULL) == 1) {
    return HTTPSREQ_OK;
  }
  char why[200];
  tls_describe_errors(why, sizeof(why));
  return httpsreq_fail(failure, HTTPSREQ_ERR_CA_FILE,
                       "cannot load CA file \"%s\" (from %s): %s", path,
                       source, why);
}

static httpsreq_error configure(SSL_CTX *ctx, const httpsreq_config *config,
                                httpsreq_failure *failure) {
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
    return httpsreq_fail(failure, HTTPSREQ_ERR_NO_RESOURCES,
                         "cannot require TLS 1.2 in the OpenSSL context");
  }
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
  /* A server closing TCP without close_notify ends the response (as
   * upstream); HTTP framing lets the guest detect a truncated body. */
  SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
  if (config->insecure) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    return HTTPSREQ_OK;
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
  if (config->ca_file_invalid) {
    return httpsreq_fail(failure, HTTPSREQ_ERR_CA_FILE,
                         "the CA file name (--https-ca-file or "
                         HTTPSREQ_CA_FILE_ENV ") contains a NUL byte");
  }
  /* A machine without a system store still works with a CA file, so a
   * failure here is not fatal; verification then fails per request. */
  if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
    ERR_clear_error();
  }
  httpsreq_error code = add_ca_file(ctx, config->option_ca_file,
                                    "--https-ca-file", failure);
  if (code == HTTPSREQ_OK) {
    code = add_ca_file(ctx, config->env_ca_file, HTTPSREQ_CA_FILE_ENV,
                       failure);
  }
  return code;
}

httpsreq_error tls_context_prepare(tls_context *tls,
                                   const httpsreq_config *config,
                                   httpsreq_failure *failure) {
  if (tls->ctx != NULL) {
    return HTTPSREQ_OK;
  }
  ERR_clear_error();
  if (tls->bio_method == NULL) {
    tls->bio_method = socket_bio_method_create();
    if (tls->bio_method == NULL) {
      ERR_clear_error();
      return httpsreq_fail(failure, HTTPSREQ_ERR_NO_RESOURCES,
                           "cannot create the socket BIO method");
    }
  }
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == NULL) {
    char why[200];
    tls_describe_errors(why, sizeof(why));
    return httpsreq_fail(failure, HTTPSREQ_ERR_NO_RESOURCES,
                         "cannot create an OpenSSL context: %s", why);
  }
  httpsreq_error code = configure(ctx, config, failure);
  if (code != HTTPSREQ_OK) {
    SSL_CTX_free(ctx);
    ERR_clear_error();
    return code;
  }
  tls->ctx = ctx;
  return HTTPSREQ_OK;
}

void tls_context_release(tls_context *tls) {
  SSL_CTX_free(tls->ctx);
  tls->ctx = NULL;
  if (tls->bio_method != NULL) {
    BIO_meth_free(tls->bio_method);
    tls->bio_method = NULL;
  }
}

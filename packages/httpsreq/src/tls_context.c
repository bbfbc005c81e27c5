/* Per-instance OpenSSL context, built lazily: see tls_context.h. */
#include "tls_context.h"

#include "socket_bio.h"

#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#ifdef HTTPSREQ_BUNDLED_OPENSSL
/* A bundled OpenSSL looks for CAs under its own OPENSSLDIR (/etc/ssl), which
 * is right for Debian, Ubuntu, SUSE and Alpine but not for RHEL-like systems.
 * Where the SSL_CERT_FILE/SSL_CERT_DIR overrides are unset, the first
 * system bundle found in these well-known places is added as well. */
static const char *const SYSTEM_CA_BUNDLES[] = {
    "/etc/ssl/certs/ca-certificates.crt",                /* Debian, Ubuntu */
    "/etc/pki/tls/certs/ca-bundle.crt",                  /* RHEL, Fedora */
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", /* RHEL 7+ */
    "/etc/ssl/ca-bundle.pem",                            /* SUSE */
    "/etc/ssl/cert.pem",                                 /* Alpine */
};

static void add_system_ca_bundle(SSL_CTX *ctx) {
  if (getenv("SSL_CERT_FILE") != NULL || getenv("SSL_CERT_DIR") != NULL) {
    return;
  }
  for (size_t i = 0; i < sizeof(SYSTEM_CA_BUNDLES) / sizeof(*SYSTEM_CA_BUNDLES);
       ++i) {
    if (access(SYSTEM_CA_BUNDLES[i], R_OK) == 0 &&
        SSL_CTX_load_verify_locations(ctx, SYSTEM_CA_BUNDLES[i], NULL) == 1) {
      return;
    }
    ERR_clear_error();
  }
}
#endif

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
#ifdef HTTPSREQ_BUNDLED_OPENSSL
  add_system_ca_bundle(ctx);
#endif
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
#ifdef HTTPSREQ_BUNDLED_OPENSSL
  /* The bundled copy must not read the system's openssl.cnf: it belongs to
   * the system's OpenSSL and may name providers this build does not have.
   * This is the copy's first initialisation, so the flag holds. */
  if (OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) != 1) {
    return httpsreq_fail(failure, HTTPSREQ_ERR_NO_RESOURCES,
                         "cannot initialise the bundled OpenSSL");
  }
#endif
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

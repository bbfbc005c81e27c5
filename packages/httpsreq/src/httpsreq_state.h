/*
 * Per-module-instance state of wasmedge_httpsreq: the options copied at
 * Create, the OpenSSL context built at the first request, and the received
 * data of the last request. Nothing here is global.
 */
#ifndef HTTPSREQ_STATE_H
#define HTTPSREQ_STATE_H

#include "httpsreq_config.h"
#include <wasmedge/plugin_support.h>
#include "tls_context.h"

#include <pthread.h>

typedef struct httpsreq_state {
  /* Guest threads may share one instance; every host function holds this
   * while it touches the state. */
  pthread_mutex_t lock;
  httpsreq_config config;
  tls_context tls;
  wpl_buffer received; /* empty before the first successful request
                               and after any failed one */
} httpsreq_state;

/* NULL when memory runs out. Cheap: no OpenSSL work happens here. */
httpsreq_state *httpsreq_state_create(void);

/* Module finalizer; accepts NULL. */
void httpsreq_state_destroy(void *state);

#endif /* HTTPSREQ_STATE_H */

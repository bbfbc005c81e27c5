/* Per-instance state of wasmedge_httpsreq: see httpsreq_state.h. */
#include "httpsreq_state.h"

#include <stdlib.h>

httpsreq_state *httpsreq_state_create(void) {
  httpsreq_state *state = calloc(1, sizeof(*state));
  if (state == NULL) {
    return NULL;
  }
  if (pthread_mutex_init(&state->lock, NULL) != 0) {
    free(state);
    return NULL;
  }
  if (!httpsreq_config_load(&state->config)) {
    pthread_mutex_destroy(&state->lock);
    free(state);
    return NULL;
  }
  return state;
}

void httpsreq_state_destroy(void *opaque) {
  httpsreq_state *state = opaque;
  if (state == NULL) {
    return;
  }
  wpl_buffer_release(&state->received);
  tls_context_release(&state->tls);
  httpsreq_config_free(&state->config);
  pthread_mutex_destroy(&state->lock);
  free(state);
}

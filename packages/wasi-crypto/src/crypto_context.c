/* The shared, reference-counted crypto context (see crypto_context.h). */
#include "crypto_context.h"

#include <pthread.h>
#include <stdlib.h>

#ifdef WASI_CRYPTO_BUNDLED_OPENSSL
#include <openssl/crypto.h>
#endif

struct crypto_context {
  pthread_mutex_t lock; /* guards the tables and every object's refs */
  handle_table tables[HANDLE_KIND_COUNT];
};

/* The process-wide context and the number of instances holding it. */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static crypto_context *shared_context;
static size_t shared_instances;

static crypto_context *context_create(void) {
#ifdef WASI_CRYPTO_BUNDLED_OPENSSL
  /* The bundled libcrypto must not read the system's openssl.cnf: it
   * belongs to the system's OpenSSL and may name providers this build does
   * not have. Nothing has initialised this private copy yet, so the flag
   * holds. */
  if (OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) != 1) {
    return NULL;
  }
#endif
  crypto_context *context = calloc(1, sizeof(*context));
  if (context == NULL) {
    return NULL;
  }
  if (pthread_mutex_init(&context->lock, NULL) != 0) {
    free(context);
    return NULL;
  }
  for (size_t kind = 0; kind < HANDLE_KIND_COUNT; ++kind) {
    handle_table_init(&context->tables[kind]);
  }
  return context;
}

/* Drops the table's reference of an object left open at the end. No call
 * is running any more, so it is the last reference. */
static void drop_leftover(crypto_object *object) {
  if (--object->refs == 0) {
    object->destroy(object);
  }
}

static void context_destroy(crypto_context *context) {
  for (size_t kind = 0; kind < HANDLE_KIND_COUNT; ++kind) {
    handle_table_clear(&context->tables[kind], drop_leftover);
  }
  pthread_mutex_destroy(&context->lock);
  free(context);
}

crypto_context *crypto_context_retain(void) {
  pthread_mutex_lock(&shared_lock);
  if (shared_context == NULL) {
    shared_context = context_create();
  }
  crypto_context *context = shared_context;
  if (context != NULL) {
    shared_instances++;
  }
  pthread_mutex_unlock(&shared_lock);
  return context;
}

void crypto_context_release(void *context) {
  if (context == NULL) {
    return;
  }
  crypto_context *last = NULL;
  pthread_mutex_lock(&shared_lock);
  if (context == shared_context && --shared_instances == 0) {
    last = shared_context;
    shared_context = NULL;
  }
  pthread_mutex_unlock(&shared_lock);
  if (last != NULL) {
    context_destroy(last);
  }
}

crypto_errno crypto_context_publish(crypto_context *context,
                                    crypto_object *object, uint32_t *handle) {
  uint32_t counter = 0;
  pthread_mutex_lock(&context->lock);
  crypto_errno rc =
      handle_table_insert(&context->tables[object->kind], object, &counter);
  pthread_mutex_unlock(&context->lock);
  if (rc != CRYPTO_ERRNO_SUCCESS) {
    object->destroy(object); /* never shared: ours is the only reference */
    return rc;
  }
  *handle = (counter << 8) | (uint32_t)object->kind;
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno crypto_context_acquire(crypto_context *context, handle_kind kind,
                                    uint32_t handle, crypto_object **object) {
  if ((handle & 0xFFu) != (uint32_t)kind) {
    return CRYPTO_ERRNO_INVALID_HANDLE;
  }
  pthread_mutex_lock(&context->lock);
  crypto_object *found = handle_table_find(&context->tables[kind], handle >> 8);
  if (found != NULL) {
    found->refs++;
  }
  pthread_mutex_unlock(&context->lock);
  if (found == NULL) {
    return CRYPTO_ERRNO_INVALID_HANDLE;
  }
  *object = found;
  return CRYPTO_ERRNO_SUCCESS;
}

void crypto_context_put(crypto_context *context, crypto_object *object) {
  if (object == NULL) {
    return;
  }
  pthread_mutex_lock(&context->lock);
  bool last = --object->refs == 0;
  pthread_mutex_unlock(&context->lock);
  if (last) {
    object->destroy(object);
  }
}

crypto_errno crypto_context_close(crypto_context *context, handle_kind kind,
                                  uint32_t handle) {
  if ((handle & 0xFFu) != (uint32_t)kind) {
    return CRYPTO_ERRNO_CLOSED;
  }
  pthread_mutex_lock(&context->lock);
  crypto_object *removed =
      handle_table_remove(&context->tables[kind], handle >> 8);
  pthread_mutex_unlock(&context->lock);
  if (removed == NULL) {
    return CRYPTO_ERRNO_CLOSED;
  }
  crypto_context_put(context, removed); /* the table's reference */
  return CRYPTO_ERRNO_SUCCESS;
}

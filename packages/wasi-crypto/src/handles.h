/*
 * Handles and the objects behind them.
 *
 * A handle is the i32 the guest holds: kind (low 8 bits, spec §2.1 type_id)
 * plus counter x 256, with one 24-bit counter per kind starting at 1. So the
 * first handle of each kind is 0x100 + kind, as upstream.
 *
 * Counters only go up: a closed handle is never issued again while the
 * shared context lives, so a guest that keeps a stale handle gets 15 (or 14
 * on close), never somebody else's object. After 2^24 - 1 handles of one
 * kind the table answers 18 TOO_MANY_HANDLES until the context is released
 * (every instance destroyed).
 *
 * Objects are reference counted: the table holds one reference, and every
 * host call that uses an object holds another for the duration of the call,
 * so closing a handle while another guest thread uses it is safe. Each
 * object also has a mutex that serialises the operations on it.
 */
#ifndef WASI_CRYPTO_HANDLES_H
#define WASI_CRYPTO_HANDLES_H

#include "crypto_errno.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Table per kind; the value is the type_id of spec §2.1. */
typedef enum handle_kind {
  HANDLE_KIND_ARRAY_OUTPUT = 0x00,
  HANDLE_KIND_OPTIONS = 0x01,
  HANDLE_KIND_SIGNATURE_VERIFICATION_STATE = 0x02,
  HANDLE_KIND_PUBLICKEY = 0x03,
  HANDLE_KIND_SECRETKEY = 0x04,
  HANDLE_KIND_KEYPAIR = 0x05,
  HANDLE_KIND_SIGNATURE = 0x06,
  HANDLE_KIND_SIGNATURE_STATE = 0x07,
  HANDLE_KIND_SYMMETRIC_STATE = 0x08,
  HANDLE_KIND_SYMMETRIC_KEY = 0x09,
  HANDLE_KIND_SYMMETRIC_TAG = 0x0A,
  HANDLE_KIND_COUNT
} handle_kind;

enum { HANDLE_COUNTER_MAX = 0xFFFFFF };

typedef struct crypto_object crypto_object;

struct crypto_object {
  handle_kind kind;
  uint32_t refs;         /* guarded by the owning context's lock */
  pthread_mutex_t lock;  /* held while an operation uses the object */
  void (*destroy)(crypto_object *object); /* frees the whole object */
};

/* Sets up the header of a new object with one reference; false when the
 * mutex cannot be created. */
bool crypto_object_init(crypto_object *object, handle_kind kind,
                        void (*destroy)(crypto_object *object));

/* Releases the header's resources; called by each destroy function. */
void crypto_object_fini(crypto_object *object);

void crypto_object_lock(crypto_object *object);
void crypto_object_unlock(crypto_object *object);

/* Open-addressing map from counter to object, for one kind. */
typedef struct handle_slot {
  uint32_t counter; /* 0 = empty */
  crypto_object *object;
} handle_slot;

typedef struct handle_table {
  uint32_t next_counter; /* next counter to issue; never decreases */
  size_t live;
  size_t capacity; /* power of two, or 0 */
  handle_slot *slots;
} handle_table;

void handle_table_init(handle_table *table);

/* Issues the next counter for `object`: 18 when the counters are used up,
 * 12 when the map cannot grow. */
crypto_errno handle_table_insert(handle_table *table, crypto_object *object,
                                 uint32_t *counter);

/* The object of `counter`, or NULL. */
crypto_object *handle_table_find(const handle_table *table, uint32_t counter);

/* Removes and returns the object of `counter`, or NULL. */
crypto_object *handle_table_remove(handle_table *table, uint32_t counter);

/* Removes every object, passing each to `drop`, and frees the map. */
void handle_table_clear(handle_table *table, void (*drop)(crypto_object *));

#endif /* WASI_CRYPTO_HANDLES_H */

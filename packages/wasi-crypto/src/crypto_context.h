/*
 * The crypto context that all module instances of the plug-in share.
 *
 * Handles returned by one module are used through the others (an
 * array_output made by `symmetric_key_export` is read with the common
 * module's `array_output_pull`; key pairs from asymmetric_common are used
 * by signatures),
 * so the five wasi_crypto instances must see the same handle tables. As
 * upstream, the context is process-wide: the first instance created makes
 * it, each instance holds one reference, and the finalizer of the last one
 * destroys it with every object still open (secrets are wiped then).
 *
 * Thread safety: creation and the instance count are guarded by a static
 * mutex, so instances may be created and destroyed from several threads;
 * the handle tables and object reference counts by the context's mutex.
 */
#ifndef WASI_CRYPTO_CONTEXT_H
#define WASI_CRYPTO_CONTEXT_H

#include "crypto_errno.h"
#include "handles.h"

#include <stdint.h>

typedef struct crypto_context crypto_context;

/* Takes a reference on the shared context, creating it if needed; NULL when
 * memory runs out. */
crypto_context *crypto_context_retain(void);

/* Drops a reference (the module finalizer); accepts NULL. */
void crypto_context_release(void *context);

/*
 * Gives `object` (and its one reference) to the table of its kind and writes
 * its new handle. On failure (18, 12) the object is destroyed.
 */
crypto_errno crypto_context_publish(crypto_context *context,
                                    crypto_object *object, uint32_t *handle);

/*
 * Finds `handle` in the table of `kind` and takes a reference on its
 * object, to give back with crypto_context_put. Unknown handle, closed
 * handle or handle of another kind -> 15.
 */
crypto_errno crypto_context_acquire(crypto_context *context, handle_kind kind,
                                    uint32_t handle, crypto_object **object);

/* Drops a reference taken by acquire (or the creator's, for an object that
 * was never published); the last one destroys the object. */
void crypto_context_put(crypto_context *context, crypto_object *object);

/* Removes `handle` from the table of `kind`: unknown or already closed
 * -> 14. The object lives on while a call still uses it. */
crypto_errno crypto_context_close(crypto_context *context, handle_kind kind,
                                  uint32_t handle);

#endif /* WASI_CRYPTO_CONTEXT_H */

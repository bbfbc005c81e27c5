/* Implementations of the wasi_ephemeral_crypto_symmetric imports, one per
 * import and named like it; registered by symmetric_module.c, which
 * documents each one. Shared helpers at the end. */
#ifndef WASI_CRYPTO_SYMMETRIC_FUNCTIONS_H
#define WASI_CRYPTO_SYMMETRIC_FUNCTIONS_H

#include "guest_io.h"
#include "options.h"
#include "symmetric_state.h"

/* symmetric_key_functions.c */
crypto_errno symmetric_key_generate(const crypto_call *call);
crypto_errno symmetric_key_import(const crypto_call *call);
crypto_errno symmetric_key_export(const crypto_call *call);
crypto_errno symmetric_key_close(const crypto_call *call);
crypto_errno symmetric_key_generate_managed(const crypto_call *call);
crypto_errno symmetric_key_store_managed(const crypto_call *call);
crypto_errno symmetric_key_replace_managed(const crypto_call *call);
crypto_errno symmetric_key_id(const crypto_call *call);
crypto_errno symmetric_key_from_id(const crypto_call *call);

/* symmetric_state_functions.c */
crypto_errno symmetric_state_open(const crypto_call *call);
crypto_errno symmetric_state_clone(const crypto_call *call);
crypto_errno symmetric_state_options_get(const crypto_call *call);
crypto_errno symmetric_state_options_get_u64(const crypto_call *call);
crypto_errno symmetric_state_close(const crypto_call *call);
crypto_errno symmetric_state_absorb(const crypto_call *call);
crypto_errno symmetric_state_squeeze(const crypto_call *call);
crypto_errno symmetric_state_squeeze_tag(const crypto_call *call);
crypto_errno symmetric_state_squeeze_key(const crypto_call *call);
crypto_errno symmetric_state_max_tag_len(const crypto_call *call);
crypto_errno symmetric_state_ratchet(const crypto_call *call);

/* symmetric_crypt_functions.c */
crypto_errno symmetric_state_encrypt(const crypto_call *call);
crypto_errno symmetric_state_encrypt_detached(const crypto_call *call);
crypto_errno symmetric_state_decrypt(const crypto_call *call);
crypto_errno symmetric_state_decrypt_detached(const crypto_call *call);

/* symmetric_tag_functions.c */
crypto_errno symmetric_tag_len(const crypto_call *call);
crypto_errno symmetric_tag_pull(const crypto_call *call);
crypto_errno symmetric_tag_verify(const crypto_call *call);
crypto_errno symmetric_tag_close(const crypto_call *call);

/*
 * For an optional options argument already read from the guest: when
 * present, takes a reference on the set, which must be a symmetric one
 * (else 15); *options stays NULL when absent. Release with
 * crypto_context_put (which accepts NULL).
 */
crypto_errno acquire_symmetric_options(crypto_context *context, bool present,
                                       uint32_t handle,
                                       options_object **options);

/* Takes a reference on the state `handle` (15 if none) and locks it;
 * undo with unlock_symmetric_state. */
crypto_errno lock_symmetric_state(const crypto_call *call, uint32_t handle,
                                  symmetric_state **state);
void unlock_symmetric_state(const crypto_call *call, symmetric_state *state);

#endif /* WASI_CRYPTO_SYMMETRIC_FUNCTIONS_H */

/* Implementations of the wasi_ephemeral_crypto_symmetric imports, one per
 * import and named like it; registered by symmetric_module.c, which
 * documents each one. Shared helpers at the end. */
#ifndef WASI_CRYPTO_SYMMETRIC_FUNCTIONS_H
#define WASI_CRYPTO_SYMMETRIC_FUNCTIONS_H

#include "guest_io.h"
#include "options.h"
#include "symmetric_state.h"

/* symmetric_key_functions.c */
WPL_HOST_FUNCTION(symmetric_key_generate);
WPL_HOST_FUNCTION(symmetric_key_import);
WPL_HOST_FUNCTION(symmetric_key_export);
WPL_HOST_FUNCTION(symmetric_key_close);
WPL_HOST_FUNCTION(symmetric_key_generate_managed);
WPL_HOST_FUNCTION(symmetric_key_store_managed);
WPL_HOST_FUNCTION(symmetric_key_replace_managed);
WPL_HOST_FUNCTION(symmetric_key_id);
WPL_HOST_FUNCTION(symmetric_key_from_id);

/* symmetric_state_functions.c */
WPL_HOST_FUNCTION(symmetric_state_open);
WPL_HOST_FUNCTION(symmetric_state_clone);
WPL_HOST_FUNCTION(symmetric_state_options_get);
WPL_HOST_FUNCTION(symmetric_state_options_get_u64);
WPL_HOST_FUNCTION(symmetric_state_close);
WPL_HOST_FUNCTION(symmetric_state_absorb);
WPL_HOST_FUNCTION(symmetric_state_squeeze);
WPL_HOST_FUNCTION(symmetric_state_squeeze_tag);
WPL_HOST_FUNCTION(symmetric_state_squeeze_key);
WPL_HOST_FUNCTION(symmetric_state_max_tag_len);
WPL_HOST_FUNCTION(symmetric_state_ratchet);

/* symmetric_crypt_functions.c */
WPL_HOST_FUNCTION(symmetric_state_encrypt);
WPL_HOST_FUNCTION(symmetric_state_encrypt_detached);
WPL_HOST_FUNCTION(symmetric_state_decrypt);
WPL_HOST_FUNCTION(symmetric_state_decrypt_detached);

/* symmetric_tag_functions.c */
WPL_HOST_FUNCTION(symmetric_tag_len);
WPL_HOST_FUNCTION(symmetric_tag_pull);
WPL_HOST_FUNCTION(symmetric_tag_verify);
WPL_HOST_FUNCTION(symmetric_tag_close);

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

/* The host functions of wasi_ephemeral_crypto_asymmetric_common (declared
 * for asymmetric_module.c, which documents each), and the import/export
 * steps the three key kinds share. */
#ifndef WASI_CRYPTO_ASYMMETRIC_FUNCTIONS_H
#define WASI_CRYPTO_ASYMMETRIC_FUNCTIONS_H

#include "asymmetric_key.h"
#include "guest_io.h"
#include "key_encoding.h"

/* asymmetric_keypair_functions.c */
WPL_HOST_FUNCTION(keypair_generate);
WPL_HOST_FUNCTION(keypair_import);
WPL_HOST_FUNCTION(keypair_generate_managed);
WPL_HOST_FUNCTION(keypair_store_managed);
WPL_HOST_FUNCTION(keypair_replace_managed);
WPL_HOST_FUNCTION(keypair_id);
WPL_HOST_FUNCTION(keypair_from_id);
WPL_HOST_FUNCTION(keypair_from_pk_and_sk);
WPL_HOST_FUNCTION(keypair_export);
WPL_HOST_FUNCTION(keypair_publickey);
WPL_HOST_FUNCTION(keypair_secretkey);
WPL_HOST_FUNCTION(keypair_close);

/* asymmetric_key_functions.c */
WPL_HOST_FUNCTION(publickey_import);
WPL_HOST_FUNCTION(publickey_export);
WPL_HOST_FUNCTION(publickey_verify);
WPL_HOST_FUNCTION(publickey_from_secretkey);
WPL_HOST_FUNCTION(publickey_close);
WPL_HOST_FUNCTION(secretkey_import);
WPL_HOST_FUNCTION(secretkey_export);
WPL_HOST_FUNCTION(secretkey_close);

/* The handle kind of each key part. */
handle_kind key_part_kind(key_part part);

/* keypair_import / publickey_import / secretkey_import: (alg_type,
 * alg_ptr, alg_len, encoded_ptr, encoded_len, encoding, out_ptr). */
crypto_errno import_key(const crypto_call *call, key_part part);

/* keypair_export / publickey_export / secretkey_export: (handle, encoding,
 * array_output_ptr). */
crypto_errno export_key(const crypto_call *call, key_part part);

/* Publishes a public-only copy of the key `handle` of `kind` and writes
 * its handle to the slot at `out_ptr` (checked first). */
crypto_errno publish_public_half(const crypto_call *call, handle_kind kind,
                                 uint32_t handle, uint32_t out_ptr);

#endif /* WASI_CRYPTO_ASYMMETRIC_FUNCTIONS_H */

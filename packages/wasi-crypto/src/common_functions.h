/* Implementations of the wasi_ephemeral_crypto_common imports, one per
 * import and named like it; registered by common_module.c, which documents
 * each one. */
#ifndef WASI_CRYPTO_COMMON_FUNCTIONS_H
#define WASI_CRYPTO_COMMON_FUNCTIONS_H

#include "guest_io.h"

crypto_errno array_output_len(const crypto_call *call);
crypto_errno array_output_pull(const crypto_call *call);
crypto_errno options_open(const crypto_call *call);
crypto_errno options_close(const crypto_call *call);
crypto_errno options_set(const crypto_call *call);
crypto_errno options_set_u64(const crypto_call *call);
crypto_errno options_set_guest_buffer(const crypto_call *call);
crypto_errno secrets_manager_open(const crypto_call *call);
crypto_errno secrets_manager_close(const crypto_call *call);
crypto_errno secrets_manager_invalidate(const crypto_call *call);

#endif /* WASI_CRYPTO_COMMON_FUNCTIONS_H */

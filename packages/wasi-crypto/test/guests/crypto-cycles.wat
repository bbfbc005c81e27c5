;; Opens and closes keys and states in a loop inside wasm, for the memory
;; test: each cycle generates a key, exports it and pulls the array_output
;; to its end (which closes it), opens a state with the key, absorbs data,
;; then either encrypts (mode 1, AEAD) or squeezes and closes a tag (mode 2,
;; HMAC), and closes the state and the key.
;;
;; cycles(n, alg_ptr, alg_len, opt_options_ptr, data_ptr, data_len, out_ptr,
;;        mode) -> 0, or step * 256 + errno of the first failing call.
;; options_cycles(n, slot_ptr) -> 0, or the errno of the first failing
;;        options_open; opens and closes n symmetric option sets.
;; Scratch slots at fixed addresses (the test keeps its data above 256):
;;   0 key handle, 8 optional-key struct, 16 state, 24 array_output,
;;   32 size, 40 tag.
(module
  (import "wasi_ephemeral_crypto_common" "options_open" (func $options_open (param i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_common" "options_close" (func $options_close (param i32) (result i32)))
  (import "wasi_ephemeral_crypto_common" "array_output_pull" (func $array_output_pull (param i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_key_generate" (func $key_generate (param i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_key_export" (func $key_export (param i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_key_close" (func $key_close (param i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_state_open" (func $state_open (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_state_absorb" (func $state_absorb (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_state_encrypt" (func $state_encrypt (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_state_squeeze_tag" (func $state_squeeze_tag (param i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_state_close" (func $state_close (param i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_tag_close" (func $tag_close (param i32) (result i32)))
  (memory (export "memory") 2)

  ;; 0 when rc is 0, else step * 256 + rc.
  (func $fail (param $step i32) (param $rc i32) (result i32)
    (if (result i32) (local.get $rc)
      (then (i32.add (i32.shl (local.get $step) (i32.const 8)) (local.get $rc)))
      (else (i32.const 0))))

  (func (export "cycles")
    (param $n i32) (param $alg i32) (param $alg_len i32) (param $opts i32)
    (param $data i32) (param $data_len i32) (param $out i32) (param $mode i32)
    (result i32)
    (local $i i32) (local $r i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; 1: key
        (local.set $r (call $fail (i32.const 1)
          (call $key_generate (local.get $alg) (local.get $alg_len) (local.get $opts) (i32.const 0))))
        (br_if $done (local.get $r))
        ;; 2, 3: export the key and pull all of it (closes the array_output)
        (local.set $r (call $fail (i32.const 2)
          (call $key_export (i32.load (i32.const 0)) (i32.const 24))))
        (br_if $done (local.get $r))
        (local.set $r (call $fail (i32.const 3)
          (call $array_output_pull (i32.load (i32.const 24)) (local.get $out) (i32.const 64) (i32.const 32))))
        (br_if $done (local.get $r))
        ;; 4: state with Some(key)
        (i32.store (i32.const 8) (i32.const 0))
        (i32.store (i32.const 12) (i32.load (i32.const 0)))
        (local.set $r (call $fail (i32.const 4)
          (call $state_open (local.get $alg) (local.get $alg_len) (i32.const 8) (local.get $opts) (i32.const 16))))
        (br_if $done (local.get $r))
        ;; 5: absorb
        (local.set $r (call $fail (i32.const 5)
          (call $state_absorb (i32.load (i32.const 16)) (local.get $data) (local.get $data_len))))
        (br_if $done (local.get $r))
        ;; 6: encrypt, or 7, 8: squeeze a tag and close it
        (if (i32.eq (local.get $mode) (i32.const 1))
          (then
            (local.set $r (call $fail (i32.const 6)
              (call $state_encrypt (i32.load (i32.const 16)) (local.get $out)
                (i32.add (local.get $data_len) (i32.const 16))
                (local.get $data) (local.get $data_len) (i32.const 32))))))
        (if (i32.eq (local.get $mode) (i32.const 2))
          (then
            (local.set $r (call $fail (i32.const 7)
              (call $state_squeeze_tag (i32.load (i32.const 16)) (i32.const 40))))
            (if (i32.eqz (local.get $r))
              (then (local.set $r (call $fail (i32.const 8)
                (call $tag_close (i32.load (i32.const 40)))))))))
        (br_if $done (local.get $r))
        ;; 9, 10: close state and key
        (local.set $r (call $fail (i32.const 9) (call $state_close (i32.load (i32.const 16)))))
        (br_if $done (local.get $r))
        (local.set $r (call $fail (i32.const 10) (call $key_close (i32.load (i32.const 0)))))
        (br_if $done (local.get $r))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $r))

  (func (export "options_cycles") (param $n i32) (param $slot i32) (result i32)
    (local $i i32) (local $r i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $r (call $options_open (i32.const 1) (local.get $slot)))
        (br_if $done (local.get $r))
        (drop (call $options_close (i32.load (local.get $slot))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $r))
)

;; A WASI program: SHA-256("abc") through wasi_ephemeral_crypto_symmetric, printed
;; as hex on stdout. A failing call exits with step*32 + errno (steps: 1 open,
;; 2 absorb, 3 squeeze). Used by the runtime conformance case.
(module
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_state_open" (func $open (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_state_absorb" (func $absorb (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_crypto_symmetric" "symmetric_state_squeeze" (func $squeeze (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "SHA-256")
  (data (i32.const 16) "abc")
  (data (i32.const 32) "\01\00\00\00\00\00\00\00")  ;; opt key: none
  (data (i32.const 40) "\01\00\00\00\00\00\00\00")  ;; opt options: none
  (data (i32.const 300) "0123456789abcdef")
  (func $check (param $step i32) (param $e i32)
    (if (local.get $e) (then (call $proc_exit (i32.add (i32.mul (local.get $step) (i32.const 32)) (local.get $e))))))
  (func (export "_start")
    (local $st i32) (local $i i32) (local $b i32)
    (call $check (i32.const 1) (call $open (i32.const 0) (i32.const 7) (i32.const 32) (i32.const 40) (i32.const 48)))
    (local.set $st (i32.load (i32.const 48)))
    (call $check (i32.const 2) (call $absorb (local.get $st) (i32.const 16) (i32.const 3)))
    (call $check (i32.const 3) (call $squeeze (local.get $st) (i32.const 64) (i32.const 32)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.const 32)))
      (local.set $b (i32.load8_u (i32.add (i32.const 64) (local.get $i))))
      (i32.store8 (i32.add (i32.const 128) (i32.shl (local.get $i) (i32.const 1)))
        (i32.load8_u (i32.add (i32.const 300) (i32.shr_u (local.get $b) (i32.const 4)))))
      (i32.store8 (i32.add (i32.const 129) (i32.shl (local.get $i) (i32.const 1)))
        (i32.load8_u (i32.add (i32.const 300) (i32.and (local.get $b) (i32.const 15)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (i32.store8 (i32.const 192) (i32.const 10))
    (i32.store (i32.const 256) (i32.const 128))
    (i32.store (i32.const 260) (i32.const 65))
    (drop (call $fd_write (i32.const 1) (i32.const 256) (i32.const 1) (i32.const 264)))))

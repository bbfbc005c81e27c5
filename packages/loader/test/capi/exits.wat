;; Exits from _start, for comparing exit statuses: prints "before", then
;; argv has 1 entry: the probe's terminate (Terminate result: status 0);
;; 2 entries: proc_exit(3); more: a host function trap (call_guest finds no
;; guest_double export, so it fails with a user error).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "capi_probe" "mem" (memory 1 2))
  (import "capi_probe" "terminate" (func $terminate))
  (import "capi_probe" "call_guest" (func $call_guest (param i32) (result i32)))
  (export "memory" (memory 0))
  (data (i32.const 256) "before\n")
  (data (i32.const 264) "after\n")
  (func $say (param $at i32) (param $len i32)
    (i32.store (i32.const 200) (local.get $at))
    (i32.store (i32.const 204) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 208))))
  (func (export "_start")
    (local $argc i32)
    (call $say (i32.const 256) (i32.const 7))
    (drop (call $args_sizes_get (i32.const 100) (i32.const 104)))
    (local.set $argc (i32.load (i32.const 100)))
    (if (i32.eq (local.get $argc) (i32.const 1)) (then (call $terminate)))
    (if (i32.eq (local.get $argc) (i32.const 2)) (then (call $proc_exit (i32.const 3))))
    (drop (call $call_guest (i32.const 1)))
    (call $say (i32.const 264) (i32.const 6)))
)

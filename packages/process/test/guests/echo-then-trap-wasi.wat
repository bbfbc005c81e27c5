;; A wasm32-wasi command: runs `/bin/echo hello from wasi` through the
;; wasmedge_process plug-in and writes the captured stdout to its own stdout
;; with WASI fd_write, then traps (unreachable): a trap after output.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasmedge_process" "wasmedge_process_set_prog_name" (func $set_prog_name (param i32 i32)))
  (import "wasmedge_process" "wasmedge_process_add_arg" (func $add_arg (param i32 i32)))
  (import "wasmedge_process" "wasmedge_process_run" (func $run (result i32)))
  (import "wasmedge_process" "wasmedge_process_get_stdout_len" (func $get_stdout_len (result i32)))
  (import "wasmedge_process" "wasmedge_process_get_stdout" (func $get_stdout (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "/bin/echo")
  (data (i32.const 32) "hello")
  (data (i32.const 48) "from wasi")
  (func (export "_start")
    (local $code i32)
    (call $set_prog_name (i32.const 16) (i32.const 9))
    (call $add_arg (i32.const 32) (i32.const 5))
    (call $add_arg (i32.const 48) (i32.const 9))
    (local.set $code (call $run))
    ;; stdout bytes go to offset 1024; the iovec {1024, len} at offset 0
    (call $get_stdout (i32.const 1024))
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (call $get_stdout_len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (local.get $code))
    unreachable)
)

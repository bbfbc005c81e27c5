;; A wasm32-wasi command for the conformance runner: each step's wasi_nn
;; errno is printed as one digit line, so hosts are compared by output:
;;   1. load_by_name("default")          (a model given with --nn-preload, or none)
;;   2. init_execution_context(graph)
;;   3. load_by_name("missing")          (never preloaded)
;;   4. load_by_name with a name running past the end of memory
;; argv[1] = "trap" then ends with a trap from wasm (unreachable) after the output.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "load_by_name" (func $load_by_name (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "init_execution_context" (func $init (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "default")
  (data (i32.const 32) "missing")
  ;; prints errno (0-99) as decimal and a newline
  (func $print (param $v i32)
    (i32.store8 (i32.const 200) (i32.add (i32.const 48) (i32.div_u (local.get $v) (i32.const 10))))
    (i32.store8 (i32.const 201) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
    (i32.store8 (i32.const 202) (i32.const 10))
    (i32.store (i32.const 100) (i32.const 200))
    (i32.store (i32.const 104) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 108))))
  (func (export "_start")
    (call $print (call $load_by_name (i32.const 16) (i32.const 7) (i32.const 64)))
    (call $print (call $init (i32.load (i32.const 64)) (i32.const 68)))
    (call $print (call $load_by_name (i32.const 32) (i32.const 7) (i32.const 72)))
    (call $print (call $load_by_name (i32.const 65530) (i32.const 100) (i32.const 72)))
    (drop (call $args_sizes_get (i32.const 80) (i32.const 84)))
    (if (i32.ge_u (i32.load (i32.const 80)) (i32.const 2)) (then unreachable)))
)

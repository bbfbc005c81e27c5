;; A guest of the wasi_nn plug-in. Every wasi_ephemeral_nn import is
;; re-exported under the same name, so a test can call each host function
;; from wasm with arguments of its choosing; run_model, infer and
;; infer_repeat do whole inferences in wasm, as a guest program would.
;; Memory: 16 pages to start, exported; the test places models, tensor
;; structs and buffers in it.
(module
  (import "wasi_ephemeral_nn" "load" (func $load (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "load_by_name" (func $load_by_name (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "load_by_name_with_config" (func $load_by_name_with_config (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "init_execution_context" (func $init_execution_context (param i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "set_input" (func $set_input (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "get_output" (func $get_output (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "get_output_single" (func $get_output_single (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "compute" (func $compute (param i32) (result i32)))
  (import "wasi_ephemeral_nn" "compute_single" (func $compute_single (param i32) (result i32)))
  (import "wasi_ephemeral_nn" "fini_single" (func $fini_single (param i32) (result i32)))
  (import "wasi_ephemeral_nn" "unload" (func $unload (param i32) (result i32)))
  (import "wasi_ephemeral_nn" "finalize_execution_context" (func $finalize_execution_context (param i32) (result i32)))
  (memory (export "memory") 16 65536)

  (func (export "load") (param i32 i32 i32 i32 i32) (result i32)
    (call $load (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
  (func (export "load_by_name") (param i32 i32 i32) (result i32)
    (call $load_by_name (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load_by_name_with_config") (param i32 i32 i32 i32 i32) (result i32)
    (call $load_by_name_with_config (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
  (func (export "init_execution_context") (param i32 i32) (result i32)
    (call $init_execution_context (local.get 0) (local.get 1)))
  (func (export "set_input") (param i32 i32 i32) (result i32)
    (call $set_input (local.get 0) (local.get 1) (local.get 2)))
  (func (export "get_output") (param i32 i32 i32 i32 i32) (result i32)
    (call $get_output (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
  (func (export "get_output_single") (param i32 i32 i32 i32 i32) (result i32)
    (call $get_output_single (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
  (func (export "compute") (param i32) (result i32) (call $compute (local.get 0)))
  (func (export "compute_single") (param i32) (result i32) (call $compute_single (local.get 0)))
  (func (export "fini_single") (param i32) (result i32) (call $fini_single (local.get 0)))
  (func (export "unload") (param i32) (result i32) (call $unload (local.get 0)))
  (func (export "finalize_execution_context") (param i32) (result i32)
    (call $finalize_execution_context (local.get 0)))

  ;; One inference on context $ctx: input 0 from the tensor struct at
  ;; $tensor, then output 0 into [$out, $out + $max), its length at $written.
  (func $infer (export "infer") (param $ctx i32) (param $tensor i32) (param $out i32) (param $max i32) (param $written i32) (result i32)
    (local $err i32)
    (local.set $err (call $set_input (local.get $ctx) (i32.const 0) (local.get $tensor)))
    (if (local.get $err) (then (return (local.get $err))))
    (local.set $err (call $compute (local.get $ctx)))
    (if (local.get $err) (then (return (local.get $err))))
    (call $get_output (local.get $ctx) (i32.const 0) (local.get $out) (local.get $max) (local.get $written)))

  ;; $n inferences in a loop; stops at the first error and returns it.
  (func (export "infer_repeat") (param $ctx i32) (param $tensor i32) (param $out i32) (param $max i32) (param $written i32) (param $n i32) (result i32)
    (local $err i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $err (call $infer (local.get $ctx) (local.get $tensor) (local.get $out) (local.get $max) (local.get $written)))
        (br_if $done (local.get $err))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $err))

  ;; The whole path of a guest program: load one PyTorch model from the
  ;; builder array at $builders (CPU), create a context, infer once.
  ;; $ids receives the graph id, then the context id (8 bytes).
  (func (export "run_model") (param $builders i32) (param $count i32) (param $tensor i32) (param $out i32) (param $max i32) (param $written i32) (param $ids i32) (result i32)
    (local $err i32)
    (local.set $err (call $load (local.get $builders) (local.get $count) (i32.const 3) (i32.const 0) (local.get $ids)))
    (if (local.get $err) (then (return (local.get $err))))
    (local.set $err (call $init_execution_context (i32.load (local.get $ids)) (i32.add (local.get $ids) (i32.const 4))))
    (if (local.get $err) (then (return (local.get $err))))
    (call $infer (i32.load offset=4 (local.get $ids)) (local.get $tensor) (local.get $out) (local.get $max) (local.get $written)))
)

;; The guest of capi_probe.c: uses what the module adds (memory, global,
;; table), calls each host function and prints one "name: value" line per
;; check, so two hosts can be compared by their output alone.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; One memory (Node has no multi-memory by default): the module's own.
  (import "capi_probe" "mem" (memory $pmem 1 2))
  (import "capi_probe" "g" (global $g (mut i32)))
  (import "capi_probe" "tab" (table $tab 2 funcref))
  (import "capi_probe" "add" (func $add (param i32 i32) (result i32)))
  (import "capi_probe" "bump_global" (func $bump_global (result i32)))
  (import "capi_probe" "mem_byte" (func $mem_byte (param i32) (result i32)))
  (import "capi_probe" "add_ref" (func $add_ref (result funcref)))
  (import "capi_probe" "bound" (func $bound (param i32) (result i32)))
  (import "capi_probe" "call_guest" (func $call_guest (param i32) (result i32)))
  (import "capi_probe" "plugin_lookup" (func $plugin_lookup (result i32)))
  (import "capi_probe" "types" (func $types (result i32)))
  (import "capi_probe" "table_ops" (func $table_ops (result i32)))
  (import "capi_probe" "global_ops" (func $global_ops (result i32)))
  (import "capi_probe" "store_ops" (func $store_ops (result i32)))
  (import "capi_probe" "log_ops" (func $log_ops (result i32)))
  (import "capi_probe" "config_ops" (func $config_ops (result i32)))
  (import "capi_probe" "novm_ops" (func $novm_ops (result i32)))
  (export "memory" (memory $pmem))
  (table $own 1 funcref)
  (type $binary (func (param i32 i32) (result i32)))
  (data $labels (i32.const 256) "mem:global:bumped:written:table:funcref:bound:call_guest:plugins:types:tables:globals:store:log:config:novm:")

  (func (export "guest_double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))

  ;; Prints memory[label, label+len) ++ " " ++ decimal(value) ++ "\n".
  (func $print (param $label i32) (param $len i32) (param $value i32)
    (local $p i32) (local $neg i32) (local $end i32)
    (memory.copy (i32.const 512) (local.get $label) (local.get $len))
    (i32.store8 (i32.add (i32.const 512) (local.get $len)) (i32.const 32))
    ;; digits are written backwards from 600
    (local.set $end (i32.const 600))
    (local.set $p (local.get $end))
    (if (i32.lt_s (local.get $value) (i32.const 0))
      (then (local.set $neg (i32.const 1)) (local.set $value (i32.sub (i32.const 0) (local.get $value)))))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $value) (i32.const 10))))
      (local.set $value (i32.div_u (local.get $value) (i32.const 10)))
      (br_if $digits (local.get $value)))
    (if (local.get $neg) (then
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.const 45))))
    (i32.store8 (local.get $end) (i32.const 10))
    (memory.copy (i32.add (i32.const 513) (local.get $len)) (local.get $p)
                 (i32.sub (i32.add (local.get $end) (i32.const 1)) (local.get $p)))
    ;; iovec at 700
    (i32.store (i32.const 700) (i32.const 512))
    (i32.store (i32.const 704) (i32.add (i32.add (local.get $len) (i32.const 1))
                                        (i32.sub (i32.add (local.get $end) (i32.const 1)) (local.get $p))))
    (drop (call $fd_write (i32.const 1) (i32.const 700) (i32.const 1) (i32.const 708))))

  (func (export "_start")
    ;; the module's memory: "hello" from C, read by wasm
    (call $print (i32.const 256) (i32.const 4) (i32.load8_u (i32.const 1)))
    (call $print (i32.const 260) (i32.const 7) (global.get $g))
    (call $print (i32.const 267) (i32.const 7) (call $bump_global))
    (call $print (i32.const 260) (i32.const 7) (global.get $g))
    ;; wasm writes the module's memory, C reads it
    (i32.store8 (i32.const 10) (i32.const 77))
    (call $print (i32.const 274) (i32.const 8) (call $mem_byte (i32.const 10)))
    ;; the table's funcref (set from C) called from wasm
    (call $print (i32.const 282) (i32.const 6) (call_indirect $tab (type $binary) (i32.const 2) (i32.const 3) (i32.const 0)))
    ;; a funcref value from C, stored in the guest's table and called
    (table.set $own (i32.const 0) (call $add_ref))
    (call $print (i32.const 288) (i32.const 8) (call_indirect $own (type $binary) (i32.const 20) (i32.const 22) (i32.const 0)))
    (call $print (i32.const 296) (i32.const 6) (call $bound (i32.const 5)))
    (call $print (i32.const 302) (i32.const 11) (call $call_guest (i32.const 10)))
    (call $print (i32.const 313) (i32.const 8) (call $plugin_lookup))
    (call $print (i32.const 321) (i32.const 6) (call $types))
    (call $print (i32.const 327) (i32.const 7) (call $table_ops))
    (call $print (i32.const 334) (i32.const 8) (call $global_ops))
    (call $print (i32.const 342) (i32.const 6) (call $store_ops))
    (call $print (i32.const 348) (i32.const 4) (call $log_ops))
    (call $print (i32.const 352) (i32.const 7) (call $config_ops))
    (call $print (i32.const 359) (i32.const 5) (call $novm_ops)))
)

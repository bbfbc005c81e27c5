;; Exposes every wasmedge_httpsreq import as an export of the same short name,
;; so a test can drive the plug-in from wasm with arguments of its choosing.
;; Memory: 4 pages, exported and growable; the test places strings in it.
(module
  (import "wasmedge_httpsreq" "wasmedge_httpsreq_send_data" (func $send_data (param i32 i32 i32 i32 i32)))
  (import "wasmedge_httpsreq" "wasmedge_httpsreq_get_rcv" (func $get_rcv (param i32)))
  (import "wasmedge_httpsreq" "wasmedge_httpsreq_get_rcv_len" (func $get_rcv_len (result i32)))
  (memory (export "memory") 4)
  (func (export "send_data") (param i32 i32 i32 i32 i32)
    (call $send_data (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
  (func (export "get_rcv") (param i32) (call $get_rcv (local.get 0)))
  (func (export "get_rcv_len") (result i32) (call $get_rcv_len))
)

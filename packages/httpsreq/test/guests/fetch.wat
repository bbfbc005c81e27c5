;; A guest that does what the Rust crate wasmedge_http_req does for a GET:
;; NUL-terminated host name and a complete HTTP/1.1 request in its own
;; memory, send_data, then get_rcv_len, room for the reply, get_rcv.
;; fetch(port) returns the reply's length; the reply is at offset 65536.
(module
  (import "wasmedge_httpsreq" "wasmedge_httpsreq_send_data" (func $send_data (param i32 i32 i32 i32 i32)))
  (import "wasmedge_httpsreq" "wasmedge_httpsreq_get_rcv" (func $get_rcv (param i32)))
  (import "wasmedge_httpsreq" "wasmedge_httpsreq_get_rcv_len" (func $get_rcv_len (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "localhost\00")
  (data (i32.const 64) "GET /hello HTTP/1.1\0d\0aHost: localhost\0d\0aConnection: close\0d\0a\0d\0a")
  (func (export "fetch") (param $port i32) (result i32)
    (local $len i32)
    ;; host length 9 excludes the NUL, as the crate passes it
    (call $send_data (i32.const 16) (i32.const 9) (local.get $port) (i32.const 64) (i32.const 59))
    (local.set $len (call $get_rcv_len))
    ;; grow so that [65536, 65536 + len) exists
    (if (i32.gt_u (i32.add (i32.const 65536) (local.get $len)) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow
        (i32.add (i32.const 1) (i32.shr_u (local.get $len) (i32.const 16)))))))
    (call $get_rcv (i32.const 65536))
    (local.get $len))
)

// See js_hooks.h.
#include "js_hooks.h"
#include "js_bridge.h"

#include <algorithm>
#include <vector>

namespace {

// Function instances that have a JS function; a handful per module, so a
// linear search by identity is enough.
std::vector<WasmEdge_FunctionInstanceContext *> &known() {
  static std::vector<WasmEdge_FunctionInstanceContext *> Known;
  return Known;
}

Napi::Array typeNames(Napi::Env Env, const std::vector<WasmEdge_ValType> &Types) {
  Napi::Array Out = Napi::Array::New(Env, Types.size());
  for (size_t I = 0; I < Types.size(); ++I) {
    const WasmEdge_ValType &T = Types[I];
    const char *Name = T.Data[2] == 0x7F   ? "i32"
                       : T.Data[2] == 0x7E ? "i64"
                       : T.Data[2] == 0x7D ? "f32"
                       : T.Data[2] == 0x7C ? "f64"
                       : T.Data[2] == 0x7B ? "v128"
                       : T.Data[3] == 0x70 ? "funcref"
                                           : "externref";
    Out.Set(static_cast<uint32_t>(I), Name);
  }
  return Out;
}

void forget(WasmEdge_FunctionInstanceContext *Fn) {
  auto &K = known();
  K.erase(std::remove(K.begin(), K.end(), Fn), K.end());
}

} // namespace

namespace host {

void rememberFunction(WasmEdge_FunctionInstanceContext *Fn) {
  ForgetFunction = forget;
  known().push_back(Fn);
}

napi_value wasmFunctionFor(Napi::Env Env, WasmEdge_FunctionInstanceContext *Fn) {
  if (!Fn->Js) {
    Napi::FunctionReference &Factory = jsHooks(Env).FuncRefFactory;
    if (Factory.IsEmpty()) {
      throw Napi::Error::New(Env, "funcref values need the loader's function factory");
    }
    Napi::Value Made = Factory.Call({Napi::External<WasmEdge_FunctionInstanceContext>::New(Env, Fn),
                                            typeNames(Env, Fn->Type.Params), typeNames(Env, Fn->Type.Returns)});
    host::setRef(Fn->Js, Env, Made);
    rememberFunction(Fn);
  }
  return host::getRef(Fn->Js);
}

WasmEdge_FunctionInstanceContext *functionFor(Napi::Env Env, Napi::Function Fn) {
  for (WasmEdge_FunctionInstanceContext *Known : known()) {
    if (Known->Js && Napi::Value(Env, host::getRef(Known->Js)).StrictEquals(Fn)) {
      return Known;
    }
  }
  // A guest function we have not seen: its type is unknown here, so it can
  // be passed around but ExecutorInvoke refuses it (signature mismatch).
  auto *Guest = new WasmEdge_FunctionInstanceContext();
  host::setRef(Guest->Js, Env, Fn);
  Guest->FromJs = true;
  rememberFunction(Guest);
  return Guest;
}

uint32_t trapCodeOf(Napi::Env Env, Napi::Value Error) {
  Napi::FunctionReference &Reader = jsHooks(Env).TrapCodeReader;
  if (Reader.IsEmpty()) {
    return WasmEdge_ErrCode_RuntimeError;
  }
  try {
    Napi::Value Code = Reader.Call({Error});
    return Code.IsNumber() ? Code.As<Napi::Number>().Uint32Value() : static_cast<uint32_t>(WasmEdge_ErrCode_RuntimeError);
  } catch (...) {
    return WasmEdge_ErrCode_RuntimeError;
  }
}

JsHooks &jsHooks(Napi::Env Env) {
  JsHooks *Hooks = Env.GetInstanceData<JsHooks>();
  if (Hooks == nullptr) {
    Hooks = new JsHooks();
    Env.SetInstanceData(Hooks); // deleted by Node with the environment
  }
  return *Hooks;
}

} // namespace host

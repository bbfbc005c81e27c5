// The binding functions behind the C API features that need JS: the caller
// module (the wasm instance that imports a plug-in module, for
// CallingFrameGetModuleInstance and ExecutorInvoke), funcref values
// (a factory that makes a wasm function for a C function instance) and trap
// codes of JS errors.
#include "binding_handles.h"
#include "js_bridge.h"
#include "js_hooks.h"

#include <napi.h>

namespace {

WasmEdge_ValType typeFromName(const std::string &Name) {
  if (Name == "i32") return WasmEdge_ValTypeGenI32();
  if (Name == "i64") return WasmEdge_ValTypeGenI64();
  if (Name == "f32") return WasmEdge_ValTypeGenF32();
  if (Name == "f64") return WasmEdge_ValTypeGenF64();
  if (Name == "v128") return WasmEdge_ValTypeGenV128();
  if (Name == "funcref") return WasmEdge_ValTypeGenFuncRef();
  return WasmEdge_ValTypeGenExternRef();
}

std::vector<WasmEdge_ValType> typesFrom(Napi::Array Names) {
  std::vector<WasmEdge_ValType> Out;
  for (uint32_t I = 0; I < Names.Length(); ++I) {
    Out.push_back(typeFromName(Names.Get(I).As<Napi::String>()));
  }
  return Out;
}

// attachCaller(moduleHandle, functions: {name, fn, params, results}[],
//              memories: {name, memory}[])
Napi::Value AttachCaller(const Napi::CallbackInfo &Info) {
  Napi::Env Env = Info.Env();
  auto &Box = *Info[0].As<Napi::External<std::shared_ptr<host::ModuleBox>>>().Data();
  auto Caller = std::make_unique<WasmEdge_ModuleInstanceContext>();
  Napi::Array Functions = Info[1].As<Napi::Array>();
  for (uint32_t I = 0; I < Functions.Length(); ++I) {
    Napi::Object F = Functions.Get(I).As<Napi::Object>();
    auto Fn = std::make_unique<WasmEdge_FunctionInstanceContext>();
    Fn->Type.Params = typesFrom(F.Get("params").As<Napi::Array>());
    Fn->Type.Returns = typesFrom(F.Get("results").As<Napi::Array>());
    host::setRef(Fn->Js, Env, F.Get("fn"));
    Fn->FromJs = true;
    host::rememberFunction(Fn.get());
    Caller->Functions[F.Get("name").As<Napi::String>()] = std::move(Fn);
  }
  Napi::Array Memories = Info[2].As<Napi::Array>();
  for (uint32_t I = 0; I < Memories.Length(); ++I) {
    Napi::Object M = Memories.Get(I).As<Napi::Object>();
    auto Mem = std::make_unique<WasmEdge_MemoryInstanceContext>();
    host::setRef(Mem->Js, Env, M.Get("memory"));
    Mem->Grow = host::growJsMemory;
    Caller->Memories[M.Get("name").As<Napi::String>()] = std::move(Mem);
  }
  Box->Caller = std::move(Caller);
  return Env.Undefined();
}

// callInstance(functionInstance External, ...args): a C function instance
// called from wasm through a funcref (no calling memory: the caller is not
// known here).
Napi::Value CallInstance(const Napi::CallbackInfo &Info) {
  Napi::Env Env = Info.Env();
  auto *Fn = Info[0].As<Napi::External<WasmEdge_FunctionInstanceContext>>().Data();
  const auto &Type = Fn->Type;
  std::vector<WasmEdge_Value> Params(Type.Params.size());
  std::vector<WasmEdge_Value> Returns(Type.Returns.size());
  for (size_t I = 0; I < Params.size(); ++I) {
    if (!host::fromJs(Env, Type.Params[I], Info[I + 1], &Params[I])) {
      throw Napi::TypeError::New(Env, "argument " + std::to_string(I) + " does not fit its type");
    }
  }
  WasmEdge_Result Res = host::invokeFunction(Fn, Params.data(), Returns.data());
  if (Res.Code != 0) {
    Napi::Error E = Napi::Error::New(Env, std::string("host function failed: ") + WasmEdge_ResultGetMessage(Res));
    E.Set("code", Napi::Number::New(Env, Res.Code));
    throw E;
  }
  if (Returns.empty()) return Env.Undefined();
  if (Returns.size() == 1) return Napi::Value(Env, host::toJs(Env, Type.Returns[0], Returns[0]));
  Napi::Array Out = Napi::Array::New(Env, Returns.size());
  for (uint32_t I = 0; I < Returns.size(); ++I) Out.Set(I, Napi::Value(Env, host::toJs(Env, Type.Returns[I], Returns[I])));
  return Out;
}

// resultMessage(code): WasmEdge_ResultGetMessage, for messages printed from JS.
Napi::Value ResultMessage(const Napi::CallbackInfo &Info) {
  return Napi::String::New(Info.Env(), WasmEdge_ResultGetMessage(WasmEdge_Result{Info[0].As<Napi::Number>().Uint32Value()}));
}

Napi::Value SetFuncRefFactory(const Napi::CallbackInfo &Info) {
  host::jsHooks(Info.Env()).FuncRefFactory = Napi::Persistent(Info[0].As<Napi::Function>());
  return Info.Env().Undefined();
}

Napi::Value SetTrapCodeReader(const Napi::CallbackInfo &Info) {
  host::jsHooks(Info.Env()).TrapCodeReader = Napi::Persistent(Info[0].As<Napi::Function>());
  return Info.Env().Undefined();
}

} // namespace

void RegisterCapiBindings(Napi::Env Env, Napi::Object Exports) {
  host::installJsHooks();
  Exports.Set("attachCaller", Napi::Function::New(Env, AttachCaller));
  Exports.Set("callInstance", Napi::Function::New(Env, CallInstance));
  Exports.Set("resultMessage", Napi::Function::New(Env, ResultMessage));
  Exports.Set("setFuncRefFactory", Napi::Function::New(Env, SetFuncRefFactory));
  Exports.Set("setTrapCodeReader", Napi::Function::New(Env, SetTrapCodeReader));
}

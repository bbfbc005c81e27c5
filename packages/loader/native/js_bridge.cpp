// The JS side of C API objects: values crossing between WasmEdge_Value and
// JS, the WebAssembly.Memory/Table/Global objects of a module given to wasm,
// and calls of guest functions from C (ExecutorInvoke). See js_bridge.h.
//
// Nothing may unwind into a plug-in's C frames: every JS failure here is
// caught and becomes a false / error-code result.
#include "js_bridge.h"
#include "js_hooks.h"

#include <napi.h>

#include <cstring>

namespace host {
namespace {

constexpr uint32_t kFuncSigMismatch = 0x0403;

Napi::Function wasmConstructor(Napi::Env Env, const char *Name) {
  return Env.Global().Get("WebAssembly").As<Napi::Object>().Get(Name).As<Napi::Function>();
}

const char *jsTypeName(const WasmEdge_ValType &T) {
  switch (T.Data[2]) {
  case 0x7F: return "i32";
  case 0x7E: return "i64";
  case 0x7D: return "f32";
  case 0x7C: return "f64";
  default: return T.Data[3] == 0x70 ? "anyfunc" : "externref";
  }
}

uint64_t refPointer(const WasmEdge_Value &V) { return static_cast<uint64_t>(V.Value >> 64); }

WasmEdge_Value refValue(const WasmEdge_ValType &Type, const void *Ptr) {
  WasmEdge_Value V{};
  std::memcpy(&V.Value, Type.Data, sizeof Type.Data);
  V.Value |= static_cast<uint128_t>(reinterpret_cast<uintptr_t>(Ptr)) << 64;
  V.Type = Type;
  return V;
}

} // namespace

void setRef(JsRef &R, napi_env Env, napi_value V) {
  R.reset();
  R.Env = Env;
  napi_ref Ref = nullptr;
  napi_create_reference(Env, V, 1, &Ref);
  R.Ref = Ref;
}

napi_value getRef(const JsRef &R) {
  napi_value V = nullptr;
  if (R.Ref != nullptr) {
    napi_get_reference_value(refEnv(R), static_cast<napi_ref>(R.Ref), &V);
  }
  return V;
}

namespace {

void releaseRef(void *Env, void *Ref) { napi_delete_reference(static_cast<napi_env>(Env), static_cast<napi_ref>(Ref)); }

} // namespace

void installJsHooks() {
  ReleaseJsRef = releaseRef;
  ViewJsMemory = viewJsMemory;
}

napi_value toJs(napi_env RawEnv, const WasmEdge_ValType &Type, const WasmEdge_Value &V) {
  Napi::Env Env(RawEnv);
  switch (Type.Data[2]) {
  case 0x7F: return Napi::Number::New(Env, static_cast<int32_t>(static_cast<uint32_t>(V.Value)));
  case 0x7E: return Napi::BigInt::New(Env, static_cast<int64_t>(static_cast<uint64_t>(V.Value)));
  case 0x7D: {
    uint32_t Bits = static_cast<uint32_t>(V.Value);
    float F;
    std::memcpy(&F, &Bits, sizeof F);
    return Napi::Number::New(Env, F);
  }
  case 0x7C: {
    uint64_t Bits = static_cast<uint64_t>(V.Value);
    double D;
    std::memcpy(&D, &Bits, sizeof D);
    return Napi::Number::New(Env, D);
  }
  case 0x63:
  case 0x64: {
    void *Ptr = reinterpret_cast<void *>(static_cast<uintptr_t>(refPointer(V)));
    if (Ptr == nullptr) {
      return Env.Null();
    }
    if (Type.Data[3] == 0x70) {
      return wasmFunctionFor(Env, static_cast<WasmEdge_FunctionInstanceContext *>(Ptr));
    }
    return Napi::External<void>::New(Env, Ptr);
  }
  default: return Env.Undefined(); // v128 cannot cross into JS
  }
}

bool fromJs(napi_env RawEnv, const WasmEdge_ValType &Type, napi_value RawIn, WasmEdge_Value *Out) {
  Napi::Env Env(RawEnv);
  Napi::Value In(Env, RawIn);
  WasmEdge_Value V{};
  V.Type = Type;
  switch (Type.Data[2]) {
  case 0x7F:
    if (!In.IsNumber()) return false;
    V.Value = static_cast<uint32_t>(In.As<Napi::Number>().Int32Value());
    break;
  case 0x7E: {
    if (!In.IsBigInt()) return false;
    bool Lossless = false;
    V.Value = In.As<Napi::BigInt>().Uint64Value(&Lossless);
    break;
  }
  case 0x7D: {
    if (!In.IsNumber()) return false;
    float F = In.As<Napi::Number>().FloatValue();
    uint32_t Bits;
    std::memcpy(&Bits, &F, sizeof Bits);
    V.Value = Bits;
    break;
  }
  case 0x7C: {
    if (!In.IsNumber()) return false;
    double D = In.As<Napi::Number>().DoubleValue();
    uint64_t Bits;
    std::memcpy(&Bits, &D, sizeof Bits);
    V.Value = Bits;
    break;
  }
  case 0x63:
  case 0x64: {
    if (In.IsNull() || In.IsUndefined()) {
      V = refValue(Type, nullptr);
    } else if (Type.Data[3] == 0x70) {
      if (!In.IsFunction()) return false;
      V = refValue(Type, functionFor(Env, In.As<Napi::Function>()));
    } else if (In.IsExternal()) {
      V = refValue(Type, In.As<Napi::External<void>>().Data());
    } else {
      return false; // a JS value the host did not make has no C pointer
    }
    break;
  }
  default: return false;
  }
  *Out = V;
  return true;
}

void viewJsMemory(WasmEdge_MemoryInstanceContext *Mem) {
  try {
    Napi::Env Env(host::refEnv(Mem->Js));
    Napi::Object Memory(Env, host::getRef(Mem->Js));
    Napi::ArrayBuffer AB = Memory.Get("buffer").As<Napi::ArrayBuffer>();
    Mem->Data = static_cast<uint8_t *>(AB.Data());
    Mem->Size = AB.ByteLength();
  } catch (...) {
    Mem->Data = nullptr;
    Mem->Size = 0;
  }
}

bool growJsMemory(WasmEdge_MemoryInstanceContext *Mem, uint64_t Pages) {
  if (Pages > 65536) return false;
  try {
    Napi::Env Env(host::refEnv(Mem->Js));
    Napi::Object Memory(Env, host::getRef(Mem->Js));
    Memory.Get("grow").As<Napi::Function>().Call(Memory, {Napi::Number::New(Env, static_cast<double>(Pages))});
    viewJsMemory(Mem);
    return true;
  } catch (...) {
    return false;
  }
}

bool readJsGlobal(const WasmEdge_GlobalInstanceContext *G, WasmEdge_Value *Out) {
  try {
    Napi::Env Env(host::refEnv(G->Js));
    Napi::Object Global(Env, host::getRef(G->Js));
    return fromJs(Env, G->Type.ValType, Global.Get("value"), Out);
  } catch (...) {
    return false;
  }
}

bool writeJsGlobal(WasmEdge_GlobalInstanceContext *G, const WasmEdge_Value &V) {
  try {
    Napi::Env Env(host::refEnv(G->Js));
    Napi::Object Global(Env, host::getRef(G->Js));
    Global.Set("value", Napi::Value(Env, toJs(Env, G->Type.ValType, V)));
    return true;
  } catch (...) {
    return false;
  }
}

uint64_t jsTableSize(const WasmEdge_TableInstanceContext *T) {
  try {
    Napi::Env Env(host::refEnv(T->Js));
    return static_cast<uint64_t>(Napi::Object(Env, host::getRef(T->Js)).Get("length").As<Napi::Number>().Int64Value());
  } catch (...) {
    return 0;
  }
}

bool jsTableGet(const WasmEdge_TableInstanceContext *T, uint64_t Index, WasmEdge_Value *Out) {
  try {
    Napi::Env Env(host::refEnv(T->Js));
    Napi::Object Table(Env, host::getRef(T->Js));
    Napi::Value V = Table.Get("get").As<Napi::Function>().Call(Table, {Napi::Number::New(Env, static_cast<double>(Index))});
    return fromJs(Env, T->Type.RefType, V, Out);
  } catch (...) {
    return false;
  }
}

bool jsTableSet(WasmEdge_TableInstanceContext *T, uint64_t Index, const WasmEdge_Value &V) {
  try {
    Napi::Env Env(host::refEnv(T->Js));
    Napi::Object Table(Env, host::getRef(T->Js));
    Table.Get("set").As<Napi::Function>().Call(
        Table, {Napi::Number::New(Env, static_cast<double>(Index)), Napi::Value(Env, toJs(Env, T->Type.RefType, V))});
    return true;
  } catch (...) {
    return false;
  }
}

bool jsTableGrow(WasmEdge_TableInstanceContext *T, uint64_t Delta) {
  try {
    Napi::Env Env(host::refEnv(T->Js));
    Napi::Object Table(Env, host::getRef(T->Js));
    Table.Get("grow").As<Napi::Function>().Call(Table, {Napi::Number::New(Env, static_cast<double>(Delta))});
    return true;
  } catch (...) {
    return false;
  }
}

napi_value exposeModule(napi_env RawEnv, WasmEdge_ModuleInstanceContext *Mod) {
  Napi::Env Env(RawEnv);
  Napi::Object Out = Napi::Object::New(Env);
  Napi::Object Memories = Napi::Object::New(Env);
  for (auto &[Name, Mem] : Mod->Memories) {
    if (Mem->Js) {
      Memories.Set(Name, Napi::Value(Env, host::getRef(Mem->Js)));
      continue;
    }
    Napi::Object Desc = Napi::Object::New(Env);
    Desc.Set("initial", Napi::Number::New(Env, static_cast<double>(Mem->Owned.size() / kWasmPageSize)));
    if (Mem->Type.Limit.HasMax) {
      Desc.Set("maximum", Napi::Number::New(Env, static_cast<double>(Mem->Type.Limit.Max)));
    }
    Napi::Object Memory = wasmConstructor(Env, "Memory").New({Desc});
    Napi::ArrayBuffer AB = Memory.Get("buffer").As<Napi::ArrayBuffer>();
    if (!Mem->Owned.empty()) {
      std::memcpy(AB.Data(), Mem->Owned.data(), Mem->Owned.size());
    }
    host::setRef(Mem->Js, Env, Memory);
    std::vector<uint8_t>().swap(Mem->Owned);
    Mem->Grow = growJsMemory;
    viewJsMemory(Mem.get());
    Memories.Set(Name, Memory);
  }
  Napi::Object Tables = Napi::Object::New(Env);
  for (auto &[Name, Table] : Mod->Tables) {
    if (!Table->Js) {
      Napi::Object Desc = Napi::Object::New(Env);
      Desc.Set("element", jsTypeName(Table->Type.RefType));
      Desc.Set("initial", Napi::Number::New(Env, static_cast<double>(Table->Elems.size())));
      if (Table->Type.Limit.HasMax) {
        Desc.Set("maximum", Napi::Number::New(Env, static_cast<double>(Table->Type.Limit.Max)));
      }
      Napi::Object JsTable = wasmConstructor(Env, "Table").New({Desc});
      Napi::Function Set = JsTable.Get("set").As<Napi::Function>();
      for (size_t I = 0; I < Table->Elems.size(); ++I) {
        if (refPointer(Table->Elems[I]) != 0) {
          Set.Call(JsTable, {Napi::Number::New(Env, static_cast<double>(I)),
                             Napi::Value(Env, toJs(Env, Table->Type.RefType, Table->Elems[I]))});
        }
      }
      host::setRef(Table->Js, Env, JsTable);
      Table->Elems.clear();
    }
    Tables.Set(Name, Napi::Value(Env, host::getRef(Table->Js)));
  }
  Napi::Object Globals = Napi::Object::New(Env);
  for (auto &[Name, Global] : Mod->Globals) {
    if (!Global->Js) {
      Napi::Object Desc = Napi::Object::New(Env);
      Desc.Set("value", jsTypeName(Global->Type.ValType));
      Desc.Set("mutable", Global->Type.Mut == WasmEdge_Mutability_Var);
      Napi::Value Init(Env, toJs(Env, Global->Type.ValType, Global->Value));
      host::setRef(Global->Js, Env, wasmConstructor(Env, "Global").New({Desc, Init}));
    }
    Globals.Set(Name, Napi::Value(Env, host::getRef(Global->Js)));
  }
  Out.Set("memories", Memories);
  Out.Set("tables", Tables);
  Out.Set("globals", Globals);
  return Out;
}

WasmEdge_Result invokeFunction(const WasmEdge_FunctionInstanceContext *Fn, const WasmEdge_Value *Params,
                               WasmEdge_Value *Returns) {
  const size_t NumParams = Fn->Type.Params.size();
  const size_t NumReturns = Fn->Type.Returns.size();
  for (size_t I = 0; I < NumReturns; ++I) {
    Returns[I] = WasmEdge_Value{};
  }
  // Called from the host, not from wasm: the caller is no wasm module, so
  // there is no calling memory (as in the runtime).
  WasmEdge_CallingFrameContext Frame;
  if (Fn->Func != nullptr) {
    return Fn->Func(Fn->Data, &Frame, NumParams ? Params : nullptr, NumReturns ? Returns : nullptr);
  }
  if (Fn->Wrap != nullptr) {
    return Fn->Wrap(Fn->Binding, Fn->Data, &Frame, NumParams ? Params : nullptr, static_cast<uint32_t>(NumParams),
                    NumReturns ? Returns : nullptr, static_cast<uint32_t>(NumReturns));
  }
  if (!Fn->Js) {
    return WasmEdge_Result{WasmEdge_ErrCode_WrongVMWorkflow};
  }
  Napi::Env Env(host::refEnv(Fn->Js));
  try {
    std::vector<napi_value> Args;
    for (size_t I = 0; I < NumParams; ++I) {
      Args.push_back(toJs(Env, Fn->Type.Params[I], Params[I]));
    }
    Napi::Function Callee(Env, host::getRef(Fn->Js));
    Napi::Value Result = Callee.Call(Env.Undefined(), Args.size(), Args.data());
    if (NumReturns == 1) {
      return fromJs(Env, Fn->Type.Returns[0], Result, &Returns[0]) ? WasmEdge_Result_Success
                                                                   : WasmEdge_Result{kFuncSigMismatch};
    }
    for (size_t I = 0; I < NumReturns; ++I) {
      Napi::Value Item = Result.As<Napi::Object>().Get(static_cast<uint32_t>(I));
      if (!fromJs(Env, Fn->Type.Returns[I], Item, &Returns[I])) {
        return WasmEdge_Result{kFuncSigMismatch};
      }
    }
    return WasmEdge_Result_Success;
  } catch (const Napi::Error &E) {
    return WasmEdge_Result{trapCodeOf(Env, E.Value())};
  } catch (...) {
    return WasmEdge_Result{WasmEdge_ErrCode_RuntimeError};
  }
}

} // namespace host

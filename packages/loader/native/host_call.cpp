// One call from wasm (through a JS import) into a plug-in host function:
// JS arguments -> WasmEdge_Value params, a calling frame that exposes the
// caller's memory, the callback, and its WasmEdge_Result -> JS result or error.
#include "js_bridge.h"

#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

[[noreturn]] void ThrowHostError(Napi::Env Env, const std::string &Kind, const std::string &Message,
                                 uint32_t Code);

namespace {

// Points Mem at the current ArrayBuffer of a WebAssembly.Memory. Called again
// after every grow, since growing replaces (and detaches) the buffer.
void viewMemory(Napi::Env Env, Napi::Object Memory, WasmEdge_MemoryInstanceContext &Mem) {
  Napi::Value Buffer = Memory.Get("buffer");
  if (!Buffer.IsArrayBuffer()) {
    ThrowHostError(Env, "memory", "the attached memory has no ArrayBuffer (shared memories are not supported)", 0);
  }
  Napi::ArrayBuffer AB = Buffer.As<Napi::ArrayBuffer>();
  Mem.Data = static_cast<uint8_t *>(AB.Data());
  Mem.Size = AB.ByteLength();
}

WasmEdge_Value toValue(Napi::Env Env, const WasmEdge_ValType &Type, Napi::Value Arg, const std::string &Name) {
  WasmEdge_Value V{};
  V.Type = Type;
  switch (Type.Data[2]) {
  case 0x7F: {
    uint32_t Bits = static_cast<uint32_t>(Arg.ToNumber().Int32Value());
    V.Value = Bits; // bits above the type width stay clear, as the executor does
    break;
  }
  case 0x7E: {
    if (!Arg.IsBigInt()) {
      ThrowHostError(Env, "argument", Name + ": an i64 argument must be a BigInt", 0);
    }
    bool Lossless = false;
    uint64_t Bits = Arg.As<Napi::BigInt>().Uint64Value(&Lossless);
    V.Value = Bits;
    break;
  }
  case 0x7D: {
    float F = Arg.ToNumber().FloatValue();
    uint32_t Bits;
    std::memcpy(&Bits, &F, sizeof Bits);
    V.Value = Bits;
    break;
  }
  case 0x7C: {
    double D = Arg.ToNumber().DoubleValue();
    uint64_t Bits;
    std::memcpy(&Bits, &D, sizeof Bits);
    V.Value = Bits;
    break;
  }
  default:
    // References: funcref (a wasm function or null), externref (an External
    // the host made, or null).
    if (!host::fromJs(Env, Type, Arg, &V)) {
      ThrowHostError(Env, "argument", Name + ": argument does not fit its reference type", 0);
    }
  }
  return V;
}

// host::toJs converts every value type, numbers and references alike.
Napi::Value fromValue(Napi::Env Env, const WasmEdge_ValType &Type, const WasmEdge_Value &V) {
  return Napi::Value(Env, host::toJs(Env, Type, V));
}

struct GrowTarget {
  Napi::Env Env;
  Napi::Object Memory;
};

// WasmEdge_MemoryInstanceGrowPage for a WebAssembly.Memory: calls its grow()
// and views the new buffer.
bool growMemory(WasmEdge_MemoryInstanceContext *Mem, uint64_t Pages) {
  if (Pages > 65536) {
    return false;
  }
  auto *Target = static_cast<GrowTarget *>(Mem->GrowContext);
  // Nothing may unwind through the plug-in's C frames: any failure here
  // (a RangeError beyond the maximum, included) is a failed grow.
  try {
    Napi::Value GrowFn = Target->Memory.Get("grow");
    if (!GrowFn.IsFunction()) {
      return false;
    }
    GrowFn.As<Napi::Function>().Call(Target->Memory, {Napi::Number::New(Target->Env, static_cast<double>(Pages))});
    viewMemory(Target->Env, Target->Memory, *Mem);
    return true;
  } catch (...) {
    return false;
  }
}

} // namespace

// Info: [functionHandle, memory (WebAssembly.Memory or undefined),
//        memory.buffer (read in JS, where the getter is cheap), ...args]
Napi::Value CallHostFunctionImpl(const Napi::CallbackInfo &Info, WasmEdge_FunctionInstanceContext *Fn,
                                 const std::string &Name, const WasmEdge_ModuleInstanceContext *Caller) {
  Napi::Env Env = Info.Env();
  const auto &Type = Fn->Type;
  constexpr size_t kFirstArg = 3;
  const size_t NumArgs = Info.Length() > kFirstArg ? Info.Length() - kFirstArg : 0;
  if (NumArgs != Type.Params.size()) {
    ThrowHostError(Env, "argument",
                   Name + ": expected " + std::to_string(Type.Params.size()) + " arguments, got " +
                       std::to_string(NumArgs),
                   0);
  }
  // Most host functions take a handful of values: keep them on the stack.
  constexpr size_t kInline = 16;
  WasmEdge_Value InlineParams[kInline];
  WasmEdge_Value InlineReturns[kInline];
  std::vector<WasmEdge_Value> HeapParams;
  std::vector<WasmEdge_Value> HeapReturns;
  const size_t NumParams = Type.Params.size();
  const size_t NumReturns = Type.Returns.size();
  WasmEdge_Value *Params = InlineParams;
  WasmEdge_Value *Returns = InlineReturns;
  if (NumParams > kInline) {
    HeapParams.resize(NumParams);
    Params = HeapParams.data();
  }
  if (NumReturns > kInline) {
    HeapReturns.resize(NumReturns);
    Returns = HeapReturns.data();
  }
  for (uint32_t I = 0; I < NumParams; ++I) {
    Params[I] = toValue(Env, Type.Params[I], Info[kFirstArg + I], Name);
  }
  for (size_t I = 0; I < NumReturns; ++I) {
    Returns[I] = WasmEdge_Value{}; // zero-filled, as the runtime does
  }

  WasmEdge_MemoryInstanceContext Mem;
  WasmEdge_CallingFrameContext Frame;
  Frame.Caller = Caller;
  GrowTarget Target{Env, Napi::Object()};
  if (Info[1].IsObject()) {
    Target.Memory = Info[1].As<Napi::Object>();
    if (Info[2].IsArrayBuffer()) {
      Napi::ArrayBuffer AB = Info[2].As<Napi::ArrayBuffer>();
      Mem.Data = static_cast<uint8_t *>(AB.Data());
      Mem.Size = AB.ByteLength();
    } else {
      viewMemory(Env, Target.Memory, Mem);
    }
    Mem.Grow = growMemory;
    Mem.GrowContext = &Target;
    Frame.Memory = &Mem;
  }

  WasmEdge_Result Res;
  if (Fn->Func != nullptr) {
    Res = Fn->Func(Fn->Data, &Frame, NumParams == 0 ? nullptr : Params, NumReturns == 0 ? nullptr : Returns);
  } else if (Fn->Wrap != nullptr) {
    Res = Fn->Wrap(Fn->Binding, Fn->Data, &Frame, NumParams == 0 ? nullptr : Params, static_cast<uint32_t>(NumParams),
                   NumReturns == 0 ? nullptr : Returns, static_cast<uint32_t>(NumReturns));
  } else {
    Res = host::invokeFunction(Fn, Params, Returns); // a guest function a plug-in re-exported
  }
  if (Res.Code == 0x01) {
    ThrowHostError(Env, "terminated", Name + " terminated the wasm execution", Res.Code);
  }
  if (Res.Code != 0x00) {
    char Hex[16];
    std::snprintf(Hex, sizeof Hex, "0x%08x", Res.Code);
    ThrowHostError(Env, "failed",
                   Name + " failed: " + WasmEdge_ResultGetMessage(Res) + " (result code " + Hex + ")",
                   Res.Code);
  }
  if (NumReturns == 0) {
    return Env.Undefined();
  }
  if (NumReturns == 1) {
    return fromValue(Env, Type.Returns[0], Returns[0]);
  }
  Napi::Array Out = Napi::Array::New(Env, NumReturns);
  for (uint32_t I = 0; I < NumReturns; ++I) {
    Out.Set(I, fromValue(Env, Type.Returns[I], Returns[I]));
  }
  return Out;
}

// Node binding of the plug-in host: opens plug-in libraries, reads their
// descriptors, sets program options, creates modules and calls host
// functions on behalf of wasm code running in Node.
//
// The TypeScript side (src/host/) owns the user-facing API and the checks
// that need no native code; this file only does what must touch C memory.
#include "binding_handles.h"
#include "capi_plugins.h"
#include "js_bridge.h"
#include "js_hooks.h"
#include "plugin_options.h"

#include <napi.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using host::FunctionRef;
using host::ModuleBox;
using PluginHandle = WasmEdge_PluginContext;

// Throws an error built by the TypeScript error factory, so every error the
// host raises is one of the loader's own error types.
[[noreturn]] void throwHostError(Napi::Env Env, const std::string &Kind,
                                 const std::string &Message, uint32_t Code = 0) {
  Napi::FunctionReference &Factory = host::jsHooks(Env).ErrorFactory;
  if (Factory.IsEmpty()) {
    throw Napi::Error::New(Env, Message);
  }
  Napi::Value Err = Factory.Call({Napi::String::New(Env, Kind),
                                       Napi::String::New(Env, Message),
                                       Napi::Number::New(Env, Code)});
  throw Napi::Error(Env, Err);
}

const char *valTypeName(const WasmEdge_ValType &T) {
  switch (T.Data[2]) {
  case 0x7F: return "i32";
  case 0x7E: return "i64";
  case 0x7D: return "f32";
  case 0x7C: return "f64";
  case 0x7B: return "v128";
  case 0x63:
  case 0x64: return T.Data[3] == 0x70 ? "funcref" : T.Data[3] == 0x6F ? "externref" : "ref";
  default: return "unknown";
  }
}

Napi::Array typeList(Napi::Env Env, const std::vector<WasmEdge_ValType> &Types) {
  Napi::Array Out = Napi::Array::New(Env, Types.size());
  for (size_t I = 0; I < Types.size(); ++I) {
    Out.Set(static_cast<uint32_t>(I), valTypeName(Types[I]));
  }
  return Out;
}

std::string safeString(const char *S) { return S == nullptr ? std::string() : std::string(S); }

Napi::Value Open(const Napi::CallbackInfo &Info) {
  Napi::Env Env = Info.Env();
  std::string Path = Info[0].As<Napi::String>();
  std::string Kind, Error;
  const WasmEdge_PluginContext *Plugin = host::openPlugin(Path, Kind, Error);
  if (Plugin == nullptr) {
    throwHostError(Env, Kind, Error);
  }
  // The registry keeps the plug-in (and its library) for the process's life.
  return Napi::External<PluginHandle>::New(Env, const_cast<PluginHandle *>(Plugin));
}

Napi::Value Describe(const Napi::CallbackInfo &Info) {
  Napi::Env Env = Info.Env();
  const WasmEdge_PluginDescriptor *D = Info[0].As<Napi::External<PluginHandle>>().Data()->Desc;
  Napi::Object Out = Napi::Object::New(Env);
  Out.Set("name", safeString(D->Name));
  Out.Set("description", safeString(D->Description));
  Out.Set("apiVersion", D->APIVersion);
  Napi::Object Version = Napi::Object::New(Env);
  Version.Set("major", D->Version.Major);
  Version.Set("minor", D->Version.Minor);
  Version.Set("patch", D->Version.Patch);
  Version.Set("build", D->Version.Build);
  Out.Set("version", Version);
  Napi::Array Modules = Napi::Array::New(Env);
  for (uint32_t I = 0; D->ModuleDescriptions != nullptr && I < D->ModuleCount; ++I) {
    Napi::Object M = Napi::Object::New(Env);
    M.Set("name", safeString(D->ModuleDescriptions[I].Name));
    M.Set("description", safeString(D->ModuleDescriptions[I].Description));
    Modules.Set(I, M);
  }
  Out.Set("modules", Modules);
  Napi::Array Options = Napi::Array::New(Env);
  for (uint32_t I = 0; D->ProgramOptions != nullptr && I < D->ProgramOptionCount; ++I) {
    const WasmEdge_ProgramOption &O = D->ProgramOptions[I];
    Napi::Object Opt = Napi::Object::New(Env);
    Opt.Set("name", safeString(O.Name));
    Opt.Set("description", safeString(O.Description));
    Opt.Set("type", static_cast<uint32_t>(O.Type));
    Opt.Set("hasDefault", O.DefaultValue != nullptr);
    Options.Set(I, Opt);
  }
  Out.Set("options", Options);
  return Out;
}

const WasmEdge_ProgramOption *findOption(Napi::Env Env, const PluginHandle *H, const std::string &Name) {
  const WasmEdge_PluginDescriptor *D = H->Desc;
  for (uint32_t I = 0; D->ProgramOptions != nullptr && I < D->ProgramOptionCount; ++I) {
    if (D->ProgramOptions[I].Name != nullptr && Name == D->ProgramOptions[I].Name) {
      return &D->ProgramOptions[I];
    }
  }
  throwHostError(Env, "option", "plug-in " + safeString(D->Name) + " has no option --" + Name);
}

Napi::Value GetOption(const Napi::CallbackInfo &Info) {
  const PluginHandle *H = Info[0].As<Napi::External<PluginHandle>>().Data();
  const WasmEdge_ProgramOption *O = findOption(Info.Env(), H, Info[1].As<Napi::String>());
  return host::readOption(Info.Env(), *O);
}

Napi::Value SetOption(const Napi::CallbackInfo &Info) {
  const PluginHandle *H = Info[0].As<Napi::External<PluginHandle>>().Data();
  std::string Name = Info[1].As<Napi::String>();
  const WasmEdge_ProgramOption *O = findOption(Info.Env(), H, Name);
  std::string Problem = host::writeOption(*O, Info[2]);
  if (!Problem.empty()) {
    throwHostError(Info.Env(), "option", "--" + Name + ": " + Problem);
  }
  return Info.Env().Undefined();
}

Napi::Value SetOptionDefault(const Napi::CallbackInfo &Info) {
  const PluginHandle *H = Info[0].As<Napi::External<PluginHandle>>().Data();
  const WasmEdge_ProgramOption *O = findOption(Info.Env(), H, Info[1].As<Napi::String>());
  return Napi::Boolean::New(Info.Env(), host::applyDefault(*O));
}

Napi::Value CreateModule(const Napi::CallbackInfo &Info) {
  Napi::Env Env = Info.Env();
  const PluginHandle *H = Info[0].As<Napi::External<PluginHandle>>().Data();
  std::string Wanted = Info[1].As<Napi::String>();
  const WasmEdge_PluginDescriptor *D = H->Desc;
  const WasmEdge_ModuleDescriptor *MD = nullptr;
  for (uint32_t I = 0; D->ModuleDescriptions != nullptr && I < D->ModuleCount; ++I) {
    if (D->ModuleDescriptions[I].Name != nullptr && Wanted == D->ModuleDescriptions[I].Name) {
      MD = &D->ModuleDescriptions[I];
    }
  }
  if (MD == nullptr || MD->Create == nullptr) {
    throwHostError(Env, "module", "plug-in " + safeString(D->Name) + " has no module descriptor " + Wanted);
  }
  // The runtime passes the address of the entry in the plug-in's own array.
  WasmEdge_ModuleInstanceContext *Ctx = MD->Create(MD);
  if (Ctx == nullptr) {
    throwHostError(Env, "module", "module descriptor " + Wanted + " of " + safeString(D->Name) +
                                      " returned NULL from Create (the real runtime would crash)");
  }
  auto Box = std::make_shared<ModuleBox>();
  Box->Ctx = Ctx;

  Napi::Object Out = Napi::Object::New(Env);
  Out.Set("instanceName", Ctx->Name);
  Out.Set("handle", Napi::External<std::shared_ptr<ModuleBox>>::New(
                        Env, new std::shared_ptr<ModuleBox>(Box),
                        [](Napi::Env, std::shared_ptr<ModuleBox> *P) { delete P; }));
  Napi::Array Functions = Napi::Array::New(Env);
  uint32_t I = 0;
  for (auto &Entry : Ctx->Functions) {
    Napi::Object F = Napi::Object::New(Env);
    F.Set("name", Entry.first);
    F.Set("params", typeList(Env, Entry.second->Type.Params));
    F.Set("results", typeList(Env, Entry.second->Type.Returns));
    F.Set("handle", Napi::External<FunctionRef>::New(
                        Env, new FunctionRef{Box, Entry.second.get(), Entry.first},
                        [](Napi::Env, FunctionRef *R) { delete R; }));
    Functions.Set(I++, F);
  }
  Out.Set("functions", Functions);
  // Memories, tables and globals the module adds, as WebAssembly objects.
  Out.Set("exports", Napi::Value(Env, host::exposeModule(Env, Ctx)));
  return Out;
}

Napi::Value DisposeModule(const Napi::CallbackInfo &Info) {
  auto *Box = Info[0].As<Napi::External<std::shared_ptr<ModuleBox>>>().Data();
  (*Box)->dispose();
  return Info.Env().Undefined();
}

} // namespace

// Defined in host_call.cpp.
Napi::Value CallHostFunctionImpl(const Napi::CallbackInfo &Info, WasmEdge_FunctionInstanceContext *Fn,
                                 const std::string &Name, const WasmEdge_ModuleInstanceContext *Caller);
// Defined in binding_capi.cpp.
void RegisterCapiBindings(Napi::Env Env, Napi::Object Exports);

namespace {

Napi::Value CallHostFunction(const Napi::CallbackInfo &Info) {
  FunctionRef *Ref = Info[0].As<Napi::External<FunctionRef>>().Data();
  if (Ref->Box->Ctx == nullptr) {
    throwHostError(Info.Env(), "disposed", "host function " + Ref->Name + " called after its module was disposed");
  }
  return CallHostFunctionImpl(Info, Ref->Fn, Ref->Name, Ref->Box->Caller.get());
}

Napi::Value SetErrorFactory(const Napi::CallbackInfo &Info) {
  host::jsHooks(Info.Env()).ErrorFactory = Napi::Persistent(Info[0].As<Napi::Function>());
  return Info.Env().Undefined();
}

Napi::Object Init(Napi::Env Env, Napi::Object Exports) {
  Exports.Set("open", Napi::Function::New(Env, Open));
  Exports.Set("describe", Napi::Function::New(Env, Describe));
  Exports.Set("getOption", Napi::Function::New(Env, GetOption));
  Exports.Set("setOption", Napi::Function::New(Env, SetOption));
  Exports.Set("setOptionDefault", Napi::Function::New(Env, SetOptionDefault));
  Exports.Set("createModule", Napi::Function::New(Env, CreateModule));
  Exports.Set("disposeModule", Napi::Function::New(Env, DisposeModule));
  Exports.Set("call", Napi::Function::New(Env, CallHostFunction));
  Exports.Set("setErrorFactory", Napi::Function::New(Env, SetErrorFactory));
  Exports.Set("apiVersion", Napi::Number::New(Env, WASMEDGE_PLUGIN_API_VERSION));
  RegisterCapiBindings(Env, Exports);
  return Exports;
}

} // namespace

// Used by host_call.cpp.
[[noreturn]] void ThrowHostError(Napi::Env Env, const std::string &Kind, const std::string &Message,
                                 uint32_t Code) {
  throwHostError(Env, Kind, Message, Code);
}

NODE_API_MODULE(wasmedge_host, Init)

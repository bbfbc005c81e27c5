// A native test driver for plug-ins built for another architecture: it links
// the loader's host side of the C API (host_api.cpp, host_instances.cpp),
// opens a wasmedge_process plug-in, and drives it the way a wasm guest does,
// with a plain byte array standing in for guest memory. Built for aarch64 by
// zig and run under qemu-user, it proves the cross-built plug-in works.
//
//   process_driver <libwasmedgePluginWasmEdgeProcess.so>
// Prints one JSON line: {"name":..., "api":..., "exit":..., "stdout":...,
// "oob":...} and exits 0, or prints a message and exits 1.
#include "../../loader/native/host_contexts.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> Memory(65536);
WasmEdge_MemoryInstanceContext MemoryInstance;
WasmEdge_CallingFrameContext Frame;

int fail(const std::string &Message) {
  std::fprintf(stderr, "process_driver: %s\n", Message.c_str());
  return 1;
}

WasmEdge_FunctionInstanceContext *find(WasmEdge_ModuleInstanceContext *Module, const char *Name) {
  return WasmEdge_ModuleInstanceFindFunction(Module, WasmEdge_StringWrap(Name, static_cast<uint32_t>(std::strlen(Name))));
}

// Calls a host function with i32 params; returns its i32 result (0 when none).
int32_t call(WasmEdge_ModuleInstanceContext *Module, const char *Name, std::vector<int32_t> Args, bool *Ok) {
  WasmEdge_FunctionInstanceContext *Fn = find(Module, Name);
  if (Fn == nullptr) {
    *Ok = false;
    return 0;
  }
  std::vector<WasmEdge_Value> Params;
  for (int32_t A : Args) Params.push_back(WasmEdge_ValueGenI32(A));
  WasmEdge_Value Result = WasmEdge_ValueGenI32(0);
  WasmEdge_Result Res = Fn->Func(Fn->Data, &Frame, Params.empty() ? nullptr : Params.data(),
                                 Fn->Type.Returns.empty() ? nullptr : &Result);
  if (!WasmEdge_ResultOK(Res)) *Ok = false;
  return WasmEdge_ValueGetI32(Result);
}

int32_t put(uint32_t At, const char *Text) {
  std::memcpy(Memory.data() + At, Text, std::strlen(Text));
  return static_cast<int32_t>(At);
}

std::string escape(const std::string &S) {
  std::string Out;
  for (char C : S) {
    if (C == '"' || C == '\\') Out += '\\';
    if (C == '\n') { Out += "\\n"; continue; }
    Out += C;
  }
  return Out;
}

} // namespace

int main(int Argc, char **Argv) {
  if (Argc != 2) return fail("usage: process_driver <plugin.so>");
  void *Lib = dlopen(Argv[1], RTLD_NOW | RTLD_LOCAL);
  if (Lib == nullptr) return fail(std::string("dlopen: ") + dlerror());
  using GetFn = const WasmEdge_PluginDescriptor *(*)();
  auto Get = reinterpret_cast<GetFn>(dlsym(Lib, "WasmEdge_Plugin_GetDescriptor"));
  if (Get == nullptr) return fail("no WasmEdge_Plugin_GetDescriptor");
  const WasmEdge_PluginDescriptor *D = Get();

  // Allow /bin/echo through the String option, as --allow-command=/bin/echo.
  for (uint32_t I = 0; I < D->ProgramOptionCount; ++I) {
    if (std::strcmp(D->ProgramOptions[I].Name, "allow-command") == 0) {
      static const char Allowed[] = "/bin/echo";
      *static_cast<WasmEdge_String *>(D->ProgramOptions[I].Storage) = WasmEdge_StringWrap(Allowed, sizeof Allowed - 1);
    }
  }
  WasmEdge_ModuleInstanceContext *Module = D->ModuleDescriptions[0].Create(&D->ModuleDescriptions[0]);
  if (Module == nullptr) return fail("Create returned NULL");
  MemoryInstance.Data = Memory.data();
  MemoryInstance.Size = Memory.size();
  Frame.Memory = &MemoryInstance;

  bool Ok = true;
  call(Module, "wasmedge_process_set_prog_name", {put(0, "/bin/echo"), 9}, &Ok);
  call(Module, "wasmedge_process_add_arg", {put(32, "hello"), 5}, &Ok);
  int32_t Exit = call(Module, "wasmedge_process_run", {}, &Ok);
  int32_t Len = call(Module, "wasmedge_process_get_stdout_len", {}, &Ok);
  call(Module, "wasmedge_process_get_stdout", {1024}, &Ok);
  std::string Stdout(reinterpret_cast<const char *>(Memory.data() + 1024), static_cast<size_t>(Len > 0 ? Len : 0));
  // An out-of-bounds argument must be an error result on the next run, not a crash.
  call(Module, "wasmedge_process_set_prog_name", {put(0, "/bin/echo"), 9}, &Ok);
  call(Module, "wasmedge_process_add_arg", {65530, 100}, &Ok);
  int32_t Oob = call(Module, "wasmedge_process_run", {}, &Ok);
  if (!Ok) return fail("a host function failed or is missing");
  std::printf("{\"name\":\"%s\",\"api\":%u,\"exit\":%d,\"stdout\":\"%s\",\"oob\":%d}\n", D->Name, D->APIVersion, Exit,
              escape(Stdout).c_str(), Oob);
  WasmEdge_ModuleInstanceDelete(Module);
  return 0;
}

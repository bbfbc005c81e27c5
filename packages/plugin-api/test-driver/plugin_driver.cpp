// A native test driver for plug-ins built for another architecture. It links
// the loader's host side of the C API (host_api.cpp, host_instances.cpp),
// opens one plug-in, and lets a test drive it the way a wasm guest would,
// with a plain byte array standing in for guest memory. Built by zig for the
// target and run under qemu-user, it lets the plug-in tests check a
// cross-built plug-in (packages/test-support/src/cross-driver.ts is the other end).
//
//   plugin_driver <plugin.so>
// Reads one command per line on stdin and answers each with one line:
//   option <name> <hex>        set a String program option   -> ok
//   module <descriptor-name>   create a module instance      -> ok <n>
//   write <addr> <hex>         copy bytes into guest memory  -> ok
//   read <addr> <len>          copy bytes out                -> ok <hex>
//   call <n> <func> <args...>  call a host function; i32/i64 arguments in
//                              decimal, as its type says     -> ok <results...>
//                                                            or trap <code>
//   info                       -> ok <plugin-name> <api-version> <module names...>
// A command the driver cannot do answers `error <message>`; end of input ends.
#include "../../loader/native/host_contexts.h"

#include <dlfcn.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr uint64_t kMemorySize = 16 * host::kWasmPageSize;

std::vector<uint8_t> Memory(kMemorySize);
WasmEdge_MemoryInstanceContext MemoryInstance;
WasmEdge_CallingFrameContext Frame;
const WasmEdge_PluginDescriptor *Descriptor = nullptr;
std::vector<std::unique_ptr<WasmEdge_ModuleInstanceContext, void (*)(WasmEdge_ModuleInstanceContext *)>> Modules;

std::string toHex(const uint8_t *Data, size_t Size) {
  static const char Digits[] = "0123456789abcdef";
  std::string Out;
  Out.reserve(Size * 2);
  for (size_t I = 0; I < Size; ++I) {
    Out += Digits[Data[I] >> 4];
    Out += Digits[Data[I] & 15];
  }
  return Out;
}

bool fromHex(const std::string &Hex, std::vector<uint8_t> &Out) {
  if (Hex == "-") return true; // empty
  if (Hex.size() % 2 != 0) return false;
  for (size_t I = 0; I < Hex.size(); I += 2) {
    char *End = nullptr;
    std::string Byte = Hex.substr(I, 2);
    unsigned long V = std::strtoul(Byte.c_str(), &End, 16);
    if (End != Byte.c_str() + 2) return false;
    Out.push_back(static_cast<uint8_t>(V));
  }
  return true;
}

bool parseU64(const std::string &Text, uint64_t &Out) {
  if (Text.empty()) return false;
  char *End = nullptr;
  errno = 0;
  Out = Text[0] == '-' ? static_cast<uint64_t>(std::strtoll(Text.c_str(), &End, 10)) : std::strtoull(Text.c_str(), &End, 10);
  return errno == 0 && End == Text.c_str() + Text.size();
}

std::string setOption(const std::string &Name, const std::string &Hex) {
  static std::vector<std::unique_ptr<std::string>> Kept; // options point into these
  std::vector<uint8_t> Bytes;
  if (!fromHex(Hex, Bytes)) return "error bad hex";
  for (uint32_t I = 0; I < Descriptor->ProgramOptionCount; ++I) {
    const WasmEdge_ProgramOption &O = Descriptor->ProgramOptions[I];
    if (Name != O.Name) continue;
    if (O.Type != WasmEdge_ProgramOptionType_String) return "error only String options are supported";
    Kept.push_back(std::make_unique<std::string>(Bytes.begin(), Bytes.end()));
    *static_cast<WasmEdge_String *>(O.Storage) = WasmEdge_StringWrap(Kept.back()->data(), static_cast<uint32_t>(Kept.back()->size()));
    return "ok";
  }
  return "error no option " + Name;
}

std::string createModule(const std::string &Name) {
  for (uint32_t I = 0; I < Descriptor->ModuleCount; ++I) {
    const WasmEdge_ModuleDescriptor &M = Descriptor->ModuleDescriptions[I];
    if (Name != M.Name) continue;
    WasmEdge_ModuleInstanceContext *Module = M.Create(&M);
    if (Module == nullptr) return "error Create returned NULL";
    Modules.emplace_back(Module, WasmEdge_ModuleInstanceDelete);
    return "ok " + std::to_string(Modules.size() - 1);
  }
  return "error no module " + Name;
}

std::string call(std::istringstream &In) {
  size_t Index = 0;
  std::string Name;
  if (!(In >> Index >> Name) || Index >= Modules.size()) return "error usage: call <module> <function> <args...>";
  WasmEdge_FunctionInstanceContext *Fn =
      WasmEdge_ModuleInstanceFindFunction(Modules[Index].get(), WasmEdge_StringWrap(Name.data(), static_cast<uint32_t>(Name.size())));
  if (Fn == nullptr) return "error no function " + Name;
  std::vector<WasmEdge_Value> Params;
  for (const WasmEdge_ValType &Type : Fn->Type.Params) {
    std::string Arg;
    uint64_t V = 0;
    if (!(In >> Arg) || !parseU64(Arg, V)) return "error " + Name + " needs " + std::to_string(Fn->Type.Params.size()) + " integer arguments";
    if (WasmEdge_ValTypeIsI32(Type)) {
      Params.push_back(WasmEdge_ValueGenI32(static_cast<int32_t>(static_cast<uint32_t>(V))));
    } else if (WasmEdge_ValTypeIsI64(Type)) {
      Params.push_back(WasmEdge_ValueGenI64(static_cast<int64_t>(V)));
    } else {
      return "error " + Name + " has a parameter type the driver does not pass";
    }
  }
  std::vector<WasmEdge_Value> Returns(Fn->Type.Returns.size());
  MemoryInstance.Data = Memory.data();
  MemoryInstance.Size = Memory.size();
  WasmEdge_Result Res = Fn->Func(Fn->Data, &Frame, Params.empty() ? nullptr : Params.data(), Returns.empty() ? nullptr : Returns.data());
  if (!WasmEdge_ResultOK(Res)) return "trap " + std::to_string(WasmEdge_ResultGetCode(Res));
  std::string Out = "ok";
  for (size_t I = 0; I < Returns.size(); ++I) {
    Out += ' ';
    Out += WasmEdge_ValTypeIsI64(Fn->Type.Returns[I]) ? std::to_string(WasmEdge_ValueGetI64(Returns[I]))
                                                       : std::to_string(WasmEdge_ValueGetI32(Returns[I]));
  }
  return Out;
}

std::string handle(const std::string &Line) {
  std::istringstream In(Line);
  std::string Command;
  In >> Command;
  if (Command == "option") {
    std::string Name, Hex;
    if (!(In >> Name >> Hex)) return "error usage: option <name> <hex>";
    return setOption(Name, Hex);
  }
  if (Command == "module") {
    std::string Name;
    if (!(In >> Name)) return "error usage: module <name>";
    return createModule(Name);
  }
  if (Command == "write" || Command == "read") {
    std::string AddrText, Arg;
    uint64_t Addr = 0;
    if (!(In >> AddrText >> Arg) || !parseU64(AddrText, Addr)) return "error usage: " + Command + " <addr> <hex|len>";
    std::vector<uint8_t> Bytes;
    uint64_t Len = 0;
    if (Command == "write" ? !fromHex(Arg, Bytes) : !parseU64(Arg, Len)) return "error bad " + Command + " argument";
    if (Command == "write") Len = Bytes.size();
    if (Addr > kMemorySize || Len > kMemorySize - Addr) return "error outside the driver's memory";
    if (Command == "write") {
      std::memcpy(Memory.data() + Addr, Bytes.data(), Bytes.size());
      return "ok";
    }
    return "ok " + toHex(Memory.data() + Addr, Len);
  }
  if (Command == "call") return call(In);
  if (Command == "info") {
    std::string Out = std::string("ok ") + Descriptor->Name + " " + std::to_string(Descriptor->APIVersion);
    for (uint32_t I = 0; I < Descriptor->ModuleCount; ++I) Out += std::string(" ") + Descriptor->ModuleDescriptions[I].Name;
    return Out;
  }
  return "error unknown command " + Command;
}

} // namespace

int main(int Argc, char **Argv) {
  if (Argc != 2) {
    std::fprintf(stderr, "usage: plugin_driver <plugin.so>\n");
    return 2;
  }
  void *Lib = dlopen(Argv[1], RTLD_NOW | RTLD_LOCAL);
  if (Lib == nullptr) {
    std::fprintf(stderr, "plugin_driver: dlopen: %s\n", dlerror());
    return 1;
  }
  using GetFn = const WasmEdge_PluginDescriptor *(*)();
  auto Get = reinterpret_cast<GetFn>(dlsym(Lib, "WasmEdge_Plugin_GetDescriptor"));
  if (Get == nullptr || (Descriptor = Get()) == nullptr) {
    std::fprintf(stderr, "plugin_driver: %s has no usable WasmEdge_Plugin_GetDescriptor\n", Argv[1]);
    return 1;
  }
  Frame.Memory = &MemoryInstance;
  std::string Line;
  while (std::getline(std::cin, Line)) {
    std::cout << handle(Line) << std::endl; // one flushed line per command
  }
  Modules.clear(); // finalizers run before exit, as in the runtime
  return 0;
}

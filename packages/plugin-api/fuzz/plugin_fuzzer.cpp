// A libFuzzer target for any plug-in module, in the style of OSS-Fuzz: it
// links the loader's host side of the C API (host_api.cpp,
// host_instances.cpp), opens one sanitized plug-in, creates one module from
// its descriptor and calls the module's host functions as a hostile guest
// would. The functions are enumerated from the module instance, so a host
// function added later is fuzzed without a change here.
//
// Configuration (environment; tools/src/fuzz/fuzz-targets.ts sets it):
//   WASMEDGE_FUZZ_PLUGIN    path of the plug-in library (the asan variant)
//   WASMEDGE_FUZZ_MODULE    module descriptor name; a comma-separated list
//                           adds companion modules whose functions the
//                           target may call too (handles made by one are
//                           used by another, as in wasi_crypto)
//   WASMEDGE_FUZZ_OPTIONS   program options, one `name=value` per line
//                           (Toggle: value ignored; integers; String)
//   WASMEDGE_FUZZ_ISOLATE   `net`: enter a new network namespace first, so
//                           that no input can reach beyond this machine
//   WASMEDGE_FUZZ_PEER      path of a peer library (fuzz_peer.h): a server
//                           on the namespace's loopback, started before the
//                           plug-in is opened, whose answers the input sets;
//                           the options it returns follow the ones above
//   WASMEDGE_FUZZ_TRACE     set: print every call and its result (to check
//                           what a seed does: npm run fuzz -- <t> --replay)
//   WASMEDGE_FUZZ_LIST      set: print the module's functions in selector
//                           order (`index name i32,i32->i32`) and exit; the
//                           seed writer encodes calls by these indexes
//
// Input: a program, one operation after another until the bytes run out.
//   op = byte % 4, or byte % 5 with a peer
//   0 write   u16 addr, u16 len, len bytes -> guest memory (clamped to it)
//   1 call    u8 function selector (index into the functions, by module
//             then name, modulo their count), then one argument per parameter
//   2 call    the same, from a caller without memory
//   3 renew   delete the modules (their finalizers run), create new ones
//   4 peer    u16 len, len bytes -> the peer's script for the connections
//             that follow (before the first, the empty script)
//   argument = byte % 8, then:
//   0 u8   1 u16   2 u32   3 u64 (little-endian literals)
//   4 u16 addr: the u32 stored there (handles written through out-pointers)
//   5 u8 k: the first result of the k-th most recent call
//   6 u8 d: memory size - d (pointers at the end of memory)
//   7 u8 i: a boundary value from kSpecial
// Memory is one wasm page, zeroed for every input.
#include "../../loader/native/host_contexts.h"

#include "fuzz_peer.h"

#include <dlfcn.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace {

constexpr uint64_t kMemorySize = host::kWasmPageSize;
constexpr size_t kResultRing = 16;
const uint64_t kSpecial[] = {0, 1, 2, 4, 8, 16, 0x7f, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
                             0xfffffff0, 0xfffffffe, 0xffffffff, kMemorySize - 1, kMemorySize, kMemorySize + 1,
                             0xffffffffffffffffull, 0x8000000000000000ull};

std::vector<const WasmEdge_ModuleDescriptor *> Modules;
std::vector<uint8_t> Memory(kMemorySize);
bool Trace = false;
decltype(&wasmedge_fuzz_peer_script) PeerScript = nullptr;
WasmEdge_MemoryInstanceContext MemoryInstance;

[[noreturn]] void fail(const std::string &Why) {
  std::fprintf(stderr, "plugin_fuzzer: %s\n", Why.c_str());
  std::exit(2);
}

// Reads little-endian integers from the input; past the end, zeros.
struct Reader {
  const uint8_t *Data;
  size_t Size;
  size_t Pos = 0;
  bool done() const { return Pos >= Size; }
  uint64_t take(size_t Bytes) {
    uint64_t V = 0;
    for (size_t I = 0; I < Bytes && Pos < Size; ++I) V |= static_cast<uint64_t>(Data[Pos++]) << (8 * I);
    return V;
  }
};

template <typename T> void storeNumber(void *Storage, const std::string &Text, bool Signed) {
  errno = 0;
  char *End = nullptr;
  T V = Signed ? static_cast<T>(std::strtoll(Text.c_str(), &End, 0)) : static_cast<T>(std::strtoull(Text.c_str(), &End, 0));
  if (errno != 0 || End == Text.c_str() || *End != '\0') fail("option value is not an integer: " + Text);
  std::memcpy(Storage, &V, sizeof V);
}

void setOption(const WasmEdge_PluginDescriptor *Desc, const std::string &Line) {
  static std::vector<std::unique_ptr<std::string>> Kept; // String options point into these
  size_t Eq = Line.find('=');
  std::string Name = Line.substr(0, Eq), Value = Eq == std::string::npos ? "" : Line.substr(Eq + 1);
  for (uint32_t I = 0; I < Desc->ProgramOptionCount; ++I) {
    const WasmEdge_ProgramOption &O = Desc->ProgramOptions[I];
    if (Name != O.Name) continue;
    switch (O.Type) {
    case WasmEdge_ProgramOptionType_Toggle: *static_cast<bool *>(O.Storage) = true; return;
    case WasmEdge_ProgramOptionType_Int32: return storeNumber<int32_t>(O.Storage, Value, true);
    case WasmEdge_ProgramOptionType_Int64: return storeNumber<int64_t>(O.Storage, Value, true);
    case WasmEdge_ProgramOptionType_UInt32: return storeNumber<uint32_t>(O.Storage, Value, false);
    case WasmEdge_ProgramOptionType_UInt64: return storeNumber<uint64_t>(O.Storage, Value, false);
    case WasmEdge_ProgramOptionType_String:
      Kept.push_back(std::make_unique<std::string>(Value));
      *static_cast<WasmEdge_String *>(O.Storage) = WasmEdge_StringWrap(Kept.back()->data(), static_cast<uint32_t>(Kept.back()->size()));
      return;
    default: fail("option " + Name + " has a type this driver does not set");
    }
  }
  fail("the plug-in has no option " + Name);
}

void isolateNetwork() {
  // As root a network namespace alone; otherwise inside a user namespace.
  if (unshare(CLONE_NEWNET) != 0 && unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
    fail(std::string("cannot enter a network namespace (") + std::strerror(errno) +
         "): this target must not reach the network; run it as root or enable user namespaces");
  }
}

// A new network namespace has its loopback down; the peer listens there.
void bringLoopbackUp() {
  int Fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq Req{};
  std::strncpy(Req.ifr_name, "lo", IFNAMSIZ - 1);
  bool Up = Fd >= 0 && ioctl(Fd, SIOCGIFFLAGS, &Req) == 0 && ((Req.ifr_flags |= IFF_UP), ioctl(Fd, SIOCSIFFLAGS, &Req) == 0);
  int Saved = errno;
  if (Fd >= 0) close(Fd);
  if (!Up) fail(std::string("cannot bring the namespace's loopback up for the peer: ") + std::strerror(Saved));
}

// Loads and starts the peer; returns the options it gives the plug-in.
std::string startPeer(const char *Path, bool Isolated) {
  if (Isolated) bringLoopbackUp();
  void *Lib = dlopen(Path, RTLD_NOW | RTLD_LOCAL);
  if (Lib == nullptr) fail(std::string("dlopen of the peer: ") + dlerror());
  auto Start = reinterpret_cast<decltype(&wasmedge_fuzz_peer_start)>(dlsym(Lib, "wasmedge_fuzz_peer_start"));
  PeerScript = reinterpret_cast<decltype(&wasmedge_fuzz_peer_script)>(dlsym(Lib, "wasmedge_fuzz_peer_script"));
  if (Start == nullptr || PeerScript == nullptr) fail(std::string(Path) + " does not define the functions of fuzz_peer.h");
  char Options[4096] = {};
  if (Start(Options, sizeof Options) != 0) fail(std::string("the peer ") + Path + " did not start (above)");
  return Options;
}

uint64_t readArgument(Reader &In, const uint64_t *Results) {
  switch (In.take(1) % 8) {
  case 0: return In.take(1);
  case 1: return In.take(2);
  case 2: return In.take(4);
  case 3: return In.take(8);
  case 4: {
    uint64_t Addr = In.take(2) % (kMemorySize - 3);
    uint32_t V;
    std::memcpy(&V, Memory.data() + Addr, sizeof V);
    return V;
  }
  case 5: return Results[In.take(1) % kResultRing];
  case 6: return kMemorySize - In.take(1);
  default: return kSpecial[In.take(1) % (sizeof kSpecial / sizeof kSpecial[0])];
  }
}

struct InstanceDeleter {
  void operator()(WasmEdge_ModuleInstanceContext *C) const { WasmEdge_ModuleInstanceDelete(C); }
};
using Instance = std::unique_ptr<WasmEdge_ModuleInstanceContext, InstanceDeleter>;

// The instances of one input, and their functions in selector order.
struct Instances {
  std::vector<Instance> Owned;
  std::vector<std::pair<std::string, WasmEdge_FunctionInstanceContext *>> Functions;
};

Instances createInstances() {
  Instances Out;
  for (const WasmEdge_ModuleDescriptor *M : Modules) {
    Instance I(M->Create(M));
    if (!I) fail(std::string("Create of module ") + M->Name + " returned NULL");
    for (auto &[Name, Fn] : I->Functions) Out.Functions.emplace_back(Name, Fn.get());
    Out.Owned.push_back(std::move(I));
  }
  if (Out.Functions.empty()) fail("the modules have no host functions");
  return Out;
}

void callOne(Reader &In, const Instances &Current, bool WithMemory, uint64_t *Results, size_t &Calls) {
  const auto &[Name, Fn] = Current.Functions[In.take(1) % Current.Functions.size()];
  std::vector<WasmEdge_Value> Params;
  for (const WasmEdge_ValType &Type : Fn->Type.Params) {
    uint64_t V = readArgument(In, Results);
    Params.push_back(WasmEdge_ValTypeIsI64(Type) ? WasmEdge_ValueGenI64(static_cast<int64_t>(V))
                                                 : WasmEdge_ValueGenI32(static_cast<int32_t>(static_cast<uint32_t>(V))));
  }
  std::vector<WasmEdge_Value> Returns(Fn->Type.Returns.size());
  WasmEdge_CallingFrameContext Frame;
  MemoryInstance.Data = Memory.data();
  MemoryInstance.Size = Memory.size();
  Frame.Memory = WithMemory ? &MemoryInstance : nullptr;
  WasmEdge_Result Res = Fn->Func(Fn->Data, &Frame, Params.empty() ? nullptr : Params.data(), Returns.empty() ? nullptr : Returns.data());
  uint64_t First = Returns.empty() ? 0 : static_cast<uint64_t>(WasmEdge_ValueGetI64(Returns[0]));
  if (!Returns.empty() && WasmEdge_ValTypeIsI32(Fn->Type.Returns[0])) First = static_cast<uint32_t>(WasmEdge_ValueGetI32(Returns[0]));
  Results[Calls++ % kResultRing] = First;
  if (Trace) {
    std::string Args;
    for (const WasmEdge_Value &P : Params) Args += (Args.empty() ? "" : ", ") + std::to_string(static_cast<uint64_t>(WasmEdge_ValueGetI64(P)));
    std::fprintf(stderr, "%s%s(%s) -> %s\n", WithMemory ? "" : "[no memory] ", Name.c_str(), Args.c_str(),
                 WasmEdge_ResultOK(Res) ? std::to_string(First).c_str() : ("trap " + std::to_string(WasmEdge_ResultGetCode(Res))).c_str());
  }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  const char *Path = std::getenv("WASMEDGE_FUZZ_PLUGIN");
  const char *Name = std::getenv("WASMEDGE_FUZZ_MODULE");
  if (Path == nullptr || Name == nullptr) fail("set WASMEDGE_FUZZ_PLUGIN and WASMEDGE_FUZZ_MODULE (npm run fuzz does)");
  const char *Isolate = std::getenv("WASMEDGE_FUZZ_ISOLATE");
  bool Isolated = Isolate != nullptr && std::strcmp(Isolate, "net") == 0;
  if (Isolated) isolateNetwork();
  const char *Peer = std::getenv("WASMEDGE_FUZZ_PEER");
  std::string PeerOptions = Peer != nullptr && *Peer != '\0' ? startPeer(Peer, Isolated) : "";
  // No RTLD_DEEPBIND: ASan refuses it (see packages/loader/README.md).
  void *Lib = dlopen(Path, RTLD_NOW | RTLD_LOCAL);
  if (Lib == nullptr) fail(std::string("dlopen: ") + dlerror());
  using GetFn = const WasmEdge_PluginDescriptor *(*)();
  auto Get = reinterpret_cast<GetFn>(dlsym(Lib, "WasmEdge_Plugin_GetDescriptor"));
  const WasmEdge_PluginDescriptor *Desc = Get == nullptr ? nullptr : Get();
  if (Desc == nullptr) fail(std::string(Path) + " has no usable WasmEdge_Plugin_GetDescriptor");
  {
    const char *Options = std::getenv("WASMEDGE_FUZZ_OPTIONS");
    std::string All = std::string(Options == nullptr ? "" : Options) + "\n" + PeerOptions;
    for (size_t Start = 0; Start < All.size();) {
      size_t End = All.find('\n', Start);
      if (End == std::string::npos) End = All.size();
      if (End > Start) setOption(Desc, All.substr(Start, End - Start));
      Start = End + 1;
    }
  }
  std::string Names(Name);
  for (size_t Start = 0; Start <= Names.size();) {
    size_t End = std::min(Names.find(',', Start), Names.size());
    std::string Wanted = Names.substr(Start, End - Start);
    const WasmEdge_ModuleDescriptor *Found = nullptr;
    for (uint32_t I = 0; I < Desc->ModuleCount; ++I) {
      if (Wanted == Desc->ModuleDescriptions[I].Name) Found = &Desc->ModuleDescriptions[I];
    }
    if (Found == nullptr) fail(std::string(Path) + " has no module " + Wanted);
    Modules.push_back(Found);
    Start = End + 1;
  }
  Trace = std::getenv("WASMEDGE_FUZZ_TRACE") != nullptr;
  if (std::getenv("WASMEDGE_FUZZ_LIST") != nullptr) {
    Instances All = createInstances();
    size_t Index = 0;
    auto Types = [](const std::vector<WasmEdge_ValType> &List) {
      std::string Out;
      for (const WasmEdge_ValType &T : List) Out += std::string(Out.empty() ? "" : ",") + (WasmEdge_ValTypeIsI64(T) ? "i64" : "i32");
      return Out;
    };
    for (const auto &[FnName, Fn] : All.Functions) {
      std::printf("%zu %s %s->%s\n", Index++, FnName.c_str(), Types(Fn->Type.Params).c_str(), Types(Fn->Type.Returns).c_str());
    }
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::fill(Memory.begin(), Memory.end(), 0);
  if (PeerScript != nullptr) PeerScript(nullptr, 0);
  Instances Current = createInstances();
  uint64_t Results[kResultRing] = {};
  size_t Calls = 0;
  Reader In{Data, Size};
  while (!In.done()) {
    switch (In.take(1) % (PeerScript != nullptr ? 5 : 4)) {
    case 0: {
      uint64_t Addr = In.take(2) % kMemorySize;
      size_t Len = static_cast<size_t>(In.take(2));
      Len = std::min({Len, In.Size - std::min(In.Pos, In.Size), static_cast<size_t>(kMemorySize - Addr)});
      std::memcpy(Memory.data() + Addr, In.Data + In.Pos, Len);
      In.Pos += Len;
      break;
    }
    case 1: callOne(In, Current, true, Results, Calls); break;
    case 2: callOne(In, Current, false, Results, Calls); break;
    case 3:
      Current.Owned.clear(); // old instances go before new ones are made
      Current = createInstances();
      break;
    default: {
      size_t Len = static_cast<size_t>(In.take(2));
      Len = std::min(Len, In.Size - std::min(In.Pos, In.Size));
      PeerScript(In.Data + In.Pos, Len);
      In.Pos += Len;
      if (Trace) std::fprintf(stderr, "peer script of %zu bytes\n", Len);
      break;
    }
    }
  }
  return 0;
}

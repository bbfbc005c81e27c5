// Log control, configuration and statistics contexts of the C API.
// Configuration is kept and reported back as the runtime does (same
// defaults); statistics count nothing, since Node runs the instructions.
#include "capi_log.h"
#include "host_contexts.h"

#include <bitset>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <new>
#include <thread>

#define HOST_API extern "C" WASMEDGE_CAPI_EXPORT

namespace {

constexpr int kLogOff = 6; // above Critical

struct LogState {
  std::mutex Lock;
  int Level = WasmEdge_LogLevel_Info;
  WasmEdge_LogCallback_t Callback = nullptr;
};

LogState &logState() {
  static LogState State;
  return State;
}

const char *levelName(WasmEdge_LogLevel L) {
  static const char *const Names[] = {"trace", "debug", "info", "warning", "error", "critical"};
  return L >= 0 && L <= WasmEdge_LogLevel_Critical ? Names[L] : "?";
}

} // namespace

namespace host {

void logMessage(WasmEdge_LogLevel Level, const std::string &Message) {
  LogState &S = logState();
  WasmEdge_LogCallback_t Callback;
  {
    std::lock_guard<std::mutex> G(S.Lock);
    if (static_cast<int>(Level) < S.Level) {
      return;
    }
    Callback = S.Callback;
  }
  const std::time_t Now = std::time(nullptr);
  if (Callback != nullptr) {
    static const char Logger[] = "wasmedge";
    WasmEdge_LogMessage M{};
    M.Message = WasmEdge_String{static_cast<uint32_t>(Message.size()), Message.data()};
    M.LoggerName = WasmEdge_String{sizeof Logger - 1, Logger};
    M.Level = Level;
    M.Time = Now;
    M.ThreadId = std::hash<std::thread::id>()(std::this_thread::get_id());
    Callback(&M);
    return;
  }
  char Stamp[32];
  std::tm Parts{};
  gmtime_r(&Now, &Parts);
  std::strftime(Stamp, sizeof Stamp, "%Y-%m-%d %H:%M:%S", &Parts);
  std::fprintf(stderr, "[%s] [%s] %s\n", Stamp, levelName(Level), Message.c_str());
}

} // namespace host

// ---- Log control ----

HOST_API void WasmEdge_LogSetLevel(WasmEdge_LogLevel Level) {
  std::lock_guard<std::mutex> G(logState().Lock);
  logState().Level = Level;
}
HOST_API void WasmEdge_LogSetErrorLevel(void) { WasmEdge_LogSetLevel(WasmEdge_LogLevel_Error); }
HOST_API void WasmEdge_LogSetDebugLevel(void) { WasmEdge_LogSetLevel(WasmEdge_LogLevel_Debug); }
HOST_API void WasmEdge_LogOff(void) {
  std::lock_guard<std::mutex> G(logState().Lock);
  logState().Level = kLogOff;
}
HOST_API void WasmEdge_LogSetCallback(WasmEdge_LogCallback_t Callback) {
  std::lock_guard<std::mutex> G(logState().Lock);
  logState().Callback = Callback;
}

// ---- Configuration ----

struct WasmEdge_ConfigureContext {
  std::bitset<32> Proposals;
  std::bitset<8> Hosts;
  uint64_t MaxMemoryPage = 65536;
  WasmEdge_RunMode Mode = WasmEdge_RunMode_Interpreter;
  bool AllowAFUNIX = false;
  bool ForceInterpreter = false;
  WasmEdge_CompilerOptimizationLevel OptLevel = WasmEdge_CompilerOptimizationLevel_O3;
  WasmEdge_CompilerOutputFormat OutFormat = WasmEdge_CompilerOutputFormat_Wasm;
  bool DumpIR = false, GenericBinary = false, Interruptible = false;
  bool InstrCounting = false, CostMeasuring = false, TimeMeasuring = false;
};

namespace {

// The proposals each standard turns on; a new configuration starts at WASM 3.
void setStandard(WasmEdge_ConfigureContext *C, WasmEdge_Standard Std) {
  static const WasmEdge_Proposal Wasm2[] = {
      WasmEdge_Proposal_ImportExportMutGlobals, WasmEdge_Proposal_NonTrapFloatToIntConversions,
      WasmEdge_Proposal_SignExtensionOperators, WasmEdge_Proposal_MultiValue,
      WasmEdge_Proposal_BulkMemoryOperations, WasmEdge_Proposal_ReferenceTypes, WasmEdge_Proposal_SIMD};
  static const WasmEdge_Proposal Wasm3Extra[] = {
      WasmEdge_Proposal_TailCall, WasmEdge_Proposal_ExtendedConst, WasmEdge_Proposal_FunctionReferences,
      WasmEdge_Proposal_GC, WasmEdge_Proposal_MultiMemories, WasmEdge_Proposal_RelaxSIMD,
      WasmEdge_Proposal_ExceptionHandling, WasmEdge_Proposal_Memory64};
  if (Std > WasmEdge_Standard_WASM_3) {
    return;
  }
  C->Proposals.reset();
  C->Proposals.set(WasmEdge_Proposal_ImportExportMutGlobals);
  if (Std >= WasmEdge_Standard_WASM_2) {
    for (auto P : Wasm2) C->Proposals.set(P);
  }
  if (Std >= WasmEdge_Standard_WASM_3) {
    for (auto P : Wasm3Extra) C->Proposals.set(P);
  }
}

bool validProposal(WasmEdge_Proposal P) { return P >= 0 && P <= WasmEdge_Proposal_Component; }

} // namespace

HOST_API WasmEdge_ConfigureContext *WasmEdge_ConfigureCreate(void) {
  auto *C = new (std::nothrow) WasmEdge_ConfigureContext();
  if (C != nullptr) setStandard(C, WasmEdge_Standard_WASM_3);
  return C;
}
HOST_API void WasmEdge_ConfigureDelete(WasmEdge_ConfigureContext *Cxt) { delete Cxt; }
HOST_API void WasmEdge_ConfigureAddProposal(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_Proposal Prop) {
  if (Cxt && validProposal(Prop)) Cxt->Proposals.set(Prop);
}
HOST_API void WasmEdge_ConfigureRemoveProposal(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_Proposal Prop) {
  if (Cxt && validProposal(Prop)) Cxt->Proposals.reset(Prop);
}
HOST_API bool WasmEdge_ConfigureHasProposal(const WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_Proposal Prop) {
  return Cxt && validProposal(Prop) && Cxt->Proposals.test(Prop);
}
HOST_API void WasmEdge_ConfigureSetWASMStandard(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_Standard Std) {
  if (Cxt) setStandard(Cxt, Std);
}
HOST_API void WasmEdge_ConfigureAddHostRegistration(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_HostRegistration Host) {
  if (Cxt && Host == WasmEdge_HostRegistration_Wasi) Cxt->Hosts.set(Host);
}
HOST_API void WasmEdge_ConfigureRemoveHostRegistration(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_HostRegistration Host) {
  if (Cxt && Host == WasmEdge_HostRegistration_Wasi) Cxt->Hosts.reset(Host);
}
HOST_API bool WasmEdge_ConfigureHasHostRegistration(const WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_HostRegistration Host) {
  return Cxt && Host == WasmEdge_HostRegistration_Wasi && Cxt->Hosts.test(Host);
}
HOST_API void WasmEdge_ConfigureSetMaxMemoryPage(WasmEdge_ConfigureContext *Cxt, const uint64_t Page) { if (Cxt) Cxt->MaxMemoryPage = Page; }
HOST_API uint64_t WasmEdge_ConfigureGetMaxMemoryPage(const WasmEdge_ConfigureContext *Cxt) { return Cxt ? Cxt->MaxMemoryPage : 0; }
HOST_API void WasmEdge_ConfigureSetRunMode(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_RunMode Mode) { if (Cxt) Cxt->Mode = Mode; }
HOST_API enum WasmEdge_RunMode WasmEdge_ConfigureGetRunMode(const WasmEdge_ConfigureContext *Cxt) { return Cxt ? Cxt->Mode : WasmEdge_RunMode_Interpreter; }
HOST_API void WasmEdge_ConfigureSetAllowAFUNIX(WasmEdge_ConfigureContext *Cxt, const bool Enable) { if (Cxt) Cxt->AllowAFUNIX = Enable; }
HOST_API bool WasmEdge_ConfigureIsAllowAFUNIX(const WasmEdge_ConfigureContext *Cxt) { return Cxt && Cxt->AllowAFUNIX; }
HOST_API void WasmEdge_ConfigureSetForceInterpreter(WasmEdge_ConfigureContext *Cxt, const bool Force) { if (Cxt) Cxt->ForceInterpreter = Force; }
HOST_API bool WasmEdge_ConfigureIsForceInterpreter(const WasmEdge_ConfigureContext *Cxt) { return Cxt && Cxt->ForceInterpreter; }
HOST_API void WasmEdge_ConfigureCompilerSetOptimizationLevel(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_CompilerOptimizationLevel Level) { if (Cxt) Cxt->OptLevel = Level; }
HOST_API enum WasmEdge_CompilerOptimizationLevel WasmEdge_ConfigureCompilerGetOptimizationLevel(const WasmEdge_ConfigureContext *Cxt) { return Cxt ? Cxt->OptLevel : WasmEdge_CompilerOptimizationLevel_O0; }
HOST_API void WasmEdge_ConfigureCompilerSetOutputFormat(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_CompilerOutputFormat Format) { if (Cxt) Cxt->OutFormat = Format; }
HOST_API enum WasmEdge_CompilerOutputFormat WasmEdge_ConfigureCompilerGetOutputFormat(const WasmEdge_ConfigureContext *Cxt) { return Cxt ? Cxt->OutFormat : WasmEdge_CompilerOutputFormat_Native; }
HOST_API void WasmEdge_ConfigureCompilerSetDumpIR(WasmEdge_ConfigureContext *Cxt, const bool V) { if (Cxt) Cxt->DumpIR = V; }
HOST_API bool WasmEdge_ConfigureCompilerIsDumpIR(const WasmEdge_ConfigureContext *Cxt) { return Cxt && Cxt->DumpIR; }
HOST_API void WasmEdge_ConfigureCompilerSetGenericBinary(WasmEdge_ConfigureContext *Cxt, const bool V) { if (Cxt) Cxt->GenericBinary = V; }
HOST_API bool WasmEdge_ConfigureCompilerIsGenericBinary(const WasmEdge_ConfigureContext *Cxt) { return Cxt && Cxt->GenericBinary; }
HOST_API void WasmEdge_ConfigureCompilerSetInterruptible(WasmEdge_ConfigureContext *Cxt, const bool V) { if (Cxt) Cxt->Interruptible = V; }
HOST_API bool WasmEdge_ConfigureCompilerIsInterruptible(const WasmEdge_ConfigureContext *Cxt) { return Cxt && Cxt->Interruptible; }
HOST_API void WasmEdge_ConfigureStatisticsSetInstructionCounting(WasmEdge_ConfigureContext *Cxt, const bool V) { if (Cxt) Cxt->InstrCounting = V; }
HOST_API bool WasmEdge_ConfigureStatisticsIsInstructionCounting(const WasmEdge_ConfigureContext *Cxt) { return Cxt && Cxt->InstrCounting; }
HOST_API void WasmEdge_ConfigureStatisticsSetCostMeasuring(WasmEdge_ConfigureContext *Cxt, const bool V) { if (Cxt) Cxt->CostMeasuring = V; }
HOST_API bool WasmEdge_ConfigureStatisticsIsCostMeasuring(const WasmEdge_ConfigureContext *Cxt) { return Cxt && Cxt->CostMeasuring; }
HOST_API void WasmEdge_ConfigureStatisticsSetTimeMeasuring(WasmEdge_ConfigureContext *Cxt, const bool V) { if (Cxt) Cxt->TimeMeasuring = V; }
HOST_API bool WasmEdge_ConfigureStatisticsIsTimeMeasuring(const WasmEdge_ConfigureContext *Cxt) { return Cxt && Cxt->TimeMeasuring; }

// ---- Statistics ----

struct WasmEdge_StatisticsContext {
  uint64_t CostLimit = UINT64_MAX;
  uint64_t TotalCost = 0;
};

HOST_API WasmEdge_StatisticsContext *WasmEdge_StatisticsCreate(void) { return new (std::nothrow) WasmEdge_StatisticsContext(); }
HOST_API uint64_t WasmEdge_StatisticsGetInstrCount(const WasmEdge_StatisticsContext *) { return 0; }
HOST_API double WasmEdge_StatisticsGetInstrPerSecond(const WasmEdge_StatisticsContext *) { return 0.0; }
HOST_API uint64_t WasmEdge_StatisticsGetTotalCost(const WasmEdge_StatisticsContext *Cxt) { return Cxt ? Cxt->TotalCost : 0; }
HOST_API void WasmEdge_StatisticsSetCostTable(WasmEdge_StatisticsContext *, uint64_t *, const uint32_t) {}
HOST_API void WasmEdge_StatisticsSetCostLimit(WasmEdge_StatisticsContext *Cxt, const uint64_t Limit) { if (Cxt) Cxt->CostLimit = Limit; }
HOST_API void WasmEdge_StatisticsClear(WasmEdge_StatisticsContext *Cxt) { if (Cxt) Cxt->TotalCost = 0; }
HOST_API void WasmEdge_StatisticsDelete(WasmEdge_StatisticsContext *Cxt) { delete Cxt; }

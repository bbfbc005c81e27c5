// The host's log, controlled like the runtime's (WasmEdge_LogSetLevel,
// LogOff, LogSetCallback): lines at or above the level go to the callback
// if one is set, else to stderr as "[time] [level] message" (stdout belongs
// to the guest here).
#pragma once

#include <wasmedge/wasmedge.h>

#include <string>

namespace host {

void logMessage(WasmEdge_LogLevel Level, const std::string &Message);

} // namespace host

// Reading and writing a plug-in's program-option storage, with the storage
// types of the plug-in ABI (one C type per WasmEdge_ProgramOptionType).
#pragma once

#include <wasmedge/wasmedge.h>

#include <napi.h>

#include <string>

namespace host {

// The current value of an option as a JS value (boolean, number, bigint for
// 64-bit integers, string).
Napi::Value readOption(Napi::Env Env, const WasmEdge_ProgramOption &Option);

// Stores a JS value into the option's storage after checking its type and
// range; returns an empty string on success, else what was wrong.
std::string writeOption(const WasmEdge_ProgramOption &Option, Napi::Value Value);

// Copies the option's DefaultValue into its storage, as the command line does
// for an option given without a value; false when it has no default.
bool applyDefault(const WasmEdge_ProgramOption &Option);

} // namespace host

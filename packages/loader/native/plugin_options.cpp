// Program-option storage access; see plugin_options.h.
#include "plugin_options.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <memory>

namespace host {
namespace {

// Buffers this host allocated for String options, by storage address, so a
// second set frees the first (the runtime never frees them; we can).
std::map<void *, std::unique_ptr<char[]>> &stringBuffers() {
  static std::map<void *, std::unique_ptr<char[]>> Buffers;
  return Buffers;
}

template <typename T> std::string storeInteger(const WasmEdge_ProgramOption &O, Napi::Value V) {
  long double Wanted;
  if (V.IsBigInt()) {
    bool Lossless = false;
    if (std::numeric_limits<T>::is_signed) {
      Wanted = static_cast<long double>(V.As<Napi::BigInt>().Int64Value(&Lossless));
    } else {
      Wanted = static_cast<long double>(V.As<Napi::BigInt>().Uint64Value(&Lossless));
    }
    if (!Lossless) {
      return "value out of range";
    }
  } else if (V.IsNumber()) {
    double D = V.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(D) || std::trunc(D) != D) {
      return "expected an integer";
    }
    Wanted = D;
  } else {
    return "expected an integer";
  }
  if (Wanted < static_cast<long double>(std::numeric_limits<T>::min()) ||
      Wanted > static_cast<long double>(std::numeric_limits<T>::max())) {
    return "value out of range";
  }
  T Value;
  if (V.IsBigInt()) {
    bool Lossless = false;
    Value = std::numeric_limits<T>::is_signed
                ? static_cast<T>(V.As<Napi::BigInt>().Int64Value(&Lossless))
                : static_cast<T>(V.As<Napi::BigInt>().Uint64Value(&Lossless));
  } else {
    Value = static_cast<T>(V.As<Napi::Number>().DoubleValue());
  }
  std::memcpy(O.Storage, &Value, sizeof Value);
  return "";
}

template <typename T> Napi::Value loadNumber(Napi::Env Env, const void *Storage) {
  T Value;
  std::memcpy(&Value, Storage, sizeof Value);
  return Napi::Number::New(Env, static_cast<double>(Value));
}

} // namespace

Napi::Value readOption(Napi::Env Env, const WasmEdge_ProgramOption &O) {
  if (O.Storage == nullptr) {
    return Env.Undefined();
  }
  switch (O.Type) {
  case WasmEdge_ProgramOptionType_Toggle: return Napi::Boolean::New(Env, *static_cast<const bool *>(O.Storage));
  case WasmEdge_ProgramOptionType_Int8: return loadNumber<int8_t>(Env, O.Storage);
  case WasmEdge_ProgramOptionType_Int16: return loadNumber<int16_t>(Env, O.Storage);
  case WasmEdge_ProgramOptionType_Int32: return loadNumber<int32_t>(Env, O.Storage);
  case WasmEdge_ProgramOptionType_UInt8: return loadNumber<uint8_t>(Env, O.Storage);
  case WasmEdge_ProgramOptionType_UInt16: return loadNumber<uint16_t>(Env, O.Storage);
  case WasmEdge_ProgramOptionType_UInt32: return loadNumber<uint32_t>(Env, O.Storage);
  case WasmEdge_ProgramOptionType_Float: return loadNumber<float>(Env, O.Storage);
  case WasmEdge_ProgramOptionType_Double: return loadNumber<double>(Env, O.Storage);
  case WasmEdge_ProgramOptionType_Int64: {
    int64_t Value;
    std::memcpy(&Value, O.Storage, sizeof Value);
    return Napi::BigInt::New(Env, Value);
  }
  case WasmEdge_ProgramOptionType_UInt64: {
    uint64_t Value;
    std::memcpy(&Value, O.Storage, sizeof Value);
    return Napi::BigInt::New(Env, Value);
  }
  case WasmEdge_ProgramOptionType_String: {
    const auto *S = static_cast<const WasmEdge_String *>(O.Storage);
    return Napi::String::New(Env, S->Buf == nullptr ? "" : std::string(S->Buf, S->Length));
  }
  default: return Env.Undefined();
  }
}

bool applyDefault(const WasmEdge_ProgramOption &O) {
  static const size_t Sizes[] = {0, sizeof(bool), 1, 2, 4, 8, 1, 2, 4, 8, sizeof(float), sizeof(double),
                                 sizeof(WasmEdge_String)};
  if (O.DefaultValue == nullptr || O.Storage == nullptr || O.Type <= WasmEdge_ProgramOptionType_None ||
      O.Type > WasmEdge_ProgramOptionType_String) {
    return false;
  }
  // A plain copy, strings included: the default's buffer is the plug-in's.
  std::memcpy(O.Storage, O.DefaultValue, Sizes[O.Type]);
  return true;
}

std::string writeOption(const WasmEdge_ProgramOption &O, Napi::Value V) {
  if (O.Storage == nullptr) {
    return "the plug-in gives this option no storage";
  }
  switch (O.Type) {
  case WasmEdge_ProgramOptionType_Toggle:
    if (!V.IsBoolean()) {
      return "expected true or false (a toggle)";
    }
    *static_cast<bool *>(O.Storage) = V.As<Napi::Boolean>().Value();
    return "";
  case WasmEdge_ProgramOptionType_Int8: return storeInteger<int8_t>(O, V);
  case WasmEdge_ProgramOptionType_Int16: return storeInteger<int16_t>(O, V);
  case WasmEdge_ProgramOptionType_Int32: return storeInteger<int32_t>(O, V);
  case WasmEdge_ProgramOptionType_Int64: return storeInteger<int64_t>(O, V);
  case WasmEdge_ProgramOptionType_UInt8: return storeInteger<uint8_t>(O, V);
  case WasmEdge_ProgramOptionType_UInt16: return storeInteger<uint16_t>(O, V);
  case WasmEdge_ProgramOptionType_UInt32: return storeInteger<uint32_t>(O, V);
  case WasmEdge_ProgramOptionType_UInt64: return storeInteger<uint64_t>(O, V);
  case WasmEdge_ProgramOptionType_Float:
  case WasmEdge_ProgramOptionType_Double: {
    if (!V.IsNumber()) {
      return "expected a number";
    }
    double D = V.As<Napi::Number>().DoubleValue();
    if (O.Type == WasmEdge_ProgramOptionType_Float) {
      float F = static_cast<float>(D);
      std::memcpy(O.Storage, &F, sizeof F);
    } else {
      std::memcpy(O.Storage, &D, sizeof D);
    }
    return "";
  }
  case WasmEdge_ProgramOptionType_String: {
    if (!V.IsString()) {
      return "expected a string";
    }
    std::string Text = V.As<Napi::String>();
    if (Text.size() > UINT32_MAX) {
      return "string too long";
    }
    auto *S = static_cast<WasmEdge_String *>(O.Storage);
    // As the runtime: bytes without a terminating NUL; empty text is {0, NULL}.
    std::unique_ptr<char[]> Buf;
    if (!Text.empty()) {
      Buf.reset(new char[Text.size()]);
      std::memcpy(Buf.get(), Text.data(), Text.size());
    }
    S->Length = static_cast<uint32_t>(Text.size());
    S->Buf = Buf.get();
    stringBuffers()[O.Storage] = std::move(Buf);
    return "";
  }
  default: return "option type " + std::to_string(static_cast<int>(O.Type)) + " is not supported";
  }
}

} // namespace host

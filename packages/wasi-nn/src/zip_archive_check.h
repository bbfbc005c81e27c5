// A structural check of a zip archive, the container of a TorchScript model
// (torch.jit.save), done before any native parser sees the bytes.
//
// What is checked (a file that passes is a well-formed single-disk zip whose
// every entry is intact; what the entries say is not judged here):
//  - the end-of-central-directory record is the last thing in the data,
//    with the zip64 locator and record when present (torch writes them);
//  - the central directory lies inside the data, before those records, and
//    its entries fill it exactly; at most kMaxZipEntries entries;
//  - each entry: not encrypted, stored (0) or deflated (8), on disk 0, a
//    non-empty name, not marked as a directory (name ending in '/' or the
//    DOS directory attribute) unless it is empty; its local header lies before the central directory,
//    has the same name and method, and, when it carries them (no data
//    descriptor), the same CRC; its data lies before the central directory;
//  - no two entries overlap;
//  - each entry's data, inflated when deflated, has exactly the size and
//    the CRC-32 the central directory gives (a deflated entry can grow at
//    most ~1032 times, so this is bounded by the input size).
#ifndef WASI_NN_ZIP_ARCHIVE_CHECK_H
#define WASI_NN_ZIP_ARCHIVE_CHECK_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace wasi_nn {

constexpr uint64_t kMaxZipEntries = 1u << 20;

// True when `data` passes; otherwise false with `why` saying what is wrong
// and where (entry name or offset). May throw std::bad_alloc.
bool check_zip_archive(const uint8_t *data, size_t size, std::string &why);

} // namespace wasi_nn

#endif // WASI_NN_ZIP_ARCHIVE_CHECK_H

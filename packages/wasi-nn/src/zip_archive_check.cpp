// Structural check of a zip archive (see zip_archive_check.h). Offsets and
// sizes come from the data and are never trusted: every read goes through
// Bytes, which checks its range, and every sum is checked for overflow.
#include "zip_archive_check.h"

#include <zlib.h>

#include <algorithm>
#include <new>
#include <cstring>
#include <utility>
#include <vector>

namespace wasi_nn {

namespace {

constexpr uint32_t kLocalHeaderSig = 0x04034b50;
constexpr uint32_t kCentralHeaderSig = 0x02014b50;
constexpr uint32_t kEndSig = 0x06054b50;
constexpr uint32_t kZip64EndSig = 0x06064b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr size_t kEndSize = 22, kZip64LocatorSize = 20, kZip64EndMinSize = 56;
constexpr size_t kCentralHeaderSize = 46, kLocalHeaderSize = 30;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr uint16_t kFlagEncrypted = 1u << 0, kFlagDataDescriptor = 1u << 3,
                   kFlagStrongEncryption = 1u << 6;
constexpr uint16_t kMethodStored = 0, kMethodDeflated = 8;
constexpr uint32_t kDosDirectoryAttribute = 0x10;

// Bounds-checked little-endian reads from the archive.
class Bytes {
public:
  Bytes(const uint8_t *data, uint64_t size) : data_(data), size_(size) {}
  uint64_t size() const { return size_; }
  bool has(uint64_t offset, uint64_t length) const {
    return offset <= size_ && length <= size_ - offset;
  }
  const uint8_t *at(uint64_t offset) const { return data_ + offset; }
  // Callers check has() first.
  uint64_t le(uint64_t offset, unsigned width) const {
    uint64_t value = 0;
    for (unsigned i = 0; i < width; ++i) {
      value |= uint64_t{data_[offset + i]} << (8 * i);
    }
    return value;
  }

private:
  const uint8_t *data_;
  uint64_t size_;
};

// Where the central directory is, and where it must end before.
struct Directory {
  uint64_t entries = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t limit = 0; // the first byte of the trailing records
};

bool fail(std::string &why, std::string text) {
  why = std::move(text);
  return false;
}

// The end record must close the data: its comment runs to the last byte.
bool find_end_record(const Bytes &in, uint64_t *end_at) {
  if (in.size() < kEndSize) {
    return false;
  }
  const uint64_t lowest = in.size() > kEndSize + 0xffff
                              ? in.size() - kEndSize - 0xffff
                              : 0;
  for (uint64_t pos = in.size() - kEndSize;; --pos) {
    if (in.le(pos, 4) == kEndSig &&
        in.le(pos + 20, 2) == in.size() - pos - kEndSize) {
      *end_at = pos;
      return true;
    }
    if (pos == lowest) {
      return false;
    }
  }
}

bool read_directory(const Bytes &in, Directory &dir, std::string &why) {
  uint64_t end_at = 0;
  if (!find_end_record(in, &end_at)) {
    return fail(why, "no end-of-central-directory record at the end (not a "
                     "zip archive, or truncated)");
  }
  if (in.le(end_at + 4, 2) != 0 || in.le(end_at + 6, 2) != 0 ||
      in.le(end_at + 8, 2) != in.le(end_at + 10, 2)) {
    return fail(why, "a multi-disk zip archive");
  }
  dir.entries = in.le(end_at + 10, 2);
  dir.size = in.le(end_at + 12, 4);
  dir.offset = in.le(end_at + 16, 4);
  dir.limit = end_at;
  if (end_at < kZip64LocatorSize ||
      in.le(end_at - kZip64LocatorSize, 4) != kZip64LocatorSig) {
    return true; // a plain zip archive
  }
  const uint64_t locator = end_at - kZip64LocatorSize;
  const uint64_t record = in.le(locator + 8, 8);
  if (in.le(locator + 4, 4) != 0 || in.le(locator + 16, 4) != 1 ||
      !in.has(record, kZip64EndMinSize) || record + kZip64EndMinSize > locator ||
      in.le(record, 4) != kZip64EndSig) {
    return fail(why, "a zip64 locator that points to no zip64 end record");
  }
  const uint64_t record_size = in.le(record + 4, 8);
  if (record_size < kZip64EndMinSize - 12 ||
      record_size > locator - record - 12) {
    return fail(why, "a zip64 end record of impossible size");
  }
  if (in.le(record + 16, 4) != 0 || in.le(record + 20, 4) != 0 ||
      in.le(record + 24, 8) != in.le(record + 32, 8)) {
    return fail(why, "a multi-disk zip64 archive");
  }
  // Fields of the plain record that are not the zip64 escape value must
  // agree with the zip64 record: two readers must not see two archives.
  const Directory plain = dir;
  dir.entries = in.le(record + 32, 8);
  dir.size = in.le(record + 40, 8);
  dir.offset = in.le(record + 48, 8);
  dir.limit = record;
  if ((plain.entries != 0xffffu && plain.entries != dir.entries) ||
      (plain.size != 0xffffffffu && plain.size != dir.size) ||
      (plain.offset != 0xffffffffu && plain.offset != dir.offset)) {
    return fail(why, "the end record and the zip64 end record disagree");
  }
  return true;
}

// One entry as the central directory describes it.
struct Entry {
  std::string name;
  uint16_t flags = 0, method = 0;
  uint32_t crc = 0;
  uint32_t external_attributes = 0;
  uint64_t compressed = 0, uncompressed = 0, local = 0, disk = 0;
  uint64_t data_start = 0; // from the local header
};

// Replaces 0xffffffff (0xffff for the disk) fields by their values in the
// zip64 extra field, in the order the format gives.
bool apply_zip64_extra(const Bytes &in, uint64_t extra, uint64_t extra_len,
                       Entry &e) {
  for (uint64_t pos = extra; pos + 4 <= extra + extra_len;) {
    const uint64_t id = in.le(pos, 2), len = in.le(pos + 2, 2);
    if (pos + 4 + len > extra + extra_len) {
      return false;
    }
    if (id == kZip64ExtraId) {
      uint64_t field = pos + 4;
      uint64_t *targets[] = {&e.uncompressed, &e.compressed, &e.local};
      for (uint64_t *target : targets) {
        if (*target == 0xffffffffu) {
          if (field + 8 > pos + 4 + len) {
            return false;
          }
          *target = in.le(field, 8);
          field += 8;
        }
      }
      if (e.disk == 0xffffu) {
        if (field + 4 > pos + 4 + len) {
          return false;
        }
        e.disk = in.le(field, 4);
      }
      return true;
    }
    pos += 4 + len;
  }
  return e.uncompressed != 0xffffffffu && e.compressed != 0xffffffffu &&
         e.local != 0xffffffffu && e.disk != 0xffffu;
}

bool read_entry(const Bytes &in, const Directory &dir, uint64_t &pos,
                Entry &e, std::string &why) {
  const uint64_t dir_end = dir.offset + dir.size;
  if (pos + kCentralHeaderSize > dir_end ||
      in.le(pos, 4) != kCentralHeaderSig) {
    return fail(why, "a central directory entry at offset " +
                         std::to_string(pos) + " is missing or cut short");
  }
  e.flags = static_cast<uint16_t>(in.le(pos + 8, 2));
  e.method = static_cast<uint16_t>(in.le(pos + 10, 2));
  e.crc = static_cast<uint32_t>(in.le(pos + 16, 4));
  e.compressed = in.le(pos + 20, 4);
  e.uncompressed = in.le(pos + 24, 4);
  const uint64_t name_len = in.le(pos + 28, 2), extra_len = in.le(pos + 30, 2),
                 comment_len = in.le(pos + 32, 2);
  e.disk = in.le(pos + 34, 2);
  e.external_attributes = static_cast<uint32_t>(in.le(pos + 38, 4));
  e.local = in.le(pos + 42, 4);
  const uint64_t header_end =
      pos + kCentralHeaderSize + name_len + extra_len + comment_len;
  if (header_end > dir_end) {
    return fail(why, "a central directory entry at offset " +
                         std::to_string(pos) + " runs past the directory");
  }
  e.name.assign(reinterpret_cast<const char *>(in.at(pos + kCentralHeaderSize)),
                name_len);
  const std::string where = "entry \"" + e.name + "\"";
  if (!apply_zip64_extra(in, pos + kCentralHeaderSize + name_len, extra_len,
                         e)) {
    return fail(why, where + " has a broken zip64 extra field");
  }
  pos = header_end;
  if (name_len == 0 || e.name.find('\0') != std::string::npos) {
    return fail(why, "an entry at offset " + std::to_string(e.local) +
                         " has an empty name or one with a NUL byte");
  }
  if (e.flags & (kFlagEncrypted | kFlagStrongEncryption)) {
    return fail(why, where + " is encrypted");
  }
  if (e.method != kMethodStored && e.method != kMethodDeflated) {
    return fail(why, where + " uses compression method " +
                         std::to_string(e.method) +
                         " (only stored and deflated are read)");
  }
  // Readers (miniz, inside libtorch) take an entry whose name ends in '/' or
  // whose DOS attributes say "directory" for a directory and extract none
  // of its data, leaving the caller's buffer as it was.
  if ((e.name.back() == '/' ||
       (e.external_attributes & kDosDirectoryAttribute) != 0) &&
      e.uncompressed != 0) {
    return fail(why, where + " is marked as a directory but has data");
  }
  if (e.method == kMethodStored && e.compressed != e.uncompressed) {
    return fail(why, where + " is stored but its two sizes differ");
  }
  if (e.disk != 0) {
    return fail(why, where + " starts on another disk");
  }
  // The local header: inside the data before the directory, and agreeing.
  if (e.local > dir.offset || dir.offset - e.local < kLocalHeaderSize ||
      in.le(e.local, 4) != kLocalHeaderSig) {
    return fail(why, where + " has no local header at offset " +
                         std::to_string(e.local));
  }
  const uint64_t local_name = in.le(e.local + 26, 2),
                 local_extra = in.le(e.local + 28, 2);
  e.data_start = e.local + kLocalHeaderSize + local_name + local_extra;
  if (e.data_start > dir.offset || e.compressed > dir.offset - e.data_start) {
    return fail(why, where + " has data that runs into the central directory");
  }
  if (local_name != name_len ||
      std::memcmp(in.at(e.local + kLocalHeaderSize), e.name.data(),
                  name_len) != 0 ||
      in.le(e.local + 8, 2) != e.method) {
    return fail(why, where + ": its local header disagrees with the central "
                             "directory (name or method)");
  }
  if (!(e.flags & kFlagDataDescriptor) && in.le(e.local + 14, 4) != e.crc) {
    return fail(why, where + ": its local header has another CRC-32");
  }
  return true;
}

// CRC-32 of the entry's data, inflating it when deflated; false when the
// data is not exactly what the central directory says.
bool check_entry_data(const Bytes &in, const Entry &e, std::string &why) {
  const std::string where = "entry \"" + e.name + "\"";
  const uint8_t *data = in.at(e.data_start);
  uLong crc = crc32(0L, Z_NULL, 0);
  if (e.method == kMethodStored) {
    for (uint64_t done = 0; done < e.compressed;) {
      const uInt chunk = static_cast<uInt>(
          std::min<uint64_t>(e.compressed - done, 1u << 30));
      crc = crc32(crc, data + done, chunk);
      done += chunk;
    }
  } else {
    z_stream zs{};
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) { // raw deflate, as in zip
      throw std::bad_alloc();
    }
    std::vector<Bytef> out(64 * 1024);
    uint64_t consumed = 0, produced = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
      if (zs.avail_in == 0 && consumed < e.compressed) {
        const uInt chunk = static_cast<uInt>(
            std::min<uint64_t>(e.compressed - consumed, 1u << 30));
        zs.next_in = const_cast<Bytef *>(data + consumed);
        zs.avail_in = chunk;
        consumed += chunk;
      }
      zs.next_out = out.data();
      zs.avail_out = static_cast<uInt>(out.size());
      rc = inflate(&zs, Z_NO_FLUSH);
      const uint64_t got = out.size() - zs.avail_out;
      produced += got;
      if (produced > e.uncompressed) {
        rc = Z_DATA_ERROR; // more than declared: stop inflating now
        break;
      }
      crc = crc32(crc, out.data(), static_cast<uInt>(got));
      if (rc == Z_BUF_ERROR && zs.avail_in == 0 && consumed == e.compressed) {
        break; // input ended before the stream did
      }
      if (rc == Z_BUF_ERROR) {
        rc = Z_OK; // output space was full; go on
      }
    }
    const bool ended = rc == Z_STREAM_END && zs.avail_in == 0 &&
                       consumed == e.compressed;
    inflateEnd(&zs);
    if (!ended || produced != e.uncompressed) {
      return fail(why, where + " is not a complete deflate stream of the "
                               "declared size");
    }
  }
  if (crc != e.crc) {
    return fail(why, where + " fails its CRC-32 check (the data is damaged)");
  }
  return true;
}

} // namespace

bool check_zip_archive(const uint8_t *data, size_t size, std::string &why) {
  const Bytes in(data, size);
  Directory dir;
  if (!read_directory(in, dir, why)) {
    return false;
  }
  if (dir.offset > dir.limit || dir.size > dir.limit - dir.offset) {
    return fail(why, "the central directory lies outside the archive");
  }
  if (dir.entries == 0 || dir.entries > kMaxZipEntries ||
      dir.entries > dir.size / kCentralHeaderSize) {
    return fail(why, "the central directory claims " +
                         std::to_string(dir.entries) +
                         " entries, which cannot be");
  }
  std::vector<Entry> entries(static_cast<size_t>(dir.entries));
  uint64_t pos = dir.offset;
  for (Entry &e : entries) {
    if (!read_entry(in, dir, pos, e, why)) {
      return false;
    }
  }
  if (pos != dir.offset + dir.size) {
    return fail(why, "the central directory has bytes after its last entry");
  }
  std::vector<std::pair<uint64_t, uint64_t>> spans;
  spans.reserve(entries.size());
  for (const Entry &e : entries) {
    spans.emplace_back(e.local, e.data_start + e.compressed);
  }
  std::sort(spans.begin(), spans.end());
  for (size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].first < spans[i - 1].second) {
      return fail(why, "two entries overlap at offset " +
                           std::to_string(spans[i].first));
    }
  }
  for (const Entry &e : entries) {
    if (!check_entry_data(in, e, why)) {
      return false;
    }
  }
  return true;
}

} // namespace wasi_nn

//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// The header is a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and a newline; the data follows.
//
//===----------------------------------------------------------------------===//

#include "TConv/Support/Npy.h"
#include "TConv/Support/OutputFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace mlir;
using namespace mlir::tconv;

/// An llvm::Error carrying `message`.
static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

int64_t NpyArray::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

size_t NpyArray::getElementSize() const {
  switch (dtype) {
  case NpyDType::F16:
    return 2;
  case NpyDType::F32:
    return 4;
  case NpyDType::F64:
    return 8;
  }
  return 0;
}

/// The value of `key` in the header dict: the text after `'key':` up to the
/// next top-level comma or the closing brace.
static std::optional<llvm::StringRef> findValue(llvm::StringRef header,
                                                llvm::StringRef key) {
  std::string quoted = ("'" + key + "'").str();
  size_t pos = header.find(quoted);
  if (pos == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef rest = header.drop_front(pos + quoted.size()).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  rest = rest.ltrim();
  // A tuple runs to its closing parenthesis.
  if (rest.starts_with("(")) {
    size_t close = rest.find(')');
    if (close == llvm::StringRef::npos)
      return std::nullopt;
    return rest.take_front(close + 1);
  }
  size_t end = rest.find_first_of(",}");
  return rest.take_front(end).rtrim();
}

llvm::Expected<NpyArray> tconv::parseNpy(llvm::StringRef bytes) {
  static constexpr llvm::StringLiteral magic = "\x93NUMPY";
  if (!bytes.starts_with(magic))
    return makeError("not a .npy file (bad magic string)");
  if (bytes.size() < 10)
    return makeError("truncated .npy header");
  uint8_t major = bytes[6];
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = uint8_t(bytes[8]) | (uint8_t(bytes[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return makeError("truncated .npy header");
    headerLen = uint32_t(uint8_t(bytes[8])) | (uint32_t(uint8_t(bytes[9])) << 8) |
                (uint32_t(uint8_t(bytes[10])) << 16) |
                (uint32_t(uint8_t(bytes[11])) << 24);
    headerStart = 12;
  } else {
    return makeError("unsupported .npy version " + llvm::Twine(int(major)));
  }
  if (bytes.size() - headerStart < headerLen)
    return makeError("truncated .npy header");
  llvm::StringRef header = bytes.substr(headerStart, headerLen);

  NpyArray array;
  std::optional<llvm::StringRef> descr = findValue(header, "descr");
  if (!descr)
    return makeError("the .npy header has no 'descr'");
  llvm::StringRef type = descr->trim("'\" ");
  if (type == "<f2")
    array.dtype = NpyDType::F16;
  else if (type == "<f4")
    array.dtype = NpyDType::F32;
  else if (type == "<f8")
    array.dtype = NpyDType::F64;
  else
    return makeError("unsupported dtype '" + type +
                     "' (expected little-endian float: <f2, <f4 or <f8)");

  std::optional<llvm::StringRef> fortran = findValue(header, "fortran_order");
  if (!fortran)
    return makeError("the .npy header has no 'fortran_order'");
  if (*fortran == "True")
    return makeError("Fortran-order arrays are not supported (save with C "
                     "order, e.g. numpy.ascontiguousarray)");
  if (*fortran != "False")
    return makeError("bad 'fortran_order' value '" + *fortran + "'");

  std::optional<llvm::StringRef> shape = findValue(header, "shape");
  if (!shape || !shape->starts_with("(") || !shape->ends_with(")"))
    return makeError("the .npy header has no valid 'shape'");
  llvm::SmallVector<llvm::StringRef> dims;
  shape->drop_front().drop_back().split(dims, ',', -1, /*KeepEmpty=*/false);
  // Element count and byte size must fit in 63 bits.
  const uint64_t limit = std::numeric_limits<int64_t>::max();
  uint64_t count = 1;
  for (llvm::StringRef d : dims) {
    d = d.trim();
    if (d.empty())
      continue;
    uint64_t v;
    if (d.getAsInteger(10, v))
      return makeError("bad dimension '" + d + "' in the .npy shape");
    // Each dimension on its own too: after a 0 the count stays 0, and a
    // dimension above 2^63 would turn negative as an int64_t (found by
    // fuzz/npy-fuzzer.cpp).
    if (v > limit)
      return makeError("dimension '" + d + "' in the .npy shape is too large");
    if (v != 0 && count > limit / v)
      return makeError("the .npy shape is too large");
    count *= v;
    array.shape.push_back(static_cast<int64_t>(v));
  }
  if (count > limit / array.getElementSize())
    return makeError("the .npy shape is too large");
  uint64_t dataBytes = count * array.getElementSize();
  uint64_t available = bytes.size() - headerStart - headerLen;
  if (available < dataBytes)
    return makeError("truncated .npy data: expected " + llvm::Twine(dataBytes) +
                     " bytes, found " + llvm::Twine(available));
  if (available > dataBytes)
    return makeError("trailing bytes after the .npy data: expected " +
                     llvm::Twine(dataBytes) + " bytes, found " +
                     llvm::Twine(available));
  const char *data = bytes.data() + headerStart + headerLen;
  array.data.assign(data, data + dataBytes);
  return array;
}

llvm::Expected<NpyArray> tconv::readNpy(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return makeError("cannot read: " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer());
}

std::string tconv::serializeNpy(const NpyArray &array) {
  std::string header = "{'descr': '";
  header += array.dtype == NpyDType::F16   ? "<f2"
            : array.dtype == NpyDType::F32 ? "<f4"
                                           : "<f8";
  header += "', 'fortran_order': False, 'shape': (";
  for (auto [i, d] : llvm::enumerate(array.shape))
    header += (i ? ", " : "") + std::to_string(d);
  // A 1-tuple needs its trailing comma in Python.
  header += array.shape.size() == 1 ? ",), }" : "), }";
  // Pad so that the data starts on a 64-byte boundary.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(1);
  out += char(0);
  out += char(header.size() & 0xff);
  out += char(header.size() >> 8);
  out += header;
  out.append(reinterpret_cast<const char *>(array.data.data()),
             array.data.size());
  return out;
}

llvm::Error tconv::writeNpy(llvm::StringRef path, const NpyArray &array) {
  llvm::Expected<OutputFile> file = OutputFile::open(path);
  if (!file)
    return file.takeError();
  if (llvm::Error error = file->write(serializeNpy(array)))
    return error;
  return file->commit();
}

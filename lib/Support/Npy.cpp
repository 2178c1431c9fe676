//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// The header is a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and a newline; the data follows. NumPy reads it with
// ast.literal_eval; HeaderParser takes the subset of Python a header uses.
//
//===----------------------------------------------------------------------===//

#include "TConv/Support/Npy.h"
#include "TConv/Support/OutputFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>
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

namespace {

/// A value of the header dict: a string, a bool or a tuple of integers.
struct HeaderValue {
  enum class Kind { String, Bool, Tuple } kind;
  std::string string;
  bool boolean = false;
  llvm::SmallVector<uint64_t, 4> tuple;
};

/// Parses the header as NumPy reads it (ast.literal_eval, then checks on
/// the dict), for the literals a header holds: a dict of string keys whose
/// values are strings (either quote), True/False, or tuples of integers
/// ("()", "(4,)", "(2, 3)", "(2, 3,)"). Whatever Python would not parse, or
/// NumPy would then reject, is an error saying what and where.
class HeaderParser {
public:
  explicit HeaderParser(llvm::StringRef text) : text(text), rest(text) {}

  llvm::Error parse(llvm::StringMap<HeaderValue> &dict) {
    skipSpace();
    if (!rest.consume_front("{"))
      return fail("expected '{'");
    skipSpace();
    while (!rest.consume_front("}")) {
      std::string key;
      if (llvm::Error err = parseString(key))
        return err;
      skipSpace();
      if (!rest.consume_front(":"))
        return fail("expected ':' after '" + key + "'");
      skipSpace();
      HeaderValue value;
      if (llvm::Error err = parseValue(value))
        return err;
      dict[key] = std::move(value); // As Python: the last of a key wins.
      skipSpace();
      if (rest.consume_front(",")) {
        skipSpace();
        continue;
      }
      if (!rest.starts_with("}"))
        return fail("expected ',' or '}'");
    }
    skipSpace();
    if (!rest.empty())
      return fail("unexpected text after the dict");
    return llvm::Error::success();
  }

private:
  llvm::Error fail(const llvm::Twine &what) {
    return makeError("the .npy header is not a valid dict: " + what +
                     " at offset " + llvm::Twine(text.size() - rest.size()));
  }

  void skipSpace() { rest = rest.ltrim(" \t\n\r\f\v"); }

  llvm::Error parseString(std::string &out) {
    if (rest.empty() || (rest[0] != '\'' && rest[0] != '"'))
      return fail("expected a quoted string");
    char quote = rest[0];
    size_t end = rest.find(quote, 1);
    if (end == llvm::StringRef::npos)
      return fail("unterminated string");
    llvm::StringRef body = rest.slice(1, end);
    if (body.contains('\\') || body.contains('\n'))
      return fail("unsupported escape in a string");
    out = body.str();
    rest = rest.drop_front(end + 1);
    return llvm::Error::success();
  }

  /// A Python integer literal in decimal: no leading zero (a syntax error
  /// in Python 3), '_' only between digits.
  llvm::Error parseInteger(uint64_t &out) {
    size_t n = 0;
    while (n < rest.size() && (llvm::isDigit(rest[n]) || rest[n] == '_'))
      ++n;
    llvm::StringRef literal = rest.take_front(n);
    if (literal.empty())
      return fail("expected a non-negative integer");
    if ((literal.size() > 1 && literal[0] == '0' &&
         literal.find_first_not_of("0_") != llvm::StringRef::npos) ||
        literal.starts_with("_") || literal.ends_with("_") ||
        literal.contains("__"))
      return fail("'" + literal + "' is not a Python integer");
    std::string digits = literal.str();
    llvm::erase(digits, '_');
    // Up to 2^63 - 1, the largest size an int64_t holds.
    if (llvm::StringRef(digits).getAsInteger(10, out) ||
        out > uint64_t(std::numeric_limits<int64_t>::max()))
      return makeError("dimension '" + literal +
                       "' in the .npy shape is too large");
    rest = rest.drop_front(n);
    return llvm::Error::success();
  }

  llvm::Error parseValue(HeaderValue &value) {
    for (bool b : {true, false})
      if (rest.consume_front(b ? "True" : "False")) {
        value.kind = HeaderValue::Kind::Bool;
        value.boolean = b;
        return llvm::Error::success();
      }
    if (rest.starts_with("'") || rest.starts_with("\"")) {
      value.kind = HeaderValue::Kind::String;
      return parseString(value.string);
    }
    if (!rest.consume_front("("))
      return fail("expected a string, True, False or a tuple");
    value.kind = HeaderValue::Kind::Tuple;
    skipSpace();
    if (rest.consume_front(")"))
      return llvm::Error::success();
    bool comma = false;
    while (true) {
      uint64_t v;
      if (llvm::Error err = parseInteger(v))
        return err;
      value.tuple.push_back(v);
      skipSpace();
      comma = rest.consume_front(",");
      skipSpace();
      if (rest.consume_front(")"))
        break;
      if (!comma)
        return fail("expected ',' or ')' in the tuple");
    }
    // "(4)" is the integer 4 in Python, not a tuple.
    if (value.tuple.size() == 1 && !comma)
      return makeError("the .npy shape is not a tuple (write a 1-tuple as "
                       "'(4,)')");
    return llvm::Error::success();
  }

  llvm::StringRef text, rest;
};

} // namespace

/// The element type and byte order of a descr NumPy's dtype() accepts for
/// f2/f4/f8: an optional byte order (<, >, = or |) before f2, f4, f8 or the
/// codes e, f, d; or a name (float16/32/64, half, single, double, float).
static std::optional<std::pair<NpyDType, bool>> parseDescr(llvm::StringRef d) {
  static const std::pair<llvm::StringLiteral, NpyDType> names[] = {
      {"float16", NpyDType::F16}, {"half", NpyDType::F16},
      {"float32", NpyDType::F32}, {"single", NpyDType::F32},
      {"float64", NpyDType::F64}, {"double", NpyDType::F64},
      {"float", NpyDType::F64},   {"float_", NpyDType::F64}};
  for (auto [name, dtype] : names)
    if (d == name)
      return std::make_pair(dtype, false);
  bool bigEndian = d.consume_front(">");
  if (!bigEndian && !d.consume_front("<") && !d.consume_front("="))
    d.consume_front("|");
  if (d == "f2" || d == "e")
    return std::make_pair(NpyDType::F16, bigEndian);
  if (d == "f4" || d == "f")
    return std::make_pair(NpyDType::F32, bigEndian);
  if (d == "f8" || d == "d")
    return std::make_pair(NpyDType::F64, bigEndian);
  return std::nullopt;
}

/// The elements of a Fortran-order (column-major) array in C order.
static std::vector<uint8_t> toCOrder(const std::vector<uint8_t> &fortran,
                                     llvm::ArrayRef<int64_t> shape,
                                     size_t elementSize) {
  std::vector<uint8_t> c(fortran.size());
  llvm::SmallVector<int64_t, 4> index(shape.size(), 0);
  size_t count = fortran.size() / elementSize;
  for (size_t i = 0; i < count; ++i) {
    // `index` is element i's in C order; its Fortran offset strides the
    // first dimension fastest.
    size_t offset = 0;
    for (size_t d = shape.size(); d-- > 0;)
      offset = offset * shape[d] + index[d];
    std::memcpy(&c[i * elementSize], &fortran[offset * elementSize],
                elementSize);
    for (size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return c;
}

llvm::StringRef tconv::getDescr(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::F16:
    return "<f2";
  case NpyDType::F32:
    return "<f4";
  case NpyDType::F64:
    return "<f8";
  }
  return "";
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

  llvm::StringMap<HeaderValue> dict;
  if (llvm::Error err = HeaderParser(header).parse(dict))
    return std::move(err);
  static constexpr llvm::StringLiteral keys[] = {"descr", "fortran_order",
                                                 "shape"};
  for (llvm::StringRef key : keys)
    if (!dict.count(key))
      return makeError("the .npy header has no '" + key + "'");
  for (const auto &entry : dict)
    if (!llvm::is_contained(keys, entry.getKey()))
      return makeError("the .npy header has an unexpected key '" +
                       entry.getKey() +
                       "' (NumPy takes descr, fortran_order and shape)");
  const HeaderValue &descr = dict["descr"], &fortran = dict["fortran_order"],
                    &shape = dict["shape"];
  if (descr.kind != HeaderValue::Kind::String)
    return makeError("the .npy 'descr' is not a string");
  if (fortran.kind != HeaderValue::Kind::Bool)
    return makeError("the .npy 'fortran_order' is not True or False");
  if (shape.kind != HeaderValue::Kind::Tuple)
    return makeError("the .npy 'shape' is not a tuple");

  NpyArray array;
  auto type = parseDescr(descr.string);
  if (!type)
    return makeError("unsupported dtype '" + descr.string +
                     "' (expected a float: f2, f4 or f8, either byte order)");
  array.dtype = type->first;
  // Element count and byte size must fit in 63 bits.
  const uint64_t limit = std::numeric_limits<int64_t>::max();
  uint64_t count = 1;
  for (uint64_t v : shape.tuple) {
    // After a 0 the count stays 0: each dimension is bounded on its own
    // too (found by fuzz/npy-fuzzer.cpp).
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
  size_t elementSize = array.getElementSize();
  if (type->second)
    for (size_t i = 0; i < dataBytes; i += elementSize)
      std::reverse(array.data.begin() + i, array.data.begin() + i + elementSize);
  if (fortran.boolean && array.shape.size() > 1)
    array.data = toCOrder(array.data, array.shape, elementSize);
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
  header += getDescr(array.dtype);
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

//===- OutputFile.h - Output files written as Unix tools do -----*- C++ -*-===//
//
// An output operand of a TConv tool: checked before any work, written only
// once the run succeeded, and never damaging what the path names.
// - A regular file, new or existing, is replaced atomically through a
//   temporary in its own directory that carries the file's permissions.
// - A symlink is followed: its target is written, the link stays.
// - A device, FIFO or socket, a file with other hard links, or a file in a
//   directory the user may not write, is written in place.
// - "-" is standard output.
// - A directory, a missing directory, or a file the user may not write (or,
//   for root, one without any write permission) is an error.
// The temporary is removed on any error and on SIGINT/SIGTERM (LLVM's
// RemoveFileOnSignal through sys::fs::TempFile).
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_SUPPORT_OUTPUTFILE_H
#define TCONV_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"

#include <optional>
#include <string>

namespace mlir {
namespace tconv {

class OutputFile {
public:
  /// Checks that `path` can be written and, for a file replaced atomically,
  /// creates its (empty) temporary; nothing at `path` changes yet.
  static llvm::Expected<OutputFile> open(llvm::StringRef path);

  OutputFile(OutputFile &&other);
  OutputFile &operator=(OutputFile &&other) = delete;
  ~OutputFile();

  /// The path as the user gave it.
  llvm::StringRef getPath() const { return path; }

  /// Whether `other` names the same file (after following symlinks).
  bool isSameFile(const OutputFile &other) const {
    return identity == other.identity;
  }

  /// Whether the file is this process's standard output ("-",
  /// /dev/stdout, or the file stdout was redirected to).
  bool isStandardOutput() const;

  /// Writes `bytes` to the temporary, or keeps them until commit() for a
  /// file written in place.
  llvm::Error write(llvm::StringRef bytes);

  /// Puts the written bytes at the path: renames the temporary over the
  /// file, or writes in place.
  llvm::Error commit();

  /// Removes the temporary; the path is left as it was.
  void discard();

private:
  OutputFile() = default;

  std::string path;
  /// The file written: `path` with its symlinks followed.
  std::string target;
  /// Device and inode of an existing file, else the absolute target path.
  std::string identity;
  /// Set when the file is replaced atomically.
  std::optional<llvm::sys::fs::TempFile> temp;
  /// Bytes of a file written in place.
  std::string pending;
};

/// Writes `contents[i]` to `files[i]`: every temporary is filled first and
/// the files are committed only when all were, so that a failure writes
/// none of them.
llvm::Error writeAll(llvm::MutableArrayRef<OutputFile> files,
                     llvm::ArrayRef<std::string> contents);

} // namespace tconv
} // namespace mlir

#endif // TCONV_SUPPORT_OUTPUTFILE_H

//===- OutputFile.cpp - Output files written as Unix tools do -------------===//
//
// POSIX calls rather than llvm::sys::fs where the decision needs what only
// stat(2) tells: the link count, the file type, the owner, and the write
// permission the kernel grants (access(2), which knows about root and
// read-only file systems).
//
//===----------------------------------------------------------------------===//

#include "TConv/Support/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace mlir;
using namespace mlir::tconv;
using llvm::Twine;

static llvm::Error makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static llvm::Error errnoError(const Twine &what, int error) {
  return makeError(what + ": " + std::strerror(error));
}

/// `path` with every symlink along its last component followed, whether or
/// not the final target exists (a dangling link names the file to create).
static llvm::Expected<std::string> followSymlinks(llvm::StringRef path) {
  std::string current = path.str();
  // As the kernel's own limit on nested links (ELOOP).
  for (int depth = 0; depth < 40; ++depth) {
    struct stat st;
    if (lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode))
      return current;
    llvm::SmallString<256> link;
    link.resize(4096);
    ssize_t n = readlink(current.c_str(), link.data(), link.size());
    if (n < 0)
      return errnoError("cannot follow the symlink", errno);
    link.resize(n);
    if (llvm::sys::path::is_relative(link)) {
      llvm::SmallString<256> joined(llvm::sys::path::parent_path(current));
      llvm::sys::path::append(joined, link);
      current = std::string(joined);
    } else {
      current = std::string(link);
    }
  }
  return makeError("cannot write: too many levels of symbolic links");
}

/// The directory `file` is in.
static llvm::SmallString<256> getDirectory(llvm::StringRef file) {
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(file));
  if (dir.empty())
    dir = ".";
  return dir;
}

/// A temporary in `file`'s directory with a short name (so that a
/// 255-byte `file` still fits).
static llvm::Expected<llvm::sys::fs::TempFile>
createTemporaryBeside(llvm::StringRef file, unsigned mode) {
  return llvm::sys::fs::TempFile::create(getDirectory(file) +
                                             "/.tconv-%%%%%%%%.tmp",
                                         mode);
}

static std::string getIdentity(const struct stat &st) {
  return (Twine(uint64_t(st.st_dev)) + ":" + Twine(uint64_t(st.st_ino))).str();
}

llvm::Expected<OutputFile> OutputFile::open(llvm::StringRef path) {
  OutputFile file;
  file.path = path.str();
  if (path.empty())
    return makeError("the output path is empty");
  if (path == "-") {
    struct stat st;
    file.target = "-";
    file.identity = fstat(STDOUT_FILENO, &st) == 0 ? getIdentity(st) : "-";
    return std::move(file);
  }
  // An existing file is what the kernel resolves the path to (also through
  // /proc's links, such as /dev/stdout's to a pipe); a new one is where a
  // chain of symlinks, if any, points.
  struct stat st;
  file.target = path.str();
  if (stat(file.target.c_str(), &st) == 0) {
    if (S_ISREG(st.st_mode)) {
      char *real = realpath(file.target.c_str(), nullptr);
      if (!real)
        return errnoError("cannot write", errno);
      file.target = real;
      free(real);
    }
  } else {
    if (errno != ENOENT)
      return errnoError("cannot write", errno);
    llvm::Expected<std::string> target = followSymlinks(path);
    if (!target)
      return target.takeError();
    file.target = *target;
    // A new file, in a directory that must exist.
    llvm::SmallString<256> dir = getDirectory(file.target);
    struct stat dirStat;
    if (stat(dir.c_str(), &dirStat) != 0)
      return errno == ENOENT
                 ? makeError("cannot write: no directory '" + dir + "'")
                 : errnoError("cannot write: directory '" + dir + "'", errno);
    if (!S_ISDIR(dirStat.st_mode))
      return makeError("cannot write: '" + dir + "' is not a directory");
    llvm::SmallString<256> absolute(file.target);
    llvm::sys::fs::make_absolute(absolute);
    file.identity = std::string(absolute);
    auto temp = createTemporaryBeside(file.target,
                                      llvm::sys::fs::all_read |
                                          llvm::sys::fs::all_write);
    if (!temp)
      return makeError("cannot create a file in '" + dir +
                       "': " + llvm::toString(temp.takeError()));
    file.temp.emplace(std::move(*temp));
    return std::move(file);
  }

  file.identity = getIdentity(st);
  if (S_ISDIR(st.st_mode))
    return makeError("cannot write: it is a directory");
  if (access(file.target.c_str(), W_OK) != 0)
    return errnoError("cannot write", errno);
  // Devices, FIFOs and sockets are written through.
  if (!S_ISREG(st.st_mode))
    return std::move(file);
  // access() grants root every file; one nobody may write is read-only on
  // purpose, and root's tools (cp -i, vi) ask before they replace it.
  if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o", unsigned(st.st_mode & 07777));
    return makeError(Twine("cannot write: the file is read-only (mode ") +
                     mode + ")");
  }
  // Replacing a file with other hard links would cut them off.
  if (st.st_nlink > 1)
    return std::move(file);
  auto temp = createTemporaryBeside(file.target, st.st_mode & 07777);
  if (!temp) {
    // A directory the user may not write: the file itself still may be.
    llvm::consumeError(temp.takeError());
    return std::move(file);
  }
  // The temporary takes the file's permissions (not narrowed by the umask)
  // and, where we may, its owner.
  (void)fchmod(temp->FD, st.st_mode & 07777);
  if (geteuid() == 0)
    (void)fchown(temp->FD, st.st_uid, st.st_gid);
  file.temp.emplace(std::move(*temp));
  return std::move(file);
}

bool OutputFile::isStandardOutput() const {
  struct stat st;
  return target == "-" ||
         (fstat(STDOUT_FILENO, &st) == 0 && getIdentity(st) == identity);
}

OutputFile::OutputFile(OutputFile &&other)
    : path(std::move(other.path)), target(std::move(other.target)),
      identity(std::move(other.identity)), temp(std::move(other.temp)),
      pending(std::move(other.pending)) {
  other.temp.reset();
}

OutputFile::~OutputFile() { discard(); }

/// Writes all of `bytes` to `fd`.
static llvm::Error writeFully(int fd, llvm::StringRef bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return errnoError("cannot write", errno);
    bytes = bytes.drop_front(n);
  }
  return llvm::Error::success();
}

llvm::Error OutputFile::write(llvm::StringRef bytes) {
  if (!temp) {
    pending = bytes.str();
    return llvm::Error::success();
  }
  if (llvm::Error error = writeFully(temp->FD, bytes))
    return error;
  if (fsync(temp->FD) != 0 && errno != EINVAL)
    return errnoError("cannot write", errno);
  return llvm::Error::success();
}

llvm::Error OutputFile::commit() {
  if (temp) {
    llvm::Error error = temp->keep(target);
    temp.reset();
    if (error)
      return makeError("cannot write: " + llvm::toString(std::move(error)));
    return llvm::Error::success();
  }
  if (target == "-") {
    llvm::outs().flush();
    return writeFully(STDOUT_FILENO, pending);
  }
  int fd = ::open(target.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0)
    return errnoError("cannot write", errno);
  llvm::Error error = writeFully(fd, pending);
  if (::close(fd) != 0 && !error)
    return errnoError("cannot write", errno);
  return error;
}

void OutputFile::discard() {
  if (temp)
    llvm::consumeError(temp->discard());
  temp.reset();
}

llvm::Error tconv::writeAll(llvm::MutableArrayRef<OutputFile> files,
                            llvm::ArrayRef<std::string> contents) {
  for (auto [file, bytes] : llvm::zip_equal(files, contents)) {
    if (llvm::Error error = file.write(bytes)) {
      for (OutputFile &f : files)
        f.discard();
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     file.getPath() + ": " +
                                         llvm::toString(std::move(error)));
    }
  }
  for (OutputFile &file : files)
    if (llvm::Error error = file.commit()) {
      for (OutputFile &f : files)
        f.discard();
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     file.getPath() + ": " +
                                         llvm::toString(std::move(error)));
    }
  return llvm::Error::success();
}

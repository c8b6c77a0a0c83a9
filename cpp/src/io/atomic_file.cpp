// POSIX implementation of AtomicFile (open/write/fsync/rename).
#include "atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "pydeep/core/errors.h"

namespace pydeep::io {
namespace {

std::string folder_of(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

std::string reason() { return std::strerror(errno); }

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  check<IOError>(!path_.empty(), "save: the file path is empty");
  struct stat st {};
  check<IOError>(!(::stat(path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode)), "save: '", path_,
                 "' is a directory; pass a file path");
  static std::atomic<unsigned> counter{0};
  const std::string name = std::filesystem::path(path_).filename().string();
  temp_ = folder_of(path_) + "/." + name + ".tmp-" + std::to_string(::getpid()) + "-" +
          std::to_string(counter++);
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);  // less the umask, as any new file
  check<IOError>(fd_ >= 0, "save: cannot create a file in '", folder_of(path_), "' (for '", path_,
                 "'): ", reason());
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_.c_str());
}

void AtomicFile::write(const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd_, p, size);
    if (n < 0 && errno == EINTR) continue;
    check<IOError>(n > 0, "save: writing '", path_, "' failed: ", n < 0 ? reason() : "no progress",
                   "; the previous file (if any) is unchanged");
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

void AtomicFile::commit() {
  check<IOError>(::fsync(fd_) == 0, "save: flushing '", path_, "' failed: ", reason());
  const int fd = fd_;
  fd_ = -1;
  check<IOError>(::close(fd) == 0, "save: closing '", path_, "' failed: ", reason());
  check<IOError>(::rename(temp_.c_str(), path_.c_str()) == 0, "save: replacing '", path_,
                 "' failed: ", reason());
  committed_ = true;
  const int dir = ::open(folder_of(path_).c_str(), O_RDONLY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);  // best effort: some file systems refuse fsync on folders
    ::close(dir);
  }
}

}  // namespace pydeep::io

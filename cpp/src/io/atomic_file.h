#pragma once
// Writing a file atomically: the bytes go to a temporary file beside the
// target, which commit() flushes to disk (fsync) and renames over the target
// (then fsyncs the folder, so the rename itself survives a crash). Until
// commit() succeeds the target is untouched; a destructor without commit()
// (an exception while writing) removes the temporary file.
#include <cstddef>
#include <string>

namespace pydeep::io {

class AtomicFile {
 public:
  // Creates the temporary file; IOError naming the path when the folder is
  // missing or not writable, or when `path` is a directory.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // IOError with the system's reason (disk full, file too large, ...).
  void write(const void* data, std::size_t size);
  void commit();

 private:
  std::string path_, temp_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace pydeep::io

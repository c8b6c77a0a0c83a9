"""Where data set files live, how they are checked, and how they are fetched.

Every loader in ``pydeep.datasets`` names its files in a table of
``name -> (url, hash)`` and asks :func:`get_file` for a verified local path.
The cache folder is, in order of precedence: the loader's ``cache_dir=``
argument, the environment variable ``PYDEEP_DATASETS``, ``~/.pydeep/datasets``.

A file found in the cache is hashed on every load (a few milliseconds per
10 MB) so that a truncated or corrupted file is refused with its expected and
actual hash instead of failing later inside a reader. A missing file is
downloaded into the cache (``urllib``, with a timeout) to a temporary name,
verified, then moved into place with ``os.replace``, so a crash or a second
process never sees half a file. When it cannot be fetched, an ``OSError``
names the file, the folder to put it in and the URL.
"""
import hashlib
import os
import tempfile
import urllib.request

ENV_VAR = "PYDEEP_DATASETS"
DEFAULT_DIR = os.path.join("~", ".pydeep", "datasets")
TIMEOUT_S = 60.0
_CHUNK = 1 << 20


def cache_dir(override=None):
    """The folder that holds data set files (not created here)."""
    folder = override if override is not None else os.environ.get(ENV_VAR) or DEFAULT_DIR
    return os.path.abspath(os.path.expanduser(os.fspath(folder)))


def file_hash(path, algorithm="sha256"):
    """Hex digest of the file at `path` (``"sha256"`` or ``"md5"``)."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class ChecksumError(ValueError):
    """A data set file whose hash is not the published one."""


def _algorithm(expected):
    # Keras's convention: a 64-digit hash is SHA-256, a 32-digit one MD5 (the
    # only hash some data sets publish, e.g. Fashion-MNIST's files).
    return "md5" if len(expected) == 32 else "sha256"


def verify(path, expected, where):
    """Raises ChecksumError (a ValueError) unless the file's hash equals `expected`."""
    algorithm = _algorithm(expected)
    actual = file_hash(path, algorithm)
    if actual != expected.lower():
        raise ChecksumError(
            f"{where}: expected {os.path.basename(path)} to have {algorithm} {expected}; "
            f"received a file with {algorithm} {actual} at {path}. The file is corrupted, "
            "truncated or a different version: delete it to download it again, or replace "
            "it with the original file.")


def fetch(url, destination, timeout=TIMEOUT_S):
    """Copies `url` to the (temporary) file `destination`. Tests replace this."""
    with urllib.request.urlopen(url, timeout=timeout) as response, \
            open(destination, "wb") as out:
        for chunk in iter(lambda: response.read(_CHUNK), b""):
            out.write(chunk)


def _download(url, path, expected, where):
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".part",
                               dir=folder)
    os.close(fd)
    try:
        fetch(url, tmp)
        algorithm = _algorithm(expected)
        actual = file_hash(tmp, algorithm)
        if actual != expected.lower():
            raise ChecksumError(
                f"{where}: expected the download of {url} to have {algorithm} {expected}; "
                f"received {os.path.getsize(tmp)} bytes with {algorithm} {actual}, which were "
                f"discarded. The download was truncated or the server sent another file; "
                f"try again, or place the original file at {path}.")
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a data file is an ordinary file
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def get_file(fname, url, expected_hash, where, cache=None, subdir=None):
    """Returns the verified local path of `fname`, downloading it when missing.

    `fname` is relative to the cache folder (plus `subdir`), or absolute.
    Raises ChecksumError (a ValueError) when the hash differs from `expected_hash`, and
    OSError naming the path and the URL when it is missing and cannot be
    downloaded.
    """
    folder = cache_dir(cache)
    if subdir:
        folder = os.path.join(folder, subdir)
    path = os.path.join(folder, os.path.expanduser(os.fspath(fname)))
    if not os.path.exists(path):
        try:
            _download(url, path, expected_hash, where)
        except ChecksumError:
            raise
        except Exception as e:  # network, DNS, HTTP, timeout, read-only folder
            raise OSError(
                f"{where}: expected the file {os.path.basename(path)} at {path}; it is not "
                f"there and downloading it from {url} failed ({type(e).__name__}: {e}). "
                f"Download it yourself and place it at {path}, or point cache_dir= or the "
                f"{ENV_VAR} environment variable at the folder that holds it.") from e
        return path
    verify(path, expected_hash, where)
    return path

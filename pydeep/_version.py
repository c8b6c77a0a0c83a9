from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("pydeep")
except _metadata.PackageNotFoundError:  # running from a source tree
    from . import _core

    __version__ = _core.build_info()["version"]

"""The package reports how it was built, and the C++ layers only include downward."""
import pathlib
import re

import pydeep

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_version_and_show_config(capsys):
    assert isinstance(pydeep.__version__, str) and pydeep.__version__[0].isdigit()
    pydeep.show_config()
    out = capsys.readouterr().out
    assert pydeep.__version__ in out
    info = pydeep.config.build_info()
    assert info["openmp"] is True
    assert re.match(r"3\.4\.\d+", info["eigen"])
    for key in ("Eigen", "SIMD", "OpenMP", "CUDA", "threads="):
        assert key in out


# Each layer may include only itself and the layers below it (CONVENTIONS.md).
LAYERS = ["core", "ops", "autograd", "init", "losses", "metrics", "optim", "regularizers",
          "constraints", "layers", "model"]


def test_core_includes_only_downward():
    include_re = re.compile(r'#include\s+"pydeep/(\w+)/')
    problems = []
    for folder in ("cpp/include/pydeep", "cpp/src"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".h", ".cpp"):
                continue
            rel = path.relative_to(ROOT / folder).parts
            layer = rel[0] if rel[0] in LAYERS else None
            if layer is None:
                continue
            allowed = LAYERS[: LAYERS.index(layer) + 1]
            for target in include_re.findall(path.read_text()):
                if target in LAYERS and target not in allowed:
                    problems.append(f"{path.relative_to(ROOT)} includes pydeep/{target}")
    assert not problems, problems


def test_eigen_stays_out_of_public_headers():
    for path in (ROOT / "cpp/include").rglob("*.h"):
        assert "Eigen" not in re.findall(r"#include\s+[<\"](\w+)", path.read_text()), path

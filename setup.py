"""Builds kunlun._core with the project's CMake for `pip install .` (metadata is in pyproject.toml).

The engine and the module are configured with tests, benchmarks and install rules off, built in a
temporary folder, and the module is copied where setuptools packs the extension. Set
KUNLUN_CMAKE_BUILD_DIR to an existing build folder of this source tree to build (or reuse) the
module there instead: the suite's packaging test does, so as not to compile the engine twice.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE = Path(__file__).resolve().parent


class CMakeExtension(Extension):
    """An extension whose sources CMake knows: setuptools compiles nothing itself."""

    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    """Configures and builds the kunlun_python target, then copies _core where setuptools wants it."""

    def build_extension(self, ext: Extension) -> None:
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        build_dir = os.environ.get("KUNLUN_CMAKE_BUILD_DIR")
        if build_dir:
            build = Path(build_dir).resolve()
            if not (build / "CMakeCache.txt").exists():
                raise RuntimeError(f"KUNLUN_CMAKE_BUILD_DIR={build} is not a configured CMake build folder")
        else:
            build = Path(self.build_temp).resolve() / "cmake"
            build.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["cmake", "-S", str(SOURCE), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                 f"-DPython3_EXECUTABLE={sys.executable}", "-DKUNLUN_BUILD_PYTHON=ON",
                 "-DKUNLUN_BUILD_TESTS=OFF", "-DKUNLUN_BUILD_BENCHMARKS=OFF", "-DKUNLUN_INSTALL=OFF"],
                check=True)
        jobs = str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", str(build), "--target", "kunlun_python", "-j", jobs], check=True)
        built = sorted((build / "python" / "kunlun").glob("_core*.so"))
        if not built:
            raise RuntimeError(f"the build in {build} made no kunlun/_core module")
        target.parent.mkdir(parents=True, exist_ok=True)
        # Always copied: setuptools' copy_file skips a target newer than its source, which would keep
        # the module of another build folder (an ASan one, say) from an earlier install.
        shutil.copy2(built[-1], target)


# setuptools' own build folder apart from the CMake one (build/), so that neither writes into the other.
setup(ext_modules=[CMakeExtension("kunlun._core")], cmdclass={"build_ext": CMakeBuild},
      options={"build": {"build_base": str(SOURCE / "build-pip")}, "egg_info": {"egg_base": str(SOURCE / "build-pip")}})

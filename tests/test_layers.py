import subprocess
import sys

from ganzoo.paths import REPO_ROOT as REPO


def test_the_ganzoo_package_never_imports_gradio():
    modules = [p.relative_to(REPO).with_suffix("").as_posix().replace("/", ".")
               for p in (REPO / "ganzoo").rglob("*.py")]
    modules = [m.removesuffix(".__init__") for m in modules if not m.endswith("__main__")]
    code = f"import sys, importlib\nfor m in {modules!r}: importlib.import_module(m)\nprint('gradio' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert len(modules) >= 10

"""Issue #12 item 8: the README's examples and counts are generated from the
sample corpus (scripts/readme_examples.py, run by cog), so they cannot go
stale: a change that alters an example's output fails here until
`.venv/bin/cog -r -I scripts README.md` is run and the diff read."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def cog(*args: str, readme: Path = ROOT / "README.md") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cogapp", "-I", str(ROOT / "scripts"), *args,
                           str(readme)], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_the_readme_examples_are_the_output_of_today(tmp_path: Path) -> None:
    result = cog("--check", "--diff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_stale_example_is_caught(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "选优配强驻村力量" in text
    readme.write_text(text.replace("选优配强驻村力量", "选优配强驻村干部", 1), encoding="utf-8")
    result = cog("--check", readme=readme)
    assert result.returncode != 0

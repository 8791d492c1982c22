"""The house rules that a linter cannot see on its own: the import contracts name every
module of the core and every feature, and every module stays small enough to read."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

KB = Path(__file__).resolve().parent.parent / "kb"
PYPROJECT = KB.parent / "pyproject.toml"
# Packages of kb that are part of the core, not features.
CORE_PACKAGES = {"content"}
MAX_MODULE_LINES = 600


def contracts() -> dict[str, dict[str, Any]]:
    config = tomllib.loads(PYPROJECT.read_text("utf-8"))
    return {contract["name"]: contract for contract in config["tool"]["importlinter"]["contracts"]}


def features() -> set[str]:
    return {
        f"kb.{path.parent.name}"
        for path in KB.glob("*/__init__.py")
        if path.parent.name not in CORE_PACKAGES
    }


def core_modules() -> set[str]:
    modules = {f"kb.{path.stem}" for path in KB.glob("*.py") if path.stem != "__init__"}
    return modules | {f"kb.{name}" for name in CORE_PACKAGES}


def test_the_contracts_name_every_feature_and_every_core_module() -> None:
    by_name = contracts()
    core = by_name["The core imports no feature"]
    independent = by_name["Features do not import each other"]
    assert set(core["source_modules"]) == core_modules()
    assert set(core["forbidden_modules"]) == features()
    assert set(independent["modules"]) == features()
    assert by_name["No import cycles between the packages and modules of kb"]["ancestors"] == ["kb"]


def test_every_feature_is_set_up_by_the_app_factory() -> None:
    factory = (KB / "__init__.py").read_text("utf-8")
    for feature in features():
        assert feature.removeprefix("kb.") in factory, f"{feature} is not in create_app()"


def test_no_module_is_too_long_to_read_at_once() -> None:
    lengths = {
        str(path.relative_to(KB.parent)): len(path.read_text("utf-8").splitlines())
        for path in KB.rglob("*.py")
    }
    too_long = {path: lines for path, lines in lengths.items() if lines > MAX_MODULE_LINES}
    assert not too_long

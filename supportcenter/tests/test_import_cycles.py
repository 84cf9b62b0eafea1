"""No import cycle among the modules of an app (supportcenter/checks/import_cycles.py):
each side effect of a change can be followed down, never back up."""

import sys
import textwrap

import pytest

from supportcenter.checks.import_cycles import find_cycles, import_groups, main


def test_the_cases_app_has_no_import_cycle():
    assert find_cycles("cases") == []


def test_the_command_says_so_and_exits_0(capsys):
    assert main(["cases"]) == 0
    assert "No import cycle in cases." in capsys.readouterr().out


@pytest.fixture
def make_package(tmp_path, monkeypatch):
    """Write a throwaway package {module path: source} and make it importable."""
    monkeypatch.syspath_prepend(str(tmp_path))
    written = []

    def make(name: str, files: dict[str, str]) -> str:
        for relative, source in {"__init__.py": "", **files}.items():
            path = tmp_path / name / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source))
        written.append(name)
        return name

    yield make
    for name in written:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


class TestTheCheckFindsCycles:
    def test_two_modules_importing_each_other(self, make_package):
        package = make_package(
            "cyc_direct",
            {"a.py": "from . import b\n", "b.py": "from . import a\n"},
        )
        assert find_cycles(package) == [
            ["cyc_direct.a", "cyc_direct.b", "cyc_direct.a"],
        ]

    def test_an_import_hidden_in_a_function_still_counts(self, make_package):
        package = make_package(
            "cyc_hidden",
            {
                "services.py": "from . import emails\n",
                "emails.py": "def sent():\n    from .services import record\n",
            },
        )
        assert import_groups(package) == [["cyc_hidden.emails", "cyc_hidden.services"]]

    def test_importing_a_module_of_a_package_runs_its_init(self, make_package):
        # tasks → services.eta runs services/__init__, which loads services.cases,
        # which imports tasks: a cycle Python hits when tasks is imported first.
        package = make_package(
            "cyc_init",
            {
                "services/__init__.py": "from .cases import create\n",
                "services/cases.py": "from ..tasks import refresh\n\ndef create(): ...\n",
                "services/eta.py": "def refresh_eta(): ...\n",
                "tasks.py": "from .services.eta import refresh_eta\n\ndef refresh(): ...\n",
            },
        )
        assert import_groups(package) == [
            ["cyc_init.services", "cyc_init.services.cases", "cyc_init.tasks"]
        ]

    def test_imports_for_type_checkers_only_do_not_count(self, make_package):
        package = make_package(
            "cyc_typing",
            {
                "a.py": "from . import b\n",
                "b.py": (
                    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n"
                ),
            },
        )
        assert find_cycles(package) == []

    def test_the_command_names_the_cycle_and_exits_1(self, make_package, capsys):
        package = make_package(
            "cyc_command", {"a.py": "from . import b\n", "b.py": "from . import a\n"}
        )
        assert main([package]) == 1
        assert (
            "Import cycle: cyc_command.a → cyc_command.b → cyc_command.a" in capsys.readouterr().err
        )

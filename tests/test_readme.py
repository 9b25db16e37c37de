"""README's two commands are the contract with users and CI."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def command_after(heading: str) -> str:
    section = README.split(f"## {heading}", 1)[1]
    return re.search(r"```bash\n(.+?)\n```", section, re.S).group(1).strip()


def test_ci_runs_exactly_the_readme_test_command():
    command = command_after("Run the tests")
    lines = [l for l in (ROOT / ".ci" / "run").read_text().splitlines() if l and not l.startswith(("#", "set ", "cd ", "export "))]
    assert lines == [command]


def test_the_two_commands_install_into_a_virtualenv_and_run():
    demo, tests = command_after("Run the demo"), command_after("Run the tests")
    assert "python3 -m venv .venv" in demo and demo.endswith("journey-explorer serve")
    assert "python3 -m venv .venv" in tests and "chromium" in tests and tests.endswith("python -m pytest")


def test_screenshots_in_the_readme_exist():
    for path in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / path).is_file(), path

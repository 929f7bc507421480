"""Every domain package follows docs/architecture.md.

`PENDING` lists what a domain still does differently while the restructuring moves through the
domains; each entry must still be true (a fixed one fails until it is removed), so the list
only shrinks.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.code_shape import MODULE_LIMIT, measure

ROOT = Path(__file__).resolve().parents[2]
OFFICE = ROOT / "office"

#: the file set of docs/architecture.md
COMMON = {
    "__init__", "models", "rules", "labels", "permissions", "forms", "services", "queries",
    "views", "api", "cli", "calendar", "figures", "documents", "privacy", "interface", "demo",
}  # fmt: skip

#: modules a domain has beyond the common set, and why
EXTRA = {
    "sortition": {"selection": "the selection algorithms (engine, LEXIMIN, grouping)"},
    "courses": {"invoicing": "invoices: gap-free numbers, EN 16931 e-invoices (UBL), their PDF"},
    "directory": {"hsds": "the directory as Open Referral HSDS 3.0 objects, for its read API"},
    "reports": {"charts": "the SVG charts of the figures, for the dashboard and the PDF"},
    "oparl": {"objects": "each published row as its OParl 1.1 object"},
    "methods": {"content": "the standard method cards, installed by `flask methods install`"},
    "auth": {
        "sessions": "session timeouts and re-confirmation, used by every request",
        "two_factor": "TOTP and recovery codes",
        "throttle": "password guesses per account and address, counted in the limiter's storage",
    },
}

#: not domains: the shared library, the static files
NOT_DOMAINS = {"core", "static"}

#: what a domain still does differently: (domain, check) -> detail that must still hold
PENDING: dict[tuple[str, str], set[str]] = {}


def domains() -> list[str]:
    return sorted(
        p.name for p in OFFICE.iterdir() if p.is_dir() and (p / "__init__.py").exists()
        and p.name not in NOT_DOMAINS
    )  # fmt: skip


def modules(domain: str) -> set[str]:
    """The top-level module and sub-package names of a domain package."""
    base = OFFICE / domain
    names = {p.stem for p in base.glob("*.py")}
    names |= {p.name for p in base.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    return names


def python_files(domain: str) -> list[Path]:
    return sorted((OFFICE / domain).rglob("*.py"))


def _check(domain: str, check: str, found: set[str]) -> None:
    expected = PENDING.get((domain, check), set())
    assert found == expected, (
        f"{domain}: {check}: found {sorted(found)}, allowed while pending {sorted(expected)}"
    )


def stray_modules(domain: str) -> set[str]:
    return modules(domain) - COMMON - set(EXTRA.get(domain, {}))


def loose_view_modules(domain: str) -> set[str]:
    """View modules beside views.py (views_x.py, manage.py): views/ must be a package then."""
    names = {n for n in modules(domain) if n.startswith("views_")}
    return names | ({"manage"} & modules(domain))


def re_exports(domain: str) -> set[str]:
    """services/__init__.py or views/__init__.py with more than a docstring."""
    found = set()
    for package in ("services", "views"):
        init = OFFICE / domain / package / "__init__.py"
        if init.exists():
            body = ast.parse(init.read_text()).body
            if any(not _is_docstring(node) for node in body):
                found.add(package)
    return found


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def long_modules(domain: str) -> set[str]:
    return {
        str(p.relative_to(OFFICE)) for p in python_files(domain)
        if p.read_text().count("\n") > MODULE_LIMIT
    }  # fmt: skip


def view_files(domain: str) -> list[Path]:
    base = OFFICE / domain
    files = [base / "views.py", base / "api.py", *sorted((base / "views").glob("*.py"))]
    return [f for f in files if f.exists()]


def commits_in_views(domain: str) -> set[str]:
    return {
        str(f.relative_to(OFFICE)) for f in view_files(domain)
        if "session.commit(" in f.read_text()
    }  # fmt: skip


def _imported_domain(node: ast.ImportFrom | ast.Import) -> set[str]:
    names = (
        [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
    )
    return {n.split(".")[1] for n in names if n.startswith("office.") and n.count(".") >= 1}


def function_imports_across(domain: str) -> set[str]:
    """Imports inside functions that reach into another domain (or into core from core)."""
    found = set()
    for path in python_files(domain):
        for fn in ast.walk(ast.parse(path.read_text())):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    other = _imported_domain(node) - {domain, "core", "extensions", "config"}
                    found |= {f"{path.relative_to(OFFICE)} -> {o}" for o in other}
    return found


#: what a domain may import from another domain
PUBLIC_MODULES = {"models", "rules", "labels", "interface"}


def internals_of_other_domains(domain: str) -> set[str]:
    """Imports of another domain's modules beyond its public ones (models, rules, labels,
    interface)."""
    found = set()
    for path in python_files(domain):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("office."):
                parts = node.module.split(".")
                if parts[1] in {domain, "core", "extensions", "config"}:
                    continue
                targets = parts[2:3] or [alias.name for alias in node.names]
                found |= {f"{parts[1]}.{t}" for t in targets if t not in PUBLIC_MODULES}
    return found


CHECKS = {
    "internals of other domains": internals_of_other_domains,
    "stray modules": stray_modules,
    "loose view modules": loose_view_modules,
    "re-exports": re_exports,
    "modules over the limit": long_modules,
    "commits in views": commits_in_views,
    "imports inside functions across domains": function_imports_across,
}


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("domain", domains())
def test_domain_package_follows_the_documented_layout(domain, check):
    _check(domain, check, CHECKS[check](domain))


def test_pending_entries_name_existing_domains_and_checks():
    for domain, check in PENDING:
        assert domain in domains() and check in CHECKS, (domain, check)


def test_core_is_a_library_that_imports_no_domain():
    found = set()
    for path in sorted((OFFICE / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found |= {
                    f"{path.name} -> {d}"
                    for d in _imported_domain(node) - {"core", "extensions", "config"}
                }
    assert found == PENDING_CORE


#: core modules that still import a domain
PENDING_CORE: set[str] = set()


def test_office_is_in_the_formatters_layout_and_meets_the_shape_figures():
    """Function lengths are measured on ruff's standard layout: no `# fmt:` markers that keep
    squeezed lines, `ruff format --check` clean, and then median <= 6 and p90 <= 20 lines
    (docs/architecture.md, scripts/code_shape.py)."""
    marked = sorted(
        str(p.relative_to(ROOT)) for p in OFFICE.rglob("*.py") if "# fmt:" in p.read_text()
    )
    assert marked == []
    ruff = Path(sys.executable).with_name("ruff")
    checked = subprocess.run(
        [str(ruff), "format", "--check", str(OFFICE)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout
    shape = measure()
    assert shape["median"] <= 6 and shape["p90"] <= 20, (shape["median"], shape["p90"])

"""The shape of the code over office/: function lengths and module sizes (docs/architecture.md).

A function's length is its lines from `def` to its last line (decorators excluded, docstring
included), as the restructuring issue measured it.
"""

import ast
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_LIMIT = 400


def functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def measure(package: Path = ROOT / "office") -> dict:
    """Function lengths (with their places) and the modules over the limit."""
    lengths, modules = [], []
    for path in sorted(package.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        lines = text.count("\n")
        if lines > MODULE_LIMIT:
            modules.append((lines, name))
        for fn in functions(ast.parse(text)):
            lengths.append((fn.end_lineno - fn.lineno + 1, f"{name}:{fn.lineno} {fn.name}"))
    lengths.sort()
    values = [n for n, _ in lengths]
    return {
        "functions": len(values),
        "median": statistics.median(values),
        "p90": values[int(len(values) * 0.9)],
        "largest": lengths[-10:][::-1],
        "modules_over_limit": sorted(modules, reverse=True),
    }


def main() -> int:
    shape = measure()
    print(f"functions: {shape['functions']}, median {shape['median']} lines, p90 {shape['p90']}")
    print("largest:")
    for length, where in shape["largest"]:
        print(f"  {length:4d}  {where}")
    print(f"modules over {MODULE_LIMIT} lines: {len(shape['modules_over_limit'])}")
    for lines, name in shape["modules_over_limit"]:
        print(f"  {lines:4d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Compile an ISO Schematron file into the XSLT the tests run (not run by the tests).

    python tests/courses/einvoice/compile.py SCHXSLT_DIR SCHEMA.sch OUTPUT.xsl

SCHXSLT_DIR is the `xslt/2.0` folder of SchXslt 1.10.1 (MIT licence, github.com/schxslt/schxslt,
core/src/main/resources/xslt/2.0), the compiler KoSIT uses for its own release artefacts.
"""

import sys
from pathlib import Path

from saxonche import PySaxonProcessor


def compile_schematron(schxslt: Path, schema: Path, output: Path) -> None:
    with PySaxonProcessor(license=False) as saxon:
        xslt = saxon.new_xslt30_processor()
        pipeline = xslt.compile_stylesheet(stylesheet_file=str(schxslt / "pipeline-for-svrl.xsl"))
        pipeline.transform_to_file(source_file=str(schema), output_file=str(output))


if __name__ == "__main__":
    compile_schematron(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))

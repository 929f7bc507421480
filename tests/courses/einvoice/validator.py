"""Validate an e-invoice as a receiving authority would: the UBL 2.1 schema (lxml), then the
official Schematron business rules (EN 16931, plus XRechnung or Peppol BIS Billing 3.0) as
compiled XSLT run by Saxon (saxonche). Sources and licences: README.md beside this file."""

from pathlib import Path

from lxml import etree
from saxonche import PySaxonProcessor

HERE = Path(__file__).resolve().parent
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
RULES = {
    "en16931": HERE / "schematron" / "EN16931-UBL-validation.xslt",
    "xrechnung": HERE / "schematron" / "XRechnung-UBL-validation.xsl",
    "peppol": HERE / "schematron" / "PEPPOL-EN16931-UBL.xsl",
}
#: which rule sets a document of each syntax must pass
PROFILES = {"xrechnung": ("en16931", "xrechnung"), "peppol": ("en16931", "peppol")}


class Validator:
    def __init__(self):
        self.schema = etree.XMLSchema(
            etree.parse(str(HERE / "ubl-2.1" / "xsd" / "maindoc" / "UBL-Invoice-2.1.xsd"))
        )
        self.saxon = PySaxonProcessor(license=False)
        processor = self.saxon.new_xslt30_processor()
        self.rules = {
            name: processor.compile_stylesheet(stylesheet_file=str(path))
            for name, path in RULES.items()
        }

    def schema_errors(self, xml: bytes) -> list[str]:
        document = etree.fromstring(xml)
        if self.schema.validate(document):
            return []
        return [f"XSD line {e.line}: {e.message}" for e in self.schema.error_log]

    def rule_errors(self, xml: bytes, rule_set: str) -> list[str]:
        """Failed assertions that are not mere warnings, as "RULE-ID: text"."""
        node = self.saxon.parse_xml(xml_text=xml.decode("utf-8"))
        report = etree.fromstring(self.rules[rule_set].transform_to_string(xdm_node=node).encode())
        return [
            f"{rule_set} {a.get('id')}: {' '.join(a.findtext(SVRL + 'text', '').split())}"
            for a in report.iter(SVRL + "failed-assert")
            if (a.get("flag") or a.get("role") or "fatal").lower() not in ("warning", "information")
        ]

    def errors(self, xml: bytes, syntax: str) -> list[str]:
        found = self.schema_errors(xml)
        for rule_set in PROFILES[syntax]:
            found += self.rule_errors(xml, rule_set)
        return found

"""Which enforcement procedure the statement names, by the office's country."""

#: the body a person turns to when the office's answer does not satisfy them
#: (Directive (EU) 2016/2102 art. 9): Germany: the conciliation body under § 16 BGG (offices
#: of a federal state: that state's body); Denmark: the Agency for Digital Government, which
#: monitors public-sector websites (lov om tilgængelighed af offentlige organers websteder)
ENFORCEMENT = {
    "DE": ("schlichtungsstelle-bgg", "https://www.schlichtungsstelle-bgg.de"),
    "DK": ("digitaliseringsstyrelsen", "https://digst.dk"),
}


def enforcement_body(country: str) -> tuple[str, str]:
    """(key, address) of the enforcement body for an office in `country` (ISO 3166 code);
    German offices' procedure for any other country."""
    return ENFORCEMENT.get((country or "").upper(), ENFORCEMENT["DE"])

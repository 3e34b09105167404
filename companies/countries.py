"""Country names for the ISO 3166 codes the registry uses (the code itself otherwise)."""

NAMES = {
    "CN": "China",
    "HK": "Hong Kong",
    "TW": "Taiwan",
    "JP": "Japan",
    "KR": "South Korea",
    "SG": "Singapore",
    "IN": "India",
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "DE": "Germany",
    "FR": "France",
    "NL": "Netherlands",
    "SE": "Sweden",
    "CH": "Switzerland",
    "IL": "Israel",
    "AE": "United Arab Emirates",
    "AU": "Australia",
}


def country_name(code: str) -> str:
    return NAMES.get(code.upper(), code.upper()) if code else ""

"""Phone regions and leniency levels: plain data, importable without presidio or phonenumbers.

The default regions are the countries whose numbers prompts of international products
carry most (North America, the UK and Ireland, the EU and EFTA, Latin America, India,
Africa's and Asia's largest markets). Very permissive numbering plans (Luxembourg,
Latvia: almost any digit run is a valid number there) are left out by default; add
them with ``phone-regions`` when your users live there.
"""

from __future__ import annotations

DEFAULT_PHONE_REGIONS = (
    "US", "CA", "GB", "IE", "AU", "NZ", "IN", "ZA", "SG", "HK", "PH", "NG", "KE", "DE", "AT", "CH", "FR", "BE",
    "NL", "IT", "ES", "PT", "BR", "MX", "AR", "CO", "CL", "PE", "PL", "CZ", "SK", "HU", "RO", "BG", "GR", "SE",
    "NO", "DK", "FI", "IS", "EE", "LT", "IL", "TR", "AE", "SA", "EG", "JP", "KR", "CN", "TW", "RU", "UA",
)  # fmt: skip
# phonenumbers' Leniency levels, by name.
LENIENCY = {"possible": 0, "valid": 1, "strict-grouping": 2, "exact-grouping": 3}

"""The common model: plain typed records, codes, the BSN check and money."""

from ketenkoppeling.model.bsn import is_valid_bsn, normalise_bsn
from ketenkoppeling.model.money import (
    CENT,
    cents_to_decimal,
    decimal_to_cents,
    format_euro,
    parse_amount,
    round_half_up,
)
from ketenkoppeling.model.records import (
    Attribution,
    BenefitPeriod,
    Budget,
    Client,
    Deployment,
    Instrument,
    Outflow,
    Partner,
    PartnerKind,
    Provider,
    Regime,
    SpendLine,
)

__all__ = [
    "CENT",
    "Attribution",
    "BenefitPeriod",
    "Budget",
    "Client",
    "Deployment",
    "Instrument",
    "Outflow",
    "Partner",
    "PartnerKind",
    "Provider",
    "Regime",
    "SpendLine",
    "cents_to_decimal",
    "decimal_to_cents",
    "format_euro",
    "is_valid_bsn",
    "normalise_bsn",
    "parse_amount",
    "round_half_up",
]

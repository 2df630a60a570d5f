"""The demo's organisations: twenty real municipalities (CBS codes as in the 2023 list) and VNG."""

from __future__ import annotations

from registry.demo.records import DemoOrganisation
from registry.models.vocab import OrgKind


def _gm(code: str, name: str, province: str, pv: str, *domains: str) -> DemoOrganisation:
    return DemoOrganisation(code, name, OrgKind.MUNICIPALITY, province, pv, domains)


MUNICIPALITIES: tuple[DemoOrganisation, ...] = (
    _gm("GM0344", "Utrecht", "Utrecht", "PV26", "utrecht.nl"),
    _gm("GM0363", "Amsterdam", "Noord-Holland", "PV27", "amsterdam.nl"),
    _gm("GM0599", "Rotterdam", "Zuid-Holland", "PV28", "rotterdam.nl"),
    _gm("GM0518", "'s-Gravenhage", "Zuid-Holland", "PV28", "denhaag.nl"),
    _gm("GM0119", "Meppel", "Drenthe", "PV22", "meppel.nl"),
    _gm("GM0014", "Groningen", "Groningen", "PV20", "groningen.nl"),
    _gm("GM0080", "Leeuwarden", "Fryslân", "PV21", "leeuwarden.nl"),
    _gm("GM0202", "Arnhem", "Gelderland", "PV25", "arnhem.nl"),
    _gm("GM0772", "Eindhoven", "Noord-Brabant", "PV30", "eindhoven.nl"),
    _gm("GM0153", "Enschede", "Overijssel", "PV23", "enschede.nl"),
    _gm("GM0935", "Maastricht", "Limburg", "PV31", "maastricht.nl"),
    _gm("GM0268", "Nijmegen", "Gelderland", "PV25", "nijmegen.nl"),
    _gm("GM0193", "Zwolle", "Overijssel", "PV23", "zwolle.nl"),
    _gm("GM0034", "Almere", "Flevoland", "PV24", "almere.nl"),
    _gm("GM0855", "Tilburg", "Noord-Brabant", "PV30", "tilburg.nl"),
    _gm("GM0546", "Leiden", "Zuid-Holland", "PV28", "leiden.nl"),
    _gm("GM0392", "Haarlem", "Noord-Holland", "PV27", "haarlem.nl"),
    _gm("GM0758", "Breda", "Noord-Brabant", "PV30", "breda.nl"),
    _gm("GM0200", "Apeldoorn", "Gelderland", "PV25", "apeldoorn.nl"),
    _gm("GM0995", "Lelystad", "Flevoland", "PV24", "lelystad.nl"),
)

VNG = DemoOrganisation(
    code="vng",
    name="Vereniging van Nederlandse Gemeenten",
    kind=OrgKind.ASSOCIATION,
    province=None,
    province_code=None,
    domains=("vng.nl",),
)

ORGANISATIONS: tuple[DemoOrganisation, ...] = (*MUNICIPALITIES, VNG)

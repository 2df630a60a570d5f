"""Where each of the twelve provinces sits on the tile map, roughly as on a real map."""

from __future__ import annotations

# (column, row): north at the top, the coast on the left.
TILES: dict[str, tuple[int, int]] = {
    "Fryslân": (2, 0),
    "Groningen": (3, 0),
    "Noord-Holland": (1, 1),
    "Flevoland": (2, 1),
    "Drenthe": (3, 1),
    "Zuid-Holland": (0, 2),
    "Utrecht": (1, 2),
    "Gelderland": (2, 2),
    "Overijssel": (3, 2),
    "Zeeland": (0, 3),
    "Noord-Brabant": (1, 3),
    "Limburg": (2, 3),
}
# Names the province has gone by in older lists.
ALIASES = {"Friesland": "Fryslân"}


def tile_of(name: str) -> tuple[int, int] | None:
    return TILES.get(ALIASES.get(name, name))

"""The 19 communes of the Brussels-Capital Region, with their postcodes.

The service area of the default set-up (DESIGN.md, rules of the trade); the
names are the official French and Dutch ones.
"""

from typing import NamedTuple

from relais.lib.i18n import page_language


class Commune(NamedTuple):
    fr: str
    nl: str
    postcodes: tuple[str, ...]


BRUSSELS_COMMUNES: tuple[Commune, ...] = (
    Commune("Anderlecht", "Anderlecht", ("1070",)),
    Commune("Auderghem", "Oudergem", ("1160",)),
    Commune("Berchem-Sainte-Agathe", "Sint-Agatha-Berchem", ("1082",)),
    Commune("Bruxelles", "Brussel", ("1000", "1020", "1120", "1130")),
    Commune("Etterbeek", "Etterbeek", ("1040",)),
    Commune("Evere", "Evere", ("1140",)),
    Commune("Forest", "Vorst", ("1190",)),
    Commune("Ganshoren", "Ganshoren", ("1083",)),
    Commune("Ixelles", "Elsene", ("1050",)),
    Commune("Jette", "Jette", ("1090",)),
    Commune("Koekelberg", "Koekelberg", ("1081",)),
    Commune("Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek", ("1080",)),
    Commune("Saint-Gilles", "Sint-Gillis", ("1060",)),
    Commune("Saint-Josse-ten-Noode", "Sint-Joost-ten-Node", ("1210",)),
    Commune("Schaerbeek", "Schaarbeek", ("1030",)),
    Commune("Uccle", "Ukkel", ("1180",)),
    Commune("Watermael-Boitsfort", "Watermaal-Bosvoorde", ("1170",)),
    Commune("Woluwe-Saint-Lambert", "Sint-Lambrechts-Woluwe", ("1200",)),
    Commune("Woluwe-Saint-Pierre", "Sint-Pieters-Woluwe", ("1150",)),
)

_BY_FR = {commune.fr: commune for commune in BRUSSELS_COMMUNES}
_BY_POSTCODE = {code: commune for commune in BRUSSELS_COMMUNES for code in commune.postcodes}


def commune_for_postcode(postcode: str, language: str = "fr") -> str | None:
    """The Brussels commune of a postcode in the given language, or None outside Brussels."""
    commune = _BY_POSTCODE.get(postcode)
    if commune is None:
        return None
    return commune.nl if language == "nl" else commune.fr


def commune_label(name_fr: str) -> str:
    """A commune, stored by its French name, as the page's reader calls it."""
    commune = _BY_FR.get(name_fr)
    if commune is None:
        return name_fr
    return commune.nl if page_language() == "nl" else commune.fr


def commune_choices() -> list[tuple[str, str]]:
    """The 19 communes: (stored French name, name in the page's language), alphabetical."""
    return sorted(
        ((commune.fr, commune_label(commune.fr)) for commune in BRUSSELS_COMMUNES),
        key=lambda choice: choice[1],
    )

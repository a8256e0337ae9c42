"""Travel time between two places of service, estimated from commune centroids.

An interpreter who goes from one on-site service to the next needs time to get
there; two services of one interpreter closer together than that can't both be
honoured (DESIGN.md, lifecycle: no overlap "travel time included").

We don't call a routing service: the engine must stay pure, fast and
deterministic. The estimate assumes public transport inside the Brussels
region (STIB/MIVB metro, tram and bus):

- a fixed ``FIXED_MINUTES`` (walk to the stop, wait, walk from the stop), paid
  even inside one commune;
- plus the straight-line distance between the two commune centroids, made
  ``DETOUR_FACTOR`` times longer because the network doesn't go as the crow
  flies, travelled at ``SPEED_KMH``, an average door-to-door public transport
  speed in Brussels including changes;
- rounded up to the next ``ROUND_TO_MINUTES`` so that the margins planners see
  are round figures.

It errs on the safe side: e.g. Ixelles → Etterbeek 20 minutes, Uccle → Evere 55.
A place outside the table (outside the region, or an unknown name) gets
``UNKNOWN_MINUTES``, a conservative default: such places are flagged for a
partner service anyway (DESIGN.md, service area).
"""

import math
from typing import Final

FIXED_MINUTES: Final = 10
DETOUR_FACTOR: Final = 1.4
SPEED_KMH: Final = 18.0
ROUND_TO_MINUTES: Final = 5
UNKNOWN_MINUTES: Final = 60
EARTH_RADIUS_KM: Final = 6371.0

# Approximate centroids (latitude, longitude) of the 19 communes, keyed by the
# French names of relais/organisations/communes.py. For Bruxelles (a commune
# stretching from Haren to the Bois de la Cambre) we take the historical centre,
# where most institutions are.
COMMUNE_CENTROIDS: Final[dict[str, tuple[float, float]]] = {
    "Anderlecht": (50.836, 4.308),
    "Auderghem": (50.816, 4.433),
    "Berchem-Sainte-Agathe": (50.864, 4.292),
    "Bruxelles": (50.848, 4.355),
    "Etterbeek": (50.836, 4.389),
    "Evere": (50.872, 4.403),
    "Forest": (50.810, 4.318),
    "Ganshoren": (50.871, 4.309),
    "Ixelles": (50.823, 4.378),
    "Jette": (50.878, 4.326),
    "Koekelberg": (50.862, 4.327),
    "Molenbeek-Saint-Jean": (50.856, 4.318),
    "Saint-Gilles": (50.827, 4.345),
    "Saint-Josse-ten-Noode": (50.853, 4.373),
    "Schaerbeek": (50.867, 4.377),
    "Uccle": (50.800, 4.336),
    "Watermael-Boitsfort": (50.799, 4.416),
    "Woluwe-Saint-Lambert": (50.847, 4.430),
    "Woluwe-Saint-Pierre": (50.831, 4.440),
}


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance: exact enough at the scale of a city."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _estimate(from_commune: str, to_commune: str) -> int:
    a = COMMUNE_CENTROIDS.get(from_commune)
    b = COMMUNE_CENTROIDS.get(to_commune)
    if a is None or b is None:
        return UNKNOWN_MINUTES
    riding = _distance_km(a, b) * DETOUR_FACTOR / SPEED_KMH * 60
    total = FIXED_MINUTES + riding
    return math.ceil(total / ROUND_TO_MINUTES) * ROUND_TO_MINUTES


# The engine asks the same pairs over and over: 19 by 19 values, computed once.
_TABLE: Final[dict[tuple[str, str], int]] = {
    (a, b): _estimate(a, b) for a in COMMUNE_CENTROIDS for b in COMMUNE_CENTROIDS
}

# The largest gap travel can ever require: how far around a service the engine
# has to look for neighbouring commitments.
MAX_TRAVEL_MINUTES: Final = max(UNKNOWN_MINUTES, *_TABLE.values())


def travel_minutes(from_commune: str | None, to_commune: str | None) -> int:
    """Minutes an interpreter needs between on-site services in two communes.

    None on either side stands for remote work (video, phone): nobody travels,
    so 0. The same commune still costs the fixed part, since two addresses in
    one commune are rarely next door. Symmetric by construction.
    """
    if from_commune is None or to_commune is None:
        return 0
    known = _TABLE.get((from_commune, to_commune))
    return known if known is not None else _estimate(from_commune, to_commune)

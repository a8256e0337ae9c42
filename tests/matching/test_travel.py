"""The travel estimate between Brussels communes (relais/matching/travel.py)."""

import pytest

from relais.matching.travel import (
    COMMUNE_CENTROIDS,
    FIXED_MINUTES,
    MAX_TRAVEL_MINUTES,
    UNKNOWN_MINUTES,
    travel_minutes,
)
from relais.organisations.communes import BRUSSELS_COMMUNES


def test_the_table_has_a_centroid_for_each_of_the_nineteen_communes():
    assert set(COMMUNE_CENTROIDS) == {commune.fr for commune in BRUSSELS_COMMUNES}
    for latitude, longitude in COMMUNE_CENTROIDS.values():
        assert 50.76 < latitude < 50.92
        assert 4.24 < longitude < 4.49


def test_uccle_to_evere_takes_longer_than_ixelles_to_etterbeek():
    assert travel_minutes("Uccle", "Evere") > travel_minutes("Ixelles", "Etterbeek")
    assert travel_minutes("Ixelles", "Etterbeek") == 20
    assert travel_minutes("Uccle", "Evere") == 55


def test_the_same_commune_costs_the_fixed_part():
    assert travel_minutes("Jette", "Jette") == FIXED_MINUTES


@pytest.mark.parametrize(("a", "b"), [(None, "Uccle"), ("Uccle", None), (None, None)])
def test_remote_work_on_either_side_needs_no_travel(a, b):
    assert travel_minutes(a, b) == 0


def test_a_place_outside_brussels_gets_the_conservative_default():
    assert travel_minutes("Liège", "Uccle") == UNKNOWN_MINUTES
    assert travel_minutes("Uccle", "Vilvoorde") == UNKNOWN_MINUTES


def test_estimates_are_symmetric_round_and_bounded():
    for a in COMMUNE_CENTROIDS:
        for b in COMMUNE_CENTROIDS:
            minutes = travel_minutes(a, b)
            assert minutes == travel_minutes(b, a)
            assert minutes % 5 == 0
            assert FIXED_MINUTES <= minutes <= MAX_TRAVEL_MINUTES

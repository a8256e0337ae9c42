"""The Brussels communes by postcode: the default service area."""

import pytest

from relais.organisations.communes import BRUSSELS_COMMUNES, commune_for_postcode


@pytest.mark.parametrize(
    ("postcode", "french", "dutch"),
    [
        ("1060", "Saint-Gilles", "Sint-Gillis"),
        ("1000", "Bruxelles", "Brussel"),
        ("1020", "Bruxelles", "Brussel"),
        ("1050", "Ixelles", "Elsene"),
        ("1210", "Saint-Josse-ten-Noode", "Sint-Joost-ten-Node"),
    ],
)
def test_a_brussels_postcode_gives_its_commune_in_french_and_dutch(postcode, french, dutch):
    assert commune_for_postcode(postcode) == french
    assert commune_for_postcode(postcode, "nl") == dutch


@pytest.mark.parametrize("postcode", ["4000", "1300", "9000", "", "1o60"])
def test_a_postcode_outside_brussels_gives_no_commune(postcode):
    assert commune_for_postcode(postcode) is None


def test_the_region_has_nineteen_communes_and_no_postcode_twice():
    postcodes = [code for commune in BRUSSELS_COMMUNES for code in commune.postcodes]

    assert len(BRUSSELS_COMMUNES) == 19
    assert len(postcodes) == len(set(postcodes))

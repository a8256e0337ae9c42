"""What a receiver runs on each event: ``verify_signature``."""

from relais.webhooks.signing import sign, verify_signature

SECRET = "whsec_test"
BODY = b'{"id":"e1","type":"request.status_changed"}'
NOW = 1_900_000_000


def test_it_accepts_a_fresh_signature():
    assert verify_signature(SECRET, sign(SECRET, BODY, timestamp=NOW), BODY, now=NOW + 10)


def test_it_refuses_another_body():
    header = sign(SECRET, BODY, timestamp=NOW)
    assert not verify_signature(SECRET, header, BODY.replace(b"e1", b"e2"), now=NOW)


def test_it_refuses_another_secret():
    header = sign(SECRET, BODY, timestamp=NOW)
    assert not verify_signature("whsec_other", header, BODY, now=NOW)


def test_it_refuses_a_replay_after_the_tolerance():
    header = sign(SECRET, BODY, timestamp=NOW)
    assert verify_signature(SECRET, header, BODY, 300, now=NOW + 300)
    assert not verify_signature(SECRET, header, BODY, 300, now=NOW + 301)
    assert not verify_signature(SECRET, header, BODY, 300, now=NOW - 301)


def test_a_changed_timestamp_breaks_the_signature():
    digest = sign(SECRET, BODY, timestamp=NOW).split(",v1=")[1]
    assert not verify_signature(SECRET, f"t={NOW + 60},v1={digest}", BODY, now=NOW + 60)


def test_it_refuses_malformed_headers():
    for header in ["", "garbage", f"t={NOW}", "v1=abc", f"t=x{NOW},v1=abc", None]:
        assert not verify_signature(SECRET, header, BODY, now=NOW)


def test_it_accepts_one_of_several_signatures():
    good = sign(SECRET, BODY, timestamp=NOW)
    assert verify_signature(SECRET, f"{good},v1={'0' * 64}", BODY, now=NOW)

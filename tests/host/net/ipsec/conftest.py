"""Fixtures of the key engine's and setkey's host tests (test_ipsec_key.py,
test_ipsec_setkey.py): the key driver built once a session, and a fresh
driver process per test, so every test starts with an empty SADB."""
import pytest

from keydriver import SOURCES, Driver


@pytest.fixture(scope="session")
def key_prog(host):
    return host.compile("ipsec_key_driver", SOURCES)


@pytest.fixture
def drv(key_prog):
    d = Driver(key_prog)
    yield d
    d.close()

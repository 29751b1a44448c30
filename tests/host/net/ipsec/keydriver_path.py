"""Sources of the key engine for host programs other than key_driver."""
from keydriver import SOURCES

SOURCES_NO_DRIVER = [s for s in SOURCES if not s.endswith("key_driver.c")]

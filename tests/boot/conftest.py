"""Fixtures for boot tests: a per-test image copy and machines that are
always cleaned up."""
import pytest

from qemu import BUILD, Image, Machine


@pytest.fixture
def image(tmp_path):
    if not (BUILD / "disk.img").exists():
        pytest.fail("build/disk.img is missing: run `make` (make test builds it first)")
    return Image(tmp_path)


@pytest.fixture
def machine(request):
    """machine(image, **kw) starts QEMU; every machine is killed at teardown."""
    started = []

    def start(img, **kw):
        m = Machine(img, name=kw.pop("name", request.node.name), **kw)
        started.append(m)
        return m

    yield start
    for m in started:
        m.close()

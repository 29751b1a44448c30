"""The split virtqueue (kernel/dev/virtio/virtqueue.c) against a hostile
device, on the host under ASan/UBSan: the device's used ring is input.
tests/host/kernel/dev/virtio/virtqueue_check.c plays the driver through the API and
the device by writing the used ring itself."""
import pytest

SRC = ["tests/host/kernel/dev/virtio/virtqueue_check.c", "kernel/dev/virtio/virtqueue.c"]


@pytest.fixture(scope="module")
def vq(host):
    prog = host.compile("virtqueue_check", SRC, extra_flags=[
        "-I", str(host.top / "tests/host/kernel/dev/virtio/kshim"), "-I", str(host.top / "kernel")])

    def run(lines, rc=0):
        r = host.run(prog, input="\n".join(["alloc 8", *lines]) + "\n")
        assert r.returncode == rc, r.stdout + r.stderr
        assert "alloc rc=0" in r.stdout
        return r.stdout.splitlines()
    return run


def stats(out):
    return dict(kv.split("=") for kv in [ln for ln in out if ln.startswith("stats ")][-1].split()[1:])


def test_honest_device(vq):
    out = vq(["enq 3", "enq 5", "used 5 100", "used 3 60", "deq", "deq", "deq", "stats"])
    assert [ln for ln in out if ln.startswith("deq")] == [
        "deq r=1 id=5 len=100", "deq r=1 id=3 len=60", "deq r=0 id=65535 len=0"]
    assert stats(out) == {"refused": "0", "broken": "0", "inflight": "0", "completed": "2"}


def test_id_is_checked_at_32_bits(vq):
    """65 537 is not descriptor 1: the id was cast to 16 bits before the
    range check, so ids past 65 535 aliased valid ones."""
    out = vq(["enq 1", "used 65537 10", "deq", "used 1 10", "deq", "stats"])
    assert [ln for ln in out if ln.startswith("deq")] == ["deq r=-1 id=65535 len=10",
                                                          "deq r=1 id=1 len=10"]
    assert stats(out)["refused"] == "1"


def test_duplicate_or_unheld_id_is_refused(vq):
    """The device returns descriptor 0 twice, then one it was never given:
    only the first is the driver's to recycle (a duplicate on transmit used
    to push a buffer on the free stack twice, handing it out while in flight)."""
    out = vq(["enq 0", "enq 1", "enq 2", "used 0 1", "used 0 1", "deq", "deq",
              "enq 0", "used 6 1", "deq", "stats"])
    assert [ln.split()[1:3] for ln in out if ln.startswith("deq")] == [
        ["r=1", "id=0"], ["r=-1", "id=65535"], ["r=-1", "id=65535"]]
    assert stats(out) == {"refused": "2", "broken": "0", "inflight": "3", "completed": "3"}


def test_used_index_jump_stops_the_queue(vq):
    """used->idx moved past what the device holds: the driver would walk the
    ring again and process buffers twice.  The queue stops, counted."""
    out = vq(["enq 0", "enq 1", "enq 2", "jump 100", "pending", "deq", "pending", "stats"])
    assert "pending 0" in out and "deq r=0 id=65535 len=0" in out
    assert stats(out)["broken"] == "1" and stats(out)["refused"] == "1"
    assert any("holds 3 buffers: queue stopped" in ln for ln in out)


def test_driver_offering_a_held_descriptor_is_a_bug(vq):
    out = vq(["enq 2", "enq 2"], rc=-6)
    assert any(ln.startswith("panic: virtqueue 0: descriptor 2 offered") for ln in out)

"""Runs tests/host/net/ipsec/key_driver.c (built with ASan/UBSan) and talks to
it line by line; see the C file for the commands."""
import subprocess

import host_sources
import pfkey
from hostbuild import SAN_ENV

# The key engine over the host platform; ipsec_xform.c checks key lengths
# against the crypto layer (crypto/xform.c), setkey parses with common/.
SOURCES = ["tests/host/net/ipsec/key_driver.c", host_sources.NET_HOST,
           *host_sources.ipsec_key(), *host_sources.crypto(), *host_sources.common()]



class Driver:
    def __init__(self, prog, env=SAN_ENV):
        self.p = subprocess.Popen([str(prog)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=env)

    def cmd(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()

    def readline(self):
        line = self.p.stdout.readline()
        assert line, "driver died: " + self.p.stderr.read()
        return line.rstrip("\n")

    def until(self, prefix):
        """Lines up to (and including) the first one starting with prefix."""
        out = []
        while True:
            line = self.readline()
            out.append(line)
            if line.startswith(prefix):
                return out

    def open(self):
        self.cmd("open")
        line = self.readline()
        assert line.startswith("sock "), line
        return int(line.split()[1])

    def send(self, k, data):
        self.cmd("send %d %s" % (k, data.hex()))
        line = self.readline()
        assert line.startswith("ret "), line
        return int(line.split()[1])

    def recv(self, k):
        """All messages queued on socket k, parsed."""
        self.cmd("recv %d" % k)
        msgs = []
        for line in self.until("end")[:-1]:
            assert line.startswith("msg "), line
            msgs.append(pfkey.parse(bytes.fromhex(line[4:])))
        return msgs

    def send_many(self, k, msgs):
        """send of each message, written by a thread while the answers are
        read (neither pipe can fill up): the errnos returned."""
        import threading

        def write():
            for i in range(0, len(msgs), 1000):
                self.p.stdin.write("".join("send %d %s\n" % (k, m.hex())
                                           for m in msgs[i:i + 1000]))
            self.p.stdin.flush()
        t = threading.Thread(target=write)
        t.start()
        rets = [int(self.readline().split()[1]) for _ in msgs]
        t.join()
        return rets

    def heads(self, k):
        """Every message k gets, read one by one: (length, header + first
        extension parsed) for each."""
        self.cmd("heads %d" % k)
        out = []
        for line in self.until("end")[:-1]:
            _, n, head = line.split()
            out.append((int(n), pfkey.parse_head(bytes.fromhex(head))))
        return out

    def pending(self, k):
        self.cmd("pending %d" % k)
        f = self.readline().split()
        return int(f[1]), int(f[3])

    def request(self, k, data):
        """send, then the messages k got back: (errno returned, msgs)."""
        e = self.send(k, data)
        return e, self.recv(k)

    def state(self):
        self.cmd("state")
        return dict(kv.split("=") for kv in self.readline().split()) | {}

    def counts(self):
        return {k: int(v) for k, v in self.state().items()}

    def tick(self, n):
        self.cmd("tick %d" % n)
        assert self.readline() == "ok"

    def xfer(self, dst, satype, spi, nbytes):
        self.cmd("xfer %s %d %x %d" % (dst, satype, spi, nbytes))
        return int(self.readline().split()[1])

    def getsa(self, direction, src, dst, ul=255, sport=0, dport=0):
        self.cmd("getsa %d %s %s %d %d %d" % (direction, src, dst, ul, sport, dport))
        line = self.readline()
        if line == "sp none":
            return None, None
        sp = dict(kv.split("=") for kv in line.split()[1:])
        if sp["nreq"] == "0":
            return sp, None
        ga = dict(kv.split("=") for kv in self.readline().split()[1:])
        return sp, ga

    def setkey(self, text):
        """Feeds lines to the driver's setkey session: (output, errors)."""
        out = []
        for line in text.split("\n"):
            self.cmd("setkey " + line)
            lines = self.until("end errors=")
            out += lines[:-1]
            errors = int(lines[-1].split("=")[1])
        return "\n".join(out), errors

    def setkey_end(self):
        self.cmd("setkeyend")
        lines = self.until("end errors=")
        return "\n".join(lines[:-1]), int(lines[-1].split("=")[1])

    def dump(self, spd=False):
        self.cmd("dumpsp" if spd else "dumpsa")
        return "\n".join(self.until("end")[:-1])

    def stats(self):
        self.cmd("stats")
        return {k: int(v) for k, v in (l.split("=") for l in self.until("end")[:-1])}

    def close(self):
        self.p.stdin.close()
        rc = self.p.wait(timeout=60)
        err = self.p.stderr.read()
        assert rc == 0, "driver exit %d: %s" % (rc, err)
        assert "ERROR" not in err and "runtime error" not in err, err

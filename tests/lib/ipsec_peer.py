"""scapy's IPsec implementation as the guest's IPsec peer.

The Linux kernel on these machines has no ESP, so the peer lives in the
test: scapy (python3-scapy) encrypts and decrypts, and raw sockets in the
test's network namespace carry the packets.  Linux delivers protocols 50 and
51 to a raw socket bound to them (and so sends no "protocol unreachable"),
and sends IP_HDRINCL packets we build through its routing and ARP.

Keys and SPIs are random per run.  An Sa pair describes one direction each:
`to_guest` is what the peer encrypts with (the guest's inbound SA) and
`from_guest` what it decrypts with (the guest's outbound SA); setkey_lines()
gives the guest the same two SAs in ipsec-tools syntax.  guest_with_peer()
boots a guest on a tap with the Peer on the Linux side (the kernel shell,
or with userland=True the user land, logged in as root, whose programs --
/sbin/setkey, /sbin/ping, netstat -- the test drives with busybox.sh and
busybox.setkey_c); a Responder thread answers the guest's own echo
requests through the SAs.
"""
import contextlib
import os
import random
import select
import socket
import struct
import threading
import time

from scapy.layers.inet import IP, ICMP, UDP, fragment
from scapy.layers.ipsec import ESP, AH, SecurityAssociation

import busybox
from guest import guest_on_tap
from kshell import run

# name: (setkey -E/-A words, scapy arguments, key bytes, salt bytes)
ALGS = {
    "aes-gcm-128": ("-E aes-gcm-16", dict(crypt_algo="AES-GCM"), 16, 4),
    "aes-gcm-256": ("-E aes-gcm-16", dict(crypt_algo="AES-GCM"), 32, 4),
    "chacha20-poly1305": ("-E chacha20-poly1305", dict(crypt_algo="CHACHA20-POLY1305"), 32, 4),
    "aes-cbc-sha256": ("-E rijndael-cbc", dict(crypt_algo="AES-CBC", auth_algo="SHA2-256-128"), 16, 0),
    "null-sha256": ("-E null", dict(crypt_algo="NULL", auth_algo="SHA2-256-128"), 0, 0),
    "ah-sha256": (None, dict(auth_algo="SHA2-256-128"), 0, 0),
}

# tshark names (TESTING.md) for the decode check.
TSHARK_ENC = {"aes-gcm-128": "AES-GCM with 16 octet ICV [RFC4106]",
              "aes-gcm-256": "AES-GCM with 16 octet ICV [RFC4106]",
              "aes-cbc-sha256": "AES-CBC [RFC3602]",
              "null-sha256": "NULL"}
TSHARK_AUTH = {"aes-cbc-sha256": "HMAC-SHA-256-128 [RFC4868]",
               "null-sha256": "HMAC-SHA-256-128 [RFC4868]"}


def _hex(b):
    return "0x" + b.hex()


class Sa:
    """One direction: addresses, SPI, keys, and scapy's SecurityAssociation."""

    def __init__(self, alg, src, dst, spi=None, mode="transport", tunnel=None):
        self.alg, self.src, self.dst, self.mode = alg, src, dst, mode
        self.words, kw, klen, slen = ALGS[alg]
        self.proto = AH if alg.startswith("ah-") else ESP
        self.spi = spi or random.randint(0x1000, 0x0fffffff)
        self.enc_key = os.urandom(klen + slen) if klen else b""
        self.auth_key = os.urandom(32) if "auth_algo" in kw else b""
        args = dict(kw)
        if self.proto is ESP:
            args["crypt_key"] = self.enc_key or None
        if self.auth_key:
            args["auth_key"] = self.auth_key
        if tunnel:
            args["tunnel_header"] = IP(src=tunnel[0], dst=tunnel[1])
        self.tunnel = tunnel
        self.sa = SecurityAssociation(self.proto, spi=self.spi, **args)

    def setkey_add(self, extra=""):
        """The guest's `add` command for this SA.  setkey -r is in bytes and
        no -r means no replay check (FreeBSD), so RFC 4303's 64-packet
        window is asked for unless `extra` names one."""
        if "-r " not in extra:
            extra = ("-r 8 " + extra).strip()
        ends = self.tunnel or (self.src, self.dst)
        proto = "ah" if self.proto is AH else "esp"
        if self.proto is AH:
            keys = "-A hmac-sha256 %s" % _hex(self.auth_key)
        else:
            keys = "%s %s" % (self.words, _hex(self.enc_key) if self.enc_key else "")
            if self.auth_key:
                keys += " -A hmac-sha256 %s" % _hex(self.auth_key)
        return "add %s %s %s 0x%x -m %s %s %s;" % (ends[0], ends[1], proto, self.spi,
                                                    self.mode, extra, keys.strip())

    def tshark_uat(self):
        """One esp_sa UAT entry for tshark's decoder (ESP only)."""
        ends = self.tunnel or (self.src, self.dst)
        return '"IPv4","%s","%s","0x%08x","%s","%s","%s","%s"' % (
            ends[0], ends[1], self.spi, TSHARK_ENC[self.alg],
            _hex(self.enc_key) if self.enc_key else "", TSHARK_AUTH.get(self.alg, "NULL"),
            _hex(self.auth_key) if self.auth_key else "")


class Peer:
    """Raw sockets in the namespace: send IP packets, receive ESP/AH ones."""

    def __init__(self, ns):
        with ns.inside():
            self.tx = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
            self.rx = {p: socket.socket(socket.AF_INET, socket.SOCK_RAW, p) for p in (50, 51)}

    def close(self):
        self.tx.close()
        for s in self.rx.values():
            s.close()

    def send(self, pkt):
        """Send an IP packet; larger than the link's MTU, as fragments (a
        raw socket with a header included does not fragment)."""
        raw = bytes(pkt)
        frags = [raw] if len(raw) <= 1500 else [bytes(f) for f in fragment(IP(raw), 1480)]
        for f in frags:
            self.tx.sendto(f, (IP(raw).dst, 0))

    def drain(self):
        for s in self.rx.values():
            while select.select([s], [], [], 0)[0]:
                s.recv(65535)

    def recv(self, spi, timeout=10.0):
        """The next ESP/AH packet with this SPI, as a scapy IP packet."""
        end = time.time() + timeout
        while time.time() < end:
            ready = select.select(list(self.rx.values()), [], [], max(0, end - time.time()))[0]
            for s in ready:
                raw = s.recv(65535)
                ip = IP(raw)
                layer = ip.getlayer(ESP) or ip.getlayer(AH)
                if layer is not None and layer.spi == spi:
                    return ip
        return None

    def exchange(self, out_sa, in_sa, inner, seq=None, timeout=10.0):
        """Encrypt `inner` with out_sa, send it, decrypt the answer with in_sa."""
        kw = {} if seq is None else {"seq_num": seq}
        self.send(out_sa.sa.encrypt(inner, **kw))
        reply = self.recv(in_sa.spi, timeout)
        if reply is None:
            return None
        return open_packet(in_sa, reply)


@contextlib.contextmanager
def guest_with_peer(tmp_dir, name, guest_ip, linux_ip, mac, conf="", userland=False, **kw):
    """A guest at guest_ip/24 on tap0 (guest.guest_on_tap(); kw passed on)
    and a Peer at linux_ip in its namespace, ARP settled both ways (the
    guest has pinged the peer's address).  conf: more loader.conf lines.
    userland: boot the user land and log in as root (/etc/rc configures
    vtnet0 from the same variable) rather than the kernel shell.
    Yields (ns, machine, peer)."""
    conf = 'autoboot_delay="0"\nifconfig_vtnet0="inet %s/24"\n' % guest_ip + conf
    with guest_on_tap(tmp_dir, name, conf, mac, linux_ip + "/24", userland=userland,
                      **kw) as (ns, m):
        peer = Peer(ns)
        try:
            # Let ARP settle both ways before the first protected packet.
            if userland:
                out = busybox.sh(m, "/sbin/ping -c 1 " + linux_ip)
            else:
                out = run(m, "ping -c 1 " + linux_ip)
            assert "1 packets received" in out, out
            yield ns, m, peer
        finally:
            peer.close()


class Responder(threading.Thread):
    """The peer answering the guest as a real one would: takes the guest's
    protected packets (count of them, at most), answers ICMP echo requests
    and UDP datagrams to port 7 through to_guest, from the address each was
    sent to (the peer's own, or one behind it when it plays a tunnel's
    remote gateway).  Records what it saw for the assertions."""

    def __init__(self, peer, to_guest, from_guest, count):
        super().__init__(daemon=True)
        self.peer, self.to_guest, self.from_guest, self.count = \
            peer, to_guest, from_guest, count
        self.outer = []      # (src, dst) of each protected packet received
        self.inner = []      # decrypted inner packets
        self.answered = 0

    def run(self):
        for _ in range(self.count):
            pkt = self.peer.recv(self.from_guest.spi, timeout=20)
            if pkt is None:
                return
            self.outer.append((pkt.src, pkt.dst))
            inner = open_packet(self.from_guest, pkt)
            self.inner.append(inner)
            if inner.haslayer(ICMP) and inner[ICMP].type == 8:
                icmp = inner[ICMP]
                reply = IP(src=inner.dst, dst=inner.src) / \
                    ICMP(type=0, id=icmp.id, seq=icmp.seq) / bytes(icmp.payload)
            elif inner.haslayer(UDP) and inner[UDP].dport == 7:
                reply = IP(src=inner.dst, dst=inner.src) / \
                    UDP(sport=7, dport=inner[UDP].sport) / bytes(inner[UDP].payload)
            else:
                continue
            self.peer.send(self.to_guest.sa.encrypt(reply))
            self.answered += 1


def open_packet(sa, pkt):
    """Verify and decrypt a protected packet; the inner packet, re-parsed
    (scapy's AH decrypt leaves the payload raw)."""
    return IP(bytes(sa.sa.decrypt(IP(bytes(pkt)))))


def echo_request(src, dst, ident, seq, size=56):
    return IP(src=src, dst=dst) / ICMP(type=8, id=ident, seq=seq) / os.urandom(size)


def udp_datagram(src, dst, sport, size):
    return IP(src=src, dst=dst) / UDP(sport=sport, dport=7) / os.urandom(size)


class EsnSa(Sa):
    """An Sa with extended sequence numbers (RFC 4303 2.2.1, AEAD here:
    RFC 4106 5 puts SPI | seq_hi | seq_lo in the AAD).  scapy keeps the high
    32 bits itself: `sa.encrypt(pkt, seq_num=lo, esn=hi)` sends sequence
    number hi << 32 | lo (esn=0 means the SA's default, 0), and
    `sa.decrypt(pkt, esn=hi)` checks a packet against high bits hi.  The
    guest's `add` gets `-f esn`."""

    def __init__(self, alg, src, dst, **kw):
        super().__init__(alg, src, dst, **kw)
        self.sa.esn_en = True
        self.sa.esn = 0

    def setkey_add(self, extra=""):
        return super().setkey_add(("-f esn " + extra).strip())

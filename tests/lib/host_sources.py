"""The sources a host program of each component links, read from the
tree's make fragments (tests/lib/files_mk.py), never copied, with the host
platform they run on (tests/host/lib/): a test names the sets it needs.

  common()     the freestanding library (common/files.mk): parsers, printf...
  net()        the protocol core (net/files.mk) over net_host.c, with common()
  ipsec_key()  the PF_KEY engine and setkey (net/ipsec/files.mk)
  ipsec_datapath()  ESP/AH, replay, policy (net/ipsec/files.mk)
  opencrypto() the crypto framework's portable part (kernel/opencrypto/
               files.mk) over crypto_host.c
  crypto()     the algorithms (crypto/files.mk)
and SCRIPT, the helpers of the scriptable net/ drivers (host_script.c).
"""
import files_mk

NET_HOST = "tests/host/lib/net_host.c"
CRYPTO_HOST = "tests/host/lib/crypto_host.c"
SCRIPT = "tests/host/lib/host_script.c"


def common():
    return files_mk.sources("common/files.mk", "COMMON_SRCS")


def net():
    return files_mk.sources("net/files.mk", "NET_CORE_SRCS", "NET_PRINT_SRCS") + [NET_HOST] + \
        common()


def ipsec_key():
    return files_mk.sources("net/ipsec/files.mk", "NET_IPSEC_SRCS", "NET_IPSEC_SETKEY_SRCS")


def ipsec_datapath():
    return files_mk.sources("net/ipsec/files.mk", "NET_IPSEC_DATAPATH_SRCS",
                            "NET_IPSEC_PRINT_SRCS")


def opencrypto():
    return files_mk.sources("kernel/opencrypto/files.mk", "OPENCRYPTO_PORTABLE_SRCS") + \
        [CRYPTO_HOST]


def crypto():
    return files_mk.sources("crypto/files.mk", "CRYPTO_SRCS")


def crypto_x86_64():
    return files_mk.sources("crypto/files.mk", "CRYPTO_X86_64_SRCS")

/*
 * udp_echo_client.c - the load generator of `make bench-datapath` and
 * `make bench-ipsec`: UDP echo (port 7) over any number of flows at once,
 * in clear or through ESP transport mode that it seals and opens itself
 * (the host kernel has no ESP), so that the client, not Python, sets the
 * pace (tools/bench_datapath.py runs it inside the test namespace).
 *
 * Flows come on stdin, one a line (keys in hex, SPIs in hex without 0x):
 *   clear LOCAL REMOTE
 *   gcm   LOCAL REMOTE SPI_OUT KEYSALT_OUT SPI_IN KEYSALT_IN     (RFC 4106, 128-bit key)
 *   cbc   LOCAL REMOTE SPI_OUT KEY_OUT AUTH_OUT SPI_IN KEY_IN AUTH_IN
 *                                     (RFC 3602 AES-128-CBC + RFC 4868 HMAC-SHA-256-128)
 * Usage: udp_echo_client SIZE SECONDS WINDOW [SEQ] < flows.  ESP sequence
 * numbers start after SEQ (default 0): a later run over the same SAs
 * passes the last one the previous run printed, or the receiver's replay
 * window would reject it.  Each flow keeps
 * WINDOW datagrams of SIZE bytes outstanding (an 8-byte sequence number
 * and a fixed pattern), refilled as the echoes come back; one not back
 * within 200 ms is written off, so the window never shrinks.  An echo
 * counts only if it is a sequence number outstanding on that flow with
 * the pattern intact (and, for ESP, it verified); one that comes back
 * after it was written off is "late", anything else "bad" (corrupt, not
 * verifying, never sent).  After a warm-up echo per flow (ARP, the first
 * SA use) it prints
 *   echoed N lost N bad N seconds S seq LAST late N
 * Exit status 1 on a set-up error (message on stderr).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#define MAXFLOWS	64
#define MAXWIN		256
#define MAXPKT		2048
#define SPORT		40700
#define TIMEOUT_S	0.2

enum kind { CLEAR, GCM, CBC };

struct sa {
	uint32_t	 spi;
	uint8_t		 key[20];	/* GCM: key + salt; CBC: key */
	uint8_t		 auth[32];	/* CBC: HMAC key */
	uint32_t	 seq;		/* outbound: last sequence number sent */
	EVP_CIPHER_CTX	*ctx;		/* keyed once */
};

struct flow {
	enum kind	 kind;
	int		 fd;
	struct sa	 out, in;
	uint64_t	 slot_seq[MAXWIN];	/* outstanding sequence numbers */
	double		 slot_time[MAXWIN];	/* when sent; 0: slot free */
	int		 outstanding;
};

static struct flow flows[MAXFLOWS];
static int nflows, size, window;
static uint8_t pattern[MAXPKT];
static uint64_t next_seq = 1, echoed, lost, late, bad;
static uint32_t seq0;		/* ESP sequence numbers start after it */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
die(const char *what)
{
	fprintf(stderr, "udp_echo_client: %s\n", what);
	exit(1);
}

static void
unhex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		die("key of the wrong length");
	for (i = 0; i < n; i++)
		if (sscanf(s + 2 * i, "%2hhx", &out[i]) != 1)
			die("bad hex");
}

static void
sa_init(struct sa *sa, enum kind k, const char *spi, const char *key,
    const char *auth, int enc)
{
	sa->spi = (uint32_t)strtoul(spi, NULL, 16);
	sa->ctx = EVP_CIPHER_CTX_new();
	if (k == GCM) {
		unhex(key, sa->key, 20);
		if (!EVP_CipherInit_ex(sa->ctx, EVP_aes_128_gcm(), NULL, sa->key, NULL, enc))
			die("EVP GCM init");
	} else {
		unhex(key, sa->key, 16);
		unhex(auth, sa->auth, 32);
		if (!EVP_CipherInit_ex(sa->ctx, EVP_aes_128_cbc(), NULL, sa->key, NULL, enc))
			die("EVP CBC init");
		EVP_CIPHER_CTX_set_padding(sa->ctx, 0);
	}
}

static void
flow_open(struct flow *f, const char *local, const char *remote)
{
	struct sockaddr_in l = { .sin_family = AF_INET }, r = { .sin_family = AF_INET };

	if (inet_pton(AF_INET, local, &l.sin_addr) != 1 ||
	    inet_pton(AF_INET, remote, &r.sin_addr) != 1)
		die("bad address");
	if (f->kind == CLEAR) {
		f->fd = socket(AF_INET, SOCK_DGRAM, 0);
		l.sin_port = htons(SPORT);
		r.sin_port = htons(7);
	} else	/* the kernel adds the IP header; binding picks source and filter */
		f->fd = socket(AF_INET, SOCK_RAW, IPPROTO_ESP);
	if (f->fd < 0 || bind(f->fd, (struct sockaddr *)&l, sizeof(l)) < 0 ||
	    connect(f->fd, (struct sockaddr *)&r, sizeof(r)) < 0)
		die("socket/bind/connect");
}

static void
read_flows(void)
{
	char line[1024], k[8], lo[32], re[32], a[8][160];
	int n;

	while (fgets(line, sizeof(line), stdin) != NULL && nflows < MAXFLOWS) {
		struct flow *f = &flows[nflows];

		n = sscanf(line, "%7s %31s %31s %159s %159s %159s %159s %159s %159s", k, lo, re,
		    a[0], a[1], a[2], a[3], a[4], a[5]);
		if (n <= 0)
			continue;
		if (strcmp(k, "clear") == 0 && n == 3)
			f->kind = CLEAR;
		else if (strcmp(k, "gcm") == 0 && n == 7) {
			f->kind = GCM;
			sa_init(&f->out, GCM, a[0], a[1], NULL, 1);
			sa_init(&f->in, GCM, a[2], a[3], NULL, 0);
		} else if (strcmp(k, "cbc") == 0 && n == 9) {
			f->kind = CBC;
			sa_init(&f->out, CBC, a[0], a[1], a[2], 1);
			sa_init(&f->in, CBC, a[3], a[4], a[5], 0);
		} else
			die("bad flow line");
		f->out.seq = seq0;
		flow_open(f, lo, re);
		nflows++;
	}
	if (nflows == 0)
		die("no flows");
}

/* ---- ESP (RFC 4303) ---- */

static void
put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

/* ESP packet (SPI onwards) carrying the UDP datagram udp[0..len); its length */
static int
esp_seal(struct flow *f, const uint8_t *udp, int len, uint8_t *pkt)
{
	struct sa *sa = &f->out;
	int blk = f->kind == GCM ? 4 : 16, ivlen = f->kind == GCM ? 8 : 16;
	int pad = (blk - (len + 2) % blk) % blk, plen = len + pad + 2, i, l;
	uint8_t plain[MAXPKT + 32], *iv = pkt + 8, *ct = pkt + 8 + ivlen;
	unsigned ml = 0;

	memcpy(plain, udp, (size_t)len);
	for (i = 0; i < pad; i++)
		plain[len + i] = (uint8_t)(i + 1);
	plain[len + pad] = (uint8_t)pad;
	plain[len + pad + 1] = 17;		/* next header: UDP */
	put32(pkt, sa->spi);
	put32(pkt + 4, ++sa->seq);
	if (f->kind == GCM) {
		uint8_t nonce[12];

		memset(iv, 0, 4);		/* the IV: the counter, unique per SA */
		put32(iv + 4, sa->seq);
		memcpy(nonce, sa->key + 16, 4);
		memcpy(nonce + 4, iv, 8);
		EVP_EncryptInit_ex(sa->ctx, NULL, NULL, NULL, nonce);
		EVP_EncryptUpdate(sa->ctx, NULL, &l, pkt, 8);	/* AAD: SPI, sequence */
		EVP_EncryptUpdate(sa->ctx, ct, &l, plain, plen);
		EVP_EncryptFinal_ex(sa->ctx, ct + plen, &l);
		EVP_CIPHER_CTX_ctrl(sa->ctx, EVP_CTRL_AEAD_GET_TAG, 16, ct + plen);
		return 8 + ivlen + plen + 16;
	}
	for (i = 0; i < 16; i++)		/* unpredictable enough for a benchmark */
		iv[i] = (uint8_t)rand();
	EVP_EncryptInit_ex(sa->ctx, NULL, NULL, NULL, iv);
	EVP_EncryptUpdate(sa->ctx, ct, &l, plain, plen);
	HMAC(EVP_sha256(), sa->auth, 32, pkt, (size_t)(8 + ivlen + plen), plain, &ml);
	memcpy(ct + plen, plain, 16);
	return 8 + ivlen + plen + 16;
}

/* The UDP datagram inside an ESP packet (SPI onwards), or NULL; *len set */
static const uint8_t *
esp_open(struct flow *f, uint8_t *pkt, int n, int *len)
{
	struct sa *sa = &f->in;
	int ivlen = f->kind == GCM ? 8 : 16, clen = n - 8 - ivlen - 16, l;
	uint8_t *iv = pkt + 8, *ct = pkt + 8 + ivlen, *plain = pkt + 8 + ivlen;
	uint8_t mac[32];
	unsigned ml = 0;

	if (clen < 2 || get32(pkt) != sa->spi)
		return NULL;
	if (f->kind == GCM) {
		uint8_t nonce[12];

		memcpy(nonce, sa->key + 16, 4);
		memcpy(nonce + 4, iv, 8);
		EVP_DecryptInit_ex(sa->ctx, NULL, NULL, NULL, nonce);
		EVP_DecryptUpdate(sa->ctx, NULL, &l, pkt, 8);
		EVP_DecryptUpdate(sa->ctx, plain, &l, ct, clen);
		EVP_CIPHER_CTX_ctrl(sa->ctx, EVP_CTRL_AEAD_SET_TAG, 16, ct + clen);
		if (EVP_DecryptFinal_ex(sa->ctx, plain + clen, &l) <= 0)
			return NULL;
	} else {
		if (clen % 16)
			return NULL;
		HMAC(EVP_sha256(), sa->auth, 32, pkt, (size_t)(8 + ivlen + clen), mac, &ml);
		if (CRYPTO_memcmp(mac, ct + clen, 16) != 0)
			return NULL;
		EVP_DecryptInit_ex(sa->ctx, NULL, NULL, NULL, iv);
		EVP_DecryptUpdate(sa->ctx, plain, &l, ct, clen);
	}
	if (plain[clen - 1] != 17 || plain[clen - 2] + 2 > clen)
		return NULL;
	*len = clen - 2 - plain[clen - 2];
	return plain;
}

/* ---- the echo loop ---- */

static void
send_one(struct flow *f, uint64_t seq)
{
	uint8_t udp[MAXPKT], pkt[MAXPKT + 64];
	uint8_t *data = f->kind == CLEAR ? udp : udp + 8;
	int n;

	memcpy(data, &seq, 8);
	memcpy(data + 8, pattern, (size_t)size - 8);
	if (f->kind == CLEAR) {
		n = size;
		memcpy(pkt, udp, (size_t)n);
	} else {
		uint16_t h[4] = { htons(SPORT), htons(7), htons((uint16_t)(size + 8)), 0 };

		memcpy(udp, h, 8);		/* checksum 0: none, allowed over IPv4 */
		n = esp_seal(f, udp, size + 8, pkt);
	}
	if (send(f->fd, pkt, (size_t)n, MSG_DONTWAIT) < 0 && errno != EAGAIN &&
	    errno != ENOBUFS)
		perror("udp_echo_client: send");
}

/* One received packet of flow f: the echoed sequence number, or -1 */
static int64_t
received(struct flow *f, uint8_t *buf, int n)
{
	const uint8_t *data = buf;
	int len = n;
	uint64_t seq;

	if (f->kind != CLEAR) {
		int ihl = (buf[0] & 15) * 4;
		const uint8_t *udp;

		if (n < ihl + 8 || (udp = esp_open(f, buf + ihl, n - ihl, &len)) == NULL ||
		    len < 8)
			return -1;
		data = udp + 8;
		len -= 8;
	}
	if (len != size || memcmp(data + 8, pattern, (size_t)size - 8) != 0)
		return -1;
	memcpy(&seq, data, 8);
	return (int64_t)seq;
}

static void
fill(struct flow *f, double t)
{
	int i;

	for (i = 0; i < window && f->outstanding < window; i++)
		if (f->slot_time[i] == 0) {
			f->slot_seq[i] = next_seq;
			f->slot_time[i] = t;
			f->outstanding++;
			send_one(f, next_seq++);
		}
}

static void
drain(struct flow *f, int counting)
{
	uint8_t buf[MAXPKT + 128];
	int n, i;
	int64_t seq;

	while ((n = (int)recv(f->fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		if ((seq = received(f, buf, n)) < 0) {
			bad += counting;
			continue;
		}
		for (i = 0; i < window; i++)
			if (f->slot_time[i] != 0 && f->slot_seq[i] == (uint64_t)seq) {
				f->slot_time[i] = 0;
				f->outstanding--;
				echoed += counting;
				break;
			}
		if (i == window && seq < (int64_t)next_seq)
			late += counting;	/* a sequence number already written off */
		else if (i == window)
			bad += counting;	/* never sent */
	}
}

static void
expire(struct flow *f, double t)
{
	int i;

	for (i = 0; i < window; i++)
		if (f->slot_time[i] != 0 && t - f->slot_time[i] > TIMEOUT_S) {
			f->slot_time[i] = 0;
			f->outstanding--;
			lost++;
		}
}

/* one echo per flow before measuring: ARP, first use of the SAs */
static void
warm_up(void)
{
	struct pollfd p;
	int i, k;

	for (i = 0; i < nflows; i++) {
		struct flow *f = &flows[i];

		for (k = 0; k < 3 && f->outstanding == 0; k++) {
			f->slot_seq[0] = next_seq;
			f->slot_time[0] = now();
			f->outstanding = 1;
			send_one(f, next_seq++);
			p.fd = f->fd;
			p.events = POLLIN;
			if (poll(&p, 1, 3000) > 0)
				drain(f, 0);
			if (f->outstanding) {
				f->slot_time[0] = 0;
				f->outstanding = 0;
				continue;
			}
			break;
		}
	}
}

int
main(int argc, char **argv)
{
	struct pollfd pfd[MAXFLOWS];
	double seconds, start, end, t;
	int i;

	if ((argc != 4 && argc != 5) || (size = atoi(argv[1])) < 16 || size > 1472 ||
	    (seconds = atof(argv[2])) <= 0 || (window = atoi(argv[3])) < 1 || window > MAXWIN) {
		fprintf(stderr, "usage: udp_echo_client SIZE(16-1472) SECONDS WINDOW(1-%d) [SEQ] "
		    "< flows\n", MAXWIN);
		return 2;
	}
	seq0 = argc == 5 ? (uint32_t)strtoul(argv[4], NULL, 10) : 0;
	for (i = 0; i < MAXPKT; i++)
		pattern[i] = (uint8_t)(i * 7 + 3);
	read_flows();
	warm_up();
	start = now();
	end = start + seconds;
	while ((t = now()) < end) {
		for (i = 0; i < nflows; i++) {
			expire(&flows[i], t);
			fill(&flows[i], t);
			pfd[i].fd = flows[i].fd;
			pfd[i].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)nflows, 20) <= 0)
			continue;
		for (i = 0; i < nflows; i++)
			if (pfd[i].revents & POLLIN)
				drain(&flows[i], 1);
	}
	for (i = 0; i < nflows; i++)
		if (flows[i].out.seq > seq0)
			seq0 = flows[i].out.seq;
	printf("echoed %llu lost %llu bad %llu seconds %.3f seq %u late %llu\n",
	    (unsigned long long)echoed, (unsigned long long)lost, (unsigned long long)bad,
	    now() - start, seq0, (unsigned long long)late);
	return 0;
}

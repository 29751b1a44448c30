/*
 * aes.c - table-free constant-time AES (see aes.h for the approach).
 *
 * Key schedule: round keys as little-endian uint32_t words, i.e. in memory
 * exactly the FIPS 197 round-key bytes (also the AES-NI layout); the
 * decryption keys are those of the equivalent inverse cipher.  Both sets
 * are also stored as bit-planes for the bitsliced rounds below.
 */
#include <string.h>

#include "crypto/aes.h"
#include "crypto/cryptodefs.h"

/*
 * Bitsliced AES over 64 bytes (4 blocks) at once.  The bytes (8 uint64_t
 * words of 8 bytes) are transposed into 8 bit-planes: plane j holds bit j
 * of all 64 bytes, so GF(2) arithmetic on bytes becomes AND/XOR on planes.
 * No data-dependent branch or memory index anywhere.
 */

/* the small fixed loops below must be fully unrolled so the arrays live in
 * registers (GCC does this at -O3 but not at -O2) */
#if defined(__GNUC__) && !defined(__clang__)
#define UNROLL _Pragma("GCC unroll 16")
#else
#define UNROLL
#endif

/* transpose the 8x8 bit matrix in x (bit 8*r + c <-> bit 8*c + r) */
static inline uint64_t
bit_transpose8(uint64_t x)
{
	uint64_t t;

	t = (x ^ (x >> 7)) & 0x00aa00aa00aa00aaULL;
	x ^= t ^ (t << 7);
	t = (x ^ (x >> 14)) & 0x0000cccc0000ccccULL;
	x ^= t ^ (t << 14);
	t = (x ^ (x >> 28)) & 0x00000000f0f0f0f0ULL;
	x ^= t ^ (t << 28);
	return x;
}

/* transpose the 8x8 byte matrix w[row] byte col */
static inline void
byte_transpose8(uint64_t w[8])
{
	uint64_t t;
	int k;

	UNROLL
	for (k = 0; k < 8; k += 2) {
		t = ((w[k] >> 8) ^ w[k + 1]) & 0x00ff00ff00ff00ffULL;
		w[k + 1] ^= t;
		w[k] ^= t << 8;
	}
	UNROLL
	for (k = 0; k < 8; k++) {
		if (k & 2)
			continue;
		t = ((w[k] >> 16) ^ w[k + 2]) & 0x0000ffff0000ffffULL;
		w[k + 2] ^= t;
		w[k] ^= t << 16;
	}
	UNROLL
	for (k = 0; k < 4; k++) {
		t = ((w[k] >> 32) ^ w[k + 4]) & 0x00000000ffffffffULL;
		w[k + 4] ^= t;
		w[k] ^= t << 32;
	}
}

/* 64 bytes <-> 8 bit-planes (an involution) */
static inline void
planes(uint64_t w[8])
{
	int k;

	UNROLL
	for (k = 0; k < 8; k++)
		w[k] = bit_transpose8(w[k]);
	byte_transpose8(w);
}

static inline void
unplanes(uint64_t w[8])
{
	int k;

	byte_transpose8(w);
	UNROLL
	for (k = 0; k < 8; k++)
		w[k] = bit_transpose8(w[k]);
}

/*
 * S-box in a tower field.  GF(2^8) is isomorphic to GF((2^4)^2) with
 * GF(16) = GF(2)[y]/(y^4 + y + 1) and GF(256)' = GF(16)[z]/(z^2 + z + y^3);
 * the AES polynomial's root used for the isomorphism is 0x20 (z = bit 5,
 * as high nibble 2 = y).  For a = a1 z + a0:
 *     d = y^3 a1^2 + a1 a0 + a0^2,  a^-1 = (a1 d^-1) z + (a0 + a1) d^-1
 * (0 maps to 0), and d^-1 = d^14 in GF(16).  The basis changes into and
 * out of the tower are folded with the AES affine map into the fixed XOR
 * networks below (derived offline by brute force over all 256 inputs and
 * checked against the S-box definition; the vectors re-check them).
 */

/* GF(16) product on 4 planes */
static inline void
gf16_mul(const uint64_t a[4], const uint64_t b[4], uint64_t c[4])
{
	uint64_t t0 = a[0] & b[0];
	uint64_t t1 = (a[0] & b[1]) ^ (a[1] & b[0]);
	uint64_t t2 = (a[0] & b[2]) ^ (a[1] & b[1]) ^ (a[2] & b[0]);
	uint64_t t3 = (a[0] & b[3]) ^ (a[1] & b[2]) ^ (a[2] & b[1]) ^ (a[3] & b[0]);
	uint64_t t4 = (a[1] & b[3]) ^ (a[2] & b[2]) ^ (a[3] & b[1]);
	uint64_t t5 = (a[2] & b[3]) ^ (a[3] & b[2]);
	uint64_t t6 = a[3] & b[3];

	/* y^4 = y + 1, y^5 = y^2 + y, y^6 = y^3 + y^2 */
	c[0] = t0 ^ t4;
	c[1] = t1 ^ t4 ^ t5;
	c[2] = t2 ^ t5 ^ t6;
	c[3] = t3 ^ t6;
}

static inline void
gf16_sq(const uint64_t a[4], uint64_t c[4])
{
	c[0] = a[0] ^ a[2];
	c[1] = a[2];
	c[2] = a[1] ^ a[3];
	c[3] = a[3];
}

/* c = a^14 = a^-1 (0 -> 0) */
static inline void
gf16_inv(const uint64_t a[4], uint64_t c[4])
{
	uint64_t a2[4], a3[4], t[4];

	gf16_sq(a, a2);
	gf16_mul(a2, a, a3);
	gf16_sq(a3, t);			/* 6 */
	gf16_sq(t, a3);			/* 12 */
	gf16_mul(a3, a2, c);		/* 14 */
}

/* in place inverse in GF((2^4)^2): planes 0-3 = a0, 4-7 = a1 */
static inline void
tower_inv(uint64_t x[8])
{
	const uint64_t *a0 = x, *a1 = x + 4;
	uint64_t p[4], q[4], d[4], di[4], s[4];
	int i;

	gf16_sq(a1, p);
	/* times y^3 */
	q[0] = p[1]; q[1] = p[1] ^ p[2]; q[2] = p[2] ^ p[3]; q[3] = p[0] ^ p[3];
	gf16_mul(a1, a0, d);
	gf16_sq(a0, p);
	for (i = 0; i < 4; i++) {
		d[i] ^= q[i] ^ p[i];
		s[i] = a0[i] ^ a1[i];
	}
	gf16_inv(d, di);
	gf16_mul(s, di, p);		/* new a0 */
	gf16_mul(a1, di, q);		/* new a1 */
	for (i = 0; i < 4; i++) {
		x[i] = p[i];
		x[4 + i] = q[i];
	}
}

/* SubBytes on bit-planes: basis change, tower inverse, back + affine */
static inline void
sbox_planes(uint64_t a[8])
{
	uint64_t o[8];

	o[0] = a[0] ^ a[5] ^ a[7];
	o[1] = a[2];
	o[2] = a[2] ^ a[3] ^ a[4] ^ a[5] ^ a[6] ^ a[7];
	o[3] = a[3] ^ a[4];
	o[4] = a[4] ^ a[5] ^ a[6];
	o[5] = a[1] ^ a[4] ^ a[6] ^ a[7];
	o[6] = a[2] ^ a[3] ^ a[5] ^ a[7];
	o[7] = a[5] ^ a[7];
	tower_inv(o);
	a[0] = ~(o[0] ^ o[2] ^ o[6]);
	a[1] = ~(o[0] ^ o[1] ^ o[2] ^ o[3] ^ o[4] ^ o[5]);
	a[2] = o[0] ^ o[3] ^ o[5] ^ o[6];
	a[3] = o[0] ^ o[2] ^ o[5];
	a[4] = o[0] ^ o[1] ^ o[3] ^ o[4] ^ o[5];
	a[5] = ~(o[1] ^ o[2] ^ o[3] ^ o[5] ^ o[6] ^ o[7]);
	a[6] = ~(o[4] ^ o[6] ^ o[7]);
	a[7] = o[1] ^ o[2];
}

/* InvSubBytes: inverse affine + basis change, tower inverse, back */
static inline void
inv_sbox_planes(uint64_t a[8])
{
	uint64_t o[8];

	o[0] = ~(a[1] ^ a[5] ^ a[6]);
	o[1] = ~(a[1] ^ a[4] ^ a[7]);
	o[2] = ~(a[1] ^ a[4]);
	o[3] = a[0] ^ a[1] ^ a[2] ^ a[3] ^ a[5] ^ a[6];
	o[4] = a[0] ^ a[1] ^ a[2] ^ a[4] ^ a[5] ^ a[6] ^ a[7];
	o[5] = a[3] ^ a[4] ^ a[5] ^ a[6];
	o[6] = ~(a[0] ^ a[4] ^ a[5] ^ a[6]);
	o[7] = a[1] ^ a[2] ^ a[6] ^ a[7];
	tower_inv(o);
	a[0] = o[0] ^ o[7];
	a[1] = o[4] ^ o[5] ^ o[7];
	a[2] = o[1];
	a[3] = o[1] ^ o[6] ^ o[7];
	a[4] = o[1] ^ o[3] ^ o[6] ^ o[7];
	a[5] = o[2] ^ o[4] ^ o[6];
	a[6] = o[1] ^ o[2] ^ o[3] ^ o[7];
	a[7] = o[2] ^ o[4] ^ o[6] ^ o[7];
}

static uint32_t
sub_word(uint32_t x)
{
	uint64_t w[8] = { x };

	planes(w);
	sbox_planes(w);
	unplanes(w);
	return (uint32_t)w[0];
}

static inline uint32_t
ror32(uint32_t x, int k)
{
	return (x >> k) | (x << (32 - k));
}

static inline uint32_t
xtime32(uint32_t a)
{
	uint32_t hi = (a >> 7) & 0x01010101u;
	return ((a & 0x7f7f7f7fu) << 1) ^ (hi * 0x1b);
}

static inline uint32_t
mix_col(uint32_t a)
{
	uint32_t r1 = ror32(a, 8);
	return xtime32(a ^ r1) ^ r1 ^ ror32(a, 16) ^ ror32(a, 24);
}

static inline uint32_t
inv_mix_col(uint32_t a)
{
	uint32_t t = xtime32(xtime32(a ^ ror32(a, 16)));
	return mix_col(a ^ t);
}

/* a round key replicated for the 4 block slots, as bit-planes */
static void
rk_planes(const uint32_t rk[4], uint64_t p[8])
{
	int k;

	for (k = 0; k < 8; k++)
		p[k] = (uint64_t)rk[(2 * k) & 3] | ((uint64_t)rk[(2 * k + 1) & 3] << 32);
	planes(p);
}

int
aes_setkey(aes_ctx *ctx, const uint8_t *key, size_t keylen)
{
	unsigned nk, nr, i, total;
	uint32_t rcon = 1;

	if (ctx == NULL || key == NULL ||
	    (keylen != 16 && keylen != 24 && keylen != 32))
		return CRYPTO_EINVAL;
	nk = (unsigned)(keylen / 4);
	nr = nk + 6;
	total = 4 * (nr + 1);
	for (i = 0; i < nk; i++)
		ctx->ek[i] = crypto_load_le32(key + 4 * i);
	for (i = nk; i < total; i++) {
		uint32_t t = ctx->ek[i - 1];
		if (i % nk == 0) {
			t = sub_word(ror32(t, 8)) ^ rcon;
			rcon = xtime32(rcon) & 0xff;
		} else if (nk > 6 && i % nk == 4) {
			t = sub_word(t);
		}
		ctx->ek[i] = ctx->ek[i - nk] ^ t;
	}
	/* equivalent inverse cipher: reversed round keys, InvMixColumns on the
	 * middle ones */
	for (i = 0; i <= nr; i++) {
		unsigned c;
		for (c = 0; c < 4; c++) {
			uint32_t w = ctx->ek[4 * (nr - i) + c];
			ctx->dk[4 * i + c] = (i == 0 || i == nr) ? w : inv_mix_col(w);
		}
	}
	ctx->rounds = nr;
	for (i = 0; i <= nr; i++) {
		rk_planes(ctx->ek + 4 * i, ctx->bsek[i]);
		rk_planes(ctx->dk + 4 * i, ctx->bsdk[i]);
	}
	return 0;
}

/*
 * Bitsliced rounds.  In every plane, bit 16*b + 4*c + r is row r, column c
 * of block b (the byte order of the input, so planes() is the whole
 * conversion).  Constants repeat per 16-bit block lane.
 */
#define REP(x) ((uint64_t)(x) * 0x0001000100010001ULL)

/* row r moves left by r columns: rotate right by 4r within the lane */
static inline uint64_t
shift_rows_plane(uint64_t x)
{
	return (x & REP(0x1111)) |
	    ((x >> 4) & REP(0x0222)) | ((x << 12) & REP(0x2000)) |
	    ((x >> 8) & REP(0x0044)) | ((x << 8) & REP(0x4400)) |
	    ((x >> 12) & REP(0x0008)) | ((x << 4) & REP(0x8880));
}

static inline uint64_t
inv_shift_rows_plane(uint64_t x)
{
	return (x & REP(0x1111)) |
	    ((x << 4) & REP(0x2220)) | ((x >> 12) & REP(0x0002)) |
	    ((x >> 8) & REP(0x0044)) | ((x << 8) & REP(0x4400)) |
	    ((x >> 4) & REP(0x0888)) | ((x << 12) & REP(0x8000));
}

/* within each column: row r takes row r+1 (rot1) / row r+2 (rot2) */
static inline uint64_t
rot1(uint64_t x)
{
	return ((x >> 1) & REP(0x7777)) | ((x << 3) & REP(0x8888));
}

static inline uint64_t
rot2(uint64_t x)
{
	return ((x >> 2) & REP(0x3333)) | ((x << 2) & REP(0xcccc));
}

/* multiply every byte by x (poly 0x11b), on planes */
static inline void
xtime_planes(const uint64_t t[8], uint64_t o[8])
{
	o[0] = t[7];
	o[1] = t[0] ^ t[7];
	o[2] = t[1];
	o[3] = t[2] ^ t[7];
	o[4] = t[3] ^ t[7];
	o[5] = t[4];
	o[6] = t[5];
	o[7] = t[6];
}

/* b_r = 2(a_r + a_r+1) + a_r+1 + a_r+2 + a_r+3 */
static inline void
mix_columns_planes(uint64_t a[8])
{
	uint64_t r1[8], t[8], x[8];
	int j;

	UNROLL
	for (j = 0; j < 8; j++) {
		r1[j] = rot1(a[j]);
		t[j] = a[j] ^ r1[j];
	}
	xtime_planes(t, x);
	UNROLL
	for (j = 0; j < 8; j++)
		a[j] = x[j] ^ r1[j] ^ rot2(t[j]);
}

/* InvMixColumns(a) = MixColumns(a + 4(a_r + a_r+2)) */
static inline void
inv_mix_columns_planes(uint64_t a[8])
{
	uint64_t v[8], x[8], y[8];
	int j;

	UNROLL
	for (j = 0; j < 8; j++)
		v[j] = a[j] ^ rot2(a[j]);
	xtime_planes(v, x);
	xtime_planes(x, y);
	UNROLL
	for (j = 0; j < 8; j++)
		a[j] ^= y[j];
	mix_columns_planes(a);
}

static inline void
add_round_key(uint64_t a[8], const uint64_t k[8])
{
	int j;

	UNROLL
	for (j = 0; j < 8; j++)
		a[j] ^= k[j];
}

/* encrypt (inverse = 0) or decrypt nb <= 4 blocks together */
static void
crypt4(const aes_ctx *ctx, const uint8_t *in, uint8_t *out, unsigned nb,
    int inverse)
{
	const uint64_t (*rk)[8] = inverse ? ctx->bsdk : ctx->bsek;
	uint64_t w[8] = { 0 };
	unsigned r, k;

	for (k = 0; k < 2 * nb; k++)
		w[k] = crypto_load_le64(in + 8 * k);
	planes(w);
	add_round_key(w, rk[0]);
	for (r = 1; r <= ctx->rounds; r++) {
		if (inverse) {
			inv_sbox_planes(w);
			for (k = 0; k < 8; k++)
				w[k] = inv_shift_rows_plane(w[k]);
			if (r < ctx->rounds)
				inv_mix_columns_planes(w);
		} else {
			sbox_planes(w);
			for (k = 0; k < 8; k++)
				w[k] = shift_rows_plane(w[k]);
			if (r < ctx->rounds)
				mix_columns_planes(w);
		}
		add_round_key(w, rk[r]);
	}
	unplanes(w);
	for (k = 0; k < 2 * nb; k++)
		crypto_store_le64(out + 8 * k, w[k]);
	crypto_wipe(w, sizeof(w));
}

void
aes_encrypt_block(const aes_ctx *ctx, const uint8_t in[16], uint8_t out[16])
{
	crypt4(ctx, in, out, 1, 0);
}

void
aes_decrypt_block(const aes_ctx *ctx, const uint8_t in[16], uint8_t out[16])
{
	crypt4(ctx, in, out, 1, 1);
}

void
aes_encrypt_blocks(const aes_ctx *ctx, const uint8_t *in, uint8_t *out,
    size_t nblocks)
{
	while (nblocks) {
		unsigned n = nblocks < 4 ? (unsigned)nblocks : 4;
		crypt4(ctx, in, out, n, 0);
		in += 16 * n;
		out += 16 * n;
		nblocks -= n;
	}
}

void
aes_decrypt_blocks(const aes_ctx *ctx, const uint8_t *in, uint8_t *out,
    size_t nblocks)
{
	while (nblocks) {
		unsigned n = nblocks < 4 ? (unsigned)nblocks : 4;
		crypt4(ctx, in, out, n, 1);
		in += 16 * n;
		out += 16 * n;
		nblocks -= n;
	}
}

void
aes_wipe(aes_ctx *ctx)
{
	if (ctx != NULL)
		crypto_wipe(ctx, sizeof(*ctx));
}

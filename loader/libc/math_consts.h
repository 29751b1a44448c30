/* Sanpo libc: constants for the math functions, generated (Python, exact
 * integer/decimal arithmetic) -- hi/lo double-double pairs. */
#ifndef SANPO_LIBC_MATH_CONSTS_H
#define SANPO_LIBC_MATH_CONSTS_H
#include "math_dd.h"
static const dd DD_PI = { 0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53 };
static const dd DD_PIO2 = { 0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54 };
static const dd DD_LN2 = { 0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56 };
static const dd DD_INV_LN2 = { 0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56 };
static const dd DD_INV_LN10 = { 0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57 };
static const dd DD_LN10 = { 0x1.26bb1bbb55516p+1, -0x1.f48ad494ea3e9p-53 };
/* bits 1..1280 of 2/pi after the binary point, most significant first */
static const uint32_t TWO_OVER_PI[40] = {
	0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041,
	0xfe5163ab, 0xdebbc561, 0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c,
	0xfe1deb1c, 0xb129a73e, 0xe88235f5, 0x2ebb4484, 0xe99c7026, 0xb45f7e41,
	0x3991d639, 0x835339f4, 0x9c845f8b, 0xbdf9283b, 0x1ff897ff, 0xde05980f,
	0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7, 0x4f463f66, 0x9e5fea2d,
	0x7527bac7, 0xebe5f17b, 0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1, 0x1f8d5d08,
	0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9af4361d,
};
#endif

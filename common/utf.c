/*
 * UTF-8 <-> UTF-16 for on-disk names (include/sanpo/utf.h).  Freestanding:
 * built into the kernel and the host tests.
 */
#include <sanpo/utf.h>

int
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const uint8_t *p = (const uint8_t *)s;
	uint32_t c, min;
	int n, i;

	if (len == 0)
		return (-1);
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return (1);
	}
	if ((c & 0xe0) == 0xc0) {
		n = 2; c &= 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3; c &= 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4; c &= 0x07; min = 0x10000;
	} else
		return (-1);
	if ((size_t)n > len)
		return (-1);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (-1);
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (-1);
	*cp = c;
	return (n);
}

int
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return (1);
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return (3);
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return (4);
}

int
utf16_to_utf8(const uint16_t *src, size_t n, char *dst, size_t dstsize)
{
	size_t i, o = 0;
	uint32_t cp;
	char tmp[4];
	int k;

	for (i = 0; i < n && src[i] != 0; i++) {
		cp = src[i];
		if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n &&
		    src[i + 1] >= 0xdc00 && src[i + 1] <= 0xdfff) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (src[i + 1] - 0xdc00);
			i++;
		} else if (cp >= 0xd800 && cp <= 0xdfff)
			cp = UTF_REPLACEMENT;
		k = utf8_encode(cp, tmp);
		if (o + (size_t)k + 1 > dstsize)
			return (-1);
		for (int j = 0; j < k; j++)
			dst[o++] = tmp[j];
	}
	if (o + 1 > dstsize)
		return (-1);
	dst[o] = '\0';
	return ((int)o);
}

int
utf8_to_utf16(const char *src, size_t len, uint16_t *dst, size_t max)
{
	size_t i = 0, o = 0;
	uint32_t cp;
	int k;

	while (i < len) {
		if ((k = utf8_decode(src + i, len - i, &cp)) < 0)
			return (-1);
		i += (size_t)k;
		if (cp >= 0x10000) {
			if (o + 2 > max)
				return (-1);
			cp -= 0x10000;
			dst[o++] = (uint16_t)(0xd800 + (cp >> 10));
			dst[o++] = (uint16_t)(0xdc00 + (cp & 0x3ff));
		} else {
			if (o + 1 > max)
				return (-1);
			dst[o++] = (uint16_t)cp;
		}
	}
	return ((int)o);
}

/* Host test: sanpo string.h / ctype.h / small stdlib functions vs glibc on
 * random inputs.  usage: test_string N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <locale.h>
#include "sanpo_libc.h"

static long checked, bad;

#define CHECK(cond, ...) do { \
		checked++; \
		if (!(cond) && bad++ < 30) { \
			printf("MISMATCH "); \
			printf(__VA_ARGS__); \
			printf("\n"); \
		} \
	} while (0)

static int sgn(int x)
{
	return (x > 0) - (x < 0);
}

/* random string over a small alphabet (so matches happen), NUL-terminated */
static void rstr(char *s, size_t maxlen)
{
	static const char alpha[] = "abcab\x80\xff\x01 ";
	size_t n = rnd(maxlen);

	for (size_t i = 0; i < n; i++)
		s[i] = alpha[rnd(sizeof alpha - 1)];
	s[n] = 0;
}

static char captured[512];
static size_t ncaptured;

static void capture(const char *s, size_t n)
{
	while (n-- && ncaptured < sizeof captured - 1)
		captured[ncaptured++] = *s++;
	captured[ncaptured] = 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;

	for (long it = 0; it < n; it++) {
		char a[80], b[80], c[80];
		rstr(a, 40);
		rstr(b, 8);
		if (rnd(4) == 0)
			strcpy(b, a + rnd(strlen(a) + 1));	/* a suffix: found */
		size_t la = strlen(a);

		CHECK(sanpo_strlen(a) == la, "strlen");
		CHECK(sgn(sanpo_strcmp(a, b)) == sgn(strcmp(a, b)), "strcmp(%s,%s)", a, b);
		CHECK(sgn(sanpo_strcoll(a, b)) == sgn(strcmp(a, b)), "strcoll");
		size_t k = rnd(45);
		CHECK(sgn(sanpo_strncmp(a, b, k)) == sgn(strncmp(a, b, k)), "strncmp");
		int ch = rnd(5) == 0 ? 0 : (int)(unsigned char)"abc\x80\xff "[rnd(6)];
		if (rnd(10) == 0)
			ch += 256;	/* converted to char */
		CHECK(sanpo_strchr(a, ch) == strchr(a, ch), "strchr(%d)", ch);
		CHECK(sanpo_strrchr(a, ch) == strrchr(a, ch), "strrchr(%d)", ch);
		CHECK(sanpo_memchr(a, ch, la) == memchr(a, ch, la), "memchr");
		CHECK(sanpo_strstr(a, b) == strstr(a, b), "strstr(%s,%s)", a, b);
		CHECK(sanpo_strpbrk(a, b) == strpbrk(a, b), "strpbrk");
		CHECK(sanpo_strspn(a, b) == strspn(a, b), "strspn");
		CHECK(sanpo_strcspn(a, b) == strcspn(a, b), "strcspn");
		size_t m = rnd(41);
		CHECK(sgn(sanpo_memcmp(a, b, m < sizeof b ? (m < 9 ? m : 9) : 0)) ==
		      sgn(memcmp(a, b, m < sizeof b ? (m < 9 ? m : 9) : 0)), "memcmp");

		/* copies: compare whole buffers, including what is untouched */
		char g[128], s[128];
		memset(g, 'Z', sizeof g);
		memset(s, 'Z', sizeof s);
		size_t off = rnd(8), len = rnd(60);
		CHECK(sanpo_memcpy(s + off, a, len < la ? len : la) == s + off, "memcpy ret");
		memcpy(g + off, a, len < la ? len : la);
		CHECK(memcmp(g, s, sizeof g) == 0, "memcpy");
		int val = (int)rnd(256);
		CHECK(sanpo_memset(s + off, val, len) == s + off, "memset ret");
		memset(g + off, val, len);
		CHECK(memcmp(g, s, sizeof g) == 0, "memset");
		size_t src = rnd(40), dst = rnd(40), mlen = rnd(60);
		CHECK(sanpo_memmove(s + dst, s + src, mlen) == s + dst, "memmove ret");
		memmove(g + dst, g + src, mlen);
		CHECK(memcmp(g, s, sizeof g) == 0, "memmove %zu %zu %zu", src, dst, mlen);
		CHECK(sanpo_strcpy(s + off, a) == s + off, "strcpy ret");
		strcpy(g + off, a);
		CHECK(memcmp(g, s, sizeof g) == 0, "strcpy");
		size_t nn = rnd(60);
		memset(g, 'Q', sizeof g);
		memset(s, 'Q', sizeof s);
		CHECK(sanpo_strncpy(s, a, nn) == s, "strncpy ret");
		strncpy(g, a, nn);
		CHECK(memcmp(g, s, sizeof g) == 0, "strncpy %zu", nn);
		/* strlcpy (not in this glibc): the reference is spelled out */
		memset(g, 'Q', sizeof g);
		memset(s, 'Q', sizeof s);
		CHECK(sanpo_strlcpy(s, a, nn) == strlen(a), "strlcpy ret");
		if (nn > 0) {
			size_t k = strlen(a) < nn - 1 ? strlen(a) : nn - 1;

			memcpy(g, a, k);
			g[k] = '\0';
		}
		CHECK(memcmp(g, s, sizeof g) == 0, "strlcpy %zu", nn);
		rstr(c, 30);
		strcpy(g, c);
		strcpy(s, c);
		CHECK(sanpo_strcat(s, a) == s, "strcat ret");
		strcat(g, a);
		CHECK(strcmp(g, s) == 0, "strcat");
	}

	/* ctype: every argument EOF..255 in the C locale */
	setlocale(LC_ALL, "C");
	for (int c = -1; c < 256; c++) {
#define CT(f) CHECK(!sanpo_##f(c) == !f(c), #f "(%d)", c)
		CT(isalpha); CT(isdigit); CT(isxdigit); CT(isspace); CT(isupper);
		CT(islower); CT(isalnum); CT(ispunct); CT(iscntrl); CT(isgraph);
		CT(isprint); CT(isblank);
		CHECK(sanpo_tolower(c) == tolower(c), "tolower(%d)", c);
		CHECK(sanpo_toupper(c) == toupper(c), "toupper(%d)", c);
	}

	/* strerror: the errno values we know, same text as glibc */
	static const int errs[] = { EPERM, ENOENT, EIO, EBADF, ENOMEM, EACCES,
				    EEXIST, EINVAL, ENOSPC, EDOM, ERANGE, ENOSYS };
	for (size_t i = 0; i < sizeof errs / sizeof *errs; i++)
		CHECK(strcmp(sanpo_strerror(errs[i]), strerror(errs[i])) == 0,
		      "strerror(%d): %s", errs[i], sanpo_strerror(errs[i]));
	CHECK(sanpo_strerror(12345) != NULL, "strerror(unknown)");

	/* misc */
	CHECK(strcmp(sanpo_localeconv()->decimal_point, ".") == 0, "localeconv");
	CHECK(sanpo_getenv("PATH") == NULL, "getenv");
	CHECK(sanpo_abs(-5) == 5 && sanpo_labs(-7L) == 7 && sanpo_llabs(-9LL) == 9, "abs");
	CHECK(sanpo_atoi(" -123x") == -123, "atoi");
	for (int t = 0; t < 200; t++) {
		int arr[300], ref[300];
		int cnt = (int)rnd(300);
		for (int i = 0; i < cnt; i++)
			arr[i] = ref[i] = (int)rnd(50) - 25;
		sanpo_qsort(arr, (size_t)cnt, sizeof *arr, cmp_int);
		qsort(ref, (size_t)cnt, sizeof *ref, cmp_int);
		CHECK(memcmp(arr, ref, sizeof(int) * (size_t)cnt) == 0, "qsort %d", cnt);
	}

	/* stdout/stderr go to the output hook; no hook: silently dropped */
	sanpo_printf("dropped");
	sanpo_libc_set_output(capture);
	CHECK(sanpo_printf("%d-%s|", 42, "x") == 5, "printf count");
	sanpo_fputs("fputs|", sanpo_stdout);
	sanpo_fwrite("fwrite|", 1, 7, sanpo_stderr);
	sanpo_fprintf(sanpo_stderr, "%.3f|", 2.5);
	sanpo_puts("puts");
	sanpo_putchar('!');
	CHECK(strcmp(captured, "42-x|fputs|fwrite|2.500|puts\n!") == 0, "output hook got [%s]", captured);
	CHECK(sanpo_fopen("/x", "r") == NULL && sanpo_errno == ENOENT, "fopen stub");
	CHECK(sanpo_getc(sanpo_stdin) == EOF, "stdin at EOF");

	printf("string/ctype: %ld random cases, %ld comparisons, %ld mismatches\n",
	       n, checked, bad);
	return bad != 0;
}

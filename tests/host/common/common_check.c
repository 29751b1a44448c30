/*
 * Host driver for the common library (common/): each subcommand exercises
 * one piece and prints what it did, for tests/host/test_common.py to
 * compare against a reference (sh, glibc, a Python model).
 *
 *   cmdline              stdin lines -> each command's words as <w><w>,
 *                        one command a line, "---" after each input line
 *   getopt N SEED        N random argvs through getopt_r and glibc's
 *                        getopt (POSIX mode); prints the mismatch count
 *   parse                stdin requests -> "ok VALUE" / "err" per line:
 *                          uint BASE MAX TEXT | fixed DIGITS MAX TEXT |
 *                          hex MAX TEXT | ipv4 TEXT
 *   lineedit FLAGS SLOTS SIZE KEYS...
 *                        reads lines from the concatenated KEYS (C
 *                        escapes: \xNN) until input ends; prints each
 *                        result and, at the end, the echo as hex
 *   lineedit-batch FLAGS SLOTS SIZE
 *                        the same for each stdin line, "===" after each
 *   printf N SEED        N random integer/string formats through
 *                        ksnprintf and glibc's snprintf; mismatch count
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sanpo/cmdline.h>
#include <sanpo/getopt.h>
#include <sanpo/kvprintf.h>
#include <sanpo/lineedit.h>
#include <sanpo/parse.h>

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (rng_state);
}

/* ---- cmdline ---- */

/* One command: its words; a command named STOP takes the rest of the line. */
static int
print_words(int argc, char **argv, char **rest, void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < argc; i++)
		printf("<%s>", argv[i]);
	printf("\n");
	if (strcmp(argv[0], "STOP") == 0)
		*rest = NULL;
	return (argc);
}

static int
do_cmdline(void)
{
	char line[4096], *argv[9];
	int error, status;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		error = cmdline_run(line, argv, 8, print_words, NULL, &status);
		if (error != 0)
			printf("error %s\n", cmdline_strerror(error));
		else if (status != 0 && argv[status] != NULL)
			printf("bad status\n");	/* the last command's argc */
		printf("---\n");
	}
	return (0);
}

/* ---- getopt ---- */

static const char *go_words[] = {
	"-a", "-b", "-ab", "-ba", "-c", "-cX", "-ac", "-acY", "-z", "-az",
	"-", "--", "word", "-c:", "-:", "-bcc", "x-y", "-aaa", "",
};

static int
do_getopt(int n, uint64_t seed)
{
	static const char *optstrings[] = { "abc:", ":abc:", "ab", "c:" };
	int mismatches = 0, checks = 0;

	rng_state = seed | 1;
	opterr = 0;
	for (int t = 0; t < n; t++) {
		char *argv[8], *argv2[8];
		int argc = 1 + (int)(rng() % 6);
		const char *os = optstrings[rng() % 4];
		char glibc_os[16];
		struct getopt_state g = GETOPT_INIT;
		int a, b;

		argv[0] = argv2[0] = "prog";
		for (int i = 1; i < argc; i++)
			argv[i] = argv2[i] = (char *)go_words[rng() % (sizeof(go_words) /
			    sizeof(go_words[0]))];
		argv[argc] = argv2[argc] = NULL;
		/* glibc: '+' for POSIX (stop at the first operand); a ':' after it
		 * still asks for ':' on a missing argument. */
		snprintf(glibc_os, sizeof(glibc_os), "+%s", os);
		optind = 0;
		for (;;) {
			a = getopt(argc, argv2, glibc_os);
			b = getopt_r(&g, argc, argv, os);
			checks++;
			if (a != b || (a != -1 && (a == '?' || a == ':' ? optopt != g.opt :
			    (optarg == NULL) != (g.arg == NULL) ||
			    (optarg != NULL && strcmp(optarg, g.arg) != 0)))) {
				if (mismatches++ < 10) {
					printf("mismatch (%s):", os);
					for (int i = 1; i < argc; i++)
						printf(" '%s'", argv[i]);
					printf(": glibc %d, ours %d\n", a, b);
				}
				break;
			}
			if (a == -1) {
				if (optind != g.ind && mismatches++ < 10)
					printf("mismatch: optind %d, ours %d\n", optind, g.ind);
				break;
			}
			if ((a == '?' || a == ':') && strstr(g.err, " -- ") == NULL &&
			    mismatches++ < 10)
				printf("no message for '%c'\n", a);
		}
	}
	printf("getopt: %d comparisons, %d mismatches\n", checks, mismatches);
	return (mismatches != 0);
}

/* ---- parse ---- */

static int
do_parse(void)
{
	char line[4096], kind[16], text[4000];
	uint64_t v, max;
	uint8_t buf[256];
	size_t len;
	int base, n, pos;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		text[0] = '\0';
		if (sscanf(line, "%15s", kind) != 1)
			continue;
		if (strcmp(kind, "uint") == 0 || strcmp(kind, "fixed") == 0) {
			/* The text is everything after one blank: it may hold blanks. */
			pos = -1;
			n = sscanf(line, "%*s %d %" SCNu64 "%n", &base, &max, &pos);
			if (n < 2 || pos < 0)
				return (2);
			snprintf(text, sizeof(text), "%s", line[pos] != '\0' ? line + pos + 1 : "");
			if ((kind[0] == 'u' ? parse_uint(text, base, max, &v) :
			    parse_fixed(text, base, max, &v)) == 0)
				printf("ok %" PRIu64 "\n", v);
			else
				printf("err\n");
		} else if (strcmp(kind, "hex") == 0) {
			pos = -1;
			n = sscanf(line, "%*s %" SCNu64 "%n", &max, &pos);
			if (n < 1 || pos < 0 || max > sizeof(buf))
				return (2);
			snprintf(text, sizeof(text), "%s", line[pos] != '\0' ? line + pos + 1 : "");
			if (parse_hex(text, buf, (size_t)max, &len) == 0) {
				printf("ok ");
				for (size_t i = 0; i < len; i++)
					printf("%02x", buf[i]);
				printf("\n");
			} else
				printf("err\n");
		} else if (strcmp(kind, "ipv4") == 0) {
			const char *s = line + 5;
			uint32_t a;

			if (strlen(line) < 5)
				s = "";
			if (parse_ipv4(&s, &a) == 0)
				printf("ok %" PRIu32 " %s\n", a, s);
			else
				printf("err\n");
		} else
			return (2);
	}
	return (0);
}

/* ---- lineedit ---- */

struct keys {
	const unsigned char *p;	/* next key */
	size_t		 left;	/* keys left */
	char		 echo[65536];
	size_t		 nechoed;
};

static int
keys_getc(void *arg)
{
	struct keys *k = arg;

	if (k->left == 0)
		return (-1);
	k->left--;
	return (*k->p++);
}

static void
keys_putc(int c, void *arg)
{
	struct keys *k = arg;

	if (k->nechoed < sizeof(k->echo))
		k->echo[k->nechoed++] = (char)c;
}

/* C-style escapes: \xNN, \n, \r, \t, \\ */
static size_t
unescape(const char *s, unsigned char *out)
{
	size_t n = 0;

	while (*s != '\0') {
		if (s[0] == '\\' && s[1] == 'x' && isxdigit((unsigned char)s[2]) &&
		    isxdigit((unsigned char)s[3])) {
			out[n++] = (unsigned char)(parse_hexdigit(s[2]) << 4 |
			    parse_hexdigit(s[3]));
			s += 4;
		} else if (s[0] == '\\' && s[1] != '\0') {
			out[n++] = s[1] == 'n' ? '\n' : s[1] == 'r' ? '\r' :
			    s[1] == 't' ? '\t' : (unsigned char)s[1];
			s += 2;
		} else
			out[n++] = (unsigned char)*s++;
	}
	return (n);
}

/* One session: lines read from the keys until they run out, then the echo. */
static void
lineedit_session(int flags, int slots, int size, const unsigned char *input, size_t n)
{
	static struct keys k;
	char *store = calloc((size_t)(slots > 0 ? slots : 1), (size_t)size);
	char *line = malloc((size_t)size);
	struct lineedit_history h = { store, slots, (size_t)size, 0, 0 };
	struct lineedit le = { keys_getc, keys_putc, &k, slots > 0 ? &h : NULL, flags };
	int r;

	k.p = input;
	k.left = n;
	k.nechoed = 0;
	for (;;) {
		r = lineedit_read(&le, line, (size_t)size);
		if (r >= 0) {
			if ((size_t)r != strlen(line))
				printf("length %d != strlen %zu\n", r, strlen(line));
			printf("line <%s>\n", line);
			lineedit_history_add(&h, line);
		} else if (r == LINEEDIT_INTR)
			printf("intr <%s>\n", line);
		else {
			printf("eof <%s>\n", line);
			if (k.left == 0)
				break;
		}
	}
	printf("echo ");
	for (size_t i = 0; i < k.nechoed; i++)
		printf("%02x", (unsigned char)k.echo[i]);
	printf("\n");
	free(store);
	free(line);
}

/* lineedit FLAGS SLOTS SIZE KEYS...: one session of the keys together;
 * lineedit-batch FLAGS SLOTS SIZE: a session per stdin line, "===" after. */
static int
do_lineedit(int argc, char **argv, int batch)
{
	static unsigned char input[65536];
	static char text[65536];
	int flags = atoi(argv[0]), slots = atoi(argv[1]), size = atoi(argv[2]);
	size_t n = 0;

	if (!batch) {
		for (int i = 3; i < argc; i++)
			n += unescape(argv[i], input + n);
		lineedit_session(flags, slots, size, input, n);
		return (0);
	}
	while (fgets(text, sizeof(text), stdin) != NULL) {
		text[strcspn(text, "\n")] = '\0';
		n = unescape(text, input);
		lineedit_session(flags, slots, size, input, n);
		printf("===\n");
	}
	return (0);
}

/* ---- printf (the kernel's build: no floating conversions) ---- */

static int
do_printf(int n, uint64_t seed)
{
	static const char *convs[] = { "d", "i", "u", "o", "x", "X", "c", "s", "p",
	    "hhd", "hd", "ld", "lld", "zu", "jd", "td", "hhx", "lx", "llo", "%" };
	static const char *flagset = "-+ #0";
	static const char *strs[] = { "", "a", "hello", "with space", NULL };
	int mismatches = 0, checks = 0;

	rng_state = seed | 1;
	for (int t = 0; t < n; t++) {
		char fmt[64], a[512], b[512];
		size_t fl = 1;
		const char *conv = convs[rng() % (sizeof(convs) / sizeof(convs[0]))];
		long long v = (long long)rng();
		int ra, rb;

		fmt[0] = '%';
		for (int i = (int)(rng() % 4); i > 0; i--)
			fmt[fl++] = flagset[rng() % 5];
		fmt[fl] = '\0';
		if (rng() % 2)
			fl += (size_t)sprintf(fmt + fl, "%d", (int)(rng() % 30));
		if (rng() % 3 == 0)
			fl += (size_t)sprintf(fmt + fl, ".%d", (int)(rng() % 25));
		snprintf(fmt + fl, sizeof(fmt) - fl, "%s|", conv);
		if (rng() % 4 == 0)
			v = (long long)(rng() % 300) - 150;
		/* glibc warns about some flag/conversion mixes; both must agree anyway */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat"
		if (conv[0] == 's') {
			const char *s = strs[rng() % 5];

			if (s == NULL && strchr(fmt, '.') != NULL)
				s = "x";	/* glibc's NULL with a precision is its own quirk */
			ra = snprintf(a, sizeof(a), fmt, s);
			rb = ksnprintf(b, sizeof(b), fmt, s);
		} else if (conv[0] == 'p') {
			void *p = rng() % 4 ? (void *)(uintptr_t)v : NULL;

			ra = snprintf(a, sizeof(a), fmt, p);
			rb = ksnprintf(b, sizeof(b), fmt, p);
		} else if (conv[0] == 'c') {
			ra = snprintf(a, sizeof(a), fmt, (int)(v & 0x7f) | 0x20);
			rb = ksnprintf(b, sizeof(b), fmt, (int)(v & 0x7f) | 0x20);
		} else if (strchr(conv, 'l') || conv[0] == 'z' || conv[0] == 'j' ||
		    conv[0] == 't') {
			ra = snprintf(a, sizeof(a), fmt, v);
			rb = ksnprintf(b, sizeof(b), fmt, v);
		} else {
			ra = snprintf(a, sizeof(a), fmt, (int)v);
			rb = ksnprintf(b, sizeof(b), fmt, (int)v);
		}
#pragma GCC diagnostic pop
		checks++;
		if (ra != rb || strcmp(a, b) != 0) {
			if (mismatches++ < 10)
				printf("mismatch %s: glibc '%s' (%d), ours '%s' (%d)\n", fmt,
				    a, ra, b, rb);
		}
	}
	/* A few fixed ones: truncation, the wanted length, %n, the float '?' */
	{
		char small[5];
		int count = -1;

		checks += 3;
		if (ksnprintf(small, sizeof(small), "%s", "abcdefgh") != 8 ||
		    strcmp(small, "abcd") != 0)
			mismatches++, printf("truncation: '%s'\n", small);
		if (ksnprintf(small, sizeof(small), "ab%ncd", &count) != 4 || count != 2)
			mismatches++, printf("%%n: %d\n", count);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
		if (ksnprintf(small, sizeof(small), "%y") != 2 || strcmp(small, "%y") != 0)
			mismatches++, printf("unknown: '%s'\n", small);
		checks++;
		if (ksnprintf(small, sizeof(small), "%f") != 1 || strcmp(small, "?") != 0)
			mismatches++, printf("float without KVPRINTF_FLOAT: '%s'\n", small);
#pragma GCC diagnostic pop
	}
	printf("printf: %d comparisons, %d mismatches\n", checks, mismatches);
	return (mismatches != 0);
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "cmdline") == 0)
		return (do_cmdline());
	if (argc == 4 && strcmp(argv[1], "getopt") == 0)
		return (do_getopt(atoi(argv[2]), strtoull(argv[3], NULL, 0)));
	if (argc >= 2 && strcmp(argv[1], "parse") == 0)
		return (do_parse());
	if (argc >= 5 && strcmp(argv[1], "lineedit") == 0)
		return (do_lineedit(argc - 2, argv + 2, 0));
	if (argc == 5 && strcmp(argv[1], "lineedit-batch") == 0)
		return (do_lineedit(argc - 2, argv + 2, 1));
	if (argc == 4 && strcmp(argv[1], "printf") == 0)
		return (do_printf(atoi(argv[2]), strtoull(argv[3], NULL, 0)));
	fprintf(stderr, "usage: common_check cmdline|getopt|parse|lineedit|printf ...\n");
	return (2);
}

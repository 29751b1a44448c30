/*
 * Lua smoke test: Lua 5.4 built freestanding against loader/libc (the
 * loader's flags and headers), as a static Linux program with no glibc at
 * all.  It plays the loader's part: heap arena, output hook, abort hook,
 * time() and clock().  Runs the Lua chunk given as argv[1]; the test
 * compares what it prints with Debian's lua5.4 (glibc) on the same chunk.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

static long sys3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

static void out(const char *s, size_t n)
{
	while (n) {
		long w = sys3(1, 1, (long)s, (long)n);	/* write(1, ...) */
		if (w <= 0)
			break;
		s += w;
		n -= (size_t)w;
	}
}

static _Noreturn void die(int code)
{
	for (;;)
		sys3(231, code, 0, 0);			/* exit_group */
}

static void on_abort(void)
{
	out("ABORT\n", 6);
	die(134);
}

/* the hooks the loader provides */
time_t time(time_t *t)
{
	if (t)
		*t = 0;
	return 0;
}

clock_t clock(void)
{
	return 0;
}

/* Lua's "stack overflow" test needs ~60 MB (a 16 MB stack plus a
 * CallInfo per frame); less memory turns it into "not enough memory". */
static unsigned char heap[256 << 20];

static const luaL_Reg libs[] = {
	{ LUA_GNAME, luaopen_base },
	{ LUA_COLIBNAME, luaopen_coroutine },
	{ LUA_TABLIBNAME, luaopen_table },
	{ LUA_STRLIBNAME, luaopen_string },
	{ LUA_MATHLIBNAME, luaopen_math },
	{ LUA_UTF8LIBNAME, luaopen_utf8 },
	{ LUA_DBLIBNAME, luaopen_debug },
	{ NULL, NULL },
};

void smoke_main(long *sp);

void smoke_main(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	libc_set_output(out);
	libc_set_abort_hook(on_abort);
	libc_heap_init(heap, sizeof heap);
	if (argc < 2) {
		fputs("usage: lua_smoke CHUNK\n", stderr);
		die(2);
	}
	lua_State *L = luaL_newstate();
	if (L == NULL)
		die(3);
	for (const luaL_Reg *l = libs; l->func; l++) {
		luaL_requiref(L, l->name, l->func, 1);
		lua_pop(L, 1);
	}
	int rc = luaL_loadbufferx(L, argv[1], strlen(argv[1]), "@smoke.lua", "t");
	if (rc == LUA_OK)
		rc = lua_pcall(L, 0, LUA_MULTRET, 0);
	if (rc != LUA_OK) {
		printf("error: %s\n", lua_tostring(L, -1));
		die(1);
	}
	lua_close(L);
	struct libc_heap_stats st;
	libc_heap_stats(&st);
	if (st.n_alloc != 0) {
		printf("leak: %zu blocks after lua_close\n", st.n_alloc);
		die(4);
	}
	if (libc_heap_check() != 0) {
		printf("heap corrupted\n");
		die(5);
	}
	die(0);
}

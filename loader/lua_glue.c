/*
 * The embedded Lua 5.4 interpreter: its bounded heap, the libc hooks, the
 * start of /boot/lua/loader.lua, `require` over the boot volume, and the
 * hook that lets commands defined in Lua (the cli module's cli_execute)
 * take precedence over the built-in ones.
 *
 * Everything Lua does runs inside lua_pcall: an error anywhere ends as a
 * "file:line: message" on the console and, during start-up, as a fall back
 * to the built-in C prompt (see main.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#include "efi/efi_platform.h"
#include "loader/loader.h"
#include "loader/lua_glue.h"
#include "loader/arch/x86_64/cpufunc.h"

#define LUA_HEAP_BYTES	(48ULL << 20)
#define EFI_LOADER_DATA	2

/*
 * Lua -> command -> Lua ... at most this deep (loader.interpret, cli
 * commands, the lua command): each level costs loader stack -- Lua's own
 * C-call limit (LUAI_MAXCCALLS) alone let 118 levels pile up, where UEFI
 * only promises 128 KiB.
 */
#define LUA_NEST_MAX	8

static lua_State	*Lst;
static int		 lua_inside;	/* nested calls from Lua back into C commands */
uint64_t		 loader_lua_start_tsc, loader_lua_done_tsc, loader_lua_cmd_tsc;

/* --- what the libc and Lua need from the loader ------------------------- */
static void
out_bytes(const char *s, size_t n)
{
	while (n-- > 0)
		cons_putc((unsigned char)*s++);
}

static void
lua_abort_hook(void)
{
	printf("\nlua: unprotected error (panic); falling back to the built-in prompt\n");
	Lst = NULL;
	interact();
}

/*
 * Lua calls time() only for seeds (string hashes, math.random); reading the
 * RTC costs about a millisecond under emulation, so it is read once.
 * loader.time() reads the clock itself.
 */
time_t
time(time_t *t)
{
	static time_t boot_time;
	time_t now;

	if (boot_time == 0)
		boot_time = (time_t)plat_time();
	now = boot_time;

	if (t != NULL)
		*t = now;
	return (now);
}

clock_t
clock(void)
{
	/* Only seeds use it: TSC ticks scaled to about a microsecond. */
	return ((clock_t)(rdtsc() / 1000));
}

void
loader_libc_init(void)
{
	libc_set_output(out_bytes);
	libc_set_abort_hook(lua_abort_hook);
}

/* --- loading chunks from the boot volume -------------------------------- */
int
lua_loadfile_esp(lua_State *L, const char *path)
{
	char err[160];
	void *data;
	uint64_t size;
	int r;

	if (plat_file_read(path, &data, &size, LOADER_SCRIPT_LIMIT, err,
	    sizeof(err)) != 0) {
		lua_pushstring(L, err);
		return (LUA_ERRFILE);
	}
	lua_pushfstring(L, "@%s", path);
	r = luaL_loadbufferx(L, data, size, lua_tostring(L, -1), "t");
	lua_remove(L, -2);
	plat_free(data);
	return (r);
}

static int
l_loadfile(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);

	if (lua_loadfile_esp(L, path) != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return (2);
	}
	return (1);
}

static int
l_dofile(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);

	lua_settop(L, 1);
	if (lua_loadfile_esp(L, path) != LUA_OK)
		return (lua_error(L));
	lua_call(L, 0, LUA_MULTRET);
	return (lua_gettop(L) - 1);
}

/* require(name): package.loaded, then each "?" pattern of package.path. */
static int
l_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1), *path, *p, *q;
	luaL_Buffer tried;
	char file[256];
	size_t i, n;
	int r;

	lua_settop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);	/* 2 */
	lua_getfield(L, 2, name);
	if (lua_toboolean(L, -1))
		return (1);
	lua_pop(L, 1);
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "path");
	path = lua_tostring(L, -1);
	if (path == NULL)
		path = LOADER_LUA_PATH;
	luaL_buffinit(L, &tried);
	for (p = path; *p != '\0'; p = *q ? q + 1 : q) {
		for (q = p; *q != '\0' && *q != ';'; q++)
			;
		n = 0;
		for (const char *s = p; s < q && n + 1 < sizeof(file); s++) {
			if (*s == '?') {
				for (i = 0; name[i] != '\0' && n + 1 < sizeof(file); i++)
					file[n++] = name[i] == '.' ? '/' : name[i];
			} else
				file[n++] = *s;
		}
		file[n] = '\0';
		/* One open per try: a missing file is just the next pattern. */
		if (n == 0 || (r = lua_loadfile_esp(L, file)) == LUA_ERRFILE) {
			if (n != 0)
				lua_pop(L, 1);
			luaL_addstring(&tried, "\n\tno file '");
			luaL_addstring(&tried, file);
			luaL_addstring(&tried, "'");
			continue;
		}
		if (r != LUA_OK)
			return (luaL_error(L, "error loading module '%s':\n\t%s", name,
			    lua_tostring(L, -1)));
		lua_pushstring(L, name);
		lua_pushstring(L, file);
		lua_call(L, 2, 1);
		if (!lua_isnil(L, -1))
			lua_setfield(L, 2, name);
		else
			lua_pop(L, 1);
		lua_getfield(L, 2, name);
		if (lua_isnil(L, -1)) {
			lua_pushboolean(L, 1);
			lua_copy(L, -1, -2);
			lua_setfield(L, 2, name);
		}
		return (1);
	}
	luaL_pushresult(&tried);
	return (luaL_error(L, "module '%s' not found:%s", name, lua_tostring(L, -1)));
}

/* --- the state ------------------------------------------------------------ */
static int
traceback_msg(lua_State *L)
{
	/* Keep the message as Lua made it: "file:line: text". */
	if (!lua_isstring(L, 1))
		lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	return (1);
}

static lua_State *
state_new(void)
{
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base },
		{ LUA_COLIBNAME, luaopen_coroutine },
		{ LUA_TABLIBNAME, luaopen_table },
		{ LUA_STRLIBNAME, luaopen_string },
		{ LUA_MATHLIBNAME, luaopen_math },
		{ LUA_UTF8LIBNAME, luaopen_utf8 },
		{ "loader", luaopen_loader },
		{ "io", luaopen_io_sanpo },
		{ "lfs", luaopen_lfs },
		{ NULL, NULL },
	};
	static int heap_ready;
	uint64_t pa;
	lua_State *L;
	const luaL_Reg *lib;

	if (!heap_ready) {
		if (plat_alloc_pages(LUA_HEAP_BYTES, EFI_LOADER_DATA, 4096, &pa) != 0) {
			printf("lua: cannot allocate %llu MiB for the interpreter\n",
			    LUA_HEAP_BYTES >> 20);
			return (NULL);
		}
		libc_heap_init((void *)(uintptr_t)pa, LUA_HEAP_BYTES);
		heap_ready = 1;
	}
	if ((L = luaL_newstate()) == NULL) {
		printf("lua: cannot create the interpreter\n");
		return (NULL);
	}
	for (lib = libs; lib->func != NULL; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
	lua_register(L, "loadfile", l_loadfile);
	lua_register(L, "dofile", l_dofile);
	lua_register(L, "require", l_require);
	lua_newtable(L);
	lua_pushstring(L, LOADER_LUA_PATH);
	lua_setfield(L, -2, "path");
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_setfield(L, -2, "loaded");
	lua_setglobal(L, "package");
	return (L);
}

/* Runs the function under it on the stack with nargs; prints the error. */
static int
pcall_report(lua_State *L, int nargs, int nres)
{
	int base = lua_gettop(L) - nargs, r;

	lua_pushcfunction(L, traceback_msg);
	lua_insert(L, base);
	lua_inside++;
	r = lua_pcall(L, nargs, nres, base);
	lua_inside--;
	lua_remove(L, base);
	if (r != LUA_OK) {
		printf("%s\n", lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	return (r);
}

int
lua_start(void)
{
	struct plat_dirent de;
	lua_State *L;
	int r;

	if (plat_stat(LOADER_LUA_ENTRY, &de) != 0) {
		printf("%s: no such file; using the built-in prompt\n", LOADER_LUA_ENTRY);
		return (-1);
	}
	loader_lua_start_tsc = rdtsc();
	if ((L = state_new()) == NULL)
		return (-1);
	Lst = L;
	if (lua_loadfile_esp(L, LOADER_LUA_ENTRY) != LUA_OK) {
		printf("%s\n", lua_tostring(L, -1));
		goto fail;
	}
	/*
	 * No collection while the scripts start (they allocate little, and
	 * start-up time counts); it resumes when they wait for a key
	 * (lua_lib.c) or return.  Running out of memory still collects.
	 */
	lua_gc(L, LUA_GCSTOP);
	r = pcall_report(L, 0, 0);
	lua_gc(L, LUA_GCRESTART);
	if (r != LUA_OK)
		goto fail;
	if (loader_lua_done_tsc == 0)
		loader_lua_done_tsc = rdtsc();
	return (0);
fail:
	printf("lua: %s failed; falling back to the built-in prompt\n", LOADER_LUA_ENTRY);
	Lst = NULL;
	lua_close(L);
	return (-1);
}

int
lua_active(void)
{
	return (Lst != NULL);
}

/*
 * The prompt's hook: if the scripts define cli_execute, it gets the words
 * of the line (FreeBSD's convention); returns -1 when Lua is not handling
 * commands, else the command's status.
 */
int
lua_cli_execute(int argc, char **argv)
{
	lua_State *L = Lst;
	int i, r;

	if (L == NULL || lua_inside > LUA_NEST_MAX)
		return (-1);
	if (lua_getglobal(L, "cli_execute") != LUA_TFUNCTION) {
		lua_pop(L, 1);
		return (-1);
	}
	for (i = 0; i < argc; i++)
		lua_pushstring(L, argv[i]);
	if (pcall_report(L, argc, 1) != LUA_OK)
		return (1);
	r = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
	lua_pop(L, 1);
	return (r);
}

/*
 * A line typed at the prompt (or given to loader.interpret) that is a Lua
 * chunk runs as one, as on FreeBSD; -1 when it is not Lua (a command).
 */
int
lua_interpret(const char *line)
{
	lua_State *L = Lst;

	if (L == NULL || lua_inside > LUA_NEST_MAX)
		return (-1);
	if (luaL_loadbufferx(L, line, strlen(line), "=lua", "t") != LUA_OK) {
		lua_pop(L, 1);
		return (-1);
	}
	return (pcall_report(L, 0, 0) == LUA_OK ? 0 : 1);
}

/* The `lua chunk` command: runs it, prints what it returns or its error. */
int
lua_run_chunk(const char *chunk)
{
	lua_State *L = Lst;
	int r, top;
	static lua_State *own;

	if (lua_inside > LUA_NEST_MAX) {	/* lua -> loader.command('lua', ...) -> ... */
		printf("lua: Lua and commands nested more than %d deep, not run\n",
		    LUA_NEST_MAX);
		command_set_error("Lua and commands nested more than %d deep", LUA_NEST_MAX);
		return (1);
	}
	if (L == NULL) {
		if (own == NULL && (own = state_new()) == NULL)
			return (1);
		L = own;
	}
	top = lua_gettop(L);
	/* As the stand-alone lua does: try "return chunk" first. */
	lua_pushfstring(L, "return %s", chunk);
	r = luaL_loadbufferx(L, lua_tostring(L, -1), strlen(lua_tostring(L, -1)),
	    "=lua", "t");
	lua_remove(L, -2);
	if (r != LUA_OK) {
		lua_pop(L, 1);
		r = luaL_loadbufferx(L, chunk, strlen(chunk), "=lua", "t");
	}
	if (r != LUA_OK) {
		printf("%s\n", lua_tostring(L, -1));
		lua_settop(L, top);
		return (1);
	}
	r = pcall_report(L, 0, LUA_MULTRET);
	if (r != LUA_OK) {
		lua_settop(L, top);
		return (1);
	}
	if (lua_gettop(L) > top) {
		lua_getglobal(L, "print");
		lua_insert(L, top + 1);
		pcall_report(L, lua_gettop(L) - top - 1, 0);
	}
	lua_settop(L, top);
	return (0);
}

/* A command the cli module defines (cli.name is a function). */
int
lua_has_command(const char *name)
{
	lua_State *L = Lst;
	int r = 0;

	if (L == NULL)
		return (0);
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	if (lua_getfield(L, -1, "cli") == LUA_TTABLE)
		r = lua_getfield(L, -1, name) == LUA_TFUNCTION, lua_pop(L, 1);
	lua_pop(L, 2);
	return (r);
}

/* help's list of the commands the scripts add. */
void
lua_help(void)
{
	lua_State *L = Lst;

	if (L == NULL)
		return;
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	if (lua_getfield(L, -1, "cli") == LUA_TTABLE) {
		lua_pushnil(L);
		while (lua_next(L, -2) != 0) {
			if (lua_type(L, -2) == LUA_TSTRING && lua_isfunction(L, -1))
				printf("  %-34s (defined in Lua)\n", lua_tostring(L, -2));
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 2);
}

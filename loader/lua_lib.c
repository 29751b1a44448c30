/*
 * Sanpo's Lua modules, with FreeBSD's names and semantics (loader.lua(8),
 * lfs, the loader's io subset) so that FreeBSD-style scripts run:
 *
 *   loader.getenv/setenv/unsetenv, perform(line), command(argv...),
 *   interpret(line), parse(line), command_error(), delay(us), time(),
 *   exit(status), printc(s), has_command(name), has_feature(name),
 *   version, lua_path, machine, machine_arch; Sanpo adds boot(kernel, flags),
 *   reboot(), poweroff(), kernels() and modules().
 *   io.write, io.getchar, io.ischar, io.open/read/lines/close (ESP files,
 *   read only), io.gets.
 *   lfs.dir(path), lfs.attributes(path [, field]).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "efi/efi_platform.h"
#include "loader.h"
#include "lua_glue.h"
#include "arch/x86_64/cpufunc.h"

/* --- loader ---------------------------------------------------------------- */
static int
l_getenv(lua_State *L)
{
	const char *v = env_get(luaL_checkstring(L, 1));

	if (v == NULL)
		lua_pushnil(L);
	else
		lua_pushstring(L, v);
	return (1);
}

static int
l_setenv(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	const char *value = luaL_checkstring(L, 2);

	lua_pushinteger(L, env_set(name, value) == 0 ? 0 : 1);
	return (1);
}

static int
l_unsetenv(lua_State *L)
{
	lua_pushinteger(L, env_unset(luaL_checkstring(L, 1)) == 0 ? 0 : 1);
	return (1);
}

static int
l_perform(lua_State *L)
{
	lua_pushinteger(L, command_builtin_line(luaL_checkstring(L, 1)));
	return (1);
}

static int
l_interpret(lua_State *L)
{
	lua_pushinteger(L, command_execute(luaL_checkstring(L, 1)));
	return (1);
}

static int
l_command(lua_State *L)
{
	char *argv[33];
	int argc = lua_gettop(L), i;

	if (argc < 1 || argc > 32)
		return (luaL_error(L, "loader.command: 1 to 32 arguments"));
	for (i = 0; i < argc; i++)
		argv[i] = (char *)luaL_checkstring(L, i + 1);
	argv[argc] = NULL;
	lua_pushinteger(L, command_builtin(argc, argv));
	return (1);
}

/* parse(line): the words of a command line, as the prompt splits them. */
static int
l_parse(lua_State *L)
{
	char buf[512], *argv[33];
	const char *s = luaL_checkstring(L, 1);
	int argc, i;

	if (strlen(s) >= sizeof(buf))
		return (luaL_error(L, "loader.parse: line too long"));
	strcpy(buf, s);
	argc = command_tokenize(buf, argv, 32);
	if (argc < 0)
		return (luaL_error(L, "loader.parse: too many words"));
	for (i = 0; i < argc; i++)
		lua_pushstring(L, argv[i]);
	return (argc);
}

static int
l_command_error(lua_State *L)
{
	lua_pushstring(L, command_errmsg);
	return (1);
}

static int
l_delay(lua_State *L)
{
	lua_Integer us = luaL_checkinteger(L, 1);

	if (us > 0)
		plat_stall((uint64_t)us);
	return (0);
}

static int
l_time(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)plat_time());
	return (1);
}

static int
l_exit(lua_State *L)
{
	lua_Integer st = luaL_optinteger(L, 1, 0);

	plat_exit((int)st);
	return (0);
}

static int
l_printc(lua_State *L)
{
	size_t n, i;
	const char *s = luaL_checklstring(L, 1, &n);

	for (i = 0; i < n; i++)
		cons_putc((unsigned char)s[i]);
	cons_flush();
	return (0);
}

static int
l_has_command(lua_State *L)
{
	lua_pushboolean(L, command_exists(luaL_checkstring(L, 1)));
	return (1);
}

static int
l_has_feature(lua_State *L)
{
	static const char *const features[] = { "EARLY_ACPI", "NEXT_KERNEL_ON_MENU", NULL };
	const char *f = luaL_checkstring(L, 1);
	int i;

	for (i = 0; features[i] != NULL; i++)
		if (strcmp(f, features[i]) == 0) {
			lua_pushboolean(L, 1);
			return (1);
		}
	lua_pushboolean(L, 0);
	return (1);
}

/* boot([kernel [, flags]]): as the boot command; returns only on failure. */
static int
l_boot(lua_State *L)
{
	char *argv[4];
	int argc = 0;

	argv[argc++] = "boot";
	if (lua_gettop(L) >= 2 && !lua_isnil(L, 2))
		argv[argc++] = (char *)luaL_checkstring(L, 2);
	if (lua_gettop(L) >= 1 && !lua_isnil(L, 1))
		argv[argc++] = (char *)luaL_checkstring(L, 1);
	argv[argc] = NULL;
	lua_pushinteger(L, command_builtin(argc, argv));
	return (1);
}

static int
l_reboot(lua_State *L)
{
	(void)L;
	printf("Rebooting...\n");
	plat_reboot();
	return (0);
}

static int
l_poweroff(lua_State *L)
{
	(void)L;
	printf("Powering off...\n");
	plat_poweroff();
	return (0);
}

/* modules(): { {name=, type=, size=}, ... } of the preloaded files. */
static int
l_modules(lua_State *L)
{
	const struct sanpo_module *m;
	uint32_t n, i;

	m = module_list(&n);
	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		lua_createtable(L, 0, 3);
		lua_pushstring(L, m[i].name);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, m[i].type);
		lua_setfield(L, -2, "type");
		lua_pushinteger(L, (lua_Integer)m[i].size);
		lua_setfield(L, -2, "size");
		lua_rawseti(L, -2, i + 1);
	}
	return (1);
}

static const luaL_Reg loader_funcs[] = {
	{ "getenv", l_getenv }, { "setenv", l_setenv }, { "unsetenv", l_unsetenv },
	{ "perform", l_perform }, { "interpret", l_interpret },
	{ "command", l_command }, { "parse", l_parse },
	{ "command_error", l_command_error }, { "delay", l_delay },
	{ "time", l_time }, { "exit", l_exit }, { "printc", l_printc },
	{ "has_command", l_has_command }, { "has_feature", l_has_feature },
	{ "boot", l_boot }, { "reboot", l_reboot }, { "poweroff", l_poweroff },
	{ "modules", l_modules },
	{ NULL, NULL },
};

int
luaopen_loader(lua_State *L)
{
	luaL_newlib(L, loader_funcs);
	lua_pushinteger(L, LOADER_VERSION_NUM);
	lua_setfield(L, -2, "version");
	lua_pushstring(L, LOADER_LUA_PATH);
	lua_setfield(L, -2, "lua_path");
	lua_pushstring(L, "amd64");
	lua_setfield(L, -2, "machine");
	lua_pushstring(L, "amd64");
	lua_setfield(L, -2, "machine_arch");
	lua_pushstring(L, "sanpo");
	lua_setfield(L, -2, "name");
	return (1);
}

/* --- io ------------------------------------------------------------------------ */
#define FILE_MT	"sanpo.file"

struct lfile {
	char		*data;		/* whole file, NULL once closed */
	uint64_t	 size, pos;
};

static struct lfile *
checkfile(lua_State *L, int i)
{
	struct lfile *f = luaL_checkudata(L, i, FILE_MT);

	if (f->data == NULL)
		luaL_error(L, "attempt to use a closed file");
	return (f);
}

static int
io_open(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	const char *mode = luaL_optstring(L, 2, "r");
	struct lfile *f;
	char err[160];
	void *data;
	uint64_t size;

	if (mode[0] != 'r' || (mode[1] != '\0' && strcmp(mode + 1, "b") != 0)) {
		luaL_pushfail(L);
		lua_pushfstring(L, "%s: read-only file system (mode '%s')", path, mode);
		return (2);
	}
	if (plat_file_read(path, &data, &size, LOADER_SCRIPT_LIMIT, err, sizeof(err)) != 0) {
		luaL_pushfail(L);
		lua_pushstring(L, err);
		return (2);
	}
	f = lua_newuserdatauv(L, sizeof(*f), 0);
	f->data = data;
	f->size = size;
	f->pos = 0;
	luaL_setmetatable(L, FILE_MT);
	return (1);
}

static int
io_close(lua_State *L)
{
	struct lfile *f = luaL_checkudata(L, 1, FILE_MT);

	if (f->data != NULL) {
		plat_free(f->data);
		f->data = NULL;
	}
	lua_pushboolean(L, 1);
	return (1);
}

static int
read_line(lua_State *L, struct lfile *f, int keep_nl)
{
	uint64_t s = f->pos, e = f->pos;

	if (f->pos >= f->size)
		return (0);
	while (e < f->size && f->data[e] != '\n')
		e++;
	f->pos = e < f->size ? e + 1 : e;
	if (keep_nl && e < f->size)
		e++;
	lua_pushlstring(L, f->data + s, e - s);
	return (1);
}

/* One read format (n, "a", "l", "L", "n" is not supported); pushes 1 value. */
static void
read_one(lua_State *L, struct lfile *f, int arg)
{
	if (lua_type(L, arg) == LUA_TNUMBER) {
		lua_Integer n = luaL_checkinteger(L, arg);
		uint64_t left = f->size - f->pos;

		if (n < 0)
			luaL_argerror(L, arg, "negative count");
		if (left == 0 && n > 0) {
			lua_pushnil(L);
			return;
		}
		if ((uint64_t)n > left)
			n = (lua_Integer)left;
		lua_pushlstring(L, f->data + f->pos, (size_t)n);
		f->pos += (uint64_t)n;
		return;
	}
	const char *fmt = luaL_optstring(L, arg, "l");

	if (*fmt == '*')
		fmt++;
	switch (*fmt) {
	case 'a':
		lua_pushlstring(L, f->data + f->pos, f->size - f->pos);
		f->pos = f->size;
		return;
	case 'l': case 'L':
		if (!read_line(L, f, *fmt == 'L'))
			lua_pushnil(L);
		return;
	default:
		luaL_argerror(L, arg, "invalid format");
	}
}

/* f:read(...) and FreeBSD's io.read(f, len) */
static int
io_read(lua_State *L)
{
	struct lfile *f = checkfile(L, 1);
	int n = lua_gettop(L), i;

	if (n == 1) {
		read_one(L, f, 2);
		return (1);
	}
	for (i = 2; i <= n; i++)
		read_one(L, f, i);
	return (n - 1);
}

static int
lines_iter(lua_State *L)
{
	struct lfile *f = lua_touserdata(L, lua_upvalueindex(1));

	if (f->data == NULL || !read_line(L, f, 0)) {
		if (lua_toboolean(L, lua_upvalueindex(2)) && f->data != NULL) {
			plat_free(f->data);
			f->data = NULL;
		}
		lua_pushnil(L);
	}
	return (1);
}

static int
io_lines(lua_State *L)
{
	if (lua_type(L, 1) == LUA_TSTRING) {
		lua_settop(L, 1);
		if (io_open(L) != 1)
			return (luaL_error(L, "%s", lua_tostring(L, -1)));
		lua_replace(L, 1);
		lua_pushboolean(L, 1);
	} else {
		checkfile(L, 1);
		lua_settop(L, 1);
		lua_pushboolean(L, 0);
	}
	lua_pushcclosure(L, lines_iter, 2);
	return (1);
}

static int
io_seek(lua_State *L)
{
	struct lfile *f = checkfile(L, 1);
	const char *whence = luaL_optstring(L, 2, "cur");
	lua_Integer off = luaL_optinteger(L, 3, 0), base;

	base = strcmp(whence, "set") == 0 ? 0 : strcmp(whence, "end") == 0 ?
	    (lua_Integer)f->size : (lua_Integer)f->pos;
	if (base + off < 0 || base + off > (lua_Integer)f->size) {
		luaL_pushfail(L);
		lua_pushstring(L, "invalid position");
		return (2);
	}
	f->pos = (uint64_t)(base + off);
	lua_pushinteger(L, (lua_Integer)f->pos);
	return (1);
}

/* io.write(...): to the console; a file handle first is refused (read-only). */
static int
io_write(lua_State *L)
{
	int n = lua_gettop(L), i = 1;
	size_t len, k;
	const char *s;

	if (n >= 1 && luaL_testudata(L, 1, FILE_MT) != NULL)
		return (luaL_error(L, "io.write: files on the boot volume are read-only"));
	for (; i <= n; i++) {
		s = luaL_checklstring(L, i, &len);
		for (k = 0; k < len; k++)
			cons_putc((unsigned char)s[k]);
	}
	cons_flush();
	return (0);
}

static int
f_write(lua_State *L)
{
	checkfile(L, 1);
	return (luaL_error(L, "write: files on the boot volume are read-only"));
}

static int
io_getchar(lua_State *L)
{
	lua_gc(L, LUA_GCRESTART);	/* stopped during start-up (lua_glue.c) */
	lua_pushinteger(L, cons_getkey(-1));
	return (1);
}

/* ischar(): true when a key is waiting (the key is kept for getchar). */
static int pending_key = -1;

static int
lua_pending_key(void)
{
	int c = pending_key;

	pending_key = -1;
	return (c);
}

static int
io_ischar(lua_State *L)
{
	if (pending_key < 0)
		pending_key = cons_getkey(0);
	lua_pushboolean(L, pending_key >= 0);
	return (1);
}

static int
io_getchar_pending(lua_State *L)
{
	int c = lua_pending_key();

	if (c < 0)
		return (io_getchar(L));
	lua_pushinteger(L, c);
	return (1);
}

/* getkey(timeout_us): Sanpo's: next key or nil after the timeout. */
static int
io_getkey(lua_State *L)
{
	lua_Integer t = luaL_optinteger(L, 1, -1);
	int c = lua_pending_key();

	if (c < 0) {
		if (t != 0)
			lua_gc(L, LUA_GCRESTART);
		c = cons_getkey(t);
	}
	if (c < 0)
		lua_pushnil(L);
	else
		lua_pushinteger(L, c);
	return (1);
}

static int
io_gets(lua_State *L)
{
	char line[256];

	command_read_line(line, sizeof(line));
	lua_pushstring(L, line);
	return (1);
}

static const luaL_Reg io_funcs[] = {
	{ "open", io_open }, { "close", io_close }, { "read", io_read },
	{ "lines", io_lines }, { "write", io_write }, { "getchar", io_getchar_pending },
	{ "ischar", io_ischar }, { "getkey", io_getkey }, { "gets", io_gets },
	{ NULL, NULL },
};

static const luaL_Reg file_methods[] = {
	{ "read", io_read }, { "lines", io_lines }, { "close", io_close },
	{ "seek", io_seek }, { "write", f_write },
	{ NULL, NULL },
};

static int
f_tostring(lua_State *L)
{
	struct lfile *f = luaL_checkudata(L, 1, FILE_MT);

	lua_pushfstring(L, f->data ? "file (%p)" : "file (closed)", (void *)f);
	return (1);
}

int
luaopen_io_sanpo(lua_State *L)
{
	luaL_newmetatable(L, FILE_MT);
	luaL_newlib(L, file_methods);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, io_close);
	lua_setfield(L, -2, "__gc");
	lua_pushcfunction(L, f_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);
	luaL_newlib(L, io_funcs);
	return (1);
}

/* --- lfs ------------------------------------------------------------------------ */
struct dir_collect {
	lua_State	*L;
	int		 n;
};

static void
dir_add(const struct plat_dirent *de, void *arg)
{
	struct dir_collect *dc = arg;

	lua_pushstring(dc->L, de->name);
	lua_rawseti(dc->L, -2, ++dc->n);
}

static int
dir_iter(lua_State *L)
{
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;

	lua_pushinteger(L, i);
	lua_replace(L, lua_upvalueindex(2));
	lua_rawgeti(L, lua_upvalueindex(1), i);
	return (1);
}

/* lfs.dir(path): an iterator over the names in a directory (. and .. too). */
static int
lfs_dir(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	struct dir_collect dc = { L, 0 };
	char err[160];

	lua_newtable(L);
	if (plat_dir_list(path, dir_add, &dc, err, sizeof(err)) != 0)
		return (luaL_error(L, "%s", err));
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, dir_iter, 2);
	return (1);
}

static int
lfs_attributes(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	struct plat_dirent de;

	if (plat_stat(path, &de) != 0) {
		luaL_pushfail(L);
		lua_pushfstring(L, "cannot obtain information from file '%s'", path);
		lua_pushinteger(L, 2);
		return (3);
	}
	if (lua_type(L, 2) == LUA_TSTRING) {
		const char *f = lua_tostring(L, 2);

		if (strcmp(f, "mode") == 0)
			lua_pushstring(L, de.is_dir ? "directory" : "file");
		else if (strcmp(f, "size") == 0)
			lua_pushinteger(L, (lua_Integer)de.size);
		else
			lua_pushnil(L);
		return (1);
	}
	lua_createtable(L, 0, 2);
	lua_pushstring(L, de.is_dir ? "directory" : "file");
	lua_setfield(L, -2, "mode");
	lua_pushinteger(L, (lua_Integer)de.size);
	lua_setfield(L, -2, "size");
	return (1);
}

static const luaL_Reg lfs_funcs[] = {
	{ "dir", lfs_dir }, { "attributes", lfs_attributes },
	{ NULL, NULL },
};

int
luaopen_lfs(lua_State *L)
{
	luaL_newlib(L, lfs_funcs);
	return (1);
}

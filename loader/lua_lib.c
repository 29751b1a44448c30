/*
 * Sanpo's Lua modules, with FreeBSD's names and semantics (loader.lua(8),
 * stand/liblua/lutils.c and lfs.c) so that FreeBSD's own boot scripts run
 * unchanged.  The README lists each function and whether it matches.
 *
 *   loader: getenv, setenv, unsetenv, perform, command, interpret, parse,
 *     command_error, delay, time, exit, printc (also the global printc),
 *     has_command, has_feature; version, lua_path, machine, machine_arch,
 *     CMD_OK..CMD_FATAL, features.  Sanpo adds boot, reboot, poweroff,
 *     modules.
 *   io: open, close, read, write, getchar, ischar, gets.  Sanpo adds
 *     lines, getkey, and file methods (f:read, f:lines, f:seek, f:close).
 *   lfs: dir (name and type), attributes; DT_* constants.
 *
 * Commands report FreeBSD's CMD_* values; Sanpo's built-ins return 0 or 1
 * (with the error printed), so any failure becomes CMD_ERROR here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "efi/efi_platform.h"
#include "loader/loader.h"
#include "loader/lua_glue.h"
#include "loader/arch/x86_64/cpufunc.h"

/* FreeBSD's stand/common/bootstrap.h */
#define CMD_OK		0
#define CMD_WARN	1
#define CMD_ERROR	2
#define CMD_CRIT	3
#define CMD_FATAL	4

#define MAXARGS		64

/* The features this loader has, for has_feature() and loader.features. */
static const struct {
	const char	*name, *desc;
} features[] = {
	{ "EARLY_ACPI", "Loader probes ACPI in early startup" },
};

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

/*
 * A built-in command with its words: FreeBSD's interp_builtin_cmd.  An
 * unknown command prints nothing (the caller reads command_error()), as
 * FreeBSD's does; the prompt prints its own message.  0 or 1, as
 * command_builtin.
 */
static int
builtin(int argc, char **argv)
{
	uint64_t t0;
	int r;

	if (argc == 0)
		return (0);
	if (!command_is_builtin(argv[0])) {
		command_set_error("%s: unknown command", argv[0]);
		return (1);
	}
	t0 = rdtsc();
	r = command_builtin(argc, argv);
	if (loader_lua_done_tsc == 0)	/* still the scripts' start-up */
		loader_lua_cmd_tsc += rdtsc() - t0;
	return (r != 0);
}

/* perform(line): the line split as the prompt splits it, each command a built-in. */
static int
l_perform(lua_State *L)
{
	lua_pushinteger(L, command_line(luaL_checkstring(L, 1), builtin) == 0 ?
	    CMD_OK : CMD_ERROR);
	return (1);
}

/*
 * A writable copy of argument i, for a command's argv: commands may write
 * into their arguments (set cuts name=value in place), and Lua's strings
 * are immutable -- and interned, so a write would change every use of the
 * same constant.  The copy is a userdata pushed on the stack (room for it
 * must be checked), freed by the collector.
 */
static char *
arg_copy(lua_State *L, int i)
{
	size_t len;
	const char *s = luaL_checklstring(L, i, &len);
	char *p = lua_newuserdatauv(L, len + 1, 0);

	memcpy(p, s, len + 1);
	return (p);
}

/* command(word, ...): as perform, the words already split. */
static int
l_command(lua_State *L)
{
	char *argv[MAXARGS + 1];
	int argc = lua_gettop(L), i;

	if (argc > MAXARGS)
		return (luaL_error(L, "loader.command: more than %d arguments", MAXARGS));
	luaL_checkstack(L, argc, "loader.command");
	for (i = 0; i < argc; i++)
		argv[i] = arg_copy(L, i + 1);
	argv[argc] = NULL;
	lua_pushinteger(L, builtin(argc, argv) == 0 ? CMD_OK : CMD_ERROR);
	return (1);
}

/*
 * interpret(line): FreeBSD's -- the line as Lua if it is Lua, else as
 * typed at the prompt (a cli command, then a built-in).
 */
static int
l_interpret(lua_State *L)
{
	const char *line;
	int r;

	if (lua_gettop(L) != 1) {
		lua_pushnil(L);
		return (1);
	}
	line = luaL_checkstring(L, 1);
	if ((r = lua_interpret(line)) < 0)
		r = command_execute(line);
	lua_pushinteger(L, r == 0 ? CMD_OK : CMD_ERROR);
	return (1);
}

/* parse(line): the words of a command line, as the prompt splits them. */
static int
l_parse(lua_State *L)
{
	char buf[512], *argv[MAXARGS];
	const char *s = luaL_checkstring(L, 1);
	int argc, i;

	if (strlen(s) >= sizeof(buf) ||
	    (strcpy(buf, s), argc = command_tokenize(buf, argv, MAXARGS)) < 0) {
		lua_pushnil(L);
		return (1);
	}
	luaL_checkstack(L, argc, "loader.parse");
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
	lua_Number us = luaL_checknumber(L, 1);

	if (us >= 1)
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
	lua_Integer st = luaL_checkinteger(L, 1);

	plat_exit((int)st);
	return (0);
}

/* printc(s): the bytes as they are; the console interprets escape sequences. */
static int
l_printc(lua_State *L)
{
	size_t n, i;
	const char *s = luaL_checklstring(L, 1, &n);

	for (i = 0; i < n; i++)
		cons_putc((unsigned char)s[i]);
	cons_flush();
	return (1);		/* FreeBSD's returns its argument */
}

static int
l_has_command(lua_State *L)
{
	if (command_is_builtin(luaL_checkstring(L, 1))) {
		lua_pushboolean(L, 1);
		return (1);
	}
	lua_pushnil(L);
	lua_pushstring(L, "Builtin command not found");
	return (2);
}

static int
l_has_feature(lua_State *L)
{
	const char *f = luaL_checkstring(L, 1);
	size_t i;

	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (strcmp(f, features[i].name) == 0) {
			lua_pushboolean(L, 1);
			return (1);
		}
	lua_pushnil(L);
	lua_pushstring(L, "Feature not enabled");
	return (2);
}

/* boot([kernel [, flags]]): Sanpo's; as the boot command, returns only on failure. */
static int
l_boot(lua_State *L)
{
	char *argv[4];
	int argc = 0;

	argv[argc++] = "boot";
	if (lua_gettop(L) >= 2 && !lua_isnil(L, 2))
		argv[argc++] = arg_copy(L, 2);
	if (lua_gettop(L) >= 1 && !lua_isnil(L, 1))
		argv[argc++] = arg_copy(L, 1);
	argv[argc] = NULL;
	lua_pushinteger(L, builtin(argc, argv) == 0 ? CMD_OK : CMD_ERROR);
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

/* modules(): Sanpo's; { {name=, type=, size=}, ... } of the preloaded files. */
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
	static const char *const cmd_names[] = { "CMD_OK", "CMD_WARN", "CMD_ERROR",
	    "CMD_CRIT", "CMD_FATAL" };
	size_t i;

	luaL_newlib(L, loader_funcs);
	lua_pushinteger(L, LOADER_VERSION_NUM);
	lua_setfield(L, -2, "version");
	lua_pushstring(L, LOADER_LUA_DIR);
	lua_setfield(L, -2, "lua_path");
	lua_pushstring(L, "amd64");
	lua_setfield(L, -2, "machine");
	lua_pushstring(L, "amd64");
	lua_setfield(L, -2, "machine_arch");
	for (i = 0; i < sizeof(cmd_names) / sizeof(cmd_names[0]); i++) {
		lua_pushinteger(L, (lua_Integer)i);	/* CMD_OK is 0 ... CMD_FATAL 4 */
		lua_setfield(L, -2, cmd_names[i]);
	}
	/* features: only the enabled ones, with their descriptions. */
	lua_newtable(L);
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		lua_pushstring(L, features[i].desc);
		lua_setfield(L, -2, features[i].name);
	}
	lua_setfield(L, -2, "features");
	lua_register(L, "printc", l_printc);
	return (1);
}

/* --- io ------------------------------------------------------------------------ */
#define FILE_MT	"sanpo.file"
#define EROFS_NUM	30	/* errno for io.write on a file (FreeBSD's EROFS) */

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

/* io.open(path [, mode]): a handle, or nil (and, Sanpo's, why). */
static int
io_open(lua_State *L)
{
	const char *path, *mode = "r";
	struct lfile *f;
	char err[160];
	void *data;
	uint64_t size;

	if (lua_gettop(L) < 1 || lua_gettop(L) > 2 || (path = lua_tostring(L, 1)) == NULL ||
	    (lua_gettop(L) == 2 && (mode = lua_tostring(L, 2)) == NULL)) {
		lua_pushnil(L);
		return (1);
	}
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

/* io.close(f): true, or false when it was not an open file. */
static int
io_close(lua_State *L)
{
	struct lfile *f = luaL_testudata(L, 1, FILE_MT);

	if (lua_gettop(L) != 1 || f == NULL || f->data == NULL) {
		lua_pushboolean(L, 0);
		return (1);
	}
	plat_free(f->data);
	f->data = NULL;
	lua_pushboolean(L, 1);
	return (1);
}

/*
 * io.read(f [, len]): FreeBSD's -- len bytes, or the rest of the file, and
 * how many that is; nil, 0 for anything that is not an open file.
 */
static int
io_read(lua_State *L)
{
	struct lfile *f = luaL_testudata(L, 1, FILE_MT);
	uint64_t left, n;

	if (lua_gettop(L) < 1 || lua_gettop(L) > 2 || f == NULL || f->data == NULL) {
		lua_pushnil(L);
		lua_pushinteger(L, 0);
		return (2);
	}
	left = f->size - f->pos;
	n = left;
	if (lua_gettop(L) == 2) {
		lua_Number want = lua_tonumber(L, 2);

		n = want <= 0 ? 0 : want < (lua_Number)left ? (uint64_t)want : left;
	}
	lua_pushlstring(L, f->data + f->pos, n);
	f->pos += n;
	lua_pushinteger(L, (lua_Integer)n);
	return (2);
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

/* One format of f:read (n, "a", "l", "L"; "n" is not supported); pushes 1 value. */
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

/* f:read(...): Lua's own file method (Sanpo's). */
static int
f_read(lua_State *L)
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

/*
 * io.write(f, ...): FreeBSD's writes to a file; the boot volume is
 * read-only here, so nil, message, errno as luaL_fileresult gives.  With
 * no file first (Sanpo's), the strings go to the console.
 */
static int
io_write(lua_State *L)
{
	int n = lua_gettop(L), i;
	size_t len, k;
	const char *s;

	if (n >= 1 && luaL_testudata(L, 1, FILE_MT) != NULL) {
		luaL_pushfail(L);
		lua_pushstring(L, "files on the boot volume are read-only");
		lua_pushinteger(L, EROFS_NUM);
		return (3);
	}
	for (i = 1; i <= n; i++) {
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

/*
 * Keys, as FreeBSD's getchar() gives them: the arrows as their VT100
 * sequences (ESC [ A ...), the rest as the character.  A key ischar()
 * saw, or the rest of a sequence, waits here for getchar().
 */
static int	keyq[4], keyq_len;

static void
key_push(int c)
{
	static const char *const arrows[] = { "\033[A", "\033[B", "\033[C", "\033[D" };
	const char *seq;

	keyq_len = 0;
	if (c >= KEY_UP && c <= KEY_LEFT) {
		for (seq = arrows[c - KEY_UP]; *seq != '\0'; seq++)
			keyq[keyq_len++] = (unsigned char)*seq;
	} else {
		keyq[keyq_len++] = c;
	}
}

static int
key_pop(void)
{
	int c = keyq[0], i;

	for (i = 1; i < keyq_len; i++)
		keyq[i - 1] = keyq[i];
	keyq_len--;
	return (c);
}

/* A key left over from ischar(), as cons_getkey() would give it. */
static int
lua_pending_key(void)
{
	if (keyq_len == 0)
		return (-1);
	if (keyq_len > 1 && keyq[0] == 0x1b && keyq[1] == '[') {
		int c = KEY_UP + (keyq[2] - 'A');	/* an arrow, whole */

		keyq_len = 0;
		return (c);
	}
	return (key_pop());
}

static int
io_getchar(lua_State *L)
{
	if (keyq_len == 0) {
		lua_gc(L, LUA_GCRESTART);	/* stopped during start-up (lua_glue.c) */
		key_push(cons_getkey(-1));
	}
	lua_pushinteger(L, key_pop());
	return (1);
}

/* ischar(): true when a key is waiting (it stays for getchar). */
static int
io_ischar(lua_State *L)
{
	int c;

	if (keyq_len == 0 && (c = cons_getkey(0)) >= 0)
		key_push(c);
	lua_pushboolean(L, keyq_len > 0);
	return (1);
}

/* getkey(timeout_us): Sanpo's: the next key (ASCII or an arrow's code) or nil. */
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

/* gets(): a line from the console, at most 128 characters (FreeBSD's ngets). */
static int
io_gets(lua_State *L)
{
	char line[129];

	command_read_line(line, sizeof(line));
	lua_pushstring(L, line);
	return (1);
}

static const luaL_Reg io_funcs[] = {
	{ "open", io_open }, { "close", io_close }, { "read", io_read },
	{ "lines", io_lines }, { "write", io_write }, { "getchar", io_getchar },
	{ "ischar", io_ischar }, { "getkey", io_getkey }, { "gets", io_gets },
	{ NULL, NULL },
};

static const luaL_Reg file_methods[] = {
	{ "read", f_read }, { "lines", io_lines }, { "close", io_close },
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
/* d_type values (FreeBSD's <sys/dirent.h>), returned by the dir iterator. */
#define DT_DIR	4
#define DT_REG	8

struct dir_collect {
	lua_State	*L;
	int		 n;
};

static void
dir_add(const struct plat_dirent *de, void *arg)
{
	struct dir_collect *dc = arg;

	lua_createtable(dc->L, 2, 0);
	lua_pushstring(dc->L, de->name);
	lua_rawseti(dc->L, -2, 1);
	lua_pushinteger(dc->L, de->is_dir ? DT_DIR : DT_REG);
	lua_rawseti(dc->L, -2, 2);
	lua_rawseti(dc->L, -2, ++dc->n);
}

static int
dir_iter(lua_State *L)
{
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;

	lua_pushinteger(L, i);
	lua_replace(L, lua_upvalueindex(2));
	if (lua_rawgeti(L, lua_upvalueindex(1), i) != LUA_TTABLE)
		return (0);
	lua_rawgeti(L, -1, 1);
	lua_rawgeti(L, -2, 2);
	return (2);
}

/*
 * lfs.dir(path): an iterator over the directory's entries (. and .. too),
 * each its name and its type (lfs.DT_DIR, lfs.DT_REG); nil if path is not
 * a directory that can be read.
 */
static int
lfs_dir(lua_State *L)
{
	const char *path;
	struct dir_collect dc = { L, 0 };
	char err[160];

	if (lua_gettop(L) != 1) {
		lua_pushnil(L);
		return (1);
	}
	path = luaL_checkstring(L, 1);
	lua_newtable(L);
	if (plat_dir_list(path, dir_add, &dc, err, sizeof(err)) != 0) {
		lua_pushnil(L);
		return (1);
	}
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, dir_iter, 2);
	return (1);
}

/* The stat fields FreeBSD's lfs knows; the boot volume (FAT) has mode and size. */
static const char *const lfs_fields[] = { "mode", "size", "dev", "ino", "nlink",
    "uid", "gid", "rdev", "access", "modification", "change", "permissions" };

static int
lfs_push_field(lua_State *L, const struct plat_dirent *de, const char *f)
{
	size_t i;

	if (strcmp(f, "mode") == 0) {
		lua_pushstring(L, de->is_dir ? "directory" : "file");
		return (1);
	}
	if (strcmp(f, "size") == 0) {
		lua_pushinteger(L, (lua_Integer)de->size);
		return (1);
	}
	for (i = 2; i < sizeof(lfs_fields) / sizeof(lfs_fields[0]); i++)
		if (strcmp(f, lfs_fields[i]) == 0) {
			lua_pushnil(L);		/* known, but FAT has no such thing */
			return (1);
		}
	return (luaL_error(L, "invalid attribute name '%s'", f));
}

/* lfs.attributes(path [, name | table]) */
static int
lfs_attributes(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	struct plat_dirent de;

	if (plat_stat(path, &de) != 0) {
		luaL_pushfail(L);
		lua_pushfstring(L, "cannot obtain information from file '%s': "
		    "No such file or directory", path);
		lua_pushinteger(L, 2);	/* ENOENT */
		return (3);
	}
	if (lua_type(L, 2) == LUA_TSTRING)
		return (lfs_push_field(L, &de, lua_tostring(L, 2)));
	lua_settop(L, 2);
	if (!lua_istable(L, 2))
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
	static const struct { const char *name; int v; } dt[] = {
		{ "DT_UNKNOWN", 0 }, { "DT_FIFO", 1 }, { "DT_CHR", 2 },
		{ "DT_DIR", DT_DIR }, { "DT_BLK", 6 }, { "DT_REG", DT_REG },
		{ "DT_LNK", 10 }, { "DT_SOCK", 12 }, { "DT_WHT", 14 },
	};
	size_t i;

	luaL_newlib(L, lfs_funcs);
	for (i = 0; i < sizeof(dt) / sizeof(dt[0]); i++) {
		lua_pushinteger(L, dt[i].v);
		lua_setfield(L, -2, dt[i].name);
	}
	return (1);
}

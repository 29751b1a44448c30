/* The embedded Lua interpreter (lua_glue.c) and Sanpo's Lua modules (lua_lib.c). */
#ifndef LOADER_LUA_GLUE_H
#define LOADER_LUA_GLUE_H

#include <stdint.h>

#define LOADER_LUA_ENTRY	"/boot/lua/loader.lua"
#define LOADER_LUA_DIR		"/boot/lua"	/* loader.lua_path, as FreeBSD's */
#define LOADER_LUA_PATH		LOADER_LUA_DIR "/?.lua"	/* package.path */
#define LOADER_SCRIPT_LIMIT	(1ULL << 20)	/* largest script or file io.open reads */

struct lua_State;
int	lua_loadfile_esp(struct lua_State *L, const char *path);
int	luaopen_loader(struct lua_State *L);
int	luaopen_io_sanpo(struct lua_State *L);
int	luaopen_lfs(struct lua_State *L);

#endif

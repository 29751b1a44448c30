--
-- /boot/lua/loader.lua: the entry point the loader runs at start (as on
-- FreeBSD).  It reads the configuration, offers the menu (or the plain
-- countdown) and, when the user escapes, returns: the loader then runs the
-- OK prompt, where the commands of the cli module take precedence.
--
-- An error raised here (or in a module it loads) is printed as
-- file:line: message and the loader falls back to its built-in prompt.
--
local config = require("config")
local cli = require("cli")
local core = require("core")

config.load()

-- A local.lua beside these scripts may customise things (FreeBSD's hook).
if lfs.attributes(loader.lua_path:gsub("%?%.lua$", "local.lua"), "mode") == "file" then
	require("local")
end

local delay = core.autobootDelay()
if core.isMenuDisabled() then
	core.autoboot(delay)
elseif delay == -1 or (delay == 0 and not io.ischar()) then
	-- Booting at once: no need to load (or draw) the menu.
	core.boot()
	require("menu").run(true)	-- the boot failed: the menu, waiting
else
	require("menu").run()
end

--
-- /boot/lua/loader.lua: the entry point the loader runs at start (as on
-- FreeBSD).  It reads the configuration and offers the menu; when the menu
-- is off (beastie_disable) it preloads the modules and returns, and the
-- loader counts down (autoboot_delay) before its OK prompt, where the
-- commands of the cli module take precedence.
--
-- An error raised here (or in a module it loads) is printed as
-- file:line: message and the loader falls back to its built-in prompt.
--
require("cli")
local config = require("config")
local core = require("core")

-- A local.lua beside these scripts may customise things (FreeBSD's hook).
try_include("local")

config.load()
if core.isMenuSkipped() then
	config.loadelf()
else
	require("menu").run()
end

--
-- cli: commands defined in Lua.  The OK prompt gives every line to the
-- global cli_execute (FreeBSD's convention); a command found in this table
-- runs here, anything else goes to the loader's built-in commands.
--
local config = require("config")
local core = require("core")

local cli = {}

-- Each command gets its name and its arguments, as argv.
cli["boot"] = function(...)
	local argv = { ... }
	table.remove(argv, 1)
	return core.boot(table.concat(argv, " "))
end

cli["autoboot"] = function(...)
	local argv = { ... }
	local delay = tonumber(argv[2] or "10")
	if delay == nil or math.type(delay) ~= "integer" or delay < 0 then
		print("autoboot: '" .. tostring(argv[2]) .. "' is not a number of seconds")
		return 1
	end
	core.autoboot(delay)
	return 1
end

cli["reload-conf"] = function()
	config.reload()
	return 0
end

cli["show-module-options"] = function()
	config.showModules()
	return 0
end

local function setModule(name, on)
	if not config.setModuleLoad(name, on) then
		print(name .. ": no such module in the configuration")
		return 1
	end
	return 0
end

cli["enable-module"] = function(_, name)
	if name == nil then print("usage: enable-module name") return 1 end
	return setModule(name, true)
end

cli["disable-module"] = function(_, name)
	if name == nil then print("usage: disable-module name") return 1 end
	return setModule(name, false)
end

function cli_execute(...)
	local argv = { ... }
	local f = cli[argv[1]]
	if type(f) == "function" then
		local r = f(...)
		return math.type(r) == "integer" and r or 0
	end
	return loader.command(...)
end

-- A line as typed (FreeBSD's helper).
function cli_execute_unparsed(str)
	return cli_execute(loader.parse(str))
end

return cli

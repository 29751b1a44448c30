--
-- cli: commands defined in Lua, FreeBSD's way (cli.lua(8)).  The OK prompt
-- gives every line that is not Lua to the global cli_execute: a command
-- found in this table runs here (with its name and arguments, as argv),
-- anything else goes to the loader's built-in commands.
--
local config = require("config")
local core = require("core")

local cli = {}

-- The arguments after the command's name.
function cli.arguments(...)
	local argv = { ... }
	local name = table.remove(argv, 1)
	return name, argv
end

cli["boot"] = function(...)
	local _, argv = cli.arguments(...)
	return core.boot(table.concat(argv, " "))
end

cli["autoboot"] = function(...)
	local _, argv = cli.arguments(...)
	return core.autoboot(table.concat(argv, " "))
end

-- boot-conf [kernel] [flags]: the countdown with another kernel.
cli["boot-conf"] = function(...)
	local _, argv = cli.arguments(...)
	local flags = {}
	for _, v in ipairs(argv) do
		if v:sub(1, 1) == "-" then
			flags[#flags + 1] = v
		else
			config.selectKernel(v)
		end
	end
	return core.autoboot(table.concat(flags, " "))
end

cli["reload-conf"] = function()
	config.reload()
	return 0
end

cli["read-conf"] = function(...)
	local _, argv = cli.arguments(...)
	if argv[1] == nil then
		print("usage: read-conf file")
		return 1
	end
	return config.processFile(argv[1]) and 0 or 1
end

cli["show-module-options"] = function()
	config.showModules()
	return 0
end

local function moduleCommand(name, argv, f, done)
	if argv[1] == nil then
		print("usage: " .. name .. " module")
		return 1
	end
	if not f(argv[1]) then
		print(argv[1] .. ": no such module in the configuration")
		return 1
	end
	print(argv[1] .. done)
	return 0
end

cli["enable-module"] = function(...)
	local name, argv = cli.arguments(...)
	return moduleCommand(name, argv, config.enableModule, " will be loaded")
end

cli["disable-module"] = function(...)
	local name, argv = cli.arguments(...)
	return moduleCommand(name, argv, config.disableModule, " will not be loaded")
end

cli["toggle-module"] = function(...)
	local name, argv = cli.arguments(...)
	if argv[1] ~= nil and config.isModuleEnabled(argv[1]) then
		return moduleCommand(name, argv, config.disableModule, " will not be loaded")
	end
	return moduleCommand(name, argv, config.enableModule, " will be loaded")
end

function cli_execute(...)
	local argv = { ... }
	if #argv == 0 then
		return loader.command(...)
	end
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

--
-- config: loader.conf, loader.conf.local and loader.conf.d/*.conf in
-- FreeBSD's syntax.
--
--   name="value"  or  name=value      a loader variable (reaches the kernel)
--   # comment, blank lines
--   X_load="YES"  X_name  X_type  X_flags  X_before  X_after  X_error
--                                      a module to preload at boot
--   exec="command"                     runs a loader command at once
--   kernel=, kernel_options, module_path, autoboot_delay, boot_single,
--   boot_verbose, console, beastie_disable, ...   plain variables
--
-- A bad line prints file:line: reason and the rest of the file applies.
--
local config = {}

config.files = {
	"/boot/loader.conf",
	"/boot/loader.conf.local",
}
config.confdir = "/boot/loader.conf.d"

-- name -> { load=, name=, type=, flags=, before=, after=, error= }
local modules = {}
local module_order = {}
config.errors = 0

local MODULE_FIELDS = {
	load = "load", name = "name", type = "type", flags = "flags",
	before = "before", after = "after", error = "error",
}

local function module(name)
	local m = modules[name]
	if m == nil then
		m = {}
		modules[name] = m
		module_order[#module_order + 1] = name
	end
	return m
end

local function setVariable(name, value)
	local base, field = name:match("^(.+)_(%a+)$")
	if base ~= nil and MODULE_FIELDS[field] ~= nil and name ~= "autoboot_delay" then
		-- FreeBSD keeps module settings out of the environment.
		if field == "load" then
			module(base).load = value:upper() == "YES"
		else
			module(base)[field] = value
		end
		return nil
	end
	if name == "exec" then
		if loader.perform(value) ~= 0 then
			return "exec \"" .. value .. "\" failed"
		end
		return nil
	end
	if loader.setenv(name, value) ~= 0 then
		return "cannot set variable"
	end
	return nil
end

-- One line; nil when fine, or the reason it is wrong.
local function parseLine(line)
	-- A NUL would end the value where C reads it (setenv): report the line.
	if line:find("\0", 1, true) then
		return "NUL byte in the line, ignored"
	end
	line = line:gsub("\r$", "")
	if line:match("^%s*$") or line:match("^%s*#") then
		return nil
	end
	local name, rest = line:match("^%s*([%w_%.%-]+)%s*(.*)$")
	if name == nil then
		return "expected a variable name"
	end
	if rest:sub(1, 1) ~= "=" then
		return "expected '=' after the variable name"
	end
	rest = rest:sub(2):match("^%s*(.*)$")
	local value, tail
	if rest:sub(1, 1) == '"' then
		value, tail = rest:match('^"([^"]*)"(.*)$')
		if value == nil then
			return "unterminated quoted value"
		end
	else
		value, tail = rest:match("^([^%s#]*)(.*)$")
	end
	if not tail:match("^%s*$") and not tail:match("^%s*#") then
		return "unexpected text after the value"
	end
	return setVariable(name, value)
end

-- Reads one file; silent when it does not exist.  Returns lines in error.
function config.processFile(path, silent)
	local f, err = io.open(path)
	if f == nil then
		if not silent then
			print(err)
		end
		return 0
	end
	local text = f:read("a")
	f:close()
	local errors, lineno = 0, 0
	for line in (text .. (text:sub(-1) == "\n" and "" or "\n")):gmatch("([^\n]*)\n") do
		lineno = lineno + 1
		local why = parseLine(line)
		if why ~= nil then
			print(string.format("%s:%d: %s", path, lineno, why))
			errors = errors + 1
		end
	end
	config.errors = config.errors + errors
	return errors
end

function config.load()
	for _, f in ipairs(config.files) do
		config.processFile(f, true)
	end
	if lfs.attributes(config.confdir, "mode") == "directory" then
		local names = {}
		for name in lfs.dir(config.confdir) do
			if name:match("%.conf$") then
				names[#names + 1] = name
			end
		end
		table.sort(names)
		for _, name in ipairs(names) do
			config.processFile(config.confdir .. "/" .. name, true)
		end
	end
end

function config.reload()
	modules, module_order = {}, {}
	config.load()
end

-- Preloads every module with X_load="YES"; false if one failed.
function config.loadModules()
	local ok = true
	local loaded = {}
	for _, m in ipairs(loader.modules()) do
		loaded[m.name] = true
	end
	for _, name in ipairs(module_order) do
		local m = modules[name]
		if m.load then
			local file = m.name or name
			if m.before ~= nil then
				loader.perform(m.before)
			end
			local line = "load"
			if m.type ~= nil then
				line = line .. " -t " .. m.type
			end
			line = line .. " " .. file
			if m.flags ~= nil then
				line = line .. " " .. m.flags
			end
			if loader.perform(line) ~= 0 then
				print(string.format("Failed to load module '%s' (%s)", name, file))
				if m.error ~= nil then
					loader.perform(m.error)
				end
				ok = false
			elseif m.after ~= nil then
				loader.perform(m.after)
			end
			m.load = false	-- once
		end
	end
	return ok
end

function config.setModuleLoad(name, on)
	if modules[name] == nil then
		return false
	end
	modules[name].load = on
	return true
end

function config.showModules()
	for _, name in ipairs(module_order) do
		local m = modules[name]
		print(string.format("Name: %s\n  Path: %s\n  Type: %s\n  Flags: %s\n  Load: %s",
		    name, m.name or name, m.type or "elf module", m.flags or "",
		    m.load and "YES" or "NO"))
	end
end

return config

--
-- config: loader.conf(5) in FreeBSD's syntax and order.
--
--   name="value"  or  name=value      a loader variable (reaches the kernel)
--   # comment, blank lines
--   X_load="YES"  X_name  X_type  X_flags  X_before  X_after  X_error
--                                      a module to preload at boot
--   exec="command"                     runs a loader command at once
--
-- Files are read as FreeBSD's loader reads them: /boot/defaults/loader.conf
-- if there is one, then each file its loader_conf_files names (a file
-- that sets loader_conf_files has those read after it), then the *.conf
-- files in each loader_conf_dirs directory, then nextboot_conf.  With no
-- defaults file, loader_conf_files is "/boot/loader.conf
-- /boot/loader.conf.local" and loader_conf_dirs "/boot/loader.conf.d".
-- A bad line prints file:line: reason and the rest of the file applies.
--
local hook = require("hook")

local config = {}

config.defaults_file = "/boot/defaults/loader.conf"
local DEFAULT_CONF_FILES = "/boot/loader.conf /boot/loader.conf.local"
local DEFAULT_CONF_DIRS = "/boot/loader.conf.d"
local DEFAULT_NEXTBOOT = "/boot/nextboot.conf"

-- name -> { load=, name=, type=, flags=, before=, after=, error= }
local modules = {}
local module_order = {}
local carousel = {}
-- loader_conf_files is the config module's own business: never in the env.
local conf_files
config.errors = 0
config.verbose = false

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
		if cli_execute_unparsed(value) ~= 0 then
			return "exec \"" .. value .. "\" failed"
		end
		return nil
	end
	if name == "loader_conf_files" then
		conf_files = value
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

-- The whole file (FreeBSD's io.read(f) gives all of it), or nil.
local function readFile(path, silent)
	local f = io.open(path)
	if f == nil then
		if not silent then
			print("Failed to open config: '" .. path .. "'")
		end
		return nil
	end
	local text = io.read(f)
	io.close(f)
	return text
end

-- Applies text (named path in messages); true if every line was good.
function config.parse(text, path)
	local errors, lineno = 0, 0
	for line in (text .. (text:sub(-1) == "\n" and "" or "\n")):gmatch("([^\n]*)\n") do
		lineno = lineno + 1
		local why = parseLine(line)
		if why ~= nil then
			print(string.format("%s:%d: %s", path or "config", lineno, why))
			errors = errors + 1
		end
	end
	config.errors = config.errors + errors
	return errors == 0
end

-- One file; a missing file is fine when silent.  True if it all applied.
function config.processFile(path, silent)
	local text = readFile(path, silent)
	if text == nil then
		return silent == true
	end
	return config.parse(text, path)
end

local function words(s)
	return s:gmatch("[^%s;,]+")
end

-- A file, then the files it names in loader_conf_files (each read once).
function config.readConf(path, loaded)
	loaded = loaded or {}
	if loaded[path] then
		return
	end
	loaded[path] = true
	conf_files = nil
	config.processFile(path, true)
	local more = conf_files
	if more ~= nil then
		for name in words(more) do
			config.readConf(name, loaded)
		end
	end
end

local function readConfDirs(dirs, loaded)
	for dir in words(dirs) do
		if lfs.attributes(dir, "mode") == "directory" then
			local names = {}
			for name in lfs.dir(dir) do
				if name:match("%.conf$") then
					names[#names + 1] = name
				end
			end
			table.sort(names)
			for _, name in ipairs(names) do
				config.readConf(dir .. "/" .. name, loaded)
			end
		end
	end
end

-- nextboot_conf applies once: FreeBSD rewrites its first line to
-- nextboot_enable="NO" afterwards, which a read-only boot volume cannot.
local function checkNextboot()
	local file = loader.getenv("nextboot_conf") or DEFAULT_NEXTBOOT
	if loader.getenv("nextboot_enable") == "NO" then
		return
	end
	local text = readFile(file, true)
	if text == nil or text:match('^nextboot_enable="NO"') then
		return
	end
	config.parse(text, file)
	loader.setenv("nextboot_enable", "NO")
end

function config.load(file, reloading)
	local loaded = {}
	file = file or config.defaults_file
	if lfs.attributes(file, "mode") == "file" then
		config.readConf(file, loaded)
	else
		for name in words(DEFAULT_CONF_FILES) do
			config.readConf(name, loaded)
		end
	end
	readConfDirs(loader.getenv("loader_conf_dirs") or DEFAULT_CONF_DIRS, loaded)
	checkNextboot()
	config.verbose = (loader.getenv("verbose_loading") or "no"):lower() == "yes"
	if not reloading then
		hook.runAll("config.loaded")
	end
end

function config.reload(file)
	modules, module_order = {}, {}
	config.load(file, true)
	hook.runAll("config.reloaded")
end

-- Preloads every module with X_load="YES", once; false if one failed.
function config.loadModules()
	local ok = true
	for _, name in ipairs(module_order) do
		local m = modules[name]
		if m.load then
			local file = m.name or name
			if m.before ~= nil then
				cli_execute_unparsed(m.before)
			end
			local line = "load"
			if m.type ~= nil then
				line = line .. " -t " .. m.type
			end
			line = line .. " " .. file
			if m.flags ~= nil then
				line = line .. " " .. m.flags
			end
			if cli_execute_unparsed(line) ~= 0 then
				print(string.format("Failed to load module '%s' (%s)", name, file))
				if m.error ~= nil then
					cli_execute_unparsed(m.error)
				end
				ok = false
			elseif m.after ~= nil then
				cli_execute_unparsed(m.after)
			end
			m.load = false	-- once
		end
	end
	return ok
end

function config.selectKernel(kernel)
	config.kernel_selected = kernel
	loader.setenv("kernel", kernel)
end

-- What FreeBSD's config.loadelf() does before a boot, Sanpo's way: the
-- modules now; the kernel is read (and checked) by `boot` itself.
function config.loadelf()
	hook.runAll("kernel.loaded")
	local ok = config.loadModules()
	hook.runAll("modules.loaded")
	return ok
end

function config.enableModule(name)
	module(name).load = true
	return true
end

function config.disableModule(name)
	if modules[name] == nil then
		return false
	end
	modules[name].load = false
	return true
end

function config.isModuleEnabled(name)
	return modules[name] ~= nil and modules[name].load == true
end

function config.getModuleInfo()
	return { modules = modules, blacklist = {} }
end

function config.showModules()
	for _, name in ipairs(module_order) do
		local m = modules[name]
		print(string.format("Name: %s\n  Path: %s\n  Type: %s\n  Flags: %s\n  Load: %s",
		    name, m.name or name, m.type or "elf module", m.flags or "",
		    m.load and "YES" or "NO"))
	end
end

-- The first item of every carousel (menu entry with choices) is the default.
function config.getCarouselIndex(id)
	return carousel[id] or 1
end

function config.setCarouselIndex(id, idx)
	carousel[id] = idx
end

hook.registerType("config.loaded")
hook.registerType("config.reloaded")
hook.registerType("kernel.loaded")
hook.registerType("modules.loaded")
return config

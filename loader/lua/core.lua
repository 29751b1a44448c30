--
-- core: boot flags, the kernel list, booting and the countdown, with the
-- names FreeBSD's core module gives them (core.lua(8)): setSingleUser,
-- setVerbose, isSingleUserBoot, setDefaults, kernelList, boot(argstr),
-- autoboot(argstr), KEY_*, and the global try_include.
--
local config = require("config")
local hook = require("hook")

local core = {}

core.KEY_BACKSPACE = 8
core.KEY_ENTER = 13
core.KEY_DELETE = 127
core.KEYSTR_ESCAPE = "\027"
core.KEYSTR_CSI = core.KEYSTR_ESCAPE .. "["
core.KEYSTR_RESET = core.KEYSTR_ESCAPE .. "c"

local function yes(v)
	return v ~= nil and (v:upper() == "YES" or v == "1" or v:lower() == "true")
end
core.yes = yes

-- try_include(name): name.lua from loader.lua_path (or an absolute path)
-- when it exists; what it returns, or nil.
function try_include(module)
	if module:sub(1, 1) ~= "/" then
		module = loader.lua_path .. "/" .. module
		if not module:match("%.lua$") then
			module = module .. ".lua"
		end
	end
	if lfs.attributes(module, "mode") ~= "file" then
		return nil
	end
	return dofile(module)
end

function core.isMenuSkipped()
	return yes(loader.getenv("beastie_disable"))
end

local function setFlag(var, on)
	if on then
		loader.setenv(var, "YES")
	else
		loader.unsetenv(var)
	end
end

-- nil toggles, as FreeBSD's do.
function core.setSingleUser(on)
	if on == nil then
		on = not core.isSingleUserBoot()
	end
	setFlag("boot_single", on)
end

function core.setVerbose(on)
	if on == nil then
		on = not core.isVerboseBoot()
	end
	setFlag("boot_verbose", on)
end

function core.isSingleUserBoot()
	return yes(loader.getenv("boot_single"))
end

function core.isVerboseBoot()
	return yes(loader.getenv("boot_verbose"))
end

-- The flags as loader.conf left them, for setDefaults().
local defaults = {}

local function recordDefaults()
	defaults.single = core.isSingleUserBoot()
	defaults.verbose = core.isVerboseBoot()
end

function core.setDefaults()
	core.setSingleUser(defaults.single)
	core.setVerbose(defaults.verbose)
end

-- Kernel directories: the current one, those listed in `kernels`, then any
-- directory under /boot holding a `kernel` file (unless
-- kernels_autodetect="NO").
function core.kernelList()
	local current = loader.getenv("kernel") or "kernel"
	local list, seen = { current }, { [current] = true }
	for k in (loader.getenv("kernels") or ""):gmatch("[^;, ]+") do
		if not seen[k] then
			list[#list + 1] = k
			seen[k] = true
		end
	end
	if (loader.getenv("kernels_autodetect") or "yes"):lower() == "no" then
		return list
	end
	local iter = lfs.dir("/boot")
	if iter == nil then
		return list
	end
	local found = {}
	for name, ftype in iter do
		if name ~= "." and name ~= ".." and not seen[name] and
		    (ftype == nil or ftype == lfs.DT_DIR) and
		    lfs.attributes("/boot/" .. name .. "/kernel", "mode") == "file" then
			found[#found + 1] = name
		end
	end
	table.sort(found)
	for _, n in ipairs(found) do
		list[#list + 1] = n
	end
	return list
end

local function withArgs(cmd, argstr)
	if argstr ~= nil and argstr ~= "" then
		return cmd .. " " .. argstr
	end
	return cmd
end

-- Loads what loader.conf asks for, then boots.  Returns only on failure.
function core.boot(argstr)
	if not config.loadelf() then
		print("Some modules failed to load; booting without them.")
	end
	return loader.perform(withArgs("boot", argstr))
end

-- FreeBSD's: the same, through the loader's countdown (autoboot [secs]).
function core.autoboot(argstr)
	if not config.loadelf() then
		print("Some modules failed to load; booting without them.")
	end
	return loader.perform(withArgs("autoboot", argstr))
end

-- autoboot_delay: nil means 10 s; "NO" none (nil); "-1" at once, uninterruptible.
function core.autobootDelay()
	local v = loader.getenv("autoboot_delay")
	if v == nil then
		return 10
	end
	if v:upper() == "NO" then
		return nil
	end
	local n = tonumber(v)
	if n == nil or math.type(n) ~= "integer" or n < -1 then
		print(string.format("autoboot_delay=\"%s\": not a number, using 10", v))
		return 10
	end
	return n
end

hook.register("config.loaded", recordDefaults)
return core

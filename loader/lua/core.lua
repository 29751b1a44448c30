--
-- core: boot flags, the kernel list, booting and the autoboot countdown.
--
local config = require("config")

local core = {}

local function yes(v)
	return v ~= nil and (v:upper() == "YES" or v == "1" or v:lower() == "true")
end
core.yes = yes

function core.isMenuDisabled()
	return yes(loader.getenv("beastie_disable"))
end

-- Boot options the menu toggles: loader variables the kernel sees as RB_*.
core.options = {
	{ var = "boot_single", name = "Single user" },
	{ var = "boot_verbose", name = "Verbose" },
}

function core.getOption(var)
	return yes(loader.getenv(var))
end

function core.setOption(var, on)
	if on then
		loader.setenv(var, "YES")
	else
		loader.unsetenv(var)
	end
end

function core.toggleOption(var)
	core.setOption(var, not core.getOption(var))
end

-- Directories under /boot holding a `kernel` file, the current one first.
function core.kernelList()
	local current = loader.getenv("kernel") or "kernel"
	local list = { current }
	local ok, iter = pcall(lfs.dir, "/boot")
	if not ok then
		return list
	end
	local others = {}
	for name in iter do
		if name ~= "." and name ~= ".." and name ~= current and
		    lfs.attributes("/boot/" .. name .. "/kernel", "mode") == "file" then
			others[#others + 1] = name
		end
	end
	table.sort(others)
	for _, n in ipairs(others) do
		list[#list + 1] = n
	end
	return list
end

-- Loads what loader.conf asks for, then boots.  Returns only on failure.
function core.boot(argstr)
	if not config.loadModules() then
		print("Some modules failed to load; booting without them.")
	end
	local line = "boot"
	if argstr ~= nil and argstr ~= "" then
		line = line .. " " .. argstr
	end
	return loader.perform(line)
end

-- autoboot_delay: nil means 10 s; "NO" none; "-1" at once, uninterruptible.
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

-- The plain countdown (beastie_disable): Enter boots at once, any other key
-- leads to the prompt, silence boots.  Returns when the user stopped it.
function core.autoboot(delay)
	delay = delay or core.autobootDelay()
	if delay == nil then
		return
	end
	local kernel = loader.getenv("kernel") or "kernel"
	local path = kernel:find("/") and kernel or "/boot/" .. kernel .. "/kernel"
	if delay == -1 then
		core.boot()
		return
	end
	if delay == 0 then
		if io.ischar() then
			io.getchar()
			return
		end
		core.boot()
		return
	end
	print("\nHit [Enter] to boot immediately, or any other key for command prompt.")
	for left = delay, 1, -1 do
		loader.printc(string.format("\rBooting [%s] in %d second%s... ", path, left,
		    left == 1 and "" or "s"))
		local c = io.getkey(1000000)
		if c == 13 or c == 10 then
			break
		elseif c ~= nil then
			print("")
			return
		end
	end
	loader.printc(string.format("\rBooting [%s]...               \n", path))
	core.boot()
end

return core
